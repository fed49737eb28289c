// A store too big for Node's heap: the command runs again in a process with a
// heap sized for it, with the same arguments, input and exit code.
import {spawnSync} from 'node:child_process';
import {lstat, mkdtemp, readFile, rm, symlink, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {heapPlanMb, logRowsOf, relaunchedVariable, storeFromArguments} from '../../source/cli/heap.js';
import {cli, runCli} from '../support/cli.js';

const mb = 2 ** 20;
const gb = 2 ** 30;

describe('heapPlanMb', () => {
	test('keeps the heap it has when the store fits', () => {
		expect(heapPlanMb({storeBytes: 300 * mb, heapLimitBytes: 4.3 * gb, totalMemoryBytes: 24 * gb})).toBeUndefined();
		expect(heapPlanMb({storeBytes: 0, heapLimitBytes: 64 * mb, totalMemoryBytes: 24 * gb})).toBeUndefined();
	});

	test('asks for 2.5 times the parsed rows, 400 bytes per log event left in the file, and the runtime', () => {
		expect(heapPlanMb({storeBytes: 2.5 * gb, heapLimitBytes: 4.3 * gb, totalMemoryBytes: 24 * gb})).toBe(Math.floor(((2.5 * gb * 2.5) + (64 * mb)) / mb));
		expect(heapPlanMb({storeBytes: 3 * gb, logRows: 1_000_000, logBytes: gb, heapLimitBytes: 4.3 * gb, totalMemoryBytes: 24 * gb}))
			.toBe(Math.floor(((2 * gb * 2.5) + (1_000_000 * 400) + (64 * mb)) / mb));
	});

	test('a million demo users fit the default heap: their log events stay in the file', () => {
		// bench/stores/users-1000000.ndjson: 2.54 GB, of which 1.49 million log events take 1.34 GB.
		expect(heapPlanMb({storeBytes: 2_540_303_670, logRows: 1_491_931, logBytes: 1_341_560_733, heapLimitBytes: 4144 * mb, totalMemoryBytes: 24 * gb})).toBeUndefined();
		// Counted as parsed rows, they would not.
		expect(heapPlanMb({storeBytes: 2_540_303_670, heapLimitBytes: 4144 * mb, totalMemoryBytes: 24 * gb})).toBeGreaterThan(4144);
	});

	test('never more than three quarters of the machine, and nothing when that is no more than it has', () => {
		expect(heapPlanMb({storeBytes: 4 * gb, heapLimitBytes: 4.3 * gb, totalMemoryBytes: 8 * gb})).toBe(6 * 1024);
		expect(heapPlanMb({storeBytes: 4 * gb, heapLimitBytes: 4.3 * gb, totalMemoryBytes: 4 * gb})).toBeUndefined();
	});
});

describe('storeFromArguments', () => {
	test('finds --store in both spellings, anywhere, the last one winning, and nothing after --', () => {
		expect(storeFromArguments(['users', 'list', '--store', 'a.ndjson'])).toBe('a.ndjson');
		expect(storeFromArguments(['--store=/tmp/b.ndjson', 'users', 'list'])).toBe('/tmp/b.ndjson');
		expect(storeFromArguments(['--store', 'a', 'users', 'list', '--store', 'c'])).toBe('c');
		expect(storeFromArguments(['users', 'list'])).toBeUndefined();
		expect(storeFromArguments(['users', 'list', '--store'])).toBeUndefined();
		expect(storeFromArguments(['users', 'import', '--', '--store', 'x'])).toBeUndefined();
	});
});

describe('a store bigger than the heap, through the CLI', () => {
	let dir: string;
	let store: string;
	// Node with a 16 MB heap; the store (30,000 demo users) is about 130 MB. Log events, users,
	// passwords and devices stay in the file until read (store/sealed-*.ts, column-table.ts),
	// so it takes more users than bytes to fill a heap (12,000 fit in 16 MB, 30,000 do not),
	// and a command that reads the users only (users list) fits where one that loads the
	// whole store (connections list) does not.
	const small = (args: string[], options: {input?: string; relaunch?: boolean} = {}) => {
		const result = spawnSync(process.execPath, ['--max-old-space-size=16', cli, ...args], {
			input: options.input,
			encoding: 'utf8',
			env: {...process.env, USERDECK_STORE: '', USERDECK_ADMIN_EMAIL: 'ops@example.test', [relaunchedVariable]: options.relaunch === false ? '1' : ''},
		});
		return {code: result.status, stdout: result.stdout, stderr: result.stderr};
	};

	beforeAll(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'userdeck-heap-'));
		store = path.join(dir, 'big.ndjson');
		expect(runCli(['demo', '--users', '30000', '--store', store]).code).toBe(0);
	}, 120_000);

	afterAll(async () => {
		await rm(dir, {recursive: true, force: true});
	});

	test('logRowsOf counts the log events from the header and sizes them from the last megabyte', async () => {
		const lines = (await readFile(store, 'utf8')).split('\n');
		const logs = lines.filter(line => line.startsWith('["logs",'));
		const bytes = logs.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
		const {logRows, logBytes} = logRowsOf(store);
		expect(logRows).toBe(logs.length);
		expect(logBytes).toBeGreaterThan(bytes * 0.8);
		expect(logBytes).toBeLessThan(bytes * 1.2);
		// Nothing it cannot read makes it ask for less heap.
		await writeFile(path.join(dir, 'not-a-store'), 'hello\n');
		expect(logRowsOf(path.join(dir, 'not-a-store'))).toEqual({logRows: 0, logBytes: 0});
		expect(logRowsOf(path.join(dir, 'missing'))).toEqual({logRows: 0, logBytes: 0});
	});

	test('without the relaunch, the store does not fit (the test means something)', () => {
		const result = small(['connections', 'list', '--store', store], {relaunch: false});
		expect(result.code).not.toBe(0);
		expect(result.stderr).toMatch(/heap out of memory/i);
	}, 60_000);

	test('with it, the command runs, its output and exit code come through', () => {
		const connections = small(['connections', 'list', '--store', store]);
		expect(connections.code).toBe(0);
		expect(connections.stdout).toMatch(/Username-Password-Authentication/);

		const listed = small(['users', 'list', '-n', '1', '--store', store]);
		expect(listed.stderr).toBe('1 of 30,000 users\n');
		expect(listed.stdout.trim().split('\n')).toHaveLength(2);
		expect(listed.code).toBe(0);

		const missing = small(['users', 'show', 'auth0|nobody', '--store', store]);
		expect(missing.code).toBe(1);
		// Said once, by the process that ran the command.
		expect(missing.stderr.match(/userdeck:/g)).toHaveLength(1);
	}, 60_000);

	test('the store named by USERDECK_STORE counts too', () => {
		const result = spawnSync(process.execPath, ['--max-old-space-size=24', cli, 'users', 'list', '-n', '1'], {
			encoding: 'utf8',
			env: {...process.env, USERDECK_STORE: store, USERDECK_ADMIN_EMAIL: 'ops@example.test', [relaunchedVariable]: ''},
		});
		expect(result.stderr).toBe('1 of 30,000 users\n');
		expect(result.status).toBe(0);
	}, 60_000);

	test('standard input reaches the relaunched command', () => {
		const created = small(['users', 'create', '--email', 'heap.test@example.com', '--connection', 'Username-Password-Authentication', '--password-stdin', '--json', '--store', store], {input: 'Sturdy-Pass-42\n'});
		expect(created.stderr).toBe('');
		expect(JSON.parse(created.stdout)).toMatchObject({email: 'heap.test@example.com'});
	}, 60_000);
});

