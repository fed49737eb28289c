// Unicode braille: a cell is 2×4 dots, U+2800 plus one bit per raised dot.
import type {Bitmap} from './rasterize.js';

/** Bit of the dot at (x, y) within a cell, indexed [x][y] (Unicode's dot numbering 1-2-3-7 / 4-5-6-8). */
const dotBits = [
	[0x01, 0x02, 0x04, 0x40],
	[0x08, 0x10, 0x20, 0x80],
] as const;

export function dotBit(x: number, y: number): number {
	return dotBits[x]?.[y] ?? 0;
}

export function brailleChar(bits: number): string {
	return String.fromCodePoint(0x2800 + (bits & 0xff));
}

/** The braille bits of every cell, row-major, for a bitmap of `cols*2` × `rows*4` dots. */
export function encodeBraille(bitmap: Bitmap): Uint8Array {
	const cols = Math.floor(bitmap.width / 2);
	const rows = Math.floor(bitmap.height / 4);
	const cells = new Uint8Array(cols * rows);
	const {dots, width} = bitmap;
	for (let row = 0; row < rows; row++) {
		for (let dy = 0; dy < 4; dy++) {
			const offset = (row * 4 + dy) * width;
			const left = dotBits[0][dy] ?? 0;
			const right = dotBits[1][dy] ?? 0;
			for (let col = 0; col < cols; col++) {
				const index = offset + col * 2;
				let bits = 0;
				if (dots[index] === 1) {
					bits |= left;
				}

				if (dots[index + 1] === 1) {
					bits |= right;
				}

				if (bits !== 0) {
					cells[row * cols + col]! |= bits;
				}
			}
		}
	}

	return cells;
}
