// The logs table: a million users' two million events without an object each.
//
// Log events are most of a store's rows (2 of 3.7 million at a million demo
// users) and are read one user at a time (the History and Locations tabs,
// `users logs`). Filed as one sealed object each (sealed-log.ts) with their
// id and date strings and a Map entry, they took about 240 bytes apiece (460
// of the 1,070 MB heap of a loaded million-user store) and a third of its
// load time went to making them and their Map entries (issue 19).
//
// So the events read from the snapshot are a ColumnTable's base rows
// (column-table.ts: where each one's JSON is, its user, a hash of its id),
// with their dates in milliseconds beside them: about 30 bytes an event.
// Each user's run of rows is sorted by date once the load is done (stable:
// events of the same date keep their file order); events put afterwards
// merge in by date, after base events of the same date.
import {Buffer} from 'node:buffer';
import type {ValidateFunction} from 'ajv';
import type {LogEvent} from '../domain/types.js';
import {quote} from './quote.js';
import {validatorOf} from './schema.js';
import {readSealed} from './sealed-bytes.js';
import {type ColumnImage, ColumnTable, type Filed, grown, parseWhole} from './column-table.js';
import {hashText} from './key-hash.js';
import {isSealed, type LogProblem, openSealedLog, scanLogLine, SealedLog, type StoredLog} from './sealed-log.js';

/** A user's events as read: the ones that could be, and why any others could not. */
export type OpenedLogs = {readonly events: readonly LogEvent[]; readonly problems: readonly LogProblem[]};

const none: readonly never[] = Object.freeze([]);
const noLogs: OpenedLogs = Object.freeze({events: none, problems: none});
/** `{"log_id":"`: every base event's JSON starts so (the canonical form). */
const idPrefixLength = 11;

function digitsAt(buffer: Buffer, at: number, count: number): number {
	let value = 0;
	for (let index = at; index < at + count; index++) {
		const digit = buffer[index]! - 0x30;
		if (digit < 0 || digit > 9) {
			return -1;
		}

		value = (value * 10) + digit;
	}

	return value;
}

/**
 * Milliseconds of the date [start, end): `YYYY-MM-DDTHH:MM:SS.mmmZ` (what
 * `toISOString` writes) read off its bytes, anything else by `Date.parse`
 * (NaN when it is no date: such events keep their file order).
 */
export function dateMs(buffer: Buffer, start: number, end: number): number {
	if (end - start === 24 && buffer[start + 4] === 0x2D && buffer[start + 7] === 0x2D && buffer[start + 10] === 0x54 && buffer[start + 13] === 0x3A
		&& buffer[start + 16] === 0x3A && buffer[start + 19] === 0x2E && buffer[start + 23] === 0x5A) {
		const year = digitsAt(buffer, start, 4);
		const month = digitsAt(buffer, start + 5, 2);
		const day = digitsAt(buffer, start + 8, 2);
		const hour = digitsAt(buffer, start + 11, 2);
		const minute = digitsAt(buffer, start + 14, 2);
		const second = digitsAt(buffer, start + 17, 2);
		const ms = digitsAt(buffer, start + 20, 3);
		if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && ms >= 0) {
			return Date.UTC(year, month - 1, day, hour, minute, second, ms);
		}
	}

	return Date.parse(buffer.toString('latin1', start, end));
}

function textDateMs(date: string): number {
	return date.length === 24 ? dateMs(Buffer.from(date, 'latin1'), 0, 24) : Date.parse(date);
}

/** Negative, zero or positive as `a` is before, with or after `b`; dates that are no dates compare equal (file order stays). */
function compareMs(a: number, b: number): number {
	const difference = a - b;
	return Number.isNaN(difference) ? 0 : difference;
}

/** The outcome of filing a snapshot line (column-table.ts). */
export type {Filed} from './column-table.js';

export class LogTable extends ColumnTable<StoredLog, OpenedLogs> {
	readonly [Symbol.toStringTag] = 'LogTable';
	protected readonly table = 'logs';
	protected readonly keyPrefixLength = idPrefixLength;
	#dates = new Float64Array(0);

	/** A table holding `rows` (from a legacy store, or tables made in memory). */
	static from(rows: ReadonlyMap<string, StoredLog>): LogTable {
		return new LogTable().fill(rows);
	}

	protected override reserveColumns(rows: number): void {
		super.reserveColumns(rows);
		this.#dates = grown(this.#dates, rows);
	}

