// The users table a load of the columns file makes: a Map's behaviour over
// the file's rows, without a Map entry per user.
//
// Filing a million users in a Map took 0.4 s of a 1.9 s load, a third of it
// hashing id strings just made (CPU profile, session 13), and the file keeps
// an index of the ids already (user-id-index.ts: each id's hash and its
// slot). Here the users of the file stay in an array in the file's order,
// found by id through that index and each id number's row; a user set after
// the load replaces its row's entry, a user deleted leaves a hole, and a user
// the file does not have goes to a Map after the rows. Iteration gives the
// rows, then that Map: the order a Map filed in the same order would give,
// since every row was filed before any change.
import type {UserIdIndex} from './user-id-index.js';
import type {StoredUser} from './tables.js';

export class UsersTable implements Map<string, StoredUser> {
	readonly [Symbol.toStringTag] = 'UsersTable';
	readonly #index: UserIdIndex;
	/** Each id number's row, -1 when the id is no user's (a deleted user's events). */
	readonly #rowOfNumber: Int32Array;
	/** Rows of ids the index cannot number (not printable ASCII). */
	readonly #lone: ReadonlyMap<string, number>;
	/** The rows' users; undefined where one was deleted. */
	#rows: Array<StoredUser | undefined>;
	#rowsAlive: number;
	readonly #added = new Map<string, StoredUser>();

	/**
	 * The table over `rows` (each user filed under its id), found by the ids
	 * numbered in `index`: `rowOfNumber[number]` is the row of id number
	 * `number`, `lone` the rows of ids with no number. The caller checked that
	 * these agree.
	 */
	constructor(rows: Array<StoredUser | undefined>, index: UserIdIndex, rowOfNumber: Int32Array, lone: ReadonlyMap<string, number>) {
		this.#rows = rows;
		this.#rowsAlive = rows.length;
		this.#index = index;
		this.#rowOfNumber = rowOfNumber;
		this.#lone = lone;
	}

	get size(): number {
		return this.#rowsAlive + this.#added.size;
	}

	get(id: string): StoredUser | undefined {
		const row = this.#rowOf(id);
		return (row === -1 ? undefined : this.#rows[row]) ?? this.#added.get(id);
	}

	has(id: string): boolean {
		return this.get(id) !== undefined;
	}

	set(id: string, user: StoredUser): this {
		const row = this.#rowOf(id);
		if (row !== -1 && this.#rows[row] !== undefined) {
			this.#rows[row] = user;
		} else {
			this.#added.set(id, user);
		}

		return this;
	}

	delete(id: string): boolean {
		const row = this.#rowOf(id);
		if (row !== -1 && this.#rows[row] !== undefined) {
			this.#rows[row] = undefined;
			this.#rowsAlive--;
			return true;
		}

		return this.#added.delete(id);
	}

	clear(): void {
		this.#rows = [];
		this.#rowsAlive = 0;
		this.#added.clear();
	}

	forEach(callback: (user: StoredUser, id: string, map: Map<string, StoredUser>) => void, thisArgument?: unknown): void {
		for (const [id, user] of this.entries()) {
			callback.call(thisArgument, user, id, this);
		}
	}

	* values(): MapIterator<StoredUser> {
		// Not through entries(): no pair made per user (the list takes a million values at once).
		for (let row = 0; row < this.#rows.length; row++) {
			const user = this.#rows[row];
			if (user !== undefined) {
				yield user;
			}
		}

		yield * this.#added.values();
	}

	* keys(): MapIterator<string> {
		for (const [id] of this.entries()) {
			yield id;
		}
	}

	* entries(): MapIterator<[string, StoredUser]> {
		// By index, reading the array each time: a row deleted while iterating is skipped, as a Map's would be.
		for (let row = 0; row < this.#rows.length; row++) {
			const user = this.#rows[row];
			if (user !== undefined) {
				yield [user.user_id, user];
			}
		}

		yield * this.#added.entries();
	}

	/**
	 * The users in iteration order, as a new array: one copy of the rows
	 * while none was deleted or added (a million steps of `values()` took
	 * 50 ms; the Users list takes them all at once).
	 */
	toArray(): StoredUser[] {
		if (this.#rowsAlive === this.#rows.length && this.#added.size === 0) {
			return this.#rows.slice() as StoredUser[];
		}

		return [...this.values()];
	}

	[Symbol.iterator](): MapIterator<[string, StoredUser]> {
		return this.entries();
	}

	#rowOf(id: string): number {
		const number = this.#index.numberOf(id);
		const row = number === undefined || number >= this.#rowOfNumber.length ? -1 : this.#rowOfNumber[number]!;
		return row === -1 ? (this.#lone.get(id) ?? -1) : row;
	}
}
