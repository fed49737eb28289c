// The Users list's sort and filter in slices: whatever point a scan or a sort
// is stopped at, replaced by a newer query, narrowed or resumed, what the view
// shows is right. A clock that jumps ahead on every look makes each slice stop
// after a step or two, and a hand-run queue stands in for setImmediate, so
// every interleaving is reproducible; nothing here measures time.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {compareUsers, type SortField, sortFields, type UserSort} from '../../source/domain/sort.js';
import type {ListUser, User} from '../../source/domain/types.js';
import {collationKey} from '../../source/list/collation-key.js';
import {textCollator} from '../../source/domain/sort.js';
import {
	borrowFloat64, copySliced, giveBackFloat64, reverseSliced, runToEnd, sortByCodeUnitsSliced, sortIndexesSliced, sortNumbersSliced, sortSliced,
} from '../../source/list/sliced.js';
import {searchText} from '../../source/list/user-filter.js';
import {type EngineOptions, type ListFilter} from '../../source/list/index.js';
import {keptOrders, rankNames, sortPositions} from '../../source/list/user-order.js';
import {listSortFields} from '../../source/ui/state/users-list.js';
import {type HandRun, handRunEngine, ids} from '../support/list-engine.js';

/** Runs a sliced task to its end: its value, and how many times it yielded. */
function toEnd<T>(task: Generator<void, T, void>): {value: T; yields: number} {
	let yields = 0;
	let step = task.next();
	while (!step.done) {
		yields++;
		step = task.next();
	}

	return {value: step.value, yields};
}

const firstNames = ['Anna', 'anna', 'Änne', 'Bob', 'Chloé', 'Dana', 'Émile', 'Łukasz', 'Zoë', 'user2', 'user10', 'Ōta', '李', "O'Brien", 'Jean-Luc'];
const lastNames = ['Adams', 'Annan', 'Brown', 'Smith', 'Søren', 'Nowak', 'de la Cruz', 'Müller', 'Kim'];
const connections = ['Username-Password-Authentication', 'google-oauth2', 'github', 'Github'];

/** `count` users, deterministic, with names that repeat (ties), emails, some nameless. */
function population(count: number): User[] {
	const users: User[] = [];
	for (let index = 0; index < count; index++) {
		const first = firstNames[(index * 7) % firstNames.length]!;
		const last = lastNames[(index * 11 + Math.floor(index / 97)) % lastNames.length]!;
		const id = `auth0|${((index * 2_654_435_761) >>> 0).toString(16).padStart(8, '0')}`;
		const connection = connections[index % connections.length]!;
		users.push({
			user_id: id,
			...(index % 9 === 0 ? {} : {name: `${first} ${last}${index % 5 === 0 ? ` ${index % 13}` : ''}`}),
			email: `${first.toLowerCase()}.${index}@example.${index % 3 === 0 ? 'org' : 'com'}`,
			created_at: '2024-01-01T00:00:00.000Z',
			updated_at: '2024-01-01T00:00:00.000Z',
			identities: [{connection, provider: 'auth0', user_id: id.slice(6), isSocial: false}],
			logins_count: index % 17,
			...(index % 4 === 0 ? {} : {last_login: new Date(Date.UTC(2024, 0, 1) + ((index * 7919) % 100_000) * 60_000).toISOString()}),
		} as User);
	}

	return users;
}

const users = population(20_000);
const map = new Map(users.map(user => [user.user_id, user]));
const byName: UserSort = {field: 'name', descending: false};

/** The engine run by hand, its first rows few so that they show before a scan ends. */
function handRun(options: EngineOptions = {}): HandRun {
	return handRunEngine({firstRows: 25, ...options});
}

function expected(sort: UserSort, filter: ListFilter): string[] {
	const needle = filter.text.toLowerCase();
	return users
		.filter(user => searchText(user).includes(needle))
		.sort((a, b) => compareUsers(a, b, sort))
		.map(user => user.user_id);
}

