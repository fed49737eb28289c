// The 32-bit FNV-1a hash the column tables find rows and users by: of a
// line's bytes while it is read, of a string's characters when asked.
import type {Buffer} from 'node:buffer';

/** FNV-1a over the bytes [start, end): the key hash. */
export function hashBytes(buffer: Buffer, start: number, end: number): number {
	let hash = 0x81_1C_9D_C5;
	for (let index = start; index < end; index++) {
		hash ^= buffer[index]!;
		hash = Math.imul(hash, 0x01_00_01_93);
	}

	return hash >>> 0;
}

/** The same hash of a string's characters; -1 when it has any a base key cannot (base keys are printable ASCII). */
export function hashText(text: string): number {
	let hash = 0x81_1C_9D_C5;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code < 0x20 || code > 0x7E) {
			return -1;
		}

		hash ^= code;
		hash = Math.imul(hash, 0x01_00_01_93);
	}

	return hash >>> 0;
}
