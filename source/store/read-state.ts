// One consistent read of a store's snapshot and journal, without the lock.
import {Low} from 'lowdb';
import {type FileIdentity, identityAt, sameFile} from './file-identity.js';
import {Indexes} from './indexes.js';
import {readJournal} from './journal.js';
import {type LoadPreview, PreviewBuilder} from './load-preview.js';
import type {Gate, Pacer} from './pacer.js';
import {quotePath} from './quote.js';
import {SnapshotFile} from './snapshot-file.js';
import {ioError, loadError, StoreError} from './store-error.js';
import type {StorePaths} from './store-paths.js';
import {emptyTables, type JournalEntry, type Tables} from './tables.js';

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
export type ReadOptions = {
	readonly onProgress?: ((rowsLoaded: number, rowsTotal: number) => void) | undefined;
	/** Called with the first users as soon as they are read (see load-preview.ts). */
	readonly onPreview?: ((preview: LoadPreview) => void) | undefined;
	/** Pauses between slices of reading and indexing, so a console keeps drawing. */
	readonly pace?: Pacer | undefined;
	/** Read the connections, applications and users only (see SnapshotFileOptions.usersOnly). */
	readonly usersOnly?: boolean | undefined;
	/** See OpenOptions.columnsFileMinBytes. */
	readonly columnsFileMinBytes?: number | undefined;
	/** See OpenOptions.columnsCheckInWorkerMinBytes. */
	readonly columnsCheckInWorkerMinBytes?: number | undefined;
	/** See SnapshotFileOptions.gate. */
	readonly gate?: Gate | undefined;
};

/** The journal as it is now, for a preview only: the state itself reads it again after the snapshot. */
async function journalForPreview(paths: StorePaths): Promise<readonly JournalEntry[]> {
	try {
		const journal = await readJournal(paths);
		return journal === 'replaced' ? [] : journal.entries;
	} catch {
		// The read below reports what is wrong with it.
		return [];
	}
}

export async function readState(paths: StorePaths, options: ReadOptions = {}): Promise<ReadResult> {
	const {onProgress, onPreview, pace} = options;
	for (let attempt = 1; attempt <= maxReadAttempts; attempt++) {
		const preview = onPreview ? new PreviewBuilder(await journalForPreview(paths), {onPreview, drawSoon: pace?.soon}) : undefined;
		const snapshot = new SnapshotFile(paths.file, {
			usersOnly: options.usersOnly,
			columnsFileMinBytes: options.columnsFileMinBytes,
			columnsCheckInWorkerMinBytes: options.columnsCheckInWorkerMinBytes,
			gate: options.gate,
			onProgress,
			displayPath: paths.display,
			pace,
			onHeader: preview && (header => {
				preview.header(header);
			}),
			onRow: preview && ((table, row) => {
				preview.row(table, row);
			}),
		});
		const db = new Low<Tables>(snapshot, emptyTables());
		await db.read();
		let result: ReadResult | undefined;
		try {
			result = await settle(paths, snapshot, db, pace);
		} finally {
			// The file sealed events are read from stays open only for a state that is used.
			if (result?.kind !== 'loaded') {
				snapshot.close();
			}
		}

		if (result !== undefined) {
			return result;
		}
	}

	throw new StoreError('IO', paths.display, `Cannot load store ${quotePath(paths.display)}: it kept changing while it was read; try again`);
}

/** The state the snapshot read makes with the journal; undefined when another process replaced the files meanwhile (read again). */
async function settle(paths: StorePaths, snapshot: SnapshotFile, db: Low<Tables>, pace: Pacer | undefined): Promise<ReadResult | undefined> {
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
		return undefined;
	}

	const indexes = await Indexes.build(db.data, pace);
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
