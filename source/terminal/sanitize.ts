// The one gate between stored text and the terminal. Ink 6.8 writes strings
// through untouched, so an ESC in a user's name could clear the screen, retitle
// the window, set a hyperlink or write the clipboard (OSC 52); CR and BS let a
// value overwrite what is drawn before it, and BiDi controls reorder it. Every
// such character becomes a visible escape (`\x1b`, `\r`, `\u202e`), so the
// output contains nothing a terminal acts on and the admin can see what the
// data really holds (the fix kubectl and git chose for CVE-2021-25743 and
// CVE-2024-52005).

// Characters that are never printed as themselves:
// - C0 controls, DEL and C1 controls (U+009B is CSI, U+009D is OSC on their own);
// - U+061C, U+200E/U+200F and U+202A–U+202E, U+2066–U+2069: BiDi marks, embeddings,
//   overrides and isolates, which reorder what follows ("Trojan Source");
// - U+2028/U+2029: line and paragraph separators, a line break in disguise;
// - U+200B/U+200C, U+2060–U+206F, U+FEFF, U+180E: invisible characters that make two
//   different names look the same (U+2065 is unassigned; U+206A–U+206F are deprecated
//   format controls);
// - U+FFF9–U+FFFB: interlinear annotation controls;
// - lone surrogates: not text at all, and terminals render them unpredictably.
// With the `u` flag a surrogate range only matches halves that are not part of a pair.
const alwaysUnsafe = String.raw`\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u180E\u200B\u200C\u200E\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB\uD800-\uDFFF`;

// U+200D (zero-width joiner) is how emoji sequences such as 👩‍💻 or 🏳️‍🌈 are
// built, so it is kept between two pictographs (the first one optionally
// followed by VS16 or a skin tone) and escaped anywhere else, where it only
// serves to make "ad‍min" look like "admin". The joiner is matched first and
// its context checked by look-around, so clean text is scanned at class speed.
const strayJoiner = String.raw`\u200D(?:(?<!\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]?\u200D)|(?!\p{Extended_Pictographic}))`;

const singleLinePattern = `[${alwaysUnsafe}\\u000A]|${strayJoiner}`;
const multilinePattern = `[${alwaysUnsafe}]|${strayJoiner}`;

// Separate non-global copies for the clean check, so `test` never depends on `lastIndex`.
const singleLineTest = new RegExp(singleLinePattern, 'u');
const singleLineReplace = new RegExp(singleLinePattern, 'gu');
const multilineTest = new RegExp(multilinePattern, 'u');
const multilineReplace = new RegExp(multilinePattern, 'gu');

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
