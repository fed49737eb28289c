import {describe, expect, it} from 'vitest';
import {textPattern} from '../../../source/domain/search/text-pattern.js';

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
