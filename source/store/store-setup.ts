// Getting a store's files ready: where they really are, their folder, the
// first snapshot of a new store, the conversion of a version 0 store, and
// warnings about permissions. Used by `Store.open` and `writeSnapshot`.
import path from 'node:path';
import {type ChunkWriter, folderMode, writeFileAtomic} from './atomic-file.js';
import {type FileIdentity, identityAt, identityOf, sameFile} from './file-identity.js';
import {io, readFlags} from './io.js';
import {acquireLock, type HeldLock} from './lock.js';
import {quotePath} from './quote.js';
import {describeStoreFile, storeFileAt} from './store-files.js';
import {writeSnapshotFile} from './snapshot-file.js';
import {ioError, isErrno, loadError, StoreError} from './store-error.js';
import type {StorePaths} from './store-paths.js';

export {resolveStoreFile} from './store-paths.js';
import type {Tables} from './tables.js';

export const defaultLockTimeoutMs = 2000;

/**
 * Creates the store's folder (0700) if it is missing. A folder that exists
 * and that group or others may write to (0777, 0775, /tmp's 1777) is refused
 * unless `force`: whoever can write there can put their own file, or a
 * symbolic link, where the store's journal or lock will be, or replace the
 * store. With `force` it is used (permissionWarnings warns of it at each open).
 */
export async function ensureFolder(paths: StorePaths, options: {force?: boolean} = {}): Promise<void> {
	let created: string | undefined;
	try {
		created = await io.mkdir(paths.dir, {recursive: true, mode: folderMode});
		if (created !== undefined) {
			// mkdir's mode is filtered by the umask; the folder must be private whatever it is.
			await io.chmod(paths.dir, folderMode);
			return;
		}
	} catch (error) {
		throw ioError('create', paths.display, error);
	}

	const problem = await openFolderProblem(paths.dir);
	if (problem !== undefined && !options.force) {
		throw new StoreError('PERMISSION', paths.display, `Refusing to create store ${quotePath(paths.display)}: its folder ${problem}; run chmod go-w ${quotePath(paths.dir)} (or choose another folder), or pass --force to create it there anyway`);
	}
}

/** What is wrong with a folder others can write to ("… is writable by group or others (mode 0777)…"), or undefined. */
async function openFolderProblem(dir: string): Promise<string | undefined> {
	if (process.platform === 'win32') {
		return undefined;
	}

	try {
		const {mode} = await io.stat(dir);
		if ((mode & 0o022) === 0) {
			return undefined;
		}

		return `${quotePath(dir)} is writable by group or others (mode ${(mode & 0o7777).toString(8).padStart(4, '0')}): they could put their own files where the store's journal and lock go`;
	} catch {
		return undefined;
	}
}

export async function lockStore(paths: StorePaths, timeoutMs: number): Promise<HeldLock> {
	return acquireLock(paths.lock, {timeoutMs, storePath: paths.display});
}

/** Writes the first snapshot of a new store, under the lock, unless another process just did. */
export async function createStore(paths: StorePaths, seed: () => Tables, lockTimeoutMs: number, options: {force?: boolean} = {}): Promise<void> {
	await ensureFolder(paths, options);
	const lock = await lockStore(paths, lockTimeoutMs);
	try {
		if (await identityAt(paths.file)) {
			return;
		}

		const journal = await identityAt(paths.journal);
		if (journal && journal.size > 0n) {
			// Starting a fresh store here would replay someone's changes onto the seed.
			throw loadError('CORRUPT', paths.display, `the file is missing but its journal ${quotePath(paths.journal)} is not; restore the store file, or remove the journal to start a new store`);
		}

		// A new store at `s.ndjson.lock` or `s.ndjson-journal` would take the place of another store's file.
		const conflict = await storeFileAt(paths.file, [], {resolved: true});
		if (conflict !== undefined) {
			throw new StoreError('IO', paths.display, `Cannot create store ${quotePath(paths.display)}: it is ${describeStoreFile(conflict)}`);
		}

		await writeSnapshotFile(paths.file, seed(), 0, paths.display);
	} catch (error) {
		throw ioError('create', paths.display, error);
	} finally {
		await lock.release();
	}
}

/**
 * Converts a version 0 store (one lowdb JSON document): the original goes to
 * `PATH.v0.bak`, then a version 1 snapshot replaces it. Returns the warning to
 * show, or undefined when the file changed meanwhile (the caller reads again).
 */
export async function migrateLegacyStore(paths: StorePaths, legacy: {tables: Tables; identity: FileIdentity}, lockTimeoutMs: number): Promise<string | undefined> {
	const lock = await lockStore(paths, lockTimeoutMs);
	try {
		const journal = await identityAt(paths.journal);
		if (journal && journal.size > 0n) {
			throw loadError('CORRUPT', paths.display, `a version 0 store has no journal, yet ${quotePath(paths.journal)} exists; remove it if it is left over from another store`);
		}

		const fh = await io.open(paths.file, readFlags);
		let original: Buffer;
		try {
			const stats = await fh.stat({bigint: true});
			if (!sameFile(identityOf(stats), legacy.identity)) {
				return undefined;
			}

			original = await fh.readFile();
		} finally {
			await fh.close();
		}

		await writeFileAtomic(paths.backup, async (writer: ChunkWriter) => writer.writeBytes(original));
		await writeSnapshotFile(paths.file, legacy.tables, 0, paths.display);
		return `Store ${quotePath(paths.display)} was converted from format version 0 to version 1; the original is kept in ${quotePath(paths.backup)}`;
	} catch (error) {
		throw ioError('convert', paths.display, error);
	} finally {
		await lock.release();
	}
}

export async function permissionWarnings(paths: StorePaths): Promise<string[]> {
	if (process.platform === 'win32') {
		return [];
	}

	const warnings: string[] = [];
	const folder = await openFolderProblem(paths.dir);
	if (folder !== undefined) {
		warnings.push(`Store folder ${folder}; run chmod go-w ${quotePath(paths.dir)}`);
	}

	for (const [label, file] of [['Store', paths.file], ['Store journal', paths.journal]] as const) {
		try {
			const {mode} = await io.stat(file);
			const shown = label === 'Store' ? paths.display : file;
			if ((mode & 0o044) !== 0) {
				warnings.push(`${label} ${quotePath(shown)} is readable by group or others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run chmod 600 ${quotePath(shown)}`);
			} else if ((mode & 0o022) !== 0) {
				warnings.push(`${label} ${quotePath(shown)} is writable by group or others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run chmod 600 ${quotePath(shown)}`);
			}
		} catch {}
	}

	return warnings;
}
