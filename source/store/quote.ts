// Text read from a damaged or hostile file ends up in error messages that are
// printed to a terminal; an ESC or BiDi override there could rewrite the
// screen. Everything quoted from a file goes through `quote`.
import {sanitize} from '../terminal/sanitize.js';

/**
 * Makes text visible and safe to print, with the sanitizer's escapes (a
 * message is one line, so LF is escaped too); cuts it to `max` characters.
 */
export function printable(text: string, max = 80): string {
	const cut = text.length > max ? text.slice(0, max) : text;
	const safe = sanitize(cut);
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
