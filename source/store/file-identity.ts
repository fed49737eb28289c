// Which file a path names right now. Another process replaces the snapshot and
// the journal by renaming new files over them; comparing identities is how a
// reader notices. Inode numbers are reused once a file is gone, so the
// nanosecond change time and the size are compared too.
import type {BigIntStats} from 'node:fs';
import {io} from './io.js';
import {isErrno} from './store-error.js';

export type FileIdentity = {
	readonly dev: bigint;
	readonly ino: bigint;
	readonly size: bigint;
	readonly mtimeNs: bigint;
	readonly ctimeNs: bigint;
};

export function identityOf(stats: BigIntStats): FileIdentity {
	return {dev: stats.dev, ino: stats.ino, size: stats.size, mtimeNs: stats.mtimeNs, ctimeNs: stats.ctimeNs};
}

/** The same file, unchanged. */
export function sameFile(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
	if (a === undefined || b === undefined) {
		return a === b;
	}

	return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/** The same inode, possibly grown (the journal is appended to in place). */
export function sameInode(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
	if (a === undefined || b === undefined) {
		return a === b;
	}

	return a.dev === b.dev && a.ino === b.ino;
}

/** The identity of the file at `path`, or undefined when there is none. */
export async function identityAt(path: string): Promise<FileIdentity | undefined> {
	try {
		return identityOf(await io.stat(path, {bigint: true}));
	} catch (error) {
		if (isErrno(error, 'ENOENT')) {
			return undefined;
		}

		throw error;
	}
}
