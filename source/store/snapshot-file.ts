// The snapshot: a lowdb adapter that reads and writes `Tables` as NDJSON.
//
//   {"format":"userdeck-store","version":1,"seq":42,"written_at":"…","counts":{"users":2,…}}
//   ["connections",{…}]
//   ["users",{…}]
//   {"end":true,"rows":3}
//
// One row per line, so a million users are written and read in bounded
// pieces (one JSON.stringify of them all would exceed V8's string limit) and
// the reader can report progress. The trailer makes truncation detectable.
// Anything that does not match is refused with a StoreError and the file is
// left exactly as it was. Log events, users, password records and devices in
// the canonical form are the exception: filed unparsed and checked when first
// read (sealed-log.ts, sealed-user.ts, sealed-record.ts). A version 0
// file (a lowdb JSON document) is read as a whole and flagged so the store
// can migrate it.
import {Buffer, isUtf8} from 'node:buffer';
import type {FileHandle} from 'node:fs/promises';
import type {Adapter} from 'lowdb';
import {writeFileAtomic} from './atomic-file.js';
import {type FileIdentity, identityOf} from './file-identity.js';
import {io, readFlags} from './io.js';
import {readLines} from './line-reader.js';
import {quote, quotePath} from './quote.js';
import {isTableName, keyFields, rowProblem, validatorOf} from './schema.js';
import {ColumnTable} from './column-table.js';
import {columnsSuffix, readColumnsFile, takeImage, writeColumnsFile} from './columns-file.js';
import type {Gate} from './pacer.js';
import {LogTable} from './log-table.js';
import {LogSource} from './sealed-log.js';
import {SealedBytes} from './sealed-bytes.js';
import {DeviceTable, PasswordTable} from './record-table.js';
import {ScannedUser, scanUserLine} from './sealed-user.js';
import {ioError, loadError, StoreError} from './store-error.js';
import {emptyTables, keyOf, type TableName, tableNames, type Tables} from './tables.js';
import {UserIdIndex} from './user-id-index.js';
import {previewRows} from './load-preview.js';

/** Distinct names a load keeps one string of (a map of about 8 MB at most, dropped when the load ends). */
const maxInternedNames = 262_144;

export const snapshotFormat = 'userdeck-store';
export const snapshotVersion = 1;

const mebibyte = 1024 * 1024;
/** No row comes near this; a longer line is damage, refused before it fills memory. */
export const maxSnapshotLineBytes = 64 * mebibyte;
/** A version 0 store is one JSON document, read whole. */
export const maxLegacyBytes = 256 * mebibyte;
/** The header is a short line; the first bytes tell a v1 store from a v0 document. */
const headerPeekBytes = 64 * 1024;
const progressEvery = 16_384;

export type SnapshotInfo = {
	/** 0: a legacy lowdb document (not yet migrated); 1: the current format. */
	readonly version: 0 | 1;
	/** The last journal seq the snapshot includes. */
	readonly seq: number;
	readonly identity: FileIdentity;
	readonly rows: number;
	/** Only the connections, applications and users were read (`usersOnly`). */
	readonly partial?: boolean | undefined;
	/** The tables came from the columns file beside the snapshot, not from its lines (columns-file.ts). */
	readonly fromColumns?: boolean | undefined;
};

export type SnapshotFileOptions = {
	readonly onProgress?: ((rowsLoaded: number, rowsTotal: number) => void) | undefined;
	/** The path to name in messages (the one the user gave), when `path` is its resolved form. */
	readonly displayPath?: string | undefined;
	/** Called with the header of a version 1 snapshot, before any row. */
	readonly onHeader?: ((header: SnapshotHeader) => void) | undefined;
	/** Called with each row filed as an object once it is checked, in file order (not the column tables' rows: logs, passwords, devices). */
	readonly onRow?: ((table: TableName, row: unknown) => void) | undefined;
	/** Asked between lines; a promise returned pauses the reading (see line-reader.ts). */
	readonly pace?: (() => Promise<void> | undefined) | undefined;
	/**
	 * Read the connections, applications and users only: the reading stops at
	 * the first row of another table once those are all read (they come first
	 * in every snapshot this userdeck writes). For commands that list or export
	 * users: at a million users, the rest is two thirds of the file.
	 */
	readonly usersOnly?: boolean | undefined;
	/** A full read of a snapshot at least this large writes the columns file (columns-file.ts). Default 32 MiB. */
	readonly columnsFileMinBytes?: number | undefined;
	/** A columns file's sections of at least this many bytes are checked in a worker thread (columns-file.ts). Default 64 MiB. */
	readonly columnsCheckInWorkerMinBytes?: number | undefined;
	/** Asked between the slices of writing the columns file in the background: the store's operations go first. */
	readonly gate?: Gate | undefined;
};

