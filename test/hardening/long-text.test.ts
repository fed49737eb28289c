// Long stored text (found by the hostile-text run of issue 6): string-width,
// over V8's Intl.Segmenter, slows down with the length of the text, and past
// 65,536 UTF-16 units falls off a cliff (a 66,000-character name with one "·"
// took 85 s, a 128,000-character one 231 s), freezing the console. The console
// now measures long text in pieces: the width must be exactly string-width's,
// and a 70,000-character name must take milliseconds.
import fc from 'fast-check';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {displayWidth, padEnd, truncate} from '../../source/terminal/text-width.js';
import {figure} from './support/scale.js';

const pieces = ['a', 'Z', ' ', '-', '·', 'é', 'e\u0301', '山', '한', 'ｶ', 'ﾞ', '👩‍💻', '🏳️‍🌈', '1️⃣', '🇵🇹', '\u0301', 'ع', '\\x1b', 'x'.repeat(40)];

describe('displayWidth of long text', () => {
	it('is exactly string-width\'s, for text long enough to be measured in pieces', () => {
		fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), {minLength: 100, maxLength: 900}), parts => {
			const text = parts.join('');
			expect(displayWidth(text)).toBe(stringWidth(text));
		}), {numRuns: 150, seed: 400});
	});

	// string-width measured 64,000 such characters in 0.8 s, and 66,000 in 85 s: the
	// segmenter falls off a cliff past 65,536 UTF-16 units (this test, without the
	// fix, blocks for a minute and a half before it fails).
	it('takes milliseconds for a 70,000-character name', () => {
		const name = `${'\\x1b'.repeat(17_500)} · ${'山'.repeat(50)}`;
		const started = performance.now();
		const width = displayWidth(name);
		const fitted = padEnd(truncate(name, 40), 40);
		const ms = performance.now() - started;
		figure('long text: displayWidth + truncate of a 70,000-character name (ms)', Math.round(ms));
		expect(width).toBe(70_000 + 3 + 100);
		expect(displayWidth(fitted)).toBe(40);
		expect(ms).toBeLessThan(2000);
	});
});
