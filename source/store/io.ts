// Every file-system call of the store goes through this object, so a test can
// watch the order of writes, fsyncs and renames (durability depends on it)
// without patching Node's own modules.
import {constants} from 'node:fs';
import {chmod, link, lstat, mkdir, open, readdir, realpath, rename, stat, unlink} from 'node:fs/promises';

export const io = {open, rename, link, unlink, stat, lstat, mkdir, chmod, readdir, realpath};

/**
 * Opens for reading without blocking on a FIFO put in place of a store file
 * (a plain `open` would wait forever for a writer).
 */
export const readFlags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
