// Whole-value text patterns, compiled once per query into the cheapest test
// that does the job. Case-sensitive patterns use string methods. Case-insensitive
// ones use a RegExp with the `i` flag: lower-casing every value instead costs an
// allocation per field per user, about three times slower over a million users.

export type TextTest = (text: string) => boolean;

/**
 * `segments` are the literal parts around each `*` (`['jo', 'n']` for `jo*n`);
 * a single segment is an exact match, `['', 'x', '']` a contains match.
 */
export function textPattern(segments: readonly string[], ignoreCase: boolean): TextTest {
	// Digits and punctuation have no case: `123` or `@corp.io` need no folding.
	const caseInsensitive = ignoreCase && segments.some(segment => segment.toLowerCase() !== segment.toUpperCase());
	const first = segments[0] ?? '';
	if (segments.length === 1) {
		return caseInsensitive ? foldedExact(first) : text => text === first;
	}

	const last = segments.at(-1) ?? '';
	// `a**b` has an empty segment in the middle that means nothing.
	const middle = segments.slice(1, -1).filter(segment => segment !== '');
	if (first === '' && last === '' && middle.length === 0) {
		return () => true;
	}

	if (caseInsensitive) {
		const source = [first, ...middle, last].map(escapeRegExp).join('.*');
		// Anchor only the ends that hold a literal: a leading `.*` makes the engine backtrack.
		const pattern = `${first === '' ? '' : '^'}${stripOpenEnds(source, first, last)}${last === '' ? '' : '$'}`;
		const regExp = new RegExp(pattern, flagsFor(segments, 'is'));
		return text => regExp.test(text);
	}

	if (middle.length === 0) {
		if (first === '') {
			return text => text.endsWith(last);
		}

		if (last === '') {
			return text => text.startsWith(first);
		}

		const length = first.length + last.length;
		return text => text.length >= length && text.startsWith(first) && text.endsWith(last);
	}

	if (middle.length === 1 && first === '' && last === '') {
		const needle = middle[0]!;
		return text => text.includes(needle);
	}

	const regExp = new RegExp(`^${[first, ...middle, last].map(escapeRegExp).join('.*')}$`, 's');
	return text => regExp.test(text);
}

function foldedExact(literal: string): TextTest {
	const regExp = new RegExp(`^${escapeRegExp(literal)}$`, flagsFor([literal], 'i'));
	if (!isAscii(literal)) {
		return text => regExp.test(text);
	}

	// ASCII-only folding never changes a length, so most values are ruled out without the RegExp.
	const {length} = literal;
	return text => text.length === length && (text === literal || regExp.test(text));
}

/**
 * ASCII needles fold ASCII letters only (the `i` flag without `u` never maps a
 * non-ASCII character onto an ASCII one); other needles use Unicode case folding.
 */
function flagsFor(segments: readonly string[], flags: string): string {
	return segments.every(segment => isAscii(segment)) ? flags : `${flags}u`;
}

function stripOpenEnds(source: string, first: string, last: string): string {
	let result = source;
	if (first === '' && result.startsWith('.*')) {
		result = result.slice(2);
	}

	if (last === '' && result.endsWith('.*')) {
		result = result.slice(0, -2);
	}

	return result;
}

function isAscii(text: string): boolean {
	return /^[\u0000-\u007F]*$/.test(text);
}

// Only syntax characters: with the `u` flag, escaping anything else is an error.
function escapeRegExp(text: string): string {
	return text.replaceAll(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
