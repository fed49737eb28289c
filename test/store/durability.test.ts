// The order of writes, fsyncs and renames is what makes a crash harmless:
// data is fsynced before the rename that publishes it, and the folder is
// fsynced after. These tests record every file-system call the store makes
// (through its `io` object) and check that order.
import {constants} from 'node:fs';
import type {FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test, vi} from 'vitest';
import {io} from '../../source/store/io.js';
import {Store, writeSnapshot} from '../../source/store/store.js';
import {emptyTables} from '../../source/store/tables.js';
import {listDir, makeTempDir, makeUser} from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
let file: string;
let calls: string[];

const realOpen = io.open;
const realRename = io.rename;
const realUnlink = io.unlink;
const realLink = io.link;

/** Numeric open flags (opens that must not block on a FIFO) in fopen's letters. */
function flagName(flags: unknown): string {
	if (typeof flags !== 'number') {
		return String(flags ?? 'r');
	}

	if ((flags & constants.O_APPEND) !== 0) {
		return (flags & constants.O_EXCL) === 0 ? 'a' : 'ax';
	}

	return (flags & constants.O_RDWR) === 0 ? 'r' : 'r+';
}

function name(target: unknown): string {
	const base = path.basename(String(target));
	// Temp names carry a pid and a random part; keep what tells them apart.
	return base.replace(/\.tmp-\d+-[\da-f]+$/, '.tmp');
}

function record(): void {
	calls = [];
	vi.spyOn(io, 'open').mockImplementation(async (target, flags?, mode?) => {
		const fh = await realOpen(target, flags, mode);
		const label = String(target) === dir ? 'dir' : name(target);
		calls.push(`open ${label} ${flagName(flags)}`);
		return new Proxy(fh, {
			get(handle, property: keyof FileHandle) {
				const value = handle[property];
				if (typeof value !== 'function') {
					return value;
				}

				return (...args: unknown[]) => {
					if (typeof property === 'string' && ['write', 'sync', 'datasync', 'truncate', 'close', 'chmod'].includes(property)) {
						calls.push(`${property} ${label}`);
					}

					return (value as (...args: unknown[]) => unknown).apply(handle, args);
				};
			},
		});
	});
	vi.spyOn(io, 'rename').mockImplementation(async (from, to) => {
		calls.push(`rename ${name(from)} -> ${name(to)}`);
		return realRename(from, to);
	});
	vi.spyOn(io, 'link').mockImplementation(async (from, to) => {
		calls.push(`link ${name(from)} -> ${name(to)}`);
		return realLink(from, to);
	});
	vi.spyOn(io, 'unlink').mockImplementation(async target => {
		calls.push(`unlink ${name(target)}`);
		return realUnlink(target);
	});
}

/** The calls about `files`, in order, with consecutive duplicates (several writes) merged. */
function about(...files: string[]): string[] {
	const selected = calls.filter(call => files.some(file => call.split(' ').includes(file)));
	return selected.filter((call, index) => call !== selected[index - 1]);
}

beforeEach(async () => {
	({dir, cleanup} = await makeTempDir());
	file = path.join(dir, 'store.ndjson');
});

afterEach(async () => {
	vi.restoreAllMocks();
	await cleanup();
});

