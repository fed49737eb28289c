// A `:` query on a field the list does not hold reads each profile; a user
// whose profile cannot be read (damaged in the store file) is no match, and
// the view says how many such users the query could not search instead of
// leaving them out without a word: for the query, for a `/` text within it
// (narrowed from the query's scan), and after a patch deletes one of them.
import {describe, expect, it} from 'vitest';
import {unreadableProfile} from '../../source/domain/search/index.js';
import type {UserSort} from '../../source/domain/sort.js';
import type {ListUser, User} from '../../source/domain/types.js';
import {stackedFilter, type UserListView} from '../../source/list/index.js';
import {handRunEngine, ids} from '../support/list-engine.js';

const names = ['Anna Adams', 'Bob Annan', 'Chloé Brown', 'Dana Kim'];

function population(count: number): User[] {
	return Array.from({length: count}, (_, index): User => {
		const id = `auth0|${String(index).padStart(6, '0')}`;
		return {
			user_id: id,
			name: `${names[index % names.length]!} ${index}`,
			nickname: index % 2 === 0 ? 'even' : 'odd',
			email: `person.${index}@example.com`,
			created_at: '2024-01-01T00:00:00.000Z',
			updated_at: '2024-01-01T00:00:00.000Z',
			identities: [{connection: 'Username-Password-Authentication', provider: 'auth0', user_id: id.slice(6), isSocial: false}],
			logins_count: index % 7,
		};
	});
}

const users = population(9000);
/** Every 1000th user's profile cannot be read: 9 of them, all "Anna Adams" (0, 1000, … 8000), with an even nickname. */
const damaged = new Set(users.filter((_, index) => index % 1000 === 0).map(user => user.user_id));
const byName: UserSort = {field: 'name', descending: false};

function engineOverDamage() {
	let reads = 0;
	const run = handRunEngine({
		firstRows: 20,
		profileOf(user: ListUser) {
			reads++;
			return damaged.has(user.user_id) ? unreadableProfile : user as User;
		},
	});
	const finished = (map: ReadonlyMap<string, ListUser>, revision: number, filter: ReturnType<typeof stackedFilter>, changes?: (since: number) => ReadonlySet<string>): UserListView => {
		run.engine.view(map, revision, byName, filter, changes);
		run.drain();
		const view = run.engine.view(map, revision, byName, filter, changes);
		expect(view.pending).toBeUndefined();
		return view;
	};

	return {run, finished, reads: () => reads};
}

describe('users a query could not search', () => {
	it('are counted for a query on profile fields, never for one the list columns answer', () => {
		const {finished, reads} = engineOverDamage();
		const map = new Map<string, ListUser>(users.map(user => [user.user_id, user]));
		const columns = finished(map, 1, stackedFilter('logins_count:[0 TO *]', ''));
		expect(reads()).toBe(0);
		expect(columns.rows.length).toBe(users.length);
		expect(columns.unsearched).toBeUndefined();

		const view = finished(map, 1, stackedFilter('nickname:even', ''));
		// Every damaged user has an even index: none is a row, all are counted.
		expect(ids(view)).toHaveLength((users.length / 2) - damaged.size);
		expect(ids(view).some(id => damaged.has(id))).toBe(false);
		expect(view.unsearched).toBe(damaged.size);

		// A query they could not have matched anyway still could not read them.
		expect(finished(map, 1, stackedFilter('nickname:odd', '')).unsearched).toBe(damaged.size);
	});

	it('a `/` text within the query counts those of them with the text, narrowed from the query\'s scan', () => {
		const {finished} = engineOverDamage();
		const map = new Map<string, ListUser>(users.map(user => [user.user_id, user]));
		const query = 'nickname:even';
		finished(map, 1, stackedFilter(query, ''));
		expect(finished(map, 1, stackedFilter(query, 'ann')).unsearched).toBe(damaged.size);
		// Typing on narrows from the last text: of the damaged, Anna Adams 4000 alone has it.
		expect(finished(map, 1, stackedFilter(query, 'anna adams 4')).unsearched).toBe(1);
		expect(finished(map, 1, stackedFilter(query, 'anna adams 4000')).unsearched).toBe(1);
		expect(finished(map, 1, stackedFilter(query, 'bob')).unsearched).toBeUndefined();
		expect(finished(map, 1, stackedFilter(query, 'nobody')).unsearched).toBeUndefined();
	});

	it('a damaged user deleted leaves the count, and one written damaged joins it (the result patched)', () => {
		const {finished} = engineOverDamage();
		const map = new Map<string, ListUser>(users.map(user => [user.user_id, user]));
		const query = stackedFilter('nickname:even', '');
		expect(finished(map, 1, query).unsearched).toBe(damaged.size);
		const gone = users[4000]!.user_id;
		map.delete(gone);
		const view = finished(map, 2, query, () => new Set([gone]));
		expect(view.unsearched).toBe(damaged.size - 1);
		expect(ids(view)).toHaveLength((users.length / 2) - damaged.size);

		// Another process writes a user whose profile then cannot be read: no longer a row, counted.
		const rewritten = {...users[2]!};
		map.set(rewritten.user_id, rewritten);
		damaged.add(rewritten.user_id);
		try {
			const after = finished(map, 3, query, () => new Set([rewritten.user_id]));
			expect(after.unsearched).toBe(damaged.size - 1);
			expect(ids(after)).not.toContain(rewritten.user_id);
		} finally {
			damaged.delete(rewritten.user_id);
		}
	});
});
