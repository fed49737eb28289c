// The connections and applications of a store, read without loading it: they
// are the snapshot's first rows (tables.ts orders them before users), so
// shell completion, which runs on every Tab, reads a few lines instead of a
// store that may hold a million users. Best effort: anything unreadable gives
// empty lists (completion offers nothing rather than fail in the shell).
import {createReadStream} from 'node:fs';
import {createInterface} from 'node:readline';
import type {Client, Connection} from '../domain/types.js';
import {snapshotFormat} from './snapshot-file.js';

export type Catalog = {
	readonly connections: readonly Connection[];
	readonly clients: readonly Client[];
};

const leadingTables = new Set(['connections', 'clients']);

export async function readCatalog(file: string): Promise<Catalog> {
	const connections: Connection[] = [];
	const clients: Client[] = [];
	const stream = createReadStream(file, {encoding: 'utf8'});
	const lines = createInterface({input: stream, crlfDelay: Number.POSITIVE_INFINITY});
	try {
		let first = true;
		for await (const line of lines) {
			const row = JSON.parse(line) as unknown;
			if (first) {
				first = false;
				if ((row as {format?: unknown} | null)?.format !== snapshotFormat) {
					break;
				}

				continue;
			}

			if (!Array.isArray(row) || !leadingTables.has(row[0] as string)) {
				break;
			}

			if (row[0] === 'connections') {
				connections.push(row[1] as Connection);
			} else {
				clients.push(row[1] as Client);
			}
		}
	} catch {
		// No store, or not one: nothing to offer.
	} finally {
		lines.close();
		stream.destroy();
	}

	return {connections, clients};
}
