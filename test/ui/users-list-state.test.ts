// The Users list's pure parts: its reducer, the sorted and filtered view, the
// order against compareUsers, the column layout and the prompt's sideways
// scrolling. Filtering alone is in test/list/scan.test.ts.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {compareUsers, type UserSort} from '../../source/domain/sort.js';
import type {User} from '../../source/domain/types.js';
import {promptWindow} from '../../source/ui/components/prompt-line.js';
import {gutterWidth, tableLayout} from '../../source/ui/components/user-columns.js';
import {headerText, rowSegments} from '../../source/ui/components/user-table.js';
import {fieldOf} from '../../source/ui/state/text-field.js';
import {createSearchIndex, matchPositions, searchText} from '../../source/list/user-filter.js';
import {createUserListEngine, indexOfUser, type ListFilter, noFilter, userAt, type UserListView} from '../../source/list/index.js';
import {runToEnd} from '../../source/list/sliced.js';
import {patchOrder, rankDistinct, sortPositions} from '../../source/list/user-order.js';
import {initialUsersList, listSortFields, type UsersListState, usersListReducer} from '../../source/ui/state/users-list.js';
import {displayWidth} from '../../source/terminal/text-width.js';

function user(id: string, overrides: Partial<User> = {}): User {
	return {
		user_id: id,
		created_at: '2024-01-01T00:00:00.000Z',
		updated_at: '2024-01-01T00:00:00.000Z',
		identities: [{connection: 'Username-Password-Authentication', provider: 'auth0', user_id: id.split('|')[1] ?? id, isSocial: false}],
		logins_count: 0,
		...overrides,
	} as User;
}

const people: User[] = [
	user('auth0|c', {name: 'Carol Jones', email: 'carol@example.com', logins_count: 5, last_login: '2024-05-01T10:00:00.000Z'}),
	user('auth0|a', {name: 'anna Smith', email: 'anna@example.com', logins_count: 12, last_login: '2024-06-01T10:00:00.000Z'}),
	user('google-oauth2|b', {name: 'Bob Annan', email: 'bob@example.org', logins_count: 0, identities: [{connection: 'google-oauth2', provider: 'google-oauth2', user_id: 'b', isSocial: true}]}),
	user('auth0|d', {email: 'dave@example.net', logins_count: 3, blocked: true, last_login: '2024-04-01T10:00:00.000Z'}),
	user('auth0|e', {name: 'Anna Adams', email: 'adams@example.com', logins_count: 12, last_login: '2024-06-02T10:00:00.000Z'}),
];

function mapOf(users: readonly User[]): Map<string, User> {
	return new Map(users.map(one => [one.user_id, one]));
}

function ids(view: UserListView): string[] {
	return Array.from(view.rows, position => view.users[position]!.user_id);
}

function expectedOrder(users: readonly User[], sort: UserSort): string[] {
	return [...users].sort((a, b) => compareUsers(a, b, sort)).map(one => one.user_id);
}

