// One entry of an Auth0 bulk import file (auth0-bulk-import.schema.json),
// once the schema has accepted it.
import type {JsonObject, PasswordScheme} from '../types.js';

/** The file's `custom_password_hash`: the scheme a password record keeps, plus the hash's value. */
export type CustomPasswordHash = Omit<PasswordScheme, 'hash'> & {
	hash: NonNullable<PasswordScheme['hash']> & {value?: string};
};

export type ImportUser = {
	email: string;
	email_verified?: boolean;
	phone_number?: string;
	phone_verified?: boolean;
	/** Without the strategy prefix: `auth0|` is added. */
	user_id?: string;
	username?: string;
	given_name?: string;
	family_name?: string;
	name?: string;
	nickname?: string;
	picture?: string;
	blocked?: boolean;
	/** bcrypt, `$2a$` or `$2b$`. */
	password_hash?: string;
	custom_password_hash?: CustomPasswordHash;
	app_metadata?: JsonObject;
	user_metadata?: JsonObject;
	mfa_factors?: JsonObject[];
};
