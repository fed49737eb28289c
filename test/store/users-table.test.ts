// The users table of a columns file's load (users-table.ts) behaves as the
// Map it replaces: the same users found, the same order, the same size,
// through any sets and deletes.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {StoredUser} from '../../source/store/tables.js';
import {UserIdIndex} from '../../source/store/user-id-index.js';
import {UsersTable} from '../../source/store/users-table.js';

/** Printable ids, ids the numbering cannot hold (lone), and one of each that no file row has. */
const ids = ['auth0|1', 'auth0|2', 'auth0|3', 'email|ü1', 'email|ü2', 'auth0|4', 'google-oauth2|5', 'auth0|none', 'sms|ü-none'];
const fileIds = ids.slice(0, 7);

function userOf(id: string, version: number): StoredUser {
	return {user_id: id, version} as unknown as StoredUser;
}

/** A table as a load makes it: the file's users numbered in order (lone ones not), and an id numbered that is no user's. */
function loaded(): {table: UsersTable; model: Map<string, StoredUser>} {
	const index = new UserIdIndex();
	const rows: StoredUser[] = [];
	const numbers: number[] = [];
	const lone = new Map<string, number>();
	for (const id of fileIds) {
		const number = index.add(id);
		if (number === -1) {
			lone.set(id, rows.length);
		}

		numbers.push(number);
		rows.push(userOf(id, 0));
	}

	// A deleted user's events number its id after the users.
	index.add('auth0|gone');
	const rowOfNumber = new Int32Array(index.size).fill(-1);
	for (const [row, number] of numbers.entries()) {
		if (number !== -1) {
			rowOfNumber[number] = row;
		}
	}

	return {table: new UsersTable(rows, index, rowOfNumber, lone), model: new Map(rows.map(user => [user.user_id, user]))};
}

type Step = {op: 'set' | 'delete' | 'clear'; id: string};
const step: fc.Arbitrary<Step> = fc.oneof(
	{weight: 10, arbitrary: fc.record({op: fc.constantFrom<'set' | 'delete'>('set', 'delete'), id: fc.constantFrom(...ids, 'auth0|gone')})},
	{weight: 1, arbitrary: fc.constant<Step>({op: 'clear', id: ''})},
);

function expectSame(table: UsersTable, model: Map<string, StoredUser>): void {
	expect(table.size).toBe(model.size);
	expect([...table.entries()]).toEqual([...model.entries()]);
	expect([...table]).toEqual([...model]);
	expect([...table.keys()]).toEqual([...model.keys()]);
	const array = table.toArray();
	expect(array).toHaveLength(model.size);
	const values = [...table.values()];
	for (const [index, user] of [...model.values()].entries()) {
		expect(values[index]).toBe(user);
		expect(array[index]).toBe(user);
	}

	for (const id of [...ids, 'auth0|gone', 'nobody']) {
		expect(table.get(id)).toBe(model.get(id));
		expect(table.has(id)).toBe(model.has(id));
	}

	const seen: string[] = [];
	table.forEach((user, id, map) => {
		expect(map).toBe(table);
		expect(user.user_id).toBe(id);
		seen.push(id);
	});
	expect(seen).toEqual([...model.keys()]);
}

describe('UsersTable', () => {
	it('finds the file\'s users by id, lone ids too, and nobody else', () => {
		const {table, model} = loaded();
		expectSame(table, model);
		expect(table.get('auth0|gone')).toBeUndefined();
	});

	it('keeps a Map\'s answers and order through any sets, deletes and clears', () => {
		fc.assert(fc.property(fc.array(step, {maxLength: 40}), steps => {
			const {table, model} = loaded();
			for (const [version, {op, id}] of steps.entries()) {
				switch (op) {
					case 'set': {
						const user = userOf(id, version + 1);
						expect(table.set(id, user)).toBe(table);
						model.set(id, user);
						break;
					}

					case 'delete': {
						expect(table.delete(id)).toBe(model.delete(id));
						break;
					}

					default: {
						table.clear();
						model.clear();
					}
				}

				expectSame(table, model);
			}
		}));
	});

	it('skips a user deleted while iterating and visits one added, as a Map does', () => {
		const {table, model} = loaded();
		for (const map of [table, model] as Array<Map<string, StoredUser>>) {
			const visited: string[] = [];
			for (const [id] of map) {
				visited.push(id);
				if (id === 'auth0|1') {
					map.delete('auth0|3');
					map.delete('email|ü2');
					map.set('auth0|none', userOf('auth0|none', 1));
				}
			}

			expect(visited).toEqual(['auth0|1', 'auth0|2', 'email|ü1', 'auth0|4', 'google-oauth2|5', 'auth0|none']);
		}
	});
});
