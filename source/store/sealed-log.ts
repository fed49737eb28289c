// Log events kept as the bytes of their snapshot line until someone reads them.
//
// Logs are most of a store (85 % of the bytes of the 10k demo store, 60 % at
// 100k) and are read one user at a time: the History and Locations tabs,
// `users logs`. Parsing every one at load made a million objects that all
// survive, and the garbage collector copied and traced them all: 40 % of a
// 10k load went to collecting, and at a million users the major collections
// of a 3.4 GB heap paused keys for over a second.
//
// So a log line in the snapshot's canonical form, `["logs",{"log_id":"…",
// "date":"…",…}]`, is filed at load with only what the tables and indexes
// need (its id, date and user; the logs table keeps them as columns, see
// log-table.ts, and a SealedLog is the same made one event at a time) and
// where its bytes are in the snapshot file,
// which stays open (a snapshot is never changed in place: a compaction
// writes a new file and renames it over the old one, and the open file keeps
// the old bytes readable). The event is read, parsed and checked against the
// schema when it is first asked for (`openSealedLog`); the rest of userdeck
// only ever sees checked events. A line in any other form is parsed and
// checked at load as before.
//
// Why the file and not a copy in memory: on these machines every megabyte of
// fresh memory costs about 4 ms to touch, so copying the bytes of the logs
// into buffers cost as much as parsing them had (measured: no gain at 10k or
// 100k users, a slower load at 1M). Reading from the file touches none.
//
// What is checked when: at load, the line is valid UTF-8, its id and date are
// plain strings, a top-level `user_id` (if any) is a plain string and the
// line ends like an object in a row; the row counts and end marker catch a
// truncated file as before. Everything else (the JSON syntax of the rest,
// the schema) is checked when the event is read; an event that fails is left
// out of what is read and reported with the reason (see Indexes.logsOf).
import {Buffer} from 'node:buffer';
import {closeSync, fstatSync, openSync, readSync} from 'node:fs';
import type {ValidateFunction} from 'ajv';
import type {LogEvent} from '../domain/types.js';
import {type FileIdentity, identityOf, sameFile} from './file-identity.js';
import {readFlags} from './io.js';
import {quote, quotePath} from './quote.js';
import {validatorOf} from './schema.js';
import {
	closeBrace, closeBracket, colon, openBrace, openBracket, plainStringEnd, quoteByte, readSealed, SealedAt, skipString, startsWith,
} from './sealed-bytes.js';

/** Sequential reads (a compaction copying every event) go through a window this big. */
const windowBytes = 256 * 1024;
/** A read starting at most this far past the previous one's end continues it. */
const nearBytes = 4096;
/** Reads in a row that continue each other before reading ahead. */
const streakToReadAhead = 4;

// A source nobody closed (a store dropped without `close`, in a test) gives its descriptor back when collected.
const unclosed = new FinalizationRegistry<number>(fd => {
	try {
		closeSync(fd);
	} catch {}
});

/** The snapshot file sealed events are read from, open for as long as they may be. */
export class LogSource {
	readonly #displayPath: string;
	#fd: number | undefined;
	#window: Buffer | undefined;
	#windowStart = 0;
	#windowEnd = 0;
	/** Where the last read ended, and how many reads in a row started just past the one before. */
	#lastEnd = Number.POSITIVE_INFINITY;
	#streak = 0;

	private constructor(fd: number, displayPath: string) {
		this.#fd = fd;
		this.#displayPath = displayPath;
		unclosed.register(this, fd, this);
	}

	/** Opens `path` for reading events; undefined when it is no longer the file `expected` identifies. */
	static open(path: string, displayPath: string, expected: FileIdentity): LogSource | undefined {
		const fd = openSync(path, readFlags);
		try {
			if (!sameFile(identityOf(fstatSync(fd, {bigint: true})), expected)) {
				closeSync(fd);
				return undefined;
			}
		} catch (error) {
			closeSync(fd);
			throw error;
		}

		return new LogSource(fd, displayPath);
	}

