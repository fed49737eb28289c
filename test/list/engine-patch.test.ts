// After a store change the Users list's engine patches what it had (the users
// array, the order in force, the finished filter results) for the users the
// store names as changed. Whatever the changes, the patched view must be the
// view computed from scratch for the same users, sort and filter.
import fc from 'fast-check';
import {afterEach, describe, expect, it} from 'vitest';
import type {UserSort} from '../../source/domain/sort.js';
import type {User} from '../../source/domain/types.js';
import {Store} from '../../source/store/store.js';
import {type ChangedUsers, createUserListEngine, type ListFilter, noFilter, type UserListView} from '../../source/list/index.js';
import {listSortFields} from '../../source/ui/state/users-list.js';
import {makeTempDir, makeUser} from '../store/fixtures.js';

function user(id: number, name: string, logins: number, blocked: boolean): User {
	return {
		user_id: `auth0|u${id}`,
		created_at: `2024-01-${String(1 + (id % 28)).padStart(2, '0')}T00:00:00.000Z`,
		updated_at: '2024-01-01T00:00:00.000Z',
		identities: [{connection: id % 3 === 0 ? 'google-oauth2' : 'Username-Password-Authentication', provider: 'auth0', user_id: `u${id}`, isSocial: false}],
		name,
		email: `${name.toLowerCase().replaceAll(' ', '.')}${id}@example.com`,
		logins_count: logins,
		...(logins % 4 === 0 ? {} : {last_login: `2024-06-${String(1 + (logins % 28)).padStart(2, '0')}T10:00:00.000Z`}),
		...(blocked ? {blocked: true} : {}),
	};
}

/** A users map that counts full walks, the work a patch must not need. */
class CountingMap extends Map<string, User> {
	walks = 0;

	override values(): MapIterator<User> {
		this.walks++;
		return super.values();
	}
}

/** A view finished: slices run at once (the clock never moves), deferred work drained. */
function finished(engine: ReturnType<typeof createUserListEngine>, queue: Array<() => void>, view: () => UserListView): UserListView {
	let shown = view();
	while (shown.pending) {
		const work = queue.shift();
		if (!work) {
			throw new Error('a pending view with nothing scheduled');
		}

		work();
		shown = view();
	}

	// Work left for later (the users' positions, after a load).
	for (let work = queue.shift(); work; work = queue.shift()) {
		work();
	}

	return view();
}

function syncEngine(): {engine: ReturnType<typeof createUserListEngine>; queue: Array<() => void>} {
	const queue: Array<() => void> = [];
	return {engine: createUserListEngine({now: () => 0, defer: work => queue.push(work), idleMs: 0, firstRows: 3}), queue};
}

function ids(view: UserListView): string[] {
	return Array.from(view.rows, position => view.users[position]!.user_id);
}

const names = ['Anna Smith', 'anna Adams', 'Bob Annan', 'Émile Zola', 'Zoë Ng', 'carol Jones', 'Dave'];
const filters: ListFilter[] = [
	noFilter,
	{mode: 'text', text: 'an'},
	{mode: 'text', text: 'anna'},
	{mode: 'text', text: 'u1'},
	{mode: 'query', text: 'logins_count:[3 TO *]'},
	{mode: 'query', text: 'blocked:true'},
	// `/` within a `:` query (issue 18).
	{mode: 'text', text: 'an', within: 'logins_count:[3 TO *]'},
	{mode: 'text', text: 'anna', within: 'blocked:true'},
];

const sorts: UserSort[] = listSortFields.flatMap(field => [{field, descending: false}, {field, descending: true}]);

type Step =
	| {kind: 'block'; pick: number}
	| {kind: 'edit'; pick: number; name: string; logins: number}
	| {kind: 'create'; name: string; logins: number}
	| {kind: 'delete'; pick: number}
	| {kind: 'logs'}
	| {kind: 'look'; sort: number; filter: number};

const step: fc.Arbitrary<Step> = fc.oneof(
	fc.record({kind: fc.constant('block' as const), pick: fc.nat()}),
	fc.record({kind: fc.constant('edit' as const), pick: fc.nat(), name: fc.constantFrom(...names), logins: fc.nat(12)}),
	fc.record({kind: fc.constant('create' as const), name: fc.constantFrom(...names), logins: fc.nat(12)}),
	fc.record({kind: fc.constant('delete' as const), pick: fc.nat()}),
	// A write to another table: a new revision with no user changed.
	fc.record({kind: fc.constant('logs' as const)}),
	fc.record({kind: fc.constant('look' as const), sort: fc.nat(sorts.length - 1), filter: fc.nat(filters.length - 1)}),
);

