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
});
