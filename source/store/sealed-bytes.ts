// What every sealed row shares (sealed-log.ts, sealed-user.ts,
// sealed-record.ts): where its JSON object is in the snapshot file, how it is
// read back, parsed and checked, and the byte helpers their scanners use to
// read a canonical line (`JSON.stringify`'s output: no whitespace, keys as
// plain text) without parsing it. The scanners are conservative: anything
// they cannot read exactly as JSON.parse would makes them give up, and the
// line is then parsed and checked whole at load, as it always was.
import type {ValidateFunction} from 'ajv';
import {rowProblem} from './schema.js';
import type {LogSource} from './sealed-log.js';
import type {TableName} from './tables.js';

/** A row not parsed yet: where its JSON object is in the snapshot file it was read from. */
export abstract class SealedBytes {
	/** The file the row is read from. */
	protected abstract get source(): LogSource;

	/** Where the row's JSON object starts in its source's file. */
	abstract get byteOffset(): number;

	abstract get byteLength(): number;

	/** The same bytes were written at `offset` of `source` (a compaction's new snapshot). */
	abstract moveTo(source: LogSource, offset: number): void;

	/** The row's JSON object as it is in the snapshot; undefined when the file no longer holds it. */
	json(sequential = false): string | undefined {
		return this.source.read(this.byteOffset, this.byteLength, sequential);
	}

	/** Whether the row is read from `source`. */
	readsFrom(source: LogSource): boolean {
		return this.source === source;
	}

	/** As the row itself, for `JSON.stringify` (a damaged one as its text). */
	toJSON(): unknown {
		const json = this.json();
		try {
			return JSON.parse(json ?? 'null') as unknown;
		} catch {
			return json;
		}
	}
}

/** A sealed row that keeps where it is in fields of its own. */
export class SealedAt extends SealedBytes {
	#source: LogSource;
	#offset: number;
	readonly #length: number;

	constructor(source: LogSource, offset: number, length: number) {
		super();
		this.#source = source;
		this.#offset = offset;
		this.#length = length;
	}

	protected get source(): LogSource {
		return this.#source;
	}

	get byteOffset(): number {
		return this.#offset;
	}

	get byteLength(): number {
		return this.#length;
	}

	moveTo(source: LogSource, offset: number): void {
		this.#source = source;
		this.#offset = offset;
	}
}

/** A sealed row read, parsed and checked against `table`'s schema; or why it cannot be, to be prefixed with the row's name. */
export function readSealed(sealed: SealedBytes, table: TableName, validate: ValidateFunction): {ok: true; value: unknown} | {ok: false; problem: string} {
	let json: string | undefined;
	try {
		json = sealed.json();
	} catch (error) {
		if (typeof (error as NodeJS.ErrnoException).code !== 'string') {
			throw error;
		}

		return {ok: false, problem: ` cannot be read from the store file (${(error as NodeJS.ErrnoException).code!})`};
	}

	if (json === undefined) {
		return {ok: false, problem: ' is no longer in the store file (it was cut short)'};
	}

	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch {
		// Not the parser's message: it quotes the damaged text, which may hold control characters.
		return {ok: false, problem: ' is not valid JSON'};
	}

	const problem = rowProblem(table, value, validate);
	return problem === undefined ? {ok: true, value} : {ok: false, problem};
}

// ---------------------------------------------------------------- bytes

export const quoteByte = 0x22;
export const backslash = 0x5C;
export const colon = 0x3A;
export const comma = 0x2C;
export const openBrace = 0x7B;
export const closeBrace = 0x7D;
export const openBracket = 0x5B;
export const closeBracket = 0x5D;

export function startsWith(buffer: Buffer, at: number, end: number, expected: Buffer): boolean {
	if (end - at < expected.length) {
		return false;
	}

	for (let index = 0; index < expected.length; index++) {
		if (buffer[at + index] !== expected[index]) {
			return false;
		}
	}

	return true;
}

/** The end of a plain string's content starting at `at` (ASCII, no escapes, no control characters), or -1. */
export function plainStringEnd(buffer: Buffer, at: number, end: number): number {
	for (let index = at; index < end; index++) {
		const byte = buffer[index]!;
		if (byte === quoteByte) {
			return index;
		}

		if (byte === backslash || byte < 0x20 || byte > 0x7E) {
			return -1;
		}
	}

	return -1;
}

