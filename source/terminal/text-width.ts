import stringWidth from 'string-width';

// Columns are measured in terminal cells, not UTF-16 units: 山 and 👩‍💻 take two
// cells, a combining accent none. Cutting inside a grapheme would split an
// emoji or strip an accent, so cuts fall between graphemes.
// All functions expect text that went through `sanitize` (no escape sequences).

const segmenter = new Intl.Segmenter();
const printableAscii = /^[\x20-\x7E]*$/;

// string-width walks Intl.Segmenter and tests every grapheme against large
// Unicode regular expressions; in V8 the cost per character grows with the
// input's length (64k characters of mostly ASCII text with one "·" take seven
// seconds), so a long stored name would freeze the console. So: runs of
// printable ASCII count one cell per character (a grapheme boundary always
// falls between two of them), and only what lies between runs is measured, in
// pieces cut between graphemes.
const pieceLength = 256;
const asciiRun = /[\x20-\x7E]{3,}/g;

/** How many terminal cells `text` takes. */
export function displayWidth(text: string): number {
	if (text.length <= pieceLength || printableAscii.test(text)) {
		return stringWidth(text);
	}

	let width = 0;
	let from = 0;
	for (const run of text.matchAll(asciiRun)) {
		// The run's last character may start a cluster with what follows ("1" + U+FE0F + U+20E3), so it is measured with it.
		const first = run.index + 1;
		const last = run.index + run[0].length - 1;
		width += measureInPieces(text, from, first) + (last - first);
		from = last;
	}

	return width + measureInPieces(text, from, text.length);
}

/** The width of text[start, end), where both ends fall between graphemes. */
function measureInPieces(text: string, start: number, end: number): number {
	let width = 0;
	for (let from = start; from < end;) {
		const to = from + pieceLength >= end ? end : lastBoundary(text, from, from + pieceLength);
		width += stringWidth(text.slice(from, to));
		from = to;
	}

	return width;
}

/**
 * Where the last grapheme of text[start, end) begins, so a piece ending there
 * splits none; `end` when one grapheme fills the whole piece (only combining
 * marks, which take no cells, are cut off then).
 */
function lastBoundary(text: string, start: number, end: number): number {
	let last = start;
	for (const {index} of segmenter.segment(text.slice(start, end))) {
		last = start + index;
	}

	return last > start ? last : end;
}

// "…" is one cell (a test holds string-width to it). Measuring it on every call
// made the first truncate of a run, even of plain ASCII, set up Intl's
// segmenter and string-width's emoji pattern: 17–56 ms before the first frame.
function widthOfEllipsis(ellipsis: string): number {
	return ellipsis === '…' ? 1 : stringWidth(ellipsis);
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

	const ellipsisWidth = widthOfEllipsis(ellipsis);
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