describe('usersListReducer', () => {
	it('cycles the sort through Name, User ID, Connection, Logins, Latest Login, counts and dates starting with the most', () => {
		let state: UsersListState = initialUsersList;
		const seen: string[] = [];
		for (let step = 0; step < listSortFields.length; step++) {
			seen.push(`${state.sort.field}:${state.sort.descending ? 'desc' : 'asc'}`);
			state = usersListReducer(state, {type: 'cycle-sort', anchor: undefined});
		}

		expect(seen).toEqual(['name:asc', 'user_id:asc', 'connection:asc', 'logins_count:desc', 'last_login:desc']);
		expect(state.sort).toEqual({field: 'name', descending: false});
	});

	it('cycles through the sortable columns only (a tenant cannot sort by connection)', () => {
		const sortable = listSortFields.filter(field => field !== 'connection');
		let state = initialUsersList;
		const seen: string[] = [];
		for (let step = 0; step < sortable.length; step++) {
			seen.push(state.sort.field);
			state = usersListReducer(state, {type: 'cycle-sort', anchor: undefined, sortable});
		}

		expect(seen).toEqual(['name', 'user_id', 'logins_count', 'last_login']);
		expect(state.sort.field).toBe('name');
	});

	it('reverses the sort, and both sort actions keep the selected user by id', () => {
		const reversed = usersListReducer(initialUsersList, {type: 'reverse-sort', anchor: 'auth0|a'});
		expect(reversed.sort).toEqual({field: 'name', descending: true});
		expect(reversed.selectedId).toBe('auth0|a');
		expect(usersListReducer(reversed, {type: 'reverse-sort', anchor: undefined}).sort.descending).toBe(false);
		expect(usersListReducer(reversed, {type: 'cycle-sort', anchor: 'auth0|c'}).selectedId).toBe('auth0|c');
	});

	it('applies free text as it is typed, keeping the selected user (the list finds them, or the nearest match)', () => {
		let state = usersListReducer({...initialUsersList, selected: 7, selectedId: 'auth0|c', offset: 3}, {type: 'open-prompt', mode: 'text'});
		expect(state.prompt?.mode).toBe('text');
		state = usersListReducer(state, {type: 'edit-prompt', field: fieldOf('ann')});
		expect(state.filter).toEqual({mode: 'text', text: 'ann'});
		expect(state.prompt?.field.value).toBe('ann');
		expect(state.selectedId).toBe('auth0|c');
	});

	it('keeps the last good query while the typed one has a syntax error, with where it went wrong', () => {
		let state = usersListReducer(initialUsersList, {type: 'open-prompt', mode: 'query'});
		state = usersListReducer(state, {type: 'edit-prompt', field: fieldOf('logins_count:0')});
		expect(state.filter).toEqual({mode: 'query', text: 'logins_count:0'});
		expect(state.prompt?.problem).toBeUndefined();

		state = usersListReducer(state, {type: 'edit-prompt', field: fieldOf('logins_count:[1 TO')});
		expect(state.filter).toEqual({mode: 'query', text: 'logins_count:0'});
		expect(state.prompt?.problem?.message).toBeTruthy();
		expect(state.prompt?.problem?.position).toBeGreaterThanOrEqual('logins_count:'.length);
		expect(state.prompt?.problem?.position).toBeLessThanOrEqual('logins_count:[1 TO'.length);

		// Enter does not leave a query that does not run: the prompt stays open.
		expect(usersListReducer(state, {type: 'accept-prompt'})).toBe(state);

		state = usersListReducer(state, {type: 'edit-prompt', field: fieldOf('logins_count:[1 TO 5]')});
		expect(state.prompt?.problem).toBeUndefined();
		expect(state.filter.text).toBe('logins_count:[1 TO 5]');
		state = usersListReducer(state, {type: 'accept-prompt'});
		expect(state.prompt).toBeUndefined();
		expect(state.filter.text).toBe('logins_count:[1 TO 5]');
	});

	it('never treats free text as a query: brackets and colons are just text', () => {
		let state = usersListReducer(initialUsersList, {type: 'open-prompt', mode: 'text'});
		state = usersListReducer(state, {type: 'edit-prompt', field: fieldOf('a:[(')});
		expect(state.prompt?.problem).toBeUndefined();
		expect(state.filter).toEqual({mode: 'text', text: 'a:[('});
	});

	it('reopens each prompt with its own filter in force; the other prompt starts empty and leaves that filter in force', () => {
		let state = usersListReducer(initialUsersList, {type: 'open-prompt', mode: 'text'});
		state = usersListReducer(state, {type: 'edit-prompt', field: fieldOf('bob')});
		state = usersListReducer(state, {type: 'accept-prompt'});
		const reopened = usersListReducer(state, {type: 'open-prompt', mode: 'text'});
		expect(reopened.prompt?.field).toEqual(fieldOf('bob'));
		const query = usersListReducer(state, {type: 'open-prompt', mode: 'query'});
		expect(query.prompt?.field.value).toBe('');
		expect(query.filter).toEqual({mode: 'text', text: 'bob'});
	});

	it('stacks / within a : query, each prompt editing its own filter, and Esc clears the innermost first', () => {
		let state = usersListReducer(initialUsersList, {type: 'open-prompt', mode: 'query'});
		state = usersListReducer(state, {type: 'edit-prompt', field: fieldOf('logins_count:[10 TO *]')});
		state = usersListReducer(state, {type: 'accept-prompt'});
		expect(state.filter).toEqual({mode: 'query', text: 'logins_count:[10 TO *]'});
		state = usersListReducer(state, {type: 'open-prompt', mode: 'text'});
		expect(state.prompt?.field.value).toBe('');
		state = usersListReducer(state, {type: 'edit-prompt', field: fieldOf('ann')});
		expect(state.filter).toEqual({mode: 'text', text: 'ann', within: 'logins_count:[10 TO *]'});
		state = usersListReducer(state, {type: 'accept-prompt'});

		// : reopens with the query; a query that does not run keeps the stacked filter.
		let edited = usersListReducer(state, {type: 'open-prompt', mode: 'query'});
		expect(edited.prompt?.field.value).toBe('logins_count:[10 TO *]');
		edited = usersListReducer(edited, {type: 'edit-prompt', field: fieldOf('logins_count:[10 TO')});
		expect(edited.filter).toEqual(state.filter);
		edited = usersListReducer(edited, {type: 'edit-prompt', field: fieldOf('blocked:true')});
		expect(edited.filter).toEqual({mode: 'text', text: 'ann', within: 'blocked:true'});
		// Esc in the : prompt clears the query alone.
		edited = usersListReducer(edited, {type: 'clear-filter', anchor: undefined, layer: 'query'});
		expect(edited.filter).toEqual({mode: 'text', text: 'ann'});

		// Esc on the list: the text first, then the query.
		state = usersListReducer(state, {type: 'clear-filter', anchor: undefined});
		expect(state.filter).toEqual({mode: 'query', text: 'logins_count:[10 TO *]'});
		state = usersListReducer(state, {type: 'clear-filter', anchor: undefined});
		expect(state.filter).toEqual({mode: 'text', text: ''});
	});

	it('recalls history entries with older/newer, applying each, and gives back what was typed past the newest', () => {
		const entries = ['blocked:true', 'logins_count:[10 TO *]'];
		let state = usersListReducer(initialUsersList, {type: 'open-prompt', mode: 'query'});
		expect(usersListReducer(state, {type: 'recall', direction: 'older', entries: []})).toBe(state);
		expect(usersListReducer(state, {type: 'recall', direction: 'newer', entries})).toBe(state);
		state = usersListReducer(state, {type: 'edit-prompt', field: fieldOf('email:*.org')});
		state = usersListReducer(state, {type: 'recall', direction: 'older', entries});
		expect(state.prompt?.field).toEqual(fieldOf('logins_count:[10 TO *]'));
		expect(state.filter).toEqual({mode: 'query', text: 'logins_count:[10 TO *]'});
		state = usersListReducer(state, {type: 'recall', direction: 'older', entries});
		expect(state.prompt?.field.value).toBe('blocked:true');
		// The oldest stays.
		expect(usersListReducer(state, {type: 'recall', direction: 'older', entries})).toBe(state);
		state = usersListReducer(state, {type: 'recall', direction: 'newer', entries});
		state = usersListReducer(state, {type: 'recall', direction: 'newer', entries});
		expect(state.prompt?.field.value).toBe('email:*.org');
		expect(state.prompt?.recall).toBeUndefined();
		expect(state.filter).toEqual({mode: 'query', text: 'email:*.org'});
		// Typing ends browsing: the next older is the newest again.
		state = usersListReducer(state, {type: 'recall', direction: 'older', entries});
		state = usersListReducer(state, {type: 'edit-prompt', field: fieldOf('blocked:false')});
		expect(state.prompt?.recall).toBeUndefined();
		state = usersListReducer(state, {type: 'recall', direction: 'older', entries});
		expect(state.prompt?.field.value).toBe('logins_count:[10 TO *]');
	});

	it('clears the filter and closes the prompt, keeping the user who was selected', () => {
		let state = usersListReducer(initialUsersList, {type: 'open-prompt', mode: 'text'});
		state = usersListReducer(state, {type: 'edit-prompt', field: fieldOf('anna')});
		state = usersListReducer(state, {type: 'clear-filter', anchor: 'auth0|e'});
		expect(state.prompt).toBeUndefined();
		expect(state.filter.text).toBe('');
		expect(state.selectedId).toBe('auth0|e');
		expect(usersListReducer(state, {type: 'clear-filter', anchor: 'auth0|a'})).toBe(state);
	});
});

