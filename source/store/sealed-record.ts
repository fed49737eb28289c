// Password records and device credentials kept as the bytes of their
// snapshot line until someone reads them, as log events and users are
// (sealed-log.ts, sealed-user.ts).
//
// At a million users a store holds ~660k password records (each an argon2
// PHC string, a history and a date) and ~550k devices: parsed, they held
// ~200 MB and ~180 MB of heap, and parsing and checking them cost seconds of
// the load. They are read one at a time: a sign-in, a password change, a
// user's Devices tab.
//
// So a line in the canonical form, `["passwords",{"user_id":"…",…}]` or
// `["devices",{"id":"…",…,"user_id":"…",…}]`, is filed at load with only its
// key, its user_id (the users table's own string when the user exists, not a
// copy), for a password whether it has a top-level `imported` (the sign-in's
// even-time check looks for imported hashes without opening every record),
// and where its object is in the snapshot file. It is read, parsed, checked
// against the schema and compared with what it was filed by when it is asked
// for (`openSealedRecord`). Anything the scanner is not sure of (whitespace,
// a key or id spelled with escapes, a key twice, a non-ASCII id) leaves the
// line to be parsed and checked whole at load, as before.
import {Buffer} from 'node:buffer';
import type {ValidateFunction} from 'ajv';
import type {DeviceCredential, PasswordRecord} from '../domain/types.js';
import {quote} from './quote.js';
import {validatorOf} from './schema.js';
import {
	closeBrace, closeBracket, comma, plainStringEnd, quoteByte, readSealed, SealedAt, SealedBytes, skipValue, startsWith, walkMembers,
} from './sealed-bytes.js';
import type {LogSource} from './sealed-log.js';

/** A password record not parsed yet: whose it is, and whether its hash was imported. */
export class SealedPassword extends SealedAt {
	readonly user_id: string;
	/** The record has a top-level `imported` (a hash from another system, see PasswordRecord). */
	readonly imported: boolean;

	constructor(fields: {user_id: string; imported: boolean}, source: LogSource, offset: number, length: number) {
		super(source, offset, length);
		this.user_id = fields.user_id;
		this.imported = fields.imported;
	}
}

/** A device credential not parsed yet: its id and its user. */
export class SealedDevice extends SealedAt {
	readonly id: string;
	readonly user_id: string;

	constructor(fields: {id: string; user_id: string}, source: LogSource, offset: number, length: number) {
		super(source, offset, length);
		this.id = fields.id;
		this.user_id = fields.user_id;
	}
}

export type StoredPassword = PasswordRecord | SealedPassword;
export type StoredDevice = DeviceCredential | SealedDevice;

/** `passwords row "auth0|…"`, `devices row "dev_…"`, as the store's other messages name rows. */
export function recordRowName(table: 'passwords' | 'devices', key: string): string {
	return `${table} row ${quote(key, 60)}`;
}

/**
 * The record, parsed and checked; or why it cannot be read, to be prefixed
 * with its row name (recordRowName) by the caller.
 */
export function openSealedRecord(sealed: SealedPassword, validate: ValidateFunction): {ok: true; value: PasswordRecord} | {ok: false; problem: string};
export function openSealedRecord(sealed: SealedDevice, validate: ValidateFunction): {ok: true; value: DeviceCredential} | {ok: false; problem: string};
export function openSealedRecord(sealed: SealedPassword | SealedDevice, validate: ValidateFunction): {ok: true; value: PasswordRecord | DeviceCredential} | {ok: false; problem: string} {
	const isPassword = sealed instanceof SealedPassword;
	const read = readSealed(sealed, isPassword ? 'passwords' : 'devices', validate);
	if (!read.ok) {
		return read;
	}

	// The scanner gives up on a key seen twice; anything else is damage it could not see.
	if (isPassword) {
		const record = read.value as PasswordRecord;
		if (record.user_id !== sealed.user_id || (record.imported !== undefined) !== sealed.imported) {
			return {ok: false, problem: ` does not read as it was filed at load (its ${record.user_id === sealed.user_id ? 'imported' : 'user_id'} changed)`};
		}

		return {ok: true, value: record};
	}

	const device = read.value as DeviceCredential;
	if (device.id !== sealed.id || device.user_id !== sealed.user_id) {
		return {ok: false, problem: ` does not read as it was filed at load (its ${device.id === sealed.id ? 'user_id' : 'id'} changed)`};
	}

	return {ok: true, value: device};
}

// ---------------------------------------------------------------- the scanner

const passwordPrefix = Buffer.from('["passwords",{"user_id":"');
const devicePrefix = Buffer.from('["devices",{"id":"');
const userIdKey = Buffer.from('"user_id":');
const importedKey = Buffer.from('"imported":');
const idKey = Buffer.from('"id":');

/** Where a canonical record line's parts are (offsets into its buffer), and whether a password record has `imported`. */
export type ScannedRecord = {keyStart: number; keyEnd: number; userStart: number; userEnd: number; imported: boolean; objectStart: number; objectEnd: number};

/**
 * Reads a canonical passwords or devices line `buffer[start, end)`: where its
 * key, user_id and object are, and whether it has a top-level `imported`;
 * undefined when the line must be parsed whole.
 */
