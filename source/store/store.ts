// The store: a snapshot file plus an append-only journal, shared safely by
// any number of userdeck processes (a console left open, scripts running the
// CLI). The design follows SQLite's WAL mode:
//
// - `PATH` is the snapshot (see snapshot-file.ts), read and written through a
//   lowdb adapter; `Low` holds the in-memory tables.
// - `PATH-journal` gets one fsynced line per transaction, so a change costs
//   milliseconds whatever the store's size.
// - `PATH.lock` serializes writers. A writer takes it, catches up with what
//   others appended, runs the caller's function against the current state,
//   appends one entry and applies it.
// - When the journal grows past `compactAfterBytes`, the writer folds it into a
//   new snapshot and replaces the journal with an empty one. Each step is an
//   atomic rename, and entries already in the snapshot are recognised by seq,
//   so a crash between the steps loses and duplicates nothing.
// - Readers never take the lock. They notice a replaced snapshot or journal by
//   its file identity and load again.
import {AsyncLocalStorage} from 'node:async_hooks';
import path from 'node:path';
import type {DeviceCredential, LogEvent, PasswordRecord, User} from '../domain/types.js';
import {removeStrayTemps} from './atomic-file.js';
import {type FileIdentity, identityAt, sameFile, sameInode} from './file-identity.js';
import {
	appendJournal, entryProblem, maxJournalLineBytes, readJournal, resetJournal, truncateJournal,
} from './journal.js';
import {quotePath} from './quote.js';
import type {LoadPreview} from './load-preview.js';
import {slicePacer} from './pacer.js';
import {maxReadAttempts, readState, type State} from './read-state.js';
import {defaultSeed} from './seed.js';
import {StagedTransaction, type Transaction} from './staged-transaction.js';
import {ioError, loadError, StoreError} from './store-error.js';
import {type StorePaths, storePaths} from './store-paths.js';
import {
	createStore, defaultLockTimeoutMs, lockStore, migrateLegacyStore, permissionWarnings, resolveStoreFile,
} from './store-setup.js';
import type {Change, JournalEntry, Row, Stored, Tables} from './tables.js';
import type {LogProblem} from './sealed-log.js';
import {SealedBytes} from './sealed-bytes.js';
import {openSealedRecord, recordRowName, SealedPassword} from './sealed-record.js';
import {PasswordTable} from './record-table.js';
import {isSealedUser, openSealedUser, type SealedUser, userRowName} from './sealed-user.js';
import {validatorOf} from './schema.js';
import type {StoreOrigin} from './snapshot-file.js';

export {StoreError, type StoreErrorCode} from './store-error.js';
export {defaultStorePath} from './paths.js';
export {writeSnapshot} from './write-snapshot.js';
export type {StoreOrigin} from './snapshot-file.js';
export type {Transaction} from './staged-transaction.js';
export type {LoadPreview} from './load-preview.js';
export {describeLogProblem, logRowName, type LogProblem} from './sealed-log.js';

export type OpenOptions = {
	path: string;
	/** Default true: a missing store is created with `seed()`. */
	create?: boolean;
	/** Create a missing store even in a folder that group or others can write to (see ensureFolder). */
	force?: boolean;
	/** Default `defaultSeed()`: one database connection enabled for one application. */
	seed?: () => Tables;
	/** How long a write waits for another process's lock. Default 2000. */
	lockTimeoutMs?: number;
	/** Fold the journal into a new snapshot once it is this large. Default 8 MiB. */
	compactAfterBytes?: number;
	/** Called while the snapshot is read (a million users take a few seconds). */
	onProgress?: (rowsLoaded: number, rowsTotal: number) => void;
	/**
	 * Called with the first users as soon as they are read, the journal
	 * applied, long before `open` resolves for a big store (see load-preview.ts).
	 */
	onPreview?: (preview: LoadPreview) => void;
	/**
	 * Reads the connections, applications and users only, for a command that
	 * lists or exports users: at a million users the rest (passwords, devices,
	 * log events) is two thirds of the file and most of the load. Such a store
	 * refuses writes and the reads of what it did not read.
	 */
	usersOnly?: boolean;
	/**
	 * Reads and indexes in slices of this many milliseconds, giving the event
	 * loop a turn between them (a console keeps drawing). Default: no slices.
	 */
	sliceMs?: number;
	/**
	 * A load that reads a snapshot at least this large whole writes the
	 * columns file the next load reads instead (columns-file.ts). Default
	 * 32 MiB (about 10,000 users): below it, the whole read takes well under
	 * a second and the file would only be one more beside the store.
	 */
	columnsFileMinBytes?: number;
	/**
	 * A load of a columns file whose sections hold at least this many bytes
	 * checks them in a worker thread while it builds the tables from them
	 * (crc-checker.ts). Default 64 MiB (about 200,000 users): below it the
	 * check takes less than the worker's start.
	 */
	columnsCheckInWorkerMinBytes?: number;
};