const defaultColumnsFileMinBytes = 32 * mebibyte;

/** The snapshot's first bytes a preview reads: a page of users and what comes before them. */
const previewHeadBytes = 1024 * 1024;

type Report = Pick<SnapshotFileOptions, 'onHeader' | 'onRow'>;

/**
 * The header and rows a load reports, each once, though up to three passes
 * report them from the start in the same order (the snapshot's first lines,
 * the columns file, the whole snapshot when the columns file does not fit):
 * a pass reports a table's row only past what the earlier passes did.
 */
class Reporter {
	readonly #options: Report;
	#header = false;
	readonly #delivered: Partial<Record<TableName, number>> = {};

	constructor(options: Report) {
		this.#options = options;
	}

	get wanted(): boolean {
		return this.#options.onHeader !== undefined || this.#options.onRow !== undefined;
	}

	/** How many rows of `table` were reported. */
	reported(table: TableName): number {
		return this.#delivered[table] ?? 0;
	}

	pass(): Report {
		const seen: Partial<Record<TableName, number>> = {};
		const {onHeader, onRow} = this.#options;
		return {
			onHeader: onHeader && (header => {
				if (!this.#header) {
					this.#header = true;
					onHeader(header);
				}
			}),
			onRow: onRow && ((table, row) => {
				const ordinal = (seen[table] ?? 0) + 1;
				seen[table] = ordinal;
				if (ordinal > (this.#delivered[table] ?? 0)) {
					this.#delivered[table] = ordinal;
					onRow(table, row);
				}
			}),
		};
	}
}

/** The tables a users-only read keeps (see `usersOnly`). */
const usersOnlyTables: readonly TableName[] = ['connections', 'clients', 'users'];

/** Whether a line is a row of one of `usersOnlyTables`: `["connections",`, `["clients",` or `["users",`. */
function isUsersOnlyRow(buffer: Buffer, start: number, end: number): boolean {
	for (const table of usersOnlyTables) {
		const prefix = `["${table}",`;
		if (end - start > prefix.length && buffer.toString('latin1', start, start + prefix.length) === prefix) {
			return true;
		}
	}

	return false;
}

export type SnapshotHeader = {readonly seq: number; readonly counts: Readonly<Record<TableName, number>>; readonly total: number};

/**
 * Where a store's users came from, when it is a copy of a tenant (`userdeck
 * pull`): the tenant's domain and when it was pulled. Kept in the header
 * (`"origin": {"tenant", "pulled_at"}`), which every compaction writes back;
 * a store without it (every store before, and any other) is the admin's own.
 * Older userdecks ignore the key, so the store stays readable by them.
 */
export type StoreOrigin = {readonly tenant: string; readonly pulled_at: string};

type Header = {seq: number; counts: Record<TableName, number>; total: number; origin?: StoreOrigin | undefined};

function originOf(value: unknown): StoreOrigin | undefined {
	if (!isPlainObject(value) || typeof value.tenant !== 'string' || typeof value.pulled_at !== 'string' || Number.isNaN(Date.parse(value.pulled_at))) {
		return undefined;
	}

	return {tenant: value.tenant, pulled_at: value.pulled_at};
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sizeText(bytes: number): string {
	return `${Math.round(bytes / mebibyte)} MiB`;
}

export class SnapshotFile implements Adapter<Tables> {
	readonly path: string;
	readonly displayPath: string;
	/** The seq the next `write` records in the header. */
	seq = 0;
	/** The origin the last read found (a pulled copy of a tenant), written back by the next `write`. */
	origin: StoreOrigin | undefined;
	/** What the last successful `read` found; undefined when the file was missing. */
	loaded: SnapshotInfo | undefined;
	readonly #onProgress: SnapshotFileOptions['onProgress'];
	readonly #options: SnapshotFileOptions;
	/** The file the sealed log events of the tables read or written last are in (sealed-log.ts). */
	#logSource: LogSource | undefined;
	/** The columns file being written after a full read, if any (columns-file.ts). */
	#columnsWrite: Promise<void> | undefined;
	#writingColumns = false;

	constructor(path: string, options: SnapshotFileOptions = {}) {
		this.path = path;
		this.displayPath = options.displayPath ?? path;
		this.#onProgress = options.onProgress;
		this.#options = options;
	}

	/** The tables, or null when there is no file. Throws StoreError for anything else it cannot use. */
	async read(): Promise<Tables | null> {
		let fh: FileHandle;
		try {
			fh = await io.open(this.path, readFlags);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
				this.loaded = undefined;
				return null;
			}

			throw ioError('load', this.displayPath, error);
		}

		try {
			const stats = await fh.stat({bigint: true});
			if (stats.isDirectory()) {
				throw new StoreError('IO', this.displayPath, `Cannot load store ${quotePath(this.displayPath)}: it is a directory, not a store file`);
			}

			if (!stats.isFile()) {
				throw new StoreError('IO', this.displayPath, `Cannot load store ${quotePath(this.displayPath)}: it is not a regular file`);
			}

			if (stats.size === 0n) {
				throw this.#corrupt('the file is empty');
			}

			const identity = identityOf(stats);
			const size = Number(stats.size);
			const kind = await this.#sniff(fh, size);
			if (kind === 'legacy') {
				const {tables, seq, rows} = await this.#readLegacy(fh, size);
				this.loaded = {version: 0, seq, identity, rows};
				this.seq = seq;
				return tables;
			}

			const source = openLogSource(this.path, this.displayPath, identity);
			let sealed = 0;
			try {
				const usersOnly = this.#options.usersOnly === true;
				const hasColumns = source !== undefined && await io.stat(`${this.path}${columnsSuffix}`).then(() => true, () => false);
				const reporter = new Reporter(this.#options);
				if (hasColumns && reporter.wanted) {
					// The first page from the snapshot's first lines, before the columns file is read (a second at a million users).
					await this.#previewHead(fh, reporter);
				}

				const restored = hasColumns && await readColumnsFile(this.path, identity, source!, {
					usersOnly, pace: this.#options.pace, checkInWorkerMinBytes: this.#options.columnsCheckInWorkerMinBytes, ...reporter.pass(),
				});
				if (restored) {
					sealed = 1;
					this.#onProgress?.(restored.rows, restored.header.total);
					this.loaded = {version: 1, seq: restored.header.seq, identity, rows: restored.rows, partial: usersOnly || undefined, fromColumns: true};
					this.seq = restored.header.seq;
					this.origin = restored.header.origin;
					this.#logSource?.close();
					this.#logSource = source;
					return restored.tables;
				}

				const read = await this.#readCurrent(fh, source, reporter.pass());
				sealed = read.sealed;
				this.loaded = {version: 1, seq: read.seq, identity, rows: read.rows, partial: read.partial};
				this.seq = read.seq;
				this.origin = read.origin;
				if (sealed > 0) {
					this.#logSource?.close();
					this.#logSource = source;
				}

				// What this read filed, kept for the next one (columns-file.ts); taken before the journal changes the tables.
				const worthIt = size >= (this.#options.columnsFileMinBytes ?? defaultColumnsFileMinBytes);
				const image = source && worthIt && sealed > 0 && !read.partial && read.index ? takeImage(read.tables, source, identity, read.header, read.index) : undefined;
				if (image) {
					this.#writingColumns = true;
					this.#columnsWrite = writeColumnsFile(this.path, image, this.#options.gate).catch(() => {
						// A cache: the next load reads the snapshot whole again.
					}).finally(() => {
						this.#writingColumns = false;
					});
				} else if (hasColumns && !read.partial) {
					// The one there did not fit (another snapshot's, or damaged): every load would read it and refuse it.
					this.#columnsWrite = io.unlink(`${this.path}${columnsSuffix}`).catch(() => {});
				}

				return read.tables;
			} finally {
				if (sealed === 0) {
					source?.close();
				}
			}
		} catch (error) {
			throw ioError('load', this.displayPath, error);
		} finally {
			await fh.close().catch(() => {});
		}
	}

	/** Whether the columns file a full read started writing is still being written. */
	get writingColumns(): boolean {
		return this.#writingColumns;
	}

	/** Settles once the columns file a full read started writing is written (or given up): a store waits for it when it closes. */
	async columnsWritten(): Promise<void> {
		await this.#columnsWrite;
	}

	/** Closes the file sealed log events are read from: call once the tables read are no longer used. */
	close(): void {
		this.#logSource?.close();
		this.#logSource = undefined;
	}

	/** Replaces the file atomically with `tables` as a version 1 snapshot at `this.seq`. */
	async write(tables: Tables): Promise<void> {
		if (this.loaded?.partial) {
			// Never: it would write a store without the tables the read left out.
			throw new Error(`Cannot write store ${quotePath(this.displayPath)}: it was read for its users only`);
		}

		let moved: SealedMoves;
		try {
			moved = await writeSnapshotFile(this.path, tables, this.seq, this.displayPath, this.origin);
		} catch (error) {
			// Operating-system errors become StoreErrors; a bug upstream keeps its own message.
			throw ioError('write', this.displayPath, error);
		}

		await this.#moveSealed(moved);
	}

	// The sealed events now read from the new file, so the old one's space is
	// given back once it is closed. If the new file cannot be opened, they stay
	// where they are: the old file is still open and holds the same bytes.
	async #moveSealed(moved: SealedMoves): Promise<void> {
		if (moved.rows.length === 0 && moved.tables.every(({table}) => !table.readsFile)) {
			return;
		}

		let source: LogSource | undefined;
		try {
			source = openLogSource(this.path, this.displayPath, identityOf(await io.stat(this.path, {bigint: true})));
		} catch {}

		if (!source) {
			return;
		}

		for (const [index, row] of moved.rows.entries()) {
			row.moveTo(source, moved.offsets[index]!);
		}

		for (const {table, offsets} of moved.tables) {
			table.moveTo(source, offsets);
		}

		this.#logSource?.close();
		this.#logSource = source;
	}

