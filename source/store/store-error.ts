// The one error type of the store layer. Callers switch on `code`; the message
// is written for the person at the terminal and always names the store's path.
import {quotePath} from './quote.js';

export type StoreErrorCode = 'CORRUPT' | 'VERSION' | 'LOCKED' | 'IO' | 'PERMISSION' | 'MISSING';

export class StoreError extends Error {
	override readonly name = 'StoreError';
	readonly code: StoreErrorCode;
	/** The store's path (the snapshot file). */
	readonly path: string;

	constructor(code: StoreErrorCode, path: string, message: string, options?: {cause?: unknown}) {
		super(message, options);
		this.code = code;
		this.path = path;
	}
}

/** `Cannot load store /x: <problem>`: the file is refused and left as it is. */
export function loadError(code: 'CORRUPT' | 'VERSION', path: string, problem: string): StoreError {
	return new StoreError(code, path, `Cannot load store ${quotePath(path)}: ${problem}`);
}

type ErrnoError = Error & {code?: string; syscall?: string; path?: string};

function errnoCode(error: unknown): string | undefined {
	return error instanceof Error ? (error as ErrnoError).code : undefined;
}

export function isErrno(error: unknown, ...codes: string[]): boolean {
	const code = errnoCode(error);
	return code !== undefined && codes.includes(code);
}

const plainReasons: Readonly<Record<string, string>> = {
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	ENOSPC: 'no space left on the device',
	EDQUOT: 'disk quota exceeded',
	EROFS: 'the file system is read-only',
	EISDIR: 'it is a directory',
	ENOTDIR: 'a part of the path is not a directory',
	ENOENT: 'no such file or directory',
	EIO: 'input/output error',
	EMFILE: 'too many open files',
	ENAMETOOLONG: 'the path is too long',
	ELOOP: 'too many symbolic links',
};

/**
 * Wraps an operating-system error (one with an errno code) as a StoreError.
 * `doing` completes the sentence "Cannot … store /x", e.g. `load`, `write`.
 * StoreErrors and other errors (bugs, a caller's own errors) pass unchanged.
 */
export function ioError(doing: string, path: string, error: unknown): Error {
	if (error instanceof StoreError || (error instanceof Error && typeof errnoCode(error) !== 'string')) {
		return error;
	}

	if (!(error instanceof Error)) {
		return new Error(String(error));
	}

	const code = errnoCode(error);
	const reason = (code && plainReasons[code]) ?? (error instanceof Error ? error.message : String(error));
	const where = error instanceof Error && (error as ErrnoError).path && (error as ErrnoError).path !== path
		? ` (${quotePath(String((error as ErrnoError).path))})`
		: '';
	const storeCode = code === 'EACCES' || code === 'EPERM' ? 'PERMISSION' : 'IO';
	return new StoreError(storeCode, path, `Cannot ${doing} store ${quotePath(path)}: ${reason}${code && reason !== code ? ` [${code}]` : ''}${where}`, {cause: error});
}
