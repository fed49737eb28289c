// Issue 19: `users list` and `users export` stream their output. The first
// bytes go out after a bounded number of profiles were read (not after all
// of them), the command waits while standard output is full, prints what it
// printed when it built the whole list, and `| head` ends it quietly with
// exit 0 (the built CLI, as a shell pipe runs it).
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {main} from '../../source/cli/main.js';
import {generateDemo} from '../../source/demo/generate.js';
import {parseSort} from '../../source/domain/sort.js';
import type {User} from '../../source/domain/types.js';
import {UsersService} from '../../source/services/users-service.js';
import {Store, writeSnapshot} from '../../source/store/store.js';
import {safeJson} from '../../source/terminal/safe-json.js';
import {cli} from '../support/cli.js';
import {fakeHasher, testActor} from '../support/fakes.js';
import {runMain} from '../support/run-main.js';
import {waitFor} from '../support/wait-for.js';

const userCount = 2000;
let dir: string;
let store: string;

beforeAll(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-list-stream-'));
	store = path.join(dir, 'store.ndjson');
	await writeSnapshot(store, generateDemo({users: userCount, seed: 'list-stream', now: new Date(), passwordHash: 'test$unused'}));
}, 60_000);

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

afterEach(() => {
	vi.restoreAllMocks();
	process.exitCode = 0;
});

/** The whole list, as `users list` built it before it streamed. */
async function wholeList(options: {query?: string; sort?: string}): Promise<User[]> {
	const opened = await Store.open({path: store});
	try {
		return new UsersService({store: opened, actor: testActor, hasher: fakeHasher}).listUsers({query: options.query, sort: options.sort ? parseSort(options.sort) : undefined});
	} finally {
		await opened.close();
	}
}

/**
 * Runs a command in this process and notes, at each write to standard output,
 * how many full profiles the store had been asked for so far.
 */
async function readsAtWrites(argv: string[]): Promise<{stdout: string; readsAtWrite: number[]; reads: number; code: number}> {
	const reads = vi.spyOn(Store.prototype, 'user');
	let stdout = '';
	const readsAtWrite: number[] = [];
	vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
		stdout += String(chunk);
		readsAtWrite.push(reads.mock.calls.length);
		return true;
	});
	vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
	process.exitCode = 0;
	await main(['node', 'userdeck', ...argv]);
	const code = Number(process.exitCode ?? 0);
	vi.restoreAllMocks();
	return {stdout, readsAtWrite, reads: reads.mock.calls.length, code};
}

