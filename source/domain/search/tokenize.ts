// Splits a query into tokens, each with its place in the query for error carets.
import {SearchSyntaxError} from './search-syntax-error.js';

export type Punctuation = '(' | ')' | '[' | ']' | '{' | '}' | ':' | '-' | '+';

export type Token =
	| {
			kind: 'word';
			/** The text with escapes resolved; unescaped `*` kept as wildcards in `segments`. */
			text: string;
			/** Literal parts between unescaped `*`; one part means no wildcard. */
			segments: string[];
			/** The word exactly as typed, to recognise AND/OR/NOT/TO only when not escaped. */
			raw: string;
			start: number;
			end: number;
	  }
	| {kind: 'phrase'; text: string; start: number; end: number}
	| {kind: Punctuation; start: number; end: number}
	| {kind: 'AND' | 'OR' | 'NOT'; start: number; end: number}
	| {kind: 'end'; start: number; end: number};

// Characters that end an unquoted word. `:` is among them only where a field
// name may stand, so values like `10:30` or `auth0|x:y` need no escaping.
const wordBreak = new Set(['(', ')', '[', ']', '{', '}', '"']);

export function tokenize(query: string): Token[] {
	const tokens: Token[] = [];
	let index = 0;
	let rangeDepth = 0;

	while (index < query.length) {
		const char = query[index]!;
		if (isSpace(char)) {
			index++;
			continue;
		}

		const start = index;
		const previous = tokens.at(-1);
		if (char === '(' || char === ')' || char === ':') {
			tokens.push({kind: char, start, end: ++index});
			continue;
		}

		if (char === '[' || char === '{') {
			rangeDepth++;
			tokens.push({kind: char, start, end: ++index});
			continue;
		}

		if (char === ']' || char === '}') {
			rangeDepth = Math.max(0, rangeDepth - 1);
			tokens.push({kind: char, start, end: ++index});
			continue;
		}

		if (char === '"') {
			const phrase = readPhrase(query, start);
			tokens.push(phrase);
			index = phrase.end;
			continue;
		}

		// `-term` and `+term` only at the start of a clause; inside a word
		// (`google-oauth2`) or after `:` (`-5`) a sign is a literal.
		const atClauseStart = start === 0 || isSpace(query[start - 1]!) || query[start - 1] === '(';
		const next = query[start + 1];
		if ((char === '-' || char === '+') && atClauseStart && next !== undefined && !isSpace(next) && next !== ')') {
			tokens.push({kind: char, start, end: ++index});
			continue;
		}

		const colonEndsWord = rangeDepth === 0 && previous?.kind !== ':';
		const word = readWord(query, start, colonEndsWord);
		index = word.end;
		if (word.raw === 'AND' || word.raw === 'OR' || word.raw === 'NOT') {
			tokens.push({kind: word.raw, start, end: word.end});
		} else {
			tokens.push(word);
		}
	}

	tokens.push({kind: 'end', start: query.length, end: query.length});
	return tokens;
}

function readPhrase(query: string, start: number): Token & {kind: 'phrase'} {
	let text = '';
	let index = start + 1;
	while (index < query.length) {
		const char = query[index]!;
		if (char === '"') {
			return {kind: 'phrase', text, start, end: index + 1};
		}

		if (char === '\\') {
			const escaped = query[index + 1];
			if (escaped === undefined) {
				break;
			}

			text += escaped;
			index += 2;
			continue;
		}

		text += char;
		index++;
	}

	throw new SearchSyntaxError('Unterminated quoted phrase: add the closing "', start);
}

function readWord(query: string, start: number, colonEndsWord: boolean): Token & {kind: 'word'} {
	const segments: string[] = [''];
	let text = '';
	let index = start;
	while (index < query.length) {
		const char = query[index]!;
		if (isSpace(char) || wordBreak.has(char) || (char === ':' && colonEndsWord)) {
			break;
		}

		if (char === '\\') {
			const escaped = query[index + 1];
			if (escaped === undefined) {
				throw new SearchSyntaxError('Nothing to escape after "\\"', index);
			}

			// A surrogate pair is one character to escape.
			const codePoint = String.fromCodePoint(query.codePointAt(index + 1)!);
			text += codePoint;
			segments[segments.length - 1] += codePoint;
			index += 1 + codePoint.length;
			continue;
		}

		text += char;
		if (char === '*') {
			segments.push('');
		} else {
			segments[segments.length - 1] += char;
		}

		index++;
	}

	return {kind: 'word', text, segments, raw: query.slice(start, index), start, end: index};
}

function isSpace(char: string): boolean {
	return char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\u00A0' || char === '\u3000';
}
