// The files of one store. `display` is the path as the user gave it (for
// messages); `file` is where it really is, symbolic links resolved, so that
// renaming a new snapshot into place replaces the file, not the link, and two
// processes that reach it by different links share one journal and one lock.
import path from 'node:path';
import {io} from './io.js';
import {quotePath} from './quote.js';
import {ioError, isErrno, StoreError} from './store-error.js';

export type StorePaths = {
	readonly display: string;
	readonly file: string;
	readonly journal: string;
	readonly lock: string;
	readonly backup: string;
	readonly dir: string;
};

/** What each of a store's files is, for messages ("the journal of store …"). */
export type StoreFileRole = 'store file' | 'journal' | 'lock' | 'backup' | 'columns file';

const suffixes = {journal: '-journal', lock: '.lock', lockBreak: '.lock.break', backup: '.v0.bak', columns: '-columns'} as const;

/** The files beside the store file, by the suffix their names add to it. */
export const companionFiles: ReadonlyArray<{suffix: string; role: StoreFileRole}> = [
	{suffix: suffixes.journal, role: 'journal'},
	{suffix: suffixes.lock, role: 'lock'},
	{suffix: suffixes.lockBreak, role: 'lock'},
	{suffix: suffixes.backup, role: 'backup'},
	{suffix: suffixes.columns, role: 'columns file'},
];

/** Every file of the store at `paths`, the store file first. */
export function filesOf(paths: StorePaths): Array<{file: string; role: StoreFileRole}> {
	return [{file: paths.file, role: 'store file'}, ...companionFiles.map(({suffix, role}) => ({file: `${paths.file}${suffix}`, role}))];
}

export function storePaths(display: string, file: string = display): StorePaths {
	return {
		display,
		file,
		journal: `${file}${suffixes.journal}`,
		lock: `${file}${suffixes.lock}`,
		backup: `${file}${suffixes.backup}`,
		dir: path.dirname(file),
	};
}

/** The real location of the store file, so renames replace the file and not a symbolic link to it. */
export async function resolveStoreFile(display: string): Promise<string> {
	try {
		return await io.realpath(display);
	} catch (error) {
		if (!isErrno(error, 'ENOENT')) {
			throw ioError('open', display, error);
		}
	}

	try {
		if ((await io.lstat(display)).isSymbolicLink()) {
			throw new StoreError('IO', display, `Cannot open store ${quotePath(display)}: it is a symbolic link to a missing file`);
		}
	} catch (error) {
		if (!isErrno(error, 'ENOENT')) {
			throw ioError('open', display, error);
		}
	}

	try {
		return path.join(await io.realpath(path.dirname(display)), path.basename(display));
	} catch (error) {
		if (isErrno(error, 'ENOENT')) {
			return display;
		}

		throw ioError('open', display, error);
	}
}
