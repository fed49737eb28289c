import {isUtf8} from 'node:buffer';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {decodeUtf8, firstInvalidUtf8} from '../../source/domain/utf8.js';

describe('decodeUtf8', () => {
	it('decodes valid UTF-8 as it is', () => {
		expect(decodeUtf8(Buffer.from('{"name": "José 😀"}\n'))).toEqual({ok: true, text: '{"name": "José 😀"}\n'});
	});

	it('names the line and column (in characters) of the first invalid byte instead of replacing it', () => {
		// "Jos\xE9" as Latin-1 writes it, on line 2 after a multi-byte character.
		const bytes = Buffer.concat([Buffer.from('[\n {"name": "é Jos'), Buffer.from([0xE9]), Buffer.from('"}]')]);
		expect(decodeUtf8(bytes)).toEqual({ok: false, message: 'Invalid UTF-8 (bytes e9 22 7d 5d)', line: 2, column: 17, offset: 19});
		expect(decodeUtf8(Buffer.from([0xFF]))).toMatchObject({ok: false, line: 1, column: 1, offset: 0, message: 'Invalid UTF-8 (byte ff)'});
	});

	it.each([
		['overlong /', [0xC0, 0xAF]],
		['overlong NUL in 3 bytes', [0xE0, 0x80, 0x80]],
		['a UTF-16 surrogate', [0xED, 0xA0, 0x80]],
		['past U+10FFFF', [0xF4, 0x90, 0x80, 0x80]],
		['a cut sequence', [0xE2, 0x82]],
		['a lone continuation byte', [0x80]],
	])('refuses %s', (_name, bytes) => {
		expect(firstInvalidUtf8(Buffer.from([0x61, ...bytes]))).toBe(1);
	});

	it('agrees with Node\'s validator on any bytes', () => {
		fc.assert(fc.property(fc.uint8Array({maxLength: 24}), bytes => {
			const buffer = Buffer.from(bytes);
			const first = firstInvalidUtf8(buffer);
			expect(first === undefined).toBe(isUtf8(buffer));
			if (first !== undefined) {
				// Everything before the first invalid byte is valid.
				expect(isUtf8(buffer.subarray(0, first))).toBe(true);
			}
		}), {numRuns: 5000});
	});
});
