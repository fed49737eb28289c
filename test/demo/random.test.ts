import {describe, expect, it} from 'vitest';
import {createRandom} from '../../source/demo/random.js';

function draws(seed: string | number, count = 20): number[] {
	const random = createRandom(seed);
	return Array.from({length: count}, () => random.next());
}

describe('createRandom', () => {
	it('repeats its sequence for the same seed and changes it with the seed', () => {
		expect(draws('demo')).toEqual(draws('demo'));
		expect(draws(42)).toEqual(draws('42'));
		expect(draws('demo')).not.toEqual(draws('demp'));
	});

	it('draws floats in [0, 1) spread evenly', () => {
		const values = draws('spread', 20_000);
		expect(values.every(value => value >= 0 && value < 1)).toBe(true);
		const buckets = Array.from({length: 10}, () => 0);
		for (const value of values) {
			buckets[Math.floor(value * 10)]!++;
		}

		for (const count of buckets) {
			expect(count).toBeGreaterThan(1800);
			expect(count).toBeLessThan(2200);
		}
	});

	it('draws integers within both bounds, reaching each', () => {
		const random = createRandom('int');
		const seen = new Set(Array.from({length: 2000}, () => random.int(3, 7)));
		expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
	});

	it('picks by weight', () => {
		const random = createRandom('weights');
		const counts = {rare: 0, common: 0, never: 0};
		for (let index = 0; index < 10_000; index++) {
			counts[random.weighted([['rare', 1], ['common', 9], ['never', 0]] as const)]++;
		}

		expect(counts.never).toBe(0);
		expect(counts.rare).toBeGreaterThan(800);
		expect(counts.rare).toBeLessThan(1200);
	});

	it('refuses to pick from nothing', () => {
		const random = createRandom('empty');
		expect(() => random.pick([])).toThrow();
		expect(() => random.weighted([])).toThrow();
	});

	it('makes identifiers of the requested alphabet and length', () => {
		const random = createRandom('ids');
		const ids = Array.from({length: 200}, () => [random.hex(24), random.alphanumeric(32), random.digits(21)] as const);
		expect(ids.filter(([hex]) => !/^[\da-f]{24}$/.test(hex))).toEqual([]);
		expect(ids.filter(([, alphanumeric]) => !/^[A-Za-z\d]{32}$/.test(alphanumeric))).toEqual([]);
		expect(ids.filter(([, , digits]) => !/^[1-9]\d{20}$/.test(digits))).toEqual([]);
		// Every character of the alphabets shows up.
		expect(new Set(ids.map(([hex]) => hex).join('')).size).toBe(16);
		expect(new Set(ids.map(([, alphanumeric]) => alphanumeric).join('')).size).toBe(62);
	});

	it('forks streams by label, whatever the parent drew before', () => {
		const parent = createRandom('parent');
		const early = parent.fork(7).next();
		parent.next();
		parent.next();
		expect(parent.fork(7).next()).toBe(early);
		expect(parent.fork(8).next()).not.toBe(early);
		expect(createRandom('other').fork(7).next()).not.toBe(early);
	});
});