	/**
	 * The UTF-8 text of `length` bytes at `offset`; undefined when the file
	 * ends before (it was cut short in place). With `sequential`, reads ahead;
	 * so it does once a few reads in a row each start just past the one
	 * before (`users export` reading a million profiles in store order: one
	 * read per profile took 5 of its 27 seconds).
	 */
	read(offset: number, length: number, sequential = false): string | undefined {
		const fd = this.#fd;
		if (fd === undefined) {
			throw new Error(`Cannot read from store ${quotePath(this.#displayPath)}: it is closed`);
		}

		const inWindow = offset >= this.#windowStart && offset + length <= this.#windowEnd;
		this.#streak = offset >= this.#lastEnd && offset - this.#lastEnd <= nearBytes ? this.#streak + 1 : 0;
		this.#lastEnd = offset + length;
		if ((sequential || inWindow || this.#streak >= streakToReadAhead) && length <= windowBytes) {
			if (offset < this.#windowStart || offset + length > this.#windowEnd) {
				this.#window ??= Buffer.allocUnsafe(windowBytes);
				this.#windowStart = offset;
				this.#windowEnd = offset + readFully(fd, this.#window, windowBytes, offset);
			}

			return offset + length > this.#windowEnd ? undefined : this.#window!.toString('utf8', offset - this.#windowStart, offset - this.#windowStart + length);
		}

		const buffer = Buffer.allocUnsafe(length);
		return readFully(fd, buffer, length, offset) < length ? undefined : buffer.toString('utf8');
	}

	close(): void {
		if (this.#fd !== undefined) {
			unclosed.unregister(this);
			const fd = this.#fd;
			this.#fd = undefined;
			this.#window = undefined;
			closeSync(fd);
		}
	}
}

function readFully(fd: number, buffer: Buffer, length: number, offset: number): number {
	let done = 0;
	while (done < length) {
		const read = readSync(fd, buffer, done, length - done, offset + done);
		if (read === 0) {
			break;
		}

		done += read;
	}

	return done;
}

/** A log event not parsed yet: the fields the tables and indexes file it by, and where its JSON is. */
export class SealedLog extends SealedAt {
	readonly log_id: string;
	readonly date: string;
	readonly user_id: string | undefined;

