// Whether a path a user names for output is a file of a userdeck store: the
// store file, its journal, its lock (and the lock's breaker) or its version 0
// backup, of the store being worked on or of any other. Writing there (an
// export with `--output` set to the store itself, say) destroys the store, so
// such a path is refused before anything is written. A path is compared once
// resolved (symbolic links) and by device and inode (hard links) with the
// current store's files; any other store's files are recognised by name (a
// sibling that is a store) and by their first line.
import type {Stats} from 'node:fs';
import {io, readFlags} from './io.js';
import {isErrno} from './store-error.js';
import {companionFiles, filesOf, resolveStoreFile, type StoreFileRole, storePaths} from './store-paths.js';

/**
 * A path that is a file of a userdeck store: which file (`role`), of which
 * store (`store`, when known: a store in use, or the one beside it), and
 * whether it was recognised as another name (a hard link) of that file.
 */
export type StoreFileMatch = {role: StoreFileRole; store?: string; sameFile?: true};

/**
 * Whether `--force` may replace what is at the path: nothing of a store, or a
 * store file itself (never another store's journal, lock or backup).
 */
export function mayReplace(match: StoreFileMatch | undefined): boolean {
	return match === undefined || (match.role === 'store file' && match.store === undefined);
}

/** The match in words, for messages: "the journal of store /x/s.ndjson", "a userdeck store". */
export function describeStoreFile(match: StoreFileMatch): string {
	if (match.store === undefined) {
		return match.role === 'store file' ? 'a userdeck store' : `the ${match.role} of a userdeck store`;
	}

	return `the ${match.role} of store ${match.store}${match.sameFile ? ' (another name of the same file)' : ''}`;
}

type Kind = 'snapshot' | 'journal' | 'lock' | undefined;

/** What a file's first line says it is, read without blocking (a FIFO is nothing). */
async function sniff(file: string): Promise<Kind> {
	let fh;
	try {
		fh = await io.open(file, readFlags);
	} catch {
		return undefined;
	}

	try {
		const stats = await fh.stat();
		if (!stats.isFile()) {
			return undefined;
		}

		const buffer = Buffer.alloc(Math.min(stats.size, 64 * 1024));
		const {bytesRead} = await fh.read(buffer, 0, buffer.length, 0);
		const text = buffer.toString('utf8', 0, bytesRead);
		const newline = text.indexOf('\n');
		let value: unknown;
		try {
			value = JSON.parse(newline === -1 ? text : text.slice(0, newline));
		} catch {
			// A header or journal line cut by the peek still names itself.
			return text.startsWith('{"format":"userdeck-store"') ? 'snapshot' : undefined;
		}

		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			return undefined;
		}

		const record = value as Record<string, unknown>;
		if (record.format === 'userdeck-store') {
			return 'snapshot';
		}

		if (typeof record.seq === 'number' && Array.isArray(record.changes)) {
			return 'journal';
		}

		if (typeof record.pid === 'number' && typeof record.nonce === 'string' && typeof record.hostname === 'string') {
			return 'lock';
		}

		return undefined;
	} catch {
		return undefined;
	} finally {
		await fh.close().catch(() => {});
	}
}

async function statOf(file: string): Promise<Stats | undefined> {
	try {
		return await io.stat(file);
	} catch (error) {
		if (isErrno(error, 'ENOENT', 'ENOTDIR')) {
			return undefined;
		}

		throw error;
	}
}

/** A store lives at `file`: its snapshot is there, or its journal beside it. */
async function isStoreAt(file: string): Promise<boolean> {
	return await sniff(file) === 'snapshot' || await sniff(`${file}-journal`) === 'journal';
}

/**
 * What `target` is when it is a file of a userdeck store, or undefined when
 * it is none. `stores` are the stores in use (the one `--store` names),
 * compared by resolved path and inode. `resolved`: `target` is already the
 * real path (resolveStoreFile's answer), so it is not resolved again.
 */
export async function storeFileAt(target: string, stores: readonly string[], options: {resolved?: boolean} = {}): Promise<StoreFileMatch | undefined> {
	const real = options.resolved ? target : await resolveStoreFile(target);
	const stats = await statOf(real);
	for (const store of stores) {
		const paths = storePaths(store, await resolveStoreFile(store));
		for (const {file, role} of filesOf(paths)) {
			if (file === real) {
				return {role, store: paths.display};
			}

			if (stats) {
				const other = await statOf(file);
				if (other && other.dev === stats.dev && other.ino === stats.ino) {
					return {role, store: paths.display, sameFile: true};
				}
			}
		}
	}

	for (const {suffix, role} of companionFiles) {
		if (real.endsWith(suffix) && real.length > suffix.length && await isStoreAt(real.slice(0, -suffix.length))) {
			return {role, store: real.slice(0, -suffix.length)};
		}
	}

	switch (await sniff(real)) {
		case 'snapshot': {
			return {role: 'store file'};
		}

		case 'journal': {
			return {role: 'journal'};
		}

		case 'lock': {
			return {role: 'lock'};
		}

		default: {
			break;
		}
	}

	// A store file not written yet, whose journal is already there.
	if (await sniff(`${real}-journal`) === 'journal') {
		return {role: 'store file', store: real};
	}

	return undefined;
}
