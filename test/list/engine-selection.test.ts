// Where the Users list's engine puts the selection when the rows change under
// it, at a size that takes the sliced sort and filter paths: a hand-run queue
// stands in for setImmediate and the clock jumps at every look, so each slice
// stops after a step and every pending state is seen. Nothing measures time.
import {describe, expect, it} from 'vitest';
import {compareUsers, type UserSort} from '../../source/domain/sort.js';
import type {ListUser, User} from '../../source/domain/types.js';
import {searchText} from '../../source/list/user-filter.js';
import {type ListFilter, noFilter, userAt} from '../../source/list/index.js';
import {type HandRun, handRunEngine, ids} from '../support/list-engine.js';

const firstNames = ['Anna', 'Bob', 'Chloé', 'Dana', 'Émile', 'Łukasz', 'Zoë', 'Jean-Luc', 'Mia', 'Omar'];
const lastNames = ['Adams', 'Brown', 'Smith', 'Søren', 'Nowak', 'Müller', 'Kim'];

/** `count` users, deterministic, names repeating (ties broken by user_id). */
function population(count: number): User[] {
	return Array.from({length: count}, (_, index) => {
		const id = `auth0|${((index * 2_654_435_761) >>> 0).toString(16).padStart(8, '0')}`;
		const first = firstNames[(index * 7) % firstNames.length]!;
		return {
			user_id: id,
			name: `${first} ${lastNames[(index * 11) % lastNames.length]!}`,
			email: `${first.toLowerCase()}.${index}@example.${index % 3 === 0 ? 'org' : 'com'}`,
			created_at: '2024-01-01T00:00:00.000Z',
			updated_at: '2024-01-01T00:00:00.000Z',
			identities: [{connection: 'Username-Password-Authentication', provider: 'auth0', user_id: id.slice(6), isSocial: false}],
			logins_count: index % 17,
		} as User;
	});
}

const users = population(20_000);
const byName: UserSort = {field: 'name', descending: false};

function handRun(): HandRun {
	return handRunEngine({firstRows: 25});
}

/** The index in `rows` of the first user who sorts after `user`, or the last row. */
function nearestIn(rows: readonly ListUser[], user: ListUser, sort: UserSort): number {
	const after = rows.findIndex(row => compareUsers(row, user, sort) > 0);
	return after === -1 ? rows.length - 1 : after;
}

function sortedUsers(from: Iterable<ListUser>, sort: UserSort, filter: (user: ListUser) => boolean = () => true): ListUser[] {
	return [...from].filter(filter).sort((a, b) => compareUsers(a, b, sort));
}

