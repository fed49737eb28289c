// JSON.parse with a line and column for the first error, and no key given
// twice. JSON.parse makes the value (fast, and any depth); V8's messages differ
// between Node versions and often carry no position at all ("Unexpected token
// '}', "{"a":}" is not valid JSON"), so on failure Microsoft's jsonc-parser (VS
// Code's), in strict mode (no comments, no trailing commas), finds the error,
// and its visitor finds a repeated key. jsonc-parser places an error at the
// start of the token it is in; a string, number or word that is wrong inside
// is pointed at the character that makes it wrong (the one to fix).
import {type JSONVisitor, printParseErrorCode, visit} from 'jsonc-parser';
import type {JsonValue} from './types.js';

export type JsonParseResult =
	| {ok: true; value: JsonValue}
	| {
			ok: false;
			message: string;
			/** 1-based. */
			line: number;
			/** 1-based, in code points, so a caret can be placed under it. */
			column: number;
			/** 0-based UTF-16 offset into the text. */
			position: number;
	  };

type JsonError = {position: number; message: string};

/**
 * How deep objects and arrays may nest. JSON.parse takes any depth, but
 * JSON.stringify (which writes the store and every export) and jsonc-parser's
 * visitor recurse, and run out of stack a few thousand levels deeper than
 * this: a deeper value could be read but never written back.
 */
export const maxJsonDepth = 1000;

const strict = {disallowComments: true, allowTrailingComma: false, allowEmptyContent: false};

/** Thrown from inside the visitor to stop at the first finding. */
class Found {
	readonly error: JsonError;
	constructor(error: JsonError) {
		this.error = error;
	}
}

/**
 * Parses `text`, refusing what JSON.parse lets through silently: a key given
 * twice in one object (JSON.parse keeps the last; RFC 8259 leaves it
 * undefined, and an import or a metadata edit would lose the first value
 * without a word), and nesting deeper than `maxJsonDepth`.
 */
