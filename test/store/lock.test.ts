// The write lock between processes: a live holder makes others wait and then
// fail with 'LOCKED'; a holder that is gone leaves a stale lock that is taken over.
import {type ChildProcess, spawn, spawnSync} from 'node:child_process';
import {once} from 'node:events';
import {existsSync} from 'node:fs';
import {mkdir, readFile, rm, stat, utimes, writeFile} from 'node:fs/promises';
import {hostname} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, test, vi} from 'vitest';
import {io} from '../../source/store/io.js';
import {Store} from '../../source/store/store.js';
import {bundleStore, listDir, makeTempDir, makeUser, waitFor} from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
let bundle: string;
let file: string;
let caseNumber = 0;
const children: ChildProcess[] = [];

beforeAll(async () => {
	({dir, cleanup} = await makeTempDir());
	bundle = await bundleStore(dir);
});

afterAll(async () => cleanup());

afterEach(async () => {
	for (const child of children.splice(0)) {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGKILL');
			await once(child, 'exit');
		}
	}
});

async function newStore(): Promise<Store> {
	file = path.join(dir, `store-${caseNumber++}.ndjson`);
	return Store.open({path: file});
}

/** A child process that takes the store's lock and holds it until its stdin closes. */
async function holdLockInChild(): Promise<ChildProcess> {
	const script = `
		import {Store} from ${JSON.stringify(bundle)};
		const store = await Store.open({path: ${JSON.stringify(file)}});
		await store.transact(async () => {
			process.stdout.write('locked\\n');
			await new Promise(resolve => process.stdin.on('end', resolve).resume());
		});
		process.stdout.write('released\\n');
	`;
	const child = spawn(process.execPath, ['--input-type=module', '-e', script], {stdio: ['pipe', 'pipe', 'inherit']});
	children.push(child);
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	await waitFor(() => output.includes('locked') || child.exitCode !== null);
	expect(output).toContain('locked');
	return child;
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
	const child = spawn(process.execPath, ['-e', '']);
	await once(child, 'exit');
	return child.pid!;
}

describe('a lock held by a live process', () => {
	test('makes a write fail with LOCKED after the timeout, naming the pid, then succeeds once released', async () => {
		const store = await newStore();
		const child = await holdLockInChild();
		const lock = JSON.parse(await readFile(`${file}.lock`, 'utf8')) as {pid: number; hostname: string; nonce: string; acquired_at: string};
		expect(lock).toMatchObject({pid: child.pid, hostname: hostname()});
		if (existsSync(`/proc/${child.pid}/stat`)) {
			// Its start time, which a later process given the same pid will not have (field 22).
			const stat = await readFile(`/proc/${child.pid}/stat`, 'latin1');
			expect(lock).toMatchObject({start_time: stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]});
		}
		expect(lock.nonce).toMatch(/^[\da-f]{32}$/);
		expect((await stat(`${file}.lock`)).mode & 0o777).toBe(0o600);

		const started = Date.now();
		const error = await store.transact(tx => {
			tx.put('users', makeUser('blocked'));
		}).catch((error_: unknown) => error_);
		const waited = Date.now() - started;
		expect(error).toMatchObject({
			code: 'LOCKED',
			message: `Store ${file} is in use by another userdeck process (pid ${child.pid}); try again in a moment`,
		});
		expect(waited).toBeGreaterThanOrEqual(1900);
		expect(waited).toBeLessThan(6000);
		expect(store.user('auth0|blocked')).toBeUndefined();

		child.stdin!.end();
		await once(child, 'exit');
		expect(child.exitCode).toBe(0);
		expect(await listDir(dir)).not.toContain(path.basename(`${file}.lock`));
		await store.transact(tx => {
			tx.put('users', makeUser('after'));
		});
		expect(store.user('auth0|after')).toBeDefined();
		await store.close();
	});

	test('a reader does not need the lock', async () => {
		const store = await newStore();
		await store.transact(tx => {
			tx.put('users', makeUser('a'));
		});
		await holdLockInChild();
		const reader = await Store.open({path: file});
		expect(reader.user('auth0|a')).toBeDefined();
		await expect(reader.refresh()).resolves.toBe(false);
		await reader.close();
		await store.close();
	});

	test('waits while the holder finishes, within the timeout', async () => {
		const store = await newStore();
		const child = await holdLockInChild();
		const write = store.transact(tx => {
			tx.put('users', makeUser('waited'));
		});
		setTimeout(() => child.stdin!.end(), 300);
		await write;
		expect(store.user('auth0|waited')).toBeDefined();
		await store.close();
	});

	test('on another host is never judged stale, and the message says how to clear it', async () => {
		const store = await newStore();
		await writeFile(`${file}.lock`, JSON.stringify({pid: await deadPid(), hostname: 'elsewhere.example', nonce: 'n', acquired_at: new Date(0).toISOString()}));
		const error = await Store.open({path: file, lockTimeoutMs: 200}).then(async other => other.transact(() => 1)).catch((error_: unknown) => error_);
		expect(error).toMatchObject({code: 'LOCKED'});
		expect((error as Error).message).toContain('on host "elsewhere.example"');
		expect((error as Error).message).toContain(`remove ${file}.lock`);
		await store.close();
	});
});

