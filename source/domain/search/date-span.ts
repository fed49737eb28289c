// A date in a query stands for the span its precision names: `2024-12-31` is
// that whole day (UTC), `2024-12` the month, `2024` the year, and a time the
// minute, second or millisecond it is written to. So `last_login:[* TO 2024-12-31]`
// includes the evening of the 31st, as a person reading it expects.

/** Half-open: `start <= t < end`, in epoch milliseconds. */
export type DateSpan = {start: number; end: number};

const datePattern = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const dateTimePattern =
	/^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

export function parseDateSpan(text: string): DateSpan | undefined {
	const date = datePattern.exec(text);
	if (date) {
		const [, year, month, day] = date;
		const y = Number(year);
		if (month === undefined) {
			return {start: utc(y, 0, 1), end: utc(y + 1, 0, 1)};
		}

		const m = Number(month) - 1;
		if (day === undefined) {
			return m >= 0 && m < 12 ? {start: utc(y, m, 1), end: utc(y, m + 1, 1)} : undefined;
		}

		const d = Number(day);
		const start = utc(y, m, d);
		// A Date rolls 2024-02-30 over into March; a typo should not.
		return isSameDay(start, y, m, d) ? {start, end: start + 24 * 60 * 60 * 1000} : undefined;
	}

	const dateTime = dateTimePattern.exec(text);
	if (!dateTime) {
		return undefined;
	}

	const [, year, month, day, hour, minute, second, fraction, zone] = dateTime;
	const y = Number(year);
	const m = Number(month) - 1;
	const d = Number(day);
	if (!isSameDay(utc(y, m, d), y, m, d) || Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) {
		return undefined;
	}

	// Without a zone the time is UTC, like every timestamp userdeck stores.
	const offset = zone === undefined || zone.toUpperCase() === 'Z' ? 0 : zoneOffsetMs(zone);
	const milliseconds = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
	const start =
		utc(y, m, d, Number(hour), Number(minute), Number(second ?? 0), milliseconds) - offset;
	const precision = second === undefined ? 60_000 : fraction === undefined ? 1000 : 1;
	return {start, end: start + precision};
}

// Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear takes the year as given.
function utc(year: number, month: number, day: number, hours = 0, minutes = 0, seconds = 0, ms = 0): number {
	const date = new Date(0);
	date.setUTCFullYear(year, month, day);
	date.setUTCHours(hours, minutes, seconds, ms);
	return date.getTime();
}

function isSameDay(time: number, year: number, month: number, day: number): boolean {
	const date = new Date(time);
	return date.getUTCFullYear() === year && date.getUTCMonth() === month && date.getUTCDate() === day;
}

function zoneOffsetMs(zone: string): number {
	const sign = zone.startsWith('-') ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}
