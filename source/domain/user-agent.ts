// Whether a user agent is a phone's or tablet's, for a log event's isMobile,
// read as Auth0 reads it: from the platform tokens browsers and mobile SDKs send.
const mobileTokens = /\b(?:Mobile|Android|iPhone|iPad|iPod|Windows Phone|BlackBerry|Opera Mini|CFNetwork|Darwin\/\d)/i;

export function isMobileUserAgent(userAgent: string): boolean {
	return mobileTokens.test(userAgent);
}
