// The journal, `PATH-journal`: one JSON line per committed transaction,
// appended with a single write and fsynced before the commit returns (like
// SQLite's WAL). A crash mid-append leaves a last line without its newline or
// one that does not parse: a torn tail, ignored by readers and cut off by the
// next writer. A bad line with more lines after it cannot come from a crash;
// it is corruption and the store is refused.
import {isUtf8} from 'node:buffer';
import type {FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {fileMode, fsyncDir, writeAll, writeFileAtomic} from './atomic-file.js';
import {type FileIdentity, identityOf, sameInode} from './file-identity.js';
import {appendFlags, io, kindOf, readFlags, updateFlags} from './io.js';
import {readLines} from './line-reader.js';
import {quote, quotePath} from './quote.js';
import {isTableName, rowProblem} from './schema.js';
import {isErrno, loadError, StoreError} from './store-error.js';
import type {StorePaths} from './store-paths.js';
import type {JournalEntry} from './tables.js';

const mebibyte = 1024 * 1024;
/** One transaction's line; a bigger transaction is refused before it is written. */
export const maxJournalLineBytes = 256 * mebibyte;

export type JournalRead = {
	/** Valid entries after `start`, in file order. */
	readonly entries: JournalEntry[];
	/** Offset just past the last valid line. */
	readonly end: number;
	/** Number of the line after the last valid one. */
	readonly nextLine: number;
	/** Bytes after `end` that are a torn tail (a crashed append). */
	readonly tornBytes: number;
	/** The file read (by its open descriptor), or undefined when there is none. */
	readonly identity: FileIdentity | undefined;
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks one parsed journal line. Returns the problem, or undefined when the
 * entry is well formed (every row valid against its table's schema).
 */
export function entryProblem(value: unknown): string | undefined {
	if (!isPlainObject(value)) {
		return 'an entry must be an object';
	}

	for (const name of Object.keys(value)) {
		if (name !== 'seq' && name !== 'time' && name !== 'changes') {
			return `unknown field ${quote(name, 40)}`;
		}
	}

	if (!Number.isSafeInteger(value.seq) || (value.seq as number) < 1) {
		return `invalid seq ${quote(value.seq)}`;
	}

	if (typeof value.time !== 'string') {
		return 'time must be a string';
	}

	if (!Array.isArray(value.changes)) {
		return 'changes must be an array';
	}

	for (const [index, change] of (value.changes as unknown[]).entries()) {
		const problem = changeProblem(change);
		if (problem !== undefined) {
			return `changes[${index}]${problem}`;
		}
	}

	return undefined;
}

/** The problem with one change (prefixed by where it is), or undefined. */
export function changeProblem(change: unknown): string | undefined {
	if (!isPlainObject(change)) {
		return ' must be an object';
	}

	if (!isTableName(change.table)) {
		return ` names an unknown table ${quote(change.table)}`;
	}

	if (change.op === 'put') {
		if (Object.keys(change).length !== 3 || !Object.hasOwn(change, 'value')) {
			return ' must be {op, table, value}';
		}

		const problem = rowProblem(change.table, change.value);
		return problem === undefined ? undefined : ` (put ${change.table})${problem}`;
	}

	if (change.op === 'delete') {
		if (Object.keys(change).length !== 3 || typeof change.key !== 'string' || change.key === '') {
			return ' must be {op, table, key} with a non-empty key';
		}

		return undefined;
	}

	return ` has an unknown op ${quote(change.op)}`;
}

class NulFound {
	readonly line: number;
	readonly offset: number;
	constructor(line: number, offset: number) {
		this.line = line;
		this.offset = offset;
	}
}

/** Whether the file has a newline before its last byte, looking from `offset`. */
async function hasLineAfter(fh: FileHandle, offset: number, size: number): Promise<boolean> {
	const chunk = Buffer.allocUnsafe(1024 * 1024);
	let position = offset;
	while (position < size) {
		const {bytesRead} = await fh.read(chunk, 0, Math.min(chunk.length, size - position), position);
		if (bytesRead === 0) {
			return false;
		}

		const newline = chunk.subarray(0, bytesRead).indexOf(10);
		if (newline !== -1) {
			return position + newline < size - 1;
		}

		position += bytesRead;
	}

	return false;
}

/** Where a reader left off: it continues from there if the journal is still the same file. */
export type JournalPosition = {
	readonly identity: FileIdentity | undefined;
	readonly start: number;
	readonly firstLine: number;
};

/**
 * Reads the journal, from the start or from where a reader left off. Returns
 * 'replaced' when the journal is no longer the file that reader read (a
 * compaction put a new one in place): the reader must load the store again.
 * Missing journal: no entries. Never writes. Throws StoreError 'CORRUPT' for
 * a bad line in the middle or an invalid entry.
 */
export async function readJournal(paths: StorePaths, from?: JournalPosition): Promise<JournalRead | 'replaced'> {
	const start = from?.start ?? 0;
	const firstLine = from?.firstLine ?? 1;
	let fh: FileHandle;
	try {
		fh = await io.open(paths.journal, readFlags);
	} catch (error) {
		if (isErrno(error, 'ENOENT')) {
			return from?.identity ? 'replaced' : {entries: [], end: 0, nextLine: 1, tornBytes: 0, identity: undefined};
		}

		throw error;
	}

	const corrupt = (line: number, problem: string): StoreError =>
		loadError('CORRUPT', paths.display, `journal ${quotePath(paths.journal)} line ${line}: ${problem}`);

	try {
		const stats = await fh.stat({bigint: true});
		if (!stats.isFile()) {
			throw loadError('CORRUPT', paths.display, `the journal ${quotePath(paths.journal)} is not a regular file`);
		}

		const identity = identityOf(stats);
		const size = Number(stats.size);
		if (from && (from.identity ? !sameInode(identity, from.identity) || size < start : start !== 0)) {
			return 'replaced';
		}

		const entries: JournalEntry[] = [];
		let end = start;
		let nextLine = firstLine;
		// A line that did not parse: fine as the last line (torn), corruption before another.
		let bad: {line: number; problem: string} | undefined;
		let lineOffset = start;

		const onLine = (buffer: Buffer, from: number, to: number, line: number): void => {
			lineOffset += to - from + 1;
			if (bad) {
				throw corrupt(bad.line, bad.problem);
			}

			const bytes = buffer.subarray(from, to);
			let value: unknown;
			try {
				if (!isUtf8(bytes)) {
					throw new Error('not UTF-8');
				}

				value = JSON.parse(bytes.toString('utf8'));
			} catch {
				bad = {line, problem: `not valid JSON (found ${quote(bytes.toString('utf8', 0, Math.min(bytes.length, 120)), 40)})`};
				return;
			}

			const problem = entryProblem(value);
			if (problem !== undefined) {
				throw corrupt(line, problem);
			}

			const entry = value as JournalEntry;
			const previous = entries.at(-1);
			if (previous && entry.seq !== previous.seq + 1) {
				throw corrupt(line, `seq ${entry.seq} follows seq ${previous.seq}`);
			}

			entries.push(entry);
			end = lineOffset;
			nextLine = line + 1;
		};

		let tail: Buffer | undefined;
		let eof: number;
		try {
			const result = await readLines(fh, {
				start,
				firstLine,
				maxLineBytes: maxJournalLineBytes,
				onLine,
				onTooLong: line => corrupt(line, `longer than ${maxJournalLineBytes / mebibyte} MiB`),
				// Zeros are what a crash can leave at the end of a file; they are never kept in memory.
				onNul: (line, offset) => new NulFound(line, offset) as unknown as Error,
			});
			tail = result.tail;
			eof = result.eof;
		} catch (error) {
			if (!(error instanceof NulFound)) {
				throw error;
			}

			if (bad) {
				throw corrupt(bad.line, bad.problem);
			}

			if (await hasLineAfter(fh, error.offset, size)) {
				throw corrupt(error.line, 'contains a NUL byte');
			}

			return {entries, end, nextLine, tornBytes: Math.max(0, size - end), identity};
		}

		if (bad && tail) {
			throw corrupt(bad.line, bad.problem);
		}

		return {entries, end, nextLine, tornBytes: eof - end, identity};
	} finally {
		await fh.close().catch(() => {});
	}
}

/**
 * Appends one line (ending with a newline) with a single write and fsyncs it.
 * `expectedSize` is the size the caller, holding the lock, knows the journal
 * has: anything else means someone wrote without the lock, and nothing is
 * written. A failed write is rolled back so the entry is all or nothing.
 * Returns the journal's identity (compared by inode only) with its new size.
 */
export async function appendJournal(paths: StorePaths, bytes: Buffer, expectedSize: number): Promise<FileIdentity> {
	const journalPath = paths.journal;
	let fh: FileHandle;
	let created = false;
	try {
		// The first entry creates the journal; the folder must then be fsynced too.
		fh = await io.open(journalPath, appendFlags(expectedSize === 0), fileMode);
		created = expectedSize === 0;
	} catch (error) {
		if (!isErrno(error, 'EEXIST')) {
			throw error;
		}

		fh = await io.open(journalPath, appendFlags(false), fileMode);
	}

	try {
		const stats = await fh.stat({bigint: true});
		if (!stats.isFile()) {
			throw new StoreError('IO', paths.display, `Cannot write store ${quotePath(paths.display)}: the journal ${quotePath(journalPath)} is ${kindOf(stats)}, not a regular file; nothing was written`);
		}

		if (created) {
			await fh.chmod(fileMode);
		}

		if (Number(stats.size) !== expectedSize) {
			throw new StoreError('IO', paths.display, `Cannot write store ${quotePath(paths.display)}: the journal ${quotePath(journalPath)} changed while this process held the lock (size ${stats.size}, expected ${expectedSize}); nothing was written`);
		}

		try {
			await writeAll(fh, bytes);
			await fh.sync();
		} catch (error) {
			// Leave no half entry behind for readers to trip over.
			await fh.truncate(expectedSize).then(async () => fh.sync()).catch(() => {});
			throw error;
		}

		await fh.close();
		if (created) {
			await fsyncDir(path.dirname(journalPath));
		}

		return {...identityOf(stats), size: stats.size + BigInt(bytes.length)};
	} catch (error) {
		await fh.close().catch(() => {});
		throw error;
	}
}

/** Cuts a torn tail off; called by the writer, under the lock, before it appends. */
export async function truncateJournal(paths: StorePaths, size: number): Promise<void> {
	const fh = await io.open(paths.journal, updateFlags);
	try {
		const stats = await fh.stat();
		if (!stats.isFile()) {
			throw new StoreError('IO', paths.display, `Cannot write store ${quotePath(paths.display)}: the journal ${quotePath(paths.journal)} is ${kindOf(stats)}, not a regular file`);
		}

		await fh.truncate(size);
		await fh.sync();
	} finally {
		await fh.close();
	}
}

/** Replaces the journal with an empty file (a new inode, so readers notice). */
export async function resetJournal(paths: StorePaths): Promise<void> {
	await writeFileAtomic(paths.journal, async () => {});
}
