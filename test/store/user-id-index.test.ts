// The load's one numbering of user ids (user-id-index.ts): an id found from
// a line's bytes is the same number as the string, whatever collides or grows.
import {Buffer} from 'node:buffer';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {StringColumnReader} from '../../source/store/columns-file.js';
import {hashText} from '../../source/store/key-hash.js';
import {UserIdIndex} from '../../source/store/user-id-index.js';

/** The number of `id` as a column row's line gives it: its bytes inside other text. */
function numberFromLine(index: UserIdIndex, id: string, interned: string[]): number {
	const line = Buffer.from(`["logs",{"user_id":"${id}"}]`, 'latin1');
	const start = line.indexOf(id, 0, 'latin1');
	return index.numberAt(line, start, start + id.length, text => {
		interned.push(text);
		return text;
	});
}

const printableId = fc.string({unit: fc.integer({min: 0x20, max: 0x7E}).map(code => String.fromCharCode(code)), maxLength: 12}).filter(id => !id.includes('"'));

describe('UserIdIndex', () => {
	it('gives an id the same number from its bytes as from its string, numbering new ids in order', () => {
		fc.assert(fc.property(fc.integer({min: 0, max: 50}), fc.array(fc.tuple(fc.boolean(), printableId), {maxLength: 200}), (expected, steps) => {
			const index = new UserIdIndex(expected);
			const numbers = new Map<string, number>();
			const interned: string[] = [];
			for (const [fromLine, id] of steps) {
				const number = fromLine ? numberFromLine(index, id, interned) : index.add(id);
				if (!numbers.has(id)) {
					numbers.set(id, numbers.size);
				}

				expect(number).toBe(numbers.get(id));
			}

			expect(index.size).toBe(numbers.size);
			for (const [id, number] of numbers) {
				expect(index.numberOf(id)).toBe(number);
				expect(index.idOf(number)).toBe(id);
			}

			// A string is made from the bytes only for an id not numbered yet.
			expect(interned.length).toBeLessThanOrEqual(numbers.size);
			expect(new Set(interned).size).toBe(interned.length);
		}));
	});

	it('tells apart ids whose hashes collide', () => {
		expect(hashText('log-163378')).toBe(hashText('log-1200306'));
		const index = new UserIdIndex(4);
		expect(index.add('log-163378')).toBe(0);
		expect(numberFromLine(index, 'log-1200306', [])).toBe(1);
		expect(numberFromLine(index, 'log-163378', [])).toBe(0);
		expect(index.numberOf('log-1200306')).toBe(1);
	});

	it('keeps the string it was given for a user, and never numbers an id that is not printable ASCII', () => {
		const index = new UserIdIndex();
		const userId = ['auth0|', 'abc'].join('');
		index.add(userId);
		const interned: string[] = [];
		expect(numberFromLine(index, 'auth0|abc', interned)).toBe(0);
		expect(interned).toEqual([]);
		expect(index.idOf(0)).toBe(userId);
		expect(index.add('auth0|é')).toBe(-1);
		expect(index.numberOf('auth0|é')).toBeUndefined();
		expect(index.size).toBe(1);
	});

	it('finds each of 50,000 ids after growing far past the room it was made with', () => {
		const index = new UserIdIndex(10);
		for (let user = 0; user < 50_000; user++) {
			expect(index.add(`auth0|${user.toString(36)}`)).toBe(user);
		}

		for (let user = 0; user < 50_000; user += 13) {
			expect(numberFromLine(index, `auth0|${user.toString(36)}`, [])).toBe(user);
		}

		expect(index.numberOf('auth0|unknown')).toBeUndefined();
	});

	it('restored from a columns file\'s text, finds the same numbers without a string per id, and numbers new ids after them', () => {
		// Compared with the column's bytes, and (no cut before decoding) with its decoded text.
		fc.assert(fc.property(fc.uniqueArray(printableId, {maxLength: 60}), fc.array(printableId, {maxLength: 30}), fc.constantFrom(0, 50_000), (before, after, cutsBeforeDecoding) => {
			const original = new UserIdIndex();
			for (const id of before) {
				original.add(id);
			}

			const {ids, hashes, slots} = original.image();
			const ends = new Uint32Array(ids.length);
			let end = 0;
			for (const [number, id] of ids.entries()) {
				end += id.length;
				ends[number] = end;
			}

			const restored = UserIdIndex.restore(new StringColumnReader(Buffer.from(ids.join(''), 'latin1'), ends, cutsBeforeDecoding), hashes, slots);
			expect(restored.size).toBe(before.length);
			for (const [number, id] of before.entries()) {
				expect(restored.idOf(number)).toBe(id);
				expect(restored.numberOf(id)).toBe(number);
				expect(numberFromLine(restored, id, [])).toBe(number);
			}

			// Both go on numbering alike: from a string or from a line's bytes.
			for (const [step, id] of after.entries()) {
				const expected = original.add(id);
				expect(step % 2 === 0 ? restored.add(id) : numberFromLine(restored, id, [])).toBe(expected);
				expect(restored.idOf(expected)).toBe(id);
			}

			expect(restored.size).toBe(original.size);
			expect(restored.image()).toEqual(original.image());
		}));
	});

	it('restored, tells apart ids of the same length whose hashes collide, from a string or from bytes', () => {
		expect(hashText('auth0|0812299')).toBe(hashText('auth0|1122232'));
		const original = new UserIdIndex();
		original.add('auth0|0812299');
		const {hashes, slots} = original.image();
		for (const cutsBeforeDecoding of [0, 50_000]) {
			// Copies: a restored index grows its arrays in place.
			const restored = UserIdIndex.restore(new StringColumnReader(Buffer.from('auth0|0812299', 'latin1'), Uint32Array.of(13), cutsBeforeDecoding), hashes.slice(), slots.slice());
			// Cut first: with no cut before decoding, the comparisons below are with the decoded text.
			expect(restored.idOf(0)).toBe('auth0|0812299');
			expect(restored.numberOf('auth0|1122232')).toBeUndefined();
			expect(numberFromLine(restored, 'auth0|1122232', [])).toBe(1);
			expect(restored.numberOf('auth0|0812299')).toBe(0);
			expect(numberFromLine(restored, 'auth0|0812299', [])).toBe(0);
			expect(restored.idOf(1)).toBe('auth0|1122232');
		}
	});
});
