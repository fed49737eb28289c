// `/` within a `:` query (issue 18): the list engine's stacked filter shows
// exactly the users that match both, however the text is typed, deleted or
// the query changed, wherever the slices stop; and the text is tested only
// against what the query matched, not the whole store.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {compileSearch} from '../../source/domain/search/index.js';
import {compareUsers, type UserSort} from '../../source/domain/sort.js';
import type {User} from '../../source/domain/types.js';
import {type ListFilter, stackedFilter} from '../../source/list/index.js';
import {searchText} from '../../source/list/user-filter.js';
import {handRunEngine, ids} from '../support/list-engine.js';

const names = ['Anna Adams', 'anna Smith', 'Bob Annan', 'Chloé Brown', 'Dana Kim', 'Émile Nowak', 'Zoë Müller', 'Jean-Luc Søren'];

/** How many times a user's logins_count was read: the queries below read it, the text search never does. */
let loginReads = 0;

function population(count: number): User[] {
	return Array.from({length: count}, (_, index): User => {
		const id = `auth0|${((index * 2_654_435_761) >>> 0).toString(16).padStart(8, '0')}`;
		const logins = index % 23;
		const user = {
			user_id: id,
			...(index % 11 === 0 ? {} : {name: `${names[index % names.length]!} ${index % 7}`}),
			email: `person.${index}@example.${index % 3 === 0 ? 'org' : 'com'}`,
			created_at: '2024-01-01T00:00:00.000Z',
			updated_at: '2024-01-01T00:00:00.000Z',
			identities: [{connection: 'Username-Password-Authentication', provider: 'auth0', user_id: id.slice(6), isSocial: false}],
			blocked: index % 5 === 0,
		} as User;
		Object.defineProperty(user, 'logins_count', {
			enumerable: true,
			get() {
				loginReads++;
				return logins;
			},
		});
		return user;
	});
}

const users = population(12_000);
const map = new Map(users.map(user => [user.user_id, user]));
const byName: UserSort = {field: 'name', descending: false};

function expected(sort: UserSort, query: string, text: string): string[] {
	const predicate = query === '' ? () => true : compileSearch(query);
	const needle = text.toLowerCase();
	return users
		.filter(user => predicate(user) && searchText(user).includes(needle))
		.sort((a, b) => compareUsers(a, b, sort))
		.map(user => user.user_id);
}

describe('a text within a query', () => {
	it('tests the text only against the users the query matched', () => {
		const run = handRunEngine({firstRows: 25});
		const query = 'logins_count:[10 TO *]';
		run.engine.view(map, 1, byName, stackedFilter(query, ''));
		run.drain();
		loginReads = 0;
		const filter: ListFilter = stackedFilter(query, 'ann');
		run.engine.view(map, 1, byName, filter);
		run.drain();
		const view = run.engine.view(map, 1, byName, filter);
		expect(view.pending).toBeUndefined();
		// Narrowed from the query's own result: no user was tested against the query again.
		expect(loginReads).toBe(0);
		expect(ids(view)).toEqual(expected(byName, query, 'ann'));

		// Typing on narrows from the last text within the same query.
		loginReads = 0;
		run.engine.view(map, 1, byName, stackedFilter(query, 'anna'));
		run.drain();
		expect(loginReads).toBe(0);
		expect(ids(run.engine.view(map, 1, byName, stackedFilter(query, 'anna')))).toEqual(expected(byName, query, 'anna'));

		// Another query has no scan yet: only the users containing the text are tested against it.
		const other = 'logins_count:[0 TO 3]';
		loginReads = 0;
		run.engine.view(map, 1, byName, stackedFilter(other, 'anna'));
		run.drain();
		const tested = loginReads;
		const containing = users.filter(user => searchText(user).includes('anna')).length;
		expect(tested).toBeGreaterThan(0);
		// The first rows test in display order, and the whole scan again: at most twice each.
		expect(tested).toBeLessThanOrEqual(containing * 2);
		expect(tested).toBeLessThan(users.length / 2);
		expect(ids(run.engine.view(map, 1, byName, stackedFilter(other, 'anna')))).toEqual(expected(byName, other, 'anna'));
	});

	it('is right whatever is typed, deleted, or queried, and wherever the slices stop', () => {
		type Step = {type: 'type'; char: string} | {type: 'backspace'} | {type: 'query'; query: string} | {type: 'sort'; descending: boolean};
		const step: fc.Arbitrary<Step> = fc.oneof(
			fc.record({type: fc.constant('type' as const), char: fc.constantFrom('a', 'n', 'o', '.', 'e', 'A', '1')}),
			fc.constant({type: 'backspace' as const}),
			fc.record({type: fc.constant('query' as const), query: fc.constantFrom('', 'logins_count:[10 TO *]', 'blocked:true', 'email:*.org', 'logins_count:[0 TO 4] OR blocked:true')}),
			fc.record({type: fc.constant('sort' as const), descending: fc.boolean()}),
		);
		fc.assert(fc.property(fc.array(fc.record({step, slices: fc.nat(4)}), {minLength: 1, maxLength: 14}), steps => {
			const run = handRunEngine({firstRows: 25, keptScans: 3});
			let query = '';
			let text = '';
			let sort = byName;
			for (const {step: change, slices} of steps) {
				switch (change.type) {
					case 'type': {
						text += change.char;
						break;
					}

					case 'backspace': {
						text = text.slice(0, -1);
						break;
					}

					case 'query': {
						query = change.query;
						break;
					}

					case 'sort': {
						sort = {field: 'name', descending: change.descending};
						break;
					}
				}

				const view = run.engine.view(map, 1, sort, stackedFilter(query, text));
				if (view.pending?.work === 'filter') {
					expect(ids(view)).toEqual(expected(sort, query, text).slice(0, view.rows.length));
				} else if (!view.pending) {
					expect(ids(view)).toEqual(expected(sort, query, text));
				}

				for (let slice = 0; slice < slices; slice++) {
					run.step();
				}
			}

			run.drain();
			const final = run.engine.view(map, 1, sort, stackedFilter(query, text));
			expect(final.pending).toBeUndefined();
			expect(ids(final)).toEqual(expected(sort, query, text));
		}), {numRuns: 15});
	}, 180_000);
});