describe('a filter in slices', () => {
	it('shows the first rows of the result before the scan ends, then all of it with the count', () => {
		const run = handRun();
		// The order first (one task, several slices).
		run.engine.view(map, 1, byName, {mode: 'text', text: ''});
		run.drain();
		const filter: ListFilter = {mode: 'text', text: 'ann'};
		const answer = expected(byName, filter);
		const early = run.engine.view(map, 1, byName, filter);
		expect(early.pending?.work).toBe('filter');
		expect(early.rows.length).toBeGreaterThan(0);
		expect(early.rows.length).toBeLessThan(answer.length);
		expect(ids(early)).toEqual(answer.slice(0, early.rows.length));

		const before = run.engine.version();
		expect(run.drain()).toBeGreaterThan(1);
		expect(run.engine.version()).toBeGreaterThan(before);
		const done = run.engine.view(map, 1, byName, filter);
		expect(done.pending).toBeUndefined();
		expect(ids(done)).toEqual(answer);
	});

	it('drops a scan when a newer query arrives, and narrows from what it had decided', () => {
		const run = handRun();
		run.engine.view(map, 1, byName, {mode: 'text', text: ''});
		run.drain();
		run.engine.view(map, 1, byName, {mode: 'text', text: 'ann'});
		run.step();
		// "anna" arrives while "ann" is half done: "ann" is dropped, "anna" tests only what "ann" kept below where it got.
		const narrowed = run.engine.view(map, 1, byName, {mode: 'text', text: 'anna'});
		expect(narrowed.pending?.work).toBe('filter');
		expect(ids(narrowed)).toEqual(expected(byName, {mode: 'text', text: 'anna'}).slice(0, narrowed.rows.length));
		run.drain();
		expect(ids(run.engine.view(map, 1, byName, {mode: 'text', text: 'anna'}))).toEqual(expected(byName, {mode: 'text', text: 'anna'}));
		// The dropped query, asked again, is scanned again and right.
		run.engine.view(map, 1, byName, {mode: 'text', text: 'ann'});
		run.drain();
		expect(ids(run.engine.view(map, 1, byName, {mode: 'text', text: 'ann'}))).toEqual(expected(byName, {mode: 'text', text: 'ann'}));
	});

	it('is right whatever is typed, deleted or re-sorted, and wherever the slices stop', () => {
		const edit = fc.oneof(
			{arbitrary: fc.record({type: fc.constant('type' as const), char: fc.constantFrom('a', 'n', 'e', '.', '@', 'k', 'L', 'ü', '1', 'w', 'i')}), weight: 6},
			{arbitrary: fc.record({type: fc.constant('backspace' as const)}), weight: 2},
			{arbitrary: fc.record({type: fc.constant('sort' as const), field: fc.constantFrom(...listSortFields), descending: fc.boolean()}), weight: 1},
		);
		fc.assert(fc.property(fc.array(fc.record({edit, slices: fc.nat({max: 4})}), {minLength: 1, maxLength: 10}), fc.constantFrom(1, 2, 8), (steps, keptScans) => {
			// Few kept scans: their buffers are handed on to later scans all the time.
			const run = handRun({keptScans});
			run.engine.view(map, 1, byName, {mode: 'text', text: ''});
			run.drain();
			let text = '';
			let sort = byName;
			for (const {edit: change, slices} of steps) {
				if (change.type === 'type') {
					text += change.char;
				} else if (change.type === 'backspace') {
					text = text.slice(0, -1);
				} else {
					sort = {field: change.field, descending: change.descending};
				}

				const filter: ListFilter = {mode: 'text', text};
				const view = run.engine.view(map, 1, sort, filter);
				if (view.pending?.work === 'filter') {
					// What a running filter shows is always the start of its answer.
					expect(ids(view)).toEqual(expected(sort, filter).slice(0, view.rows.length));
				} else if (!view.pending) {
					expect(ids(view)).toEqual(expected(sort, filter));
				}

				for (let slice = 0; slice < slices; slice++) {
					run.step();
				}
			}

			run.drain();
			const filter: ListFilter = {mode: 'text', text};
			const final = run.engine.view(map, 1, sort, filter);
			expect(final.pending).toBeUndefined();
			expect(ids(final)).toEqual(expected(sort, filter));
		}), {numRuns: 25});
	// A property over many scans: ~10 s alone, several times that on a loaded 2-core machine.
	}, 180_000);

	it('keeps the result shown when a Backspace returns to a kept query while a longer one scans', () => {
		// Found by the property above (seed -1677888177): the longer scan went on,
		// and finishing pushed the shown result out of the cache, so asking again scanned again.
		const run = handRun({keptScans: 2});
		run.engine.view(map, 1, byName, {mode: 'text', text: ''});
		run.drain();
		let text = '';
		for (const [key, slices] of [['a', 0], ['a', 4], ['a', 0], ['Backspace', 1], ['i', 0], ['Backspace', 0]] as const) {
			text = key === 'Backspace' ? text.slice(0, -1) : text + key;
			run.engine.view(map, 1, byName, {mode: 'text', text});
			for (let slice = 0; slice < slices; slice++) {
				run.step();
			}
		}

		const shown = run.engine.view(map, 1, byName, {mode: 'text', text: 'aa'});
		expect(shown.pending).toBeUndefined();
		run.drain();
		const again = run.engine.view(map, 1, byName, {mode: 'text', text: 'aa'});
		expect(again.pending).toBeUndefined();
		expect(ids(again)).toEqual(expected(byName, {mode: 'text', text: 'aa'}));
	});

	it('runs queries in slices too', () => {
		const run = handRun();
		const filter: ListFilter = {mode: 'query', text: 'logins_count:[3 TO 5] AND email:*.org'};
		run.engine.view(map, 1, byName, filter);
		run.drain();
		const wanted = users
			.filter(user => user.logins_count >= 3 && user.logins_count <= 5 && user.email!.endsWith('.org'))
			.sort((a, b) => compareUsers(a, b, byName))
			.map(user => user.user_id);
		expect(ids(run.engine.view(map, 1, byName, filter))).toEqual(wanted);
	});

	it('follows a store change: the index and the order are brought up to date, not stale', () => {
		const run = handRun();
		const filter: ListFilter = {mode: 'text', text: 'anna'};
		run.engine.view(map, 1, byName, filter);
		run.drain();
		const renamed = {...users[3]!, name: 'Anna Zebra'};
		const next = new Map(map);
		next.set(renamed.user_id, renamed);
		next.delete(users[10]!.user_id);
		run.engine.view(next, 2, byName, filter);
		run.drain();
		const nextUsers = [...next.values()];
		const wanted = nextUsers.filter(user => searchText(user).includes('anna')).sort((a, b) => compareUsers(a, b, byName)).map(user => user.user_id);
		expect(ids(run.engine.view(next, 2, byName, filter))).toEqual(wanted);
		expect(wanted).toContain(renamed.user_id);
	});
});

