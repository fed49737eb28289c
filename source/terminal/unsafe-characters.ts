// The one definition of the characters stored or typed text may not show as
// themselves. Every place that guards the terminal uses it: `sanitize` escapes
// them for drawing, text fields drop them from what is typed or pasted,
// `safeJson` writes them as \u escapes, and `quote` escapes text read from
// files for messages. What differs between those places is only whether a
// line break is one of them (`lineBreaks`) and what is done with a match.
//
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
// LF (U+000A) is left out here: it is unsafe or not depending on `lineBreaks`.
const alwaysUnsafe = String.raw`\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u180E\u200B\u200C\u200E\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB\uD800-\uDFFF`;

// U+200D (zero-width joiner) is how emoji sequences such as 👩‍💻 or 🏳️‍🌈 are
// built, so it is kept between two pictographs (the first one optionally
// followed by VS16 or a skin tone) and unsafe anywhere else, where it only
// serves to make "ad‍min" look like "admin". The joiner is matched first and
// its context checked by look-around, so clean text is scanned at class speed.
const strayJoiner = String.raw`\u200D(?:(?<!\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]?\u200D)|(?!\p{Extended_Pictographic}))`;

const patterns = {
	// One line: a line break is unsafe too (it would start a new row of the screen).
	unsafe: `[${alwaysUnsafe}\\u000A]|${strayJoiner}`,
	// Text shown over several lines: LF is the one line break the layout counts.
	// CR, tabs and U+2028/U+2029 stay unsafe.
	allowed: `[${alwaysUnsafe}]|${strayJoiner}`,
} as const;

/**
 * A new regular expression matching each unsafe character (one UTF-16 unit
 * each). `lineBreaks: 'allowed'` lets LF through, for multi-line text. Global
 * by default, for `replace`; pass `'u'` for a `test` that keeps no state.
 */
export function unsafeCharacters(lineBreaks: 'unsafe' | 'allowed', flags: 'gu' | 'u' = 'gu'): RegExp {
	return new RegExp(patterns[lineBreaks], flags);
}