describe('durability order', () => {
	test('a snapshot: write the temp file, fsync it, close, rename it into place, fsync the folder', async () => {
		record();
		const tables = emptyTables();
		tables.users.set('auth0|a', makeUser('a'));
		await writeSnapshot(file, tables);
		const sequence = about('.store.ndjson.tmp', 'store.ndjson', 'dir');
		expect(sequence).toEqual([
			'open .store.ndjson.tmp wx',
			'chmod .store.ndjson.tmp',
			'write .store.ndjson.tmp',
			'sync .store.ndjson.tmp',
			'close .store.ndjson.tmp',
			'rename .store.ndjson.tmp -> store.ndjson',
			'open dir r',
			'sync dir',
			'close dir',
		]);
	});

	test('a transaction: one write to the journal, then fsync, before the commit returns; a new journal fsyncs the folder', async () => {
		const store = await Store.open({path: file});
		record();
		await store.transact(tx => {
			tx.put('users', makeUser('a'));
		});
		expect(about('store.ndjson-journal', 'dir')).toEqual([
			'open store.ndjson-journal ax',
			'chmod store.ndjson-journal',
			'write store.ndjson-journal',
			'sync store.ndjson-journal',
			'close store.ndjson-journal',
			'open dir r',
			'sync dir',
			'close dir',
		]);

		record();
		await store.transact(tx => {
			tx.put('users', makeUser('b'));
		});
		// Leaving out the catch-up's read of the journal.
		const appends = about('store.ndjson-journal').filter(call => call !== 'open store.ndjson-journal r' && !call.startsWith('close'));
		expect(appends).toEqual([
			'open store.ndjson-journal a',
			'write store.ndjson-journal',
			'sync store.ndjson-journal',
		]);
		// The lock is taken before and released after the append.
		const lockCreated = calls.indexOf('link .store.ndjson.lock.tmp -> store.ndjson.lock');
		const appended = calls.indexOf('write store.ndjson-journal');
		const lockRemoved = calls.indexOf('unlink store.ndjson.lock');
		expect(lockCreated).toBeGreaterThanOrEqual(0);
		expect(lockCreated).toBeLessThan(appended);
		expect(appended).toBeLessThan(lockRemoved);
		await store.close();
	});

	test('a compaction: the new snapshot is durable before the journal is emptied', async () => {
		const store = await Store.open({path: file});
		await store.transact(tx => {
			tx.put('users', makeUser('a'));
		});
		record();
		await store.compact();
		const sequence = about('.store.ndjson.tmp', 'store.ndjson', '.store.ndjson-journal.tmp', 'store.ndjson-journal', 'dir')
			.filter(call => !call.startsWith('open store.ndjson-journal r') && call !== 'close store.ndjson-journal');
		expect(sequence).toEqual([
			'open .store.ndjson.tmp wx',
			'chmod .store.ndjson.tmp',
			'write .store.ndjson.tmp',
			'sync .store.ndjson.tmp',
			'close .store.ndjson.tmp',
			'rename .store.ndjson.tmp -> store.ndjson',
			'open dir r',
			'sync dir',
			'close dir',
			'open .store.ndjson-journal.tmp wx',
			'chmod .store.ndjson-journal.tmp',
			'sync .store.ndjson-journal.tmp',
			'close .store.ndjson-journal.tmp',
			'rename .store.ndjson-journal.tmp -> store.ndjson-journal',
			'open dir r',
			'sync dir',
			'close dir',
		]);
		await store.close();
	});

	test('a torn tail is cut off and synced before the append', async () => {
		const store = await Store.open({path: file});
		await store.transact(tx => {
			tx.put('users', makeUser('a'));
		});
		const {appendFile} = await import('node:fs/promises');
		await appendFile(`${file}-journal`, '{"seq":2,"ti');
		record();
		await store.transact(tx => {
			tx.put('users', makeUser('b'));
		});
		const sequence = about('store.ndjson-journal').filter(call => ['truncate', 'write', 'sync'].some(word => call.startsWith(word)));
		expect(sequence).toEqual([
			'truncate store.ndjson-journal',
			'sync store.ndjson-journal',
			'write store.ndjson-journal',
			'sync store.ndjson-journal',
		]);
		await store.close();
	});
});

