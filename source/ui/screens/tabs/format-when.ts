// Times on the User page: absolute in the operator's local time, to the minute,
// and relative to now ("3 hours ago").
import {formatRelative} from '../../../domain/duration.js';
import {sanitize} from '../../../terminal/sanitize.js';

/** `2026-11-25 18:36`, local time; the (sanitized) text itself when it is not a date. */
export function formatDateTime(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) {
		return sanitize(iso);
	}

	const pad = (value: number) => String(value).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** `3 hours ago (2026-11-25 15:36)`. */
export function formatWhen(iso: string, now: Date): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) {
		return sanitize(iso);
	}

	return `${formatRelative(date, now)} (${formatDateTime(iso)})`;
}
