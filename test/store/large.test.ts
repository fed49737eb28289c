// Big stores: written and read in bounded pieces (never one string of the
// whole file, which for a million users would exceed V8's string limit), with
// progress, and a one-row change costs one journal line, not a rewrite.
import {stat} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {identityAt, sameFile} from '../../source/store/file-identity.js';
import {Store, writeSnapshot} from '../../source/store/store.js';
import {emptyTables} from '../../source/store/tables.js';
import {makeTempDir} from './fixtures.js';

const users = 200_000;
let dir: string;
let cleanup: () => Promise<void>;
let file: string;

beforeAll(async () => {
	({dir, cleanup} = await makeTempDir());
	file = path.join(dir, 'big.ndjson');
});

afterAll(async () => cleanup());

test(`${users.toLocaleString('en')} users are written and read back in bounded pieces, with progress`, async () => {
	const tables = emptyTables();
	for (let index = 0; index < users; index++) {
		const id = `auth0|${index}`;
		tables.users.set(id, {user_id: id, created_at: '2025-01-01', updated_at: '2025-01-01', identities: [], logins_count: index});
	}

	const stringify = JSON.stringify;
	const parse = JSON.parse;
	let longestWritten = 0;
	let longestParsed = 0;
	// Wrapped by hand, not spied: a spy would keep 200,000 arguments alive.
	JSON.stringify = ((...args: Parameters<typeof stringify>) => {
		const text = stringify(...args);
		longestWritten = Math.max(longestWritten, text?.length ?? 0);
		return text;
	}) as typeof stringify;
	JSON.parse = ((text: string, reviver?: Parameters<typeof parse>[1]) => {
		longestParsed = Math.max(longestParsed, text.length);
		return parse(text, reviver) as unknown;
	}) as typeof parse;
	const progress: Array<[number, number]> = [];
	let store: Store;
	try {
		await writeSnapshot(file, tables);
		store = await Store.open({path: file, onProgress: (loaded, total) => progress.push([loaded, total])});
	} finally {
		JSON.stringify = stringify;
		JSON.parse = parse;
	}

	const {size} = await stat(file);
	expect(size).toBeGreaterThan(20 * 1024 * 1024);
	expect(longestWritten).toBeLessThan(1024);
	expect(longestParsed).toBeLessThan(1024);
	expect(store.tables.users.size).toBe(users);
	expect(store.user('auth0|123456')?.logins_count).toBe(123_456);
	expect([...store.tables.users.keys()].slice(0, 3)).toEqual(['auth0|0', 'auth0|1', 'auth0|2']);

	expect(progress.length).toBeGreaterThan(5);
	expect(progress.at(-1)).toEqual([users, users]);
	for (const [index, [loaded, announced]] of progress.entries()) {
		expect(announced).toBe(users);
		expect(loaded).toBeGreaterThanOrEqual(progress[index - 1]?.[0] ?? 0);
	}

	// One small change appends one line; the big snapshot is not touched.
	const snapshot = await identityAt(file);
	const started = performance.now();
	await store.transact(tx => {
		tx.put('users', {user_id: 'auth0|new', created_at: '2025-01-02', updated_at: '2025-01-02', identities: [], logins_count: 0});
	});
	const elapsed = performance.now() - started;
	expect(sameFile(await identityAt(file), snapshot)).toBe(true);
	expect((await stat(`${file}-journal`)).size).toBeLessThan(300);
	// Generous for a loaded machine; a full rewrite of this store takes seconds.
	expect(elapsed).toBeLessThan(1000);
	await store.close();
}, 120_000);
