import {describe, expect, it} from 'vitest';
import {createBitmap, fillRings, getDot, keepSmallRings, type Bitmap} from '../../source/map/rasterize.js';

function picture(bitmap: Bitmap): string[] {
	const lines: string[] = [];
	for (let y = 0; y < bitmap.height; y++) {
		let line = '';
		for (let x = 0; x < bitmap.width; x++) {
			line += getDot(bitmap, x, y) ? '#' : '.';
		}

		lines.push(line);
	}

	return lines;
}

function count(bitmap: Bitmap): number {
	return bitmap.dots.reduce((sum, dot) => sum + dot, 0);
}

describe('fillRings', () => {
	it('fills the dots whose centres lie inside a rectangle', () => {
		const bitmap = createBitmap(8, 6);
		fillRings(bitmap, [[1, 1, 5, 1, 5, 4, 1, 4]]);
		expect(picture(bitmap)).toEqual(['........', '.####...', '.####...', '.####...', '........', '........']);
	});

	it('samples dot centres, so edges between centres decide by the half', () => {
		const bitmap = createBitmap(6, 3);
		// x from 0.6 to 3.4 covers the centres 1.5 and 2.5 only; y from 0.4 to 1.6 covers the centre 0.5 and 1.5 in part.
		fillRings(bitmap, [[0.6, 0.4, 3.4, 0.4, 3.4, 1.6, 0.6, 1.6]]);
		expect(picture(bitmap)).toEqual(['.##...', '.##...', '......']);
	});

	it('fills a triangle symmetrically and counts a shared apex once', () => {
		const bitmap = createBitmap(9, 5);
		// Apex exactly on a row of centres: a vertex rule that counts it twice would fill the row's rest.
		fillRings(bitmap, [[4.5, 0.5, 8.3, 4.5, 0.7, 4.5]]);
		expect(picture(bitmap)).toEqual(['.........', '....#....', '...###...', '..#####..', '.........']);
	});

	it('leaves holes open by the even-odd rule, and separate islands filled', () => {
		const bitmap = createBitmap(10, 10);
		fillRings(bitmap, [
			[0, 0, 7, 0, 7, 7, 0, 7],
			// A hole, wound the same way as the outer ring: even-odd does not care.
			[2, 2, 5, 2, 5, 5, 2, 5],
			[8, 8, 10, 8, 10, 10, 8, 10],
		]);
		expect(picture(bitmap)).toEqual([
			'#######...',
			'#######...',
			'##...##...',
			'##...##...',
			'##...##...',
			'#######...',
			'#######...',
			'..........',
			'........##',
			'........##',
		]);
	});

	it('clips shapes that run past the bitmap', () => {
		const bitmap = createBitmap(4, 4);
		fillRings(bitmap, [[-10, -10, 2, -10, 2, 20, -10, 20]]);
		expect(picture(bitmap)).toEqual(['##..', '##..', '##..', '##..']);
		const whole = createBitmap(4, 4);
		fillRings(whole, [[-100, -100, 100, -100, 100, 100, -100, 100]]);
		expect(count(whole)).toBe(16);
	});

	it('ignores degenerate rings', () => {
		const bitmap = createBitmap(4, 4);
		fillRings(bitmap, [[], [1, 1], [0, 0, 4, 4], [0, 2, 4, 2, 2, 2]]);
		expect(count(bitmap)).toBe(0);
	});
});

describe('keepSmallRings', () => {
	it('keeps an island smaller than a dot as one dot', () => {
		const bitmap = createBitmap(6, 6);
		const island = [3.1, 2.1, 3.4, 2.1, 3.4, 2.4, 3.1, 2.4];
		fillRings(bitmap, [island]);
		expect(count(bitmap)).toBe(0);
		keepSmallRings(bitmap, [island]);
		expect(picture(bitmap)).toEqual(['......', '......', '...#..', '......', '......', '......']);
	});

	it('draws a thin island the fill misses along its length', () => {
		const bitmap = createBitmap(10, 3);
		// Between the rows of centres (1.5 and 2.5): the fill draws nothing.
		const sliver = [1.2, 1.6, 8.8, 1.6, 8.8, 1.9, 1.2, 1.9];
		fillRings(bitmap, [sliver]);
		expect(count(bitmap)).toBe(0);
		keepSmallRings(bitmap, [sliver]);
		expect(picture(bitmap)).toEqual(['..........', '.########.', '..........']);
	});

	it('draws a narrow island between its far ends, and leaves wide boxes to the fill', () => {
		// A diagonal sliver's box holds rows and columns of centres: it counts as drawable.
		const bitmap = createBitmap(6, 6);
		keepSmallRings(bitmap, [[0.1, 0.2, 0.3, 0.1, 4.9, 4.8, 4.8, 4.9]]);
		expect(count(bitmap)).toBe(0);
		const narrow = createBitmap(6, 6);
		keepSmallRings(narrow, [[2.6, 0.2, 2.9, 0.2, 2.9, 5.6, 2.6, 5.6]]);
		expect(picture(narrow)).toEqual(['..#...', '..#...', '..#...', '..#...', '..#...', '..#...']);
	});

	it('adds nothing to rings the fill draws, so a channel between islands stays open', () => {
		const bitmap = createBitmap(9, 4);
		const islands = [
			[0, 0, 4, 0, 4, 4, 0, 4],
			[5, 0, 9, 0, 9, 4, 5, 4],
		];
		fillRings(bitmap, islands);
		keepSmallRings(bitmap, islands);
		expect(picture(bitmap)).toEqual(['####.####', '####.####', '####.####', '####.####']);
	});
});