describe('a stale lock', () => {
	test('whose process is gone is taken over at once', async () => {
		const store = await newStore();
		const pid = await deadPid();
		await writeFile(`${file}.lock`, JSON.stringify({pid, hostname: hostname(), nonce: 'stale', acquired_at: new Date().toISOString()}));
		const fast = await Store.open({path: file, lockTimeoutMs: 20_000});
		const started = Date.now();
		await fast.transact(tx => {
			tx.put('users', makeUser('took-over'));
		});
		expect(Date.now() - started).toBeLessThan(2000);
		expect(fast.user('auth0|took-over')).toBeDefined();
		expect(await listDir(dir)).not.toContain(path.basename(`${file}.lock`));
		await fast.close();
		await store.close();
	});

	// Only Linux tells one boot from the next.
	test.skipIf(!existsSync('/proc/sys/kernel/random/boot_id'))('from before a reboot is taken over even if its pid is alive now', async () => {
		const store = await newStore();
		await writeFile(`${file}.lock`, JSON.stringify({pid: process.pid, hostname: hostname(), nonce: 'old-boot', acquired_at: new Date(0).toISOString(), boot_id: 'another-boot'}));
		const other = await Store.open({path: file, lockTimeoutMs: 20_000});
		await other.transact(tx => {
			tx.put('users', makeUser('rebooted'));
		});
		expect(other.user('auth0|rebooted')).toBeDefined();
		await other.close();
		await store.close();
	});

	// Only Linux's /proc tells a process's start time.
	const procStat = existsSync('/proc/self/stat');

	test.skipIf(!procStat)('whose pid now belongs to another process (another start time) is taken over', async () => {
		const store = await newStore();
		// Our own pid is alive, but this lock was written by a process that started at another time.
		await writeFile(`${file}.lock`, JSON.stringify({pid: process.pid, hostname: hostname(), nonce: 'reused', acquired_at: new Date().toISOString(), start_time: '1'}));
		const other = await Store.open({path: file, lockTimeoutMs: 20_000});
		await other.transact(tx => {
			tx.put('users', makeUser('reused-pid'));
		});
		expect(other.user('auth0|reused-pid')).toBeDefined();
		await other.close();
		await store.close();
	});

	test.skipIf(!procStat)('without a start time, whose pid now runs another program, is taken over', async () => {
		const store = await newStore();
		// As pid 1 of a new container: a live process that is not a userdeck.
		const sleeper = spawn('sleep', ['60']);
		children.push(sleeper);
		await once(sleeper, 'spawn');
		await writeFile(`${file}.lock`, JSON.stringify({pid: sleeper.pid, hostname: hostname(), nonce: 'old-format', acquired_at: new Date().toISOString()}));
		const other = await Store.open({path: file, lockTimeoutMs: 20_000});
		await other.transact(tx => {
			tx.put('users', makeUser('other-program'));
		});
		expect(other.user('auth0|other-program')).toBeDefined();
		await other.close();
		await store.close();
	});

	test.skipIf(process.platform === 'win32')('is never a FIFO or a folder in its place: a write is refused at once and the thing is left alone', async () => {
		const store = await newStore();
		const lockPath = `${file}.lock`;
		expect(spawnSync('mkfifo', [lockPath]).status).toBe(0);
		await expect(store.transact(() => 1)).rejects.toThrow(/\.lock is a FIFO, not a lock file/);
		expect((await stat(lockPath)).isFIFO()).toBe(true);
		await rm(lockPath);
		await mkdir(lockPath);
		await expect(store.transact(() => 1)).rejects.toThrow(/\.lock is a directory, not a lock file/);
		await rm(lockPath, {recursive: true});
		await expect(store.transact(() => 2)).resolves.toBe(2);
		await store.close();
	});

	test('with an unreadable body is given 30 s to be written, then taken over', async () => {
		const store = await newStore();
		await writeFile(`${file}.lock`, '');
		await expect(store.transact(() => 1)).rejects.toMatchObject({code: 'LOCKED', message: expect.stringContaining('(pid unknown)') as unknown});
		const old = new Date(Date.now() - 31_000);
		await utimes(`${file}.lock`, old, old);
		await expect(store.transact(() => 2)).resolves.toBe(2);
		await store.close();
	});

	test('owned by a live process is never broken, however old', async () => {
		const store = await newStore();
		// A live lock (our own pid) must never be broken, however old it is.
		await writeFile(`${file}.lock`, JSON.stringify({pid: process.pid, hostname: hostname(), nonce: 'live', acquired_at: new Date(0).toISOString()}));
		const old = new Date(Date.now() - 3_600_000);
		await utimes(`${file}.lock`, old, old);
		const other = await Store.open({path: file, lockTimeoutMs: 300});
		await expect(other.transact(() => 1)).rejects.toMatchObject({code: 'LOCKED'});
		expect(JSON.parse(await readFile(`${file}.lock`, 'utf8'))).toMatchObject({nonce: 'live'});
		await other.close();
		await store.close();
	});

	test('is not removed if another process replaced it after we judged it stale (the nonce is checked again)', async () => {
		const store = await newStore();
		const lockPath = `${file}.lock`;
		await writeFile(lockPath, JSON.stringify({pid: await deadPid(), hostname: hostname(), nonce: 'stale', acquired_at: new Date().toISOString()}));
		const realOpen = io.open;
		let reads = 0;
		const spy = vi.spyOn(io, 'open').mockImplementation(async (target, flags?, mode?) => {
			if (target === lockPath && typeof flags === 'number' && ++reads === 2) {
				// Between our look and our removal, another process broke the stale lock and took it.
				await writeFile(lockPath, JSON.stringify({pid: process.pid, hostname: hostname(), nonce: 'fresh', acquired_at: new Date().toISOString()}));
			}

			return realOpen(target, flags, mode);
		});
		try {
			const other = await Store.open({path: file, lockTimeoutMs: 300});
			await expect(other.transact(() => 1)).rejects.toMatchObject({code: 'LOCKED'});
			await other.close();
		} finally {
			spy.mockRestore();
		}

		expect(reads).toBeGreaterThanOrEqual(2);
		expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({nonce: 'fresh'});
		expect(await listDir(dir)).not.toContain(path.basename(`${lockPath}.break`));
		await store.close();
	});
});
