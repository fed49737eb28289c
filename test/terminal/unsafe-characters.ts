// An independent check of what a terminal must never receive from stored
// text, written without the sanitizer's regular expression so a mistake there
// is not repeated here. Reusable by the console's own hostile-text tests.

const pictographic = /^\p{Extended_Pictographic}$/u;
const emojiModifier = /^[\u{FE0F}\u{1F3FB}-\u{1F3FF}]$/u;

function isFormatControl(code: number): boolean {
	return code === 0x061C
		|| code === 0x180E
		|| code === 0x200B
		|| code === 0x200C
		|| code === 0x200E
		|| code === 0x200F
		|| (code >= 0x2028 && code <= 0x202E)
		|| (code >= 0x2060 && code <= 0x206F)
		|| code === 0xFEFF
		|| (code >= 0xFFF9 && code <= 0xFFFB);
}

function isControl(code: number, allowNewline: boolean): boolean {
	if (allowNewline && code === 0x0A) {
		return false;
	}

	return code <= 0x1F || (code >= 0x7F && code <= 0x9F);
}

/** A zero-width joiner is only legitimate inside an emoji sequence: pictograph (+ modifier) ZWJ pictograph. */
function isJoinerInsideEmoji(characters: readonly string[], index: number): boolean {
	let before = characters[index - 1];
	if (before !== undefined && emojiModifier.test(before)) {
		before = characters[index - 2];
	}

	const after = characters[index + 1];
	return before !== undefined && after !== undefined && pictographic.test(before) && pictographic.test(after);
}

/**
 * The characters in `text` a terminal could act on (controls, C1, BiDi and
 * invisible format characters, lone surrogates, stray joiners), as code point
 * descriptions like "U+001B at 3". Empty when the text is safe to print.
 */
export function findUnsafeCharacters(text: string, options: {allowNewline?: boolean} = {}): string[] {
	const found: string[] = [];
	// Iterating a string yields code points, and lone surrogates as themselves.
	const characters = [...text];
	for (const [index, character] of characters.entries()) {
		const code = character.codePointAt(0)!;
		const unsafe = isControl(code, options.allowNewline ?? false)
			|| isFormatControl(code)
			|| (code >= 0xD800 && code <= 0xDFFF)
			|| (code === 0x200D && !isJoinerInsideEmoji(characters, index));
		if (unsafe) {
			found.push(`U+${code.toString(16).toUpperCase().padStart(4, '0')} at ${index}`);
		}
	}

	return found;
}