/**
 * handRun with a clock that moves 4 ms a look and keys pressed at every look
 * while `typing()` says so; its list sorted by name.
 */
function sortedWhileTyping(typing: () => boolean = () => true) {
	let clock = 0;
	const run = handRun({
		now: () => {
			clock += 4;
			return clock;
		},
		lastInput: () => (typing() ? clock : Number.NEGATIVE_INFINITY),
	});
	const all: ListFilter = {mode: 'text', text: ''};
	while (run.engine.view(map, 1, byName, all).pending) {
		run.step();
	}

	return {run, all};
}

describe('search text prepared while idle', () => {
	it('is made for every user after the sort, never between its slices, and a filter then scans with it', () => {
		const run = handRun();
		expect(run.engine.view(map, 1, byName, {mode: 'text', text: ''}).pending?.work).toBe('sort');
		while (run.engine.view(map, 1, byName, {mode: 'text', text: ''}).pending) {
			// The sort has the slices to itself: no search text is made while it runs.
			expect(run.engine.searchPrepared()).toBe(0);
			expect(run.step()).toBe(true);
		}

		expect(run.drain()).toBeGreaterThan(1);
		expect(run.engine.searchPrepared()).toBe(users.length);
		const filter: ListFilter = {mode: 'text', text: 'zoë'};
		run.engine.view(map, 1, byName, filter);
		run.drain();
		expect(ids(run.engine.view(map, 1, byName, filter))).toEqual(expected(byName, filter));
	});

	it('waits while the list is in use (views asked for, as each key does), then goes on', () => {
		const run = handRun();
		const all: ListFilter = {mode: 'text', text: ''};
		while (run.engine.view(map, 1, byName, all).pending) {
			run.step();
		}

		for (let key = 0; key < 50; key++) {
			run.engine.view(map, 1, byName, all);
			run.step();
			expect(run.engine.searchPrepared()).toBe(0);
		}

		run.drain();
		expect(run.engine.searchPrepared()).toBe(users.length);
	});

	it('waits while keys are pressed on any screen (lastInput), then goes on', () => {
		let typing = true;
		const {run} = sortedWhileTyping(() => typing);
		// No view is asked for (another screen is up), but keys keep coming.
		for (let slice = 0; slice < 50; slice++) {
			run.step();
			expect(run.engine.searchPrepared()).toBe(0);
		}

		typing = false;
		run.drain();
		expect(run.engine.searchPrepared()).toBe(users.length);
	});

	it('goes on while keys keep coming once a free-text query is expected (the / prompt opened), in slices', () => {
		// Keys keep coming: without the hint, idle work would wait for ever.
		const {run} = sortedWhileTyping();
		for (let turn = 0; turn < 50; turn++) {
			run.step();
		}

		expect(run.engine.searchPrepared()).toBe(0);
		run.engine.expectSearch();
		const seen = new Set<number>();
		for (let turn = 0; turn < 1000 && run.step(); turn++) {
			seen.add(run.engine.searchPrepared());
		}

		expect(run.engine.searchPrepared()).toBe(users.length);
		// More than one slice, each ended by its deadline: the keys get their turns in between.
		expect(seen.size).toBeGreaterThan(2);
		const filter: ListFilter = {mode: 'text', text: 'zoë'};
		run.engine.view(map, 1, byName, filter);
		run.drain();
		expect(ids(run.engine.view(map, 1, byName, filter))).toEqual(expected(byName, filter));
	});

	it('does not hurry the next users when the expected search was for users since replaced', () => {
		const {run, all} = sortedWhileTyping();
		run.engine.expectSearch();
		const fewer = new Map([...map].slice(0, 15_000));
		run.engine.view(fewer, 2, byName, all);
		for (let turn = 0; turn < 400; turn++) {
			run.step();
		}

		expect(run.engine.searchPrepared()).toBe(0);
	});

	it('indexes where each user is even while keys keep coming, so a write right after a load is patched, not sorted again', () => {
		let walks = 0;
		class CountingMap extends Map<string, User> {
			override values(): MapIterator<User> {
				walks++;
				return super.values();
			}
		}

		const counted = new CountingMap(map);
		const run = handRun({lastInput: () => Number.POSITIVE_INFINITY});
		const all: ListFilter = {mode: 'text', text: ''};
		while (run.engine.view(counted, 1, byName, all).pending) {
			run.step();
		}

		// Keys keep coming: idle work waits for ever, so the queue never empties; some turns pass.
		for (let turn = 0; turn < 200; turn++) {
			run.step();
		}

		const before = walks;
		const first = users[0]!;
		counted.set(first.user_id, {...first, blocked: true});
		const view = run.engine.view(counted, 2, byName, all, () => new Set([first.user_id]));
		expect(view.pending).toBeUndefined();
		expect(walks).toBe(before);
		expect(run.engine.searchPrepared()).toBe(0);
	});

	it('follows a store change to the new users', () => {
		const run = handRun();
		run.engine.view(map, 1, byName, {mode: 'text', text: ''});
		run.drain();
		const fewer = new Map([...map].slice(0, 15_000));
		run.engine.view(fewer, 2, byName, {mode: 'text', text: ''});
		run.drain();
		expect(run.engine.searchPrepared()).toBe(15_000);
		const filter: ListFilter = {mode: 'text', text: 'ann'};
		run.engine.view(fewer, 2, byName, filter);
		run.drain();
		expect(ids(run.engine.view(fewer, 2, byName, filter))).toEqual(expected(byName, filter).filter(id => fewer.has(id)));
	});
});

