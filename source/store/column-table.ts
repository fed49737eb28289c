// A table whose rows read from the snapshot file ("the base") are kept as
// columns in typed arrays, not an object and a Map entry each: the logs,
// passwords and devices tables of a million-user store (log-table.ts,
// record-table.ts). Rows put afterwards (the journal's, a writer's) and the
// rare line not in the canonical form are ordinary rows in a Map beside the
// base ("the extra").
//
// Each base row keeps where its JSON object is in the file, the user it
// belongs to (an index into the distinct user ids, the users table's own
// strings) and a 32-bit hash of its key. An open-addressing hash table of row
// numbers, in a typed array, finds a row by key; a candidate is confirmed by
// reading its key from the file (every base row's JSON starts with its key in
// the canonical form), which only a match or a hash collision causes. Once
// the load is done, each user's rows are gathered into one run of row numbers
// (a counting sort), so a user's rows are found without a scan.
//
// To the rest of the store the table is a `Map<string, Stored>`: `get`,
// `values` and the others give a base row as the sealed object the rest of
// the store knows (SealedLog, SealedPassword, SealedDevice), made on the way
// from the file. Replacing a base row with `set` keeps its place when it
// stays the same user's; deleting one marks it.
import type {Buffer} from 'node:buffer';
import {hashBytes, hashText} from './key-hash.js';
import {quote} from './quote.js';
import {UserIdIndex} from './user-id-index.js';
import type {LogSource} from './sealed-log.js';

/** A copy of `array` `length` long, its values first (a column grown). */
export function grown<T extends Float64Array | Uint32Array | Int32Array | Uint8Array>(array: T, length: number): T {
	const larger = new (array.constructor as new (length: number) => T)(length);
	larger.set(array);
	return larger;
}

/** The outcome of filing a snapshot line: filed, not in the canonical form (parse it), or a key seen before. */
export type Filed = {readonly kind: 'filed'} | {readonly kind: 'parse'} | {readonly kind: 'duplicate'; readonly key: string};

/** What filing most lines returns: one object for all of them. */
const filed: Filed = Object.freeze({kind: 'filed'});
/** A line to parse whole: each users line is offered to the three tables first, so this is shared too. */
export const parseWhole: Filed = Object.freeze({kind: 'parse'});

/** Where the parts of a canonical line are, as a table's scanner finds them (offsets into the line's buffer). */
export type LineParts = {
	readonly keyStart: number;
	readonly keyEnd: number;
	/** The user's id, or -1 when the row has none. */
	readonly userStart: number;
	readonly userEnd: number;
	readonly objectStart: number;
	readonly objectEnd: number;
};

const none: readonly never[] = Object.freeze([]);
/**
 * How full the hash table of row numbers may get: linear probing then looks
 * at about 6 slots for a key it does not hold (2.5 at half full), and the
 * table is 4 bytes a slot (2 million events: 16 MB, not 32 at half full).
 */
const maxLoad = 0.7;
/** Users whose rows are kept read: a screen's, not a scan's million. */
const keptUsers = 1024;

/** What was read of the last users asked for, least recently asked first. */
export class RecentReads<V> {
	readonly #reads = new Map<string, V>();

	get(userId: string): V | undefined {
		const read = this.#reads.get(userId);
		if (read !== undefined) {
			this.#reads.delete(userId);
			this.#reads.set(userId, read);
		}

		return read;
	}

	set(userId: string, read: V): void {
		this.#reads.set(userId, read);
		if (this.#reads.size > keptUsers) {
			this.#reads.delete(this.#reads.keys().next().value!);
		}
	}

	delete(userId: string): void {
		this.#reads.delete(userId);
	}

	clear(): void {
		this.#reads.clear();
	}
}

/** `Read`: what a subclass makes of a user's rows when asked for them, kept for the last users asked (see `reads`). */
/** A column table's base as a load left it (see `image`). */
export type ColumnImage = {
	readonly count: number;
	readonly offsets: Float64Array<ArrayBuffer>;
	readonly lengths: Uint32Array<ArrayBuffer>;
	readonly users: Int32Array<ArrayBuffer>;
	readonly hashes: Uint32Array<ArrayBuffer>;
	readonly slots: Int32Array<ArrayBuffer>;
	readonly groupStart: Int32Array<ArrayBuffer>;
	readonly groupRows: Int32Array<ArrayBuffer>;
	readonly own: Readonly<Record<string, Float64Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>>;
	/** The rows the load parsed whole (lines not in the canonical form), in the order they came. */
	readonly extra: readonly unknown[];
};

