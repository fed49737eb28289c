// Users kept as their list columns until someone reads their profile.
//
// A profile is a tree of a dozen objects (identities, metadata, their
// values); a million of them made most of a 2.7 GB heap that all survived,
// and parsing and checking them took 30 of the 46 seconds a million-user
// store took to load (issue 19). The Users list needs seven fields of each.
//
// So a user line in the snapshot's canonical form (`["users",{…}]` as
// JSON.stringify writes it: no whitespace, keys as plain text) is filed at
// load with only the list's columns (types.ts `ListUser`: user_id, email,
// name, created_at, the identities' connections, last_login, logins_count,
// blocked), read off its bytes by the scanner below, and where the object is
// in the snapshot file, which stays open as for sealed log events
// (sealed-log.ts). The profile is read, parsed and checked against the schema
// when it is asked for (`openSealedUser`), and compared with the columns it
// was filed by: they must agree, or the row is reported as damaged. A line in
// any other form, or whose columns the scanner cannot read exactly as
// JSON.parse would (a key spelled with escapes, a number not an integer), is
// parsed and checked whole at load, as before.
//
// What is checked when: at load, the line is valid UTF-8 (the reader checks
// every line), the object's top level is well formed, the columns have the
// schema's types (a string, an integer ≥ 0, a boolean, an array of objects
// each with a string `connection`), and the object ends the row. Everything
// else (the JSON syntax inside other values, the rest of the schema) is
// checked when the profile is read.
import {Buffer} from 'node:buffer';
import type {ValidateFunction} from 'ajv';
import type {ListUser, User} from '../domain/types.js';
import {quote} from './quote.js';
import {
	closeBrace, closeBracket, comma, openBrace, openBracket, quoteByte, readSealed, SealedAt, skipNested, skipScalar, skipString, skipValue, startsWith, walkMembers,
} from './sealed-bytes.js';
import type {LogSource} from './sealed-log.js';
import {ColumnUser} from './column-users.js';

export type Connections = ReadonlyArray<{readonly connection: string}>;

/** What a sealed user keeps: the list's columns and what the store's indexes need. */
export type UserColumns = ListUser & {readonly username?: string | undefined};

/** One frozen identities array per connection name: a million users of seven connections share seven. */
const sharedConnections = new Map<string, Connections>();

/** The identities of a user of these connections: one frozen array shared per single connection. */
export function connectionsOf(names: readonly string[]): Connections {
	if (names.length === 1) {
		const name = names[0]!;
		let shared = sharedConnections.get(name);
		if (shared === undefined) {
			shared = Object.freeze([Object.freeze({connection: name})]);
			// Connection names are few; anything past this is a store of odd data, not kept.
			if (sharedConnections.size < 4096) {
				sharedConnections.set(name, shared);
			}
		}

		return shared;
	}

	return Object.freeze(names.map(connection => Object.freeze({connection})));
}

/**
 * A user not parsed yet: its list columns, and where its JSON object is. Two
 * kinds: a user a load of the lines scanned (`ScannedUser`, its columns in
 * fields) and one a load of the columns file made (`ColumnUser` in
 * column-users.ts: a row number whose columns stay in the file's arrays).
 */
export type SealedUser = ScannedUser | ColumnUser;

/** Whether a stored user is sealed (not parsed yet). */
export function isSealedUser(user: unknown): user is SealedUser {
	return user instanceof ScannedUser || user instanceof ColumnUser;
}

/** A user a load of the snapshot's lines scanned (`scanUserLine`): its columns in fields. */
export class ScannedUser extends SealedAt implements ListUser {
	readonly user_id: string;
	readonly email: string | undefined;
	readonly name: string | undefined;
	readonly created_at: string;
	readonly identities: Connections;
	readonly last_login: string | undefined;
	readonly logins_count: number;
	readonly blocked: boolean | undefined;
	/** Not a list column: the import's index of usernames needs it (services/import-users.ts). */
	readonly username: string | undefined;

	constructor(columns: UserColumns, source: LogSource, offset: number, length: number) {
		super(source, offset, length);
		this.user_id = columns.user_id;
		this.email = columns.email;
		this.name = columns.name;
		this.created_at = columns.created_at;
		this.identities = columns.identities;
		this.last_login = columns.last_login;
		this.logins_count = columns.logins_count;
		this.blocked = columns.blocked;
		this.username = columns.username;
	}
}

/** Where two users' list columns differ (the first field that does), or undefined when they agree. */
export function columnsDiffer(columns: UserColumns, user: UserColumns): string | undefined {
	for (const field of ['user_id', 'email', 'name', 'created_at', 'last_login', 'logins_count', 'blocked', 'username'] as const) {
		if (columns[field] !== user[field]) {
			return field;
		}
	}

	if (columns.identities.length !== user.identities.length || columns.identities.some((identity, index) => identity.connection !== user.identities[index]!.connection)) {
		return 'identities';
	}

	return undefined;
}

