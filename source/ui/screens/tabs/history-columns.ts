// The History tab's table: the Dashboard's columns, what each cell says, and
// which drop first when the terminal is narrow: the absolute time, then the
// IP, then the identity provider (80 columns show Event, When, Application,
// Identity Provider and From, in the Dashboard's order of importance; the IP
// is in the event's JSON). "When" is two columns, relative and absolute, so
// the relative time stays when the absolute one has no room; where "When" is
// narrow it says "15s ago", "3h ago", "2d ago" instead of cutting the words.
import {eventName} from '../../../domain/log-codes.js';
import {formatRelative} from '../../../domain/duration.js';
import type {LogEvent} from '../../../domain/types.js';
import {sanitize} from '../../../terminal/sanitize.js';
import {displayWidth, padEnd} from '../../../terminal/text-width.js';
import {type ColumnSpec, fitColumns, type FittedColumn} from '../../components/fit-columns.js';
import {formatDateTime} from './format-when.js';
import {type Shown, shownFor} from '../../mask/shown.js';

export type HistoryColumnId = 'event' | 'when' | 'date' | 'application' | 'connection' | 'ip' | 'from';

export const historyColumnTitles: Record<HistoryColumnId, string> = {
	event: 'Event',
	when: 'When',
	date: '',
	application: 'Application',
	connection: 'Identity Provider',
	ip: 'IP',
	from: 'From',
};

// Room beyond the minimums goes to the columns in priority order, up to their
// maximum; "From" takes what is left.
const specs: ReadonlyArray<ColumnSpec<HistoryColumnId>> = [
	{id: 'event', min: 18, max: 32, priority: 1},
	// "11 months ago", or "11mo ago" where narrow; "2026-11-25 18:36".
	{id: 'when', min: 8, max: 14, priority: 2},
	{id: 'date', min: 16, max: 16, priority: 7},
	{id: 'application', min: 12, max: 18, priority: 3},
	// At least its title, "Identity Provider"; at most "Username-Password-Authentication".
	{id: 'connection', min: 17, max: 32, priority: 5},
	// An IPv4 address; IPv6 ones are cut unless there is room.
	{id: 'ip', min: 15, max: 20, priority: 6},
	{id: 'from', min: 12, priority: 4, flex: true},
];

/** Cells between two columns. */
export const historyGap = 2;

export function historyColumns(width: number): Array<FittedColumn<HistoryColumnId>> {
	return fitColumns(specs, width, historyGap);
}

/** The sanitized text of one cell, fitted to its width; masked, the IP keeps its network and "From" only the country. */
export function historyCell(event: LogEvent, column: FittedColumn<HistoryColumnId>, now: Date, shown: Shown = shownFor(false)): string {
	return padEnd(cellText(event, column, now, shown), column.width);
}

function cellText(event: LogEvent, column: FittedColumn<HistoryColumnId>, now: Date, shown: Shown): string {
	switch (column.id) {
		case 'event': {
			return sanitize(eventName(event.type));
		}

		case 'when': {
			const long = formatRelative(new Date(event.date), now);
			return displayWidth(long) <= column.width ? long : formatRelative(new Date(event.date), now, 'short');
		}

		case 'date': {
			return formatDateTime(event.date);
		}

		case 'application': {
			return sanitize(event.client_name ?? event.client_id ?? '—');
		}

		case 'connection': {
			return sanitize(event.connection ?? '—');
		}

		case 'ip': {
			return event.ip === undefined ? '—' : shown.ip(event.ip);
		}

		case 'from': {
			const location = event.location_info;
			if (!location) {
				return '—';
			}

			const parts = shown.masked ? [location.country_name] : [location.city_name, location.country_name];
			return sanitize(parts.filter(part => typeof part === 'string' && part.trim() !== '').join(', ') || '—');
		}
	}
}
