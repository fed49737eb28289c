// Per-user problems of a bulk import, with the codes Auth0's import job
// documents and no others (Bulk User Imports, "Retrieve failed entries"):
// schema problems carry its validator's codes (FORMAT, INVALID_TYPE,
// OBJECT_REQUIRED, PATTERN, …), conflicts CONFLICT_EMAIL / CONFLICT_USERNAME /
// CONFLICT, repeats DUPLICATED_USER. Where userdeck knows more (an unsupported
// digest, a reserved metadata key, a hash of the wrong length) it says so in
// the message and in `reason`, so scripts written for Auth0's codes still work.

export const importErrorCodes = [
	'ANY_OF_MISSING',
	'ARRAY_LENGTH_LONG',
	'ARRAY_LENGTH_SHORT',
	'CONFLICT',
	'CONFLICT_EMAIL',
	'CONFLICT_USERNAME',
	'CONNECTION_NOT_FOUND',
	'DUPLICATED_USER',
	'ENUM_MISMATCH',
	'FORMAT',
	'INVALID_TYPE',
	'MAX_LENGTH',
	'MAXIMUM',
	'MFA_FACTORS_FAILED',
	'MIN_LENGTH',
	'MINIMUM',
	'NOT_PASSED',
	'OBJECT_REQUIRED',
	'PATTERN',
] as const;

export type ImportErrorCode = typeof importErrorCodes[number];

export type ImportError = {
	code: ImportErrorCode;
	message: string;
	/** userdeck's finer reason where Auth0's code is broad (PASSWORD_ALREADY_SET, UNSUPPORTED_ALGORITHM, …). */
	reason?: string;
	/** The property at fault, dotted (`custom_password_hash.hash.encoding`); absent for the whole user. */
	path?: string;
};

/** One user the import refused, by its place in the file. */
export type ImportFailure = {
	index: number;
	/** The email as the file gave it, when it was a string. */
	email?: string;
	errors: ImportError[];
};

/** An accepted user of which something was not written, e.g. what an upsert leaves as it was. */
export type ImportNotice = {
	index: number;
	email: string;
	user_id: string;
	code: 'NOT_UPSERTED';
	/** The entry's properties that were not applied. */
	fields: string[];
	message: string;
};

/** One refused user as Auth0's `GET /api/v2/jobs/{id}/errors` gives it, plus its place in the file. */
export type JobError = {
	user: unknown;
	errors: Array<{code: ImportErrorCode; message: string; path: string; reason?: string}>;
	index: number;
};

const redacted = '*****';

/**
 * The entry as Auth0 shows it in a job's errors: secrets replaced with
 * `*****` (Auth0 redacts hash.value; the HMAC key, a password_hash and a TOTP
 * secret are as secret and are redacted too), everything else as the file had
 * it, so the admin can find and fix the entry.
 */
export function redactEntry(entry: unknown): unknown {
	if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
		return entry;
	}

	const copy = structuredClone(entry) as Record<string, unknown>;
	if (typeof copy['password_hash'] === 'string') {
		copy['password_hash'] = redacted;
	}

	const custom = copy['custom_password_hash'] as {hash?: {value?: unknown; key?: {value?: unknown}}} | undefined;
	if (custom && typeof custom === 'object' && custom.hash && typeof custom.hash === 'object') {
		if ('value' in custom.hash) {
			custom.hash.value = redacted;
		}

		if (custom.hash.key && typeof custom.hash.key === 'object' && 'value' in custom.hash.key) {
			custom.hash.key.value = redacted;
		}
	}

	if (Array.isArray(copy['mfa_factors'])) {
		for (const factor of copy['mfa_factors'] as Array<{totp?: {secret?: unknown}} | null>) {
			if (factor?.totp && typeof factor.totp === 'object' && 'secret' in factor.totp) {
				factor.totp.secret = redacted;
			}
		}
	}

	return copy;
}

/** The refused users in Auth0's job-errors shape, `[{user, errors: [{code, message, path}]}]`. */
export function jobErrors(failures: readonly ImportFailure[], entries: readonly unknown[]): JobError[] {
	return failures.map(failure => ({
		user: redactEntry(entries[failure.index]),
		errors: failure.errors.map(({code, message, path, reason}) => ({code, message, path: path ?? '', ...(reason === undefined ? {} : {reason})})),
		index: failure.index,
	}));
}
