// The logs table: a million users' two million events without an object each.
//
// Log events are most of a store's rows (2 of 3.7 million at a million demo
// users) and are read one user at a time (the History and Locations tabs,
// `users logs`). Filed as one sealed object each (sealed-log.ts) with their
// id and date strings and a Map entry, they took about 240 bytes apiece (460
// of the 1,070 MB heap of a loaded million-user store) and a third of its
// load time went to making them and their Map entries (issue 19).
//
// So the events read from the snapshot file ("the base") are kept as columns
// in typed arrays, in file order: where each event's JSON is in the file,
// its date (milliseconds), its user (an index into the distinct user ids)
// and a hash of its id; about 30 bytes an event. A hash table of row numbers
// (open addressing, in a typed array) finds an event by id; a candidate is
// confirmed by reading its id from the file, which only happens for a real
// match or a 32-bit collision. Each user's events are one run of row numbers
// (built once the load is done), so a user's history is read without
// scanning. Events put afterwards (the journal's, a writer's) and the rare
// line not in the canonical form are ordinary rows in a Map beside it ("the
// extra"); deleting a base event marks its row.
//
// The table is a `Map<string, StoredLog>` to the rest of the store: `get`,
// `values` and the others give a base event as a SealedLog made on the way
// (read from the file), so tools and tests see what they always saw. Order:
// base events in file order, then the extra in insertion order; replacing
// a base event with a `set` of its id moves it to the end (nothing does:
// events are only ever added).
import {Buffer} from 'node:buffer';
import type {ValidateFunction} from 'ajv';
import type {LogEvent} from '../domain/types.js';
import {quote} from './quote.js';
import {validatorOf} from './schema.js';
import {readSealed} from './sealed-bytes.js';
import {isSealed, type LogProblem, type LogSource, openSealedLog, scanLogLine, SealedLog, type StoredLog} from './sealed-log.js';

/** A user's events as read: the ones that could be, and why any others could not. */
export type OpenedLogs = {readonly events: readonly LogEvent[]; readonly problems: readonly LogProblem[]};

const none: readonly never[] = Object.freeze([]);
const noLogs: OpenedLogs = Object.freeze({events: none, problems: none});
/** Users whose events are kept read: a screen's, not a scan's million. */
const keptUsers = 1024;
/** `{"log_id":"`: every base event's JSON starts so (the canonical form). */
const idPrefixLength = 11;

/** FNV-1a over the bytes [start, end): the id hash. */
function hashBytes(buffer: Buffer, start: number, end: number): number {
	let hash = 0x81_1C_9D_C5;
	for (let index = start; index < end; index++) {
		hash ^= buffer[index]!;
		hash = Math.imul(hash, 0x01_00_01_93);
	}

	return hash >>> 0;
}

/** The same hash of a string's characters; -1 when it has any a base id cannot (base ids are printable ASCII). */
function hashText(text: string): number {
	let hash = 0x81_1C_9D_C5;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code < 0x20 || code > 0x7E) {
			return -1;
		}

		hash ^= code;
		hash = Math.imul(hash, 0x01_00_01_93);
	}

	return hash >>> 0;
}

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

function grown<T extends Float64Array | Uint32Array | Int32Array>(array: T, length: number): T {
	const larger = new (array.constructor as new (length: number) => T)(length);
	larger.set(array);
	return larger;
}

/** The outcome of filing a snapshot line: filed, not in the canonical form (parse it), or an id seen before. */
export type Filed = {kind: 'filed'} | {kind: 'parse'} | {kind: 'duplicate'; logId: string};

