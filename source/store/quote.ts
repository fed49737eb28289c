// Text read from a damaged or hostile file ends up in error messages that are
// printed to a terminal; an ESC or BiDi override there could rewrite the
// screen. Everything quoted from a file goes through `quote`.

// C0/C1 controls, DEL, BiDi controls, line/paragraph separators, invisible
// format characters and lone surrogates.
const unsafe = /[\u0000-\u001F\u007F-\u009F\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB\uD800-\uDFFF]/gu;

function escapeCharacter(character: string): string {
	const code = character.charCodeAt(0);
	return code < 0x80
		? `\\x${code.toString(16).padStart(2, '0')}`
		: `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Makes text visible and safe to print; cuts it to `max` characters. */
export function printable(text: string, max = 80): string {
	const cut = text.length > max ? text.slice(0, max) : text;
	const safe = cut.replace(unsafe, escapeCharacter);
	return text.length > max ? `${safe}…` : safe;
}

/** A value from a file, quoted for a message: `"auth0|x"`. */
export function quote(value: unknown, max = 80): string {
	if (typeof value === 'string') {
		return `"${printable(value, max)}"`;
	}

	let text: string;
	try {
		text = JSON.stringify(value) ?? String(value);
	} catch {
		text = String(value);
	}

	return printable(text, max);
}

/** Paths come from the command line or the environment; they are escaped but never cut. */
export function quotePath(path: string): string {
	return printable(path, Number.POSITIVE_INFINITY);
}
