// The History tab's table: the Dashboard's columns, what each cell says, and
// which drop first when the terminal is narrow: the absolute time, then the
// identity provider, then the IP. "When" is two columns, relative and absolute,
// so the relative time stays when the absolute one has no room.
import {eventName} from '../../../domain/log-codes.js';
import {formatRelative} from '../../../domain/duration.js';
import type {LogEvent} from '../../../domain/types.js';
import {sanitize} from '../../../terminal/sanitize.js';
import {padEnd} from '../../../terminal/text-width.js';
import {type ColumnSpec, fitColumns, type FittedColumn} from '../../components/fit-columns.js';
import {formatDateTime} from './format-when.js';

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

const specs: ReadonlyArray<ColumnSpec<HistoryColumnId>> = [
	{id: 'event', min: 20, max: 48, priority: 1, flex: true},
	// "11 months ago"; "2026-11-25 18:36".
	{id: 'when', min: 13, max: 13, priority: 2},
	{id: 'date', min: 16, max: 16, priority: 7},
	{id: 'application', min: 12, max: 24, priority: 3},
	{id: 'connection', min: 12, max: 24, priority: 6},
	{id: 'ip', min: 15, max: 15, priority: 5},
	{id: 'from', min: 14, priority: 4, flex: true},
];

/** Cells between two columns. */
export const historyGap = 2;

export function historyColumns(width: number): Array<FittedColumn<HistoryColumnId>> {
	return fitColumns(specs, width, historyGap);
}

/** The sanitized text of one cell, fitted to its width. */
export function historyCell(event: LogEvent, column: FittedColumn<HistoryColumnId>, now: Date): string {
	return padEnd(cellText(event, column, now), column.width);
}

function cellText(event: LogEvent, column: FittedColumn<HistoryColumnId>, now: Date): string {
	switch (column.id) {
		case 'event': {
			return sanitize(eventName(event.type));
		}

		case 'when': {
			return formatRelative(new Date(event.date), now);
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
			return sanitize(event.ip ?? '—');
		}

		case 'from': {
			const location = event.location_info;
			if (!location) {
				return '—';
			}

			return sanitize([location.city_name, location.country_name].filter(part => part.trim() !== '').join(', ') || '—');
		}
	}
}
