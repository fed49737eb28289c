// The list's text → number table with its room reserved (text-table.ts)
// answers as a Map would, through any mix of sets, deletes, lookups and
// growth past the room reserved.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {TextTable} from '../../source/list/text-table.js';

type Operation = {kind: 'set'; text: string; value: number} | {kind: 'delete'; text: string} | {kind: 'entry'; text: string; value: number};

// Few distinct texts, so sets, deletes and sets again hit the same keys; some share a hash's low bits by length.
const text = fc.oneof(fc.constantFrom('', 'a', 'b', 'auth0|1', 'auth0|2', 'Zoë', '李', 'a\u0000b'), fc.string({maxLength: 6}));
const operation: fc.Arbitrary<Operation> = fc.oneof(
	fc.record({kind: fc.constant('set' as const), text, value: fc.integer({min: -5, max: 1_000_000})}),
	fc.record({kind: fc.constant('delete' as const), text}),
	fc.record({kind: fc.constant('entry' as const), text, value: fc.integer({min: 0, max: 9})}),
);

describe('TextTable', () => {
	it('answers get, has, size and delete as a Map does, room or not', () => {
		fc.assert(fc.property(fc.integer({min: 0, max: 40}), fc.array(operation, {maxLength: 300}), (capacity, operations) => {
			const table = new TextTable(capacity);
			const map = new Map<string, number>();
			for (const step of operations) {
				switch (step.kind) {
					case 'set': {
						table.set(step.text, step.value);
						map.set(step.text, step.value);
						break;
					}

					case 'delete': {
						expect(table.delete(step.text)).toBe(map.delete(step.text));
						break;
					}

					case 'entry': {
						const entry = table.entryOf(step.text, step.value);
						if (!map.has(step.text)) {
							map.set(step.text, step.value);
						}

						expect(table.textAt(entry)).toBe(step.text);
						expect(table.valueAt(entry)).toBe(map.get(step.text));
						break;
					}
				}

				expect(table.size).toBe(map.size);
				expect(table.get(step.text)).toBe(map.get(step.text));
				expect(table.has(step.text)).toBe(map.has(step.text));
			}

			for (const [key, value] of map) {
				expect(table.get(key)).toBe(value);
			}
		}));
	});

	it('numbers distinct texts from 0 in the order first seen, and keeps a value set by number', () => {
		const table = new TextTable(4);
		const names = ['Anna', 'Bob', 'Anna', 'Chloé', 'Bob'];
		expect(names.map(name => table.entryOf(name, 0))).toEqual([0, 1, 0, 2, 1]);
		expect(table.entries).toBe(3);
		table.setValueAt(2, 7);
		expect(table.get('Chloé')).toBe(7);
	});

	it('holds a hundred thousand ids past its room and finds each', () => {
		const table = TextTable.sized(10_000);
		for (let index = 0; index < 100_000; index++) {
			table.set(`auth0|${index.toString(16)}`, index);
		}

		for (let index = 0; index < 100_000; index += 7) {
			table.delete(`auth0|${index.toString(16)}`);
		}

		let found = 0;
		for (let index = 0; index < 100_000; index++) {
			const value = table.get(`auth0|${index.toString(16)}`);
			if (index % 7 === 0) {
				expect(value).toBeUndefined();
			} else {
				expect(value).toBe(index);
				found++;
			}
		}

		expect(table.size).toBe(found);
	});
});
