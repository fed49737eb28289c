// The journal: a crash mid-append leaves a torn last line, which readers
// ignore and the next writer cuts off; a bad line anywhere else is corruption.
import {appendFile, readFile, stat, truncate, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {Store, StoreError} from '../../source/store/store.js';
import {fingerprint, listDir, makeTempDir, makeUser, readLines} from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
let file: string;
let journal: string;
const opened: Store[] = [];

async function openStore(): Promise<Store> {
	const store = await Store.open({path: file});
	opened.push(store);
	return store;
}

/** A store with users u0..u2 written by three transactions (journal seqs 1–3). */
async function storeWithThreeEntries(): Promise<void> {
	const store = await openStore();
	for (let index = 0; index < 3; index++) {
		await store.transact(tx => {
			tx.put('users', makeUser(`u${index}`));
		});
	}

	await store.close();
}

beforeEach(async () => {
	({dir, cleanup} = await makeTempDir());
	file = path.join(dir, 'store.ndjson');
	journal = `${file}-journal`;
	await storeWithThreeEntries();
});

afterEach(async () => {
	await Promise.all(opened.splice(0).map(async store => store.close()));
	await cleanup();
});

const entry4 = JSON.stringify({seq: 4, time: '2025-01-01T00:00:00.000Z', changes: [{op: 'put', table: 'users', value: makeUser('u3')}]});

describe('a torn tail', () => {
	test.each([
		['half a line', entry4.slice(0, 40)],
		['a whole line without its newline', entry4],
		['a line that does not parse, with its newline', `${entry4.slice(0, 40)}\n`],
		['zeros (what a power loss can leave)', Buffer.alloc(4096)],
	])('%s is ignored by readers and cut off by the next writer', async (_, tail) => {
		const goodSize = (await stat(journal)).size;
		await appendFile(journal, tail);
		const before = await fingerprint(journal);

		const store = await openStore();
		expect([...store.tables.users.keys()]).toEqual(['auth0|u0', 'auth0|u1', 'auth0|u2']);
		// Opening only reads.
		expect(await fingerprint(journal)).toEqual(before);

		await store.transact(tx => {
			tx.put('users', makeUser('writer'));
		});
		const lines = await readLines(journal);
		expect(lines).toHaveLength(4);
		expect((JSON.parse(lines[3]!) as {seq: number}).seq).toBe(4);
		expect((await stat(journal)).size).toBe(goodSize + Buffer.byteLength(lines[3]!) + 1);

		const again = await openStore();
		expect([...again.tables.users.keys()]).toEqual(['auth0|u0', 'auth0|u1', 'auth0|u2', 'auth0|writer']);
	});

	test('a reader that saw the torn tail picks up the entry written in its place', async () => {
		await appendFile(journal, entry4.slice(0, 40));
		const reader = await openStore();
		const writer = await openStore();
		await writer.transact(tx => {
			tx.put('users', makeUser('after-crash'));
		});
		await expect(reader.refresh()).resolves.toBe(true);
		expect(reader.user('auth0|after-crash')).toBeDefined();
	});
});

describe('a corrupt journal is refused and left untouched', () => {
	async function expectRefused(message: RegExp): Promise<void> {
		const journalBefore = await fingerprint(journal);
		const snapshotBefore = await fingerprint(file);
		const listing = await listDir(dir);
		const error = await Store.open({path: file}).then(() => undefined, (error_: unknown) => error_);
		expect(error).toBeInstanceOf(StoreError);
		expect((error as StoreError).code).toBe('CORRUPT');
		expect((error as StoreError).message).toContain(file);
		expect((error as StoreError).message).toMatch(message);
		expect(await fingerprint(journal)).toEqual(journalBefore);
		expect(await fingerprint(file)).toEqual(snapshotBefore);
		expect(await listDir(dir)).toEqual(listing);
	}

	test('a line that does not parse, in the middle', async () => {
		const lines = await readLines(journal);
		await writeFile(journal, `${lines[0]!}\n{"seq":2,"ti\n${lines[2]!}\n`);
		await expectRefused(/journal .*store\.ndjson-journal line 2: not valid JSON/);
	});

	test('a torn line followed by a partial one', async () => {
		await appendFile(journal, `${entry4.slice(0, 20)}\n${entry4.slice(0, 20)}`);
		await expectRefused(/line 4: not valid JSON/);
	});

	test('zeros in the middle', async () => {
		const lines = await readLines(journal);
		await writeFile(journal, Buffer.concat([Buffer.from(`${lines[0]!}\n`), Buffer.alloc(100), Buffer.from(`\n${lines[2]!}\n`)]));
		await expectRefused(/line 2: contains a NUL byte/);
	});

	test('an entry whose row is invalid', async () => {
		const {user_id: _, ...noId} = makeUser('u3');
		await appendFile(journal, `${JSON.stringify({seq: 4, time: 'x', changes: [{op: 'put', table: 'users', value: noId}]})}\n`);
		await expectRefused(/line 4: changes\[0\] \(put users\) must have required property 'user_id'/);
	});

	test('an entry with an unknown op or table', async () => {
		await appendFile(journal, `${JSON.stringify({seq: 4, time: 'x', changes: [{op: 'drop', table: 'users'}]})}\n`);
		await expectRefused(/line 4: changes\[0\] has an unknown op "drop"/);
		await truncate(journal, (await readFile(journal, 'utf8')).lastIndexOf('{"seq":4'));
		await appendFile(journal, `${JSON.stringify({seq: 4, time: 'x', changes: [{op: 'delete', table: '__proto__', key: 'x'}]})}\n`);
		await expectRefused(/line 4: changes\[0\] names an unknown table "__proto__"/);
	});

	test('seqs out of order', async () => {
		await appendFile(journal, `${JSON.stringify({seq: 9, time: 'x', changes: []})}\n`);
		await expectRefused(/line 4: seq 9 follows seq 3/);
	});
});