	#corrupt(problem: string): StoreError {
		return loadError('CORRUPT', this.displayPath, problem);
	}

	// A v1 store starts with a one-line header object carrying "format". A
	// legacy document starts with "{" and has no such header.
	async #sniff(fh: FileHandle, size: number): Promise<'current' | 'legacy'> {
		const peek = Buffer.alloc(Math.min(size, headerPeekBytes));
		const {bytesRead} = await fh.read(peek, 0, peek.length, 0);
		const head = peek.subarray(0, bytesRead);
		const newline = head.indexOf(10);
		const firstLine = head.subarray(0, newline === -1 ? head.length : newline);
		const startsLikeObject = /^\s*\{/.test(firstLine.subarray(0, 64).toString('latin1'));
		if (newline === -1 && bytesRead < size) {
			// A header is never this long; only a one-line legacy document is.
			return startsLikeObject ? 'legacy' : 'current';
		}

		let value: unknown;
		try {
			value = JSON.parse(firstLine.toString('utf8'));
		} catch {
			// A damaged v1 header still says "format"; a pretty-printed v0 document starts with a bare "{".
			const looksLikeHeader = firstLine.includes('"format"');
			return startsLikeObject && !looksLikeHeader && !firstLine.includes(0) ? 'legacy' : 'current';
		}

		return isPlainObject(value) && !Object.hasOwn(value, 'format') ? 'legacy' : 'current';
	}

	/**
	 * Reports the header and the rows of the snapshot's first lines (up to a
	 * page of users: load-preview.ts), as a full read would report them first.
	 */
	async #previewHead(fh: FileHandle, reporter: Reporter): Promise<void> {
		const {onHeader, onRow} = reporter.pass();
		let header = false;
		const head = Buffer.alloc(previewHeadBytes);
		const {bytesRead} = await fh.read(head, 0, head.length, 0);
		let start = 0;
		try {
			for (let end = head.indexOf(10, start); end !== -1 && end < bytesRead && reporter.reported('users') < previewRows; end = head.indexOf(10, start)) {
				const line = head.subarray(start, end);
				start = end + 1;
				if (!header) {
					onHeader?.(this.#parseHeader(JSON.parse(line.toString('utf8')), ''));
					header = true;
					continue;
				}

				const scanned = scanUserLine(line, 0, line.length);
				const value: unknown = scanned ? ['users', scanned.columns] : JSON.parse(line.toString('utf8'));
				const table: unknown = Array.isArray(value) ? value[0] : undefined;
				if (!isTableName(table) || !usersOnlyTables.includes(table)) {
					break;
				}

				onRow?.(table, (value as unknown[])[1]);
			}
		} catch {
			// Not a line a preview can show: the read reports it.
		}
	}

	async #readCurrent(fh: FileHandle, source: LogSource | undefined, report: Pick<SnapshotFileOptions, 'onHeader' | 'onRow'>): Promise<{tables: Tables; seq: number; rows: number; sealed: number; origin: StoreOrigin | undefined; partial?: boolean; header: Header; index: UserIdIndex | undefined}> {
		const tables: Tables = emptyTables();
		const found: Record<TableName, number> = {users: 0, connections: 0, clients: 0, logs: 0, devices: 0, passwords: 0, tickets: 0};
		// Compiled when a table's first row comes: users show before logs' is needed.
		const validators: Partial<Record<TableName, ReturnType<typeof validatorOf>>> = {};

		const onProgress = this.#onProgress;
		const {pace} = this.#options;
		const {onHeader, onRow} = report;
		let header: Header | undefined;
		let trailer: {rows: number; line: number} | undefined;
		let rows = 0;
		let sealedRows = 0;
		// Users come before the rows that name them: those keep the users table's
		// string, not a copy each (15 MB of 136 at 100k users). The lookup is
		// most of its cost; a user's devices come one after another.
		let lastId: string | undefined;
		let lastKey = '';
		const intern = (userId: string): string => {
			if (userId !== lastId) {
				lastId = userId;
				lastKey = tables.users.get(userId)?.user_id ?? userId;
			}

			return lastKey;
		};

		// Names repeat (160,000 distinct among the demo's million users): one string
		// each, not one per user, for the load's users. Capped: a store of
		// a million distinct names gains nothing from a map of them.
		const names = new Map<string, string>();
		const internName = (name: string): string => {
			const known = names.get(name);
			if (known !== undefined) {
				return known;
			}

			if (names.size < maxInternedNames) {
				names.set(name, name);
			}

			return name;
		};

		/** The column tables' numbering of users, made with them; users are numbered as they are filed (user-id-index.ts). */
		let userNumbers: UserIdIndex | undefined;
		const file = (table: TableName, key: string, row: unknown, line: number): void => {
			if (table === 'users') {
				userNumbers?.add(key);
			}

			const map = tables[table] as Map<string, unknown>;
			// One hash of the key, not two (has, then set): a repeated key leaves the size
			// as it was, and the file is refused, so the row it replaced does not matter.
			// (A column table keeps a replaced row's place, and its size too.)
			const size = map.size;
			map.set(key, row);
			if (map.size === size) {
				throw this.#corrupt(`line ${line}: ${table}[${found[table]}] has the same ${keyFields[table]} as an earlier row (${quote(key)})`);
			}

			onRow?.(table, row);
			counted(table);
		};

		const counted = (table: TableName): void => {
			found[table]++;
			rows++;
			if (onProgress && rows % progressEvery === 0) {
				onProgress(rows, header!.total);
			}
		};

		const usersOnly = this.#options.usersOnly === true;
		/** The column tables, once the header has said how many rows to expect (column-table.ts), the most common first. */
		let columns: Array<['logs', LogTable] | ['passwords', PasswordTable] | ['devices', DeviceTable]> | undefined;
		const onLine = (buffer: Buffer, start: number, end: number, line: number, offset: number): false | undefined => {
			if (usersOnly && header && usersOnlyTables.every(table => found[table] === header!.counts[table]) && !isUsersOnlyRow(buffer, start, end)) {
				// Every row a users-only read keeps is read: the rest is not.
				return false;
			}

			if (trailer) {
				throw this.#corrupt(`line ${line}: unexpected data after the end marker on line ${trailer.line}`);
			}

			if (start === end) {
				throw this.#corrupt(`line ${line} is empty`);
			}

			const bytes = buffer.subarray(start, end);
			if (!isUtf8(bytes)) {
				throw this.#corrupt(`line ${line} is not valid UTF-8`);
			}

			// Most lines are log events, password records and devices: filed as their
			// tables' columns, read when asked for (column-table.ts).
			if (columns !== undefined) {
				for (const [table, rows] of columns) {
					const filed = rows.fileLine(buffer, start, end, offset, intern);
					if (filed.kind === 'filed') {
						counted(table);
						sealedRows++;
						return;
					}

					if (filed.kind === 'duplicate') {
						throw this.#corrupt(`line ${line}: ${table}[${found[table]}] has the same ${keyFields[table]} as an earlier row (${quote(filed.key)})`);
					}
				}
			}

			// Users are filed by their list columns, parsed when their profile is read (sealed-user.ts).
			const scanned = header && source && scanUserLine(buffer, start, end, internName);
			if (scanned) {
				file('users', scanned.columns.user_id, new ScannedUser(scanned.columns, source, offset + scanned.objectStart, scanned.objectLength), line);
				sealedRows++;
				return;
			}

			const text = bytes.toString('utf8');
			let value: unknown;
			try {
				value = JSON.parse(text);
			} catch {
				throw this.#corrupt(line === 1
					? `line 1 is not a userdeck store header (found ${quote(text, 40)})`
					: `line ${line} is not valid JSON (found ${quote(text, 40)})`);
			}

			if (!header) {
				header = this.#parseHeader(value, text);
				if (source && !usersOnly) {
					userNumbers = new UserIdIndex(header.counts.users);
					const logs = new LogTable(source, header.counts.logs, userNumbers);
					const passwords = new PasswordTable(source, header.counts.passwords, userNumbers);
					const devices = new DeviceTable(source, header.counts.devices, userNumbers);
					columns = [['logs', logs], ['passwords', passwords], ['devices', devices]];
					tables.logs = logs;
					tables.passwords = passwords;
					tables.devices = devices;
				}

				onHeader?.(header);
				return;
			}

			if (Array.isArray(value)) {
				if (value.length !== 2) {
					throw this.#corrupt(`line ${line}: a row must be ["table", {…}], found an array of ${value.length}`);
				}

				const table: unknown = value[0];
				const row: unknown = value[1];
				if (!isTableName(table)) {
					throw this.#corrupt(`line ${line}: unknown table ${quote(table)}`);
				}

				const problem = rowProblem(table, row, validators[table] ??= validatorOf(table));
				if (problem !== undefined) {
					throw this.#corrupt(`line ${line}: ${table}[${found[table]}]${problem}`);
				}

				file(table, (keyOf[table] as (row: unknown) => string)(row), row, line);
				return;
			}

			if (isPlainObject(value) && value.end === true) {
				if (!Number.isSafeInteger(value.rows)) {
					throw this.#corrupt(`line ${line}: the end marker has no row count`);
				}

				trailer = {rows: value.rows as number, line};
				return;
			}

			throw this.#corrupt(`line ${line}: expected a row ["table", {…}] or the end marker, found ${quote(text, 40)}`);
		};

		let result = await readLines(fh, {
			maxLineBytes: maxSnapshotLineBytes,
			onLine,
			onTooLong: line => this.#corrupt(`line ${line} is longer than ${sizeText(maxSnapshotLineBytes)}`),
			onNul: line => this.#corrupt(`line ${line} contains a NUL byte`),
			pace,
		});
		// The writer ends every line with a newline, but a complete trailer without one is still complete.
		if (result.tail && !result.stopped && onLine(result.tail, 0, result.tail.length, result.nextLine, result.end) === false) {
			result = {...result, stopped: true};
		}

		if (!header) {
			throw this.#corrupt('the file is empty');
		}

		sealColumns(tables);

		if (result.stopped) {
			// A users-only read: the tables it keeps are complete (checked before it stopped); the rest is not read.
			onProgress?.(rows, header.total);
			return {tables, seq: header.seq, rows, sealed: sealedRows, origin: header.origin, partial: true, header, index: userNumbers};
		}

		if (!trailer) {
			const last = result.nextLine - (result.tail ? 0 : 1);
			throw this.#corrupt(`the file is truncated: it ends at line ${last} without the end marker`);
		}

		for (const table of tableNames) {
			if (found[table] !== header.counts[table]) {
				throw this.#corrupt(`the file is truncated or damaged: the header announces ${header.counts[table]} ${table} but ${found[table]} were found`);
			}
		}

		if (trailer.rows !== rows) {
			throw this.#corrupt(`the file is truncated or damaged: the end marker announces ${trailer.rows} rows but ${rows} were found`);
		}

		onProgress?.(rows, header.total);
		return {tables, seq: header.seq, rows, sealed: sealedRows, origin: header.origin, header, index: userNumbers};
	}

	#parseHeader(value: unknown, text: string): Header {
		if (!isPlainObject(value) || value.format !== snapshotFormat) {
			throw this.#corrupt(`line 1 is not a userdeck store header (found ${quote(text, 40)})`);
		}

		const {version} = value;
		if (!Number.isSafeInteger(version) || (version as number) < 1) {
			throw this.#corrupt(`line 1: invalid format version ${quote(version)}`);
		}

		if ((version as number) > snapshotVersion) {
			throw new StoreError('VERSION', this.displayPath, `Cannot load store ${quotePath(this.displayPath)}: it was written by a newer userdeck (store format version ${version as number}; this userdeck reads up to version ${snapshotVersion}). Upgrade userdeck to open it.`);
		}

		const {seq, counts} = value;
		if (!Number.isSafeInteger(seq) || (seq as number) < 0) {
			throw this.#corrupt(`line 1: invalid seq ${quote(seq)}`);
		}

		if (typeof value.written_at !== 'string') {
			throw this.#corrupt('line 1: the header has no written_at');
		}

		if (!isPlainObject(counts)) {
			throw this.#corrupt('line 1: the header has no counts');
		}

		const parsed = {} as Record<TableName, number>;
		let total = 0;
		for (const [name, count] of Object.entries(counts)) {
			if (!isTableName(name)) {
				throw this.#corrupt(`line 1: the header counts an unknown table ${quote(name)}`);
			}

			if (!Number.isSafeInteger(count) || (count as number) < 0) {
				throw this.#corrupt(`line 1: invalid count for ${name}: ${quote(count)}`);
			}
		}

		for (const table of tableNames) {
			const count = (Object.hasOwn(counts, table) ? counts[table] : 0) as number;
			parsed[table] = count;
			total += count;
		}

		return {seq: seq as number, counts: parsed, total, origin: originOf(value.origin)};
	}

	// Version 0: `{"users":[…],"connections":[…],…}` as lowdb's JSONFile wrote it.
	async #readLegacy(fh: FileHandle, size: number): Promise<{tables: Tables; seq: number; rows: number}> {
		if (size > maxLegacyBytes) {
			throw this.#corrupt(`it looks like a version 0 store (one JSON document) but is larger than ${sizeText(maxLegacyBytes)}`);
		}

		const buffer = Buffer.allocUnsafe(size);
		let offset = 0;
		while (offset < size) {
			const {bytesRead} = await fh.read(buffer, offset, size - offset, offset);
			if (bytesRead === 0) {
				break;
			}

			offset += bytesRead;
		}

		const bytes = buffer.subarray(0, offset);
		if (!isUtf8(bytes)) {
			throw this.#corrupt('it is not valid UTF-8');
		}

		let document: unknown;
		try {
			document = JSON.parse(bytes.toString('utf8'));
		} catch (error) {
			const position = /position (\d+)/.exec((error as Error).message)?.[1];
			const line = position === undefined ? undefined : bytes.toString('utf8').slice(0, Number(position)).split('\n').length;
			throw this.#corrupt(`it is not valid JSON${line === undefined ? '' : ` (line ${line})`}`);
		}

		// lowdb's default data is any object; ours has at least one of our tables (or says version 0).
		if (!isPlainObject(document) || !Object.keys(document).some(name => name === 'version' || isTableName(name))) {
			throw this.#corrupt('line 1 is not a userdeck store header, nor a version 0 store');
		}

		const tables: Tables = emptyTables();
		let rows = 0;
		for (const [name, value] of Object.entries(document)) {
			if (name === 'version') {
				if (value !== 0) {
					throw this.#corrupt(`invalid version ${quote(value)} in a version 0 store`);
				}

				continue;
			}

			if (!isTableName(name)) {
				throw this.#corrupt(`unknown table ${quote(name)}`);
			}

			if (!Array.isArray(value)) {
				throw this.#corrupt(`${name} must be an array`);
			}

			const validate = validatorOf(name);
			const map = tables[name] as Map<string, unknown>;
			for (const [index, row] of value.entries()) {
				const problem = rowProblem(name, row, validate);
				if (problem !== undefined) {
					throw this.#corrupt(`${name}[${index}]${problem}`);
				}

				const key = (keyOf[name] as (row: unknown) => string)(row);
				if (map.has(key)) {
					throw this.#corrupt(`${name}[${index}] has the same ${keyFields[name]} as an earlier row (${quote(key)})`);
				}

				map.set(key, row);
				rows++;
			}
		}

		sealColumns(tables);
		return {tables, seq: 0, rows};
	}
}

