// JSON for terminals. JSON.stringify already escapes C0 controls, but leaves C1
// controls, BiDi overrides, zero-width and line-separator characters raw; those
// are legal in JSON strings when written as \u escapes, so we write them so.
// The set is the sanitizer's (unsafe-characters.ts), with line breaks allowed:
// the only raw LF in JSON.stringify's output is its own indentation, and an
// LF inside a string is already written as \n.
import {unsafeCharacters} from './unsafe-characters.js';

const unsafe = unsafeCharacters('allowed');

export function safeJson(value: unknown, indent: number | undefined = 2): string {
	const text = JSON.stringify(value, undefined, indent) ?? 'null';
	return text.replaceAll(unsafe, char => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}