/**
 * The profile, parsed and checked; or why it cannot be read, to be prefixed
 * with `users row "id"` by the caller.
 */
export function openSealedUser(sealed: SealedUser, validate: ValidateFunction): {ok: true; user: User} | {ok: false; problem: string} {
	const read = readSealed(sealed, 'users', validate);
	if (!read.ok) {
		return read;
	}

	const user = read.value as User;
	const differs = columnsDiffer(sealed, user);
	if (differs !== undefined) {
		// JSON.parse keeps the last of repeated keys, as the scanner does; anything else is damage it could not see.
		return {ok: false, problem: ` does not read as it was filed at load (its ${differs} changed)`};
	}

	return {ok: true, user};
}

/** `users row "id"`, as the store's other messages name rows. */
export function userRowName(userId: string): string {
	return `users row ${quote(userId, 60)}`;
}

// ---------------------------------------------------------------- the scanner

const linePrefix = Buffer.from('["users",{');
const minus = 0x2D;
const zero = 0x30;
const nine = 0x39;

/** The text of the string whose content is [start, end) (`escaped`: as JSON.parse reads it); undefined when it does not parse. */
function stringAt(buffer: Buffer, start: number, end: number, escaped: boolean): string | undefined {
	if (!escaped) {
		return buffer.toString('utf8', start, end);
	}

	try {
		return JSON.parse(buffer.toString('utf8', start - 1, end + 1)) as string;
	} catch {
		return undefined;
	}
}

/** `true`, `false`, or undefined for anything else in [start, end). */
function booleanAt(buffer: Buffer, start: number, end: number): boolean | undefined {
	if (end - start === 4 && buffer[start] === 0x74 && buffer[start + 1] === 0x72 && buffer[start + 2] === 0x75 && buffer[start + 3] === 0x65) {
		return true;
	}

	if (end - start === 5 && buffer[start] === 0x66 && buffer[start + 1] === 0x61 && buffer[start + 2] === 0x6C && buffer[start + 3] === 0x73 && buffer[start + 4] === 0x65) {
		return false;
	}

	return undefined;
}

/** A JSON integer ≥ 0 in [start, end) (digits only, no leading zero), or -1. */
function countAt(buffer: Buffer, start: number, end: number): number {
	if (end <= start || end - start > 15 || buffer[start] === minus || (buffer[start] === zero && end - start > 1)) {
		return -1;
	}

	let value = 0;
	for (let index = start; index < end; index++) {
		const byte = buffer[index]!;
		if (byte < zero || byte > nine) {
			return -1;
		}

		value = (value * 10) + (byte - zero);
	}

	return value;
}

const connectionName = Buffer.from('"connection"');

/** The connections of an identities array in [start, end), each object's top-level `connection` string; undefined when unsure. */
function connectionsAt(buffer: Buffer, start: number, end: number): string[] | undefined {
	const names: string[] = [];
	let index = start + 1;
	if (buffer[index] === closeBracket) {
		return index + 1 === end ? names : undefined;
	}

	while (index < end) {
		if (buffer[index] !== openBrace) {
			return undefined;
		}

		const objectEnd = skipNested(buffer, index, end);
		if (objectEnd === 0) {
			return undefined;
		}

		let connection: string | undefined;
		let found = 0;
		// The object's own members; the name alone decides, so a `connection` whose value is not a string is left to the parse.
		const walked = walkMembers(buffer, index + 1, objectEnd, (nameStart, nameEnd, valueStart) => {
			if (nameEnd - nameStart !== connectionName.length || !startsWith(buffer, nameStart, nameEnd, connectionName)) {
				return skipValue(buffer, valueStart, objectEnd);
			}

			const skipped = buffer[valueStart] === quoteByte ? skipString(buffer, valueStart + 1, objectEnd) : 0;
			if (skipped === 0) {
				return 0;
			}

			connection = stringAt(buffer, valueStart + 1, Math.abs(skipped) - 1, skipped < 0);
			found++;
			return connection === undefined ? 0 : Math.abs(skipped);
		});
		if (!walked) {
			return undefined;
		}

		if (connection === undefined || found !== 1) {
			return undefined;
		}

		names.push(connection);
		index = objectEnd;
		if (buffer[index] === comma) {
			index++;
		} else if (buffer[index] === closeBracket && index + 1 === end) {
			return names;
		} else {
			return undefined;
		}
	}

	return undefined;
}

/** The list columns being read off one line: `null` where the key was not found. */
type Found = {
	user_id: string | null;
	email: string | null;
	name: string | null;
	created_at: string | null;
	last_login: string | null;
	identities: string[] | null;
	logins_count: number;
	blocked: boolean | null;
	username: string | null;
};

