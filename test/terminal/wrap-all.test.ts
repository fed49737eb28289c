import {describe, expect, test} from 'vitest';
import {displayWidth} from '../../source/terminal/text-width.js';
import {wrapAll} from '../../source/terminal/wrap-words.js';

describe('wrapAll', () => {
	test('wraps at spaces and keeps every character of a word longer than a line', () => {
		const url = 'https://app.acme.example/callback?ticket=0123456789abcdef';
		const lines = wrapAll(`unavailable: open ${url} now`, 20);
		expect(lines.every(line => displayWidth(line) <= 20)).toBe(true);
		expect(lines.join('').replaceAll(' ', '')).toBe(`unavailable:open${url}now`);
		expect(wrapAll('The user is blocked: unblock them first', 20)).toEqual(['The user is blocked:', 'unblock them first']);
		expect(wrapAll('short', 20)).toEqual(['short']);
		expect(wrapAll('', 20)).toEqual(['']);
	});

	test('counts wide characters as two cells', () => {
		const lines = wrapAll('東京東京東京', 5);
		expect(lines).toEqual(['東京', '東京', '東京']);
	});

	test('splits a long word between graphemes, never inside one (a flag, a family emoji)', () => {
		expect(wrapAll('abcdefghi🇺🇸zz', 10)).toEqual(['abcdefghi', '🇺🇸zz']);
		expect(wrapAll('abcdefghi👩‍💻zz', 10)).toEqual(['abcdefghi', '👩‍💻zz']);
	});

	test('with maxLines, stops laying out after that many lines: the rest is one last line, for the caller to cut', () => {
		const long = 'é'.repeat(100_000);
		const lines = wrapAll(`Deleted ${long} (auth0|1)`, 80, 3);
		expect(lines.length).toBe(4);
		expect(lines.slice(0, 3).every(line => displayWidth(line) <= 80)).toBe(true);
		expect(wrapAll('one two three four five six', 9, 2)).toEqual(['one two', 'three', 'four five six']);
		expect(wrapAll('one two three', 9, 2)).toEqual(['one two', 'three']);
	});
});

