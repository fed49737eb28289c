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

const alphanumericCharacters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const hexCharacters = '0123456789abcdef';

export function createRandom(seed: string | number): Random {
	return fromKey(String(seed));
}

function fromKey(key: string): Random {
	const [a, b, c, d] = cyrb128(key);
	const next = sfc32(a, b, c, d);
	// The first outputs of sfc32 still echo the seed: discard them.
	for (let index = 0; index < 12; index++) {
		next();
	}

	const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
	const fromAlphabet = (alphabet: string, length: number): string => {
		let out = '';
		for (let index = 0; index < length; index++) {
			out += alphabet[Math.floor(next() * alphabet.length)];
		}

		return out;
	};

	return {
		next,
		int,
		chance: probability => next() < probability,
		pick<T>(items: readonly T[]): T {
			if (items.length === 0) {
				throw new Error('Cannot pick from an empty list');
			}

			return items[Math.floor(next() * items.length)] as T;
		},
		weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
			let total = 0;
			for (const [, weight] of entries) {
				total += weight;
			}

			let target = next() * total;
			for (const [value, weight] of entries) {
				target -= weight;
				if (target < 0) {
					return value;
				}
			}

			const last = entries.at(-1);
			if (last === undefined) {
				throw new Error('Cannot pick from an empty list');
			}

			return last[0];
		},
		hex: length => fromAlphabet(hexCharacters, length),
		digits: length => length <= 0 ? '' : String(int(1, 9)) + fromAlphabet('0123456789', length - 1),
		alphanumeric: length => fromAlphabet(alphanumericCharacters, length),
		fork: label => fromKey(`${key}/${label}`),
	};
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

function sfc32(seedA: number, seedB: number, seedC: number, seedD: number): () => number {
	let a = seedA;
	let b = seedB;
	let c = seedC;
	let d = seedD;
	return () => {
		a |= 0;
		b |= 0;
		c |= 0;
		d |= 0;
		const t = (((a + b) | 0) + d) | 0;
		d = (d + 1) | 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) | 0;
		c = (c << 21) | (c >>> 11);
		c = (c + t) | 0;
		return (t >>> 0) / 4_294_967_296;
	};
}