describe('a store change during a task', () => {
	it('drops the work on the old users, so nothing of theirs is filed under the new revision', () => {
		const run = handRun();
		// The list sorted by name, then a sort by Latest Login starts and is half done…
		run.engine.view(map, 1, byName, {mode: 'text', text: ''});
		run.drain();
		const byLogin: UserSort = {field: 'last_login', descending: true};
		run.engine.view(map, 1, byLogin, {mode: 'text', text: ''});
		run.step();
		// …when a change arrives and the name order (patched at once) is shown.
		const next = new Map(map);
		next.delete(users[0]!.user_id);
		next.set(users[1]!.user_id, {...users[1]!, name: 'Zz Renamed', last_login: '2030-01-01T00:00:00.000Z'});
		expect(run.engine.view(next, 2, byName, {mode: 'text', text: ''}).pending).toBeUndefined();
		run.drain();
		const nextUsers = [...next.values()];
		const view = run.engine.view(next, 2, byLogin, {mode: 'text', text: ''});
		run.drain();
		const done = view.pending ? run.engine.view(next, 2, byLogin, {mode: 'text', text: ''}) : view;
		expect(ids(done)).toEqual([...nextUsers].sort((a, b) => compareUsers(a, b, byLogin)).map(user => user.user_id));
	});
});

