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
import {resolveStoreFile} from './store-setup.js';
import {storePaths} from './store-paths.js';

/** The names a store's files take beside the store file, and what they are. */
const companions = [
	['-journal', 'the journal'],
	['.lock', 'the lock'],
	['.lock.break', 'the lock'],
	['.v0.bak', 'the backup'],
] as const;

/** What storeFileAt says of a store file itself (which `demo --force` may replace). */
export const aStore = 'a userdeck store';

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
 * What `target` is when it is a file of a userdeck store ("the journal of
 * store /x/s.ndjson"), or undefined when it is none. `stores` are the stores
 * in use (the one `--store` names), compared by resolved path and inode.
 */
export async function storeFileAt(target: string, stores: readonly string[]): Promise<string | undefined> {
	const real = await resolveStoreFile(target);
	const stats = await statOf(real);
	for (const store of stores) {
		const paths = storePaths(store, await resolveStoreFile(store));
		const files = [
			[paths.file, 'the store file'],
			[paths.journal, 'the journal'],
			[paths.lock, 'the lock'],
			[`${paths.lock}.break`, 'the lock'],
			[paths.backup, 'the backup'],
		] as const;
		for (const [file, what] of files) {
			if (file === real) {
				return `${what} of store ${paths.display}`;
			}

			if (stats) {
				const other = await statOf(file);
				if (other && other.dev === stats.dev && other.ino === stats.ino) {
					return `${what} of store ${paths.display} (another name of the same file)`;
				}
			}
		}
	}

	for (const [suffix, what] of companions) {
		if (real.endsWith(suffix) && real.length > suffix.length && await isStoreAt(real.slice(0, -suffix.length))) {
			return `${what} of store ${real.slice(0, -suffix.length)}`;
		}
	}

	switch (await sniff(real)) {
		case 'snapshot': {
			return aStore;
		}

		case 'journal': {
			return 'the journal of a userdeck store';
		}

		case 'lock': {
			return 'the lock of a userdeck store';
		}

		default: {
			break;
		}
	}

	if (await sniff(`${real}-journal`) === 'journal') {
		return `the store file of the journal ${real}-journal`;
	}

	return undefined;
}