describe('the selection when the rows change (20,000 users, in slices)', () => {
	it('goes to the row nearest a user the filter leaves out, names them once the scan is done, and never before', () => {
		const run = handRun();
		const map = new Map(users.map(user => [user.user_id, user]));
		run.engine.view(map, 1, byName, noFilter);
		run.drain();
		const all = run.engine.view(map, 1, byName, noFilter);
		expect(all.pending).toBeUndefined();
		// A user deep in the list, on .org: the filter below leaves them out.
		let index = all.rows.length / 2;
		while (!userAt(all, index)!.email!.endsWith('.org')) {
			index++;
		}

		const chosen = userAt(all, index)!;
		expect(run.engine.locate(all, chosen.user_id, index)).toEqual({index, userId: chosen.user_id});

		const filter: ListFilter = {mode: 'text', text: 'example.com'};
		const early = run.engine.view(map, 1, byName, filter);
		expect(early.pending?.work).toBe('filter');
		// Only the first rows are known: nobody is declared gone yet.
		expect(run.engine.locate(early, chosen.user_id, index).lost).toBeUndefined();

		run.drain();
		const done = run.engine.view(map, 1, byName, filter);
		expect(done.pending).toBeUndefined();
		const matches = sortedUsers(map.values(), byName, user => searchText(user).includes('example.com'));
		expect(ids(done)).toEqual(matches.map(user => user.user_id));
		const nearest = nearestIn(matches, chosen, byName);
		// Not where the remembered index would clamp to.
		expect(nearest).not.toBe(Math.min(index, matches.length - 1));
		const at = run.engine.locate(done, chosen.user_id, index);
		expect(at).toEqual({index: nearest, userId: matches[nearest]!.user_id, lost: chosen});

		// Sorted the other way, the nearest row is the one after them in that order.
		const descending: UserSort = {field: 'name', descending: true};
		run.engine.view(map, 1, descending, filter);
		run.drain();
		const reversed = run.engine.view(map, 1, descending, filter);
		const reversedMatches = sortedUsers(map.values(), descending, user => searchText(user).includes('example.com'));
		expect(run.engine.locate(reversed, chosen.user_id, index).userId).toBe(reversedMatches[nearestIn(reversedMatches, chosen, descending)]!.user_id);

		// A query that leaves them out too.
		const query: ListFilter = {mode: 'query', text: `logins_count:[${(chosen.logins_count ?? 0) + 1} TO *]`};
		run.engine.view(map, 1, byName, query);
		run.drain();
		const queried = run.engine.view(map, 1, byName, query);
		const queryMatches = sortedUsers(map.values(), byName, user => (user.logins_count ?? 0) > (chosen.logins_count ?? 0));
		expect(ids(queried)).toEqual(queryMatches.map(user => user.user_id));
		expect(run.engine.locate(queried, chosen.user_id, index)).toEqual({index: nearestIn(queryMatches, chosen, byName), userId: queryMatches[nearestIn(queryMatches, chosen, byName)]!.user_id, lost: chosen});
	});

	it('puts the selection where a deleted user was, even when the remembered index is out of date', () => {
		const run = handRun();
		const map = new Map(users.map(user => [user.user_id, user]));
		run.engine.view(map, 1, byName, noFilter);
		run.drain();
		const first = run.engine.view(map, 1, byName, noFilter);
		const index = 7000;
		const chosen = userAt(first, index)!;
		expect(run.engine.locate(first, chosen.user_id, index).index).toBe(index);

		// Someone above is deleted (another process): the user is one row up, the index the list remembers is not.
		const above = userAt(first, 10)!;
		const second = new Map(map);
		second.delete(above.user_id);
		run.engine.view(second, 2, byName, noFilter);
		run.drain();
		const afterAbove = run.engine.view(second, 2, byName, noFilter);
		expect(run.engine.locate(afterAbove, chosen.user_id, index)).toEqual({index: index - 1, userId: chosen.user_id});

		// Then the user: their place goes to the next user, one row above the remembered index.
		const third = new Map(second);
		third.delete(chosen.user_id);
		run.engine.view(third, 3, byName, noFilter);
		run.drain();
		const gone = run.engine.view(third, 3, byName, noFilter);
		const next = sortedUsers(third.values(), byName)[index - 1]!;
		expect(compareUsers(next, chosen, byName)).toBeGreaterThan(0);
		expect(run.engine.locate(gone, chosen.user_id, index)).toEqual({index: index - 1, userId: next.user_id, lost: chosen});
	});

	it('keeps a filtered list, with its selected user, in view while it is sorted again in slices', () => {
		const run = handRun();
		const map = new Map(users.map(user => [user.user_id, user]));
		const filter: ListFilter = {mode: 'text', text: 'example.org'};
		run.engine.view(map, 1, byName, filter);
		run.drain();
		const filtered = run.engine.view(map, 1, byName, filter);
		const index = 3000;
		const chosen = userAt(filtered, index)!;
		expect(run.engine.locate(filtered, chosen.user_id, index).userId).toBe(chosen.user_id);

		const byLogins: UserSort = {field: 'logins_count', descending: true};
		const sorting = run.engine.view(map, 1, byLogins, filter);
		expect(sorting.pending?.work).toBe('sort');
		expect(run.engine.locate(sorting, chosen.user_id, index)).toEqual({index, userId: chosen.user_id});

		run.drain();
		const sorted = run.engine.view(map, 1, byLogins, filter);
		const expected = sortedUsers(map.values(), byLogins, user => searchText(user).includes('example.org'));
		expect(ids(sorted)).toEqual(expected.map(user => user.user_id));
		const place = expected.findIndex(user => user.user_id === chosen.user_id);
		expect(run.engine.locate(sorted, chosen.user_id, index)).toEqual({index: place, userId: chosen.user_id});
	});
});
