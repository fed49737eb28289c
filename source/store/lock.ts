// The store's write lock, `PATH.lock`, in the style of git's index.lock: a
// file created exclusively (hard-linked into place, see tryCreate) that names its owner. A lock whose owner is gone
// (same host, pid no longer running or now another process's, see
// process-alive.ts, or the machine has rebooted since) is stale and taken over; a lock with an unreadable body is given 30 s to be
// written before it counts as stale. Breaking a stale lock happens under a
// second, short-lived lock (`PATH.lock.break`), so two processes that find the
// same stale lock cannot both remove it and then both believe they hold a
// fresh one.
import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import type {FileHandle} from 'node:fs/promises';
import {hostname} from 'node:os';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileMode, tempPathFor, writeAll} from './atomic-file.js';
import {io, kindOf, readFlags} from './io.js';
import {isClaimAlive, ownProcessStat} from './process-alive.js';
import {quote, quotePath} from './quote.js';
import {ioError, isErrno, StoreError} from './store-error.js';

export type LockOwner = {
	pid: number;
	hostname: string;
	nonce: string;
	acquired_at: string;
	/** Linux only: tells a lock from before a reboot, whose pid may since have been reused. */
	boot_id?: string;
	/** Linux only: the owner's start time (`/proc/PID/stat` field 22), which a reused pid does not have. */
	start_time?: string;
};

export type HeldLock = {
	readonly path: string;
	readonly nonce: string;
	/** Removes the lock file if it is still ours. Safe to call twice. */
	release(): Promise<void>;
};

export type LockOptions = {
	readonly timeoutMs: number;
	/** The store's path, for messages. */
	readonly storePath: string;
};

/** A lock file without a readable owner is being written; after this long it never will be. */
export const unreadableLockStaleMs = 30_000;
/** Breaking a lock takes milliseconds; a breaker lock older than this was left by a crash. */
const breakerStaleMs = 10_000;
const maxOwnerBytes = 4096;

let bootIdCache: string | null | undefined;
function bootId(): string | undefined {
	if (bootIdCache === undefined) {
		try {
			bootIdCache = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
		} catch {
			bootIdCache = null;
		}
	}

	return bootIdCache ?? undefined;
}

type SeenLock = {
	/** The parsed owner, when the body is a valid owner record. */
	readonly owner: LockOwner | undefined;
	readonly raw: string;
	readonly ino: bigint;
	readonly mtimeMs: number;
};

function parseOwner(raw: string): LockOwner | undefined {
	let value: unknown;
	try {
		value = JSON.parse(raw);
	} catch {
		return undefined;
	}

	if (typeof value !== 'object' || value === null) {
		return undefined;
	}

	const owner = value as Partial<LockOwner>;
	if (!Number.isSafeInteger(owner.pid) || owner.pid! <= 0 || typeof owner.hostname !== 'string' || typeof owner.nonce !== 'string' || owner.nonce === '') {
		return undefined;
	}

	if (owner.start_time !== undefined && typeof owner.start_time !== 'string') {
		return undefined;
	}

	return owner as LockOwner;
}

/** Reads the lock file; undefined when there is none. */
async function readLock(path: string): Promise<SeenLock | undefined> {
	let fh: FileHandle;
	try {
		fh = await io.open(path, readFlags);
	} catch (error) {
		if (isErrno(error, 'ENOENT')) {
			return undefined;
		}

		throw error;
	}

	try {
		const buffer = Buffer.alloc(maxOwnerBytes);
		// Both from the open handle, so they describe the same file; at once, as a writer waits for this.
		const [stats, read] = await Promise.all([fh.stat({bigint: true}), fh.read(buffer, 0, buffer.length, 0).catch((error: unknown) => error as Error)]);
		if (!stats.isFile()) {
			// Never taken for a stale lock and removed: it is not one of ours.
			throw new Error(`${quotePath(path)} is ${kindOf(stats)}, not a lock file; remove it if nothing else needs it`);
		}

		if (read instanceof Error) {
			throw read;
		}

		const {bytesRead} = read;
		const raw = buffer.toString('utf8', 0, bytesRead);
		return {owner: parseOwner(raw), raw, ino: stats.ino, mtimeMs: Number(stats.mtimeMs)};
	} finally {
		await fh.close().catch(() => {});
	}
}

function isStale(seen: SeenLock, unreadableAfterMs: number): boolean {
	const {owner} = seen;
	if (!owner) {
		return Date.now() - seen.mtimeMs > unreadableAfterMs;
	}

	if (owner.hostname !== hostname()) {
		// Another machine's process table cannot be checked from here.
		return false;
	}

	const ourBoot = bootId();
	if (owner.boot_id && ourBoot && owner.boot_id !== ourBoot) {
		return true;
	}

	return !isClaimAlive(owner);
}

function sameLock(a: SeenLock, b: SeenLock): boolean {
	if (a.owner && b.owner) {
		return a.owner.nonce === b.owner.nonce;
	}

	return !a.owner && !b.owner && a.ino === b.ino && a.raw === b.raw && a.mtimeMs === b.mtimeMs;
}

/** Creates `path` exclusively with O_EXCL and writes `body` into it; false when it already exists. */
async function createExclusive(path: string, body: string): Promise<boolean> {
	let fh: FileHandle;
	try {
		fh = await io.open(path, 'wx', fileMode);
	} catch (error) {
		if (isErrno(error, 'EEXIST')) {
			return false;
		}

		throw error;
	}

	try {
		await Promise.all([fh.chmod(fileMode), writeAll(fh, Buffer.from(body, 'utf8'))]);
	} catch (error) {
		// The file is ours (created with O_EXCL): do not leave a lock without an owner.
		await fh.close().catch(() => {});
		await io.unlink(path).catch(() => {});
		throw error;
	}

	await fh.close();
	return true;
}