	protected override ownColumns(rows: number): ColumnImage['own'] {
		return {dates: this.#dates.subarray(0, rows) as Float64Array<ArrayBuffer>};
	}

	protected override restoreOwnColumns(own: ColumnImage['own']): void {
		this.#dates = own.dates as Float64Array<ArrayBuffer>;
	}

	/**
	 * Files the snapshot line `buffer[start, end)` (at byte `offset` of the
	 * source's file) as a base event when it is in the canonical form.
	 */
	fileLine(buffer: Buffer, start: number, end: number, offset: number, intern: (userId: string) => string): Filed {
		if (!this.filing) {
			return parseWhole;
		}

		const scanned = scanLogLine(buffer, start, end);
		if (scanned === undefined) {
			return parseWhole;
		}

		const row = this.count;
		const filed = this.fileParts(buffer, start, offset, {
			keyStart: scanned.idStart, keyEnd: scanned.idEnd, userStart: scanned.userStart, userEnd: scanned.userEnd, objectStart: scanned.objectStart, objectEnd: scanned.objectEnd,
		}, intern);
		if (filed.kind === 'filed') {
			this.#dates[row] = dateMs(buffer, scanned.dateStart, scanned.dateEnd);
		}

		return filed;
	}

	protected override orderGroups(start: Int32Array, rows: Int32Array): void {
		const dates = this.#dates;
		for (let user = 0; user + 1 < start.length; user++) {
			const from = start[user]!;
			const to = start[user + 1]!;
			let ordered = true;
			for (let index = from + 1; index < to && ordered; index++) {
				ordered = compareMs(dates[rows[index - 1]!]!, dates[rows[index]!]!) <= 0;
			}

			if (!ordered) {
				// Stable: events of the same date keep their file order.
				const group = [...rows.subarray(from, to)].sort((a, b) => compareMs(dates[a]!, dates[b]!) || a - b);
				rows.set(group, from);
			}
		}
	}

	protected keyOfStored(row: StoredLog): string {
		return row.log_id;
	}

	protected materialize(row: number, json: string): SealedLog | undefined {
		const bytes = Buffer.from(`["logs",${json}]`, 'utf8');
		const scanned = scanLogLine(bytes, 0, bytes.length);
		if (scanned === undefined) {
			return undefined;
		}

		return new SealedLog({
			log_id: bytes.toString('latin1', scanned.idStart, scanned.idEnd),
			date: bytes.toString('latin1', scanned.dateStart, scanned.dateEnd),
			user_id: this.userOf(row),
		}, this.source!, this.offsetOf(row), this.lengthOf(row));
	}

	// ---------------------------------------------------------------- reading

	/** The user's events, oldest first, read; an event that cannot be read is left out and said why. */
	logsOf(userId: string): OpenedLogs {
		let opened = this.reads.get(userId);
		if (opened === undefined) {
			opened = this.#open(userId);
			if (opened !== noLogs) {
				this.reads.set(userId, opened);
			}
		}

		return opened;
	}

	#open(userId: string): OpenedLogs {
		const base = this.baseRowsOf(userId);
		// Events put since, oldest first (a stable sort: those of one date in the order they were put).
		const extra = [...this.extraRowsOf(userId)].sort((a, b) => compareMs(textDateMs(a.date), textDateMs(b.date)));
		if (base.length === 0 && extra.length === 0) {
			return noLogs;
		}

		const validate = validatorOf('logs');
		const events: LogEvent[] = [];
		const problems: LogProblem[] = [];
		const take = (opened: {ok: true; event: LogEvent} | {ok: false; problem: LogProblem}): void => {
			if (opened.ok) {
				events.push(opened.event);
			} else {
				problems.push(opened.problem);
			}
		};

		// Base events first where dates tie: they were filed before any extra one.
		let next = 0;
		for (const row of extra) {
			const date = textDateMs(row.date);
			while (next < base.length && compareMs(this.#dateOf(base[next]!), date) <= 0) {
				take(this.#openRow(base[next++]!, validate));
			}

			take(openExtra(row, validate));
		}

		while (next < base.length) {
			take(this.#openRow(base[next++]!, validate));
		}

		return {events, problems};
	}

	/** A base row's date; a replaced one's is its replacement's. */
	#dateOf(row: number): number {
		const replacement = this.replacementOf(row);
		return replacement === undefined ? this.#dates[row]! : textDateMs(replacement.date);
	}

	/** A base event read, parsed and checked against the schema and what it was filed by. */
	#openRow(row: number, validate: ValidateFunction): {ok: true; event: LogEvent} | {ok: false; problem: LogProblem} {
		const replacement = this.replacementOf(row);
		if (replacement !== undefined) {
			return openExtra(replacement, validate);
		}

		const user = this.userOf(row);
		const read = readSealed(new SealedLog({log_id: '', date: '', user_id: user}, this.source!, this.offsetOf(row), this.lengthOf(row)), 'logs', validate);
		if (!read.ok) {
			return {ok: false, problem: {log_id: this.keyOfRow(row) ?? '(unreadable)', problem: read.problem}};
		}

		const event = read.value as LogEvent;
		// JSON.parse keeps the last of repeated keys; the load filed the event by the first.
		if (hashText(event.log_id) !== this.hashOf(row) || event.user_id !== user || !Object.is(textDateMs(event.date), this.#dates[row])) {
			const logId = this.keyOfRow(row) ?? event.log_id;
			return {ok: false, problem: {log_id: logId, problem: ` names its log_id, date or user_id twice (filed as ${quote(logId, 40)})`}};
		}

		return {ok: true, event};
	}
}

function openExtra(row: StoredLog, validate: ValidateFunction): {ok: true; event: LogEvent} | {ok: false; problem: LogProblem} {
	if (!isSealed(row)) {
		return {ok: true, event: row};
	}

	const opened = openSealedLog(row, validate);
	return opened.ok ? opened : {ok: false, problem: {log_id: row.log_id, problem: opened.problem}};
}
