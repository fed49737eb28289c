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
