// Decoding a file's bytes as UTF-8 without Node's silent repair: `toString`
// and `readFile(…, 'utf8')` turn every invalid byte into U+FFFD, so a Latin-1
// export or a truncated file would be imported with names quietly changed. The
// store refuses invalid UTF-8 in its own files; files a user hands to a command
// are refused the same way, naming the line and column of the first bad byte.
import {isUtf8} from 'node:buffer';

export type Utf8Result =
	| {ok: true; text: string}
	| {ok: false; message: string; line: number; column: number; offset: number};

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
	let index = 0;
	while (index < bytes.length) {
		const byte = bytes[index]!;
		if (byte < 0x80) {
			index++;
			continue;
		}

		let length: number;
		let min: number;
		if (byte >= 0xC2 && byte <= 0xDF) {
			length = 2;
			min = 0x80;
		} else if (byte >= 0xE0 && byte <= 0xEF) {
			length = 3;
			min = 0x800;
		} else if (byte >= 0xF0 && byte <= 0xF4) {
			length = 4;
			min = 0x1_00_00;
		} else {
			return index;
		}

		let code = byte & (0xFF >> (length + 1));
		for (let next = 1; next < length; next++) {
			const continuation = bytes[index + next];
			if (continuation === undefined || (continuation & 0xC0) !== 0x80) {
				return index;
			}

			code = (code << 6) | (continuation & 0x3F);
		}

		// Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
		if (code < min || (code >= 0xD8_00 && code <= 0xDF_FF) || code > 0x10_FF_FF) {
			return index;
		}

		index += length;
	}

	return undefined;
}

/** `bytes` as text, or where the first invalid byte is (line and column 1-based, the column in characters). */
export function decodeUtf8(bytes: Uint8Array): Utf8Result {
	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// isUtf8 is native and fast: the byte-by-byte search runs only for a bad file.
	if (isUtf8(buffer)) {
		return {ok: true, text: buffer.toString('utf8')};
	}

	const offset = firstInvalidUtf8(buffer) ?? buffer.length;
	const lineStart = offset === 0 ? 0 : buffer.lastIndexOf(0x0A, offset - 1) + 1;
	let line = 1;
	for (let index = buffer.indexOf(0x0A); index !== -1 && index < offset; index = buffer.indexOf(0x0A, index + 1)) {
		line++;
	}

	const column = [...buffer.toString('utf8', lineStart, offset)].length + 1;
	const shown = buffer.subarray(offset, offset + 4).toString('hex').replaceAll(/(..)(?!$)/g, '$1 ');
	return {ok: false, message: `Invalid UTF-8 (byte${offset + 1 < buffer.length ? 's' : ''} ${shown})`, line, column, offset};
}
