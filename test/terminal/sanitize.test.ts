import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {sanitize, sanitizeMultiline} from '../../source/terminal/sanitize.js';
import {awkwardButPrintable, hostileStrings, splitPairs} from './hostile-corpus.js';
import {findUnsafeCharacters} from './unsafe-characters.js';

// Undoes the sanitizer's visible escapes, to show nothing was dropped or
// altered besides them (only meaningful for input without backslashes).
function unescape(text: string): string {
	return text.replaceAll(/\\(?:x([\da-f]{2})|u([\da-f]{4})|([tnr]))/g, (_match, hex: string | undefined, unicode: string | undefined, named: string | undefined) => {
		if (named !== undefined) {
			return {t: '\t', n: '\n', r: '\r'}[named]!;
		}

		return String.fromCharCode(Number.parseInt(hex ?? unicode!, 16));
	});
}

// Any code unit, weighted toward the dangerous ones, lone surrogates included.
const dangerousUnit = fc.oneof(
	{arbitrary: fc.integer({min: 0, max: 0x1F}), weight: 3},
	{arbitrary: fc.integer({min: 0x7F, max: 0x9F}), weight: 3},
	{arbitrary: fc.constantFrom(0x061C, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A, 0x202E, 0x2066, 0x2069, 0xFEFF), weight: 3},
	{arbitrary: fc.integer({min: 0xD800, max: 0xDFFF}), weight: 1},
	{arbitrary: fc.integer({min: 0x20, max: 0x7E}), weight: 4},
).map(code => String.fromCharCode(code));
const hostileText = fc.string({unit: fc.oneof(dangerousUnit, fc.string({unit: 'binary', minLength: 1, maxLength: 1}), fc.constantFrom('👩', '💻', '\uFE0F', '\u{1F3FD}'))});

