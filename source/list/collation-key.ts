// Sort keys for the names column that order by plain code units exactly as
// `compareUsers` orders by Intl.Collator('en', {sensitivity: 'base', numeric:
// true}). Sorting a million names with the collator takes many seconds (a
// comparison costs about a microsecond); sorting their keys takes a fraction
// of that. A key exists only for text made of letters that fold to a-z (case
// and accents are base-equal), digits and the punctuation listed below; anything
// else (ø, ł, ß, CJK, emoji…) has no key and is placed with the collator itself.
//
// Why code units then agree with the collator, at the primary level it compares:
// each of these characters has one primary weight of its own; punctuation
// sorts before digits, digits before letters; `numeric` compares a run of
// digits by its value. The key maps punctuation to code points 1…n in the
// collator's own order (measured below, not assumed), encodes a digit run as
// its length then its digits (so a longer number sorts after a shorter one),
// and keeps the letters. What the ordering depends on is checked against the
// running collator once; if this ICU disagrees, no text gets a key and every
// comparison goes to the collator, as before: slower, never wrong.

import {textCollator} from '../domain/sort.js';

const punctuation = [...' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$'];
/** Digit runs longer than this have no key (their length would not fit the marker range). */
const maxDigits = 14;
const digitRunMarker = 0x30;

type Alphabet = {readonly codes: ReadonlyMap<string, string>};

function check(): Alphabet | undefined {
	const collator = textCollator();
	const compare = (a: string, b: string) => collator.compare(a, b);
	const letters = 'abcdefghijklmnopqrstuvwxyz';
	for (let index = 1; index < letters.length; index++) {
		if (compare(letters[index - 1]!, letters[index]!) >= 0 || compare(letters[index]!, letters[index]!.toUpperCase()) !== 0) {
			return undefined;
		}
	}

	const digits = '0123456789';
	for (let index = 1; index < digits.length; index++) {
		if (compare(digits[index - 1]!, digits[index]!) >= 0) {
			return undefined;
		}
	}

	// Numbers by value; digits before letters; accents and case only base-equal.
	const expectations: Array<[string, string, number]> = [
		['a2', 'a10', -1], ['a10', 'a9', 1], ['9', 'a', -1], ['a9', 'ab', -1], ['ab', 'ab1', -1],
		['é', 'e', 0], ['Émile', 'emile', 0], ['a b', 'ab', -1], ['', 'a', -1], ['10', '9a', 1],
	];
	for (const [a, b, sign] of expectations) {
		if (Math.sign(compare(a, b)) !== sign) {
			return undefined;
		}
	}

	const sorted = [...punctuation].sort(compare);
	const codes = new Map<string, string>();
	for (let index = 0; index < sorted.length; index++) {
		const char = sorted[index]!;
		// Two marks the collator calls equal, or one that sorts among digits or
		// letters, would break the mapping: leave those without a key.
		if ((index > 0 && compare(sorted[index - 1]!, char) === 0) || compare(char, '0') >= 0 || (index + 1 < sorted.length && compare(char, sorted[index + 1]!) === 0)) {
			continue;
		}

		// Also in a word: "a-b" against "a.b" and "a b".
		codes.set(char, String.fromCharCode(index + 1));
	}

	for (const [a, b] of [['a-b', 'a.b'], ['a b', 'a-b'], ["o'b", 'o-b'], ['a_b', 'a@b']] as const) {
		const left = codes.get(a[1]!);
		const right = codes.get(b[1]!);
		if (left !== undefined && right !== undefined && Math.sign(compare(a, b)) !== Math.sign(left < right ? -1 : (left > right ? 1 : 0))) {
			return undefined;
		}
	}

	return {codes};
}

let alphabet: Alphabet | undefined | null = null;

function alphabetOf(): Alphabet | undefined {
	if (alphabet === null) {
		alphabet = check();
	}

	return alphabet;
}

const combiningMarks = /[\u0300-\u036F]/g;
const markBetweenDigits = /\d[\u0300-\u036F]+\d/;
const ascii = /^[\u0000-\u007F]*$/;

/**
 * The key of `text`, whose code-unit order and equality are the collator's
 * order and equality, or undefined when `text` has characters this cannot
 * rank (compare those with `textCollator()`).
 */
export function collationKey(text: string): string | undefined {
	const codes = alphabetOf()?.codes;
	if (!codes) {
		return undefined;
	}

	let folded = text.toLowerCase();
	if (!ascii.test(folded)) {
		folded = folded.normalize('NFD');
		// An accent between two digits separates two numbers for the collator; without it they would read as one.
		if (markBetweenDigits.test(folded)) {
			return undefined;
		}

		folded = folded.replace(combiningMarks, '');
	}

	// The key's code units, made into one flat string at the end: a key built
	// with `+=` was a tree of concatenations (ConsStrings), a few hundred bytes
	// of small objects per name that all survive; at 160,000 distinct names the
	// young generation's collections copying them held slices for 20–30 ms each.
	const key: number[] = [];
	let index = 0;
	while (index < folded.length) {
		const char = folded[index]!;
		if (char >= 'a' && char <= 'z') {
			key.push(folded.charCodeAt(index));
			index++;
			continue;
		}

		if (char >= '0' && char <= '9') {
			let end = index;
			while (end < folded.length && folded[end]! >= '0' && folded[end]! <= '9') {
				end++;
			}

			// Leading zeros compare equal to none at all ("007" = "7"); leave those to the collator.
			if (char === '0' || end - index > maxDigits) {
				return undefined;
			}

			key.push(digitRunMarker + end - index);
			for (let digit = index; digit < end; digit++) {
				key.push(folded.charCodeAt(digit));
			}

			index = end;
			continue;
		}

		const code = codes.get(char);
		if (code === undefined) {
			return undefined;
		}

		key.push(code.charCodeAt(0));
		index++;
	}

	return textOfCodes(key);
}

/** One flat string of `codes` (a spread's arguments have a limit: long texts go in pieces). */
function textOfCodes(codes: readonly number[]): string {
	if (codes.length <= 4096) {
		return String.fromCharCode(...codes);
	}

	const parts: string[] = [];
	for (let start = 0; start < codes.length; start += 4096) {
		parts.push(String.fromCharCode(...codes.slice(start, start + 4096)));
	}

	return parts.join('');
}
