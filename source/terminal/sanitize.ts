// The one gate between stored text and the terminal. Ink 6.8 writes strings
// through untouched, so an ESC in a user's name could clear the screen, retitle
// the window, set a hyperlink or write the clipboard (OSC 52); CR and BS let a
// value overwrite what is drawn before it, and BiDi controls reorder it. Every
// such character becomes a visible escape (`\x1b`, `\r`, `\u202e`), so the
// output contains nothing a terminal acts on and the admin can see what the
// data really holds (the fix kubectl and git chose for CVE-2021-25743 and
// CVE-2024-52005).

import {unsafeCharacters} from './unsafe-characters.js';

// Which characters are unsafe is defined once (unsafe-characters.ts).
// Separate non-global copies for the clean check, so `test` never depends on `lastIndex`.
const singleLineTest = unsafeCharacters('unsafe', 'u');
const singleLineReplace = unsafeCharacters('unsafe');
const multilineTest = unsafeCharacters('allowed', 'u');
const multilineReplace = unsafeCharacters('allowed');

const namedEscapes: Readonly<Record<string, string>> = {
	'\t': '\\t',
	'\n': '\\n',
	'\r': '\\r',
};

// Hostile data tends to repeat the same few characters; the set of unsafe
// characters is finite (about 2,200), so the cache is bounded.
const escapeCache = new Map<string, string>();

/** The visible form of one unsafe UTF-16 unit: `\n`, `\x1b`, `\x7f`, `\u009b`, `\u202e`, `\ud800`. */
function escapeCharacter(character: string): string {
	const cached = escapeCache.get(character);
	if (cached !== undefined) {
		return cached;
	}

	const code = character.charCodeAt(0);
	const escaped = namedEscapes[character]
		?? (code < 0x80
			? `\\x${code.toString(16).padStart(2, '0')}`
			: `\\u${code.toString(16).padStart(4, '0')}`);
	escapeCache.set(character, escaped);
	return escaped;
}

/**
 * Makes one line of stored text safe to draw: every control, BiDi or invisible
 * format character (line breaks and tabs included) becomes a visible escape.
 * Clean text, the common case, is returned as is.
 */
export function sanitize(text: string): string {
	if (!singleLineTest.test(text)) {
		return text;
	}

	return text.replace(singleLineReplace, escapeCharacter);
}

/**
 * Like `sanitize`, but keeps `\n` as a real line break, for views that show
 * text over several lines (JSON, long descriptions). `\r`, tabs and U+2028/U+2029
 * are still escaped: only `\n` is a line break the layout can count.
 */
export function sanitizeMultiline(text: string): string {
	if (!multilineTest.test(text)) {
		return text;
	}

	return text.replace(multilineReplace, escapeCharacter);
}
