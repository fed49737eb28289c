// Every file-system call of the store goes through this object, so a test can
// watch the order of writes, fsyncs and renames (durability depends on it)
// without patching Node's own modules.
import {closeSync, constants, fstatSync, openSync} from 'node:fs';
import {chmod, link, lstat, mkdir, open, readdir, realpath, rename, stat, unlink} from 'node:fs/promises';

export const io = {open, rename, link, unlink, stat, lstat, mkdir, chmod, readdir, realpath};

/**
 * Opens for reading without blocking on a FIFO put in place of a store file
 * (a plain `open` would wait forever for a writer).
 */
export const readFlags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

const nonBlocking = constants.O_NONBLOCK ?? 0;

/**
 * Appends (creating the file when missing; with `exclusive`, only then),
 * without blocking on a FIFO: opening one for writing would wait for a reader
 * (with O_NONBLOCK it fails at once, ENXIO). The caller checks the handle is a
 * regular file (fstat) before writing.
 */
export function appendFlags(exclusive: boolean): number {
	return constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (exclusive ? constants.O_EXCL : 0) | nonBlocking;
}

/** Reads and writes an existing file without blocking on a FIFO. */
export const updateFlags = constants.O_RDWR | nonBlocking;

/** Thrown when a store path names something other than a regular file (a FIFO, a device, a folder). */
export class NotRegularFileError extends Error {
	readonly code = 'ENOTREG';
	readonly path: string;
	readonly kind: string;
	constructor(path: string, kind: string) {
		super(`${path} is ${kind}, not a regular file`);
		this.path = path;
		this.kind = kind;
	}
}

/** What a non-regular file is, for messages. */
export function kindOf(stats: {isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean}): string {
	if (stats.isDirectory()) {
		return 'a directory';
	}

	if (stats.isFIFO()) {
		return 'a FIFO';
	}

	if (stats.isSocket()) {
		return 'a socket';
	}

	return stats.isCharacterDevice() || stats.isBlockDevice() ? 'a device' : 'not a regular file';
}

/**
 * Opens a store path for reading (synchronously), refusing anything but a
 * regular file before a byte is read: O_NONBLOCK so that a FIFO does not wait
 * for a writer, then fstat on the open descriptor (a check by path before
 * opening could be raced). Throws NotRegularFileError, or the open's error.
 */
export function openRegularSync(path: string): number {
	const fd = openSync(path, readFlags);
	try {
		const stats = fstatSync(fd);
		if (!stats.isFile()) {
			throw new NotRegularFileError(path, kindOf(stats));
		}
	} catch (error) {
		closeSync(fd);
		throw error;
	}

	return fd;
}
