// One consistent read of a store's snapshot and journal, without the lock.
import {Low} from 'lowdb';
import {type FileIdentity, identityAt, sameFile} from './file-identity.js';
import {Indexes} from './indexes.js';
import {readJournal} from './journal.js';
import {quotePath} from './quote.js';
import {SnapshotFile} from './snapshot-file.js';
import {ioError, loadError, StoreError} from './store-error.js';
import type {StorePaths} from './store-paths.js';
import {emptyTables, type Tables} from './tables.js';

/** Tries at reading a snapshot and journal that other processes keep replacing. */
export const maxReadAttempts = 5;

/** What one consistent read of snapshot + journal produced. */
export type State = {
	db: Low<Tables>;
	snapshot: SnapshotFile;
	snapshotIdentity: FileIdentity;
	journalIdentity: FileIdentity | undefined;
	journalEnd: number;
	journalLine: number;
	/** Bytes after `journalEnd` at the last look: a torn tail, or entries being appended. */
	journalTail: number;
	seq: number;
	indexes: Indexes;
};

export type ReadResult =
	| {kind: 'loaded'; state: State}
	| {kind: 'missing'}
	| {kind: 'legacy'; tables: Tables; identity: FileIdentity};

/**
 * Reads the snapshot and the journal into a consistent state. Without the
 * lock another process may compact meanwhile: the snapshot's identity is
 * checked after the journal is read, and everything is read again if it changed.
 */
export async function readState(paths: StorePaths, onProgress: ((rowsLoaded: number, rowsTotal: number) => void) | undefined): Promise<ReadResult> {
	for (let attempt = 1; attempt <= maxReadAttempts; attempt++) {
		const snapshot = new SnapshotFile(paths.file, {onProgress, displayPath: paths.display});
		const db = new Low<Tables>(snapshot, emptyTables());
		await db.read();
		const info = snapshot.loaded;
		if (!info) {
			return {kind: 'missing'};
		}

		if (info.version === 0) {
			return {kind: 'legacy', tables: db.data, identity: info.identity};
		}

		let journal: Awaited<ReturnType<typeof readJournal>>;
		let now: FileIdentity | undefined;
		try {
			journal = await readJournal(paths);
			now = await identityAt(paths.file);
		} catch (error) {
			throw ioError('load', paths.display, error);
		}

		if (journal === 'replaced' || !sameFile(now, info.identity)) {
			continue;
		}

		const indexes = await Indexes.build(db.data);
		let {seq} = info;
		for (const entry of journal.entries) {
			// Already in the snapshot: a compaction stopped between writing the
			// snapshot and emptying the journal.
			if (entry.seq <= seq) {
				continue;
			}

			if (entry.seq !== seq + 1) {
				throw loadError('CORRUPT', paths.display, `the journal ${quotePath(paths.journal)} continues at seq ${entry.seq} but the snapshot ends at seq ${seq}: the journal belongs to another version of the store`);
			}

			indexes.apply(db.data, entry.changes);
			seq = entry.seq;
		}

		return {
			kind: 'loaded',
			state: {
				db,
				snapshot,
				snapshotIdentity: info.identity,
				journalIdentity: journal.identity,
				journalEnd: journal.end,
				journalLine: journal.nextLine,
				journalTail: journal.tornBytes,
				seq,
				indexes,
			},
		};
	}

	throw new StoreError('IO', paths.display, `Cannot load store ${quotePath(paths.display)}: it kept changing while it was read; try again`);
}
