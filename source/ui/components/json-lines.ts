// JSON as coloured lines for the Raw JSON tab and the event viewer. Pure: the
// view only windows and paints the segments. The text of the lines, joined with
// newlines, is the same document `safeJson` writes, so what is shown is what `y`
// copies; strings and keys are escaped so no control, BiDi or invisible
// character reaches the terminal (they read as `\u202e`, `\u001b`, …).
import {sanitize} from '../../terminal/sanitize.js';
import {safeJson} from '../../terminal/safe-json.js';

export type JsonToken = 'key' | 'string' | 'number' | 'literal' | 'punctuation';

export type JsonSegment = {readonly text: string; readonly token: JsonToken};

export type JsonLine = readonly JsonSegment[];

const indentUnit = '  ';

/**
 * The lines of `value` pretty-printed with two spaces, as `JSON.stringify`
 * would (undefined members left out, `toJSON` honoured, non-finite numbers as
 * null). A value JSON cannot represent at all (undefined, a function) is `null`.
 */
export function jsonLines(value: unknown): JsonLine[] {
	// Round-tripping applies every JSON.stringify rule once, so the walk below
	// only meets plain JSON values.
	const text = JSON.stringify(value);
	const plain: unknown = text === undefined ? null : JSON.parse(text);
	const lines: JsonSegment[][] = [];
	writeValue(lines, [], plain, 0, false);
	return lines;
}

/** Writes `value` starting on the line `head` (which holds the indentation and, for members, the key). */
function writeValue(lines: JsonSegment[][], head: JsonSegment[], value: unknown, depth: number, comma: boolean): void {
	const tail: JsonSegment[] = comma ? [{text: ',', token: 'punctuation'}] : [];
	if (Array.isArray(value)) {
		if (value.length === 0) {
			lines.push([...head, {text: '[]', token: 'punctuation'}, ...tail]);
			return;
		}

		lines.push([...head, {text: '[', token: 'punctuation'}]);
		for (const [index, item] of value.entries()) {
			writeValue(lines, indentation(depth + 1), item, depth + 1, index < value.length - 1);
		}

		lines.push([...indentation(depth), {text: ']', token: 'punctuation'}, ...tail]);
		return;
	}

	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value);
		if (entries.length === 0) {
			lines.push([...head, {text: '{}', token: 'punctuation'}, ...tail]);
			return;
		}

		lines.push([...head, {text: '{', token: 'punctuation'}]);
		for (const [index, [key, member]] of entries.entries()) {
			const memberHead: JsonSegment[] = [
				...indentation(depth + 1),
				{text: quote(key), token: 'key'},
				{text: ': ', token: 'punctuation'},
			];
			writeValue(lines, memberHead, member, depth + 1, index < entries.length - 1);
		}

		lines.push([...indentation(depth), {text: '}', token: 'punctuation'}, ...tail]);
		return;
	}

	lines.push([...head, scalar(value), ...tail]);
}

function scalar(value: unknown): JsonSegment {
	if (typeof value === 'string') {
		return {text: quote(value), token: 'string'};
	}

	if (typeof value === 'number') {
		return {text: JSON.stringify(value), token: 'number'};
	}

	return {text: JSON.stringify(value) ?? 'null', token: 'literal'};
}

/**
 * A JSON string literal safe to draw: `safeJson` escapes C0, C1, BiDi and
 * line-separator characters; `sanitize` then writes the few invisible
 * characters JSON allows raw (U+2060, U+180E, a stray U+200D, …) as `\uXXXX`,
 * which is still the same JSON string.
 */
function quote(text: string): string {
	return sanitize(safeJson(text, undefined));
}

function indentation(depth: number): JsonSegment[] {
	return depth === 0 ? [] : [{text: indentUnit.repeat(depth), token: 'punctuation'}];
}

/** The plain text of a line (for copying, searching and tests). */
export function lineText(line: JsonLine): string {
	return line.map(segment => segment.text).join('');
}
