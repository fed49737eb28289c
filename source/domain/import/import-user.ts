// One entry of an Auth0 bulk import file (auth0-bulk-import.schema.json),
// once the schema has accepted it.
import type {BinaryEncoding, ImportedHashAlgorithm, JsonObject, PasswordEncoding} from '../types.js';

export type CustomPasswordHash = {
	algorithm: ImportedHashAlgorithm;
	hash: {
		value?: string;
		encoding?: BinaryEncoding;
		digest?: string;
		key?: {value: string; encoding?: BinaryEncoding};
	};
	salt?: {value: string; encoding?: BinaryEncoding; position?: 'prefix' | 'suffix'};
	password?: {encoding?: PasswordEncoding};
	keylen?: number;
	cost?: number;
	blockSize?: number;
	parallelization?: number;
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
