import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {appendFile, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test, vi} from 'vitest';
import {io} from '../../source/store/io.js';
import {defaultStorePath} from '../../source/store/paths.js';
import {defaultSeed} from '../../source/store/seed.js';
import {writeSnapshotFile} from '../../source/store/snapshot-file.js';
import {Store, StoreError, writeSnapshot} from '../../source/store/store.js';
import {emptyTables, type Tables} from '../../source/store/tables.js';
import {databaseConnection, listDir, plainRows, makeDevice, makeLog, makeTempDir, makeUser, readLines, waitFor} from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
let file: string;
const open: Store[] = [];

async function openStore(options: Partial<Parameters<typeof Store.open>[0]> = {}): Promise<Store> {
	const store = await Store.open({path: file, ...options});
	open.push(store);
	return store;
}

function ids(map: ReadonlyMap<string, unknown>): string[] {
	return [...map.keys()];
}

beforeEach(async () => {
	({dir, cleanup} = await makeTempDir());
	file = path.join(dir, 'store.ndjson');
});

afterEach(async () => {
	await Promise.all(open.splice(0).map(async store => store.close()));
	await cleanup();
});

describe('a new store', () => {
	test('is created with the default seed: one database connection enabled for one application', async () => {
		const store = await openStore();
		const connections = [...store.tables.connections.values()];
		const clients = [...store.tables.clients.values()];
		expect(connections).toHaveLength(1);
		expect(clients).toHaveLength(1);
		const [connection] = connections;
		const [client] = clients;
		expect(connection).toMatchObject({
			name: 'Username-Password-Authentication',
			strategy: 'auth0',
			options: {
				passwordPolicy: 'good',
				password_history: {enable: false, size: 5},
				password_dictionary: {enable: true, dictionary: []},
				password_no_personal_info: {enable: true},
			},
		});
		expect(connection!.id).toMatch(/^con_[A-Za-z\d]{16}$/);
		expect(client).toEqual({client_id: expect.stringMatching(/^[A-Za-z\d]{32}$/) as unknown, name: 'Default App', app_type: 'regular_web', callbacks: ['http://localhost:3000/callback']});
		expect(connection!.enabled_clients).toEqual([client!.client_id]);
		expect(store.tables.users.size).toBe(0);
		// The seed is on disk, not only in memory.
		const lines = await readLines(file);
		expect(JSON.parse(lines[0]!)).toMatchObject({format: 'userdeck-store', version: 1, seq: 0, counts: {connections: 1, clients: 1, users: 0}});
	});

	test('gets fresh ids every time', () => {
		const a = defaultSeed();
		const b = defaultSeed();
		expect(ids(a.connections)).not.toEqual(ids(b.connections));
		expect(ids(a.clients)).not.toEqual(ids(b.clients));
	});

	test('uses a custom seed, and is not created when create is false', async () => {
		await expect(Store.open({path: file, create: false})).rejects.toMatchObject({code: 'MISSING', message: `No store at ${file}`});
		expect(await listDir(dir)).toEqual([]);
		const seed = emptyTables();
		seed.users.set('auth0|seeded', makeUser('seeded'));
		const store = await openStore({seed: () => seed});
		expect(ids(store.tables.users)).toEqual(['auth0|seeded']);
		expect(store.tables.connections.size).toBe(0);
	});

	test('creates missing folders', async () => {
		file = path.join(dir, 'a', 'b', 'store.ndjson');
		const store = await openStore();
		expect(store.tables.connections.size).toBe(1);
		expect((await stat(path.join(dir, 'a', 'b'))).isDirectory()).toBe(true);
	});
});