/**
 * Creates `path` with our owner record, or returns false when it exists.
 * The record is written to a temp file first and hard-linked into place
 * (link fails if the name exists, like O_EXCL), so a lock file never exists
 * without its owner: a crash between creating and writing it would otherwise
 * leave a lock nobody can judge for 30 s. File systems without hard links
 * get the plain O_EXCL create.
 */
async function tryCreate(path: string, body: string, laterRemoval?: (removed: Promise<void>) => void): Promise<boolean> {
	const temp = tempPathFor(path);
	await createExclusive(temp, body);
	let linked = false;
	try {
		await io.link(temp, path);
		linked = true;
		return true;
	} catch (error) {
		if (isErrno(error, 'EEXIST')) {
			return false;
		}

		if (isErrno(error, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV')) {
			return createExclusive(path, body);
		}

		throw error;
	} finally {
		const removed = io.unlink(temp).catch(() => {});
		// A lock taken: its holder need not wait for the temp name to go (the
		// lock is the other name of the same file); it waits when it releases.
		if (linked && laterRemoval) {
			laterRemoval(removed);
		} else {
			await removed;
		}
	}
}

function ownerBody(nonce: string): string {
	const owner: LockOwner = {pid: process.pid, hostname: hostname(), nonce, acquired_at: new Date().toISOString()};
	const boot = bootId();
	if (boot) {
		owner.boot_id = boot;
	}

	const own = ownProcessStat();
	if (own) {
		owner.start_time = own.startTime;
	}

	return `${JSON.stringify(owner)}\n`;
}

async function unlinkIfOurs(path: string, nonce: string): Promise<void> {
	const seen = await readLock(path);
	if (seen?.owner?.nonce === nonce) {
		try {
			await io.unlink(path);
		} catch (error) {
			if (!isErrno(error, 'ENOENT')) {
				throw error;
			}
		}
	}
}

/**
 * Removes `lockPath` if it is still the stale lock `seen`. Returns false when
 * another process is breaking it right now.
 */
async function breakStaleLock(lockPath: string, seen: SeenLock): Promise<boolean> {
	const breakerPath = `${lockPath}.break`;
	const nonce = randomBytes(16).toString('hex');
	if (!await tryCreate(breakerPath, ownerBody(nonce))) {
		const breaker = await readLock(breakerPath);
		if (breaker && isStale(breaker, breakerStaleMs)) {
			// A breaker that crashed mid-way; its own removal needs no further guard
			// because the main lock is re-checked below by whoever breaks it next.
			await io.unlink(breakerPath).catch(() => {});
		}

		return false;
	}

	try {
		const again = await readLock(lockPath);
		if (again && sameLock(seen, again)) {
			try {
				await io.unlink(lockPath);
			} catch (error) {
				if (!isErrno(error, 'ENOENT')) {
					throw error;
				}
			}
		}
	} finally {
		await unlinkIfOurs(breakerPath, nonce);
	}

	return true;
}

function lockedError(storePath: string, lockPath: string, seen: SeenLock | undefined): StoreError {
	const owner = seen?.owner;
	let who = '(pid unknown)';
	let hint = '';
	if (owner) {
		if (owner.hostname === hostname()) {
			who = `(pid ${owner.pid})`;
		} else {
			who = `(pid ${owner.pid} on host ${quote(owner.hostname, 60)})`;
			hint = `; if no userdeck is running there, remove ${quotePath(lockPath)}`;
		}
	}

	return new StoreError('LOCKED', storePath, `Store ${quotePath(storePath)} is in use by another userdeck process ${who}; try again in a moment${hint}`);
}

/**
 * Takes the lock at `lockPath`, waiting up to `timeoutMs` (retrying every
 * 10–50 ms) while another live process holds it. Throws StoreError 'LOCKED'
 * on timeout. The caller must `release()` in a `finally`.
 */
export async function acquireLock(lockPath: string, options: LockOptions): Promise<HeldLock> {
	const {storePath, timeoutMs} = options;
	const nonce = randomBytes(16).toString('hex');
	const body = ownerBody(nonce);
	const deadline = Date.now() + timeoutMs;
	let released = false;
	let tempRemoved: Promise<void> | undefined;
	const held: HeldLock = {
		path: lockPath,
		nonce,
		async release() {
			if (!released) {
				released = true;
				try {
					await Promise.all([unlinkIfOurs(lockPath, nonce), tempRemoved]);
				} catch (error) {
					throw ioError('unlock', storePath, error);
				}
			}
		},
	};

	for (;;) {
		let seen: SeenLock | undefined;
		try {
			if (await tryCreate(lockPath, body, removed => {
				tempRemoved = removed;
			})) {
				return held;
			}

			seen = await readLock(lockPath);
			if (seen && isStale(seen, unreadableLockStaleMs) && await breakStaleLock(lockPath, seen)) {
				continue;
			}
		} catch (error) {
			throw ioError('lock', storePath, error);
		}

		const now = Date.now();
		if (seen === undefined && now < deadline) {
			// Released between our attempt and our look: try again at once.
			continue;
		}

		if (now >= deadline) {
			throw lockedError(storePath, lockPath, seen);
		}

		await sleep(Math.min(10 + Math.random() * 40, Math.max(1, deadline - now)));
	}
}