describe('sanitize', () => {
	test('the corpus holds at least 200 distinct hostile strings', () => {
		expect(new Set(hostileStrings).size).toBe(hostileStrings.length);
		expect(hostileStrings.length).toBeGreaterThanOrEqual(200);
	});

	test('no corpus entry keeps a character the terminal would act on', () => {
		const leaks = hostileStrings
			.map(text => ({text: JSON.stringify(text.slice(0, 60)), unsafe: findUnsafeCharacters(sanitize(text)).slice(0, 3)}))
			.filter(({unsafe}) => unsafe.length > 0);
		expect(leaks).toEqual([]);
	});

	test('the corpus is hostile: most entries change, and printable ones are left alone', () => {
		const changed = hostileStrings.filter(text => sanitize(text) !== text);
		expect(changed.length).toBeGreaterThanOrEqual(200);
		for (const text of awkwardButPrintable) {
			expect(findUnsafeCharacters(text)).toEqual([]);
		}
	});

	test('halves of a split sequence stay harmless when printed side by side', () => {
		expect(splitPairs.length).toBeGreaterThan(200);
		for (const [left, right] of splitPairs) {
			const joined = sanitize(left) + sanitize(right);
			expect(findUnsafeCharacters(joined), JSON.stringify([left, right])).toEqual([]);
		}
	});

	test('any two sanitized corpus entries printed side by side stay harmless', () => {
		const short = hostileStrings.filter(text => text.length < 200).map(text => sanitize(text));
		let pairs = 0;
		for (const left of short) {
			for (const right of short) {
				if (findUnsafeCharacters(left + right).length > 0) {
					expect.fail(`${JSON.stringify(left)} + ${JSON.stringify(right)} is unsafe`);
				}

				pairs++;
			}
		}

		expect(pairs).toBeGreaterThan(40_000);
	});

	test('escapes are visible and readable', () => {
		expect(sanitize('a\u001B[31mb')).toBe(String.raw`a\x1b[31mb`);
		expect(sanitize('admin\rroot')).toBe(String.raw`admin\rroot`);
		expect(sanitize('abc\b\b\bxyz')).toBe(String.raw`abc\x08\x08\x08xyz`);
		expect(sanitize('one\ntwo\tthree')).toBe(String.raw`one\ntwo\tthree`);
		expect(sanitize('nul\u0000')).toBe(String.raw`nul\x00`);
		expect(sanitize('del\u007F')).toBe(String.raw`del\x7f`);
		expect(sanitize('nel\u0085')).toBe(String.raw`nel\u0085`);
		expect(sanitize('\u009B2J')).toBe(String.raw`\u009b2J`);
		expect(sanitize('\u009D0;title\u009C')).toBe(String.raw`\u009d0;title\u009c`);
		expect(sanitize('invoice\u202Efdp.exe')).toBe(String.raw`invoice\u202efdp.exe`);
		expect(sanitize('\u2066x\u2069')).toBe(String.raw`\u2066x\u2069`);
		expect(sanitize('ad\u200Bmin')).toBe(String.raw`ad\u200bmin`);
		expect(sanitize('ad\u200Dmin')).toBe(String.raw`ad\u200dmin`);
		expect(sanitize('\uFEFFbom')).toBe(String.raw`\ufeffbom`);
		expect(sanitize('x\u2028y')).toBe(String.raw`x\u2028y`);
		expect(sanitize('lone \uD800')).toBe(String.raw`lone \ud800`);
		expect(sanitize('\u001B]52;c;SGVsbG8=\u0007')).toBe(String.raw`\x1b]52;c;SGVsbG8=\x07`);
	});

	test('clean strings come back identical', () => {
		const clean = [
			'',
			'Jane Doe',
			'jane.doe+tag@example.com',
			'auth0|64f1c2a9b8e7d6c5b4a3f2e1',
			'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36',
			'{"plan":"pro","seats":3}',
			...awkwardButPrintable,
		];
		for (const text of clean) {
			expect(sanitize(text)).toBe(text);
			expect(sanitizeMultiline(text)).toBe(text);
		}
	});

	test('emoji sequences keep their joiners; stray joiners are escaped', () => {
		expect(sanitize('👩‍💻')).toBe('👩‍💻');
		expect(sanitize('👩🏽‍💻')).toBe('👩🏽‍💻');
		expect(sanitize('🏳️‍🌈')).toBe('🏳️‍🌈');
		expect(sanitize('👩\u200D')).toBe(String.raw`👩\u200d`);
		expect(sanitize('\u200D💻')).toBe(String.raw`\u200d💻`);
		expect(sanitize('a\u200D💻')).toBe(String.raw`a\u200d💻`);
	});

	test('property: output is always safe, and only the escaped characters changed', () => {
		fc.assert(fc.property(hostileText, text => {
			const output = sanitize(text);
			expect(findUnsafeCharacters(output)).toEqual([]);
			if (!text.includes('\\')) {
				expect(unescape(output)).toBe(text);
			}
		}), {numRuns: 2000});
	});

	test('property: text without unsafe characters is returned unchanged', () => {
		fc.assert(fc.property(fc.string({unit: 'binary'}), text => {
			fc.pre(findUnsafeCharacters(text).length === 0);
			expect(sanitize(text)).toBe(text);
		}), {numRuns: 2000});
	});
});

describe('sanitizeMultiline', () => {
	test('keeps line feeds as line breaks and escapes everything else', () => {
		expect(sanitizeMultiline('{\n  "a": "\u001B[2J"\n}')).toBe('{\n  "a": "\\x1b[2J"\n}');
		expect(sanitizeMultiline('windows\r\nline')).toBe('windows\\r\nline');
		expect(sanitizeMultiline('tab\there')).toBe(String.raw`tab\there`);
		expect(sanitizeMultiline('x\u2028y\u0085z')).toBe(String.raw`x\u2028y\u0085z`);
	});

	test('no corpus entry keeps a control besides line feeds', () => {
		for (const text of hostileStrings) {
			expect(findUnsafeCharacters(sanitizeMultiline(text), {allowNewline: true})).toEqual([]);
		}
	});

	test('pretty-printed JSON of hostile values stays safe (JSON.stringify leaves C1 and BiDi raw)', () => {
		const json = JSON.stringify({values: hostileStrings.filter(text => text.length < 200)}, null, 2);
		const output = sanitizeMultiline(json);
		expect(findUnsafeCharacters(output, {allowNewline: true})).toEqual([]);
		expect(output.split('\n').length).toBe(json.split('\n').length);
	});
});