describe('a sort in slices', () => {
	it('shows the users unsorted, marked as sorting, until the order is ready', () => {
		const run = handRun();
		const sort: UserSort = {field: 'last_login', descending: true};
		const early = run.engine.view(map, 1, sort, {mode: 'text', text: ''});
		expect(early.pending?.work).toBe('sort');
		expect(early.rows.length).toBe(users.length);
		run.drain();
		const done = run.engine.view(map, 1, sort, {mode: 'text', text: ''});
		expect(done.pending).toBeUndefined();
		expect(ids(done)).toEqual([...users].sort((a, b) => compareUsers(a, b, sort)).map(user => user.user_id));
	});

	it('orders by user_id whether the users come in that order, nearly, or not at all', () => {
		const byId = [...users].sort((a, b) => (a.user_id < b.user_id ? -1 : 1));
		const created = population(20_300).slice(20_000).map(user => ({...user, user_id: `${user.user_id}x`}));
		const cases = {
			'in order': byId,
			'in order, then users created since': [...byId, ...created],
			'in order, then one created since that sorts first': [...byId, {...created[0]!, user_id: 'a'}],
			'in order, then one created since that sorts last': [...byId, {...created[0]!, user_id: '~'}],
			'mostly not in order': [...byId.slice(0, 1000), ...users],
			'in reverse': [...byId].reverse(),
		};
		for (const [name, some] of Object.entries(cases)) {
			for (const field of ['user_id', 'name'] as const) {
				const sort = {field, descending: false};
				expect(Array.from(sortPositions(some, sort), position => some[position]!.user_id), `${name}, by ${field}`).toEqual([...some].sort((a, b) => compareUsers(a, b, sort)).map(user => user.user_id));
			}
		}
	});

	it('uses the places a store kept in each order, and places users without them (created or changed since) by comparison', () => {
		const kept = runToEnd(keptOrders(users));
		const withRanks: ListUser[] = users.map((user, index) => ({...user, placeIn: (field: SortField) => (kept as Partial<Record<SortField, Int32Array>>)[field]?.[index]}));
		const unranked = (user: ListUser): ListUser => ({...user, placeIn: undefined});
		const created = population(20_200).slice(20_000).map(user => ({...user, user_id: `${user.user_id}x`}));
		const cases: Record<string, ListUser[]> = {
			'all ranked': withRanks,
			'some renamed since, some created': [
				...withRanks.map((user, index) => (index % 97 === 0 ? {...unranked(user), name: `${index % 2 === 0 ? 'Anna' : 'zed'} ${index % 5}`} : user)),
				...created,
			],
			'some deleted since (gaps in the ranks)': withRanks.filter((_, index) => index % 13 !== 0),
			'one created since that sorts first, one last': [...withRanks, {...created[0]!, user_id: '!', name: '!'}, {...created[1]!, user_id: '~', name: '~'}],
			'a quarter and more without ranks': withRanks.map((user, index) => (index % 3 === 0 ? unranked(user) : user)),
			'ranks repeated (two loads mixed)': [...withRanks.slice(0, 5000), ...withRanks.slice(0, 5000).map(user => ({...user, user_id: `${user.user_id}b`}))],
		};
		for (const [name, some] of Object.entries(cases)) {
			for (const field of sortFields) {
				for (const descending of [false, true]) {
					const sort = {field, descending};
					expect(Array.from(sortPositions(some, sort), position => some[position]!.user_id), `${name}, by ${field}${descending ? ' descending' : ''}`)
						.toEqual([...some].sort((a, b) => compareUsers(a, b, sort)).map(user => user.user_id));
				}
			}
		}
	});

	it('gives compareUsers order for every field at this size, both ways', () => {
		// Every field the domain sorts by, not only the list's columns (email and created_at rank their own ways).
		for (const field of sortFields) {
			for (const descending of [false, true]) {
				const sort = {field, descending};
				expect(Array.from(sortPositions(users, sort), position => users[position]!.user_id)).toEqual([...users].sort((a, b) => compareUsers(a, b, sort)).map(user => user.user_id));
			}
		}
	});
});

