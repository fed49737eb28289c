// Writing a whole store at once, for the demo generator and `userdeck pull`.
import path from 'node:path';
import {fsyncDir} from './atomic-file.js';
import {io} from './io.js';
import {type StoreOrigin, writeSnapshotFile} from './snapshot-file.js';
import {ioError, isErrno} from './store-error.js';
import {storePaths} from './store-paths.js';
import {defaultLockTimeoutMs, ensureFolder, lockStore, resolveStoreFile} from './store-setup.js';
import type {Tables} from './tables.js';

/**
 * Writes `tables` as a fresh store at `target` (the demo generator's way to
 * create a big store without a million journal entries), atomically, under
 * the store's lock. A journal left by a previous store at that path is
 * removed first so it can never be replayed onto the new snapshot.
 */
export async function writeSnapshot(target: string, tables: Tables, options: {seq?: number; force?: boolean; origin?: StoreOrigin} = {}): Promise<void> {
	const display = path.resolve(target);
	const paths = storePaths(display, await resolveStoreFile(display));
	await ensureFolder(paths, {force: options.force});
	const lock = await lockStore(paths, defaultLockTimeoutMs);
	try {
		try {
			await io.unlink(paths.journal);
			await fsyncDir(paths.dir);
		} catch (error) {
			if (!isErrno(error, 'ENOENT')) {
				throw error;
			}
		}

		await writeSnapshotFile(paths.file, tables, options.seq ?? 0, paths.display, options.origin);
	} catch (error) {
		throw ioError('write', display, error);
	} finally {
		await lock.release();
	}
}
