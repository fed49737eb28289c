// Word wrapping by display width, for the few messages too long for one line
// that must stay whole (Ink's own wrapping would reflow the whole layout).
import {displayWidth, truncate} from './text-width.js';

/**
 * Splits `text` (sanitized, single-line) into lines of at most `width` cells,
 * breaking at spaces; a word longer than a line is cut. Returns undefined when
 * the text needs more than `maxLines` lines, so the caller can choose a shorter
 * wording instead of showing a clipped one.
 */
export function wrapWords(text: string, width: number, maxLines = Number.POSITIVE_INFINITY): string[] | undefined {
	if (width <= 0) {
		return text === '' ? [''] : undefined;
	}

	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ').filter(part => part !== '')) {
		const candidate = line === '' ? word : `${line} ${word}`;
		if (displayWidth(candidate) <= width) {
			line = candidate;
			continue;
		}

		if (line !== '') {
			lines.push(line);
		}

		line = displayWidth(word) <= width ? word : truncate(word, width);
	}

	lines.push(line);
	return lines.length <= maxLines ? lines : undefined;
}

/**
 * Wraps `text` (sanitized, single-line) into lines of at most `width` cells,
 * at spaces where it can; a word longer than a line (a URL, an id) is split
 * across lines, never cut. For reasons and messages that must be read whole.
 */
export function wrapAll(text: string, width: number): string[] {
	width = Math.max(1, width);
	const result: string[] = [];
	let line = '';
	for (const word of text.split(' ').filter(part => part !== '')) {
		const candidate = line === '' ? word : `${line} ${word}`;
		if (displayWidth(candidate) <= width) {
			line = candidate;
			continue;
		}

		if (line !== '' && displayWidth(word) <= width) {
			result.push(line);
			line = word;
			continue;
		}

		// Fill the current line with the word's first characters, then continue on the next ones.
		let rest = line === '' ? word : `${line} ${word}`;
		while (displayWidth(rest) > width) {
			const head = truncateCells(rest, width);
			result.push(head);
			rest = rest.slice(head.length);
		}

		line = rest;
	}

	result.push(line);
	return result;
}

/** The longest prefix of `text` at most `width` cells wide (at least one character). */
function truncateCells(text: string, width: number): string {
	let end = 0;
	let used = 0;
	for (const char of text) {
		const cells = displayWidth(char);
		if (used + cells > width && end > 0) {
			break;
		}

		used += cells;
		end += char.length;
	}

	return text.slice(0, end);
}