/**
 * An engine whose clock never moves: each task ends in its first slice, so a
 * view is complete when asked for on any machine (a busy one stopped the
 * Logins sort at its first yield, and the view came back still sorting).
 */
function wholeEngine() {
	return createUserListEngine({now: () => 0});
}

describe('the list view', () => {
	it('sorts like compareUsers and filters free text over name, email and user_id, case-insensitively', () => {
		const engine = wholeEngine();
		const sort: UserSort = {field: 'name', descending: false};
		expect(ids(engine.view(mapOf(people), 1, sort, noFilter))).toEqual(expectedOrder(people, sort));
		const anna = engine.view(mapOf(people), 1, sort, {mode: 'text', text: 'ANN'});
		// Anna Adams, anna Smith (name), Bob Annan (name); not dave (no "ann" anywhere).
		expect(ids(anna)).toEqual(['auth0|e', 'auth0|a', 'google-oauth2|b']);
		expect(ids(engine.view(mapOf(people), 1, sort, {mode: 'text', text: 'example.net'}))).toEqual(['auth0|d']);
		expect(ids(engine.view(mapOf(people), 1, sort, {mode: 'text', text: 'google-oauth2|'}))).toEqual(['google-oauth2|b']);
		// Fields are separate: the end of one and the start of the next never match together.
		expect(ids(engine.view(mapOf(people), 1, sort, {mode: 'text', text: 'jonescarol'}))).toEqual([]);
	});

	it('runs queries with the search syntax', () => {
		const engine = wholeEngine();
		const sort: UserSort = {field: 'logins_count', descending: true};
		const view = engine.view(mapOf(people), 1, sort, {mode: 'query', text: 'logins_count:[3 TO *]'});
		// The tie at 12 logins falls back to user_id, reversed with the rest (as compareUsers).
		expect(ids(view)).toEqual(['auth0|e', 'auth0|a', 'auth0|c', 'auth0|d']);
	});

	it('computes once per revision, sort and filter, and again when the store changed', () => {
		const engine = wholeEngine();
		const sort: UserSort = {field: 'name', descending: false};
		const filter: ListFilter = {mode: 'text', text: 'a'};
		const first = engine.view(mapOf(people), 1, sort, filter);
		expect(engine.view(mapOf(people), 1, sort, {...filter})).toBe(first);
		const fewer = people.filter(one => one.user_id !== 'auth0|a');
		const next = engine.view(mapOf(fewer), 2, sort, filter);
		expect(next).not.toBe(first);
		expect(ids(next)).not.toContain('auth0|a');
	});

	it('gives the same rows as a fresh scan whatever is typed or deleted (narrowing only when that is sound)', () => {
		const edit = fc.oneof(fc.constantFrom('a', 'n', 'b', 'o', '@', '.', 'e', 'A'), fc.constant('backspace'));
		fc.assert(fc.property(fc.array(edit, {minLength: 1, maxLength: 12}), edits => {
			const engine = wholeEngine();
			const sort: UserSort = {field: 'name', descending: false};
			let text = '';
			for (const key of edits) {
				text = key === 'backspace' ? text.slice(0, -1) : text + key;
				const incremental = ids(engine.view(mapOf(people), 1, sort, {mode: 'text', text}));
				const fresh = ids(wholeEngine().view(mapOf(people), 1, sort, {mode: 'text', text}));
				expect(incremental).toEqual(fresh);
			}
		}));
	});

	it('follows store changes (patched order, reused index) exactly as a fresh view would', () => {
		const engine = wholeEngine();
		const sort: UserSort = {field: 'logins_count', descending: true};
		const filter: ListFilter = {mode: 'text', text: 'example'};
		engine.view(mapOf(people), 1, sort, filter);
		engine.view(mapOf(people), 1, sort, noFilter);
		const next = mapOf([people[0]!, {...people[1]!, logins_count: 1}, people[3]!, people[4]!, user('auth0|z', {name: 'Zed', email: 'zed@example.com', logins_count: 7})]);
		for (const each of [noFilter, filter]) {
			expect(ids(engine.view(next, 2, sort, each))).toEqual(ids(wholeEngine().view(next, 2, sort, each)));
		}

		expect(ids(engine.view(next, 2, sort, noFilter))).toEqual(expectedOrder([...next.values()], sort));
	});

	it('keeps the selection on the same user, else clamps it inside the list', () => {
		const engine = wholeEngine();
		const sort: UserSort = {field: 'name', descending: false};
		const view = engine.view(mapOf(people), 1, sort, noFilter);
		const bob = indexOfUser(view, 'google-oauth2|b');
		expect(userAt(view, bob)?.user_id).toBe('google-oauth2|b');
		expect(engine.locate(view, 'google-oauth2|b', 0)).toEqual({index: bob, userId: 'google-oauth2|b'});

		// The selected last user is deleted: the selection is the new last one.
		const last = userAt(view, people.length - 1)!;
		const after = engine.view(mapOf(people.filter(one => one !== last)), 2, sort, noFilter);
		expect(engine.locate(after, last.user_id, people.length - 1)).toEqual({index: people.length - 2, userId: userAt(after, people.length - 2)!.user_id});

		const empty = engine.view(new Map(), 3, sort, noFilter);
		expect(engine.locate(empty, last.user_id, 4)).toEqual({index: 0, userId: undefined});
	});
});

