// The columns file: what a load of the snapshot filed, kept beside it so the
// next load reads it in one piece instead of filing every line again (issue 19).
//
// A load of a million users' snapshot reads 2.5 GB and files 5 million lines:
// each user's list columns, each log event's, password's and device's place
// in the file, user and key hash (sealed-user.ts, column-table.ts). That took
// 17 seconds of the 20 before a sorted list showed. What it produces is a few
// typed arrays and the users' column strings: about 250 MB, read in a few
// hundred milliseconds.
//
// So after a load that filed the whole snapshot, the loading process writes
// what it filed to `<store>-columns` (atomically, 0600, like every file of the
// store), in slices in the background. The next load of the same snapshot
// reads that instead, then replays the journal as always. The file names the
// snapshot it was made from by its identity (device, inode, size, change
// times: file-identity.ts): a compaction's new snapshot, a copy, a restore
// from backup, anything else is another file, and its columns file is not
// used. A CRC-32 of each section catches damage (a users-only read checks
// and reads only the sections it uses). Any file that does not
// fit (missing, stale, damaged, of a newer format, unreadable) means the full
// read of today, which writes it again: it is a cache, never the data.
//
// What is in it, all little-endian, each section 8-byte aligned:
// - a magic line and a JSON header: the format version, the snapshot's
//   identity, seq, origin and row counts, and the sections' places;
// - the users numbering shared by the column tables (user-id-index.ts);
// - the users table in Map order: each user's id (by number, or its own
//   string when the numbering has none), email, name (from a dictionary:
//   names repeat), created_at, last_login, username, connections (from a
//   dictionary), logins_count, blocked and where its JSON is in the snapshot;
// - each user's place in the order of each column the Users list sorts by
//   (ties by user_id; `keptSortFields` in list/user-order.ts), as the list
//   sorts them: the next load's users carry them (ListUser placeIn) and a
//   sort by any of them is one pass instead of a million comparisons;
// - the logs, passwords and devices tables' base columns (ColumnImage);
// - the connections, clients and tickets rows as JSON (few, small).
// Strings are kept as one UTF-8 block per column and cut by UTF-16 offsets:
// an ASCII block from its bytes until a sort or scan asks for many, then
// decoded whole; any other block decoded whole at load. One decode per column
// at most, not one per user.
import {Buffer, isAscii} from 'node:buffer';
import type {FileHandle} from 'node:fs/promises';
import {setImmediate as nextTurn} from 'node:timers/promises';
import {emptyTables, keyOf, type Tables, type TableName, tableNames} from './tables.js';
import {writeFileAtomic} from './atomic-file.js';
import {CrcChecker, crcOf} from './crc-checker.js';
import type {ColumnImage} from './column-table.js';
import {type FileIdentity, identityAt, sameFile} from './file-identity.js';
import {io} from './io.js';
import {LogTable} from './log-table.js';
import {type Gate, runInTurns} from './pacer.js';
import {DeviceTable, PasswordTable} from './record-table.js';
import type {LogSource} from './sealed-log.js';
import type {User} from '../domain/types.js';
import {keptOrders, keptSortFields} from '../list/user-order.js';
import type {SortField} from '../domain/sort.js';
import {connectionsOf, isSealedUser, type SealedUser, type UserColumns} from './sealed-user.js';
import type {SnapshotHeader, StoreOrigin} from './snapshot-file.js';
import {type IdColumn, UserIdIndex} from './user-id-index.js';
import {UsersTable} from './users-table.js';
import {
	blockedFalse, blockedTrue, ColumnUser, hasEmail, hasLastLogin, hasName, hasUsername, parsedWhole, type UserRows,
} from './column-users.js';

export const columnsSuffix = '-columns';
const magic = Buffer.from('userdeck-columns\n', 'latin1');
export const columnsVersion = 4;

/**
 * The collation the kept name order was made with: Intl's, by ICU and
 * Unicode version. A load under another keeps the columns but not that order.
 */
function collationVersion(): string {
	return `icu ${process.versions.icu ?? '-'} unicode ${process.versions.unicode ?? '-'}`;
}

/** Users encoded per slice of the background write: a few milliseconds' work. */
const usersPerSlice = 8192;
/** The sort fields whose order is the collator's (domain/sort.ts compareUsers). */
const collated: ReadonlySet<SortField> = new Set(['name', 'connection']);
/** Sections to check below this many bytes are checked on the main thread: a worker's start (25 ms) would cost more than it saves. */
const defaultCheckInWorkerMinBytes = 64 * 1024 * 1024;