describe('collation keys', () => {
	const alphabet = fc.constantFrom(...'aAbBeEéÉzZ09 1-._\'@øłß李ü ', 'ue', 'ss', '10', '2', '007', 'İ', '\u0301');

	it('order and equal exactly as the collator, or have no key', () => {
		fc.assert(fc.property(fc.array(alphabet, {maxLength: 8}).map(parts => parts.join('')), fc.array(alphabet, {maxLength: 8}).map(parts => parts.join('')), (a, b) => {
			const left = collationKey(a);
			const right = collationKey(b);
			if (left !== undefined && right !== undefined) {
				const byKey = left < right ? -1 : (left > right ? 1 : 0);
				expect(byKey).toBe(Math.sign(textCollator().compare(a, b)));
			}
		}), {numRuns: 2000});
	});

	it('rank names as the collator does, keyed or not', () => {
		fc.assert(fc.property(fc.array(fc.array(alphabet, {maxLength: 6}).map(parts => parts.join('')), {maxLength: 60}), texts => {
			const {ranks} = runToEnd(rankNames(texts));
			for (let a = 0; a < texts.length; a++) {
				for (let b = 0; b < texts.length; b++) {
					expect(Math.sign(ranks[a]! - ranks[b]!)).toBe(Math.sign(textCollator().compare(texts[a]!, texts[b]!)));
				}
			}
		}), {numRuns: 200});
	});

	it('exist for plain names, emails and numbers, and not for letters the folding cannot place', () => {
		expect(collationKey('Émile Zola')).toBe(collationKey('emile zola'));
		expect(collationKey('anna.smith@example.com')).toBeDefined();
		expect(collationKey('user10')! > collationKey('user9')!).toBe(true);
		expect(collationKey('Søren')).toBeUndefined();
		expect(collationKey('007')).toBeUndefined();
		// An accent between digits splits the number for the collator ("2́007" is 2 then 7, before "9").
		expect(collationKey('2\u0301007')).toBeUndefined();
	});
});

describe('sortSliced', () => {
	it('sorts stably, in slices, as the native sort does', () => {
		fc.assert(fc.property(fc.array(fc.record({key: fc.integer({min: 0, max: 50}), id: fc.nat()}), {minLength: 0, maxLength: 7000}), items => {
			const compare = (a: {key: number}, b: {key: number}) => a.key - b.key;
			const {value, yields} = toEnd(sortSliced([...items], compare));

			expect(value).toEqual([...items].sort(compare));
			if (items.length > 4096) {
				expect(yields).toBeGreaterThan(1);
			}
		}), {numRuns: 20});
	});

	it('yields about as many times more often as a comparison costs more', () => {
		const count = (cost: number) => {
			const items = Array.from({length: 20_000}, (_, index) => (index * 7919) % 20_011);
			const {value, yields} = toEnd(sortSliced(items, (a, b) => a - b, cost));

			expect(value).toEqual(Array.from({length: 20_000}, (_, index) => (index * 7919) % 20_011).sort((a, b) => a - b));
			return yields;
		};

		expect(count(10)).toBeGreaterThan(count(1) * 5);
	});
});