export class LogTable implements Map<string, StoredLog> {
	readonly [Symbol.toStringTag] = 'LogTable';
	#source: LogSource | undefined;
	// ---- the base: events filed from the snapshot file, in file order
	#count = 0;
	#offsets = new Float64Array(0);
	#lengths = new Uint32Array(0);
	#dates = new Float64Array(0);
	/** Index into #userIds, or -1 for an event without a user. */
	#users = new Int32Array(0);
	#hashes = new Uint32Array(0);
	/** Open addressing by id hash: row + 1, 0 for an empty slot. Never more than half full. */
	#slots = new Int32Array(16);
	#deleted: Uint8Array | undefined;
	#deletedCount = 0;
	readonly #userIds: string[] = [];
	readonly #userIndex = new Map<string, number>();
	/** Each user's rows, date order: rows #groupRows[#groupStart[u] .. #groupStart[u + 1]). Built by `seal`. */
	#groupStart = new Int32Array(1);
	#groupRows = new Int32Array(0);
	#sealed = false;
	// ---- the extra: rows put since, and lines that were not in the canonical form
	readonly #extra = new Map<string, StoredLog>();
	/** Each user's extra rows, date order (stable). */
	readonly #extraOf = new Map<string, StoredLog[]>();
	// ---- what was read
	/** The last users' events read, least recently asked first. */
	readonly #opened = new Map<string, OpenedLogs>();

	/** A table for a snapshot of `expected` events read from `source`; without a source, an empty table of ordinary rows. */
	constructor(source?: LogSource, expected = 0) {
		this.#source = source;
		this.#reserve(expected);
	}

	/** A table holding `rows` (from a legacy store, or tables made in memory). */
	static from(rows: ReadonlyMap<string, StoredLog>): LogTable {
		const table = new LogTable();
		table.seal();
		for (const [key, row] of rows) {
			table.set(key, row);
		}

		return table;
	}

	#reserve(rows: number): void {
		if (rows > this.#offsets.length) {
			const length = Math.max(rows, 16);
			this.#offsets = grown(this.#offsets, length);
			this.#lengths = grown(this.#lengths, length);
			this.#dates = grown(this.#dates, length);
			this.#users = grown(this.#users, length);
			this.#hashes = grown(this.#hashes, length);
		}

