// Every guard between text and the terminal uses one set of unsafe characters
// (source/terminal/unsafe-characters.ts). Checked here against the
// independent definition in ./unsafe-characters.ts, for each place that
// guards: what differs between them (line breaks, escape or drop) is only
// what each says it does.
import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {printable as quotePrintable, quote} from '../../source/store/quote.js';
import {safeJson} from '../../source/terminal/safe-json.js';
import {sanitize, sanitizeMultiline} from '../../source/terminal/sanitize.js';
import {unsafeCharacters} from '../../source/terminal/unsafe-characters.js';
import {printable as fieldPrintable} from '../../source/ui/state/text-field.js';
import {hostileStrings} from './hostile-corpus.js';
import {findUnsafeCharacters} from './unsafe-characters.js';

const dangerousUnit = fc.oneof(
	{arbitrary: fc.integer({min: 0, max: 0x1F}), weight: 3},
	{arbitrary: fc.integer({min: 0x7F, max: 0x9F}), weight: 2},
	{arbitrary: fc.constantFrom(0x061C, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A, 0x202E, 0x2060, 0x2064, 0x2066, 0x2069, 0x206F, 0xFEFF, 0xFFF9, 0xFFFB), weight: 4},
	{arbitrary: fc.integer({min: 0xD800, max: 0xDFFF}), weight: 1},
	{arbitrary: fc.integer({min: 0x20, max: 0x7E}), weight: 4},
).map(code => String.fromCharCode(code));
const hostileText = fc.string({unit: fc.oneof(dangerousUnit, fc.string({unit: 'binary', minLength: 1, maxLength: 1}), fc.constantFrom('👩', '💻', '\uFE0F', '\u{1F3FD}', '\u200D'))});
const samples = fc.oneof(hostileText, fc.constantFrom(...hostileStrings));

describe('the one set of unsafe characters', () => {
	test('matches the independent definition, with and without line breaks', () => {
		fc.assert(fc.property(samples, text => {
			expect((text.match(unsafeCharacters('unsafe')) ?? []).length).toBe(findUnsafeCharacters(text).length);
			expect((text.match(unsafeCharacters('allowed')) ?? []).length).toBe(findUnsafeCharacters(text, {allowNewline: true}).length);
		}), {numRuns: 2000});
	});

	test('a text field drops exactly what the sanitizer escapes on one line', () => {
		fc.assert(fc.property(samples, text => {
			const typed = fieldPrintable(text);
			expect(findUnsafeCharacters(typed)).toEqual([]);
			expect(typed === text).toBe(sanitize(text) === text);
			// What is left is drawn as it was typed.
			expect(sanitize(typed)).toBe(typed);
		}), {numRuns: 2000});
	});

	test('safeJson escapes the same set inside strings, keeps its own line breaks, and parses back to the value', () => {
		fc.assert(fc.property(samples, fc.nat(4), (text, indent) => {
			const value = {name: text, list: [text, 1]};
			const json = safeJson(value, indent);
			expect(findUnsafeCharacters(json, {allowNewline: true})).toEqual([]);
			expect(JSON.parse(json)).toEqual(value);
			expect(sanitizeMultiline(json)).toBe(json);
		}), {numRuns: 1000});
	});

	test('a quoted file value is escaped as the sanitizer escapes one line', () => {
		fc.assert(fc.property(samples, text => {
			const shown = quotePrintable(text, Number.POSITIVE_INFINITY);
			expect(findUnsafeCharacters(shown)).toEqual([]);
			expect(shown).toBe(sanitize(text));
		}), {numRuns: 2000});
	});

	test('an emoji built with joiners is kept whole by every guard, a stray joiner by none', () => {
		const coder = '👩\u200D💻';
		expect(fieldPrintable(coder)).toBe(coder);
		expect(quote(coder)).toBe(`"${coder}"`);
		expect(JSON.parse(safeJson(coder)) as string).toBe(coder);
		expect(safeJson(coder)).toBe(`"${coder}"`);
		expect(fieldPrintable('ad\u200Dmin')).toBe('admin');
		expect(quote('ad\u200Dmin')).toBe(String.raw`"ad\u200dmin"`);
		expect(safeJson('ad\u200Dmin')).toBe(String.raw`"ad\u200dmin"`);
	});

	test('every guard covers the invisible format characters and annotation controls', () => {
		for (const character of ['\u180E', '\u2060', '\u2064', '\u206A', '\uFFF9', '\uFFFB']) {
			expect(safeJson(`a${character}b`)).toBe(`"a\\u${character.codePointAt(0)!.toString(16)}b"`);
			expect(fieldPrintable(`a${character}b`)).toBe('ab');
			expect(quote(`a${character}b`)).toBe(`"a\\u${character.codePointAt(0)!.toString(16)}b"`);
		}
	});

	test('line breaks: one line escapes them, multi-line text and JSON keep LF only', () => {
		expect(sanitize('a\nb')).toBe(String.raw`a\nb`);
		expect(quote('a\nb')).toBe(String.raw`"a\nb"`);
		expect(fieldPrintable('a\nb\r')).toBe('ab');
		expect(sanitizeMultiline('a\nb\r\u2028')).toBe(String.raw`a` + '\n' + String.raw`b\r\u2028`);
		expect(safeJson({a: 1})).toBe('{\n  "a": 1\n}');
	});
});
