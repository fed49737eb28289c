// Errors of the Users area's rules. Views show `message`; forms place
// `fields` next to the inputs they belong to.

/**
 * UNSUPPORTED: what this backend or build cannot do (a live tenant without its
 * backend, Sign in as User on a tenant). DAMAGED: the user is listed, but the
 * store file's profile of them cannot be read (the message names the row and
 * what is wrong).
 */
export type ErrorCode = 'NOT_FOUND' | 'VALIDATION' | 'CONFLICT' | 'AUTH' | 'FORBIDDEN' | 'UNSUPPORTED' | 'DAMAGED';

export type FieldErrors = Partial<Record<'email' | 'password' | 'repeatPassword' | 'connection' | 'metadata' | 'client', string[]>>;

/**
 * A remote backend's own outcomes: RATE_LIMITED (try again at the time the
 * error names), UNAVAILABLE (not reached or no answer: network, timeout,
 * 5xx), CANCELLED (the admin moved on; nothing to show).
 */
export type RemoteErrorCode = 'RATE_LIMITED' | 'UNAVAILABLE' | 'CANCELLED';

export class UserdeckError extends Error {
	readonly code: ErrorCode | RemoteErrorCode;
	readonly fields: FieldErrors;

	constructor(code: ErrorCode | RemoteErrorCode, message: string, fields: FieldErrors = {}) {
		super(message);
		this.name = 'UserdeckError';
		this.code = code;
		this.fields = fields;
	}
}

export function isUserdeckError(error: unknown): error is UserdeckError {
	return error instanceof UserdeckError;
}
