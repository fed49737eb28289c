// One numbering of the user ids a snapshot's rows name, shared by the column
// tables (column-table.ts) of one load.
//
// Each log event, password record and device names its user. Each table kept
// its own Map from id to a number, fed with a string made from the line's
// bytes and looked up again in the users table to share its string: at a
// million users, 2.7 million rows did two or three lookups in Maps of up to a
// million entries, most of them cache misses, about 9 of the 21 seconds a
// load took (CPU profile, 2026-12-07). Here the users are numbered once, as
// they are filed (users come before the rows that name them), in an
// open-addressing table of numbers in typed arrays, and a row's user is found
// from the line's bytes: a hash of them, then a comparison of the bytes with
// the id at the candidate number. No string is made for a user the table
// already holds. An id no user has (a deleted user's events) is added from
// the line, as a string, the first time it comes.
//
// Column rows' user ids are printable ASCII (the scanners see to it), so
// their bytes are their characters; an id with any other character is never
// numbered (`numberOf` says undefined), as no column row can name it.
import type {Buffer} from 'node:buffer';
import {hashBytes, hashText} from './key-hash.js';

/** Ids a columns file kept (columns-file.ts), each cut or compared in place when asked for. */
export type IdColumn = {
	readonly length: number;
	at(number: number): string;
	/** Whether id `number` is `id`. */
	is(number: number, id: string): boolean;
	/** Whether id `number` is the Latin-1 text of `buffer`'s bytes [start, end). */
	isBytes(number: number, buffer: Uint8Array, start: number, end: number): boolean;
};

const noIds: IdColumn = {
	length: 0,
	at() {
		throw new RangeError('no such id');
	},
	is: () => false,
	isBytes: () => false,
};

export class UserIdIndex {
	/**
	 * The ids numbered from a columns file (`restore`): cut from its text when
	 * asked for, not made into a million strings at load.
	 */
	#base: IdColumn = noIds;
	/** The ids numbered since (all of them for an index not restored): the users table's own strings where there is a user. */
	readonly #added: string[] = [];
	#hashes: Uint32Array;
	/** Number + 1 per slot; 0 is an empty slot. At most half full. */
	#slots: Int32Array;

	/** Room for `expected` ids before the first growth. */
	constructor(expected = 0) {
		this.#hashes = new Uint32Array(Math.max(16, expected));
		let slots = 32;
		while (slots < expected * 2) {
			slots *= 2;
		}

		this.#slots = new Int32Array(slots);
	}

	get size(): number {
		return this.#base.length + this.#added.length;
	}

	/** The id numbered `number` (below `size`). */
	idOf(number: number): string {
		const base = this.#base;
		return number < base.length ? base.at(number) : this.#added[number - base.length]!;
	}

	/** The index's arrays, for the columns file (columns-file.ts): the ids and hashes by number, and the slots. */
	image(): {ids: readonly string[]; hashes: Uint32Array; slots: Int32Array} {
		const ids = Array.from({length: this.size}, (_, number) => this.idOf(number));
		return {ids, hashes: this.#hashes.slice(0, ids.length), slots: this.#slots.slice()};
	}

	/** An index made from an image a columns file kept; the caller has checked the sizes. */
	static restore(ids: IdColumn, hashes: Uint32Array, slots: Int32Array): UserIdIndex {
		const index = new UserIdIndex();
		index.#base = ids;
		index.#hashes = hashes.length > 0 ? hashes : new Uint32Array(16);
		index.#slots = slots;
		return index;
	}

	/** The number of `id`, added if it is not numbered yet; -1 for an id that is not printable ASCII (see above). */
	add(id: string): number {
		const hash = hashText(id);
		if (hash === -1) {
			return -1;
		}

		const found = this.#find(hash, id);
		return found === -1 ? this.#add(id, hash) : found;
	}

	/** The number of `id`, or undefined when it has none. */
	numberOf(id: string): number | undefined {
		const hash = hashText(id);
		if (hash === -1) {
			return undefined;
		}

		const found = this.#find(hash, id);
		return found === -1 ? undefined : found;
	}

	/**
	 * The number of the id whose characters are the bytes [start, end) of
	 * `buffer` (printable ASCII); when new, it is added as `intern` of the
	 * bytes' text (the string to keep for it).
	 */
	numberAt(buffer: Buffer, start: number, end: number, intern: (id: string) => string): number {
		const hash = hashBytes(buffer, start, end);
		const found = this.#find(hash, undefined, buffer, start, end);
		return found === -1 ? this.#add(intern(buffer.toString('latin1', start, end)), hash) : found;
	}

	/** The number of the id `id`, or of the bytes [start, end) of `buffer` when `id` is undefined; -1 when not numbered. */
	#find(hash: number, id: string | undefined, buffer?: Buffer, start = 0, end = 0): number {
		const slots = this.#slots;
		const mask = slots.length - 1;
		for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
			const number = slots[slot]! - 1;
			if (number === -1) {
				return -1;
			}

			if (this.#hashes[number] === hash && this.#is(number, id, buffer, start, end)) {
				return number;
			}
		}
	}

	/** Whether id `number` is `id` (or the bytes [start, end) of `buffer`), compared in place: no string cut from the base. */
	#is(number: number, id: string | undefined, buffer: Buffer | undefined, start: number, end: number): boolean {
		const base = this.#base;
		if (number < base.length) {
			return id === undefined ? base.isBytes(number, buffer!, start, end) : base.is(number, id);
		}

		const candidate = this.#added[number - base.length]!;
		if (id !== undefined) {
			return candidate === id;
		}

		if (candidate.length !== end - start) {
			return false;
		}

		for (let index = 0; index < candidate.length; index++) {
			if (candidate.charCodeAt(index) !== buffer![start + index]) {
				return false;
			}
		}

		return true;
	}

	#add(id: string, hash: number): number {
		const number = this.size;
		if (number === this.#hashes.length) {
			const hashes = new Uint32Array(number * 2);
			hashes.set(this.#hashes);
			this.#hashes = hashes;
		}

		this.#added.push(id);
		this.#hashes[number] = hash;
		if ((number + 1) * 2 > this.#slots.length) {
			this.#slots = new Int32Array(this.#slots.length * 2);
			for (let each = 0; each < number; each++) {
				this.#place(each, this.#hashes[each]!);
			}
		}

		this.#place(number, hash);
		return number;
	}

	#place(number: number, hash: number): void {
		const slots = this.#slots;
		const mask = slots.length - 1;
		let slot = hash & mask;
		while (slots[slot] !== 0) {
			slot = (slot + 1) & mask;
		}

		slots[slot] = number + 1;
	}
}