export function parseJsonWithPosition(text: string): JsonParseResult {
	let value: JsonValue;
	try {
		value = JSON.parse(text) as JsonValue;
	} catch (error) {
		const found = findJsonError(text) ?? {position: firstNonJsonSpace(text), message: messageOf(error)};
		return {ok: false, message: found.message, ...lineAndColumn(text, found.position)};
	}

	// Only containers can repeat a key or nest: scalars skip the scan.
	const problem = /^\s*[[{]/.test(text) ? findJsonError(text, {duplicateKeys: true}) : undefined;
	if (problem) {
		return {ok: false, message: problem.message, ...lineAndColumn(text, problem.position)};
	}

	return {ok: true, value};
}

/**
 * The first syntax error in `text` by RFC 8259 (with `duplicateKeys`, also the
 * first key repeated in one object), or undefined if there is none.
 */
export function findJsonError(text: string, options: {duplicateKeys?: boolean} = {}): JsonError | undefined {
	// The open containers: the keys seen so far in each object, undefined for arrays.
	const open: Array<Set<string> | undefined> = [];
	const enter = (keys: Set<string> | undefined, offset: number) => {
		open.push(keys);
		if (open.length > maxJsonDepth) {
			throw new Found({position: offset, message: `Nested more than ${maxJsonDepth} levels deep`});
		}
	};

	const visitor: JSONVisitor = {
		onObjectBegin: offset => enter(new Set(), offset),
		onArrayBegin: offset => enter(undefined, offset),
		onObjectEnd: () => void open.pop(),
		onArrayEnd: () => void open.pop(),
		onObjectProperty(key, offset, length) {
			const keys = open.at(-1);
			if (!options.duplicateKeys || keys === undefined) {
				return;
			}

			// jsonc-parser gives the key decoded: "a" and "\u0061" are the same key.
			if (keys.has(key)) {
				throw new Found({position: offset, message: `Duplicate key ${text.slice(offset, offset + length)} in one object (JSON keeps only one of them)`});
			}

			keys.add(key);
		},
		onError(code, offset, length) {
			throw new Found(describe(text, printParseErrorCode(code), offset, length, open.length === 0 ? undefined : open.at(-1) === undefined ? 'array' : 'object'));
		},
	};

	try {
		visit(text, visitor, strict);
	} catch (error) {
		if (error instanceof Found) {
			return error.error;
		}

		throw error;
	}

	return undefined;
}

/** jsonc-parser's error, worded as V8 words it, at the character to fix. */
function describe(text: string, code: string, offset: number, length: number, container: 'array' | 'object' | undefined): JsonError {
	const end = offset + length;
	const token = text.slice(offset, end);
	const unexpected = (position: number): JsonError => position >= text.length
		? {position: text.length, message: 'Unexpected end of JSON input'}
		: {position, message: `Unexpected token '${String.fromCodePoint(text.codePointAt(position)!)}'`};
	switch (code) {
		case 'ValueExpected': {
			return unexpected(offset);
		}

		case 'ColonExpected': {
			return offset >= text.length ? unexpected(offset) : {position: offset, message: "Expected ':' after property name"};
		}

		case 'CommaExpected':
		case 'CloseBraceExpected':
		case 'CloseBracketExpected': {
			if (offset >= text.length) {
				return unexpected(offset);
			}

			return {position: offset, message: container === 'array' ? "Expected ',' or ']' after array element" : "Expected ',' or '}' after property value"};
		}

		case 'PropertyNameExpected': {
			if (offset >= text.length) {
				return unexpected(offset);
			}

			const before = text.slice(0, offset).trimEnd().at(-1);
			return {position: offset, message: before === '{' ? "Expected property name or '}'" : 'Expected double-quoted property name'};
		}

		case 'EndOfFileExpected': {
			return {position: offset, message: 'Unexpected non-whitespace character after JSON'};
		}

		case 'InvalidCommentToken':
		case 'UnexpectedEndOfComment': {
			return {position: offset, message: 'Comments are not allowed in JSON'};
		}

		case 'UnexpectedEndOfNumber': {
			return {position: end, message: /[eE]/.test(token) ? 'Exponent part is missing a number' : 'Unterminated fractional number'};
		}

		case 'UnexpectedEndOfString': {
			// jsonc-parser ends a string at a line break; JSON refuses the break itself.
			return end < text.length
				? {position: end, message: 'Bad control character in string literal'}
				: {position: text.length, message: 'Unterminated string in JSON'};
		}

		case 'InvalidCharacter': {
			const control = token.search(/[\u0000-\u001F]/);
			return {position: offset + Math.max(control, 0), message: 'Bad control character in string literal'};
		}

		case 'InvalidEscapeCharacter': {
			const escape = /\\(?:u[\dA-Fa-f]{4}|["\\/bfnrt])|\\/g;
			for (const match of token.matchAll(escape)) {
				if (match[0] === '\\') {
					return {position: offset + match.index + 1, message: 'Bad escaped character'};
				}
			}

			return {position: offset, message: 'Bad escaped character'};
		}

		case 'InvalidUnicode': {
			const bad = token.search(/\\u(?![\dA-Fa-f]{4})/);
			return {position: offset + Math.max(bad, 0), message: 'Bad Unicode escape'};
		}

		case 'InvalidSymbol': {
			const before = text.slice(0, offset).trimEnd().at(-1);
			if (container === undefined && before !== undefined) {
				return {position: offset, message: 'Unexpected non-whitespace character after JSON'};
			}

			if (container === 'object' && (before === '{' || before === ',')) {
				return {position: offset, message: before === '{' ? "Expected property name or '}'" : 'Expected double-quoted property name'};
			}

			if (token === '-') {
				return {position: end, message: 'No number after minus sign'};
			}

			// A word that starts like true, false or null: where it stops being one.
			const literal = ['true', 'false', 'null'].find(word => word[0] === token[0]);
			if (literal !== undefined) {
				let index = 1;
				while (index < literal.length && text[offset + index] === literal[index]) {
					index++;
				}

				return unexpected(offset + index);
			}

			return unexpected(offset);
		}

		default: {
			return unexpected(offset);
		}
	}
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * Where text JSON.parse refused but jsonc-parser did not (it also takes
 * Unicode spaces, NBSP and a byte order mark as white space): the first
 * character that is not JSON white space outside a string.
 */
function firstNonJsonSpace(text: string): number {
	const index = text.search(/[^ \t\n\r]/);
	return index === -1 ? text.length : index;
}

function lineAndColumn(text: string, position: number): {line: number; column: number; position: number} {
	const before = text.slice(0, position);
	const lineStart = before.lastIndexOf('\n') + 1;
	let column = 1;
	for (const _ of before.slice(lineStart)) {
		column++;
	}

	let line = 1;
	for (let index = before.indexOf('\n'); index !== -1; index = before.indexOf('\n', index + 1)) {
		line++;
	}

	return {line, column, position};
}