const wanted = new Map<string, keyof Found>([
	['user_id', 'user_id'], ['email', 'email'], ['name', 'name'], ['created_at', 'created_at'], ['last_login', 'last_login'],
	['identities', 'identities'], ['logins_count', 'logins_count'], ['blocked', 'blocked'], ['username', 'username'],
]);
const longestWanted = Math.max(...[...wanted.keys()].map(key => key.length));
/** The wanted names by length, as bytes: a member's name is matched in place, not made into a string first (25 members a user, 25 million strings at a million users). */
const wantedByLength: ReadonlyArray<ReadonlyArray<readonly [Buffer, keyof Found]>> = Array.from({length: longestWanted + 1}, (_, length) => [...wanted]
	.filter(([name]) => name.length === length)
	.map(([name, field]) => [Buffer.from(name, 'latin1'), field] as const));

/** The wanted field whose name is the bytes [start, end), if any. */
function wantedAt(buffer: Buffer, start: number, end: number): keyof Found | undefined {
	const candidates = wantedByLength[end - start];
	if (candidates === undefined) {
		return undefined;
	}

	for (const [name, field] of candidates) {
		let index = 0;
		while (index < name.length && buffer[start + index] === name[index]) {
			index++;
		}

		if (index === name.length) {
			return field;
		}
	}

	return undefined;
}

/**
 * The list columns of the user line `buffer[start, end)`, in the canonical
 * form, exactly as JSON.parse would give them; undefined when the line must be
 * parsed whole (another form, or something the parse should report). Also
 * gives where the object starts and its length, relative to `start`.
 */
export function scanUserLine(buffer: Buffer, start: number, end: number, internName?: (name: string) => string): {columns: UserColumns; objectStart: number; objectLength: number} | undefined {
	if (end - start < linePrefix.length + 2 || !startsWith(buffer, start, end, linePrefix) || buffer[end - 1] !== closeBracket || buffer[end - 2] !== closeBrace) {
		return undefined;
	}

	const objectStart = start + linePrefix.length - 1;
	const objectEnd = end - 1;
	const found: Found = {user_id: null, email: null, name: null, created_at: null, last_login: null, identities: null, logins_count: -1, blocked: null, username: null};
	// A column's value of another type (a number for an email) gives up: the schema says so at load.
	const walked = walkMembers(buffer, objectStart + 1, objectEnd, (nameStart, nameEnd, valueStart) => {
		const field = wantedAt(buffer, nameStart + 1, nameEnd - 1);
		const first = buffer[valueStart];
		if (field === undefined) {
			return skipValue(buffer, valueStart, objectEnd);
		}

		if (field === 'identities') {
			const valueEnd = first === openBracket ? skipNested(buffer, valueStart, objectEnd) : 0;
			const names = valueEnd === 0 ? undefined : connectionsAt(buffer, valueStart, valueEnd);
			if (names === undefined) {
				return 0;
			}

			found.identities = names;
			return valueEnd;
		}

		if (field === 'logins_count' || field === 'blocked') {
			const valueEnd = first === quoteByte ? 0 : skipScalar(buffer, valueStart, objectEnd);
			if (valueEnd === 0) {
				return 0;
			}

			if (field === 'logins_count') {
				found.logins_count = countAt(buffer, valueStart, valueEnd);
				return found.logins_count === -1 ? 0 : valueEnd;
			}

			found.blocked = booleanAt(buffer, valueStart, valueEnd) ?? null;
			return found.blocked === null ? 0 : valueEnd;
		}

		const skipped = first === quoteByte ? skipString(buffer, valueStart + 1, objectEnd) : 0;
		const text = skipped === 0 ? undefined : stringAt(buffer, valueStart + 1, Math.abs(skipped) - 1, skipped < 0);
		if (text === undefined) {
			return 0;
		}

		found[field] = text;
		return Math.abs(skipped);
	});
	if (!walked || found.user_id === null || found.user_id === '' || found.created_at === null || found.identities === null || found.logins_count === -1) {
		// Not canonical, or a required field is missing: the parse (and the schema) say which at load.
		return undefined;
	}

	return {
		columns: {
			user_id: found.user_id,
			email: found.email ?? undefined,
			name: found.name === null ? undefined : (internName?.(found.name) ?? found.name),
			created_at: found.created_at,
			identities: connectionsOf(found.identities),
			last_login: found.last_login ?? undefined,
			logins_count: found.logins_count,
			blocked: found.blocked ?? undefined,
			username: found.username ?? undefined,
		},
		objectStart: objectStart - start,
		objectLength: objectEnd - objectStart,
	};
}

/** The list columns of a parsed user, sharing the identities arrays as the scanner does. */
export function columnsOf(user: UserColumns): UserColumns {
	return {
		user_id: user.user_id,
		email: user.email,
		name: user.name,
		created_at: user.created_at,
		identities: connectionsOf(user.identities.map(identity => identity.connection)),
		last_login: user.last_login,
		logins_count: user.logins_count,
		blocked: user.blocked,
		username: user.username,
	};
}
