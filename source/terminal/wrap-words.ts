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

	const lines = fillLines(text, width, maxLines, (line, word, wordWidth, done) => {
		if (line !== '') {
			done.push(line);
		}

		return wordWidth <= width ? word : truncate(word, width);
	});
	return lines.length <= maxLines ? lines : undefined;
}

/**
 * Wraps `text` (sanitized, single-line) into lines of at most `width` cells,
 * at spaces where it can; a word longer than a line (a URL, an id) is split
 * across lines between graphemes, never cut. For reasons and messages that
 * must be read whole. With `maxLines`, it stops laying out after that many
 * lines: the rest of the text, however long, is one last line, for the
 * caller to cut.
 */
export function wrapAll(text: string, width: number, maxLines = Number.POSITIVE_INFINITY): string[] {
	width = Math.max(1, width);
	return fillLines(text, width, maxLines, (line, word, wordWidth, done) => {
		if (line !== '' && wordWidth <= width) {
			done.push(line);
			return word;
		}

		// Fill the current line with the word's first graphemes, then continue on the next ones.
		let rest = line === '' ? word : `${line} ${word}`;
		while (done.length < maxLines) {
			// Only a prefix can go on this line: measuring the whole rest each time was
			// quadratic (100,000 × "é" took 53 s). 16 code units a cell is room enough.
			const sample = rest.slice(0, (width + 1) * 16);
			let head = truncate(sample, width, '');
			if (head.length === rest.length) {
				return rest;
			}

			// One grapheme wider than the whole line still goes on a line of its own.
			head ||= String.fromCodePoint(rest.codePointAt(0)!);
			done.push(head);
			rest = rest.slice(head.length);
		}

		return rest;
	});
}

/**
 * Fills lines of at most `width` cells with the words of `text`, as many to a
 * line as fit, for `maxLines` lines (then the rest is one more line). A word that does not fit
 * on the current line is `overflow`'s to place: it adds the lines it finishes
 * to `done` and returns the line to go on with. The two wrappers differ only
 * there (cut a long word, or split it). Widths add up word by word: measuring
 * the growing line again at each word was quadratic in a long message.
 */
function fillLines(text: string, width: number, maxLines: number, overflow: (line: string, word: string, wordWidth: number, done: string[]) => string): string[] {
	const done: string[] = [];
	let line = '';
	let lineWidth = 0;
	const words = text.split(' ');
	for (const [index, word] of words.entries()) {
		if (word === '') {
			continue;
		}

		if (done.length >= maxLines) {
			// Enough lines: what is left goes on the last one as it is, for the
			// caller to cut (it then knows there was more).
			line = [line, ...words.slice(index)].filter(part => part !== '').join(' ');
			break;
		}

		const wordWidth = displayWidth(word);
		const candidateWidth = line === '' ? wordWidth : lineWidth + 1 + wordWidth;
		if (candidateWidth <= width) {
			line = line === '' ? word : `${line} ${word}`;
			lineWidth = candidateWidth;
		} else {
			line = overflow(line, word, wordWidth, done);
			lineWidth = displayWidth(line);
		}
	}

	done.push(line);
	return done;
}