describe('search strings after a store change', () => {
	it('finds the users that did not change since the last revision, and the index of the new array answers as searchText', () => {
		const first = createSearchIndex(people);
		first.ensure(people.length);
		const renamed = {...people[1]!, name: 'Hannah Renamed'};
		const added = user('auth0|f', {name: 'Fay New'});
		// One deleted (index 2), one replaced (index 1), one appended: the table's order otherwise kept.
		const next = [people[0]!, renamed, people[3]!, people[4]!, added];
		expect(Array.from(matchPositions(people, next))).toEqual([0, -1, 3, 4, -1]);
		const index = createSearchIndex(next, first);
		index.ensure(next.length);
		expect(next.map((_, position) => index.textAt(position))).toEqual(next.map(one => searchText(one)));
		// Whatever the order, the index is right (reuse only saves time).
		const shuffled = [people[4]!, added, people[0]!, renamed];
		const again = createSearchIndex(shuffled, first);
		again.ensure(shuffled.length);
		expect(shuffled.map((_, position) => again.textAt(position))).toEqual(shuffled.map(one => searchText(one)));
	});
});

describe('sortPositions', () => {
	const name = fc.constantFrom('anna', 'Anna', 'Änna', 'bob', 'Bob 2', 'bob 10', 'Zoë', 'zoe', '', 'user10', 'user9', 'éa', 'Ea');
	const someone = fc.record({
		id: fc.string({minLength: 1, maxLength: 6}),
		name: fc.option(name, {nil: undefined}),
		email: fc.option(fc.constantFrom('a@x.io', 'B@x.io', 'b@x.io'), {nil: undefined}),
		connection: fc.constantFrom('Username-Password-Authentication', 'google-oauth2', 'github', 'Github'),
		logins: fc.integer({min: 0, max: 5}),
		lastLogin: fc.option(fc.constantFrom('2024-01-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z', '2023-12-31T23:59:59.000Z'), {nil: undefined}),
	});

	it('orders exactly as compareUsers for every list sort, both ways', () => {
		fc.assert(fc.property(fc.uniqueArray(someone, {selector: one => one.id, maxLength: 40}), fc.constantFrom(...listSortFields), fc.boolean(), (rows, field, descending) => {
			const users = rows.map(row => user(`auth0|${row.id}`, {
				...(row.name === undefined ? {} : {name: row.name}),
				...(row.email === undefined ? {} : {email: row.email}),
				...(row.lastLogin === undefined ? {} : {last_login: row.lastLogin}),
				logins_count: row.logins,
				identities: [{connection: row.connection, provider: 'auth0', user_id: row.id, isSocial: false}],
			}));
			const sort: UserSort = {field, descending};
			expect(Array.from(sortPositions(users, sort), position => users[position]!.user_id)).toEqual(expectedOrder(users, sort));
		}));
	});

	it('patches the order after a store change to exactly what a full sort gives', () => {
		const change = fc.record({
			deleted: fc.array(fc.nat(), {maxLength: 5}),
			changed: fc.array(fc.record({at: fc.nat(), name: name, logins: fc.integer({min: 0, max: 5})}), {maxLength: 5}),
			added: fc.array(fc.record({id: fc.string({minLength: 7, maxLength: 9}), name, logins: fc.integer({min: 0, max: 5})}), {maxLength: 5}),
		});
		fc.assert(fc.property(fc.uniqueArray(someone, {selector: one => one.id, minLength: 1, maxLength: 30}), change, fc.constantFrom(...listSortFields), fc.boolean(), (rows, edits, field, descending) => {
			const before = rows.map(row => user(`auth0|${row.id}`, {
				...(row.name === undefined ? {} : {name: row.name}),
				logins_count: row.logins,
				identities: [{connection: row.connection, provider: 'auth0', user_id: row.id, isSocial: false}],
			}));
			const sort: UserSort = {field, descending};
			// As the store does: a changed user is a new object in the same place, deletions close up, additions go last.
			const after = [...before];
			for (const edit of edits.changed) {
				const at = edit.at % after.length;
				after[at] = {...after[at]!, name: edit.name, logins_count: edit.logins};
			}

			const gone = new Set(edits.deleted.map(at => before[at % before.length]!.user_id));
			const next = [...after.filter(one => !gone.has(one.user_id)), ...edits.added.map(added => user(`new|${added.id}`, {name: added.name, logins_count: added.logins}))];
			const order = patchOrder({users: before, order: sortPositions(before, sort)}, next, matchPositions(before, next), sort);
			expect(order).toBeDefined();
			expect(Array.from(order!, position => next[position]!.user_id)).toEqual(expectedOrder(next, sort));
		}));
	});

	it('gives equal ranks to texts the comparison calls equal', () => {
		const collator = new Intl.Collator('en', {sensitivity: 'base', numeric: true});
		const {ranks, distinct} = runToEnd(rankDistinct(['b', 'A', 'a', 'c'], (a, b) => collator.compare(a, b)));
		expect(Array.from(ranks)).toEqual([1, 0, 0, 2]);
		expect(distinct).toBe(3);
	});
});

