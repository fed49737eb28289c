import fc from 'fast-check';
import stringWidth from 'string-width';
import {describe, expect, test, vi} from 'vitest';
import {sanitize} from '../../source/terminal/sanitize.js';
import {displayWidth, padEnd, padStart, truncate} from '../../source/terminal/text-width.js';

// Printable text with the characters that make width differ from length.
const unit = fc.oneof(
	fc.string({unit: 'grapheme-ascii', minLength: 1, maxLength: 1}),
	fc.constantFrom('山', '田', 'é', 'e\u0301', '👩‍💻', '🏳️‍🌈', '👍🏽', 'ｱ', '\u0301', 'Z\u0335\u0322', `o${'\u0301'.repeat(40)}`),
	fc.string({unit: 'grapheme', minLength: 1, maxLength: 1}),
);
const text = fc.array(unit, {maxLength: 30}).map(parts => sanitize(parts.join('')));
const width = fc.integer({min: 0, max: 40});

describe('displayWidth', () => {
	test('counts terminal cells', () => {
		expect(displayWidth('abc')).toBe(3);
		expect(displayWidth('山田')).toBe(4);
		expect(displayWidth('👩‍💻')).toBe(2);
		expect(displayWidth('e\u0301')).toBe(1);
		expect(displayWidth('')).toBe(0);
	});
});

describe('truncate', () => {
	test('leaves text that fits alone', () => {
		expect(truncate('Jane Doe', 8)).toBe('Jane Doe');
		expect(truncate('山田太郎', 8)).toBe('山田太郎');
	});

	test('cuts by cells, ending with an ellipsis', () => {
		expect(truncate('Jane Doe', 5)).toBe('Jane…');
		expect(truncate('山田太郎', 5)).toBe('山田…');
		expect(truncate('山田太郎', 6)).toBe('山田…');
		expect(truncate('abc', 1)).toBe('…');
		expect(truncate('abc', 0)).toBe('');
		expect(truncate('abc', -3)).toBe('');
		expect(truncate('Jane Doe', 5, '')).toBe('Jane ');
	});

	test('plain ASCII is cut without segmenting anything (the first frame must not set up Intl.Segmenter)', () => {
		expect(stringWidth('…')).toBe(1);
		const segment = vi.spyOn(Intl.Segmenter.prototype, 'segment');
		try {
			expect(truncate(' userdeck  /tmp/store.ndjson', 12)).toBe(' userdeck  …');
			expect(truncate('  Loading the store... 5%', 80)).toBe('  Loading the store... 5%');
			expect(segment).not.toHaveBeenCalled();
			expect(truncate('Jane Doe', 5, '→')).toBe('Jane→');
		} finally {
			segment.mockRestore();
		}
	});

	test('never splits a grapheme', () => {
		expect(truncate('👩‍💻👩‍💻👩‍💻', 5)).toBe('👩‍💻👩‍💻…');
		expect(truncate('👩‍💻👩‍💻👩‍💻', 4)).toBe('👩‍💻…');
		expect(truncate('e\u0301e\u0301e\u0301', 2)).toBe('e\u0301…');
	});

	test('stays fast on huge values by reading only what fits', () => {
		const huge = '山'.repeat(2_000_000);
		// Warm up (and flatten the repeated string) outside the measurement.
		expect(huge.includes('x')).toBe(false);
		expect(truncate('山山山', 2)).toBe('…');
		const started = performance.now();
		for (let run = 0; run < 10; run++) {
			expect(truncate(huge, 10)).toBe('山山山山…');
		}

		// Segmenting the whole value takes about 100 ms a call (1 s here); the prefix, well under 1 ms.
		expect(performance.now() - started).toBeLessThan(300);
	});

	test('a grapheme longer than the prefix it samples is still measured whole', () => {
		const zalgo = `a${'\u0301'.repeat(5000)}`;
		expect(truncate(`${zalgo}山山`, 2)).toBe(`${zalgo}…`);
		expect(truncate(`${zalgo}山`, 3)).toBe(`${zalgo}山`);
		expect(truncate(`${zalgo}b`, 2)).toBe(`${zalgo}b`);
	});

	test('property: the result fits, is a prefix, and fitting text is unchanged', () => {
		fc.assert(fc.property(text, width, (value, columns) => {
			const result = truncate(value, columns);
			expect(displayWidth(result)).toBeLessThanOrEqual(columns);
			if (columns === 0) {
				expect(result).toBe('');
			} else if (displayWidth(value) <= columns) {
				expect(result).toBe(value);
			} else {
				expect(result.endsWith('…')).toBe(true);
				expect(value.startsWith(result.slice(0, -1))).toBe(true);
				// Nothing more would have fit: one more grapheme overflows.
				const next = [...new Intl.Segmenter().segment(value.slice(result.length - 1))][0]!.segment;
				expect(displayWidth(result) + displayWidth(next)).toBeGreaterThan(columns);
			}
		}), {numRuns: 3000});
	});
});

describe('padEnd and padStart', () => {
	test('fill exactly the width', () => {
		expect(padEnd('Jane', 6)).toBe('Jane  ');
		expect(padStart('42', 5)).toBe('   42');
		expect(padEnd('山田太郎', 6)).toBe('山田… ');
		expect(padStart('山田太郎', 6)).toBe(' 山田…');
		expect(padEnd('', 3)).toBe('   ');
		expect(padEnd('abc', 0)).toBe('');
	});

	test('property: the result is always exactly the width', () => {
		fc.assert(fc.property(text, width, (value, columns) => {
			expect(displayWidth(padEnd(value, columns))).toBe(columns);
			expect(displayWidth(padStart(value, columns))).toBe(columns);
		}), {numRuns: 3000});
	});
});