	constructor(fields: {log_id: string; date: string; user_id: string | undefined}, source: LogSource, offset: number, length: number) {
		super(source, offset, length);
		this.log_id = fields.log_id;
		this.date = fields.date;
		this.user_id = fields.user_id;
	}
}

export type StoredLog = LogEvent | SealedLog;

/** A sealed event that could not be read: which, and what is wrong (`.type must be string`, ` is not valid JSON`). */
export type LogProblem = {readonly log_id: string; readonly problem: string};

/** `logs row "id"`, as the store's other messages name rows. */
export function logRowName(logId: string): string {
	return `logs row ${quote(logId, 60)}`;
}

/** `logs row "id".type must be string`. */
export function describeLogProblem({log_id, problem}: LogProblem): string {
	return `${logRowName(log_id)}${problem}`;
}

export function isSealed(log: StoredLog): log is SealedLog {
	return log instanceof SealedLog;
}

/**
 * The event, parsed and checked; or why it cannot be read, to be prefixed
 * with `logs row "id"` by the caller.
 */
export function openSealedLog(sealed: SealedLog, validate: ValidateFunction): {ok: true; event: LogEvent} | {ok: false; problem: string} {
	const read = readSealed(sealed, 'logs', validate);
	if (!read.ok) {
		return read;
	}

	// JSON.parse keeps the last of repeated keys; the load filed the event by the first.
	const event = read.value as LogEvent;
	if (event.log_id !== sealed.log_id || event.date !== sealed.date || event.user_id !== sealed.user_id) {
		return {ok: false, problem: ` names its log_id, date or user_id twice (filed as ${quote(sealed.log_id, 40)}, ${quote(sealed.date, 40)}, ${sealed.user_id === undefined ? 'no user' : quote(sealed.user_id, 40)})`};
	}

	return {ok: true, event};
}

// `["logs",{"log_id":"` and the bytes that must follow the id.
const linePrefix = Buffer.from('["logs",{"log_id":"');
const dateKey = Buffer.from('","date":"');
const userIdKey = Buffer.from('user_id');

function isWhitespace(byte: number | undefined): boolean {
	return byte === 0x20 || byte === 0x09 || byte === 0x0A || byte === 0x0D;
}

/**
 * The top-level `user_id` of the object whose content starts at `at`:
 * `{value}` when it is a plain string, `{}` when the object has none,
 * undefined when it cannot tell cheaply (the line is then parsed whole).
 */
function topLevelUserId(buffer: Buffer, at: number, end: number): {start?: number; end?: number} | undefined {
	let depth = 1;
	let index = at;
	while (index < end) {
		const byte = buffer[index]!;
		if (byte === quoteByte) {
			const contentStart = index + 1;
			// A damaged string (a raw control character) is the event's own problem, reported when it is read.
			const skipped = skipString(buffer, contentStart, end, false);
			if (skipped === 0) {
				return undefined;
			}

			index = Math.abs(skipped);
			if (depth !== 1) {
				continue;
			}

			const keyEnd = index - 1;
			while (index < end && isWhitespace(buffer[index])) {
				index++;
			}

			if (index >= end || buffer[index] !== colon) {
				// A value, not a key.
				continue;
			}

			if (skipped < 0) {
				// A key spelled with escapes might be "user_id": the parse decides.
				return undefined;
			}

			index++;
			if (keyEnd - contentStart !== userIdKey.length || !startsWith(buffer, contentStart, end, userIdKey)) {
				continue;
			}

			while (index < end && isWhitespace(buffer[index])) {
				index++;
			}

			if (index >= end || buffer[index] !== quoteByte) {
				return undefined;
			}

			const valueEnd = plainStringEnd(buffer, index + 1, end);
			return valueEnd === -1 ? undefined : {start: index + 1, end: valueEnd};
		}

		if (byte === openBrace || byte === openBracket) {
			depth++;
		} else if (byte === closeBrace || byte === closeBracket) {
			depth--;
			if (depth === 0) {
				// The object must end the row: `}` right before its `]`.
				return index === end - 1 ? {} : undefined;
			}
		}

		index++;
	}

	return undefined;
}

/** Where the fields a log line is filed by are in its bytes (see scanLogLine). */
export type ScannedLog = {
	readonly idStart: number;
	readonly idEnd: number;
	readonly dateStart: number;
	readonly dateEnd: number;
	/** The top-level user_id's content, or -1 when the event has none. */
	readonly userStart: number;
	readonly userEnd: number;
	/** The event's JSON object: [objectStart, objectEnd). */
	readonly objectStart: number;
	readonly objectEnd: number;
};

/**
 * Where the id, date, user_id and object of the log line `buffer[start, end)`
 * are, when it is in the canonical form: `["logs",{"log_id":"…","date":"…",…}]`
 * with the id, the date and a top-level user_id (if any) plain strings
 * (printable ASCII, no escapes); undefined when the line must be parsed whole
 * (another form, or something the parse should report).
 */
export function scanLogLine(buffer: Buffer, start: number, end: number): ScannedLog | undefined {
	if (!startsWith(buffer, start, end, linePrefix) || buffer[end - 1] !== closeBracket || buffer[end - 2] !== closeBrace) {
		return undefined;
	}

	const idStart = start + linePrefix.length;
	const idEnd = plainStringEnd(buffer, idStart, end);
	if (idEnd <= idStart || !startsWith(buffer, idEnd, end, dateKey)) {
		return undefined;
	}

	const dateStart = idEnd + dateKey.length;
	const dateEnd = plainStringEnd(buffer, dateStart, end);
	if (dateEnd === -1) {
		return undefined;
	}

	const userId = topLevelUserId(buffer, dateEnd + 1, end - 1);
	if (userId === undefined) {
		return undefined;
	}

	return {
		idStart,
		idEnd,
		dateStart,
		dateEnd,
		userStart: userId.start ?? -1,
		userEnd: userId.end ?? -1,
		objectStart: start + linePrefix.length - '{"log_id":"'.length,
		objectEnd: end - 1,
	};
}

/**
 * Files the snapshot line `buffer[start, end)`, which starts at byte `offset`
 * of the source's file, as a sealed log event when it is in the canonical form; undefined when the line must be parsed whole
 * (another form, or something the parse should report). `intern` gives the
 * string to keep for the event's user_id: the users table's own key, so a
 * million events of a user's share one string instead of holding a copy each.
 */
export function sealLogLine(buffer: Buffer, start: number, end: number, source: LogSource, offset: number, intern: (userId: string) => string = userId => userId): SealedLog | undefined {
	const scanned = scanLogLine(buffer, start, end);
	if (scanned === undefined) {
		return undefined;
	}

	return new SealedLog({
		log_id: buffer.toString('latin1', scanned.idStart, scanned.idEnd),
		date: buffer.toString('latin1', scanned.dateStart, scanned.dateEnd),
		user_id: scanned.userStart === -1 ? undefined : intern(buffer.toString('latin1', scanned.userStart, scanned.userEnd)),
	}, source, offset + (scanned.objectStart - start), scanned.objectEnd - scanned.objectStart);
}

/** The event itself, sealed or not; throws when a sealed one cannot be read (for tools and tests that go over a whole table). */
export function openStoredLog(log: StoredLog, validate?: ValidateFunction): LogEvent {
	if (!isSealed(log)) {
		return log;
	}

	const opened = openSealedLog(log, validate ?? validatorOf('logs'));
	if (!opened.ok) {
		throw new Error(describeLogProblem({log_id: log.log_id, problem: opened.problem}));
	}

	return opened.event;
}