describe('sortByCodeUnitsSliced', () => {
	/** What it must give: indexes by text (JavaScript's `<`), equal texts in index order. */
	function expectedOrder(texts: readonly string[]): number[] {
		return texts.map((_, index) => index).sort((a, b) => (texts[a]! < texts[b]! ? -1 : (texts[a]! > texts[b]! ? 1 : a - b)));
	}

	function sortedWithYields(texts: readonly string[]): {order: number[]; yields: number} {
		const indexes = Int32Array.from(texts, (_, index) => index);
		const {value, yields} = toEnd(sortByCodeUnitsSliced(indexes, texts));

		expect(value).toBe(indexes);
		return {order: [...indexes], yields};
	}

	it('orders as a stable sort by code unit: prefixes first, repeats in their order, any code unit', () => {
		// Few units, so texts share prefixes, repeat and end at every depth; the unit 0, surrogates and U+FFFF included.
		const unit = fc.constantFrom('a', 'b', 'c', '|', '0', '9', '\u0000', '\u00e9', '\ud83d', '\ude00', '\uffff', 'é', 'Z');
		const text = fc.array(unit, {maxLength: 9}).map(units => units.join(''));
		const texts = fc.oneof(fc.array(text, {maxLength: 30}), fc.array(text, {minLength: 100, maxLength: 3000}));
		fc.assert(fc.property(texts, some => {
			expect(sortedWithYields(some).order).toEqual(expectedOrder(some));
		}), {numRuns: 60});
		// Two units and long texts: parts too big to sort by insertion reach every depth, where texts end or go on with U+0000.
		const deep = fc.array(fc.array(fc.constantFrom('\u0000', 'a'), {maxLength: 12}).map(units => units.join('')), {minLength: 200, maxLength: 2000});
		fc.assert(fc.property(deep, some => {
			expect(sortedWithYields(some).order).toEqual(expectedOrder(some));
		}), {numRuns: 30});
	});

	it('orders texts of scattered code units, too wide to count, and long shared prefixes', () => {
		const scattered = fc.array(fc.string({unit: 'binary', maxLength: 6}), {minLength: 50, maxLength: 2000});
		fc.assert(fc.property(scattered, some => {
			expect(sortedWithYields(some).order).toEqual(expectedOrder(some));
		}), {numRuns: 40});
		const prefixed = Array.from({length: 5000}, (_, index) => `google-oauth2|${String((index * 7919) % 4999).padStart(4, '0')}${index % 3 === 0 ? '' : 'x'}`);
		expect(sortedWithYields(prefixed).order).toEqual(expectedOrder(prefixed));
	});

	it('yields between pieces of a big sort, and sorts a subarray without touching the rest', () => {
		const texts = Array.from({length: 50_000}, (_, index) => `auth0|${((index * 2_654_435_761) >>> 0).toString(16)}`);
		const {order, yields} = sortedWithYields(texts);
		expect(order).toEqual(expectedOrder(texts));
		expect(yields).toBeGreaterThan(10);
		const indexes = Int32Array.from(texts, (_, index) => index);
		runToEnd(sortByCodeUnitsSliced(indexes.subarray(100, 900), texts));
		expect([...indexes.subarray(0, 100)]).toEqual(Array.from({length: 100}, (_, index) => index));
		expect([...indexes.subarray(100, 900)]).toEqual(expectedOrder(texts.slice(100, 900)).map(index => index + 100));
		expect([...indexes.subarray(900, 1000)]).toEqual(Array.from({length: 100}, (_, index) => 900 + index));
	});
});

describe('sortIndexesSliced', () => {
	it('sorts indexes stably in place, in slices, as a native sort of them does, whatever a comparison costs', () => {
		// Lengths around a run (2,048, or 204 at cost 10) and past several, where merges must keep ties in order.
		const lengths = fc.constantFrom(0, 1, 100, 204, 205, 2048, 2049, 5000, 9000);
		const keysOf = fc.tuple(lengths, fc.integer({min: 1, max: 40}), fc.nat()).map(([length, distinct, seed]) => Array.from({length}, (_, index) => ((index * 7919) + seed) % distinct));
		fc.assert(fc.property(keysOf, fc.constantFrom(1, 10), (keys, cost) => {
			const indexes = Int32Array.from(keys, (_, index) => index);
			const compare = (a: number, b: number) => keys[a]! - keys[b]!;
			const {value, yields} = toEnd(sortIndexesSliced(indexes, compare, cost));

			expect(value).toBe(indexes);
			// Ties keep their index order: the stable order is the one sort by (key, index).
			expect([...indexes]).toEqual(keys.map((_, index) => index).sort((a, b) => compare(a, b) || a - b));
			if (keys.length > 4096) {
				expect(yields).toBeGreaterThan(1);
			}
		}), {numRuns: 25});
	});

	it('sorts a subarray without touching the rest', () => {
		const order = Int32Array.from({length: 10_000}, (_, index) => 9999 - index);
		runToEnd(sortIndexesSliced(order.subarray(100, 9900), (a, b) => a - b));
		expect([...order.subarray(0, 100)]).toEqual(Array.from({length: 100}, (_, index) => 9999 - index));
		expect([...order.subarray(100, 9900)]).toEqual(Array.from({length: 9800}, (_, index) => 100 + index));
		expect([...order.subarray(9900)]).toEqual(Array.from({length: 100}, (_, index) => 99 - index));
	});
});

/**
 * expect(actual).toEqual(expected) for typed arrays, with a fast path: arrays
 * of one type whose bytes are the same are equal element by element, and
 * toEqual's own element-by-element walk took seconds over 200,000 elements.
 * Any other case (and every failure, with its diff) is toEqual's.
 */