type Typed = Float64Array | Uint32Array | Int32Array | Uint8Array;
const typeNames = {f64: Float64Array, u32: Uint32Array, i32: Int32Array, u8: Uint8Array} as const;
type TypeName = keyof typeof typeNames;

function typeNameOf(array: Typed): TypeName {
	if (array instanceof Float64Array) {
		return 'f64';
	}

	if (array instanceof Uint32Array) {
		return 'u32';
	}

	return array instanceof Int32Array ? 'i32' : 'u8';
}

/** Where a section is (from the end of the header), its element type and count, and a CRC-32 of its bytes. */
type SectionPlace = {readonly name: string; readonly type: TypeName; readonly offset: number; readonly length: number; readonly crc: number};

type Header = {
	readonly version: number;
	readonly snapshot: Readonly<Record<keyof FileIdentity, string>>;
	readonly seq: number;
	readonly origin?: StoreOrigin | undefined;
	readonly counts: Readonly<Record<TableName, number>>;
	readonly total: number;
	/** What the kept orders (`users.order.*`) were made with (collationVersion). */
	readonly collation: string;
	readonly sections: readonly SectionPlace[];
};


/** What a full load filed, taken when it finished (before the journal's changes). */
export type LoadImage = {
	readonly identity: FileIdentity;
	readonly header: SnapshotHeader & {readonly origin?: StoreOrigin | undefined};
	/** In the table's order: sealed, or parsed whole at load (a line not in the canonical form). */
	readonly users: ReadonlyArray<SealedUser | User>;
	/** Each user's offset when the image was taken (a compaction moves them later). */
	readonly userOffsets: Float64Array;
	readonly index: ReturnType<UserIdIndex['image']>;
	readonly columns: Readonly<Record<'logs' | 'passwords' | 'devices', ColumnImage>>;
	readonly small: {readonly connections: readonly unknown[]; readonly clients: readonly unknown[]; readonly tickets: readonly unknown[]};
};

/**
 * The image of tables a full load of `source`'s snapshot just made, or
 * undefined when they are not all as a load leaves them (a table made
 * otherwise, a user read from another file).
 */
export function takeImage(tables: Tables, source: LogSource, identity: FileIdentity, header: LoadImage['header'], index: UserIdIndex): LoadImage | undefined {
	const logs = tables.logs instanceof LogTable ? tables.logs.image() : undefined;
	const passwords = tables.passwords instanceof PasswordTable ? tables.passwords.image() : undefined;
	const devices = tables.devices instanceof DeviceTable ? tables.devices.image() : undefined;
	if (!logs || !passwords || !devices) {
		return undefined;
	}

	const users: Array<SealedUser | User> = [];
	const userOffsets = new Float64Array(tables.users.size);
	for (const user of tables.users.values()) {
		if (isSealedUser(user)) {
			if (!user.readsFrom(source)) {
				return undefined;
			}

			userOffsets[users.length] = user.byteOffset;
		}

		users.push(user);
	}

	return {
		identity,
		header,
		users,
		userOffsets,
		index: index.image(),
		columns: {logs, passwords, devices},
		small: {connections: [...tables.connections.values()], clients: [...tables.clients.values()], tickets: [...tables.tickets.values()]},
	};
}

/** Strings of one column, joined; `ends[i]` is where string i ends, in UTF-16 units. */
class StringColumn {
	readonly ends: Uint32Array;
	#parts: string[] = [];
	#length = 0;
	#count = 0;

	constructor(rows: number) {
		this.ends = new Uint32Array(rows);
	}

