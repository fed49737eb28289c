import {describe, expect, it} from 'vitest';
import {brailleChar, dotBit, encodeBraille} from '../../source/map/braille.js';
import {createBitmap} from '../../source/map/rasterize.js';

describe('braille', () => {
	it('numbers the dots as Unicode does', () => {
		// Column-major in the first three rows, then the bottom row's two dots.
		expect([dotBit(0, 0), dotBit(0, 1), dotBit(0, 2), dotBit(1, 0), dotBit(1, 1), dotBit(1, 2), dotBit(0, 3), dotBit(1, 3)]).toEqual([
			0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80,
		]);
		expect(dotBit(2, 0)).toBe(0);
		expect(dotBit(0, 4)).toBe(0);
	});

	it('maps bits to the braille block', () => {
		expect(brailleChar(0)).toBe('\u2800');
		expect(brailleChar(0xff)).toBe('⣿');
		expect(brailleChar(0x01 | 0x08)).toBe('⠉');
		expect(brailleChar(0x40 | 0x80)).toBe('⣀');
	});

	it('encodes each 2×4 block of a bitmap into its cell', () => {
		const bitmap = createBitmap(4, 8);
		const set = (x: number, y: number) => {
			bitmap.dots[y * 4 + x] = 1;
		};

		// Cell (0,0): left column full. Cell (1,0): bottom-right dot. Cell (0,1): top-left. Cell (1,1): all.
		for (let y = 0; y < 4; y++) {
			set(0, y);
		}

		set(3, 3);
		set(0, 4);
		for (let y = 4; y < 8; y++) {
			set(2, y);
			set(3, y);
		}

		expect([...encodeBraille(bitmap)]).toEqual([0x47, 0x80, 0x01, 0xff]);
		expect([...encodeBraille(bitmap)].map((bits) => brailleChar(bits)).join('')).toBe('⡇⢀⠁⣿');
	});
});