describe('failures', () => {
	test('a failed snapshot write leaves the old file and no temp file', async () => {
		const tables = emptyTables();
		tables.users.set('auth0|a', makeUser('a'));
		await writeSnapshot(file, tables);
		const store = await Store.open({path: file});
		record();
		vi.spyOn(io, 'rename').mockRejectedValue(Object.assign(new Error('ENOSPC: no space left on device'), {code: 'ENOSPC'}));
		await expect(writeSnapshot(file, emptyTables())).rejects.toMatchObject({code: 'IO', message: expect.stringMatching(/Cannot write store .*no space left on the device/) as unknown});
		vi.restoreAllMocks();
		expect(await listDir(dir)).toEqual(['store.ndjson']);
		const again = await Store.open({path: file});
		expect(again.tables.users.size).toBe(1);
		await store.close();
	});

	test('a failed journal append commits nothing, in memory or on disk', async () => {
		const store = await Store.open({path: file});
		await store.transact(tx => {
			tx.put('users', makeUser('a'));
		});
		const spy = vi.spyOn(io, 'open').mockImplementation(async (target, flags?, mode?) => {
			const fh = await realOpen(target, flags, mode);
			if (String(target).endsWith('-journal') && flagName(flags) === 'a') {
				return new Proxy(fh, {
					get(handle, property: keyof FileHandle) {
						if (property === 'sync') {
							return async () => {
								throw Object.assign(new Error('EIO: i/o error, fsync'), {code: 'EIO'});
							};
						}

						const value = handle[property];
						return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(handle) : value;
					},
				});
			}

			return fh;
		});
		await expect(store.transact(tx => {
			tx.put('users', makeUser('b'));
		})).rejects.toMatchObject({code: 'IO', message: expect.stringContaining('input/output error') as unknown});
		spy.mockRestore();
		expect(store.user('auth0|b')).toBeUndefined();
		const again = await Store.open({path: file});
		expect([...again.tables.users.keys()]).toEqual(['auth0|a']);
		// And the next transaction goes through normally.
		await store.transact(tx => {
			tx.put('users', makeUser('c'));
		});
		await again.refresh();
		expect([...again.tables.users.keys()]).toEqual(['auth0|a', 'auth0|c']);
		await store.close();
		await again.close();
	});

	test('permission errors have their own code', async () => {
		await writeSnapshot(file, emptyTables());
		vi.spyOn(io, 'open').mockRejectedValue(Object.assign(new Error('EACCES: permission denied'), {code: 'EACCES', path: file}));
		await expect(Store.open({path: file})).rejects.toMatchObject({
			code: 'PERMISSION',
			message: expect.stringMatching(/^Cannot load store .*store\.ndjson: permission denied/) as unknown,
		});
	});

	test('an append is refused if the journal changed although we hold the lock', async () => {
		const store = await Store.open({path: file});
		await store.transact(tx => {
			tx.put('users', makeUser('a'));
		});
		const journal = `${file}-journal`;
		const {appendFile, readFile} = await import('node:fs/promises');
		const spy = vi.spyOn(io, 'open').mockImplementation(async (target, flags?, mode?) => {
			if (target === journal && flagName(flags) === 'a') {
				// A process that ignores the lock appends behind our back.
				await appendFile(journal, `${JSON.stringify({seq: 2, time: 'x', changes: []})}\n`);
			}

			return realOpen(target, flags, mode);
		});
		await expect(store.transact(tx => {
			tx.put('users', makeUser('b'));
		})).rejects.toMatchObject({code: 'IO', message: expect.stringContaining('changed while this process held the lock') as unknown});
		spy.mockRestore();
		const lines = (await readFile(journal, 'utf8')).split('\n').filter(Boolean);
		expect(lines.map(line => (JSON.parse(line) as {seq: number}).seq)).toEqual([1, 2]);
		expect(store.user('auth0|b')).toBeUndefined();
		await store.close();
	});

	test('a lock file never exists without its owner: it is written in full, then linked into place', async () => {
		const store = await Store.open({path: file});
		record();
		await store.transact(tx => {
			tx.put('users', makeUser('a'));
		});
		expect(about('.store.ndjson.lock.tmp', 'store.ndjson.lock')).toEqual([
			'open .store.ndjson.lock.tmp wx',
			'chmod .store.ndjson.lock.tmp',
			'write .store.ndjson.lock.tmp',
			'close .store.ndjson.lock.tmp',
			'link .store.ndjson.lock.tmp -> store.ndjson.lock',
			'unlink .store.ndjson.lock.tmp',
			'open store.ndjson.lock r',
			'close store.ndjson.lock',
			'unlink store.ndjson.lock',
		]);
		await store.close();
	});
});

