// When Auth0 lets a rate-limited caller try again: `Retry-After` (seconds,
// or an HTTP date) when sent, else `x-ratelimit-reset` (epoch seconds), as
// Auth0's rate-limit documentation describes the 429's headers.

type HeaderSource = {get(name: string): string | null} | undefined;

/** The moment to retry at, or undefined when the answer carries neither header. */
export function retryAtFrom(headers: HeaderSource, now: Date): Date | undefined {
	const retryAfter = headers?.get('retry-after')?.trim();
	if (retryAfter) {
		if (/^\d+(?:\.\d+)?$/.test(retryAfter)) {
			return new Date(now.getTime() + Number(retryAfter) * 1000);
		}

		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) {
			return new Date(date);
		}
	}

	const reset = headers?.get('x-ratelimit-reset')?.trim();
	if (reset && /^\d+$/.test(reset)) {
		const at = new Date(Number(reset) * 1000);
		// A reset in the past (clock skew) means: now.
		return at.getTime() < now.getTime() ? now : at;
	}

	return undefined;
}

/** HH:MM:SS on the local clock, as the status line says "retrying at 14:02:31". */
export function clockTime(date: Date): string {
	return [date.getHours(), date.getMinutes(), date.getSeconds()].map(part => String(part).padStart(2, '0')).join(':');
}
