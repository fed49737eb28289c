// Version 0 stores (one lowdb JSON document) are converted on open: the
// original is kept as PATH.v0.bak, and a version 1 snapshot takes its place.
import {readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {Store} from '../../source/store/store.js';
import {listDir, makeDevice, makeLog, makeTempDir, makeUser} from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
let file: string;

beforeEach(async () => {
	({dir, cleanup} = await makeTempDir());
	file = path.join(dir, 'db.json');
});

afterEach(async () => cleanup());

const document = {
	users: [makeUser('a', {name: 'Ann'}), makeUser('b')],
	connections: [{id: 'con_1', name: 'Username-Password-Authentication', strategy: 'auth0', enabled_clients: ['client-1']}],
	clients: [{client_id: 'client-1', name: 'App', app_type: 'spa', callbacks: []}],
	logs: [makeLog('l1', 'auth0|a', '2024-01-01T00:00:00.000Z'), makeLog('l2', 'auth0|a', '2024-01-02T00:00:00.000Z')],
	devices: [makeDevice('d1', 'auth0|b')],
};

describe('a version 0 store', () => {
	test.each([
		['pretty-printed, as lowdb writes it', JSON.stringify(document, null, 2)],
		['on one line, with version 0', JSON.stringify({version: 0, ...document})],
	])('%s is converted and backed up', async (_, text) => {
		await writeFile(file, text, {mode: 0o600});
		const store = await Store.open({path: file});
		expect([...store.tables.users.keys()]).toEqual(['auth0|a', 'auth0|b']);
		expect(store.user('auth0|a')?.name).toBe('Ann');
		expect(store.logsOf('auth0|a').map(log => log.log_id)).toEqual(['l1', 'l2']);
		expect(store.devicesOf('auth0|b').map(device => device.id)).toEqual(['d1']);
		expect(store.tables.connections.get('con_1')?.enabled_clients).toEqual(['client-1']);
		expect(store.tables.passwords.size).toBe(0);
		expect(store.warnings).toEqual([`Store ${file} was converted from format version 0 to version 1; the original is kept in ${file}.v0.bak`]);

		expect(await readFile(`${file}.v0.bak`, 'utf8')).toBe(text);
		expect((await stat(`${file}.v0.bak`)).mode & 0o777).toBe(0o600);
		const firstLine = (await readFile(file, 'utf8')).split('\n')[0]!;
		expect(JSON.parse(firstLine)).toMatchObject({format: 'userdeck-store', version: 1, seq: 0, counts: {users: 2, logs: 2}});
		expect(await listDir(dir)).toEqual(['db.json', 'db.json.v0.bak']);

		// Converted once: the next open reads version 1, with no warning.
		await store.transact(tx => {
			tx.put('users', makeUser('c'));
		});
		await store.close();
		const again = await Store.open({path: file});
		expect(again.warnings).toEqual([]);
		expect([...again.tables.users.keys()]).toEqual(['auth0|a', 'auth0|b', 'auth0|c']);
		expect(await readFile(`${file}.v0.bak`, 'utf8')).toBe(text);
		await again.close();
	});

	test('with a journal beside it is refused (a version 0 store never had one)', async () => {
		await writeFile(file, JSON.stringify(document));
		await writeFile(`${file}-journal`, `${JSON.stringify({seq: 1, time: 'x', changes: []})}\n`);
		await expect(Store.open({path: file})).rejects.toMatchObject({code: 'CORRUPT', message: expect.stringContaining('journal') as unknown});
		expect(await readFile(file, 'utf8')).toBe(JSON.stringify(document));
		expect(await listDir(dir)).toEqual(['db.json', 'db.json-journal']);
	});
});