describe('the Users list after store changes', () => {
	it('patches to exactly the view computed from scratch, whatever is blocked, edited, created or deleted', () => {
		fc.assert(fc.property(
			fc.array(fc.record({name: fc.constantFrom(...names), logins: fc.nat(12), blocked: fc.boolean()}), {maxLength: 30}),
			fc.array(step, {minLength: 1, maxLength: 40}),
			fc.nat(sorts.length - 1),
			fc.nat(filters.length - 1),
			(initial, steps, firstSort, firstFilter) => {
				const map = new CountingMap();
				let next = 0;
				for (const each of initial) {
					const created = user(next++, each.name, each.logins, each.blocked);
					map.set(created.user_id, created);
				}

				// What the store keeps: the keys each revision changed.
				const log: string[][] = [];
				let revision = 0;
				const changes: ChangedUsers = since => new Set(log.slice(since).flat());
				const patched = syncEngine();
				let sort = sorts[firstSort]!;
				let filter = filters[firstFilter]!;
				const look = () => {
					const view = finished(patched.engine, patched.queue, () => patched.engine.view(map, revision, sort, filter, changes));
					const fresh = syncEngine();
					const expected = finished(fresh.engine, fresh.queue, () => fresh.engine.view(new Map(map), revision, sort, filter));
					expect(ids(view)).toEqual(ids(expected));
					expect(new Set(view.users)).toEqual(new Set(Map.prototype.values.call(map)));
				};

				look();
				const walks = map.walks;
				for (const each of steps) {
					const keys = [...map.keys()];
					const picked = keys.length === 0 || !('pick' in each) ? undefined : keys[each.pick % keys.length]!;
					if (each.kind === 'look') {
						sort = sorts[each.sort]!;
						filter = filters[each.filter]!;
						look();
						continue;
					}

					if (each.kind === 'logs') {
						log.push([]);
					} else if (each.kind === 'create') {
						const created = user(next++, each.name, each.logins, false);
						map.set(created.user_id, created);
						log.push([created.user_id]);
					} else if (picked === undefined) {
						continue;
					} else if (each.kind === 'delete') {
						map.delete(picked);
						log.push([picked]);
					} else {
						const old = map.get(picked)!;
						map.set(picked, each.kind === 'block' ? {...old, blocked: !old.blocked} : {...old, name: each.name, logins_count: each.logins});
						log.push([picked]);
					}

					revision++;
					// Some revisions are never shown: the next view patches several at once.
					if (revision % 3 !== 0) {
						look();
					}
				}

				look();
				// Every change above was patched: the users were never walked again.
				expect(map.walks).toBe(walks);
			},
		), {numRuns: 150});
	});

	it('falls back to the whole map when the changes are unknown, and still shows the right rows', () => {
		const map = new Map<string, User>();
		for (let id = 0; id < 10; id++) {
			map.set(`auth0|u${id}`, user(id, names[id % names.length]!, id, false));
		}

		const sort: UserSort = {field: 'name', descending: false};
		const {engine, queue} = syncEngine();
		finished(engine, queue, () => engine.view(map, 1, sort, noFilter, () => new Set()));
		map.delete('auth0|u3');
		map.set('auth0|u10', user(10, 'Aaron', 1, false));
		const view = finished(engine, queue, () => engine.view(map, 2, sort, noFilter, () => undefined));
		const fresh = syncEngine();
		expect(ids(view)).toEqual(ids(finished(fresh.engine, fresh.queue, () => fresh.engine.view(new Map(map), 2, sort, noFilter))));
		expect(ids(view)).not.toContain('auth0|u3');
		expect(ids(view)[0]).toBe('auth0|u10');
	});
});

describe('Store.changedUsersSince', () => {
	let cleanup: (() => Promise<void>) | undefined;
	const opened: Store[] = [];
	afterEach(async () => {
		for (const store of opened.splice(0)) {
			await store.close();
		}

		await cleanup?.();
	});

	it('names the users put or deleted since a revision, by this process or another, and nothing across a reload', async () => {
		const temp = await makeTempDir();
		cleanup = temp.cleanup;
		const file = `${temp.dir}/store.json`;
		const mine = await Store.open({path: file});
		const other = await Store.open({path: file});
		opened.push(mine, other);
		const start = mine.revision;
		expect(mine.changedUsersSince(start)).toEqual(new Set());

		await mine.transact(tx => {
			tx.put('users', makeUser('a'));
			tx.put('users', makeUser('b'));
		});
		const afterCreate = mine.revision;
		expect(mine.changedUsersSince(start)).toEqual(new Set(['auth0|a', 'auth0|b']));
		expect(mine.changedUsersSince(afterCreate)).toEqual(new Set());

		// Another process: the journal it appended is read on refresh.
		await other.refresh();
		await other.transact(tx => {
			tx.put('users', {...makeUser('a'), blocked: true});
			tx.delete('users', 'auth0|b');
		});
		expect(await mine.refresh()).toBe(true);
		expect(mine.changedUsersSince(afterCreate)).toEqual(new Set(['auth0|a', 'auth0|b']));
		expect(mine.changedUsersSince(start)).toEqual(new Set(['auth0|a', 'auth0|b']));

		// The view, patched with what the store says, equals the view from scratch.
		const sort: UserSort = {field: 'user_id', descending: false};
		const patched = syncEngine();
		const before = mine.revision;
		finished(patched.engine, patched.queue, () => patched.engine.view(mine.tables.users, before, sort, noFilter, since => mine.changedUsersSince(since)));
		await other.transact(tx => {
			tx.put('users', makeUser('c'));
		});
		await mine.refresh();
		const view = finished(patched.engine, patched.queue, () => patched.engine.view(mine.tables.users, mine.revision, sort, noFilter, since => mine.changedUsersSince(since)));
		expect(ids(view)).toEqual(['auth0|a', 'auth0|c']);
		expect(view.users.find(one => one.user_id === 'auth0|a')?.blocked).toBe(true);

		// A compaction elsewhere replaces the files: everything is loaded again, the changes are unknown.
		const beforeReload = mine.revision;
		await other.compact();
		expect(await mine.refresh()).toBe(true);
		expect(mine.changedUsersSince(beforeReload)).toBeUndefined();
		expect(mine.changedUsersSince(mine.revision)).toEqual(new Set());
		expect(mine.changedUsersSince(mine.revision + 1)).toBeUndefined();
	});
});