function expectEqualArrays(actual: Int32Array | Float64Array, expected: Int32Array | Float64Array): void {
	const bytes = (array: Int32Array | Float64Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
	if (actual.constructor !== expected.constructor || !bytes(actual).equals(bytes(expected))) {
		expect(actual).toEqual(expected);
	}
}

describe('copySliced and reverseSliced', () => {
	it('copy and reverse as slice() and reverse() do, in slices', () => {
		for (const length of [0, 1, 2, 65_535, 65_536, 65_537, 200_001]) {
			const values = Int32Array.from({length}, (_, index) => (index * 7919) % 1009);
			const copy = runToEnd(copySliced(values));
			expect(copy).not.toBe(values);
			expectEqualArrays(copy, values.slice());
			const numbers = Float64Array.from(values, value => value / 3);
			expectEqualArrays(runToEnd(copySliced(numbers)), numbers.slice());
			expectEqualArrays(runToEnd(reverseSliced(copy)), values.slice().reverse());
		}
	});
});

describe('sortNumbersSliced', () => {
	it('sorts as a typed array does (-Infinity first, NaN last), in slices', () => {
		fc.assert(fc.property(fc.array(fc.oneof(fc.integer({min: -5, max: 5}), fc.double(), fc.constant(Number.NEGATIVE_INFINITY), fc.constant(Number.NaN)), {maxLength: 40_000}), values => {
			const input = Float64Array.from(values);
			const {value, yields} = toEnd(sortNumbersSliced(input));

			expect(Array.from(value)).toEqual(Array.from(Float64Array.from(values).sort()));
			// The input is left as it was.
			expect(Array.from(input)).toEqual(Array.from(Float64Array.from(values)));
			if (values.length > 16_384) {
				expect(yields).toBeGreaterThan(2);
			}
		}), {numRuns: 15});
	});

	it('sorts right in arrays given back by other sorts, two sorts taking turns', () => {
		const length = 70_000;
		const first = Float64Array.from({length}, (_, index) => (index * 7919) % 1009);
		const second = Float64Array.from({length}, (_, index) => -((index * 104_729) % 7));
		// Arrays left full of other numbers, to be borrowed.
		giveBackFloat64(Float64Array.from({length}, () => 5));
		giveBackFloat64(Float64Array.from({length}, () => -5));
		const tasks = [sortNumbersSliced(first), sortNumbersSliced(second)];
		const results: Float64Array[] = [];
		const steps = tasks.map(task => task.next());
		while (steps.some(step => !step.done)) {
			for (const [index, task] of tasks.entries()) {
				if (!steps[index]!.done) {
					steps[index] = task.next();
				}
			}
		}

		for (const step of steps) {
			results.push(step.value as Float64Array);
		}

		expect(results[0]).not.toBe(results[1]);
		expect(Array.from(results[0]!)).toEqual(Array.from(Float64Array.from(first).sort()));
		expect(Array.from(results[1]!)).toEqual(Array.from(Float64Array.from(second).sort()));
		// A sort's result is its caller's: later sorts never write over it.
		runToEnd(sortNumbersSliced(second));
		runToEnd(sortNumbersSliced(first));
		expect(Array.from(results[0]!)).toEqual(Array.from(Float64Array.from(first).sort()));
		expect(Array.from(results[1]!)).toEqual(Array.from(Float64Array.from(second).sort()));
	});
});

describe('borrowFloat64', () => {
	it('lends an array given back, once; keeps neither small arrays nor views of a part of one', () => {
		const given = new Float64Array(100_003);
		giveBackFloat64(given);
		expect(borrowFloat64(100_003)).toBe(given);
		expect(borrowFloat64(100_003)).not.toBe(given);
		const small = new Float64Array(1000);
		giveBackFloat64(small);
		expect(borrowFloat64(1000)).not.toBe(small);
		const whole = new Float64Array(200_000);
		const part = whole.subarray(0, 100_007);
		giveBackFloat64(part);
		expect(borrowFloat64(100_007)).not.toBe(part);
	});

	it('keeps two arrays at most, of the length last given back only', () => {
		const [a, b, c] = [new Float64Array(100_003), new Float64Array(100_003), new Float64Array(100_003)];
		for (const array of [a, b, c]) {
			giveBackFloat64(array);
		}

		expect(borrowFloat64(100_003)).toBe(b);
		expect(borrowFloat64(100_003)).toBe(a);
		// The third was not kept: a new one.
		expect([a, b, c]).not.toContain(borrowFloat64(100_003));
		// Another length (one user more) lets the old ones go.
		giveBackFloat64(a);
		const longer = new Float64Array(100_004);
		giveBackFloat64(longer);
		expect(borrowFloat64(100_003)).not.toBe(a);
		expect(borrowFloat64(100_004)).toBe(longer);
	});
});
