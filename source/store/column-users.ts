// Users a load of the columns file (columns-file.ts) makes: a row number over
// the file's arrays, no copy of the columns.
//
// A `ScannedUser` (sealed-user.ts) keeps its nine columns in fields, and five
// of them are strings: at a million users a load made 6 million strings and
// a million objects of 14 fields, and the collections they caused took a
// third of the load (CPU profile, session 13). A `ColumnUser` holds the
// arrays and its row; each column is read when asked for, a string cut from
// its column's decoded text then. The list asks for a few columns of the 40
// users a frame draws, and a sort or a scan reads one column of each user
// once.
import type {SortField} from '../domain/sort.js';
import type {ListUser} from '../domain/types.js';
import {SealedBytes} from './sealed-bytes.js';
import type {LogSource} from './sealed-log.js';
import type {Connections} from './sealed-user.js';
import type {UserIdIndex} from './user-id-index.js';

// Flags per user: which optional columns it has, and `blocked`.
export const hasEmail = 1;
export const hasName = 2;
export const hasLastLogin = 4;
export const hasUsername = 8;
export const blockedFalse = 16;
export const blockedTrue = 32;
/** A user the load parsed whole: its row is in the `users.whole` section, in order. */
export const parsedWhole = 64;

/** A column of strings, one per user. */
export type TextColumn = {at(row: number): string};

/** The users' columns a columns file restored, checked by the load (the numbers index the lists). */
export type UserRows = {
	/** The users numbering, which holds the ids by number. */
	readonly index: UserIdIndex;
	/** Each user's id number; -1 for an id the numbering cannot hold, kept in `lone`. */
	readonly numbers: Int32Array;
	readonly lone: TextColumn;
	readonly emails: TextColumn;
	/** Each user's name, as a number in `nameList` (names repeat: each is one string). */
	readonly names: Uint32Array;
	readonly nameList: readonly string[];
	readonly created: TextColumn;
	readonly lastLogins: TextColumn;
	readonly usernames: TextColumn;
	/** Each user's identities, as a number in `connectionLists`. */
	readonly connections: Uint32Array;
	readonly connectionLists: readonly Connections[];
	readonly logins: Float64Array;
	readonly flags: Uint8Array;
	/** Each user's place in each sort field's order; names and connections left out when the file's collation is not this one's. */
	readonly places: Partial<Record<SortField, Int32Array>>;
	/** Where each user's JSON object is in its source (a compaction moves it). */
	readonly offsets: Float64Array;
	readonly lengths: Uint32Array;
};

/**
 * A user of a columns file's load: its row of `rows`. Three fields: where its
 * JSON object is comes from the rows' arrays too (an offset past 2 GiB kept
 * in a field of its own was a heap number besides, for half the users of a
 * million).
 */
export class ColumnUser extends SealedBytes implements ListUser {
	readonly #rows: UserRows;
	readonly #row: number;
	#source: LogSource;

	constructor(rows: UserRows, row: number, source: LogSource) {
		super();
		this.#rows = rows;
		this.#row = row;
		this.#source = source;
	}

	protected get source(): LogSource {
		return this.#source;
	}

	get byteOffset(): number {
		return this.#rows.offsets[this.#row]!;
	}

	get byteLength(): number {
		return this.#rows.lengths[this.#row]!;
	}

	moveTo(source: LogSource, offset: number): void {
		this.#source = source;
		// The row's own slot: no other user reads it.
		this.#rows.offsets[this.#row] = offset;
	}

	get user_id(): string {
		const number = this.#rows.numbers[this.#row]!;
		return number === -1 ? this.#rows.lone.at(this.#row) : this.#rows.index.idOf(number);
	}

	get email(): string | undefined {
		return (this.#rows.flags[this.#row]! & hasEmail) === 0 ? undefined : this.#rows.emails.at(this.#row);
	}

	get name(): string | undefined {
		return (this.#rows.flags[this.#row]! & hasName) === 0 ? undefined : this.#rows.nameList[this.#rows.names[this.#row]!];
	}

	get created_at(): string {
		return this.#rows.created.at(this.#row);
	}

	get identities(): Connections {
		return this.#rows.connectionLists[this.#rows.connections[this.#row]!]!;
	}

	get last_login(): string | undefined {
		return (this.#rows.flags[this.#row]! & hasLastLogin) === 0 ? undefined : this.#rows.lastLogins.at(this.#row);
	}

	get logins_count(): number {
		return this.#rows.logins[this.#row]!;
	}

	get blocked(): boolean | undefined {
		const flag = this.#rows.flags[this.#row]!;
		return (flag & blockedTrue) === 0 ? ((flag & blockedFalse) === 0 ? undefined : false) : true;
	}

	get username(): string | undefined {
		return (this.#rows.flags[this.#row]! & hasUsername) === 0 ? undefined : this.#rows.usernames.at(this.#row);
	}

	placeIn(field: SortField): number | undefined {
		return this.#rows.places[field]?.[this.#row];
	}
}