const defaultCompactAfterBytes = 8 * 1024 * 1024;
/** Revisions whose changed user keys are remembered (older ones answer "unknown"). */
const keptUserChanges = 256;
const defaultWatchIntervalMs = 500;
/** Profiles kept parsed: a screen's users and a batch's chunk, not a scan's million. */
const keptProfiles = 1024;

/** Which store's transaction the current async context is running, to refuse nesting (it would deadlock). */
const runningTransaction = new AsyncLocalStorage<Store>();

/** The keys of the users that `changes` put or delete. */
function userKeysOf(changes: readonly Change[]): string[] {
	const keys: string[] = [];
	for (const change of changes) {
		if (change.table === 'users') {
			keys.push(change.op === 'put' ? (change.value as User).user_id : change.key);
		}
	}

	return keys;
}

function describeUserProblem(id: string, problem: string): string {
	return `${userRowName(id)}${problem}`;
}

function message(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

export class Store {
	/** The path the store was opened with (absolute). */
	readonly path: string;
	/** Problems worth telling the user that did not stop the store from working. */
	readonly warnings: string[] = [];
	readonly #paths: StorePaths;
	readonly #lockTimeoutMs: number;
	readonly #compactAfterBytes: number;
	readonly #onProgress: OpenOptions['onProgress'];
	readonly #sliceMs: number | undefined;
	readonly #usersOnly: boolean;
	readonly #columnsFileMinBytes: number | undefined;
	readonly #columnsCheckInWorkerMinBytes: number | undefined;
	/** Settles once the columns files loads of earlier snapshots started writing are written (see close). */
	#columnsWrites: Promise<unknown> = Promise.resolve();
	/** How many of those are still being written. */
	#columnsWritesPending = 0;
	readonly #listeners = new Set<() => void>();
	readonly #timers = new Set<NodeJS.Timeout>();
	#state: State;
	#revision = 0;
	/** The user keys each revision after `#userChangesFrom` put or deleted, oldest first. */
	#userChanges: Array<readonly string[]> = [];
	/** The revision `#userChanges` starts after: the last load, or the oldest forgotten. */
	#userChangesFrom = 0;
	/** Set when the state changed; listeners are told once the operation is over. */
	#changed = false;
	#queue: Promise<unknown> = Promise.resolve();
	/** Operations queued or running (`#exclusive`); background work (a columns file being written) waits while there are any. */
	#operations = 0;
	#idle: {promise: Promise<void>; resolve: () => void} | undefined;
	#closed = false;
	/** Profiles of sealed users read lately, oldest first (see `user`). */
	readonly #opened = new Map<SealedUser, User>();

	private constructor(paths: StorePaths, options: OpenOptions, state: State) {
		this.path = paths.display;
		this.#paths = paths;
		this.#lockTimeoutMs = options.lockTimeoutMs ?? defaultLockTimeoutMs;
		this.#compactAfterBytes = options.compactAfterBytes ?? defaultCompactAfterBytes;
		this.#onProgress = options.onProgress;
		this.#sliceMs = options.sliceMs;
		this.#usersOnly = options.usersOnly === true;
		this.#columnsFileMinBytes = options.columnsFileMinBytes;
		this.#columnsCheckInWorkerMinBytes = options.columnsCheckInWorkerMinBytes;
		this.#state = state;
	}

	/**
	 * Opens the store at `options.path`, creating it when missing (unless
	 * `create: false`) and converting a version 0 store. Throws StoreError when
	 * the file cannot be used; such a file is left exactly as it was.
	 */
	static async open(options: OpenOptions): Promise<Store> {
		const display = path.resolve(options.path);
		const paths = storePaths(display, await resolveStoreFile(display));
		const create = options.create ?? true;
		const warnings: string[] = [];
		let state: State | undefined;
		// The store made below: a columns file this load starts writing waits for its operations.
		let opened: Store | undefined;
		const gate = (): Promise<void> | undefined => (opened === undefined ? undefined : opened.whenIdle());
		for (let attempt = 1; state === undefined; attempt++) {
			if (attempt > maxReadAttempts) {
				throw new StoreError('IO', display, `Cannot load store ${quotePath(display)}: it kept changing while it was read; try again`);
			}

			const result = await readState(paths, {
				usersOnly: options.usersOnly,
				columnsFileMinBytes: options.columnsFileMinBytes,
				columnsCheckInWorkerMinBytes: options.columnsCheckInWorkerMinBytes,
				gate,
				onProgress: options.onProgress,
				onPreview: options.onPreview,
				pace: options.sliceMs === undefined ? undefined : slicePacer(options.sliceMs),
			});
			if (result.kind === 'loaded') {
				state = result.state;
			} else if (result.kind === 'missing') {
				if (!create) {
					throw new StoreError('MISSING', display, `No store at ${quotePath(display)}`);
				}

				await createStore(paths, options.seed ?? defaultSeed, options.lockTimeoutMs ?? defaultLockTimeoutMs, {force: options.force});
			} else {
				const warning = await migrateLegacyStore(paths, result, options.lockTimeoutMs ?? defaultLockTimeoutMs);
				if (warning) {
					warnings.push(warning);
				}
			}
		}

		const store = new Store(paths, options, state);
		opened = store;
		store.warnings.push(...warnings, ...await permissionWarnings(paths));
		await removeStrayTemps(paths.file);
		return store;
	}

	/**
	 * The rows, read-only. Read through `store.tables` each time: when another
	 * process compacts, the store loads again and the maps are new ones.
	 */
	get tables(): Readonly<Tables> {
		return this.#state.db.data;
	}

	/** Whether the last load read the columns file beside the snapshot instead of its lines (columns-file.ts). */
	get loadedFromColumns(): boolean {
		return this.#state.snapshot.loaded?.fromColumns === true;
	}

	/**
	 * Whether a columns file a load started is still being written: `close`
	 * waits for it (at a million users, a few seconds after a load of the lines).
	 */
	get writingColumns(): boolean {
		return this.#columnsWritesPending > 0 || this.#state.snapshot.writingColumns;
	}

	/** Where the users came from when the store is a pulled copy of a tenant (snapshot-file.ts); undefined for the admin's own store. */
	get origin(): StoreOrigin | undefined {
		return this.#state.snapshot.origin;
	}

	/** Grows by one each time changes are applied, this process's or another's. */
	get revision(): number {
		return this.#revision;
	}

	/**
	 * The keys of the users put or deleted since `revision` (created, changed,
	 * deleted: the table says which), so a view can patch what it derived from
	 * the users instead of going over all of them. Undefined when unknown: the
	 * store was loaded again since (the tables are new maps), or `revision` is
	 * too old or not one of this store's.
	 */
	changedUsersSince(revision: number): ReadonlySet<string> | undefined {
		if (!Number.isInteger(revision) || revision < this.#userChangesFrom || revision > this.#revision) {
			return undefined;
		}

		const keys = new Set<string>();
		for (let index = revision - this.#userChangesFrom; index < this.#userChanges.length; index++) {
			for (const key of this.#userChanges[index]!) {
				keys.add(key);
			}
		}

		return keys;
	}

	/**
	 * The user's profile: parsed from the store file when it is sealed
	 * (sealed-user.ts), the last few kept so a screen that asks on every frame
	 * gets the same object. Throws StoreError CORRUPT when the row is damaged
	 * (see `userProblem`).
	 */
	user(id: string): User | undefined {
		const stored = this.#state.db.data.users.get(id);
		if (stored === undefined || !isSealedUser(stored)) {
			return stored;
		}

		const opened = this.#openUser(stored);
		if (!opened.ok) {
			throw new StoreError('CORRUPT', this.path, `Cannot read a user of store ${quotePath(this.path)}, the file is damaged: ${describeUserProblem(id, opened.problem)}`);
		}

		return opened.user;
	}

	/** Why the user's profile cannot be read (damage in the store file), or undefined when it can (or there is no such user). */
	userProblem(id: string): string | undefined {
		const stored = this.#state.db.data.users.get(id);
		if (stored === undefined || !isSealedUser(stored)) {
			return undefined;
		}

		const opened = this.#openUser(stored);
		return opened.ok ? undefined : describeUserProblem(id, opened.problem);
	}

	#openUser(sealed: SealedUser): ReturnType<typeof openSealedUser> {
		const opened = this.#opened;
		const kept = opened.get(sealed);
		if (kept !== undefined) {
			// Most recently used last.
			opened.delete(sealed);
			opened.set(sealed, kept);
			return {ok: true, user: kept};
		}

		const result = openSealedUser(sealed, validatorOf('users'));
		if (result.ok) {
			opened.set(sealed, result.user);
			if (opened.size > keptProfiles) {
				opened.delete(opened.keys().next().value!);
			}
		}

		return result;
	}

	/** How many users are blocked (kept up to date change by change, never counted by a scan). */
	blockedCount(): number {
		return this.#state.indexes.blockedCount;
	}

	/** The user with this email (any case) among the identities of `connectionName`. */
	userByEmail(connectionName: string, email: string): User | undefined {
		const id = this.#state.indexes.userIdByEmail(connectionName, email);
		return id === undefined ? undefined : this.user(id);
	}

	/** The user's log events, oldest first. The array never changes; a later change gives a new one. */
	logsOf(userId: string): readonly LogEvent[] {
		this.#assertWhole('log events');
		return this.#state.indexes.logsOf(userId);
	}

	/** Why events of the user's that `logsOf` leaves out could not be read: damage in the store, found when they are first read. */
	logProblemsOf(userId: string): readonly LogProblem[] {
		return this.#state.indexes.logProblemsOf(userId);
	}

	/**
	 * The user's devices, read from the store file when sealed
	 * (sealed-record.ts). The array never changes; a later change gives a new
	 * one. Throws StoreError CORRUPT naming the row when one cannot be read: a
	 * user has a few devices, and a list quietly missing one would hide the
	 * credential from the admin who is there to revoke it (log events, by the
	 * thousand, are left out and reported instead: logProblemsOf).
	 */
	devicesOf(userId: string): readonly DeviceCredential[] {
		this.#assertWhole('devices');
		const {devices, problems} = this.#state.indexes.devicesOf(userId);
		if (problems.length > 0) {
			const [first] = problems;
			throw this.#damaged('a device', `${recordRowName('devices', first!.id)}${first!.problem}`);
		}

		return devices;
	}

	/** The ids of all the user's devices, even those that cannot be read: deleting a user removes them all. */
	deviceIdsOf(userId: string): readonly string[] {
		return this.#state.indexes.deviceIdsOf(userId);
	}

	/** A device by id (any user's), read from the store file when sealed; throws StoreError CORRUPT naming the row when it cannot be. */
	device(id: string): DeviceCredential | undefined {
		return this.#record('devices', id);
	}

	/** The user's password record, read from the store file when sealed; throws StoreError CORRUPT naming the row when it cannot be. */
	password(userId: string): PasswordRecord | undefined {
		return this.#record('passwords', userId);
	}

	#record<T extends 'passwords' | 'devices'>(table: T, key: string): Row[T] | undefined {
		this.#assertWhole(table);
		const stored = (this.#state.db.data[table] as Map<string, Stored[T]>).get(key);
		if (!(stored instanceof SealedBytes)) {
			return stored as Row[T] | undefined;
		}

		const opened = openSealedRecord(stored as SealedPassword, validatorOf(table));
		if (!opened.ok) {
			throw this.#damaged(table === 'devices' ? 'a device' : 'a password record', `${recordRowName(table, key)}${opened.problem}`);
		}

		return opened.value as Row[T];
	}

	/**
	 * Every password record whose hash was imported (it has `imported`),
	 * read. Only those are opened: a sealed record says at load whether it has
	 * one, so a million argon2id records cost a pass over the table, not a
	 * million reads. One that cannot be read is skipped: the caller (the
	 * sign-in's even-time check) only wants samples of each kind of hash, and
	 * the damaged account's own sign-in reports the damage (`password`).
	 */
	* importedPasswords(): Generator<PasswordRecord> {
		const passwords = this.#state.db.data.passwords;
		if (passwords instanceof PasswordTable) {
			yield * passwords.imported();
			return;
		}

		const validate = validatorOf('passwords');
		for (const stored of passwords.values()) {
			if (!(stored instanceof SealedPassword)) {
				if (stored.imported !== undefined) {
					yield stored;
				}
			} else if (stored.imported) {
				const opened = openSealedRecord(stored, validate);
				if (opened.ok) {
					yield opened.value;
				}
			}
		}
	}

	#damaged(what: string, problem: string): StoreError {
		return new StoreError('CORRUPT', this.path, `Cannot read ${what} of store ${quotePath(this.path)}, the file is damaged: ${problem}`);
	}

	/**
	 * Runs `fn` under the store's lock, against the latest state of every
	 * process's writes, and commits what it stages as one journal entry: all or
	 * nothing. If `fn` throws, nothing is written and the error propagates.
	 */
	async transact<T>(fn: (tx: Transaction) => T | Promise<T>): Promise<T> {
		if (runningTransaction.getStore() === this) {
			throw new Error('Store.transact cannot be called inside a transaction of the same store');
		}

		this.#assertWhole('a write');
		return this.#exclusive(async () => this.#locked(async () => {
			const tx = new StagedTransaction();
			let result: T;
			try {
				result = await runningTransaction.run(this, async () => fn(tx));
			} finally {
				tx.finish();
			}

			if (tx.changes.length > 0) {
				await this.#commit(tx.changes);
				if (this.#state.journalEnd > this.#compactAfterBytes) {
					try {
						await this.#compactLocked();
					} catch (error) {
						// The entry is committed; the journal still holds it and the next write retries.
						this.#warn(`Could not compact store ${quotePath(this.path)}: ${message(error)}`);
					}
				}
			}

			return result;
		}));
	}

	/**
	 * Catches up with what other processes wrote, without taking the lock.
	 * Returns true when anything changed.
	 */
	async refresh(): Promise<boolean> {
		if (runningTransaction.getStore() === this) {
			// Inside a transaction the state is already current (and waiting would deadlock).
			return false;
		}

		return this.#exclusive(async () => this.#catchUp(false));
	}

	/** Calls `listener` after changes are applied (own or other processes'). Returns the unsubscribe function. */
	subscribe(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => {
			this.#listeners.delete(listener);
		};
	}

	/**
	 * Polls `refresh()` so an open console sees other processes' writes. The
	 * timer does not keep the process alive. Returns the function that stops it.
	 */
	watch(intervalMs = defaultWatchIntervalMs): () => void {
		let running = false;
		const timer = setInterval(() => {
			if (running || this.#closed) {
				return;
			}

			running = true;
			this.refresh().catch((error: unknown) => {
				this.#warn(message(error));
			}).finally(() => {
				running = false;
			});
		}, intervalMs);
		timer.unref();
		this.#timers.add(timer);
		return () => {
			clearInterval(timer);
			this.#timers.delete(timer);
		};
	}

	/** Folds the journal into a new snapshot now. */
	async compact(): Promise<void> {
		if (runningTransaction.getStore() === this) {
			throw new Error('Store.compact cannot be called inside a transaction of the same store');
		}

		this.#assertWhole('a compaction');

		await this.#exclusive(async () => this.#locked(async () => this.#compactLocked()));
	}

	/** Stops watching and waits for operations in progress. Does not compact. */
	async close(): Promise<void> {
		for (const timer of this.#timers) {
			clearInterval(timer);
		}

		this.#timers.clear();
		this.#closed = true;
		await this.#queue;
		this.#state.snapshot.close();
		// Columns files the loads started writing are finished, not left half-way (a cache the next load reads: columns-file.ts).
		await Promise.all([this.#columnsWrites, this.#state.snapshot.columnsWritten()]);
	}

	// One operation at a time within this process (the lock file orders processes).
	async #exclusive<T>(operation: () => Promise<T>): Promise<T> {
		if (this.#closed) {
			throw new Error(`Store ${this.path} is closed`);
		}

		this.#operations++;
		const run = this.#queue.then(operation);
		this.#queue = run.then(() => undefined, () => undefined);
		try {
			return await run;
		} finally {
			if (--this.#operations === 0) {
				this.#idle?.resolve();
				this.#idle = undefined;
			}

			this.#notify();
		}
	}

	/**
	 * For background work between its slices (a Gate): undefined when no
	 * operation is queued or running, else a promise that settles once none
	 * is. A write during the columns file's first write at a million users
	 * took 60–180 ms, waiting a slice at each of its steps; a user waits for
	 * the write, not for the cache.
	 */
	whenIdle(): Promise<void> | undefined {
		if (this.#operations === 0) {
			return undefined;
		}

		if (this.#idle === undefined) {
			let resolve!: () => void;
			const promise = new Promise<void>(settle => {
				resolve = settle;
			});
			this.#idle = {promise, resolve};
		}

		return this.#idle.promise;
	}

	// Takes the lock, catches up, runs `operation`, releases the lock whatever happens.
	async #locked<T>(operation: () => Promise<T>): Promise<T> {
		const lock = await lockStore(this.#paths, this.#lockTimeoutMs);
		try {
			await this.#catchUp(true);
			await this.#cutTornTail();
			return await operation();
		} finally {
			try {
				await lock.release();
			} catch (error) {
				this.#warn(message(error));
			}
		}
	}

	/**
	 * Applies what other processes appended since we last looked, or loads
	 * everything again if the snapshot or the journal was replaced. With the
	 * lock held, a torn tail left by a crashed writer is cut off.
	 */
	async #catchUp(locked: boolean): Promise<boolean> {
		const state = this.#state;
		try {
			const [snapshotNow, journalNow] = await Promise.all([identityAt(this.#paths.file), identityAt(this.#paths.journal)]);
			if (!sameFile(snapshotNow, state.snapshotIdentity)) {
				return await this.#reload();
			}

			// The common case, two stats: nothing was appended since we looked.
			if (journalNow === undefined ? state.journalIdentity === undefined : sameInode(journalNow, state.journalIdentity) && Number(journalNow.size) === state.journalEnd) {
				state.journalTail = 0;
				return false;
			}

			// Without the lock, a compaction may replace the journal while we read it, and a
			// new journal can even reuse the old one's inode number. Compaction always
			// replaces the snapshot first, so a changed snapshot means: discard and reload.
			const snapshotReplaced = async (): Promise<boolean> => !locked && !sameFile(await identityAt(this.#paths.file), state.snapshotIdentity);
			let journal: Awaited<ReturnType<typeof readJournal>>;
			try {
				journal = await readJournal(this.#paths, {identity: state.journalIdentity, start: state.journalEnd, firstLine: state.journalLine});
			} catch (error) {
				if (await snapshotReplaced()) {
					return await this.#reload();
				}

				throw error;
			}

			if (journal === 'replaced' || (journal.entries.length > 0 && await snapshotReplaced())) {
				return await this.#reload();
			}

			let expected = state.seq + 1;
			for (const entry of journal.entries) {
				if (entry.seq !== expected) {
					// Not a continuation of what we have: start over from the files.
					return await this.#reload();
				}

				expected++;
			}

			const users: string[] = [];
			for (const entry of journal.entries) {
				state.indexes.apply(state.db.data, entry.changes);
				state.seq = entry.seq;
				users.push(...userKeysOf(entry.changes));
			}

			state.journalIdentity = journal.identity;
			state.journalEnd = journal.end;
			state.journalLine = journal.nextLine;
			state.journalTail = journal.tornBytes;
			if (journal.entries.length === 0) {
				return false;
			}

			this.#advance(users);
			return true;
		} catch (error) {
			throw ioError('load', this.path, error);
		}
	}

	// With the lock held and everything valid read, any bytes past what we read
	// are a torn tail from a writer that crashed mid-append: cut them off
	// before appending after them.
	async #cutTornTail(): Promise<void> {
		const state = this.#state;
		if (state.journalTail > 0) {
			try {
				await truncateJournal(this.#paths, state.journalEnd);
			} catch (error) {
				throw ioError('write', this.path, error);
			}

			state.journalTail = 0;
		}
	}

	async #reload(): Promise<boolean> {
		const result = await readState(this.#paths, {
			onProgress: this.#onProgress, pace: this.#sliceMs === undefined ? undefined : slicePacer(this.#sliceMs), usersOnly: this.#usersOnly, columnsFileMinBytes: this.#columnsFileMinBytes,
			columnsCheckInWorkerMinBytes: this.#columnsCheckInWorkerMinBytes,
			gate: () => this.whenIdle(),
		});
		if (result.kind === 'missing') {
			throw new StoreError('IO', this.path, `Cannot load store ${quotePath(this.path)}: the file was removed by another process`);
		}

		if (result.kind === 'legacy') {
			throw loadError('CORRUPT', this.path, 'another process replaced it with a version 0 store; open it again to convert it');
		}

		const previous = this.#state;
		this.#state = result.state;
		this.#opened.clear();
		// Nothing reads the old tables' sealed events any more (readers go through #state).
		previous.snapshot.close();
		const written = previous.snapshot.columnsWritten();
		if (previous.snapshot.writingColumns) {
			this.#columnsWritesPending++;
			void written.finally(() => {
				this.#columnsWritesPending--;
			});
		}

		this.#columnsWrites = Promise.all([this.#columnsWrites, written]);
		this.#advance(undefined);
		return true;
	}

	async #commit(changes: Change[]): Promise<void> {
		const state = this.#state;
		const entry: JournalEntry = {seq: state.seq + 1, time: new Date().toISOString(), changes};
		const line = `${JSON.stringify(entry)}\n`;
		const bytes = Buffer.from(line, 'utf8');
		if (bytes.length > maxJournalLineBytes) {
			throw new RangeError(`Cannot write store ${quotePath(this.path)}: the transaction is ${Math.ceil(bytes.length / 1024 / 1024)} MiB; one transaction may write at most ${maxJournalLineBytes / 1024 / 1024} MiB, split it`);
		}

		// Memory gets exactly what a reader of the journal will get, checked the
		// same way, so this process can never hold something a reload would refuse.
		const written = JSON.parse(line) as JournalEntry;
		const problem = entryProblem(written);
		if (problem !== undefined) {
			throw new TypeError(`Cannot write store ${quotePath(this.path)}: ${problem}`);
		}

		let identity: FileIdentity;
		try {
			identity = await appendJournal(this.#paths, bytes, state.journalEnd);
		} catch (error) {
			throw ioError('write', this.path, error);
		}

		state.journalIdentity = identity;
		state.journalEnd = Number(identity.size);
		state.journalLine++;
		state.indexes.apply(state.db.data, written.changes);
		state.seq = written.seq;
		this.#advance(userKeysOf(written.changes));
	}

	/** A new revision, with the user keys it changed, or undefined when everything was loaded again. */
	#advance(users: readonly string[] | undefined): void {
		this.#revision++;
		this.#changed = true;
		if (users === undefined) {
			this.#userChanges = [];
			this.#userChangesFrom = this.#revision;
			return;
		}

		this.#userChanges.push(users);
		if (this.#userChanges.length > keptUserChanges) {
			const forgotten = this.#userChanges.length - keptUserChanges;
			this.#userChanges.splice(0, forgotten);
			this.#userChangesFrom += forgotten;
		}
	}

	// Under the lock and caught up: snapshot first, then the empty journal. A
	// crash in between leaves a journal whose entries the snapshot already has;
	// readers skip them by seq.
	async #compactLocked(): Promise<void> {
		const state = this.#state;
		state.snapshot.seq = state.seq;
		await state.db.write();
		try {
			const written = await identityAt(this.#paths.file);
			if (!written) {
				throw new Error('the new snapshot disappeared');
			}

			state.snapshotIdentity = written;
			if (state.journalIdentity !== undefined) {
				await resetJournal(this.#paths);
				state.journalIdentity = await identityAt(this.#paths.journal);
				state.journalEnd = 0;
				state.journalLine = 1;
				state.journalTail = 0;
			}
		} catch (error) {
			throw ioError('compact', this.path, error);
		}
	}

	/** A store opened with `usersOnly` holds no passwords, devices or log events, and writes nothing. */
	#assertWhole(what: string): void {
		if (this.#usersOnly) {
			throw new Error(`Store ${quotePath(this.path)} was opened for its users only: ${what} needs it opened whole`);
		}
	}

	#notify(): void {
		if (!this.#changed) {
			return;
		}

		this.#changed = false;
		for (const listener of this.#listeners) {
			try {
				listener();
			} catch (error) {
				this.#warn(`A store listener failed: ${message(error)}`);
			}
		}
	}

	#warn(text: string): void {
		if (this.warnings.at(-1) !== text) {
			this.warnings.push(text);
		}
	}
}