describe('transactions', () => {
	test('round trip: puts and deletes survive a reopen, in insertion order', async () => {
		const store = await openStore();
		await store.transact(tx => {
			tx.put('users', makeUser('a'));
			tx.put('users', makeUser('b'));
			tx.put('users', makeUser('c'));
		});
		await store.transact(tx => {
			tx.delete('users', 'auth0|b');
			tx.put('users', makeUser('a', {name: 'Ann'}));
			tx.put('users', makeUser('d'));
		});
		expect(ids(store.tables.users)).toEqual(['auth0|a', 'auth0|c', 'auth0|d']);
		expect(store.user('auth0|a')?.name).toBe('Ann');
		expect(store.revision).toBe(2);

		const again = await openStore();
		expect(ids(again.tables.users)).toEqual(['auth0|a', 'auth0|c', 'auth0|d']);
		expect(again.user('auth0|a')).toEqual(store.user('auth0|a'));
		expect(plainRows(again.tables)).toEqual(plainRows(store.tables));
	});

	test('one transaction is one journal entry with the next seq', async () => {
		const store = await openStore();
		await store.transact(tx => {
			tx.put('users', makeUser('a'));
			tx.put('logs', makeLog('l1', 'auth0|a', '2025-01-01T00:00:00.000Z'));
		});
		await store.transact(tx => {
			tx.delete('users', 'auth0|a');
		});
		const entries = (await readLines(`${file}-journal`)).map(line => JSON.parse(line) as {seq: number; changes: unknown[]});
		expect(entries.map(entry => entry.seq)).toEqual([1, 2]);
		expect(entries.map(entry => entry.changes.length)).toEqual([2, 1]);
	});

	test('returns what the function returns and writes nothing when nothing is staged', async () => {
		const store = await openStore();
		const before = await listDir(dir);
		await expect(store.transact(() => 42)).resolves.toBe(42);
		expect(await listDir(dir)).toEqual(before);
		expect(store.revision).toBe(0);
	});

	test('a function that throws writes nothing and its error propagates', async () => {
		const store = await openStore();
		const failure = new Error('rule broken');
		await expect(store.transact(tx => {
			tx.put('users', makeUser('a'));
			throw failure;
		})).rejects.toBe(failure);
		await expect(store.transact(async tx => {
			tx.put('users', makeUser('b'));
			await Promise.resolve();
			throw failure;
		})).rejects.toBe(failure);
		expect(store.tables.users.size).toBe(0);
		expect(await listDir(dir)).not.toContain('store.ndjson-journal');
		expect(await listDir(dir)).not.toContain('store.ndjson.lock');
		// The lock was released: the next transaction goes through at once.
		await store.transact(tx => {
			tx.put('users', makeUser('c'));
		});
		expect(ids((await openStore()).tables.users)).toEqual(['auth0|c']);
	});

	test('staged changes are invisible until the function returns', async () => {
		const store = await openStore();
		await store.transact(tx => {
			tx.put('users', makeUser('a'));
			expect(store.user('auth0|a')).toBeUndefined();
		});
		expect(store.user('auth0|a')).toBeDefined();
	});

	test('invalid rows are refused before anything is written', async () => {
		const store = await openStore();
		await expect(store.transact(tx => {
			tx.put('users', {...makeUser('a'), user_id: undefined} as never);
		})).rejects.toThrow(/users row must have required property 'user_id'/);
		await expect(store.transact(tx => {
			tx.put('users', makeUser('a', {logins_count: Number.POSITIVE_INFINITY}));
		})).rejects.toThrow(TypeError);
		await expect(store.transact(tx => {
			tx.put('devices', {...makeDevice('d', 'auth0|a'), extra: 1} as never);
		})).rejects.toThrow(/must NOT have additional properties \("extra"\)/);
		await expect(store.transact(tx => {
			tx.put('admins' as never, {} as never);
		})).rejects.toThrow(/Unknown table/);
		await expect(store.transact(tx => {
			tx.delete('users', '');
		})).rejects.toThrow(TypeError);
		// A row that becomes invalid after it was staged is caught before the append.
		await expect(store.transact(tx => {
			const user = makeUser('late');
			tx.put('users', user);
			(user as {logins_count: unknown}).logins_count = 'many';
		})).rejects.toThrow(/logins_count must be integer/);
		expect(await listDir(dir)).not.toContain('store.ndjson-journal');
		expect(store.tables.users.size).toBe(0);
	});

	test('memory holds what the journal holds, not the caller\'s objects', async () => {
		const store = await openStore();
		const user = makeUser('a', {nickname: undefined});
		await store.transact(tx => {
			tx.put('users', user);
		});
		user.name = 'changed later';
		expect(store.user('auth0|a')).not.toBe(user);
		expect(store.user('auth0|a')?.name).toBeUndefined();
		expect(Object.hasOwn(store.user('auth0|a')!, 'nickname')).toBe(false);
	});

	test('nesting a transaction is refused instead of deadlocking', async () => {
		const store = await openStore();
		await expect(store.transact(async () => store.transact(() => 1))).rejects.toThrow(/inside a transaction/);
		await expect(store.transact(async () => store.refresh())).resolves.toBe(false);
	});

	test('concurrent transactions of one process run one after the other', async () => {
		const store = await openStore();
		await Promise.all(Array.from({length: 20}, async (_, index) => store.transact(tx => {
			tx.put('users', makeUser(`u${index}`, {logins_count: store.tables.users.size}));
		})));
		const counts = [...store.tables.users.values()].map(user => user.logins_count);
		expect(counts).toEqual(Array.from({length: 20}, (_, index) => index));
	});

	test('a closed store refuses work', async () => {
		const store = await openStore();
		await store.close();
		await expect(store.transact(() => 1)).rejects.toThrow(/closed/);
	});
});