function scanRecordLine(buffer: Buffer, start: number, end: number, prefix: Buffer): ScannedRecord | undefined {
	if (!startsWith(buffer, start, end, prefix) || buffer[end - 1] !== closeBracket || buffer[end - 2] !== closeBrace) {
		return undefined;
	}

	const keyStart = start + prefix.length;
	const keyEnd = plainStringEnd(buffer, keyStart, end);
	if (keyEnd <= keyStart) {
		// No key, or one with escapes or beyond ASCII: the parse (and the schema) decide.
		return undefined;
	}

	const isPassword = prefix === passwordPrefix;
	const objectStart = start + prefix.length - (isPassword ? '{"user_id":"' : '{"id":"').length;
	const objectEnd = end - 1;
	let userIdStart = isPassword ? keyStart : -1;
	let userIdEnd = isPassword ? keyEnd : -1;
	let imported = false;
	// The object's other top-level members, after the key's.
	const close = objectEnd - 1;
	let others: number;
	if (keyEnd + 1 === close) {
		others = close;
	} else if (buffer[keyEnd + 1] === comma && keyEnd + 2 < close) {
		others = keyEnd + 2;
	} else {
		return undefined;
	}

	const walked = walkMembers(buffer, others, objectEnd, (nameStart, _nameEnd, valueStart) => {
		const valueEnd = skipValue(buffer, valueStart, objectEnd);
		if (valueEnd === 0) {
			return 0;
		}

		const nameLength = valueStart - nameStart;
		if (nameLength === userIdKey.length && startsWith(buffer, nameStart, valueStart, userIdKey)) {
			if (userIdStart !== -1 || buffer[valueStart] !== quoteByte) {
				// Twice (JSON.parse keeps the last), or not a string: the parse decides.
				return 0;
			}

			userIdStart = valueStart + 1;
			userIdEnd = plainStringEnd(buffer, userIdStart, valueEnd);
			return userIdEnd === valueEnd - 1 ? valueEnd : 0;
		}

		if (isPassword && nameLength === importedKey.length && startsWith(buffer, nameStart, valueStart, importedKey)) {
			if (imported) {
				return 0;
			}

			imported = true;
		} else if (!isPassword && nameLength === idKey.length && startsWith(buffer, nameStart, valueStart, idKey)) {
			return 0;
		}

		return valueEnd;
	});
	if (!walked || userIdStart === -1) {
		// Not ending as a row does, or a device without a user_id (the schema says so at load).
		return undefined;
	}

	return {keyStart, keyEnd, userStart: userIdStart, userEnd: userIdEnd, imported, objectStart, objectEnd};
}

/** A canonical passwords line's parts (see scanRecordLine). */
export function scanPasswordLine(buffer: Buffer, start: number, end: number): ScannedRecord | undefined {
	return scanRecordLine(buffer, start, end, passwordPrefix);
}

/** A canonical devices line's parts (see scanRecordLine). */
export function scanDeviceLine(buffer: Buffer, start: number, end: number): ScannedRecord | undefined {
	return scanRecordLine(buffer, start, end, devicePrefix);
}

/** The password record of the canonical line `buffer[start, end)` (at byte `offset` of the source's file), sealed; undefined when it must be parsed whole. */
export function sealPasswordLine(buffer: Buffer, start: number, end: number, source: LogSource, offset: number, intern: (userId: string) => string = userId => userId): SealedPassword | undefined {
	const scanned = scanPasswordLine(buffer, start, end);
	// A password's key is its user_id: one string for both.
	return scanned && new SealedPassword({user_id: intern(buffer.toString('latin1', scanned.keyStart, scanned.keyEnd)), imported: scanned.imported}, source, offset + (scanned.objectStart - start), scanned.objectEnd - scanned.objectStart);
}

/** The device credential of the canonical line `buffer[start, end)` (at byte `offset` of the source's file), sealed; undefined when it must be parsed whole. */
export function sealDeviceLine(buffer: Buffer, start: number, end: number, source: LogSource, offset: number, intern: (userId: string) => string = userId => userId): SealedDevice | undefined {
	const scanned = scanDeviceLine(buffer, start, end);
	return scanned && new SealedDevice({id: buffer.toString('latin1', scanned.keyStart, scanned.keyEnd), user_id: intern(buffer.toString('latin1', scanned.userStart, scanned.userEnd))}, source, offset + (scanned.objectStart - start), scanned.objectEnd - scanned.objectStart);
}

/** A password record or device, sealed or not; throws when a sealed one cannot be read (for tools and tests that go over a whole table). */
export function openStoredRecord(row: StoredPassword, validate?: ValidateFunction): PasswordRecord;
export function openStoredRecord(row: StoredDevice, validate?: ValidateFunction): DeviceCredential;
export function openStoredRecord(row: StoredPassword | StoredDevice, validate?: ValidateFunction): PasswordRecord | DeviceCredential {
	if (!(row instanceof SealedBytes)) {
		return row;
	}

	const table = row instanceof SealedPassword ? 'passwords' : 'devices';
	const opened = openSealedRecord(row as SealedPassword, validate ?? validatorOf(table));
	if (!opened.ok) {
		throw new Error(`${recordRowName(table, table === 'passwords' ? row.user_id : (row as SealedDevice).id)}${opened.problem}`);
	}

	return opened.value;
}