describe('users list and users export stream', () => {
	it('users list --json prints the same JSON as the whole list, the first of it after a few profiles were read', async () => {
		const run = await readsAtWrites(['users', 'list', '--json', '--sort', 'name', '--store', store]);
		expect(run.code).toBe(0);
		expect(run.stdout).toBe(`${safeJson(await wholeList({sort: 'name'}))}\n`);
		expect(run.readsAtWrite.length).toBeGreaterThan(10);
		// A batch of output (64 KB) holds a few dozen profiles: the first went out long before the last was read.
		expect(run.readsAtWrite[0]).toBeLessThan(userCount / 10);
		expect(run.reads).toBeGreaterThanOrEqual(userCount);
	});

	it('users list --query with a table prints its first page of rows before reading the rest', async () => {
		const query = 'logins_count:[1 TO *]';
		const matched = await wholeList({query});
		expect(matched.length).toBeGreaterThan(1200);
		const run = await readsAtWrites(['users', 'list', '--query', query, '--store', store]);
		expect(run.code).toBe(0);
		// The header and the first 1,000 rows (the page that sets the widths) leave before the rest is read.
		expect(run.stdout.split('\n')).toHaveLength(1 + matched.length + 1);
		// The query is on a list column: only the matching profiles are read.
		expect(run.reads).toBe(matched.length);
		expect(run.readsAtWrite[0]).toBeLessThan(matched.length);
	});

	it('users export writes NDJSON a batch at a time, the same lines as the whole list', async () => {
		const run = await readsAtWrites(['users', 'export', '--store', store]);
		expect(run.code).toBe(0);
		const whole = await wholeList({});
		expect(run.stdout).toBe(whole.map(user => `${safeJson(user, 0)}\n`).join(''));
		expect(run.readsAtWrite[0]).toBeLessThan(userCount / 10);
	});

	it('waits while standard output is full and goes on at drain', async () => {
		let writes = 0;
		vi.spyOn(process.stdout, 'write').mockImplementation(() => {
			writes++;
			// Full after the first write: the command must wait for 'drain'.
			return writes > 1;
		});
		vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
		let done = false;
		const running = main(['node', 'userdeck', 'users', 'export', '--store', store]).then(() => {
			done = true;
		});
		await waitFor(() => writes === 1 && process.stdout.listenerCount('drain') > 0);
		expect(done).toBe(false);
		expect(writes).toBe(1);
		process.stdout.emit('drain');
		await running;
		expect(writes).toBeGreaterThan(1);
		expect(process.exitCode ?? 0).toBe(0);
	});

	it('says a failed write (a full disk) once, with exit 1, even when it comes after the last write', async () => {
		let stderr = '';
		vi.spyOn(process.stdout, 'write').mockImplementation(() => {
			process.nextTick(() => process.stdout.emit('error', Object.assign(new Error('no space left on device'), {code: 'ENOSPC'})));
			return true;
		});
		vi.spyOn(process.stderr, 'write').mockImplementation(chunk => {
			stderr += String(chunk);
			return true;
		});
		process.exitCode = 0;
		await main(['node', 'userdeck', 'connections', 'list', '--json', '--store', store]);
		await new Promise(resolve => {
			setImmediate(resolve);
		});
		// Once, in main's words (its "userdeck:" is coloured where colours are on).
		expect(stderr.split('\n').filter(line => line.endsWith('userdeck: Cannot write the output: no space left on device') || line.includes('Cannot write the output'))).toHaveLength(1);
		expect(stderr).toMatch(/userdeck:(\u001B\[39m)? Cannot write the output: no space left on device\n$/);
		expect(process.exitCode).toBe(1);

		// The next command starts with a fresh output.
		vi.restoreAllMocks();
		const listed = await runMain(['users', 'list', '--limit', '2', '--json', '--store', store]);
		expect(listed.code).toBe(0);
		expect(JSON.parse(listed.stdout)).toHaveLength(2);
	});

	it('a small store prints as before: the table and its summary', async () => {
		const small = path.join(dir, 'small.ndjson');
		await writeSnapshot(small, generateDemo({users: 12, seed: 'small', now: new Date(), passwordHash: 'test$unused'}));
		const listed = await runMain(['users', 'list', '--limit', '5', '--store', small]);
		expect(listed.code).toBe(0);
		const lines = listed.stdout.trimEnd().split('\n');
		expect(lines).toHaveLength(6);
		expect(lines[0]).toMatch(/^NAME {2,}EMAIL {2,}CONNECTION {2,}LOGINS {2}LATEST LOGIN {2,}USER ID$/);
		expect(listed.stderr).toBe('5 of 12 users\n');
	});
});

/** Runs the built CLI with its standard output read until the first line, then closed (as `| head -1` does). */
async function headOne(args: string[]): Promise<{code: number | null; stderr: string; first: string}> {
	const child = spawn(process.execPath, [cli, ...args], {env: {...process.env, USERDECK_STORE: '', AUTH0_DOMAIN: '', NO_COLOR: '1'}});
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const first = await new Promise<string>(resolve => {
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			if (out.includes('\n')) {
				child.stdout.destroy();
				resolve(out.slice(0, out.indexOf('\n')));
			}
		});
	});
	const code = await new Promise<number | null>(resolve => {
		child.on('close', resolve);
	});
	return {code, stderr, first};
}

describe('| head', () => {
	beforeAll(() => {
		if (!existsSync(cli)) {
			throw new Error('dist/cli.js is missing: npm test builds it first (npm run build)');
		}
	});

	it.each([
		[['users', 'list', '--json'], '['],
		[['users', 'list'], 'NAME'],
		[['users', 'export'], '{"user_id"'],
		[['users', 'export', '--format', 'csv'], 'user_id,'],
	])('%s ends quietly with exit 0 when the reader goes away', async (args, start) => {
		const result = await headOne([...args, '--store', store]);
		expect(result.first.startsWith(start)).toBe(true);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
	}, 60_000);
});
