// Per-user problems of a bulk import, with Auth0's codes: schema problems carry
// the codes Auth0's validator reports (FORMAT, INVALID_TYPE, MAX_LENGTH,
// PATTERN, …), conflicts CONFLICT_EMAIL / CONFLICT_USERNAME / CONFLICT,
// repeats DUPLICATED_USER.

export type ImportErrorCode =
	| 'INVALID_TYPE'
	| 'FORMAT'
	| 'PATTERN'
	| 'MIN_LENGTH'
	| 'MAX_LENGTH'
	| 'ENUM_MISMATCH'
	| 'MINIMUM'
	| 'OBJECT_MISSING_REQUIRED_PROPERTY'
	| 'OBJECT_ADDITIONAL_PROPERTIES'
	| 'OBJECT_PROPERTIES_MAXIMUM'
	| 'ARRAY_LENGTH_SHORT'
	| 'ARRAY_LENGTH_LONG'
	| 'RESERVED_KEY'
	| 'INVALID_HASH'
	| 'UNSUPPORTED_ALGORITHM'
	| 'DUPLICATED_USER'
	| 'CONFLICT_EMAIL'
	| 'CONFLICT_USERNAME'
	| 'CONFLICT'
	| 'CONNECTION_DISABLED';

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