	add(text: string): void {
		this.#parts.push(text);
		this.#length += text.length;
		this.ends[this.#count++] = this.#length;
	}

	/** The UTF-8 bytes of the strings, encoded a slice at a time (waiting for `gate` between them). */
	async bytes(gate?: Gate): Promise<Buffer> {
		const chunks: Buffer[] = [];
		for (let start = 0; start < this.#parts.length; start += usersPerSlice) {
			chunks.push(Buffer.from(this.#parts.slice(start, start + usersPerSlice).join(''), 'utf8'));
			// eslint-disable-next-line no-await-in-loop
			await turn(gate);
		}

		return Buffer.concat(chunks);
	}
}

/** Strings a column gives from its bytes before it is decoded whole: a screen's worth many times over, not a sort's. */
const defaultCutsBeforeDecoding = 50_000;

/**
 * A string column, each string cut when asked for (`ends` are UTF-16
 * offsets). A block of ASCII (the ids, emails and dates of most stores) is
 * not decoded at load: a string is cut from its bytes, one byte a character,
 * until the column has been asked for more than `cutsBeforeDecoding` of them
 * (a sort or a scan reads them all); then it is decoded whole, as Latin-1, and
 * cut from that. Other blocks are decoded whole as UTF-8 at load.
 */
export class StringColumnReader implements IdColumn {
	/** The bytes of an ASCII block not decoded yet. */
	#bytes: Buffer | undefined;
	#text = '';
	readonly #ends: Uint32Array;
	#cuts = 0;
	readonly #cutsBeforeDecoding: number;

	constructor(block: Uint8Array, ends: Uint32Array, cutsBeforeDecoding = defaultCutsBeforeDecoding) {
		this.#cutsBeforeDecoding = cutsBeforeDecoding;
		const bytes = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
		let textLength: number;
		if (isAscii(bytes)) {
			this.#bytes = bytes;
			textLength = bytes.length;
		} else {
			this.#text = bytes.toString('utf8');
			textLength = this.#text.length;
		}

		let start = 0;
		for (let index = 0; index < ends.length; index++) {
			const end = ends[index]!;
			if (end < start || end > textLength) {
				throw new Error('a string column ends out of order');
			}

			start = end;
		}

		this.#ends = ends;
	}

	get length(): number {
		return this.#ends.length;
	}

	at(index: number): string {
		const start = index === 0 ? 0 : this.#ends[index - 1]!;
		const end = this.#ends[index]!;
		if (this.#bytes !== undefined) {
			if (++this.#cuts <= this.#cutsBeforeDecoding) {
				return this.#bytes.toString('latin1', start, end);
			}

			this.#text = this.#bytes.toString('latin1');
			this.#bytes = undefined;
		}

		return this.#text.slice(start, end);
	}

	/** Whether string `index` is `text`, compared in place. */
	is(index: number, text: string): boolean {
		const start = index === 0 ? 0 : this.#ends[index - 1]!;
		if (this.#ends[index]! - start !== text.length) {
			return false;
		}

		const bytes = this.#bytes;
		if (bytes === undefined) {
			return this.#text.startsWith(text, start);
		}

		for (let at = 0; at < text.length; at++) {
			if (bytes[start + at] !== text.charCodeAt(at)) {
				return false;
			}
		}

		return true;
	}

	/** Whether string `index` is the Latin-1 text of `buffer`'s bytes [from, to), compared in place. */
	isBytes(index: number, buffer: Uint8Array, from: number, to: number): boolean {
		const start = index === 0 ? 0 : this.#ends[index - 1]!;
		const length = to - from;
		if (this.#ends[index]! - start !== length) {
			return false;
		}

		const bytes = this.#bytes;
		for (let at = 0; at < length; at++) {
			if ((bytes === undefined ? this.#text.charCodeAt(start + at) : bytes[start + at]) !== buffer[from + at]) {
				return false;
			}
		}

		return true;
	}

	/** Every string, in order. */
	all(): string[] {
		const strings = new Array<string>(this.#ends.length);
		for (let index = 0; index < strings.length; index++) {
			strings[index] = this.at(index);
		}

		return strings;
	}
}


/** A turn of the event loop, then `gate`'s wait if it has one (the columns file is written in the background). */
async function turn(gate: Gate | undefined): Promise<void> {
	await nextTurn();
	await gate?.();
}

/** The sections of the columns file for `image`, built in slices (a turn and `gate` between them). */
async function sectionsOf(image: LoadImage, gate: Gate | undefined): Promise<Array<[string, Typed]>> {
	const {users, index} = image;
	const count = users.length;
	const numbers = new Int32Array(count);
	const lone = new StringColumn(count);
	const emails = new StringColumn(count);
	const names = new Uint32Array(count);
	const nameList = new StringColumn(count);
	const nameNumbers = new Map<string, number>();
	const created = new StringColumn(count);
	const lastLogins = new StringColumn(count);
	const usernames = new StringColumn(count);
	const connections = new Uint32Array(count);
	const connectionLists: Array<readonly string[]> = [];
	const connectionNumbers = new Map<UserColumns['identities'] | string, number>();
	const logins = new Float64Array(count);
	const flags = new Uint8Array(count);
	const lengths = new Uint32Array(count);
	const whole: User[] = [];
	let numbered = 0;
	for (let user = 0; user < count; user++) {
		if (user % usersPerSlice === usersPerSlice - 1) {
			// eslint-disable-next-line no-await-in-loop
			await turn(gate);
		}

		const columns = users[user]!;
		// Users are numbered as they are filed, in this order; one whose id is not printable ASCII has no number.
		if (index.ids[numbered] === columns.user_id) {
			numbers[user] = numbered++;
			lone.add('');
		} else {
			numbers[user] = -1;
			lone.add(columns.user_id);
		}

		let flag = 0;
		if (isSealedUser(columns)) {
			lengths[user] = columns.byteLength;
		} else {
			flag |= parsedWhole;
			whole.push(columns);
		}

		emails.add(columns.email ?? '');
		flag |= columns.email === undefined ? 0 : hasEmail;
		if (columns.name !== undefined) {
			flag |= hasName;
			let number = nameNumbers.get(columns.name);
			if (number === undefined) {
				number = nameNumbers.size;
				nameNumbers.set(columns.name, number);
				nameList.add(columns.name);
			}

			names[user] = number;
		}

		created.add(columns.created_at);
		lastLogins.add(columns.last_login ?? '');
		flag |= columns.last_login === undefined ? 0 : hasLastLogin;
		usernames.add(columns.username ?? '');
		flag |= columns.username === undefined ? 0 : hasUsername;
		// One frozen array per connection is shared (sealed-user.ts connectionsOf); other lists are told apart by their names.
		const connectionKey = columns.identities.length === 1 ? columns.identities : JSON.stringify(columns.identities.map(identity => identity.connection));
		let connection = connectionNumbers.get(connectionKey);
		if (connection === undefined) {
			connection = connectionLists.length;
			connectionLists.push(columns.identities.map(identity => identity.connection));
			connectionNumbers.set(connectionKey, connection);
		}

		connections[user] = connection;
		logins[user] = columns.logins_count;
		flag |= columns.blocked === undefined ? 0 : (columns.blocked ? blockedTrue : blockedFalse);
		flags[user] = flag;
	}

	const orders = await runInTurns(keptOrders(users), 8, gate);
	const nameEnds = nameList.ends.subarray(0, nameNumbers.size);
	const ids = new StringColumn(index.ids.length);
	for (const id of index.ids) {
		ids.add(id);
	}

	const sections: Array<[string, Typed]> = [
		['index.ids', await ids.bytes(gate)], ['index.ids.ends', ids.ends], ['index.hashes', index.hashes], ['index.slots', index.slots],
		['users.number', numbers], ['users.lone', await lone.bytes(gate)], ['users.lone.ends', lone.ends],
		['users.email', await emails.bytes(gate)], ['users.email.ends', emails.ends],
		['users.name', names], ['names', await nameList.bytes(gate)], ['names.ends', nameEnds],
		['users.created_at', await created.bytes(gate)], ['users.created_at.ends', created.ends],
		['users.last_login', await lastLogins.bytes(gate)], ['users.last_login.ends', lastLogins.ends],
		['users.username', await usernames.bytes(gate)], ['users.username.ends', usernames.ends],
		['users.connections', connections], ['connections', Buffer.from(JSON.stringify(connectionLists), 'utf8')],
		['users.logins_count', logins], ['users.flags', flags], ['users.offset', image.userOffsets], ['users.length', lengths],
		['users.whole', Buffer.from(JSON.stringify(whole), 'utf8')],
		...keptSortFields.map((field): [string, Typed] => [`users.order.${field}`, orders[field]]),
		['small', Buffer.from(JSON.stringify(image.small), 'utf8')],
	];
	for (const table of ['logs', 'passwords', 'devices'] as const) {
		const columns = image.columns[table];
		sections.push(
			[`${table}.offsets`, columns.offsets], [`${table}.lengths`, columns.lengths], [`${table}.users`, columns.users],
			[`${table}.hashes`, columns.hashes], [`${table}.slots`, columns.slots],
			[`${table}.groupStart`, columns.groupStart], [`${table}.groupRows`, columns.groupRows],
			...Object.entries(columns.own).map(([name, array]): [string, Typed] => [`${table}.own.${name}`, array]),
			[`${table}.extra`, Buffer.from(JSON.stringify(columns.extra), 'utf8')],
		);
	}

	return sections;
}

function bytesOf(array: Typed): Buffer {
	return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

const align = (offset: number): number => Math.ceil(offset / 8) * 8;

/**
 * Writes the columns file of `image` beside the snapshot at `file`, unless
 * the snapshot there is no longer the one the image was taken of. Encodes in
 * slices; the caller does not wait for it to use the store.
 */
export async function writeColumnsFile(file: string, image: LoadImage, gate?: Gate): Promise<void> {
	const sections = await sectionsOf(image, gate);
	const places: SectionPlace[] = [];
	let offset = 0;
	for (const [name, array] of sections) {
		// eslint-disable-next-line no-await-in-loop
		places.push({name, type: array instanceof Buffer ? 'u8' : typeNameOf(array), offset, length: array.length, crc: await crcOf(bytesOf(array), 0, gate)});
		offset = align(offset + array.byteLength);
	}

	const {identity, header} = image;
	const head: Header = {
		version: columnsVersion,
		snapshot: {dev: String(identity.dev), ino: String(identity.ino), size: String(identity.size), mtimeNs: String(identity.mtimeNs), ctimeNs: String(identity.ctimeNs)},
		seq: header.seq,
		origin: header.origin,
		counts: header.counts,
		total: header.total,
		collation: collationVersion(),
		sections: places,
	};
	if (!sameFile(await identityAt(file), identity)) {
		return;
	}

	const headBytes = Buffer.from(JSON.stringify(head), 'utf8');
	const prefix = Buffer.alloc(align(magic.length + 4 + headBytes.length));
	magic.copy(prefix, 0);
	prefix.writeUInt32LE(headBytes.length, magic.length);
	headBytes.copy(prefix, magic.length + 4);
	const padding = Buffer.alloc(8);
	// Not synced to disk: after a crash a torn file fails its CRC, and the next load reads the snapshot whole.
	await writeFileAtomic(`${file}${columnsSuffix}`, {durable: false}, async writer => {
		await writer.writeBytes(prefix);
		let written = 0;
		for (const [, array] of sections) {
			await writer.writeBytes(bytesOf(array));
			written += array.byteLength;
			if (align(written) > written) {
				await writer.writeBytes(padding.subarray(0, align(written) - written));
				written = align(written);
			}
		}
	});
}

/** The tables a columns file restores, with what the snapshot's header said. */
export type Restored = {
	readonly tables: Tables;
	readonly header: SnapshotHeader & {readonly origin?: StoreOrigin | undefined};
	readonly rows: number;
};

export type RestoreOptions = {
	/** Restore the connections, applications and users only (the other tables stay empty). */
	readonly usersOnly?: boolean | undefined;
	readonly pace?: (() => Promise<void> | undefined) | undefined;
	readonly onHeader?: ((header: SnapshotHeader) => void) | undefined;
	readonly onRow?: ((table: TableName, row: unknown) => void) | undefined;
	/** Sections of at least this many bytes in all are checked in a worker thread. Default 64 MiB. */
	readonly checkInWorkerMinBytes?: number | undefined;
};

async function readExactly(fh: FileHandle, target: Uint8Array, position: number): Promise<void> {
	let done = 0;
	while (done < target.length) {
		// eslint-disable-next-line no-await-in-loop
		const {bytesRead} = await fh.read(target, done, target.length - done, position + done);
		if (bytesRead === 0) {
			throw new Error('the file ends early');
		}

		done += bytesRead;
	}
}

/** Bytes read per piece, and pieces read at once (libuv has four threads for them by default). */
const pieceBytes = 8 * 1024 * 1024;
const piecesAtOnce = 4;

/**
 * Fills each target with the file's bytes from its position, in pieces read a
 * few at a time, in order; one promise per target, settled once all its
 * pieces are in (rejected with the first read that failed). Every promise is
 * handled here too, so a failed read waits for the caller without being
 * reported as unhandled. `stop` leaves the pieces not started unread (their
 * targets never settle); `done` settles when no read is under way.
 */
function readPieces(fh: FileHandle, targets: ReadonlyArray<{bytes: Uint8Array; position: number}>): {arrived: Array<Promise<void>>; stop: () => void; done: Promise<unknown>} {
	const pieces: Array<{target: number; start: number; end: number}> = [];
	const left: number[] = [];
	const settle = targets.map(() => {
		let resolve!: () => void;
		let reject!: (error: unknown) => void;
		const promise = new Promise<void>((resolve_, reject_) => {
			resolve = resolve_;
			reject = reject_;
		});
		promise.catch(() => undefined);
		return {promise, resolve, reject};
	});
	for (const [target, {bytes}] of targets.entries()) {
		left.push(0);
		for (let start = 0; start < bytes.length; start += pieceBytes) {
			pieces.push({target, start, end: Math.min(bytes.length, start + pieceBytes)});
			left[target]!++;
		}

		if (bytes.length === 0) {
			settle[target]!.resolve();
		}
	}

	let next = 0;
	const reader = async (): Promise<void> => {
		while (next < pieces.length) {
			const {target, start, end} = pieces[next++]!;
			const {bytes, position} = targets[target]!;
			try {
				// eslint-disable-next-line no-await-in-loop
				await readExactly(fh, bytes.subarray(start, end), position + start);
			} catch (error) {
				settle[target]!.reject(error);
				continue;
			}

			if (--left[target]! === 0) {
				settle[target]!.resolve();
			}
		}
	};

	const readers = Array.from({length: piecesAtOnce}, reader);
	return {
		arrived: settle.map(({promise}) => promise),
		stop() {
			next = pieces.length;
		},
		done: Promise.all(readers),
	};
}

function isHeader(value: unknown): value is Header {
	const head = value as Header;
	return typeof value === 'object' && value !== null && head.version === columnsVersion && typeof head.snapshot === 'object' && head.snapshot !== null
		&& Number.isSafeInteger(head.seq) && Number.isSafeInteger(head.total) && typeof head.counts === 'object' && head.counts !== null
		&& tableNames.every(table => Number.isSafeInteger(head.counts[table]) && head.counts[table] >= 0)
		&& Array.isArray(head.sections);
}

/**
 * The tables the columns file beside `file` restores for the snapshot whose
 * identity is `identity`, reading sealed rows from `source`; undefined when
 * there is no such file or it does not fit (then the snapshot is read whole).
 */
export async function readColumnsFile(file: string, identity: FileIdentity, source: LogSource, options: RestoreOptions = {}): Promise<Restored | undefined> {
	let fh: FileHandle;
	try {
		fh = await io.open(`${file}${columnsSuffix}`, 'r');
	} catch {
		return undefined;
	}

	try {
		return await restore(fh, identity, source, options);
	} catch {
		// Damaged, or of another version: it is only a cache.
		return undefined;
	} finally {
		await fh.close().catch(() => {});
	}
}

async function restore(fh: FileHandle, identity: FileIdentity, source: LogSource, options: RestoreOptions): Promise<Restored | undefined> {
	const size = (await fh.stat()).size;
	const start = Buffer.alloc(magic.length + 4);
	await readExactly(fh, start, 0);
	if (!start.subarray(0, magic.length).equals(magic)) {
		return undefined;
	}

	const headLength = start.readUInt32LE(magic.length);
	if (headLength > 16 * 1024 * 1024 || magic.length + 4 + headLength > size) {
		return undefined;
	}

	const headBytes = Buffer.alloc(headLength);
	await readExactly(fh, headBytes, magic.length + 4);
	const head: unknown = JSON.parse(headBytes.toString('utf8'));
	if (!isHeader(head)) {
		return undefined;
	}

	const {snapshot} = head;
	if (!sameFile({dev: BigInt(snapshot.dev), ino: BigInt(snapshot.ino), size: BigInt(snapshot.size), mtimeNs: BigInt(snapshot.mtimeNs), ctimeNs: BigInt(snapshot.ctimeNs)}, identity)) {
		return undefined;
	}

	const base = align(magic.length + 4 + headLength);
	const places: Array<{place: SectionPlace; Type: (typeof typeNames)[TypeName]}> = [];
	let wantedBytes = 0;
	let expected = 0;
	for (const place of head.sections) {
		const Type = typeNames[place.type];
		if (Type === undefined || place.offset !== expected || !Number.isSafeInteger(place.length) || place.length < 0 || !Number.isSafeInteger(place.crc)) {
			return undefined;
		}

		const byteLength = place.length * Type.BYTES_PER_ELEMENT;
		if (base + place.offset + byteLength > size) {
			return undefined;
		}

		expected = align(place.offset + byteLength);
		// A users-only read needs none of the other tables' columns (a third of the file at a million users).
		if (!(options.usersOnly && /^(?:logs|passwords|devices)\./.test(place.name))) {
			places.push({place, Type});
			wantedBytes += byteLength;
		}
	}

	// A big file's sections go to shared memory, checked by a worker while
	// this thread builds the tables from them (crc-checker.ts); nothing built
	// is used or reported until every check has passed.
	const useWorker = wantedBytes >= (options.checkInWorkerMinBytes ?? defaultCheckInWorkerMinBytes);
	const wanted = places.map(({place, Type}) => {
		// (Each constructor takes a SharedArrayBuffer; their union's overloads do not say so.)
		const array = useWorker ? new (Type as new (buffer: SharedArrayBuffer) => Typed)(new SharedArrayBuffer(place.length * Type.BYTES_PER_ELEMENT)) : new Type(place.length);
		return {place, array, bytes: bytesOf(array)};
	});
	const checker = new CrcChecker(useWorker);
	try {
		// The sections are read in pieces, a few at a time (the reads wait on
		// the disk or the page cache, in libuv's threads: four in flight read
		// 300 MB in half the time one does), and each is checked as soon as
		// all of its pieces are in, while the rest are still being read.
		const {arrived, stop, done} = readPieces(fh, wanted.map(({place, bytes}) => ({bytes, position: base + place.offset})));
		const sections = new Map<string, Typed>();
		const checks: Array<Promise<boolean>> = [];
		try {
			for (const [at, {place, array, bytes}] of wanted.entries()) {
				// eslint-disable-next-line no-await-in-loop
				await arrived[at];
				const check = checker.crcOf(bytes).then(crc => crc === place.crc);
				// eslint-disable-next-line no-await-in-loop
				if (!useWorker && !await check) {
					return undefined;
				}

				checks.push(check);
				sections.set(place.name, array);
				// eslint-disable-next-line no-await-in-loop
				await options.pace?.();
			}
		} finally {
			// The caller closes the file once no read is under way.
			stop();
			await done;
		}

		const restored = await build(head, sections, source, options);
		if (!(await Promise.all(checks)).every(Boolean)) {
			return undefined;
		}

		await report(restored, options);
		return restored;
	} finally {
		checker.close();
	}
}

/** The header and the users of a restored file, to the load's preview (`onHeader`, `onRow`), once it is known to be good. */
async function report({header, tables}: Restored, {onHeader, onRow, pace}: RestoreOptions): Promise<void> {
	onHeader?.(header);
	if (onRow === undefined) {
		return;
	}

	let reported = 0;
	for (const user of tables.users.values()) {
		onRow('users', user);
		if (++reported % usersPerSlice === 0) {
			// eslint-disable-next-line no-await-in-loop
			await pace?.();
		}
	}
}

/** Whether every value of `array` is in [low, limit). */
function within(array: Int32Array, low: number, limit: number): boolean {
	// Indexed: `for … of` over a typed array of millions took a few times as long.
	for (let index = 0; index < array.length; index++) {
		const value = array[index]!;
		if (value < low || value >= limit) {
			return false;
		}
	}

	return true;
}

async function build(head: Header, sections: ReadonlyMap<string, Typed>, source: LogSource, options: RestoreOptions): Promise<Restored> {
	const section = <T extends Typed>(name: string, Type: abstract new (...arguments_: never[]) => T, length?: number): T => {
		const array = sections.get(name);
		if (!(array instanceof Type) || (length !== undefined && array.length !== length)) {
			throw new Error(`section ${name} is missing or of the wrong size`);
		}

		return array;
	};

	const strings = (name: string, length?: number): StringColumnReader => new StringColumnReader(section(name, Uint8Array), section(`${name}.ends`, Uint32Array, length));
	const {counts} = head;
	const count = counts.users;
	const idColumn = strings('index.ids');
	const idCount = idColumn.length;
	const hashes = section('index.hashes', Uint32Array, idCount);
	const slots = section('index.slots', Int32Array);
	if (slots.length < 2 || (slots.length & (slots.length - 1)) !== 0 || slots.length < idCount * 2) {
		throw new Error('the users numbering has no room');
	}

	const index = UserIdIndex.restore(idColumn, hashes, slots);
	const numbers = section('users.number', Int32Array, count);
	const lone = strings('users.lone', count);
	const emails = strings('users.email', count);
	const names = section('users.name', Uint32Array, count);
	const nameList = strings('names').all();
	const created = strings('users.created_at', count);
	const lastLogins = strings('users.last_login', count);
	const usernames = strings('users.username', count);
	const connections = section('users.connections', Uint32Array, count);
	const connectionLists = (JSON.parse(Buffer.from(section('connections', Uint8Array)).toString('utf8')) as string[][]).map(list => connectionsOf(list));
	const logins = section('users.logins_count', Float64Array, count);
	const flags = section('users.flags', Uint8Array, count);
	const offsets = section('users.offset', Float64Array, count);
	const lengths = section('users.length', Uint32Array, count);
	const small = JSON.parse(Buffer.from(section('small', Uint8Array)).toString('utf8')) as LoadImage['small'];
	const whole = JSON.parse(Buffer.from(section('users.whole', Uint8Array)).toString('utf8')) as User[];
	const ranked = head.collation === collationVersion();
	const places: Partial<Record<SortField, Int32Array>> = {};
	for (const field of keptSortFields) {
		const array = section(`users.order.${field}`, Int32Array, count);
		if (!within(array, 0, count)) {
			throw new Error('a user\'s place in an order is past the users');
		}

		// Made with another collation, the orders of names and connections may not be this one's: sorted again, by comparison.
		// (Code units are code units, numbers numbers: the other orders hold.)
		if (ranked || !collated.has(field)) {
			places[field] = array;
		}
	}
	let nextWhole = 0;

	const tables = emptyTables() as Tables;
	for (const table of ['connections', 'clients', 'tickets'] as const) {
		const keyOfRow = keyOf[table] as (row: unknown) => string;
		const map = tables[table] as Map<string, unknown>;
		for (const row of small[table]) {
			map.set(keyOfRow(row), row);
		}

		if (map.size !== counts[table]) {
			throw new Error(`the ${table} rows do not fit`);
		}
	}

	const rows: UserRows = {
		index, numbers, lone, emails, names, nameList, created, lastLogins, usernames, connections, connectionLists, logins, flags, places, offsets, lengths,
	};
	// Each id number's row, to find a user by id through the numbering the file kept.
	const rowOfNumber = new Int32Array(idCount).fill(-1);
	const loneRows = new Map<string, number>();
	const users = new Array<SealedUser | User>(count);
	for (let user = 0; user < count; user++) {
		const number = numbers[user]!;
		const flag = flags[user]!;
		if (number < -1 || number >= idCount || ((flag & hasName) !== 0 && names[user]! >= nameList.length) || connections[user]! >= connectionLists.length) {
			throw new Error('a user refers past a table');
		}

		if (number === -1) {
			const id = lone.at(user);
			if (loneRows.has(id)) {
				throw new Error('two users have the same id');
			}

			loneRows.set(id, user);
		} else if (rowOfNumber[number] === -1) {
			rowOfNumber[number] = user;
		} else {
			throw new Error('two users have the same id');
		}

		if ((flag & parsedWhole) !== 0) {
			const row = whole[nextWhole++];
			if (row === undefined || row.user_id !== (number === -1 ? lone.at(user) : index.idOf(number))) {
				throw new Error('a user parsed whole is not where its columns are');
			}

			users[user] = row;
			continue;
		}

		const sealed = new ColumnUser(rows, user, source);
		users[user] = sealed;
		if (user % usersPerSlice === usersPerSlice - 1) {
			// eslint-disable-next-line no-await-in-loop
			await options.pace?.();
		}
	}

	if (nextWhole !== whole.length) {
		throw new Error('users parsed whole are left over');
	}

	for (const id of loneRows.keys()) {
		// A lone id is one the numbering cannot hold; one it holds would be two users with the same id.
		if (index.numberOf(id) !== undefined) {
			throw new Error('two users have the same id');
		}
	}

	tables.users = new UsersTable(users, index, rowOfNumber, loneRows);
	const ownColumns = (table: 'logs' | 'passwords' | 'devices', rows: number): ColumnImage['own'] => {
		switch (table) {
			case 'logs': {
				return {dates: section('logs.own.dates', Float64Array, rows)};
			}

			case 'passwords': {
				return {imported: section('passwords.own.imported', Uint8Array, rows)};
			}

			default: {
				return {};
			}
		}
	};

	const image = (table: 'logs' | 'passwords' | 'devices'): ColumnImage => {
		// The base rows; the header counts the rows the load parsed whole too.
		const offsets = section(`${table}.offsets`, Float64Array);
		const rows = offsets.length;
		const image: ColumnImage = {
			count: rows,
			offsets,
			lengths: section(`${table}.lengths`, Uint32Array, rows),
			users: section(`${table}.users`, Int32Array, rows),
			hashes: section(`${table}.hashes`, Uint32Array, rows),
			slots: section(`${table}.slots`, Int32Array),
			groupStart: section(`${table}.groupStart`, Int32Array),
			groupRows: section(`${table}.groupRows`, Int32Array),
			own: ownColumns(table, rows),
			extra: JSON.parse(Buffer.from(section(`${table}.extra`, Uint8Array)).toString('utf8')) as unknown[],
		};
		const {slots, groupStart, groupRows} = image;
		if (rows + image.extra.length !== counts[table] || slots.length < 16 || (slots.length & (slots.length - 1)) !== 0 || slots.length * 0.7 < rows || groupStart.length > idCount + 1 || groupStart.length === 0 || groupStart.at(-1) !== groupRows.length || groupRows.length > rows) {
			throw new Error(`the ${table} columns do not fit`);
		}

		for (const [array, limit] of [[image.users, idCount], [slots, rows + 1], [groupRows, rows]] as const) {
			if (!within(array, -1, limit)) {
				throw new Error(`the ${table} columns refer past a table`);
			}
		}

		return image;
	};

	if (options.usersOnly) {
		tables.logs = new LogTable();
		tables.passwords = new PasswordTable();
		tables.devices = new DeviceTable();
	} else {
		tables.logs = new LogTable(source, counts.logs, index).restore(image('logs'));
		tables.passwords = new PasswordTable(source, counts.passwords, index).restore(image('passwords'));
		tables.devices = new DeviceTable(source, counts.devices, index).restore(image('devices'));
	}

	return {tables, header: head, rows: head.total};
}
