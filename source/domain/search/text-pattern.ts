// Whole-value text patterns, compiled once per query into the cheapest test
// that does the job. Case-sensitive patterns use string methods. Case-insensitive
// ones find each literal with a RegExp of that literal alone and the `i` flag:
// lower-casing every value instead costs an allocation per field per user,
// about three times slower over a million users. Patterns with `*` are globs
// (globMatch), linear in the text whatever the query.

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

	if (!caseInsensitive) {
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
	}

	const glob = compileGlob(first, middle, last, caseInsensitive);
	return text => globMatch(glob, text);
}

/** Counts the characters a glob match advances over (for tests: the work is linear in the text). */
export type GlobCounter = {steps: number};

type Finder = {
	/** Where the literal first occurs at or after `from`, and where that occurrence ends; undefined when nowhere. */
	find(text: string, from: number): {start: number; end: number} | undefined;
};

type Glob = {
	readonly first: Finder | undefined;
	readonly middle: readonly Finder[];
	readonly last: Finder | undefined;
	/** Code units the literals need at least (folding keeps lengths, so this rules values out cheaply). */
	readonly minLength: number;
};

/**
 * A glob, not a regular expression: `a*b*c` as a RegExp (`^a.*b.*c$`) backtracks
 * over every way of placing the segments, polynomial in the text with the
 * number of `*` as exponent (150 characters and five `*` took over a minute).
 * A glob needs no backtracking: the last literal is pinned to the end, the
 * first to the start, and each middle literal at its earliest occurrence after
 * the previous one leaves the most room for the rest, so one pass from left
 * to right decides.
 */
function compileGlob(first: string, middle: readonly string[], last: string, ignoreCase: boolean): Glob {
	const finder = (literal: string, anchor: 'start' | 'end' | undefined): Finder | undefined => {
		if (literal === '') {
			return undefined;
		}

		return ignoreCase ? foldedFinder(literal, anchor) : exactFinder(literal, anchor);
	};

	return {
		first: finder(first, 'start'),
		middle: middle.map(literal => finder(literal, undefined)!),
		last: finder(last, 'end'),
		minLength: first.length + last.length + middle.reduce((sum, literal) => sum + literal.length, 0),
	};
}

function exactFinder(literal: string, anchor: 'start' | 'end' | undefined): Finder {
	const {length} = literal;
	return {
		find(text, from) {
			let start: number;
			if (anchor === 'start') {
				start = text.startsWith(literal) ? 0 : -1;
			} else if (anchor === 'end') {
				start = text.length - length >= from && text.endsWith(literal) ? text.length - length : -1;
			} else {
				start = text.indexOf(literal, from);
			}

			return start === -1 ? undefined : {start, end: start + length};
		},
	};
}

/**
 * A literal matched ignoring case by a RegExp that holds nothing but the
 * literal: at each position it compares at most the literal's length, never
 * backtracks, and folds case without a lower-cased copy of every value.
 */
function foldedFinder(literal: string, anchor: 'start' | 'end' | undefined): Finder {
	const escaped = escapeRegExp(literal);
	const source = anchor === 'start' ? `^${escaped}` : anchor === 'end' ? `${escaped}$` : escaped;
	const regExp = new RegExp(source, flagsFor([literal], 'gi'));
	return {
		find(text, from) {
			regExp.lastIndex = from;
			const match = regExp.exec(text);
			return match ? {start: match.index, end: match.index + match[0].length} : undefined;
		},
	};
}

/** Whether `text` matches the glob; `counter`, when given, adds the characters advanced over. */
export function globMatch(glob: Glob, text: string, counter?: GlobCounter): boolean {
	if (text.length < glob.minLength) {
		return false;
	}

	let from = 0;
	if (glob.first) {
		const found = glob.first.find(text, 0);
		if (counter) {
			counter.steps += found ? found.end : 1;
		}

		if (!found) {
			return false;
		}

		from = found.end;
	}

	let limit = text.length;
	if (glob.last) {
		const found = glob.last.find(text, from);
		if (counter) {
			// A folded search for the end tries each position from `from` on.
			counter.steps += text.length - from + 1;
		}

		if (!found) {
			return false;
		}

		limit = found.start;
	}

	for (const finder of glob.middle) {
		const found = finder.find(text, from);
		if (counter) {
			counter.steps += (found ? found.end : text.length) - from + 1;
		}

		// The earliest occurrence ends first; if it runs into the last literal, every later one does too.
		if (!found || found.end > limit) {
			return false;
		}

		from = found.end;
	}

	return true;
}

/** The glob of `segments` (as textPattern takes them), for tests that count its steps. */
export function globOf(segments: readonly string[], ignoreCase: boolean): Glob {
	const first = segments[0] ?? '';
	const last = segments.length > 1 ? segments.at(-1) ?? '' : '';
	const middle = segments.slice(1, -1).filter(segment => segment !== '');
	return compileGlob(first, middle, last, ignoreCase);
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

function isAscii(text: string): boolean {
	return /^[\u0000-\u007F]*$/.test(text);
}

// Only syntax characters: with the `u` flag, escaping anything else is an error.
function escapeRegExp(text: string): string {
	return text.replaceAll(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
