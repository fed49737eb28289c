import stringWidth from 'string-width';

// Columns are measured in terminal cells, not UTF-16 units: 山 and 👩‍💻 take two
// cells, a combining accent none. Cutting inside a grapheme would split an
// emoji or strip an accent, so cuts fall between graphemes.
// All functions expect text that went through `sanitize` (no escape sequences).

const segmenter = new Intl.Segmenter();
const printableAscii = /^[\x20-\x7E]*$/;

/** How many terminal cells `text` takes. */
export function displayWidth(text: string): number {
	return stringWidth(text);
}

/**
 * Shortens `text` to at most `width` cells, ending with `ellipsis` when
 * something was cut. Text that fits is returned as is; a width of 0 or less
 * gives an empty string.
 */
export function truncate(text: string, width: number, ellipsis = '…'): string {
	if (width <= 0) {
		return '';
	}

	const ellipsisWidth = stringWidth(ellipsis);
	const cut = (keptLength: number) => ellipsisWidth > width ? '' : text.slice(0, keptLength) + ellipsis;

	// Most cells are plain ASCII, where a cell is a character.
	if (printableAscii.test(text)) {
		return text.length <= width ? text : cut(width - ellipsisWidth);
	}

	// Only a prefix can be shown, so only a prefix is segmented: a huge value
	// (a 1 MB paste) costs as much as the cells it fills. A grapheme takes at
	// least one cell unless it is zero-width, so 16 code units per cell is
	// enough except for long runs of zero-width marks, which fall back to the
	// whole text.
	const sampleLength = (width + 1) * 16;
	if (text.length > sampleLength) {
		const keptLength = cutPoint(text.slice(0, sampleLength), false, width, width - ellipsisWidth);
		if (typeof keptLength === 'number') {
			return cut(keptLength);
		}
	}

	const keptLength = cutPoint(text, true, width, width - ellipsisWidth);
	return typeof keptLength === 'number' ? cut(keptLength) : text;
}

/**
 * Where to cut `text` so it fits `budget` cells, once it is known to overflow
 * `width`; `undefined` when it fits; `null` when `text` is a sample that ran
 * out before deciding (its last grapheme may be cut short, so it is not used).
 */
function cutPoint(text: string, isWhole: boolean, width: number, budget: number): number | undefined | null {
	let used = 0;
	let keptLength = 0;
	for (const {segment, index} of segmenter.segment(text)) {
		const end = index + segment.length;
		if (!isWhole && end === text.length) {
			return null;
		}

		used += stringWidth(segment);
		if (used > width) {
			return keptLength;
		}

		if (used <= budget) {
			keptLength = end;
		}
	}

	return isWhole ? undefined : null;
}

/** `text` in exactly `width` cells: truncated if longer, padded with spaces after it if shorter. */
export function padEnd(text: string, width: number): string {
	const fitted = truncate(text, width);
	return fitted + ' '.repeat(Math.max(0, width - stringWidth(fitted)));
}

/** `text` in exactly `width` cells, right-aligned (for numbers): truncated if longer, padded before it if shorter. */
export function padStart(text: string, width: number): string {
	const fitted = truncate(text, width);
	return ' '.repeat(Math.max(0, width - stringWidth(fitted))) + fitted;
}