export abstract class ColumnTable<Stored extends {readonly user_id?: string | undefined}, Read = never> implements Map<string, Stored> {
	abstract readonly [Symbol.toStringTag]: string;
	/** The name rows are called in messages (`logs row "…"`). */
	protected abstract readonly table: string;
	/** Bytes before the key in every base row's JSON (`{"log_id":"`). */
	protected abstract readonly keyPrefixLength: number;
	protected source: LogSource | undefined;
	// ---- the base
	protected count = 0;
	#offsets = new Float64Array(0);
	#lengths = new Uint32Array(0);
	/** The user's number in the index, or -1 for a row without a user. */
	protected users = new Int32Array(0);
	#hashes = new Uint32Array(0);
	/** Open addressing by key hash: row + 1, 0 for an empty slot. At most `maxLoad` full. */
	#slots = new Int32Array(16);
	#deleted: Uint8Array | undefined;
	#deletedCount = 0;
	/** Base rows replaced by a `set` that kept them the same user's: the new row, read in their place. */
	readonly #replaced = new Map<number, Stored>();
	/** Users by number: one numbering shared by the tables of a load (user-id-index.ts). */
	#index: UserIdIndex;
	/** Each user's rows: groupRows[groupStart[u] .. groupStart[u + 1]). Built by `seal`. */
	#groupStart = new Int32Array(1);
	#groupRows = new Int32Array(0);
	#sealed = false;
	// ---- the extra, in insertion order
	readonly #extra = new Map<string, Stored>();
	/** Each user's extra rows, in table order; gathered when first asked for after a change. */
	readonly #extraOf = new Map<string, Stored[]>();
	/** What was read of the last users' rows; dropped for a user when theirs change. */
	protected readonly reads = new RecentReads<Read>();

	/** Rows the snapshot says it has: the columns are made this size before the first is filed. */
	#expected: number;

	/**
	 * A table for a snapshot of `expected` rows read from `source`, its users
	 * numbered by `index` (shared with the load's other tables); without a
	 * source, an empty table of ordinary rows.
	 */
	constructor(source?: LogSource, expected = 0, index = new UserIdIndex()) {
		this.source = source;
		this.#expected = expected;
		this.#index = index;
	}

