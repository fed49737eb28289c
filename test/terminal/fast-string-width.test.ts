import fc from 'fast-check';
import stringWidth from 'string-width';
import {describe, expect, test} from 'vitest';
import fastStringWidth, {standaloneWidth} from '../../source/terminal/fast-string-width.js';

const segmenter = new Intl.Segmenter();
const segments = (text: string) => [...segmenter.segment(text)].length;

describe('fastStringWidth', () => {
	test('every BMP character it measures alone has string-width\'s width and is its own grapheme', () => {
		let alone = 0;
		const wrong: string[] = [];
		for (let code = 0; code < 0x1_00_00; code++) {
			const width = standaloneWidth(code);
			if (width === 254) {
				continue;
			}

			alone++;
			const char = String.fromCharCode(code);
			// Beside ASCII, beside itself: the grapheme rules join pairs, so a
			// character that breaks from both (and is no joiner) breaks from all.
			if (width !== stringWidth(char) || segments(`a${char}${char}a`) !== 4 || segments(`${char}\u0041`) !== 2) {
				wrong.push(code.toString(16));
			}
		}

		expect(wrong).toEqual([]);
		// Most of the BMP stands alone: letters of most scripts, CJK, punctuation, box drawing, braille.
		expect(alone).toBeGreaterThan(50_000);
	}, 120_000);

	test('joining characters go to string-width', () => {
		for (const char of ['\u0301', '\u200D', '\uFE0F', '\u1100', '\u1161', '\u11A8', '\u0E33', '\uFF9E', '\r', '\u001B', '\uD83D', '\u0900', '\u094D']) {
			expect(standaloneWidth(char.charCodeAt(0)), char.codePointAt(0)!.toString(16)).toBe(254);
		}
	});

	test('known widths', () => {
		expect(fastStringWidth('abc')).toBe(3);
		expect(fastStringWidth('José Müller')).toBe(11);
		expect(fastStringWidth('山田 太郎')).toBe(9);
		expect(fastStringWidth('⠁⠂ ─│ …›')).toBe(8);
		expect(fastStringWidth('e\u0301')).toBe(1);
		expect(fastStringWidth('👩‍💻')).toBe(2);
		expect(fastStringWidth('\u001B[31mred\u001B[39m')).toBe(3);
		expect(fastStringWidth('\u001B[1m\u001B[38;2;1;2;3mJosé\u001B[39m\u001B[22m 山')).toBe(7);
		expect(fastStringWidth('\u001B[12345mx')).toBe(stringWidth('\u001B[12345mx'));
		expect(fastStringWidth('')).toBe(0);
		expect(fastStringWidth('ｶﾞ')).toBe(stringWidth('ｶﾞ'));
		expect(fastStringWidth('각\u11A8')).toBe(stringWidth('각\u11A8'));
		expect(fastStringWidth('±', {ambiguousIsNarrow: false})).toBe(2);
		expect(fastStringWidth('\u001B[31m', {countAnsiEscapeCodes: true})).toBe(stringWidth('\u001B[31m', {countAnsiEscapeCodes: true}));
	});

	test('control sequences take no cells exactly where string-width strips them', () => {
		const wrong: string[] = [];
		for (const parameters of ['', '1', '38;5;208', '38:2::1:2:3', '?25', '<1;2', '12345', ';']) {
			for (const intermediate of ['', ' ', '$', '!"', '\u0080']) {
				for (let final = 0x10; final <= 0xA0; final++) {
					for (const after of ['', 'xyz', 'é', '\u0301', '\u001B[m', '@']) {
						const text = `a\u001B[${parameters}${intermediate}${String.fromCharCode(final)}${after}`;
						if (fastStringWidth(text) !== stringWidth(text)) {
							wrong.push(JSON.stringify(text));
						}
					}
				}
			}
		}

		expect(wrong).toEqual([]);
	});

	test('agrees with string-width on any text', () => {
		const unit = fc.oneof(
			fc.string({unit: 'grapheme', minLength: 1, maxLength: 3}),
			fc.string({unit: 'binary', minLength: 1, maxLength: 3}),
			fc.integer({min: 0, max: 0xFFFF}).map(code => String.fromCharCode(code)),
			fc.constantFrom('\u001B[31m', '\u001B[39m', '\u001B[38;5;208m', '\u001B[38;2;255;0;10m', '\u001B[m', '\u001B[1;12345m', '\u001B[12345m', '\u001B[;1m', '\u001B[1:2m', '\u001B[?25l', '\u001B[2J', '\u001B[1 q', '\u001B[5@', '\u001B[<1;2M', '\u001B[1$', '\u001B[1\u0080m', '\u001B]8;;https://x\u0007', '\u009B31m', '\u001B', '\u001B['),
			fc.constantFrom('山', 'é', 'e\u0301', '👩‍💻', '🏳️‍🌈', '👍🏽', 'ｱ', 'ﾞ', '\u0301', 'क्ष', 'ก', 'ำ', '가', '\u1100\u1161\u11A8', '\u001B[1m', '\u001B]8;;x\u0007', '\t', '🇫🇷', '1\uFE0F\u20E3', '\u00AD', '\u200B'),
		);
		fc.assert(fc.property(fc.array(unit, {maxLength: 40}), parts => {
			const text = parts.join('');
			expect(fastStringWidth(text)).toBe(stringWidth(text));
		}), {numRuns: 10_000});
	});
});