/**
 * Writes `tables` as a fresh version 1 snapshot, atomically and durably.
 * Every row is checked first-hand: a bug upstream throws a TypeError here
 * instead of producing a file that the next open would refuse.
 */
export async function writeSnapshotFile(path: string, tables: Tables, seq: number, displayPath = path, origin?: StoreOrigin): Promise<SealedMoves> {
	if (!Number.isSafeInteger(seq) || seq < 0) {
		throw new TypeError(`Invalid snapshot seq: ${seq}`);
	}

	const counts = {} as Record<TableName, number>;
	let total = 0;
	for (const table of tableNames) {
		counts[table] = tables[table].size;
		total += tables[table].size;
	}

	const header = {format: snapshotFormat, version: snapshotVersion, seq, written_at: new Date().toISOString(), counts, ...(origin ? {origin} : {})};
	const moved: SealedMoves = {rows: [], offsets: [], tables: []};
	await writeFileAtomic(path, async writer => {
		await writer.write(`${JSON.stringify(header)}\n`);
		for (const table of tableNames) {
			const validate = validatorOf(table);
			const keyOfRow = keyOf[table] as (row: unknown) => string;
			const prefix = `[${JSON.stringify(table)},`;
			let written = 0;
			const rows = tables[table] as Map<string, unknown>;
			const writeRow = async (key: string, row: unknown): Promise<void> => {
				// A sealed row is written back as it was read: it is checked when read (sealed-bytes.ts).
				const sealed = row instanceof SealedBytes ? row : undefined;
				const problem = sealed ? undefined : rowProblem(table, row, validate);
				if (problem !== undefined) {
					throw new TypeError(`Cannot write store ${quotePath(displayPath)}: ${table} row ${quote(key)}${problem}`);
				}

				if (keyOfRow(row) !== key) {
					throw new TypeError(`Cannot write store ${quotePath(displayPath)}: ${table} row ${quote(keyOfRow(row))} is filed under the key ${quote(key)}`);
				}

				let json: string | undefined;
				if (sealed) {
					json = sealed.json(true);
					if (json === undefined) {
						throw new Error(`Cannot write store ${quotePath(displayPath)}: ${table} row ${quote(key)} is no longer in the store file it was read from`);
					}

					moved.rows.push(sealed);
					moved.offsets.push(writer.bytes + prefix.length);
				} else {
					json = JSON.stringify(row);
				}

				const pending = writer.write(`${prefix}${json}]\n`);
				if (pending) {
					await pending;
				}

				written++;
			};

			if (rows instanceof ColumnTable) {
				// Rows read from the snapshot are copied as they are, without making each an object (column-table.ts).
				const moves: {table: ColumnTable<never>; offsets: Float64Array} = {table: rows as ColumnTable<never>, offsets: new Float64Array(0)};
				for (const next of (rows as ColumnTable<never>).rowsToWrite()) {
					if (next.kind === 'row') {
						await writeRow(next.key, next.value);
						continue;
					}

					if (moves.offsets.length <= next.row) {
						moves.offsets = growOffsets(moves.offsets, next.row + 1);
					}

					moves.offsets[next.row] = writer.bytes + prefix.length;
					const pending = writer.write(`${prefix}${next.json}]\n`);
					if (pending) {
						await pending;
					}

					written++;
				}

				moved.tables.push(moves);
			} else {
				for (const [key, row] of rows) {
					await writeRow(key, row);
				}
			}

			if (written !== counts[table]) {
				throw new Error(`Cannot write store ${quotePath(displayPath)}: the ${table} table changed while it was being written`);
			}
		}

		await writer.write(`${JSON.stringify({end: true, rows: total})}\n`);
	});
	return moved;
}