	/**
	 * The table as a load left it, for the columns file (columns-file.ts):
	 * undefined unless it is sealed and no row was replaced or deleted since.
	 * Take it right after the load (a row put since would be taken for one
	 * the load parsed whole). The arrays are copies where the table may
	 * still write into its own.
	 */
	image(): ColumnImage | undefined {
		if (!this.#sealed || this.#replaced.size > 0 || this.#deleted !== undefined || this.source === undefined) {
			return undefined;
		}

		const count = this.count;
		return {
			count,
			offsets: this.#offsets.slice(0, count),
			lengths: this.#lengths.subarray(0, count),
			users: this.users.subarray(0, count),
			hashes: this.#hashes.subarray(0, count),
			slots: this.#slots.slice(),
			groupStart: this.#groupStart,
			groupRows: this.#groupRows,
			own: this.ownColumns(count),
			extra: [...this.#extra.values()],
		};
	}

	/**
	 * An empty table's base made from an image a columns file kept, read from
	 * `source`, its users numbered by `index` (made from the same file).
	 * The caller has checked the arrays' sizes (columns-file.ts).
	 */
	restore(image: ColumnImage): this {
		this.#offsets = image.offsets;
		this.#lengths = image.lengths;
		this.users = image.users;
		this.#hashes = image.hashes;
		this.#slots = image.slots;
		this.#groupStart = image.groupStart;
		this.#groupRows = image.groupRows;
		this.restoreOwnColumns(image.own);
		this.count = image.count;
		this.#expected = image.count;
		this.#sealed = true;
		for (const row of image.extra as Stored[]) {
			this.set(this.keyOfStored(row), row);
		}

		return this;
	}

	/** A subclass's own columns for an image: `rows` of each, by name. */
	protected ownColumns(_rows: number): ColumnImage['own'] {
		return {};
	}

	/** Takes a subclass's own columns back from an image. */
	protected restoreOwnColumns(_own: ColumnImage['own']): void {}

	/** Grows the columns to hold `rows` base rows; subclasses grow theirs too. */
	protected reserveColumns(rows: number): void {
		this.#offsets = grown(this.#offsets, rows);
		this.#lengths = grown(this.#lengths, rows);
		this.users = grown(this.users, rows);
		this.#hashes = grown(this.#hashes, rows);
	}

	#reserve(rows: number): void {
		if (rows > this.#offsets.length) {
			this.reserveColumns(Math.max(rows, 16));
		}

		if (rows > this.#slots.length * maxLoad) {
			let size = this.#slots.length;
			while (rows > size * maxLoad) {
				size *= 2;
			}

			this.#slots = new Int32Array(size);
			for (let row = 0; row < this.count; row++) {
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

	/** Whether base rows may still be filed (a source, and the load not done). */
	protected get filing(): boolean {
		return this.source !== undefined && !this.#sealed;
	}

	/**
	 * Files a canonical line's row as base row `count` (the subclass fills its
	 * own columns at that row after a `filed`). `offset` is the file offset
	 * of `buffer[lineStart]`; `intern` gives the string to keep for a user id
	 * the table has not seen (the users table's own, so the two share it).
	 */
	protected fileParts(buffer: Buffer, lineStart: number, offset: number, parts: LineParts, intern: (userId: string) => string): Filed {
		const hash = hashBytes(buffer, parts.keyStart, parts.keyEnd);
		const mask = this.#slots.length - 1;
		let slot = hash & mask;
		for (let found = this.#slots[slot]!; found !== 0; found = this.#slots[slot]!) {
			if (this.#hashes[found - 1] === hash) {
				const key = buffer.toString('latin1', parts.keyStart, parts.keyEnd);
				if (this.#keyOf(found - 1) === key) {
					return {kind: 'duplicate', key};
				}
			}

			slot = (slot + 1) & mask;
		}

		if (this.#extra.size > 0) {
			const key = buffer.toString('latin1', parts.keyStart, parts.keyEnd);
			if (this.#extra.has(key)) {
				return {kind: 'duplicate', key};
			}
		}

		const user = parts.userStart === -1 ? -1 : this.#index.numberAt(buffer, parts.userStart, parts.userEnd, intern);

		const row = this.count;
		if (row === this.#offsets.length) {
			// The first row makes the columns the size the header announced (a subclass's too: it exists by now).
			this.#reserve(Math.max(16, row * 2, this.#expected));
		}

		this.#offsets[row] = offset + (parts.objectStart - lineStart);
		this.#lengths[row] = parts.objectEnd - parts.objectStart;
		this.users[row] = user;
		this.#hashes[row] = hash;
		this.count = row + 1;
		this.#slots[this.#freeSlot(hash)] = row + 1;
		return filed;
	}

	/** The load is done: each user's rows are gathered (a counting sort by user, file order within a user). */
	seal(): void {
		if (this.#sealed) {
			return;
		}

		this.#sealed = true;
		const users = this.#index.size;
		const start = new Int32Array(users + 1);
		for (let row = 0; row < this.count; row++) {
			const user = this.users[row]!;
			if (user !== -1) {
				start[user + 1]!++;
			}
		}

		for (let user = 0; user < users; user++) {
			start[user + 1]! += start[user]!;
		}

		const rows = new Int32Array(start[users]!);
		const next = start.slice(0, users);
		for (let row = 0; row < this.count; row++) {
			const user = this.users[row]!;
			if (user !== -1) {
				rows[next[user]!++] = row;
			}
		}

		this.orderGroups(start, rows);
		this.#groupStart = start;
		this.#groupRows = rows;
	}

	/** Orders each user's run of rows in place (file order as it comes). */
	protected orderGroups(_start: Int32Array, _rows: Int32Array): void {}

	/** The user's live base rows, in their run's order. */
	protected baseRowsOf(userId: string): readonly number[] | Int32Array {
		const user = this.#index.numberOf(userId);
		// A number given after the runs were made has no base rows.
		if (user === undefined || !this.#sealed || user + 1 >= this.#groupStart.length) {
			return none;
		}

		const rows = this.#groupRows.subarray(this.#groupStart[user], this.#groupStart[user + 1]);
		const deleted = this.#deleted;
		return deleted === undefined ? rows : rows.filter(row => deleted[row] === 0);
	}

	/** The row replacing base row `row` (a `set` that kept it the same user's), or undefined. */
	protected replacementOf(row: number): Stored | undefined {
		return this.#replaced.size === 0 ? undefined : this.#replaced.get(row);
	}

	/** The extra rows, in insertion order. */
	protected get extraRows(): ReadonlyMap<string, Stored> {
		return this.#extra;
	}

	/** The user's extra rows, in table order. */
	protected extraRowsOf(userId: string): readonly Stored[] {
		if (this.#extra.size === 0) {
			return none;
		}

		let rows = this.#extraOf.get(userId);
		if (rows === undefined) {
			rows = [...this.#extra.values()].filter(row => row.user_id === userId);
			this.#extraOf.set(userId, rows);
		}

		return rows;
	}

	/** Fills an empty table with `rows` (from a legacy store, or tables made in memory). */
	protected fill(rows: ReadonlyMap<string, Stored>): this {
		this.seal();
		for (const [key, row] of rows) {
			this.set(key, row);
		}

		return this;
	}

	/** A base row as the sealed object the rest of the store knows, made from its JSON. */
	protected abstract materialize(row: number, json: string): Stored | undefined;

	/** The rows of `userId` changed: what was read of them is dropped (rows of no user are nobody's reads). */
	#changed(userId: string | undefined): void {
		if (userId !== undefined) {
			this.reads.delete(userId);
			this.#extraOf.delete(userId);
		}
	}

	/** The row's JSON as it is in the file; undefined when the file no longer holds it. */
	protected json(row: number, sequential = false): string | undefined {
		return this.source!.read(this.#offsets[row]!, this.#lengths[row]!, sequential);
	}

	protected offsetOf(row: number): number {
		return this.#offsets[row]!;
	}

	protected lengthOf(row: number): number {
		return this.#lengths[row]!;
	}

	protected hashOf(row: number): number {
		return this.#hashes[row]!;
	}

	protected userOf(row: number): string | undefined {
		const user = this.users[row]!;
		return user === -1 ? undefined : this.#index.idOf(user);
	}

	/**
	 * The row's key: its replacement's, or read from the file (it starts the
	 * JSON; a replaced row's bytes are not moved by a compaction, so it is never
	 * read there); undefined when it cannot be read.
	 */
	#keyOf(row: number, sequential = false): string | undefined {
		const replacement = this.replacementOf(row);
		if (replacement !== undefined) {
			return this.keyOfStored(replacement);
		}

		let json: string | undefined;
		try {
			json = this.json(row, sequential);
		} catch {
			return undefined;
		}

		const end = json?.indexOf('"', this.keyPrefixLength) ?? -1;
		return end === -1 ? undefined : json!.slice(this.keyPrefixLength, end);
	}

	/** The key of a base row for messages: read from the file, or a placeholder when it cannot be. */
	protected describeRow(row: number): string {
		const key = this.#keyOf(row);
		return key === undefined ? `a ${this.table} row` : `${this.table} row ${quote(key, 60)}`;
	}

	protected keyOfRow(row: number): string | undefined {
		return this.#keyOf(row);
	}

	#stored(row: number, sequential = false): Stored | undefined {
		const replacement = this.replacementOf(row);
		if (replacement !== undefined) {
			return replacement;
		}

		let json: string | undefined;
		try {
			json = this.json(row, sequential);
		} catch {
			return undefined;
		}

		return json === undefined ? undefined : this.materialize(row, json);
	}

	/** The live base row with this key, or -1. */
	protected find(key: string): number {
		if (this.count === 0) {
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
			if (this.#hashes[row] === hash && this.#deleted?.[row] !== 1 && this.#keyOf(row) === key) {
				return row;
			}

			slot = (slot + 1) & mask;
		}

		return -1;
	}

	// ---------------------------------------------------------------- Map

	get size(): number {
		return this.count - this.#deletedCount + this.#extra.size;
	}

	get(key: string): Stored | undefined {
		const extra = this.#extra.get(key);
		if (extra !== undefined) {
			return extra;
		}

		const row = this.find(key);
		return row === -1 ? undefined : this.#stored(row);
	}

	has(key: string): boolean {
		return this.#extra.has(key) || this.find(key) !== -1;
	}

	set(key: string, value: Stored): this {
		const row = this.find(key);
		if (row !== -1) {
			const user = this.userOf(row);
			if (user === value.user_id) {
				this.#replaced.set(row, value);
				this.#changed(user);
				return this;
			}

			this.#deleteRow(row);
		}

		const old = this.#extra.get(key);
		this.#extra.set(key, value);
		if (old !== undefined && old.user_id !== value.user_id) {
			this.#changed(old.user_id);
		}

		this.#changed(value.user_id);
		return this;
	}

	delete(key: string): boolean {
		const old = this.#extra.get(key);
		if (old !== undefined) {
			this.#extra.delete(key);
			this.#changed(old.user_id);
			return true;
		}

		const row = this.find(key);
		if (row === -1) {
			return false;
		}

		this.#deleteRow(row);
		return true;
	}

	clear(): void {
		this.count = 0;
		this.#deleted = undefined;
		this.#deletedCount = 0;
		this.#replaced.clear();
		this.#slots.fill(0);
		// Its own numbering from now on: the load's is shared with the other tables.
		this.#index = new UserIdIndex();
		this.#groupStart = new Int32Array(1);
		this.#groupRows = new Int32Array(0);
		this.#extra.clear();
		this.#extraOf.clear();
		this.reads.clear();
	}

	#deleteRow(row: number): void {
		this.#deleted ??= new Uint8Array(this.#offsets.length);
		if (this.#deleted[row] === 1) {
			return;
		}

		this.#deleted[row] = 1;
		this.#deletedCount++;
		this.#replaced.delete(row);
		this.#changed(this.userOf(row));
	}

	/** The live base rows, in file order. */
	protected * liveRows(): Generator<number> {
		for (let row = 0; row < this.count; row++) {
			if (this.#deleted?.[row] !== 1) {
				yield row;
			}
		}
	}

	* entries(): MapIterator<[string, Stored]> {
		for (const row of this.liveRows()) {
			const stored = this.#stored(row, true);
			if (stored === undefined) {
				throw new Error(`Cannot read ${this.describeRow(row)} from the store file: it is no longer there`);
			}

			yield [this.keyOfStored(stored), stored];
		}

		yield * this.#extra.entries();
	}

	/** The key of a row the table holds. */
	protected abstract keyOfStored(row: Stored): string;

	* keys(): MapIterator<string> {
		for (const [key] of this.entries()) {
			yield key;
		}
	}

	* values(): MapIterator<Stored> {
		for (const [, value] of this.entries()) {
			yield value;
		}
	}

	[Symbol.iterator](): MapIterator<[string, Stored]> {
		return this.entries();
	}

	forEach(callback: (value: Stored, key: string, map: Map<string, Stored>) => void, thisArgument?: unknown): void {
		for (const [key, value] of this.entries()) {
			callback.call(thisArgument, value, key, this);
		}
	}

	// ---------------------------------------------------------------- writing

	/**
	 * The rows as a compaction writes them, in table order: a base row not
	 * replaced as its JSON (read ahead: the rows are in file order), with its
	 * row number so its new place can be recorded; any other as the row.
	 * Throws when the file no longer holds a base row.
	 */
	* rowsToWrite(): Generator<{kind: 'base'; row: number; json: string} | {kind: 'row'; key: string; value: Stored}> {
		for (const row of this.liveRows()) {
			const replacement = this.replacementOf(row);
			if (replacement !== undefined) {
				yield {kind: 'row', key: this.keyOfStored(replacement), value: replacement};
				continue;
			}

			const json = this.json(row, true);
			if (json === undefined) {
				throw new Error(`${this.describeRow(row)} is no longer in the store file it was read from`);
			}

			yield {kind: 'base', row, json};
		}

		for (const [key, value] of this.#extra) {
			yield {kind: 'row', key, value};
		}
	}

	/** A compaction wrote the base rows into `source`'s file, row `r` at `offsets[r]`: read them there from now on. */
	moveTo(source: LogSource, offsets: Float64Array): void {
		this.source = source;
		for (const row of this.liveRows()) {
			if (this.replacementOf(row) === undefined) {
				this.#offsets[row] = offsets[row]!;
			}
		}
	}

	/** Whether any base row reads from the file (a compaction must re-point them). */
	get readsFile(): boolean {
		return this.count - this.#deletedCount - this.#replaced.size > 0;
	}
}
