// A map from texts to integers whose room is reserved once, for as many
// texts as it will hold: where each user is by id (positions.ts) and each
// distinct name (user-order.ts rankNames) at a million users.
//
// A `Map` grows by rehashing everything it holds in one go: at half a million
// entries and more that held a slice of the list's work for 50–130 ms (the
// benchmark's long-slice log, 2026-12-07), long enough to feel between two
// keys. Here the hash table is an open-addressing table of entry numbers in
// an Int32Array, at most half full, made at its final size; the texts are
// the caller's own strings (no copy), and the values sit in an Int32Array.
//
// Its memory is touched as it is made, in slices (`TextTable.prepare`): the
// pages of a fresh array are mapped at their first write, about 10 µs each
// on these machines, and the first thousands of random inserts into a 16 MB
// slot table wrote to every page of it in one slice (43 ms). The texts are
// kept in chunks of 8,192, made as entries reach them: one array of a
// million held a slice for 25 ms as it was made.
//
// A deleted entry keeps its slot (its text is cleared, so no lookup matches
// it) and its number; a text set again after that takes a new entry. When
// the entries run out, everything is copied into a table twice the size: a
// stall again, but only after more texts were added than the room reserved
// (`TextTable.sized` leaves an eighth more).

import type {SlicedTask} from './sliced.js';

/** FNV-1a over a text's UTF-16 code units. */
function hashOf(text: string): number {
	let hash = 0x81_1C_9D_C5;
	for (let index = 0; index < text.length; index++) {
		hash ^= text.charCodeAt(index);
		hash = Math.imul(hash, 0x01_00_01_93);
	}

	// As an Int32Array holds it (the empty text's hash is the offset basis, above 2³¹).
	return hash | 0;
}

/** Entries per chunk of texts (64 KB of references: below V8's large-object size). */
const chunkBits = 13;
const chunkSize = 1 << chunkBits;
/** Elements of the typed arrays touched between yields. */
const touchStep = 65_536;

export class TextTable {
	/** Room for `count` texts and an eighth more (at least 1,024): what a list of `count` users reserves. */
	static sized(count: number): TextTable {
		return new TextTable(TextTable.roomFor(count));
	}

	static roomFor(count: number): number {
		return count + Math.max(1024, Math.ceil(count / 8));
	}

	/** A table with room for `capacity` texts, its memory touched in slices (see above). */
	static * prepare(capacity: number): SlicedTask<TextTable> {
		const table = new TextTable(capacity);
		for (const array of [table.#slots, table.#hashes, table.#values]) {
			// A small table is touched in no time: it yields only between big pieces.
			for (let start = touchStep; start < array.length; start += touchStep) {
				array.fill(0, start - touchStep, start);
				yield;
			}
		}

		return table;
	}

	#texts: Array<Array<string | undefined>> = [];
	#values: Int32Array;
	#hashes: Int32Array;
	/** Entry number + 1 per slot; 0 is an empty slot. */
	#slots: Int32Array;
	#entries = 0;
	#size = 0;

	constructor(capacity: number) {
		const room = Math.max(16, Math.ceil(capacity));
		this.#values = new Int32Array(room);
		this.#hashes = new Int32Array(room);
		let slots = 16;
		while (slots < room * 2) {
			slots *= 2;
		}

		this.#slots = new Int32Array(slots);
	}

	/** How many texts it holds. */
	get size(): number {
		return this.#size;
	}

	get(text: string): number | undefined {
		const entry = this.#find(text, hashOf(text));
		return entry === -1 ? undefined : this.#values[entry];
	}

	has(text: string): boolean {
		return this.#find(text, hashOf(text)) !== -1;
	}

	/**
	 * The entry number of `text`, adding it with `value` when it is not
	 * there (its value is then left as it was): one hash and one probe for
	 * "find or add", what counting distinct texts does per text.
	 */
	entryOf(text: string, value: number): number {
		const hash = hashOf(text);
		const found = this.#find(text, hash);
		return found === -1 ? this.#add(text, hash, value) : found;
	}

	/** The value of entry `entry` (from `entryOf`). */
	valueAt(entry: number): number {
		return this.#values[entry]!;
	}

	setValueAt(entry: number, value: number): void {
		this.#values[entry] = value;
	}

	/** The text of entry `entry` (undefined once deleted). */
	textAt(entry: number): string | undefined {
		return this.#texts[entry >>> chunkBits]?.[entry & (chunkSize - 1)];
	}

	/** How many entry numbers have been given out (deleted ones included). */
	get entries(): number {
		return this.#entries;
	}

	set(text: string, value: number): this {
		const hash = hashOf(text);
		const found = this.#find(text, hash);
		if (found === -1) {
			this.#add(text, hash, value);
		} else {
			this.#values[found] = value;
		}

		return this;
	}

	delete(text: string): boolean {
		const found = this.#find(text, hashOf(text));
		if (found === -1) {
			return false;
		}

		this.#texts[found >>> chunkBits]![found & (chunkSize - 1)] = undefined;
		this.#size--;
		return true;
	}

	#find(text: string, hash: number): number {
		const slots = this.#slots;
		const mask = slots.length - 1;
		for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
			const entry = slots[slot]! - 1;
			if (entry === -1) {
				return -1;
			}

			if (this.#hashes[entry] === hash && this.textAt(entry) === text) {
				return entry;
			}
		}
	}

	#add(text: string, hash: number, value: number): number {
		if (this.#entries === this.#values.length) {
			this.#grow();
		}

		const entry = this.#entries++;
		const chunk = entry >>> chunkBits;
		// A chunk is made when its first entry comes, so chunks are made in order.
		this.#texts[chunk] ??= new Array<string | undefined>(chunkSize);
		this.#texts[chunk]![entry & (chunkSize - 1)] = text;
		this.#values[entry] = value;
		this.#hashes[entry] = hash;
		this.#place(entry, hash);
		this.#size++;
		return entry;
	}

	#place(entry: number, hash: number): void {
		const slots = this.#slots;
		const mask = slots.length - 1;
		let slot = hash & mask;
		while (slots[slot] !== 0) {
			slot = (slot + 1) & mask;
		}

		slots[slot] = entry + 1;
	}

	/** Twice the room, with the live entries renumbered in order (deleted ones dropped). */
	#grow(): void {
		const old = {values: this.#values, hashes: this.#hashes, entries: this.#entries};
		const larger = new TextTable(Math.max(16, this.#size * 2));
		for (let entry = 0; entry < old.entries; entry++) {
			const text = this.textAt(entry);
			if (text !== undefined) {
				larger.#add(text, old.hashes[entry]!, old.values[entry]!);
			}
		}

		this.#texts = larger.#texts;
		this.#values = larger.#values;
		this.#hashes = larger.#hashes;
		this.#slots = larger.#slots;
		this.#entries = larger.#entries;
	}
}
