// The columns file's checks (crc-checker.ts): a worker's CRC-32 of shared
// memory is the main thread's, and bytes not in shared memory are checked here.
import zlib from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {CrcChecker, crcOf} from '../../source/store/crc-checker.js';

function filled(bytes: Uint8Array): Uint8Array {
	for (let index = 0; index < bytes.length; index++) {
		bytes[index] = (index * 131) ^ (index >>> 7);
	}

	return bytes;
}

describe('CrcChecker', () => {
	it('gives zlib\'s CRC-32 for shared memory (the worker) and for any other bytes (here), a slice at a time past 4 MiB', async () => {
		const checker = new CrcChecker();
		try {
			const sizes = [0, 1, 4096, (4 * 1024 * 1024) + 3];
			const shared = sizes.map(size => filled(new Uint8Array(new SharedArrayBuffer(size))));
			const own = sizes.map(size => filled(new Uint8Array(size)));
			const answers = await Promise.all([...shared, ...own].map(async bytes => checker.crcOf(bytes)));
			expect(answers).toEqual([...shared, ...own].map(bytes => zlib.crc32(bytes)));
		} finally {
			checker.close();
		}
	});

	it('without a worker, checks everything here', async () => {
		const checker = new CrcChecker(false);
		const bytes = filled(new Uint8Array(new SharedArrayBuffer(10_000)));
		expect(await checker.crcOf(bytes)).toBe(zlib.crc32(bytes));
		checker.close();
	});

	it('continues a CRC across pieces', async () => {
		const bytes = filled(new Uint8Array(9 * 1024 * 1024));
		expect(await crcOf(bytes.subarray(5_000_000), await crcOf(bytes.subarray(0, 5_000_000)))).toBe(zlib.crc32(bytes));
	});
});