		if (rows * 2 > this.#slots.length) {
			let size = this.#slots.length;
			while (size < rows * 2) {
				size *= 2;
			}

			this.#slots = new Int32Array(size);
			for (let row = 0; row < this.#count; row++) {
				this.#slots[this.#freeSlot(this.#hashes[row]!)] = row + 1;
			}
		}
	}

	#freeSlot(hash: number): number {
		const mask = this.#slots.length - 1;
		let slot = hash & mask;
		while (this.#slots[slot] !== 0) {
			slot = (slot + 1) & mask;
		}

		return slot;
	}

	/**
	 * Files the snapshot line `buffer[start, end)` (at byte `offset` of the
	 * source's file) as a base event when it is in the canonical form. `intern`
	 * gives the string to keep for a user id the table has not seen (the users
	 * table's own, so the two share it).
	 */
	fileLine(buffer: Buffer, start: number, end: number, offset: number, intern: (userId: string) => string): Filed {
		if (this.#source === undefined || this.#sealed) {
			return {kind: 'parse'};
		}

		const scanned = scanLogLine(buffer, start, end);
		if (scanned === undefined) {
			return {kind: 'parse'};
		}

		const hash = hashBytes(buffer, scanned.idStart, scanned.idEnd);
		const mask = this.#slots.length - 1;
		let slot = hash & mask;
		for (let found = this.#slots[slot]!; found !== 0; found = this.#slots[slot]!) {
			if (this.#hashes[found - 1] === hash) {
				const logId = buffer.toString('latin1', scanned.idStart, scanned.idEnd);
				if (this.#idOf(found - 1) === logId) {
					return {kind: 'duplicate', logId};
				}
			}

			slot = (slot + 1) & mask;
		}

		if (this.#extra.size > 0) {
			const logId = buffer.toString('latin1', scanned.idStart, scanned.idEnd);
			if (this.#extra.has(logId)) {
				return {kind: 'duplicate', logId};
			}
		}

		let user = -1;
		if (scanned.userStart !== -1) {
			const userId = buffer.toString('latin1', scanned.userStart, scanned.userEnd);
			user = this.#userIndex.get(userId) ?? this.#addUserId(intern(userId));
		}

		const row = this.#count;
		if (row === this.#offsets.length) {
			this.#reserve(Math.max(16, row * 2));
		}

		this.#offsets[row] = offset + (scanned.objectStart - start);
		this.#lengths[row] = scanned.objectEnd - scanned.objectStart;
		this.#dates[row] = dateMs(buffer, scanned.dateStart, scanned.dateEnd);
		this.#users[row] = user;
		this.#hashes[row] = hash;
		this.#count = row + 1;
		this.#slots[this.#freeSlot(hash)] = row + 1;
		return {kind: 'filed'};
	}

	#addUserId(userId: string): number {
		const index = this.#userIds.length;
		this.#userIds.push(userId);
		this.#userIndex.set(userId, index);
		return index;
	}

	/**
	 * The load is done: each user's rows are gathered (a counting sort by user,
	 * then by date within a user where the file had them out of order).
	 */
	seal(): void {
		if (this.#sealed) {
			return;
		}

		this.#sealed = true;
		const users = this.#userIds.length;
		const start = new Int32Array(users + 1);
		for (let row = 0; row < this.#count; row++) {
			const user = this.#users[row]!;
			if (user !== -1) {
				start[user + 1]!++;
			}
		}

		for (let user = 0; user < users; user++) {
			start[user + 1]! += start[user]!;
		}

		const rows = new Int32Array(start[users]!);
		const next = start.slice(0, users);
		for (let row = 0; row < this.#count; row++) {
			const user = this.#users[row]!;
			if (user !== -1) {
				rows[next[user]!++] = row;
			}
		}

		const dates = this.#dates;
		for (let user = 0; user < users; user++) {
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

		this.#groupStart = start;
		this.#groupRows = rows;
	}

	// ---------------------------------------------------------------- reading

	/** The user's events, oldest first, read; an event that cannot be read is left out and said why. */
	logsOf(userId: string): OpenedLogs {
		let opened = this.#opened.get(userId);
		if (opened !== undefined) {
			this.#opened.delete(userId);
			this.#opened.set(userId, opened);
			return opened;
		}

		opened = this.#open(userId);
		if (opened !== noLogs) {
			this.#opened.set(userId, opened);
			if (this.#opened.size > keptUsers) {
				this.#opened.delete(this.#opened.keys().next().value!);
			}
		}

		return opened;
	}

	#open(userId: string): OpenedLogs {
		const base = this.#baseRowsOf(userId);
		const extra = this.#extraOf.get(userId) ?? none;
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
			while (next < base.length && compareMs(this.#dates[base[next]!]!, date) <= 0) {
				take(this.#openRow(base[next++]!, validate));
			}

			take(openExtra(row, validate));
		}

		while (next < base.length) {
			take(this.#openRow(base[next++]!, validate));
		}

		return {events, problems};
	}

	#baseRowsOf(userId: string): readonly number[] | Int32Array {
		const user = this.#userIndex.get(userId);
		if (user === undefined || !this.#sealed) {
			return none;
		}

		const rows = this.#groupRows.subarray(this.#groupStart[user], this.#groupStart[user + 1]);
		const deleted = this.#deleted;
		return deleted === undefined ? rows : rows.filter(row => deleted[row] === 0);
	}

	/** A base event read, parsed and checked against the schema and what it was filed by. */
	#openRow(row: number, validate: ValidateFunction): {ok: true; event: LogEvent} | {ok: false; problem: LogProblem} {
		const read = readSealed(this.#sealedRow(row), 'logs', validate);
		if (!read.ok) {
			return {ok: false, problem: {log_id: this.#idOf(row) ?? '(unreadable)', problem: read.problem}};
		}

		const event = read.value as LogEvent;
		const user = this.#users[row]!;
		// JSON.parse keeps the last of repeated keys; the load filed the event by the first.
		if (hashText(event.log_id) !== this.#hashes[row] || event.user_id !== (user === -1 ? undefined : this.#userIds[user]) || !Object.is(textDateMs(event.date), this.#dates[row])) {
			const logId = this.#idOf(row) ?? event.log_id;
			return {ok: false, problem: {log_id: logId, problem: ` names its log_id, date or user_id twice (filed as ${quote(logId, 40)})`}};
		}

		return {ok: true, event};
	}

	/** A base row as a SealedLog without its own id and date read (for `readSealed`). */
	#sealedRow(row: number): SealedLog {
		const user = this.#users[row]!;
		return new SealedLog({log_id: '', date: '', user_id: user === -1 ? undefined : this.#userIds[user]}, this.#source!, this.#offsets[row]!, this.#lengths[row]!);
	}

	/** The row's JSON as it is in the file; undefined when the file no longer holds it. */
	#json(row: number, sequential = false): string | undefined {
		return this.#source!.read(this.#offsets[row]!, this.#lengths[row]!, sequential);
	}

	/** The row's id, read from the file (it starts the JSON); undefined when it cannot be read. */
	#idOf(row: number, sequential = false): string | undefined {
		let json: string | undefined;
		try {
			json = this.#json(row, sequential);
		} catch {
			return undefined;
		}

		const end = json?.indexOf('"', idPrefixLength) ?? -1;
		return end === -1 ? undefined : json!.slice(idPrefixLength, end);
	}

	/** A base row as the SealedLog the rest of the store knows, its id and date read from the file; undefined when it cannot be read. */
	#stored(row: number, sequential = false): SealedLog | undefined {
		let json: string | undefined;
		try {
			json = this.#json(row, sequential);
		} catch {
			json = undefined;
		}

		if (json === undefined) {
			return undefined;
		}

		const bytes = Buffer.from(`["logs",${json}]`, 'utf8');
		const scanned = scanLogLine(bytes, 0, bytes.length);
		if (scanned === undefined) {
			return undefined;
		}

		const user = this.#users[row]!;
		return new SealedLog({
			log_id: bytes.toString('latin1', scanned.idStart, scanned.idEnd),
			date: bytes.toString('latin1', scanned.dateStart, scanned.dateEnd),
			user_id: user === -1 ? undefined : this.#userIds[user],
		}, this.#source!, this.#offsets[row]!, this.#lengths[row]!);
	}

	/** The base row with this id, or -1. */
	#find(key: string): number {
		if (this.#count === 0) {
			return -1;
		}

		const hash = hashText(key);
		if (hash === -1) {
			return -1;
		}

		const mask = this.#slots.length - 1;
		let slot = hash & mask;
		for (let found = this.#slots[slot]!; found !== 0; found = this.#slots[slot]!) {
			const row = found - 1;
			if (this.#hashes[row] === hash && this.#deleted?.[row] !== 1 && this.#idOf(row) === key) {
				return row;
			}

			slot = (slot + 1) & mask;
		}

		return -1;
	}

	// ---------------------------------------------------------------- Map

	get size(): number {
		return this.#count - this.#deletedCount + this.#extra.size;
	}

	get(key: string): StoredLog | undefined {
		const extra = this.#extra.get(key);
		if (extra !== undefined) {
			return extra;
		}

		const row = this.#find(key);
		return row === -1 ? undefined : this.#stored(row);
	}

	has(key: string): boolean {
		return this.#extra.has(key) || this.#find(key) !== -1;
	}

	set(key: string, value: StoredLog): this {
		const row = this.#find(key);
		if (row !== -1) {
			this.#deleteRow(row);
		}

		const old = this.#extra.get(key);
		if (old !== undefined) {
			this.#removeExtra(old);
		}

		this.#extra.set(key, value);
		if (value.user_id !== undefined) {
			this.#opened.delete(value.user_id);
			let list = this.#extraOf.get(value.user_id);
			if (list === undefined) {
				list = [];
				this.#extraOf.set(value.user_id, list);
			}

			insertByDate(list, value);
		}

		return this;
	}

	delete(key: string): boolean {
		const old = this.#extra.get(key);
		if (old !== undefined) {
			this.#extra.delete(key);
			this.#removeExtra(old);
			return true;
		}

		const row = this.#find(key);
		if (row === -1) {
			return false;
		}

		this.#deleteRow(row);
		return true;
	}

	clear(): void {
		this.#count = 0;
		this.#deleted = undefined;
		this.#deletedCount = 0;
		this.#slots.fill(0);
		this.#userIds.length = 0;
		this.#userIndex.clear();
		this.#groupStart = new Int32Array(1);
		this.#groupRows = new Int32Array(0);
		this.#extra.clear();
		this.#extraOf.clear();
		this.#opened.clear();
	}

	#deleteRow(row: number): void {
		this.#deleted ??= new Uint8Array(this.#offsets.length);
		if (this.#deleted[row] === 1) {
			return;
		}

		this.#deleted[row] = 1;
		this.#deletedCount++;
		const user = this.#users[row]!;
		if (user !== -1) {
			this.#opened.delete(this.#userIds[user]!);
		}
	}

	#removeExtra(row: StoredLog): void {
		if (row.user_id === undefined) {
			return;
		}

		this.#opened.delete(row.user_id);
		const list = this.#extraOf.get(row.user_id);
		const index = list?.indexOf(row) ?? -1;
		if (index !== -1) {
			list!.splice(index, 1);
			if (list!.length === 0) {
				this.#extraOf.delete(row.user_id);
			}
		}
	}

	* #baseRows(): Generator<number> {
		for (let row = 0; row < this.#count; row++) {
			if (this.#deleted?.[row] !== 1) {
				yield row;
			}
		}
	}

	* entries(): MapIterator<[string, StoredLog]> {
		for (const row of this.#baseRows()) {
			const stored = this.#stored(row, true);
			if (stored === undefined) {
				throw new Error(`Cannot read ${describeRow(this.#idOf(row, true))} from the store file: it is no longer there`);
			}

			yield [stored.log_id, stored];
		}

		yield * this.#extra.entries();
	}

	* keys(): MapIterator<string> {
		for (const [key] of this.entries()) {
			yield key;
		}
	}

	* values(): MapIterator<StoredLog> {
		for (const [, value] of this.entries()) {
			yield value;
		}
	}

	[Symbol.iterator](): MapIterator<[string, StoredLog]> {
		return this.entries();
	}

	forEach(callback: (value: StoredLog, key: string, map: Map<string, StoredLog>) => void, thisArgument?: unknown): void {
		for (const [key, value] of this.entries()) {
			callback.call(thisArgument, value, key, this);
		}
	}

	// ---------------------------------------------------------------- writing

	/** How many base events are kept (the rest of `size` is the extra). */
	get baseSize(): number {
		return this.#count - this.#deletedCount;
	}

	/**
	 * The base events' JSON in table order, as a compaction copies them: row
	 * and text (read ahead: the rows are in file order). Throws when the file
	 * no longer holds one.
	 */
	* baseJson(): Generator<{row: number; json: string}> {
		for (const row of this.#baseRows()) {
			const json = this.#json(row, true);
			if (json === undefined) {
				throw new Error(`${describeRow(this.#idOf(row, true))} is no longer in the store file it was read from`);
			}

			yield {row, json};
		}
	}

	/** The extra rows, in insertion order (after the base in the table's order). */
	extraEntries(): MapIterator<[string, StoredLog]> {
		return this.#extra.entries();
	}

	/** A compaction wrote the base events into `source`'s file, row `r` at `offsets[r]`: read them there from now on. */
	moveTo(source: LogSource, offsets: Float64Array): void {
		this.#source = source;
		for (const row of this.#baseRows()) {
			this.#offsets[row] = offsets[row]!;
		}
	}
}

function describeRow(logId: string | undefined): string {
	return logId === undefined ? 'a logs row' : `logs row ${quote(logId, 60)}`;
}

function openExtra(row: StoredLog, validate: ValidateFunction): {ok: true; event: LogEvent} | {ok: false; problem: LogProblem} {
	if (!isSealed(row)) {
		return {ok: true, event: row};
	}

	const opened = openSealedLog(row, validate);
	return opened.ok ? opened : {ok: false, problem: {log_id: row.log_id, problem: opened.problem}};
}

/** Inserts `row` after the last of `list`'s rows with the same or an earlier date. */
function insertByDate(list: StoredLog[], row: StoredLog): void {
	const date = textDateMs(row.date);
	const last = list.at(-1);
	if (last === undefined || compareMs(textDateMs(last.date), date) <= 0) {
		list.push(row);
		return;
	}

	let low = 0;
	let high = list.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (compareMs(textDateMs(list[middle]!.date), date) <= 0) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	list.splice(low, 0, row);
}
