// string-width's answer, fast for the text a console mostly draws. string-width
// cuts every string that is not plain ASCII into graphemes with Intl.Segmenter
// and tests each against large Unicode patterns: about 0.2 ms for one row of
// the Users list with one accented name, a thousand times its cost for ASCII,
// and a list draws forty new rows per page scrolled (measured: a quarter of
// the console's time while it loads and scrolls went there).
//
// When every character of a string stands alone as a grapheme, its width is
// the sum of its characters' widths, each asked of string-width once and kept
// in a table. A character stands alone when no grapheme rule can join it to a
// neighbour: not a mark (Extend, SpacingMark), not a control or format
// character (CR LF, ZWJ, ZWNJ, Prepend, variation selectors are marks), not a
// surrogate (emoji modifiers, regional indicators and most emoji are astral),
// not a Hangul jamo (conjoining), and not one of the few letters Unicode gives
// a joining role (U+0E33, U+0EB3 SpacingMark; U+0D4E Prepend; U+FF9E–U+FF9F
// Extend). Anything else goes to string-width itself. The tests check every
// BMP character against string-width and Intl.Segmenter, and random strings of
// all kinds against string-width.
//
// A standalone character's width follows string-width's rules for a grapheme
// of one character, with cheaper patterns than its own (asking string-width
// for each new character cost 30 µs, tens of milliseconds for the first page
// of names): none when it is invisible (default-ignorable, a control, a
// format character, a mark), two for an emoji shown as an emoji, else its East
// Asian Width (ambiguous counts as narrow, string-width's default).
//
// The bundle (scripts/build.mjs) gives Ink this in place of string-width.
import {eastAsianWidth} from 'get-east-asian-width';
import stringWidth from 'string-width';

type Options = Parameters<typeof stringWidth>[1];

const unknown = 255;
const joins = 254;
const widths = new Uint8Array(0x1_00_00).fill(unknown);
// eslint-disable-next-line no-misleading-character-class
const joining = /[\p{M}\p{C}\p{Zl}\p{Zp}\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\u0E33\u0EB3\u0D4E\uFF9E\uFF9F\u3164\uFFA0]/u;

const visible = /[^\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}\p{Nonspacing_Mark}\p{Enclosing_Mark}\p{Surrogate}]/u;
const emoji = /\p{Emoji_Presentation}/u;

function classify(code: number): number {
	const char = String.fromCharCode(code);
	const width = joining.test(char) ? joins : (visible.test(char) ? (emoji.test(char) ? 2 : eastAsianWidth(code)) : 0);
	widths[code] = width;
	return width;
}

/** The width of a character that stands alone (0–2), or `joins` (254). */
export function standaloneWidth(code: number): number {
	const width = widths[code]!;
	return width === unknown ? classify(code) : width;
}

/**
 * The end of the control sequence (CSI: colours, bold, what Ink puts around
 * styled text) that starts at `start`, or -1 when it is not one. The grammar
 * is strip-ansi's (ECMA-48): ESC [, parameter bytes 0x30–0x3F, intermediate
 * bytes 0x20–0x2F, one final byte 0x40–0x7E. string-width strips these before
 * measuring, so they take no cells.
 */
function csiEnd(input: string, start: number): number {
	if (input.charCodeAt(start + 1) !== 0x5B) {
		return -1;
	}

	let index = start + 2;
	while (index < input.length && input.charCodeAt(index) >= 0x30 && input.charCodeAt(index) <= 0x3F) {
		index++;
	}

	while (index < input.length && input.charCodeAt(index) >= 0x20 && input.charCodeAt(index) <= 0x2F) {
		index++;
	}

	const final = input.charCodeAt(index);
	return final >= 0x40 && final <= 0x7E ? index + 1 : -1;
}

export default function fastStringWidth(input: string, options?: Options): number {
	if (typeof input !== 'string' || (options !== undefined && (options.ambiguousIsNarrow === false || options.countAnsiEscapeCodes === true))) {
		return stringWidth(input, options);
	}

	let width = 0;
	for (let index = 0; index < input.length; index++) {
		const code = input.charCodeAt(index);
		if (code >= 0x20 && code < 0x7F) {
			width++;
			continue;
		}

		if (code === 0x1B) {
			const end = csiEnd(input, index);
			if (end === -1) {
				return stringWidth(input, options);
			}

			index = end - 1;
			continue;
		}

		let known = widths[code]!;
		if (known === unknown) {
			known = classify(code);
		}

		if (known === joins) {
			return stringWidth(input, options);
		}

		width += known;
	}

	return width;
}
