// Durations typed by the operator (`--since 2d`, the History tab's window) and
// times shown relative to now.

const unitMs = {
	s: 1000,
	m: 60 * 1000,
	h: 60 * 60 * 1000,
	d: 24 * 60 * 60 * 1000,
	w: 7 * 24 * 60 * 60 * 1000,
} as const;

// The largest span a Date can represent; anything longer cannot be subtracted from now.
const maxDateSpanMs = 8.64e15;

const durationPattern = /^(\d+(?:\.\d+)?)([smhdw])$/;

/** Milliseconds, or Infinity for `all`. Throws with a message fit for the operator. */
export function parseDuration(text: string): number {
	const value = text.trim();
	if (value.toLowerCase() === 'all') {
		return Number.POSITIVE_INFINITY;
	}

	const match = durationPattern.exec(value);
	const amount = Number(match?.[1]);
	const unit = match?.[2] as keyof typeof unitMs | undefined;
	if (unit === undefined || !(amount > 0)) {
		throw new Error(`Invalid duration "${text}": use a number followed by s, m, h, d or w, or 'all'`);
	}

	const ms = Math.round(amount * unitMs[unit]);
	if (ms > maxDateSpanMs) {
		throw new Error(`Invalid duration "${text}": too long, use 'all'`);
	}

	return ms;
}

const relativeUnits: ReadonlyArray<{name: string; short: string; ms: number; below: number}> = [
	{name: 'second', short: 's', ms: unitMs.s, below: 60},
	{name: 'minute', short: 'm', ms: unitMs.m, below: 60},
	{name: 'hour', short: 'h', ms: unitMs.h, below: 24},
	{name: 'day', short: 'd', ms: unitMs.d, below: 30},
	{name: 'month', short: 'mo', ms: 30.436_875 * unitMs.d, below: 12},
	{name: 'year', short: 'y', ms: 365.2425 * unitMs.d, below: Number.POSITIVE_INFINITY},
];

/**
 * "just now", "5 minutes ago", "in 2 minutes". Rounds to the nearest whole unit,
 * so a ticket that expires in 119.9 s reads "in 2 minutes", not "in 1 minute".
 * Missing values ("never") are the caller's to word.
 */
export function formatRelative(from: Date, now: Date, form: 'long' | 'short' = 'long'): string {
	const difference = now.getTime() - from.getTime();
	if (Number.isNaN(difference)) {
		return 'unknown';
	}

	const past = difference >= 0;
	const span = Math.abs(difference);
	// The last few seconds read as "just now"; the future keeps counting down to
	// the second, since an expiry 5 s away is worth knowing about.
	if (span < 10 * unitMs.s && (past || span < 500)) {
		return 'just now';
	}

	for (const unit of relativeUnits) {
		const count = Math.round(span / unit.ms);
		if (count < unit.below) {
			// The short form ("15s ago", "3h ago", "2d ago") for narrow columns.
			const phrase = form === 'short' ? `${count}${unit.short}` : `${count} ${unit.name}${count === 1 ? '' : 's'}`;
			return past ? `${phrase} ago` : `in ${phrase}`;
		}
	}

	// Unreachable: the last unit has no upper bound.
	return 'unknown';
}
