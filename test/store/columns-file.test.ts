// The columns file beside the snapshot (issue 19, source/store/columns-file.ts):
// a load that reads it must find exactly what a load of the snapshot's lines
// finds, after writes from this process and others, compactions and crashes;
// and any file that is not the snapshot's own (stale, copied, damaged, cut
// short) must be left unused, never trusted.
import {cp, readFile, stat, truncate, unlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {beforeEach, describe, expect, test} from 'vitest';
import {generateDemo} from '../../source/demo/generate.js';
import type {ListUser, User} from '../../source/domain/types.js';
import {type SortField, sortFields} from '../../source/domain/sort.js';
import {keptSortFields, sortPositions} from '../../source/list/user-order.js';
import {columnsOf} from '../../source/store/sealed-user.js';
import {defaultSeed} from '../../source/store/seed.js';
import {type OpenOptions, Store, writeSnapshot} from '../../source/store/store.js';
import {databaseConnection, makeDevice, makeLog, makeUser, storeFolderPerTest} from './fixtures.js';

const demo = generateDemo({users: 240, seed: 'columns-file', now: new Date('2026-12-01T00:00:00.000Z'), passwordHash: 'test$0'});

/** Users the demo has none of: every optional column missing or odd, ids the users numbering cannot hold. */
function oddUsers(): User[] {
	const bare = makeUser('bare', {logins_count: 0});
	delete (bare as Partial<User>).email;
	return [
		bare,
		makeUser('two-connections', {identities: [{connection: databaseConnection, provider: 'auth0', user_id: 'a', isSocial: false}, {connection: 'google-oauth2', provider: 'google-oauth2', user_id: 'b', isSocial: true}], name: 'Zoë Øster 中文 😀', blocked: false, username: 'zoe'}),
		makeUser('three-connections', {identities: [{connection: 'github', provider: 'github', user_id: 'c', isSocial: true}, {connection: databaseConnection, provider: 'auth0', user_id: 'd', isSocial: false}], blocked: true, last_login: '2026-11-30T23:59:59.999Z', logins_count: 9_007_199_254_740_991}),
		{...makeUser('x'), user_id: 'auth0|ünïcode-id', email: 'ÜNÏ@Example.com', name: ''},
		{...makeUser('y'), user_id: 'auth0|tab\there'},
	];
}

/** Everything a load makes, as plain values, in the tables' order. */
function everything(store: Store): unknown {
	const ids = [...store.tables.users.keys()];
	return {
		users: [...store.tables.users].map(([id, row]) => [id, columnsOf(row), store.user(id)]),
		logs: ids.map(id => [store.logsOf(id), store.logProblemsOf(id)]),
		devices: ids.map(id => [store.devicesOf(id), store.deviceIdsOf(id)]),
		passwords: ids.map(id => store.password(id)),
		imported: [...store.importedPasswords()],
		orphanLogs: store.logsOf('auth0|deleted-long-ago'),
		sizes: Object.fromEntries(Object.entries(store.tables).map(([table, rows]) => [table, (rows as Map<string, unknown>).size])),
		small: [[...store.tables.connections], [...store.tables.clients], [...store.tables.tickets]],
		blocked: store.blockedCount(),
		byEmail: ids.map(id => {
			const user = store.user(id)!;
			return user.email === undefined ? undefined : store.userByEmail(user.identities[0]!.connection, user.email.toUpperCase())?.user_id;
		}),
		origin: store.origin,
		// The Users list's orders, which a load from the columns file takes from the places it kept.
		orders: sortFields.flatMap(field => [false, true].map(descending => {
			const users = [...store.tables.users.values()];
			return Array.from(sortPositions(users, {field, descending}), position => users[position]!.user_id);
		})),
	};
}

/** How many of a store's users carry a kept place in each sort field's order (ListUser placeIn). */
function ranked(store: Store): Record<SortField, number> {
	const users: ListUser[] = [...store.tables.users.values()];
	return Object.fromEntries(sortFields.map(field => [field, users.filter(user => user.placeIn?.(field) !== undefined).length])) as Record<SortField, number>;
}

/** `count` for every sort field whose order is kept (`collated` for those the collator orders), 0 for the others. */
function everyField(count: number, collated = count): Record<SortField, number> {
	const kept: readonly SortField[] = keptSortFields;
	return Object.fromEntries(sortFields.map(field => [field, kept.includes(field) ? (field === 'name' || field === 'connection' ? collated : count) : 0])) as Record<SortField, number>;
}

// Its sections are checked on the main thread, or (past 64 MiB by default) in a worker while the tables are built: both ways here.
describe.each([['checked on the main thread', undefined], ['checked in a worker', 0]] as const)('the columns file, %s', (_, columnsCheckInWorkerMinBytes) => {
	const folder = storeFolderPerTest();
	// The file is written for stores of any size here; by default only past 32 MiB.
	const open = async (options: Partial<OpenOptions> = {}): Promise<Store> => folder.openStore({create: false, columnsFileMinBytes: 0, columnsCheckInWorkerMinBytes, ...options});
	const columns = (): string => `${folder.file}-columns`;

	/** What a load of the snapshot's lines makes (the columns file moved away for it, then put back). */
	async function fromLines(): Promise<unknown> {
		const kept = await readFile(columns()).catch(() => undefined);
		await unlink(columns()).catch(() => undefined);
		const store = await open({columnsFileMinBytes: Number.MAX_SAFE_INTEGER});
		expect(store.loadedFromColumns).toBe(false);
		const seen = everything(store);
		await store.close();
		if (kept) {
			await writeFile(columns(), kept, {mode: 0o600});
		}

		return seen;
	}

	/** A load from the columns file (written first by a load of the lines, when there is none) finds what a load of the lines finds. */
	async function expectSameAsLines(): Promise<Store> {
		const expected = await fromLines();
		let store = await open();
		if (!store.loadedFromColumns) {
			await store.close();
			store = await open();
		}

		expect(store.loadedFromColumns).toBe(true);
		expect(everything(store)).toEqual(expected);
		return store;
	}

	beforeEach(async () => {
		const tables = defaultSeed();
		for (const table of ['users', 'logs', 'devices', 'passwords'] as const) {
			for (const [key, row] of demo[table] as Map<string, never>) {
				(tables[table] as Map<string, unknown>).set(key, row);
			}
		}

		for (const user of oddUsers()) {
			tables.users.set(user.user_id, user);
			tables.devices.set(`device-${user.user_id}`, makeDevice(`device-${user.user_id}`, user.user_id));
			tables.logs.set(`log-${user.user_id}`, makeLog(`log-${user.user_id}`, user.user_id, '2026-01-01T00:00:00.000Z'));
		}

		const someone = [...demo.users.keys()][0]!;
		tables.logs.set('log-orphan', makeLog('log-orphan', 'auth0|deleted-long-ago', '2026-02-01T00:00:00.000Z'));
		tables.passwords.set('auth0|bare', {user_id: 'auth0|bare', hash: '$2b$10$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyzABCDE', history: [], updated_at: '2025-01-01T00:00:00.000Z', imported: {algorithm: 'bcrypt'}});
		tables.tickets.set('a'.repeat(64), {id: 'a'.repeat(64), user_id: someone, client_id: 'client-1', impersonator: {user_id: 'auth0|admin', email: 'admin@example.com'}, issued_at: '2026-12-01T00:00:00.000Z', expires_at: '2026-12-01T00:05:00.000Z'});
		await writeSnapshot(folder.file, tables, {origin: {tenant: 'example.eu.auth0.com', pulled_at: '2026-12-01T00:00:00.000Z'}});
	});

	test('a load of the lines writes it (0600), and the next load reads it and finds the same', async () => {
		const first = await open();
		expect(first.loadedFromColumns).toBe(false);
		await first.close();
		expect((await stat(columns())).mode & 0o777).toBe(0o600);
		const store = await expectSameAsLines();
		expect(store.tables.users.size).toBe(245);
		// Every user filed from its columns carries its places in the orders; the one line parsed whole does not.
		expect(ranked(store)).toEqual(everyField(244));
		// Read from the columns, the profiles are still the snapshot's bytes, read when asked for.
		expect(store.user('auth0|two-connections')?.name).toBe('Zoë Øster 中文 😀');
	});

	test('a users-only read uses it too, and still refuses what it did not read', async () => {
		await (await open()).close();
		const partial = await open({usersOnly: true});
		expect(partial.loadedFromColumns).toBe(true);
		expect(partial.tables.users.size).toBe(245);
		expect(partial.tables.logs.size).toBe(0);
		expect(() => partial.logsOf('auth0|bare')).toThrow(/opened for its users only/);
		await expect(partial.transact(() => undefined)).rejects.toThrow(/opened for its users only/);
	});

	test('writes from this process and another are replayed over it, and a compaction makes it stale until the next load writes it again', async () => {
		await (await open()).close();
		const a = await open({compactAfterBytes: 1 << 30});
		const b = await open({compactAfterBytes: 1 << 30});
		expect(a.loadedFromColumns && b.loadedFromColumns).toBe(true);
		const ids = [...a.tables.users.keys()];
		for (const [step, id] of ids.slice(0, 30).entries()) {
			const writer = step % 2 === 0 ? a : b;
			await writer.transact(tx => {
				const user = writer.user(id)!;
				tx.put('users', {...user, email: `Changed-${step}@Example.com`, name: `Changed ${step}`, logins_count: user.logins_count + 1, blocked: step % 3 === 0});
				tx.put('logs', makeLog(`log-new-${step}`, id, '2026-12-02T00:00:00.000Z'));
				if (step % 5 === 0) {
					tx.delete('users', ids[200 + step]!);
					tx.put('users', makeUser(`new-${step}`));
				}
			});
		}

		await a.refresh();
		await b.refresh();
		// Users created or changed since the columns were written carry no ranks: the sorts place them by comparison.
		expect(ranked(b).name).toBeGreaterThan(0);
		expect(ranked(b).name).toBeLessThan(b.tables.users.size);
		// The journal over the columns: what a load of the lines plus the journal gives.
		const expected = await fromLines();
		expect(everything(a)).toEqual(expected);
		expect(everything(b)).toEqual(expected);
		const replayed = await open();
		expect(replayed.loadedFromColumns).toBe(true);
		expect(everything(replayed)).toEqual(expected);

		// A compaction writes a new snapshot: the file is another one, so its columns are not used.
		await a.compact();
		const after = await open();
		expect(after.loadedFromColumns).toBe(false);
		expect(everything(after)).toEqual(expected);
		await after.close();
		await b.refresh();
		expect(everything(b)).toEqual(expected);
		// That load wrote them for the new snapshot.
		const again = await expectSameAsLines();
		expect(everything(again)).toEqual(expected);
	});

	test('is not used for any other file: damaged, cut short, of another snapshot, a copy, or a snapshot changed in place', async () => {
		await (await open()).close();
		const good = await readFile(columns());
		const expected = await fromLines();
		const expectUnused = async (why: string): Promise<void> => {
			const store = await open({columnsFileMinBytes: Number.MAX_SAFE_INTEGER});
			expect(store.loadedFromColumns, why).toBe(false);
			expect(everything(store), why).toEqual(expected);
			await store.close();
			await writeFile(columns(), good, {mode: 0o600});
		};

		// One byte changed anywhere: in the header, the last section, the middle of
		// the file, and values no other check would see (a count, an email, a date, a place).
		const headLength = good.readUInt32LE(17);
		const head = JSON.parse(good.toString('utf8', 21, 21 + headLength)) as {sections: Array<{name: string; offset: number}>};
		const base = Math.ceil((21 + headLength) / 8) * 8;
		const inSection = (name: string): number => base + head.sections.find(section => section.name === name)!.offset + 1;
		for (const at of [good.length - 1, Math.floor(good.length / 2), 300, ...['users.logins_count', 'users.email', 'logs.own.dates', 'users.order.name'].map(name => inSection(name))]) {
			const damaged = Buffer.from(good);
			damaged[at]! ^= 0x20;
			await writeFile(columns(), damaged);
			await expectUnused(`byte ${at} changed`);
		}

		await truncate(columns(), good.length - 8);
		await expectUnused('cut short');
		await writeFile(columns(), good.subarray(0, 10));
		await expectUnused('cut in the magic');
		await writeFile(columns(), '');
		await expectUnused('empty');
		await writeFile(columns(), Buffer.concat([good.subarray(0, 17), Buffer.from([0xFF, 0xFF, 0xFF, 0x7F]), good.subarray(21)]));
		await expectUnused('a header length past the file');

		// The snapshot changed in place (same size): its identity is not the one the file names.
		const snapshot = await readFile(folder.file);
		await writeFile(folder.file, snapshot);
		await expectUnused('the snapshot rewritten in place');

		// A copy of the store elsewhere is another file.
		const copy = path.join(folder.dir, 'copy.ndjson');
		await cp(folder.file, copy);
		await cp(columns(), `${copy}-columns`);
		const copied = await folder.openStore({path: copy, create: false, columnsFileMinBytes: Number.MAX_SAFE_INTEGER, columnsCheckInWorkerMinBytes});
		expect(copied.loadedFromColumns).toBe(false);
		expect(everything(copied)).toEqual(expected);
	});

	test('made under another collation (ICU), its orders of names and connections are not used: those are sorted again', async () => {
		await (await open()).close();
		const file = await readFile(columns());
		const at = file.indexOf('"collation":"icu ');
		expect(at).toBeGreaterThan(0);
		// Another ICU version, the header's length unchanged.
		const digit = at + '"collation":"icu '.length;
		file[digit] = file[digit] === 0x30 ? 0x31 : 0x30;
		await writeFile(columns(), file, {mode: 0o600});
		const store = await open();
		expect(store.loadedFromColumns).toBe(true);
		expect(ranked(store)).toEqual(everyField(244, 0));
		expect(everything(store)).toEqual(await fromLines());
	});

	test('keeps the rows a load parsed whole (lines not in the canonical form), in their places', async () => {
		const text = await readFile(folder.file, 'utf8');
		// A user line with spaces, and a log event whose members come in another order: parsed whole at load.
		const spacedUser = text.replace(/\n\["users",\{"user_id":"auth0\|bare"/, '\n[ "users", {"user_id":"auth0|bare"');
		const spaced = spacedUser.replace(/\n\["logs",\{"log_id":"log-orphan","date":"([^"]+)"/, '\n["logs",{"date":"$1","log_id":"log-orphan"');
		expect(spacedUser).not.toBe(text);
		expect(spaced).not.toBe(spacedUser);
		await writeFile(folder.file, spaced);
		await (await open()).close();
		const store = await expectSameAsLines();
		expect(store.user('auth0|bare')?.user_id).toBe('auth0|bare');
		expect(store.logsOf('auth0|deleted-long-ago').map(event => event.log_id)).toEqual(['log-orphan']);
	});

	test('a load that cannot keep its columns removes a stale file rather than leave it to be refused by every load', async () => {
		await (await open()).close();
		await (await open({compactAfterBytes: 1})).transact(tx => {
			tx.put('users', makeUser('compacted'));
		});
		const store = await open({columnsFileMinBytes: Number.MAX_SAFE_INTEGER});
		expect(store.loadedFromColumns).toBe(false);
		await store.close();
		await expect(stat(columns())).rejects.toThrow(/ENOENT/);
	});
});

describe('background work beside the store\'s operations', () => {
	const folder = storeFolderPerTest();

	test('whenIdle: nothing to wait for with no operation; while two are queued or running, a wait that ends with the last', async () => {
		const store = await folder.openStore();
		expect(store.whenIdle()).toBeUndefined();
		const holds = [0, 1].map(() => {
			let release!: () => void;
			const held = new Promise<void>(resolve => {
				release = resolve;
			});
			return {held, release};
		});
		const users = [makeUser('held-1'), makeUser('held-2')];
		const operations = users.map(async (user, index) => store.transact(async tx => {
			await holds[index]!.held;
			tx.put('users', user);
		}));
		const idle = store.whenIdle();
		expect(idle).toBeInstanceOf(Promise);
		let settled = false;
		void idle!.then(() => {
			settled = true;
		});
		const turns = async (): Promise<void> => {
			for (let turn = 0; turn < 20; turn++) {
				// eslint-disable-next-line no-await-in-loop
				await new Promise(resolve => {
					setImmediate(resolve);
				});
			}
		};

		await turns();
		expect(settled).toBe(false);
		holds[0]!.release();
		await operations[0];
		await turns();
		expect(settled, 'one operation still queued').toBe(false);
		holds[1]!.release();
		await operations[1];
		await idle;
		expect(users.map(user => store.user(user.user_id))).toEqual(users);
		expect(store.whenIdle()).toBeUndefined();
	});
});
