// Issue 19: the local store's `eachUser` streams a command's list. It gives
// the same users, in the same order, with the same count as the list that
// was built whole (`listUsers`), but reads one full profile at a time, only
// when the reader asks for the next user, and stops reading when the reader
// stops: what proves that a million users are never held at once.
import {mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {generateDemo} from '../../source/demo/generate.js';
import type {UserSort} from '../../source/domain/sort.js';
import type {User} from '../../source/domain/types.js';
import {streamUsers} from '../../source/services/user-stream.js';
import {collectUsers} from '../../source/services/users-api.js';
import {UsersService} from '../../source/services/users-service.js';
import {Store, writeSnapshot} from '../../source/store/store.js';
import {fakeHasher, testActor} from '../support/fakes.js';

const userCount = 1500;
let dir: string;
let store: Store;
let service: UsersService;

beforeAll(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-stream-'));
	const file = path.join(dir, 'store.ndjson');
	await writeSnapshot(file, generateDemo({users: userCount, seed: 'user-stream', now: new Date('2026-03-01T12:00:00Z'), passwordHash: 'test$unused'}));
	store = await Store.open({path: file});
	service = new UsersService({store, actor: testActor, hasher: fakeHasher});
}, 60_000);

afterAll(async () => {
	await store?.close();
	await rm(dir, {recursive: true, force: true});
});

const ids = (users: readonly User[]) => users.map(user => user.user_id);

/** The service's summaries and profiles, counting each profile read. */
function countingSource(): {source: Parameters<typeof streamUsers>[0]; opened: () => number} {
	let opened = 0;
	return {
		source: {
			usersById: () => service.usersById(),
			user(id) {
				opened++;
				return service.user(id);
			},
		},
		opened: () => opened,
	};
}

