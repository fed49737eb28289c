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

	const lines = fillLines(text, width, (line, word, done) => {
		if (line !== '') {
			done.push(line);
		}

		return displayWidth(word) <= width ? word : truncate(word, width);
	});
	return lines.length <= maxLines ? lines : undefined;
}

/**
 * Wraps `text` (sanitized, single-line) into lines of at most `width` cells,
 * at spaces where it can; a word longer than a line (a URL, an id) is split
 * across lines, never cut. For reasons and messages that must be read whole.
 */
export function wrapAll(text: string, width: number): string[] {
	width = Math.max(1, width);
	return fillLines(text, width, (line, word, done) => {
		if (line !== '' && displayWidth(word) <= width) {
			done.push(line);
			return word;
		}

		// Fill the current line with the word's first characters, then continue on the next ones.
		let rest = line === '' ? word : `${line} ${word}`;
		while (displayWidth(rest) > width) {
			const head = truncateCells(rest, width);
			done.push(head);
			rest = rest.slice(head.length);
		}

		return rest;
	});
}

/**
 * Fills lines of at most `width` cells with the words of `text`, as many to a
 * line as fit. A word that does not fit on the current line is `overflow`'s to
 * place: it adds the lines it finishes to `done` and returns the line to go on
 * with. The two wrappers differ only there (cut a long word, or split it).
 */
function fillLines(text: string, width: number, overflow: (line: string, word: string, done: string[]) => string): string[] {
	const done: string[] = [];
	let line = '';
	for (const word of text.split(' ').filter(part => part !== '')) {
		const candidate = line === '' ? word : `${line} ${word}`;
		line = displayWidth(candidate) <= width ? candidate : overflow(line, word, done);
	}

	done.push(line);
	return done;
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
