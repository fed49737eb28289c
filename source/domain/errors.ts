// Errors of the Users area's rules. Views show `message`; forms place
// `fields` next to the inputs they belong to.

export type ErrorCode = 'NOT_FOUND' | 'VALIDATION' | 'CONFLICT' | 'AUTH' | 'FORBIDDEN'
	/** A remote backend's limits: try again at the time the error names. */
	| 'RATE_LIMITED'
	/** A remote backend could not be reached or did not answer (network, timeout, 5xx). */
	| 'UNAVAILABLE'
	/** The request was cancelled (the admin moved on); nothing to show. */
	| 'CANCELLED';

export type FieldErrors = Partial<Record<'email' | 'password' | 'repeatPassword' | 'connection' | 'metadata' | 'client', string[]>>;

export class UserdeckError extends Error {
	readonly code: ErrorCode;
	readonly fields: FieldErrors;

	constructor(code: ErrorCode, message: string, fields: FieldErrors = {}) {
		super(message);
		this.name = 'UserdeckError';
		this.code = code;
		this.fields = fields;
	}
}

export function isUserdeckError(error: unknown): error is UserdeckError {
	return error instanceof UserdeckError;
}
