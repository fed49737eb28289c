// Reads a file line by line in fixed chunks. No line is ever longer than
// `maxLineBytes` in memory, and the whole file is never one string: a 2 GB
// file of zeros is refused after its first chunk instead of filling memory.
import type {FileHandle} from 'node:fs/promises';

export type LineReaderOptions = {
	/** Byte offset to start at. */
	readonly start?: number;
	/** Number of the first line read, for messages. */
	readonly firstLine?: number;
	readonly maxLineBytes: number;
	readonly chunkBytes?: number;
	/** Called with each complete line, `buffer[start, end)` without the newline, which starts at byte `offset` of the file. */
	/** Called with each line; returning `false` stops the reading after it (`stopped` in the result). */
	readonly onLine: (buffer: Buffer, start: number, end: number, line: number, offset: number) => void | boolean;
	readonly onTooLong: (line: number) => Error;
	/** When given, a NUL byte stops the reading at once with this error. */
	readonly onNul?: (line: number, lineOffset: number) => Error;
	/**
	 * Asked after each line; a promise returned pauses the reading until it
	 * settles (a console loading a big store gives the event loop a turn).
	 */
	readonly pace?: () => Promise<void> | undefined;
};

export type LineReaderResult = {
	/** Offset just past the last newline read. */
	readonly end: number;
	/** Bytes after the last newline (a last line without one), if any. */
	readonly tail: Buffer | undefined;
	/** Number of the line after the last complete one (the tail's, if any). */
	readonly nextLine: number;
	/** Offset of the end of the file as read. */
	readonly eof: number;
	/** The reading was stopped by `onLine` before the end of the file. */
	readonly stopped?: boolean;
};

export async function readLines(fh: FileHandle, options: LineReaderOptions): Promise<LineReaderResult> {
	const {maxLineBytes, onLine, onTooLong, onNul, pace} = options;
	const chunk = Buffer.allocUnsafe(options.chunkBytes ?? 1024 * 1024);
	let position = options.start ?? 0;
	let end = position;
	let line = options.firstLine ?? 1;
	// The start of a line that began in an earlier chunk, copied out of `chunk`.
	let pending: Buffer[] = [];
	let pendingBytes = 0;

	for (;;) {
		const {bytesRead} = await fh.read(chunk, 0, chunk.length, position);
		if (bytesRead === 0) {
			break;
		}

		const view = bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead);
		const chunkOffset = position;
		position += bytesRead;
		const nulAt = onNul ? view.indexOf(0) : -1;
		let lineStart = 0;
		for (;;) {
			const newline = view.indexOf(10, lineStart);
			if (newline === -1) {
				break;
			}

			if (nulAt !== -1 && nulAt < newline) {
				throw onNul!(line, end);
			}

			if (pendingBytes > 0) {
				const total = pendingBytes + newline - lineStart;
				if (total > maxLineBytes) {
					throw onTooLong(line);
				}

				pending.push(view.subarray(lineStart, newline));
				const joined = Buffer.concat(pending, total);
				pending = [];
				pendingBytes = 0;
				if (onLine(joined, 0, joined.length, line, end) === false) {
					return {end: end + total + 1, tail: undefined, nextLine: line + 1, eof: position, stopped: true};
				}
			} else {
				if (newline - lineStart > maxLineBytes) {
					throw onTooLong(line);
				}

				if (onLine(view, lineStart, newline, line, end) === false) {
					return {end: chunkOffset + newline + 1, tail: undefined, nextLine: line + 1, eof: position, stopped: true};
				}
			}

			line++;
			lineStart = newline + 1;
			end = chunkOffset + lineStart;
			// `chunk` is read into again only after this loop: pausing here is safe.
			const paused = pace?.();
			if (paused) {
				await paused;
			}
		}

		if (lineStart < bytesRead) {
			if (nulAt !== -1) {
				throw onNul!(line, end);
			}

			pendingBytes += bytesRead - lineStart;
			if (pendingBytes > maxLineBytes) {
				throw onTooLong(line);
			}

			// Copied: `chunk` is reused for the next read.
			pending.push(Buffer.from(view.subarray(lineStart)));
		}
	}

	return {end, tail: pendingBytes > 0 ? Buffer.concat(pending, pendingBytes) : undefined, nextLine: line, eof: position};
}