/**
 * Past the closing quote of the string whose content starts at `at` (negated
 * when it has an escape), or 0 when it does not end, or (`rejectControl`)
 * holds a raw control character, which JSON strings never do: the parse decides.
 */
export function skipString(buffer: Buffer, at: number, end: number, rejectControl = true): number {
	let escaped = false;
	for (let index = at; index < end; index++) {
		const byte = buffer[index]!;
		if (byte === quoteByte) {
			return escaped ? -(index + 1) : index + 1;
		}

		if (byte === backslash) {
			escaped = true;
			index++;
		} else if (byte < 0x20 && rejectControl) {
			return 0;
		}
	}

	return 0;
}

/**
 * Past the closing quote of a string whose content starts at `at`, found with
 * `indexOf` (native, a few bytes a cycle) and the backslashes before a quote
 * counted; 0 when it does not end. For values the scanners do not read: what
 * is inside (control characters, bad escapes) is the parse's to report when
 * the row is read.
 */
export function passString(buffer: Buffer, at: number, end: number): number {
	let from = at;
	for (;;) {
		const quoteAt = buffer.indexOf(quoteByte, from);
		if (quoteAt === -1 || quoteAt >= end) {
			return 0;
		}

		let backslashes = 0;
		while (quoteAt - backslashes - 1 >= at && buffer[quoteAt - backslashes - 1] === backslash) {
			backslashes++;
		}

		if (backslashes % 2 === 0) {
			return quoteAt + 1;
		}

		from = quoteAt + 1;
	}
}

/** Past the end of the object or array opening at `at`, skipping strings; 0 when it does not end. */
export function skipNested(buffer: Buffer, at: number, end: number): number {
	let depth = 0;
	for (let index = at; index < end; index++) {
		const byte = buffer[index]!;
		if (byte === quoteByte) {
			const skipped = passString(buffer, index + 1, end);
			if (skipped === 0) {
				return 0;
			}

			index = skipped - 1;
		} else if (byte === openBrace || byte === openBracket) {
			depth++;
		} else if (byte === closeBrace || byte === closeBracket) {
			depth--;
			if (depth === 0) {
				return index + 1;
			}
		}
	}

	return 0;
}

/** Past a number, `true`, `false` or `null` starting at `at`: up to the next `,` or `}` of the object. */
export function skipScalar(buffer: Buffer, at: number, end: number): number {
	let index = at;
	while (index < end) {
		const byte = buffer[index]!;
		if (byte === comma || byte === closeBrace) {
			// An empty value (`"x":,`) is not one: the parse refuses it.
			return index === at ? 0 : index;
		}

		if (byte === quoteByte || byte === openBrace || byte === openBracket || byte === closeBracket || byte <= 0x20) {
			return 0;
		}

		index++;
	}

	return 0;
}

/** Past a value the scanner does not read, starting at `at` (a string, an object, an array or a scalar); 0 when it cannot tell. */
export function skipValue(buffer: Buffer, at: number, end: number): number {
	const first = buffer[at];
	if (first === quoteByte) {
		return passString(buffer, at + 1, end);
	}

	return first === openBrace || first === openBracket ? skipNested(buffer, at, end) : skipScalar(buffer, at, end);
}

/**
 * Walks the members of an object in the canonical form from `at` (the first
 * member's opening quote, or the object's `}` at `objectEnd - 1` when it has
 * none): `visit` gets where each name's quotes are [nameStart, nameEnd) and
 * where its value starts, and gives where the value ends (0: give up). False
 * when the object is not canonical (whitespace, a name with escapes, a
 * trailing comma: the parse decides) or `visit` gave up.
 */
export function walkMembers(buffer: Buffer, at: number, objectEnd: number, visit: (nameStart: number, nameEnd: number, valueStart: number) => number): boolean {
	const close = objectEnd - 1;
	let index = at;
	if (index === close) {
		return true;
	}

	for (;;) {
		if (buffer[index] !== quoteByte) {
			return false;
		}

		const nameEnd = skipString(buffer, index + 1, objectEnd);
		if (nameEnd <= 0 || buffer[nameEnd] !== colon) {
			return false;
		}

		const valueEnd = visit(index, nameEnd, nameEnd + 1);
		if (valueEnd === 0) {
			return false;
		}

		if (valueEnd === close) {
			return true;
		}

		if (buffer[valueEnd] !== comma || valueEnd + 1 >= close) {
			return false;
		}

		index = valueEnd + 1;
	}
}