/** The sealed rows a snapshot write copied, and where each now starts in the new file. */
export type SealedMoves = {
	readonly rows: SealedBytes[];
	readonly offsets: number[];
	/** Column tables whose base rows were copied: where row r now starts, at offsets[r]. */
	readonly tables: Array<{table: ColumnTable<never>; offsets: Float64Array}>;
};

function growOffsets(offsets: Float64Array, at: number): Float64Array {
	const larger = new Float64Array(Math.max(at, offsets.length * 2, 1024));
	larger.set(offsets);
	return larger;
}

/**
 * The logs, passwords and devices tables as column tables (column-table.ts),
 * their load done: those a snapshot read filed, or ones made of the rows read
 * otherwise (a legacy store, a users-only read, no second descriptor).
 */
export function sealColumns(tables: Tables): void {
	if (tables.logs instanceof LogTable) {
		tables.logs.seal();
	} else {
		tables.logs = LogTable.from(tables.logs);
	}

	if (tables.passwords instanceof PasswordTable) {
		tables.passwords.seal();
	} else {
		tables.passwords = PasswordTable.from(tables.passwords);
	}

	if (tables.devices instanceof DeviceTable) {
		tables.devices.seal();
	} else {
		tables.devices = DeviceTable.from(tables.devices);
	}
}

/** A source for sealed events, or undefined to parse every event (the file changed, or cannot be opened twice). */
function openLogSource(path: string, displayPath: string, identity: FileIdentity): LogSource | undefined {
	try {
		return LogSource.open(path, displayPath, identity);
	} catch {
		return undefined;
	}
}
