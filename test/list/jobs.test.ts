// The list engine's smaller jobs, each alone: patching the users array, the
// positions index, the idle queue and the kept results.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {createIdleQueue} from '../../source/list/idle.js';
import {patchUsers} from '../../source/list/patch.js';
import {createPositionsIndex} from '../../source/list/positions.js';
import {createResults} from '../../source/list/results.js';
import {noFilter} from '../../source/list/view.js';

function user(id: string, name = id): User {
	return {user_id: id, name, created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-01-01T00:00:00.000Z'} as User;
}

/** A deferred-work queue the test runs by hand. */
function manual() {
	const queue: Array<() => void> = [];
	return {
		defer(work: () => void) {
			queue.push(work);
		},
		runAll() {
			let runs = 0;
			while (queue.length > 0) {
				queue.shift()!();
				runs++;
			}

			return runs;
		},
		get pending() {
			return queue.length;
		},
	};
}

describe('patchUsers', () => {
	it('brings the array and the positions to the map for any changes, moving only the last user into a deleted place', () => {
		fc.assert(fc.property(
			fc.integer({min: 0, max: 30}),
			fc.array(fc.record({at: fc.nat(40), kind: fc.constantFrom('delete', 'change', 'create')}), {maxLength: 8}),
			(size, changes) => {
				const users = Array.from({length: size}, (_, index) => user(`u${index}`));
				const original = [...users];
				const map = new Map(users.map(one => [one.user_id, one]));
				const changed = new Set<string>();
				for (const {at, kind} of changes) {
					const id = kind === 'create' ? `new${at}` : `u${at % Math.max(1, size)}`;
					if (kind === 'delete') {
						map.delete(id);
					} else {
						map.set(id, user(id, `${kind} ${at}`));
					}

					changed.add(id);
				}

				const of = new Map(users.map((one, position) => [one.user_id, position]));
				const {edit, placed} = patchUsers(users, of, map, changed);
				// The same users as the map, each where `of` says.
				expect(new Set(users)).toEqual(new Set(map.values()));
				expect(users).toHaveLength(map.size);
				for (const [position, one] of users.entries()) {
					expect(of.get(one.user_id)).toBe(position);
				}

				expect(of.size).toBe(users.length);
				// Users not changed stay in place, unless they were last and took a deleted user's place.
				const deleted = original.filter(one => !map.has(one.user_id)).length;
				for (const [position, one] of original.entries()) {
					if (!changed.has(one.user_id) && position < original.length - deleted) {
						expect(users[position]).toBe(one);
					}
				}

				// The edit tells what each position held before.
				for (const position of edit.removed) {
					expect(edit.previous(position)).toBe(original[position]);
				}

				expect(placed.map(position => users[position]!.user_id).sort()).toEqual([...changed].filter(id => map.has(id) && map.get(id) !== original[Number(id.slice(1))]).sort());
			},
		));
	});
});

describe('the positions index', () => {
	it('is built in slices, between other work, and only for the users still wanted', () => {
		let clock = 0;
		const work = manual();
		const index = createPositionsIndex({now: () => clock++, sliceMs: 3, defer: work.defer});
		const users = Array.from({length: 20_000}, (_, index) => user(`u${index}`));
		let done = 0;
		expect(index.build(users, () => true, () => done++)).toBe(true);
		// Asked again while it runs: nothing more to do.
		expect(index.build(users, () => true, () => done++)).toBe(false);
		expect(index.current()).toBeUndefined();
		expect(work.runAll()).toBeGreaterThan(1);
		expect(done).toBe(1);
		expect(index.current()?.users).toBe(users);
		expect(index.current()?.of.get('u12345')).toBe(12_345);
		expect(index.build(users, () => true, () => done++)).toBe(false);

		// Users no longer current (a newer revision): the build stops, with nothing to show.
		const others = users.slice(1);
		let wanted = true;
		index.build(others, () => wanted, () => done++);
		wanted = false;
		work.runAll();
		expect(done).toBe(1);
		expect(index.current()?.users).toBe(users);
		index.forget();
		expect(index.current()).toBeUndefined();
	});
});

describe('the idle queue', () => {
	it('runs its work only after a pause, never while the engine is busy, at once when hurried, in order', () => {
		let clock = 1000;
		let lastActive = 1000;
		let busy = false;
		const work = manual();
		const waits: Array<{ms: number; work: () => void}> = [];
		const current = {};
		const idle = createIdleQueue({
			now: () => clock,
			sliceMs: 8,
			idleMs: 150,
			defer: work.defer,
			later(ms, later) {
				waits.push({ms, work: later});
			},
			busy: () => busy,
			lastActive: () => lastActive,
			current: () => current,
		});
		const ran: string[] = [];
		let slices = 2;
		idle.push(deadline => {
			expect(deadline).toBe(clock + 8);
			ran.push('first');
			return --slices === 0;
		});
		idle.push(() => {
			ran.push('second');
			return true;
		});
		idle.resume();
		work.runAll();
		// The user was just active: it waits out the rest of the pause.
		expect(ran).toEqual([]);
		expect(waits.map(wait => wait.ms)).toEqual([150]);
		clock += 100;
		waits.shift()!.work();
		expect(waits.map(wait => wait.ms)).toEqual([50]);
		clock += 50;
		busy = true;
		waits.shift()!.work();
		expect(ran).toEqual([]);
		busy = false;
		idle.resume();
		work.runAll();
		expect(ran).toEqual(['first', 'first', 'second']);
		expect(idle.size).toBe(0);

		// Hurried for the current users: no waiting for a pause.
		lastActive = clock;
		idle.push(() => {
			ran.push('hurried');
			return true;
		});
		idle.hurry(current);
		idle.resume();
		work.runAll();
		expect(ran.at(-1)).toBe('hurried');
		expect(waits).toEqual([]);
		// Hurrying ends with the work.
		idle.push(() => {
			ran.push('later');
			return true;
		});
		idle.resume();
		work.runAll();
		expect(ran.at(-1)).toBe('hurried');
		expect(waits).toHaveLength(1);
		idle.clear();
		clock += 1000;
		waits.shift()!.work();
		work.runAll();
		expect(ran.at(-1)).toBe('hurried');
	});
});

describe('kept results', () => {
	it('keeps as many as asked, dropping the least recently used', () => {
		const results = createResults(2);
		const rows = (value: number) => Int32Array.of(value);
		results.keep('a', {sort: 's', filter: noFilter, rows: rows(1), unread: []});
		results.keep('b', {sort: 's', filter: noFilter, rows: rows(2), unread: []});
		expect(results.recent('a')?.rows).toEqual(rows(1));
		results.keep('c', {sort: 's', filter: noFilter, rows: rows(3), unread: []});
		expect(results.recent('b')).toBeUndefined();
		expect(results.recent('a')?.rows).toEqual(rows(1));
		expect([...results.entries()].map(([key]) => key)).toEqual(['c', 'a']);
		results.replace(new Map());
		expect(results.recent('a')).toBeUndefined();
	});
});
