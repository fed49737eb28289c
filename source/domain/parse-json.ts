// JSON.parse with a line and column for the first error. V8's messages differ
// between Node versions and often carry no position at all ("Unexpected token
// '}', "{"a":}" is not valid JSON"), so on failure a small scanner finds the
// offending character itself and words the message the same way everywhere.
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
 * Parses `text`, refusing what JSON.parse lets through silently: a key given
 * twice in one object (JSON.parse keeps the last; RFC 8259 leaves it
 * undefined, and an import or a metadata edit would lose the first value
 * without a word).
 */
export function parseJsonWithPosition(text: string): JsonParseResult {
	let value: JsonValue;
	try {
		value = JSON.parse(text) as JsonValue;
	} catch (error) {
		const found = findJsonError(text) ?? {position: text.length, message: messageOf(error)};
		return {ok: false, message: found.message, ...lineAndColumn(text, found.position)};
	}

	// Only objects can repeat a key: most metadata and every scalar skip the scan.
	const duplicate = text.includes(':') ? findJsonError(text, {duplicateKeys: true}) : undefined;
	if (duplicate) {
		return {ok: false, message: duplicate.message, ...lineAndColumn(text, duplicate.position)};
	}

	return {ok: true, value};
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
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

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose';

/**
 * The first syntax error in `text` by RFC 8259, or undefined if there is none.
 * Iterative, so deeply nested input cannot overflow the stack.
 */
export function findJsonError(text: string, options: {duplicateKeys?: boolean} = {}): JsonError | undefined {
	const stack: Array<'array' | 'object'> = [];
	// With duplicateKeys: the keys seen so far in each open object (undefined for arrays).
	const keys: Array<Set<string> | undefined> = [];
	let expect: Expect = 'value';
	let index = 0;

	const fail = (message: string, position = index): JsonError => ({position, message});
	const unexpected = (position: number): JsonError =>
		position >= text.length
			? fail('Unexpected end of JSON input', text.length)
			: fail(`Unexpected token '${String.fromCodePoint(text.codePointAt(position) ?? 0)}'`, position);

	const scanString = (): JsonError | undefined => {
		index++;
		while (index < text.length) {
			const code = text.charCodeAt(index);
			if (code === 0x22) {
				index++;
				return undefined;
			}

			if (code < 0x20) {
				return fail('Bad control character in string literal');
			}

			if (code === 0x5c) {
				const escape = text[index + 1];
				if (escape === undefined) {
					break;
				}

				if (escape === 'u') {
					if (!/^[\dA-Fa-f]{4}$/.test(text.slice(index + 2, index + 6))) {
						return fail('Bad Unicode escape');
					}

					index += 6;
					continue;
				}

				if (!'"\\/bfnrt'.includes(escape)) {
					return fail('Bad escaped character', index + 1);
				}

				index += 2;
				continue;
			}

			index++;
		}

		return fail('Unterminated string in JSON', text.length);
	};

	const scanDigits = (): number => {
		const start = index;
		while (index < text.length && isDigit(text.charCodeAt(index))) {
			index++;
		}

		return index - start;
	};

	const scanNumber = (): JsonError | undefined => {
		if (text[index] === '-') {
			index++;
			if (!isDigit(text.charCodeAt(index))) {
				return fail('No number after minus sign');
			}
		}

		if (text[index] === '0') {
			index++;
		} else {
			scanDigits();
		}

		if (text[index] === '.') {
			index++;
			if (scanDigits() === 0) {
				return fail('Unterminated fractional number');
			}
		}

		if (text[index] === 'e' || text[index] === 'E') {
			index++;
			if (text[index] === '+' || text[index] === '-') {
				index++;
			}

			if (scanDigits() === 0) {
				return fail('Exponent part is missing a number');
			}
		}

		return undefined;
	};

	const scanScalar = (): JsonError | undefined => {
		const char = text[index];
		if (char === '"') {
			return scanString();
		}

		if (char === '-' || isDigit(text.charCodeAt(index))) {
			return scanNumber();
		}

		for (const literal of ['true', 'false', 'null']) {
			if (char === literal[0]) {
				for (let offset = 1; offset < literal.length; offset++) {
					if (text[index + offset] !== literal[offset]) {
						return unexpected(index + offset);
					}
				}

				index += literal.length;
				return undefined;
			}
		}

		return unexpected(index);
	};

	for (;;) {
		while (index < text.length && isJsonSpace(text.charCodeAt(index))) {
			index++;
		}

		if (index >= text.length) {
			return expect === 'commaOrClose' && stack.length === 0 ? undefined : unexpected(index);
		}

		const char = text[index];
		switch (expect) {
			case 'value':
			case 'valueOrClose': {
				if (char === ']' && expect === 'valueOrClose') {
					stack.pop();
					keys.pop();
					index++;
					expect = 'commaOrClose';
				} else if (char === '{') {
					stack.push('object');
					keys.push(options.duplicateKeys ? new Set() : undefined);
					index++;
					expect = 'keyOrClose';
				} else if (char === '[') {
					stack.push('array');
					keys.push(undefined);
					index++;
					expect = 'valueOrClose';
				} else {
					const error = scanScalar();
					if (error) {
						return error;
					}

					expect = 'commaOrClose';
				}

				break;
			}

			case 'key':
			case 'keyOrClose': {
				if (char === '}' && expect === 'keyOrClose') {
					stack.pop();
					keys.pop();
					index++;
					expect = 'commaOrClose';
					break;
				}

				if (char !== '"') {
					return fail(expect === 'keyOrClose' ? "Expected property name or '}'" : 'Expected double-quoted property name');
				}

				const keyStart = index;
				const error = scanString();
				if (error) {
					return error;
				}

				const seen = keys.at(-1);
				if (seen) {
					const raw = text.slice(keyStart, index);
					// Escapes spell the same key differently ("a" and "\u0061"): compare decoded keys.
					const key = raw.includes('\\') ? JSON.parse(raw) as string : raw.slice(1, -1);
					if (seen.has(key)) {
						return fail(`Duplicate key ${raw} in one object (JSON keeps only one of them)`, keyStart);
					}

					seen.add(key);
				}

				expect = 'colon';
				break;
			}

			case 'colon': {
				if (char !== ':') {
					return fail("Expected ':' after property name");
				}

				index++;
				expect = 'value';
				break;
			}

			case 'commaOrClose': {
				const container = stack.at(-1);
				if (container === undefined) {
					return fail('Unexpected non-whitespace character after JSON');
				}

				if (char === ',') {
					index++;
					expect = container === 'array' ? 'value' : 'key';
				} else if ((container === 'array' && char === ']') || (container === 'object' && char === '}')) {
					stack.pop();
					keys.pop();
					index++;
				} else {
					return fail(container === 'array' ? "Expected ',' or ']' after array element" : "Expected ',' or '}' after property value");
				}

				break;
			}
		}
	}
}

function isDigit(code: number): boolean {
	return code >= 0x30 && code <= 0x39;
}

function isJsonSpace(code: number): boolean {
	return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
