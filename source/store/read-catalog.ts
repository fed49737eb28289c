// The connections and applications of a store, read without loading it: they
// are the snapshot's first rows (tables.ts orders them before users), so
// shell completion, which runs on every Tab, reads a few lines instead of a
// store that may hold a million users. Best effort: anything unreadable gives
// empty lists (completion offers nothing rather than fail in the shell).
import type {Client, Connection} from '../domain/types.js';
import {io, readFlags} from './io.js';
import {readLines} from './line-reader.js';
import {snapshotFormat} from './snapshot-file.js';

export type Catalog = {
	readonly connections: readonly Connection[];
	readonly clients: readonly Client[];
};

const leadingTables = new Set(['connections', 'clients']);

/** Stops the reading at the first line that is not a catalog row. */
class Done extends Error {}

/** A catalog row is small; a longer first line is no store of ours. */
const maxLineBytes = 1024 * 1024;

export async function readCatalog(file: string): Promise<Catalog> {
	const connections: Connection[] = [];
	const clients: Client[] = [];
	// Opened as every store file is: never waiting on a FIFO, refusing what is not a regular file.
	const handle = await io.open(file, readFlags).catch(() => undefined);
	if (!handle) {
		return {connections, clients};
	}

	try {
		if (!(await handle.stat()).isFile()) {
			return {connections, clients};
		}

		let first = true;
		await readLines(handle, {
			maxLineBytes,
			chunkBytes: 64 * 1024,
			onTooLong: () => new Done(),
			onLine(buffer, start, end) {
				const row = JSON.parse(buffer.toString('utf8', start, end)) as unknown;
				if (first) {
					first = false;
					if ((row as {format?: unknown} | null)?.format !== snapshotFormat) {
						throw new Done();
					}

					return;
				}

				if (!Array.isArray(row) || !leadingTables.has(row[0] as string)) {
					throw new Done();
				}

				if (row[0] === 'connections') {
					connections.push(row[1] as Connection);
				} else {
					clients.push(row[1] as Client);
				}
			},
		});
	} catch {
		// The end of the catalog, or no store: what was read is all there is to offer.
	} finally {
		await handle.close();
	}

	return {connections, clients};
}