describe('every table', () => {
	test('round-trips its rows and refuses rows of the wrong shape', async () => {
		const store = await openStore();
		const [connection] = store.tables.connections.values();
		const [client] = store.tables.clients.values();
		await store.transact(tx => {
			tx.put('users', makeUser('a', {app_metadata: {plan: 'pro'}, user_metadata: {theme: 'dark'}, multifactor: ['guardian'], blocked: true, custom_field: 1} as never));
			tx.put('passwords', {user_id: 'auth0|a', hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', history: [], updated_at: '2025-01-01T00:00:00.000Z'});
			tx.put('tickets', {id: 'f'.repeat(64), user_id: 'auth0|a', client_id: client!.client_id, impersonator: {user_id: 'cli|admin', email: 'admin@example.com'}, issued_at: '2025-01-01T00:00:00.000Z', expires_at: '2025-01-01T00:02:00.000Z'});
			tx.put('logs', {...makeLog('l1', 'auth0|a', '2025-01-01T00:00:00.000Z'), details: {any: ['thing']}, location_info: {country_code: 'FR', country_code3: 'FRA', country_name: 'France', city_name: 'Paris', latitude: 48.85, longitude: 2.35, time_zone: 'Europe/Paris', continent_code: 'EU'}});
			tx.put('devices', makeDevice('d1', 'auth0|a'));
			tx.put('connections', {...connection!, enabled_clients: []});
		});
		const again = await openStore();
		expect(plainRows(again.tables)).toEqual(plainRows(store.tables));
		expect((again.user('auth0|a') as unknown as {custom_field: number}).custom_field).toBe(1);

		await expect(store.transact(tx => {
			tx.put('passwords', {user_id: 'auth0|a', hash: 'x', history: [], updated_at: 'x', plain: 'secret'} as never);
		})).rejects.toThrow(/passwords row must NOT have additional properties \("plain"\)/);
		await expect(store.transact(tx => {
			tx.put('tickets', {id: 't', user_id: 'u', client_id: 'c', impersonator: {user_id: 'x'}, issued_at: 'x', expires_at: 'x'} as never);
		})).rejects.toThrow(/tickets row\.impersonator must have required property 'email'/);
		await expect(store.transact(tx => {
			tx.put('clients', {...client!, app_type: 'desktop'} as never);
		})).rejects.toThrow(/clients row\.app_type must be equal to one of the allowed values \("spa", "regular_web", "native", "non_interactive"\)/);
		await expect(store.transact(tx => {
			tx.put('connections', {...connection!, options: {passwordPolicy: 'strong'}} as never);
		})).rejects.toThrow(/connections row\.options\.passwordPolicy must be equal to one of the allowed values/);
		await expect(store.transact(tx => {
			tx.put('logs', {log_id: 'l2', date: 'x'} as never);
		})).rejects.toThrow(/logs row must have required property 'type'/);
		await expect(store.transact(tx => {
			tx.put('devices', {...makeDevice('d2', 'auth0|a'), type: 'cookie'} as never);
		})).rejects.toThrow(/devices row\.type must be equal to one of the allowed values/);
	});
});

describe('indexes', () => {
	test('userByEmail is case-insensitive, per connection, and follows puts and deletes', async () => {
		const store = await openStore();
		await store.transact(tx => {
			tx.put('users', makeUser('a', {email: 'Ann@Example.com'}));
			tx.put('users', makeUser('g', {email: 'gina@example.com', identities: [
				{connection: 'google-oauth2', provider: 'google-oauth2', user_id: '1', isSocial: true},
				{connection: databaseConnection, provider: 'auth0', user_id: 'g', isSocial: false},
			]}));
		});
		expect(store.userByEmail(databaseConnection, 'ann@example.COM')?.user_id).toBe('auth0|a');
		expect(store.userByEmail('google-oauth2', 'ann@example.com')).toBeUndefined();
		expect(store.userByEmail('google-oauth2', 'GINA@example.com')?.user_id).toBe('auth0|g');
		expect(store.userByEmail(databaseConnection, 'gina@example.com')?.user_id).toBe('auth0|g');

		await store.transact(tx => {
			tx.put('users', makeUser('a', {email: 'ann.new@example.com'}));
		});
		expect(store.userByEmail(databaseConnection, 'ann@example.com')).toBeUndefined();
		expect(store.userByEmail(databaseConnection, 'Ann.New@example.com')?.user_id).toBe('auth0|a');

		await store.transact(tx => {
			tx.delete('users', 'auth0|a');
		});
		expect(store.userByEmail(databaseConnection, 'ann.new@example.com')).toBeUndefined();

		// A duplicate email (not the store's rule to forbid) survives the deletion of the other user.
		await store.transact(tx => {
			tx.put('users', makeUser('x', {email: 'same@example.com'}));
			tx.put('users', makeUser('y', {email: 'same@example.com'}));
		});
		await store.transact(tx => {
			tx.delete('users', 'auth0|x');
		});
		expect(store.userByEmail(databaseConnection, 'same@example.com')?.user_id).toBe('auth0|y');

		const again = await openStore();
		expect(again.userByEmail(databaseConnection, 'same@example.com')?.user_id).toBe('auth0|y');
		expect(again.userByEmail('google-oauth2', 'gina@example.com')?.user_id).toBe('auth0|g');
	});

	test('logsOf is chronological and follows puts and deletes; handed-out arrays never change', async () => {
		const store = await openStore();
		await store.transact(tx => {
			tx.put('logs', makeLog('l2', 'auth0|a', '2025-01-02T00:00:00.000Z'));
			tx.put('logs', makeLog('l1', 'auth0|a', '2025-01-01T00:00:00.000Z'));
			tx.put('logs', makeLog('l3', 'auth0|a', '2025-01-03T00:00:00.000Z'));
			tx.put('logs', makeLog('m1', 'auth0|b', '2025-01-01T00:00:00.000Z'));
			tx.put('logs', makeLog('anonymous', undefined, '2025-01-01T00:00:00.000Z', 'fu'));
		});
		const first = store.logsOf('auth0|a');
		expect(first.map(log => log.log_id)).toEqual(['l1', 'l2', 'l3']);
		expect(store.logsOf('auth0|b').map(log => log.log_id)).toEqual(['m1']);
		expect(store.logsOf('nobody')).toEqual([]);

		await store.transact(tx => {
			tx.delete('logs', 'l2');
			tx.put('logs', makeLog('l4', 'auth0|a', '2025-01-04T00:00:00.000Z'));
			// Moving an event to another user.
			tx.put('logs', makeLog('m1', 'auth0|a', '2025-01-01T12:00:00.000Z'));
		});
		expect(first.map(log => log.log_id)).toEqual(['l1', 'l2', 'l3']);
		expect(store.logsOf('auth0|a').map(log => log.log_id)).toEqual(['l1', 'm1', 'l3', 'l4']);
		expect(store.logsOf('auth0|b')).toEqual([]);

		await store.transact(tx => {
			for (const log of store.logsOf('auth0|a')) {
				tx.delete('logs', log.log_id);
			}
		});
		expect(store.logsOf('auth0|a')).toEqual([]);
		expect(ids(store.tables.logs)).toEqual(['anonymous']);
	});

	test('logsOf stays chronological after a reopen', async () => {
		const store = await openStore();
		await store.transact(tx => {
			tx.put('logs', makeLog('l3', 'auth0|a', '2025-01-03T00:00:00.000Z'));
			tx.put('logs', makeLog('l1', 'auth0|a', '2025-01-01T00:00:00Z'));
			tx.put('logs', makeLog('l2', 'auth0|a', '2025-01-02T00:00:00.000Z'));
		});
		await store.compact();
		expect((await openStore()).logsOf('auth0|a').map(log => log.log_id)).toEqual(['l1', 'l2', 'l3']);
	});

	test('devicesOf follows puts and deletes and keeps table order', async () => {
		const store = await openStore();
		await store.transact(tx => {
			tx.put('devices', makeDevice('d1', 'auth0|a'));
			tx.put('devices', makeDevice('d2', 'auth0|a'));
			tx.put('devices', makeDevice('d3', 'auth0|b'));
		});
		await store.transact(tx => {
			tx.put('devices', {...makeDevice('d1', 'auth0|a'), device_name: 'curl'});
		});
		expect(store.devicesOf('auth0|a').map(device => [device.id, device.device_name])).toEqual([['d1', 'curl'], ['d2', 'Mozilla/5.0']]);
		await store.transact(tx => {
			tx.delete('devices', 'd1');
			tx.put('devices', makeDevice('d3', 'auth0|a'));
		});
		expect(store.devicesOf('auth0|a').map(device => device.id)).toEqual(['d2', 'd3']);
		expect(store.devicesOf('auth0|b')).toEqual([]);
		expect((await openStore()).devicesOf('auth0|a').map(device => device.id)).toEqual(['d2', 'd3']);
	});
});

describe('compaction', () => {
	test('keeps the data, writes the last seq into the snapshot and empties the journal', async () => {
		const store = await openStore();
		for (let index = 0; index < 5; index++) {
			await store.transact(tx => {
				tx.put('users', makeUser(`u${index}`));
			});
		}

		await store.transact(tx => {
			tx.delete('users', 'auth0|u2');
		});
		const journal = `${file}-journal`;
		const journalInode = (await stat(journal)).ino;
		expect((await stat(journal)).size).toBeGreaterThan(0);
		await store.compact();
		expect((await stat(journal)).size).toBe(0);
		// A new file, so other processes notice the journal was replaced.
		expect((await stat(journal)).ino).not.toBe(journalInode);
		const header = JSON.parse((await readLines(file))[0]!) as {seq: number};
		expect(header.seq).toBe(6);
		const again = await openStore();
		expect(ids(again.tables.users)).toEqual(['auth0|u0', 'auth0|u1', 'auth0|u3', 'auth0|u4']);
		// Seqs carry on after the snapshot's.
		await again.transact(tx => {
			tx.put('users', makeUser('u5'));
		});
		expect((JSON.parse((await readLines(journal))[0]!) as {seq: number}).seq).toBe(7);
	});

	test('happens by itself once the journal passes compactAfterBytes', async () => {
		const store = await openStore({compactAfterBytes: 2000});
		for (let index = 0; index < 12; index++) {
			await store.transact(tx => {
				tx.put('users', makeUser(`u${index}`));
			});
		}

		expect((await stat(`${file}-journal`)).size).toBeLessThanOrEqual(2000);
		const header = JSON.parse((await readLines(file))[0]!) as {seq: number; counts: {users: number}};
		expect(header.seq).toBeGreaterThan(0);
		expect(header.counts.users).toBeGreaterThan(0);
		expect((await openStore()).tables.users.size).toBe(12);
	});

	test('a crash between the snapshot rename and the journal reset loses and repeats nothing', async () => {
		const store = await openStore();
		await store.transact(tx => {
			tx.put('users', makeUser('a'));
			tx.put('users', makeUser('b'));
		});
		await store.transact(tx => {
			tx.delete('users', 'auth0|a');
		});
		await store.transact(tx => {
			tx.put('users', makeUser('a', {name: 'back'}));
		});
		// What compaction's first step leaves: a snapshot at seq 3, the journal still holding seqs 1–3.
		await writeSnapshotFile(file, store.tables as Tables, 3);
		expect((await readLines(`${file}-journal`)).length).toBe(3);

		const reopened = await openStore();
		expect(ids(reopened.tables.users)).toEqual(['auth0|b', 'auth0|a']);
		// Writers carry on after seq 3, appending to that journal; readers still skip 1–3.
		await reopened.transact(tx => {
			tx.delete('users', 'auth0|b');
		});
		expect((JSON.parse((await readLines(`${file}-journal`)).at(-1)!) as {seq: number}).seq).toBe(4);
		const third = await openStore();
		expect(ids(third.tables.users)).toEqual(['auth0|a']);
		expect(third.user('auth0|a')?.name).toBe('back');
		await expect(store.refresh()).resolves.toBe(true);
		expect(ids(store.tables.users)).toEqual(['auth0|a']);
	});
});

describe('the blocked count', () => {
	test('follows puts, replacements and deletes, other processes\' writes, compactions and reloads', async () => {
		const a = await openStore();
		const b = await openStore();
		expect(a.blockedCount()).toBe(0);
		await a.transact(tx => {
			tx.put('users', makeUser('x', {blocked: true}));
			tx.put('users', makeUser('y', {blocked: true}));
			tx.put('users', makeUser('z'));
		});
		expect(a.blockedCount()).toBe(2);
		await a.transact(tx => {
			tx.put('users', makeUser('x', {blocked: false}));
			tx.put('users', makeUser('z', {blocked: true}));
		});
		expect(a.blockedCount()).toBe(2);
		await a.transact(tx => {
			tx.delete('users', 'auth0|y');
		});
		expect(a.blockedCount()).toBe(1);
		await b.refresh();
		expect(b.blockedCount()).toBe(1);
		await a.compact();
		await a.transact(tx => {
			tx.put('users', makeUser('w', {blocked: true}));
		});
		await b.refresh();
		expect(b.blockedCount()).toBe(2);
		const c = await openStore();
		expect(c.blockedCount()).toBe([...c.tables.users.values()].filter(user => user.blocked === true).length);
		expect(c.blockedCount()).toBe(2);
	});
});

describe('several stores on one file', () => {
	test('refresh catches up with appended entries and with compactions, and notifies subscribers', async () => {
		const a = await openStore();
		const b = await openStore();
		let notified = 0;
		b.subscribe(() => {
			notified++;
		});
		await expect(b.refresh()).resolves.toBe(false);
		expect(notified).toBe(0);

		await a.transact(tx => {
			tx.put('users', makeUser('x'));
		});
		await expect(b.refresh()).resolves.toBe(true);
		expect(b.user('auth0|x')).toBeDefined();
		expect(b.revision).toBe(1);
		expect(notified).toBe(1);

		await a.transact(tx => {
			tx.put('users', makeUser('y'));
		});
		await a.compact();
		await a.transact(tx => {
			tx.put('users', makeUser('z'));
		});
		await expect(b.refresh()).resolves.toBe(true);
		expect(ids(b.tables.users)).toEqual(['auth0|x', 'auth0|y', 'auth0|z']);
		expect(notified).toBe(2);

		// b writes after a's compaction: a transaction catches up first.
		await b.transact(tx => {
			tx.put('users', makeUser('w', {logins_count: b.tables.users.size}));
		});
		await a.refresh();
		expect(a.user('auth0|w')?.logins_count).toBe(3);
		expect(plainRows(a.tables)).toEqual(plainRows(b.tables));
	});

	test('a transaction sees the other store\'s latest writes before running', async () => {
		const a = await openStore();
		const b = await openStore();
		await a.transact(tx => {
			tx.put('users', makeUser('x'));
		});
		await b.transact(tx => {
			expect(b.user('auth0|x')).toBeDefined();
			tx.delete('users', 'auth0|x');
		});
		await a.refresh();
		expect(a.user('auth0|x')).toBeUndefined();
	});

	test('watch polls for other writers until stopped', async () => {
		const a = await openStore();
		const b = await openStore();
		const stop = b.watch(10);
		await a.transact(tx => {
			tx.put('users', makeUser('x'));
		});
		await waitFor(() => b.user('auth0|x') !== undefined);
		stop();
		const revision = b.revision;
		await a.transact(tx => {
			tx.put('users', makeUser('y'));
		});
		// Nothing polls any more: only an explicit refresh sees the write.
		expect(b.revision).toBe(revision);
		await b.refresh();
		expect(b.revision).toBe(revision + 1);
	});

	test('a listener that throws does not break the transaction', async () => {
		const store = await openStore();
		store.subscribe(() => {
			throw new Error('listener bug');
		});
		await store.transact(tx => {
			tx.put('users', makeUser('x'));
		});
		expect(store.user('auth0|x')).toBeDefined();
		expect(store.warnings.join('\n')).toContain('listener bug');
	});
});

describe('writeSnapshot', () => {
	test('writes a store that opens, and removes the journal of the store that was there', async () => {
		const old = await openStore();
		await old.transact(tx => {
			tx.put('users', makeUser('old'));
		});
		const tables = emptyTables();
		tables.users.set('auth0|new', makeUser('new'));
		await writeSnapshot(file, tables);
		expect(await listDir(dir)).toEqual(['store.ndjson']);
		const fresh = await openStore();
		expect(ids(fresh.tables.users)).toEqual(['auth0|new']);
		await old.refresh();
		expect(ids(old.tables.users)).toEqual(['auth0|new']);
	});

	test('refuses rows that would make an unloadable store', async () => {
		const tables = emptyTables();
		tables.users.set('auth0|a', makeUser('b'));
		await expect(writeSnapshot(file, tables)).rejects.toThrow(/filed under the key/);
		tables.users.clear();
		tables.users.set('auth0|a', {...makeUser('a'), identities: 'none'} as never);
		await expect(writeSnapshot(file, tables)).rejects.toThrow(/users row "auth0\|a"\.identities must be array/);
		expect(await listDir(dir)).toEqual([]);
	});
});

describe('defaultStorePath', () => {
	test('prefers USERDECK_STORE, else the data folder', () => {
		expect(defaultStorePath({USERDECK_STORE: '/tmp/x.ndjson'})).toBe('/tmp/x.ndjson');
		expect(defaultStorePath({})).toMatch(/userdeck[/\\]store\.ndjson$/);
		expect(defaultStorePath({})).not.toMatch(/nodejs/);
	});
});

describe('errors', () => {
	test('StoreError carries a code and the path', async () => {
		await writeFile(file, 'null\n');
		const error = await Store.open({path: file}).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(StoreError);
		expect(error).toMatchObject({name: 'StoreError', code: 'CORRUPT', path: file});
	});

	test('a journal without its snapshot is refused rather than replayed onto a new seed', async () => {
		const store = await openStore();
		await store.transact(tx => {
			tx.put('users', makeUser('a'));
		});
		await store.close();
		const {rm} = await import('node:fs/promises');
		await rm(file);
		const journal = await readFile(`${file}-journal`);
		await expect(Store.open({path: file})).rejects.toMatchObject({code: 'CORRUPT', message: expect.stringContaining('journal') as unknown});
		expect(await readFile(`${file}-journal`)).toEqual(journal);
		expect(await listDir(dir)).toEqual(['store.ndjson-journal']);
	});

	test('a journal that does not continue the snapshot is refused', async () => {
		const store = await openStore();
		await store.transact(tx => {
			tx.put('users', makeUser('a'));
		});
		await writeSnapshotFile(file, emptyTables(), 0);
		await appendFile(`${file}-journal`, `${JSON.stringify({seq: 3, time: 'x', changes: []})}\n`);
		await expect(Store.open({path: file})).rejects.toMatchObject({code: 'CORRUPT', message: expect.stringMatching(/seq 3 follows seq 1/) as unknown});
		await writeFile(`${file}-journal`, `${JSON.stringify({seq: 5, time: 'x', changes: []})}\n`);
		await expect(Store.open({path: file})).rejects.toMatchObject({code: 'CORRUPT', message: expect.stringMatching(/continues at seq 5 but the snapshot ends at seq 0/) as unknown});
	});
});

describe('leftovers of crashed writers', () => {
	test('temp files of dead writers are removed on open; a live writer\'s and foreign files are kept', async () => {
		const store = await openStore();
		await store.close();
		const child = spawn(process.execPath, ['-e', '']);
		await once(child, 'exit');
		const dead = child.pid!;
		const names = [
			`.store.ndjson.tmp-${dead}-0a1b2c`,
			`.store.ndjson-journal.tmp-${dead}-ffee00`,
			`.store.ndjson.v0.bak.tmp-${dead}-123456`,
			`.store.ndjson.lock.tmp-${dead}-abc123`,
			`.store.ndjson.tmp-${process.pid}-abcdef`,
			`.other.ndjson.tmp-${dead}-0a1b2c`,
			`.store.ndjson.tmp-${dead}-not-ours`,
		];
		for (const name of names) {
			await writeFile(path.join(dir, name), 'partial');
		}

		await openStore();
		expect(await listDir(dir)).toEqual([
			`.other.ndjson.tmp-${dead}-0a1b2c`,
			`.store.ndjson.tmp-${dead}-not-ours`,
			`.store.ndjson.tmp-${process.pid}-abcdef`,
			'store.ndjson',
		].sort());
	});
});

describe('reading while another process compacts', () => {
	test('a compaction between reading the snapshot and reading the journal is noticed', async () => {
		const writer = await openStore();
		await writer.transact(tx => {
			tx.put('users', makeUser('a'));
		});
		const realOpen = io.open;
		let interfered = false;
		vi.spyOn(io, 'open').mockImplementation(async (target, flags?, mode?) => {
			if (!interfered && target === `${file}-journal` && typeof flags === 'number') {
				// The reader has the old snapshot in memory; now the writer adds a user and compacts.
				interfered = true;
				await writer.transact(tx => {
					tx.put('users', makeUser('b'));
				});
				await writer.compact();
			}

			return realOpen(target, flags, mode);
		});
		try {
			const reader = await openStore();
			expect(interfered).toBe(true);
			expect(ids(reader.tables.users)).toEqual(['auth0|a', 'auth0|b']);
		} finally {
			vi.restoreAllMocks();
		}
	});

	test('a compaction while refresh reads the journal is noticed', async () => {
		const writer = await openStore();
		const reader = await openStore();
		await writer.transact(tx => {
			tx.put('users', makeUser('a'));
		});
		const realOpen = io.open;
		let interfered = false;
		vi.spyOn(io, 'open').mockImplementation(async (target, flags?, mode?) => {
			if (!interfered && target === `${file}-journal` && typeof flags === 'number') {
				interfered = true;
				await writer.transact(tx => {
					tx.put('users', makeUser('b'));
				});
				await writer.compact();
				await writer.transact(tx => {
					tx.put('users', makeUser('c'));
				});
			}

			return realOpen(target, flags, mode);
		});
		try {
			await reader.refresh();
			await reader.refresh();
			expect(interfered).toBe(true);
			expect(ids(reader.tables.users)).toEqual(['auth0|a', 'auth0|b', 'auth0|c']);
		} finally {
			vi.restoreAllMocks();
		}
	});

	test('a new journal that reuses the old one\'s inode number is not read from the old offset', async () => {
		const writer = await openStore();
		await writer.transact(tx => {
			tx.put('users', makeUser('x'));
		});
		const reader = await openStore();
		await writer.transact(tx => {
			tx.put('users', makeUser('a'));
		});
		const journal = `${file}-journal`;
		const old = await stat(journal, {bigint: true});
		const realOpen = io.open;
		let interfered = false;
		vi.spyOn(io, 'open').mockImplementation(async (target, flags?, mode?) => {
			if (interfered || target !== journal || typeof flags !== 'number') {
				return realOpen(target, flags, mode);
			}

			interfered = true;
			await writer.transact(tx => {
				tx.put('users', makeUser('b'));
			});
			await writer.compact();
			for (const id of ['c', 'd', 'e', 'f']) {
				await writer.transact(tx => {
					tx.put('users', makeUser(id, {name: id.repeat(200)}));
				});
			}

			// The new journal, as if the file system had given it the old inode number.
			const handle = await realOpen(target, flags, mode);
			return new Proxy(handle, {
				get(target_, property) {
					if (property === 'stat') {
						return async (options?: {bigint?: boolean}) => {
							const real = await target_.stat(options as {bigint: true});
							return Object.assign(Object.create(Object.getPrototypeOf(real) as object) as object, real, {dev: old.dev, ino: old.ino});
						};
					}

					const value = Reflect.get(target_, property) as unknown;
					return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target_) : value;
				},
			});
		});
		try {
			await reader.refresh();
			expect(interfered).toBe(true);
			expect(ids(reader.tables.users)).toEqual(['auth0|x', 'auth0|a', 'auth0|b', 'auth0|c', 'auth0|d', 'auth0|e', 'auth0|f']);
		} finally {
			vi.restoreAllMocks();
		}
	});
});

