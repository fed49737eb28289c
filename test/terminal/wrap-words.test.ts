import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {displayWidth} from '../../source/terminal/text-width.js';
import {wrapWords} from '../../source/terminal/wrap-words.js';

describe('wrapWords', () => {
	test('breaks at spaces without exceeding the width', () => {
		expect(wrapWords('one two three four', 9)).toEqual(['one two', 'three', 'four']);
		expect(wrapWords('fits', 10)).toEqual(['fits']);
	});

	test('counts display cells, not characters', () => {
		expect(wrapWords('山山 山山', 4)).toEqual(['山山', '山山']);
	});

	test('cuts a word longer than a line', () => {
		expect(wrapWords('abcdefghij xy', 5)).toEqual(['abcd…', 'xy']);
	});

	test('refuses when the text needs more lines than allowed', () => {
		expect(wrapWords('one two three four', 9, 2)).toBeUndefined();
		expect(wrapWords('one two three four', 9, 3)).toHaveLength(3);
	});

	test('every line fits and no word is lost when words fit', () => {
		fc.assert(fc.property(
			fc.array(fc.stringMatching(/^[a-z]{1,8}$/), {maxLength: 30}),
			fc.integer({min: 8, max: 40}),
			(words, width) => {
				const lines = wrapWords(words.join(' '), width)!;
				expect(lines.every(line => displayWidth(line) <= width)).toBe(true);
				expect(lines.join(' ').split(' ').filter(Boolean)).toEqual(words);
			},
		));
	});
});