describe('tableLayout', () => {
	it('fills the width exactly, dropping User ID first, then Email (into Name), then Connection', () => {
		const shown = (width: number) => tableLayout(width).columns.map(column => column.id);
		expect(shown(160)).toEqual(['name', 'email', 'connection', 'logins', 'latest', 'user_id']);
		expect(shown(100)).toEqual(['name', 'email', 'connection', 'logins', 'latest']);
		expect(shown(80)).toEqual(['name', 'connection', 'logins', 'latest']);
		expect(tableLayout(80).emailInName).toBe(true);
		expect(tableLayout(100).emailInName).toBe(false);
		expect(shown(50)).toEqual(['name', 'logins', 'latest']);
		for (const width of [40, 50, 60, 80, 100, 120, 160, 200]) {
			const {columns} = tableLayout(width);
			expect(gutterWidth + columns.reduce((sum, column) => sum + column.width, 0) + 2 * (columns.length - 1)).toBe(width);
		}
	});

	it('renders rows and the header exactly as wide as the table, with the badge and the sort arrow', () => {
		const now = new Date('2024-06-02T12:00:00.000Z');
		for (const width of [60, 80, 100, 160]) {
			const layout = tableLayout(width);
			for (const one of people) {
				const text = rowSegments(one, layout, now, false).map(segment => segment.text).join('');
				expect(displayWidth(text)).toBe(width);
			}

			expect(displayWidth(headerText(layout, {field: 'logins_count', descending: true}))).toBe(width);
			expect(headerText(layout, {field: 'logins_count', descending: true})).toContain('Logins ▼');
		}

		const long = user('auth0|long', {name: 'A'.repeat(200), email: 'x@example.com', blocked: true});
		const segments = rowSegments(long, tableLayout(80), now, true);
		expect(segments.find(segment => segment.tone === 'badge')?.text).toBe('BLOCKED');
		expect(segments[0]!.text).toBe('› ');
		const never = rowSegments(people[2]!, tableLayout(80), now, false).map(segment => segment.text).join('');
		expect(never).toContain('never');
	});
});

describe('promptWindow', () => {
	it('keeps the cursor in view, scrolling as little as needed', () => {
		const chars = [...'abcdefghij'];
		expect(promptWindow(chars, 0, 5)).toEqual({start: 0, end: 5});
		expect(promptWindow(chars, 4, 5)).toEqual({start: 0, end: 5});
		// The cursor after the last character needs a cell of its own.
		expect(promptWindow(chars, 10, 5)).toEqual({start: 6, end: 10});
		expect(promptWindow(chars, 7, 5)).toEqual({start: 3, end: 8});
		expect(promptWindow([...'山山山'], 3, 4)).toEqual({start: 2, end: 3});
	});
});
