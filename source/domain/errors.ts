// Errors of the Users area's rules. Views show `message`; forms place
// `fields` next to the inputs they belong to.

/** UNSUPPORTED: what this backend or build cannot do (a live tenant without its backend, Sign in as User on a tenant). */
export type ErrorCode = 'NOT_FOUND' | 'VALIDATION' | 'CONFLICT' | 'AUTH' | 'FORBIDDEN' | 'UNSUPPORTED';

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
