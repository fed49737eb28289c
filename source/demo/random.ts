// Seeded randomness for the demo store. The same seed must give the same people,
// so nothing here reads Math.random or the clock: sfc32 (128-bit state, fast,
// passes PractRand) seeded from a cyrb128 hash of a text key.

export type Random = {
	/** A float in [0, 1). */
	next(): number;
	/** An integer in [min, max], both inclusive. */
	int(min: number, max: number): number;
	chance(probability: number): boolean;
	pick<T>(items: readonly T[]): T;
	/** Picks by relative weight. */
	weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T;
	hex(length: number): string;
	/** Decimal digits; the first one is never 0, so the length is kept as a number. */
	digits(length: number): string;
	alphanumeric(length: number): string;
	/**
	 * An independent stream named by `label` (a user's index, a table): adding a draw
	 * to one part of the generator never reshuffles the people of another.
	 */
	fork(label: string | number): Random;
};

export function createRandom(seed: string | number): Random {
	return new Sfc32(String(seed));
}

const alphanumericCharacters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const hexCharacters = '0123456789abcdef';
const decimalCharacters = '0123456789';

// A class rather than closures: the generator makes a few streams per user, and
// a million users should not mean ten million closures for the collector.
class Sfc32 implements Random {
	readonly #key: string;
	#a: number;
	#b: number;
	#c: number;
	#d: number;

	constructor(key: string) {
		this.#key = key;
		[this.#a, this.#b, this.#c, this.#d] = cyrb128(key);
		// The first outputs of sfc32 still echo the seed: discard them.
		for (let index = 0; index < 12; index++) {
			this.next();
		}
	}

	next(): number {
		const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
		this.#d = (this.#d + 1) | 0;
		this.#a = this.#b ^ (this.#b >>> 9);
		this.#b = (this.#c + (this.#c << 3)) | 0;
		const c = (this.#c << 21) | (this.#c >>> 11);
		this.#c = (c + t) | 0;
		return (t >>> 0) / 4_294_967_296;
	}

	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(items: readonly T[]): T {
		if (items.length === 0) {
			throw new Error('Cannot pick from an empty list');
		}

		return items[Math.floor(this.next() * items.length)] as T;
	}

	weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
		let total = 0;
		for (let index = 0; index < entries.length; index++) {
			total += entries[index]![1];
		}

		let target = this.next() * total;
		for (let index = 0; index < entries.length; index++) {
			const entry = entries[index]!;
			target -= entry[1];
			if (target < 0) {
				return entry[0];
			}
		}

		const last = entries.at(-1);
		if (last === undefined) {
			throw new Error('Cannot pick from an empty list');
		}

		return last[0];
	}

	hex(length: number): string {
		return this.#fromAlphabet(hexCharacters, length);
	}

	digits(length: number): string {
		if (length <= 0) {
			return '';
		}

		const codes = new Array<number>(length);
		codes[0] = decimalCharacters.charCodeAt(this.int(1, 9));
		for (let index = 1; index < length; index++) {
			codes[index] = decimalCharacters.charCodeAt(this.int(0, 9));
		}

		return String.fromCharCode(...codes);
	}

	alphanumeric(length: number): string {
		return this.#fromAlphabet(alphanumericCharacters, length);
	}

	fork(label: string | number): Random {
		return new Sfc32(`${this.#key}/${label}`);
	}

	#fromAlphabet(alphabet: string, length: number): string {
		// From char codes in one go: appending a character at a time leaves V8 a chain
		// of a dozen rope nodes per id, which a million users would pay for in memory.
		const codes = new Array<number>(length);
		for (let index = 0; index < length; index++) {
			codes[index] = alphabet.charCodeAt(Math.floor(this.next() * alphabet.length));
		}

		return String.fromCharCode(...codes);
	}
}

/** Four 32-bit words from a string (bryc's cyrb128). */
function cyrb128(text: string): [number, number, number, number] {
	let h1 = 1_779_033_703;
	let h2 = 3_144_134_277;
	let h3 = 1_013_904_242;
	let h4 = 2_773_480_762;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		h1 = h2 ^ Math.imul(h1 ^ code, 597_399_067);
		h2 = h3 ^ Math.imul(h2 ^ code, 2_869_860_233);
		h3 = h4 ^ Math.imul(h3 ^ code, 951_274_213);
		h4 = h1 ^ Math.imul(h4 ^ code, 2_716_044_179);
	}

	h1 = Math.imul(h3 ^ (h1 >>> 18), 597_399_067);
	h2 = Math.imul(h4 ^ (h2 >>> 22), 2_869_860_233);
	h3 = Math.imul(h1 ^ (h3 >>> 17), 951_274_213);
	h4 = Math.imul(h2 ^ (h4 >>> 19), 2_716_044_179);
	h1 ^= h2 ^ h3 ^ h4;
	h2 ^= h1;
	h3 ^= h1;
	h4 ^= h1;
	return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
