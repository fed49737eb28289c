import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {globMatch, globOf, textPattern} from '../../../source/domain/search/text-pattern.js';

const matches = (segments: string[], caseInsensitive: boolean, text: string): boolean =>
	textPattern(segments, caseInsensitive)(text);

describe.each([false, true])('textPattern (case-insensitive: %s)', caseInsensitive => {
	it.each([
		[['jane'], 'jane', true],
		[['jane'], 'janet', false],
		[['jane'], 'xjane', false],
		[['jane', ''], 'janet', true],
		[['jane', ''], 'xjane', false],
		[['', 'doe'], 'jane doe', true],
		[['', 'doe'], 'doe jane', false],
		[['', 'an', ''], 'jane', true],
		[['', 'an', ''], 'joe', false],
		[['j', 'e'], 'jane', true],
		[['j', 'e'], 'je', true],
		[['ja', 'ane'], 'jane', false],
		[['j', 'n', 'e'], 'jane', true],
		[['j', 'n', 'e'], 'jean', false],
		[['a', '', 'b'], 'a-b', true],
		[['', ''], '', true],
		[['', '', ''], 'anything', true],
	])('%j against %j: %s', (segments, text, expected) => {
		expect(matches(segments, caseInsensitive, text)).toBe(expected);
	});

	it('treats regular expression characters as literals', () => {
		expect(matches(['a.c'], caseInsensitive, 'abc')).toBe(false);
		expect(matches(['a.c'], caseInsensitive, 'a.c')).toBe(true);
		expect(matches(['', '(x)+[y]{2}|^$\\/?-', ''], caseInsensitive, 'p(x)+[y]{2}|^$\\/?-q')).toBe(true);
		expect(matches(['a', 'c'], caseInsensitive, 'a\nb\nc')).toBe(true);
	});
});

describe('case', () => {
	it('is significant when case-sensitive', () => {
		expect(matches(['Jane'], false, 'jane')).toBe(false);
		expect(matches(['', 'DOE'], false, 'Jane Doe')).toBe(false);
	});

	it('is ignored when case-insensitive, for exact, prefix, suffix, contains and infix patterns', () => {
		expect(matches(['jane doe'], true, 'Jane DOE')).toBe(true);
		expect(matches(['JANE', ''], true, 'jane doe')).toBe(true);
		expect(matches(['', 'DOE'], true, 'jane doe')).toBe(true);
		expect(matches(['', 'NE D', ''], true, 'jane doe')).toBe(true);
		expect(matches(['J', 'D', 'E'], true, 'jane doe')).toBe(true);
	});

	it('folds non-ASCII letters too', () => {
		expect(matches(['josé'], true, 'JOSÉ')).toBe(true);
		expect(matches(['', 'ÉLO', ''], true, 'Chloé Éloïse')).toBe(true);
		expect(matches(['straße'], true, 'STRASSE')).toBe(false);
	});

	it('does not fold a non-ASCII character into an ASCII needle', () => {
		// KELVIN SIGN lower-cases to "k", but "k" was not typed as it.
		expect(matches(['', 'k', ''], true, '\u212A')).toBe(false);
		expect(matches(['', 'k', ''], true, 'K')).toBe(true);
	});
});

it('matches caseless needles the same either way', () => {
	for (const text of ['+15551234567', 'id 123-45', '123']) {
		expect(matches(['', '123', ''], true, text)).toBe(matches(['', '123', ''], false, text));
	}

	expect(matches(['', '@corp.io'], true, 'pending@corp.io')).toBe(true);
	expect(matches(['', '@corp.io'], true, 'pending@corp.iox')).toBe(false);
});

describe('wildcards are a glob, linear in the text', () => {
	// `aaa*a*a*a*a*b` against runs of `a` is the shape that makes a backtracking
	// matcher try every placement of the middle literals (polynomial in the text,
	// with the number of `*` as exponent): 150 characters took seconds.
	const shapes: Array<{segments: string[]; text: (n: number) => string}> = [
		{segments: ['aaa', 'a', 'a', 'a', 'a', 'b'], text: n => 'a'.repeat(n)},
		{segments: ['aaa', 'a', 'a', 'a', 'a', 'b'], text: n => `${'a'.repeat(n)}b`},
		{segments: ['aaa', 'a', 'a', 'a', 'a', 'c', 'b'], text: n => `${'a'.repeat(n)}b`},
		{segments: ['', 'aab', 'aab', 'aab', 'aac', ''], text: n => 'aab'.repeat(n / 3)},
		{segments: ['', 'a', 'a', 'a', 'a', 'a', 'ab'], text: n => `${'a'.repeat(n)}c${'a'.repeat(n)}b`},
	];

	it.each([false, true])('counts steps that grow linearly with the text (case-insensitive: %s)', caseInsensitive => {
		for (const {segments, text} of shapes) {
			const glob = globOf(segments, caseInsensitive);
			const steps = [150, 300, 600, 1200, 2400, 4800].map(n => {
				const counter = {steps: 0};
				const value = text(n);
				globMatch(glob, value, counter);
				return {n: value.length, steps: counter.steps};
			});
			for (const {n, steps: count} of steps) {
				// Each literal is looked for once, from where the previous one ended.
				expect(count, `${segments.join('*')} over ${n} characters`).toBeLessThanOrEqual((3 * n) + (3 * segments.length));
			}

			// Doubling the text at most doubles the work (plus the constant per literal).
			for (let index = 1; index < steps.length; index++) {
				expect(steps[index]!.steps).toBeLessThanOrEqual((2 * steps[index - 1]!.steps) + (3 * segments.length) + 3);
			}
		}
	});

	it('decides the backtracking shape of the issue, matching and not', () => {
		const text = 'a'.repeat(150);
		expect(textPattern(['aaa', 'a', 'a', 'a', 'a', 'b'], true)(text)).toBe(false);
		expect(textPattern(['aaa', 'a', 'a', 'a', 'a', 'b'], true)(`${text}B`)).toBe(true);
		expect(textPattern(['aaa', 'a', 'a', 'a', 'a', 'b'], false)(`${text}B`)).toBe(false);
	});

	// The reference: what a `*` means, decided by dynamic programming (no backtracking, quadratic).
	function reference(segments: readonly string[], caseInsensitive: boolean, value: string): boolean {
		const fold = (text: string) => (caseInsensitive ? text.toLowerCase() : text);
		const pattern = [...segments.map(fold).join('\u0000')];
		const text = [...fold(value)];
		let row = Array.from({length: text.length + 1}, (_, index) => index === 0);
		for (const char of pattern) {
			const next = Array.from({length: text.length + 1}, () => false);
			for (let index = 0; index <= text.length; index++) {
				next[index] = char === '\u0000'
					? row[index]! || (index > 0 && next[index - 1]!)
					: index > 0 && row[index - 1]! && text[index - 1] === char;
			}

			row = next;
		}

		return row[text.length]!;
	}

	it.each([false, true])('matches what a glob means (case-insensitive: %s)', caseInsensitive => {
		const piece = fc.stringMatching(/^[abAB.]{0,3}$/);
		fc.assert(fc.property(fc.array(piece, {minLength: 2, maxLength: 5}), fc.stringMatching(/^[abAB.]{0,12}$/), (segments, text) => {
			expect(textPattern(segments, caseInsensitive)(text)).toBe(reference(segments, caseInsensitive, text));
		}), {numRuns: 2000});
	});
});
