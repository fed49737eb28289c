// The browsers and apps demo people sign in from: real user-agent strings of
// late 2024, with the short name the Devices tab shows.

export type DevicePlatform = 'desktop' | 'mobile-web' | 'ios-app' | 'android-app';

export type DeviceProfile = {
	/** How the Devices tab names it, e.g. "Chrome 131 on macOS". */
	name: string;
	userAgent: string;
	platform: DevicePlatform;
	/** How common it is among the demo's people. */
	weight: number;
};

export const deviceProfiles: readonly DeviceProfile[] = [
	{
		name: 'Chrome 131 on Windows',
		userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
		platform: 'desktop',
		weight: 24,
	},
	{
		name: 'Chrome 131 on macOS',
		userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
		platform: 'desktop',
		weight: 12,
	},
	{
		name: 'Edge 131 on Windows',
		userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
		platform: 'desktop',
		weight: 6,
	},
	{
		name: 'Firefox 133 on Windows',
		userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
		platform: 'desktop',
		weight: 4,
	},
	{
		name: 'Firefox 133 on Linux',
		userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
		platform: 'desktop',
		weight: 3,
	},
	{
		name: 'Firefox 133 on macOS',
		userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0',
		platform: 'desktop',
		weight: 2,
	},
	{
		name: 'Chrome 131 on Linux',
		userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
		platform: 'desktop',
		weight: 3,
	},
	{
		name: 'Safari 18.1 on macOS',
		userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
		platform: 'desktop',
		weight: 8,
	},
	{
		name: 'Mobile Safari 18.1 on iOS 18.1',
		userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
		platform: 'mobile-web',
		weight: 12,
	},
	{
		name: 'Mobile Safari 17.7 on iPadOS 17.7',
		userAgent: 'Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.7 Mobile/15E148 Safari/604.1',
		platform: 'mobile-web',
		weight: 2,
	},
	{
		name: 'Chrome Mobile 131 on Android 10',
		userAgent: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
		platform: 'mobile-web',
		weight: 10,
	},
	{
		name: 'Samsung Internet 26 on Android 14',
		userAgent: 'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
		platform: 'mobile-web',
		weight: 3,
	},
	{
		name: 'Acme Mobile 4.12 on iOS 18.1',
		userAgent: 'AcmeMobile/4.12.0 (iPhone15,2; iOS 18.1; Scale/3.00) Auth0.swift/2.10.0',
		platform: 'ios-app',
		weight: 7,
	},
	{
		name: 'Acme Mobile 4.12 on Android 14',
		userAgent: 'AcmeMobile/4.12.0 (Linux; Android 14; Pixel 8) Auth0.Android/2.11.0 okhttp/4.12.0',
		platform: 'android-app',
		weight: 5,
	},
];

export function isMobilePlatform(platform: DevicePlatform): boolean {
	return platform !== 'desktop';
}

export function isAppPlatform(platform: DevicePlatform): boolean {
	return platform === 'ios-app' || platform === 'android-app';
}
