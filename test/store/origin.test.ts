// A pulled store's origin in the snapshot header: read back, kept by writes
// and compactions, ignored when malformed, absent from every other store.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {Store, writeSnapshot} from '../../source/store/store.js';
import {emptyTables} from '../../source/store/tables.js';
import {makeUser} from './rows.js';

let dir: string;

beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-origin-'));
});

afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

const origin = {tenant: 'dev-abc.us.auth0.com', pulled_at: '2026-12-07T12:00:00.000Z'};

function header(file: string): Record<string, unknown> {
	return JSON.parse(readFileSync(file, 'utf8').split('\n', 1)[0]!) as Record<string, unknown>;
}

describe('store origin', () => {
	it('is read back, and kept by a write and a compaction', async () => {
		const file = path.join(dir, 'pulled.ndjson');
		const tables = emptyTables();
		tables.users.set('auth0|a', makeUser('a'));
		await writeSnapshot(file, tables, {origin});
		expect(header(file)['origin']).toEqual(origin);

		const store = await Store.open({path: file, create: false});
		try {
			expect(store.origin).toEqual(origin);
			await store.transact(tx => {
				tx.put('users', makeUser('b'));
			});
			await store.compact();
		} finally {
			await store.close();
		}

		expect(header(file)['origin']).toEqual(origin);
		const again = await Store.open({path: file, create: false});
		try {
			expect(again.origin).toEqual(origin);
			expect(again.tables.users.size).toBe(2);
		} finally {
			await again.close();
		}
	});

	it('is absent from other stores, and a malformed one is ignored (the store still opens)', async () => {
		const plain = path.join(dir, 'plain.ndjson');
		await writeSnapshot(plain, emptyTables());
		expect(header(plain)).not.toHaveProperty('origin');
		const store = await Store.open({path: plain, create: false});
		expect(store.origin).toBeUndefined();
		await store.close();

		const [first, ...rest] = readFileSync(plain, 'utf8').split('\n');
		writeFileSync(plain, [JSON.stringify({...JSON.parse(first!) as object, origin: {tenant: 42}}), ...rest].join('\n'));
		const odd = await Store.open({path: plain, create: false});
		expect(odd.origin).toBeUndefined();
		await odd.close();
	});
});