describe('a FIFO at the store path', () => {
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'userdeck-fifo-'));
	});

	afterAll(async () => {
		await rm(dir, {recursive: true, force: true});
	});

	// Opening a FIFO for reading waits for a writer: before the fix the heap
	// check did, forever, before the store could refuse it. `timeout` only ends
	// a hung child so the failure is reported; a refusal takes well under it.
	const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], {
		encoding: 'utf8',
		timeout: 60_000,
		env: {...process.env, USERDECK_STORE: '', USERDECK_ADMIN_EMAIL: 'ops@example.test'},
	});

	test('is refused, not waited on, directly and through a symbolic link, by reading and writing commands', async () => {
		const fifo = path.join(dir, 'store.ndjson');
		expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
		const link = path.join(dir, 'link.ndjson');
		await symlink(fifo, link);
		expect(logRowsOf(fifo)).toEqual({logRows: 0, logBytes: 0});
		for (const store of [fifo, link]) {
			for (const args of [['users', 'list'], ['users', 'block', 'auth0|x']]) {
				const result = run([...args, '--store', store]);
				expect(result.signal, `${args.join(' ')} --store ${store}`).toBeNull();
				expect(result.status).toBe(1);
				expect(result.stderr).toMatch(/not a regular file/);
			}
		}

		// Nothing was put in its place.
		expect((await lstat(fifo)).isFIFO()).toBe(true);
	}, 240_000);

	test('as the journal is refused by a writer, not waited on', async () => {
		const store = path.join(dir, 'with-fifo-journal.ndjson');
		expect(run(['demo', '--users', '3', '--store', store]).status).toBe(0);
		await rm(`${store}-journal`, {force: true});
		expect(spawnSync('mkfifo', [`${store}-journal`]).status).toBe(0);
		const result = run(['users', 'block', 'auth0|x', '--store', store]);
		expect(result.signal).toBeNull();
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/journal .* not a regular file/);
	}, 240_000);
});