describe('eachUser on the local store', () => {
	const cases: Array<{query?: string; sort?: UserSort; limit?: number}> = [
		{},
		{sort: {field: 'name', descending: false}},
		{sort: {field: 'logins_count', descending: true}, limit: 40},
		{sort: {field: 'connection', descending: false}},
		{sort: {field: 'last_login', descending: true}, query: 'logins_count:[1 TO *]'},
		{query: 'identities.connection:Username-Password-Authentication', limit: 7},
		{query: 'blocked:true', sort: {field: 'email', descending: false}},
		{query: 'email:nobody@nowhere.invalid'},
		{limit: 0},
	];

	it.each(cases)('gives the users, order and count the whole list gave (%o)', async options => {
		const whole = service.listUsers({query: options.query, sort: options.sort});
		const streamed = await collectUsers(service.eachUser(options));
		const shown = whole.slice(0, options.limit);
		expect(ids(streamed.users)).toEqual(ids(shown));
		expect(streamed.matched).toBe(whole.length);
		// Whole profiles, not the list's summaries.
		expect(streamed.users).toEqual(shown);
	});

	it('reads a profile only when the reader asks for the next user, and none once it stops', async () => {
		const {source, opened} = countingSource();
		const stream = streamUsers(source, {sort: {field: 'name', descending: false}});
		const seen: number[] = [];
		let taken = 0;
		for await (const _user of stream) {
			seen.push(opened());
			if (++taken === 25) {
				break;
			}
		}

		// Without a query each user given is the one profile read for it: no read-ahead.
		expect(seen).toEqual(Array.from({length: 25}, (_, index) => index + 1));
		await new Promise(resolve => {
			setImmediate(resolve);
		});
		expect(opened()).toBe(25);
	});

	it('with a query on profile fields, reads each profile once, one at a time, and only up to the match it gives', async () => {
		const {source, opened} = countingSource();
		const query = 'email_verified:false';
		const order = service.listUsers({sort: {field: 'user_id', descending: false}});
		const stream = streamUsers(source, {query, sort: {field: 'user_id', descending: false}});
		let given = 0;
		for await (const user of stream) {
			// Every user up to this match was read once to test it; none past it.
			expect(opened()).toBe(order.findIndex(candidate => candidate.user_id === user.user_id) + 1);
			given++;
		}

		expect(given).toBeGreaterThan(0);
		expect(opened()).toBe(userCount);
		expect((await stream.end()).matched).toBe(service.listUsers({query}).length);
	});

	it('with a query the list columns answer, reads only the profiles it gives', async () => {
		const {source, opened} = countingSource();
		const query = 'blocked:true';
		const stream = streamUsers(source, {query, sort: {field: 'user_id', descending: false}});
		let given = 0;
		for await (const _user of stream) {
			given++;
			expect(opened()).toBe(given);
		}

		expect(given).toBe(service.listUsers({query}).length);
		expect((await stream.end()).matched).toBe(given);
		expect(opened()).toBe(given);
	});

	it('counts past the limit only when asked, reading the rest one at a time (a query) or none (no query)', async () => {
		const queried = countingSource();
		const limited = streamUsers(queried.source, {query: 'email_verified:true', limit: 3});
		expect((await collectUsers(limited)).users).toHaveLength(3);
		expect(queried.opened()).toBe(userCount);

		// A query the columns answer counts the rest on them.
		const columns = countingSource();
		const byColumns = streamUsers(columns.source, {query: 'logins_count:[1 TO *]', limit: 3});
		const collected = await collectUsers(byColumns);
		expect(collected.users).toHaveLength(3);
		expect(collected.matched).toBe(service.listUsers({query: 'logins_count:[1 TO *]'}).length);
		expect(columns.opened()).toBe(3);

		const plain = countingSource();
		const stream = streamUsers(plain.source, {limit: 3});
		for await (const _user of stream) {
			// Taken.
		}

		expect(plain.opened()).toBe(3);
		expect(await stream.end()).toEqual({matched: userCount});
		expect(plain.opened()).toBe(3);
	});

	it('lets the event loop turn while it works, so a console keeps drawing', async () => {
		let turned = false;
		setImmediate(() => {
			turned = true;
		});
		// Each read takes at least a millisecond: 64 of them outlast a slice (8 ms) however fast the machine.
		const slow = {
			usersById: () => service.usersById(),
			user(id: string) {
				const until = performance.now() + 1;
				while (performance.now() < until) {
					// Busy, as a parse of a big profile is.
				}

				return service.user(id);
			},
		};
		let given = 0;
		let turnedBeforeEnd = false;
		for await (const _user of streamUsers(slow, {limit: 64})) {
			given++;
			turnedBeforeEnd ||= turned;
		}

		expect(given).toBe(64);
		expect(turnedBeforeEnd).toBe(true);
	});

	it('skips a user deleted while the stream runs, and stops with the signal\'s reason', async () => {
		const order = service.listUsers({sort: {field: 'user_id', descending: false}});
		const gone = order[1]!.user_id;
		const getUser = service.user.bind(service);
		const spy = vi.spyOn(service, 'user').mockImplementation(id => (id === gone ? undefined : getUser(id)));
		try {
			const deleted = await collectUsers(streamUsers(service, {sort: {field: 'user_id', descending: false}, limit: 3}));
			expect(ids(deleted.users)).toEqual([order[0]!.user_id, order[2]!.user_id, order[3]!.user_id]);
		} finally {
			spy.mockRestore();
		}

		const controller = new AbortController();
		const stream = service.eachUser({signal: controller.signal});
		const reason = new Error('stopped by the reader');
		let given = 0;
		await expect((async () => {
			for await (const _user of stream) {
				if (++given === 2) {
					controller.abort(reason);
				}
			}
		})()).rejects.toBe(reason);
		expect(given).toBe(2);
	});

	it('refuses a query it cannot parse before reading anything', () => {
		const {source, opened} = countingSource();
		expect(() => streamUsers(source, {query: 'name:(a OR'})).toThrow();
		expect(opened()).toBe(0);
	});
});
