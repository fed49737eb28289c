// Auth0's data shapes (Management API), as userdeck stores and shows them.
// See ../shared/reference/FACTS.md §1, §2, §4, §6. Field order in these types
// follows the order the API returns them in; `orderUserFields` keeps it.

import type {SortField} from './sort.js';
export type JsonValue = string | number | boolean | null | JsonValue[] | {[key: string]: JsonValue};
export type JsonObject = {[key: string]: JsonValue};

export type Identity = {
	connection: string;
	provider: string;
	/**
	 * The id without the strategy prefix, as the provider gives it: a number
	 * for providers whose ids are numbers (GitHub), a string otherwise.
	 */
	user_id: string | number;
	isSocial: boolean;
	/**
	 * The provider's attributes of a linked (secondary) identity. A primary
	 * social identity has none: its attributes sit at the profile's root.
	 */
	profileData?: JsonObject;
};

export type User = {
	user_id: string;
	email?: string;
	email_verified?: boolean;
	username?: string;
	phone_number?: string;
	phone_verified?: boolean;
	created_at: string;
	updated_at: string;
	identities: Identity[];
	app_metadata?: JsonObject;
	user_metadata?: JsonObject;
	picture?: string;
	name?: string;
	nickname?: string;
	multifactor?: string[];
	multifactor_last_modified?: string;
	last_ip?: string;
	last_login?: string;
	last_password_reset?: string;
	logins_count: number;
	blocked?: boolean;
	given_name?: string;
	family_name?: string;
};

/**
 * What the Users list needs of a user: its columns, sort keys and search text.
 * A full `User` is one; the local store keeps a million users as these alone
 * and parses a profile from the store file when a screen or command asks for
 * it (store/sealed-user.ts). Read the profile through the service for
 * anything else.
 */
export type ListUser = {
	readonly user_id: string;
	readonly email?: string | undefined;
	readonly name?: string | undefined;
	readonly created_at: string;
	readonly identities: ReadonlyArray<{readonly connection: string}>;
	readonly last_login?: string | undefined;
	readonly logins_count: number;
	readonly blocked?: boolean | undefined;
	/**
	 * Where the user stands among the users its store loaded, in the order of
	 * each sort field (ties by user_id, ascending), when the store kept those
	 * orders (store/columns-file.ts): hints that spare the list's sorts a
	 * million comparisons (list/user-order.ts). Users without them (created
	 * or changed since) are placed by comparison.
	 */
	placeIn?(field: SortField): number | undefined;
};

/** The Management API's field order for a user. */
export const userFieldOrder = [
	'user_id',
	'email',
	'email_verified',
	'username',
	'phone_number',
	'phone_verified',
	'created_at',
	'updated_at',
	'identities',
	'app_metadata',
	'user_metadata',
	'picture',
	'name',
	'nickname',
	'multifactor',
	'multifactor_last_modified',
	'last_ip',
	'last_login',
	'last_password_reset',
	'logins_count',
	'blocked',
	'given_name',
	'family_name',
] as const satisfies ReadonlyArray<keyof User>;

export type PasswordPolicyLevel = 'none' | 'low' | 'fair' | 'good' | 'excellent';

export type ConnectionOptions = {
	passwordPolicy?: PasswordPolicyLevel;
	/** 1–128; overrides the level's minimum length. */
	min_length?: number;
	password_history?: {enable: boolean; size: number};
	password_dictionary?: {enable: boolean; dictionary: string[]};
	password_no_personal_info?: {enable: boolean};
};

export type Connection = {
	id: string;
	name: string;
	/** `auth0` for database connections; `google-oauth2`, `github`, … for social ones. */
	strategy: string;
	enabled_clients: string[];
	options?: ConnectionOptions;
};

export type AppType = 'spa' | 'regular_web' | 'native' | 'non_interactive';

export type Client = {
	client_id: string;
	name: string;
	app_type: AppType;
	callbacks: string[];
};

export type LocationInfo = {
	country_code: string;
	country_code3: string;
	country_name: string;
	city_name: string;
	latitude: number;
	longitude: number;
	time_zone: string;
	continent_code: string;
	subdivision_code?: string;
	subdivision_name?: string;
};

export type LogEvent = {
	log_id: string;
	date: string;
	type: string;
	description?: string;
	connection?: string;
	connection_id?: string;
	client_id?: string;
	client_name?: string;
	ip?: string;
	hostname?: string;
	user_id?: string;
	user_name?: string;
	strategy?: string;
	strategy_type?: string;
	user_agent?: string;
	isMobile?: boolean;
	details?: JsonObject;
	location_info?: LocationInfo;
};

export type DeviceType = 'refresh_token' | 'rotating_refresh_token' | 'public_key';

export type DeviceCredential = {
	id: string;
	/** The user agent of the device. */
	device_name: string;
	device_id: string;
	type: DeviceType;
	user_id: string;
	client_id: string;
};

/** Kept apart from the profile: never shown, never exported. */
export type PasswordRecord = {
	user_id: string;
	/** PHC string, argon2id; for an imported hash, the hash as the import file gave it. */
	hash: string;
	/**
	 * Earlier hashes, newest first, for password_history: an argon2id PHC
	 * string, or an imported hash with its scheme (a password changed before
	 * its imported hash was ever upgraded at a sign-in).
	 */
	history: PasswordHistoryEntry[];
	updated_at: string;
	/**
	 * Set when `hash` came from a bulk import (another system's algorithm).
	 * The first successful sign-in replaces it with argon2id, as Auth0 does.
	 */
	imported?: PasswordScheme;
};

/** One earlier password in a PasswordRecord's history. */
export type PasswordHistoryEntry = string | {hash: string; imported: PasswordScheme};

/** The algorithms of Auth0's `custom_password_hash` (bulk import schema). */
export type ImportedHashAlgorithm = 'argon2' | 'bcrypt' | 'hmac' | 'ldap' | 'md4' | 'md5' | 'sha1' | 'sha256' | 'sha512' | 'pbkdf2' | 'scrypt';

export type BinaryEncoding = 'base64' | 'hex' | 'utf8';

export type PasswordEncoding = 'ascii' | 'utf8' | 'utf16le' | 'ucs2' | 'latin1' | 'binary';

/**
 * How an imported hash was made: Auth0's `custom_password_hash` without
 * `hash.value`, which the password record holds as its `hash`. A `password_hash`
 * (bcrypt) imports as `{algorithm: 'bcrypt'}`.
 */
export type PasswordScheme = {
	algorithm: ImportedHashAlgorithm;
	hash?: {
		encoding?: BinaryEncoding;
		/** HMAC's digest. */
		digest?: string;
		/** HMAC's key. */
		key?: {value: string; encoding?: BinaryEncoding};
	};
	salt?: {value: string; encoding?: BinaryEncoding; position?: 'prefix' | 'suffix'};
	password?: {encoding?: PasswordEncoding};
	/** scrypt and pbkdf2 parameters. */
	keylen?: number;
	cost?: number;
	blockSize?: number;
	parallelization?: number;
};

/** A one-time "Sign in as User" ticket. Only the SHA-256 of the secret is kept. */
export type ImpersonationTicket = {
	/** hex SHA-256 of the ticket secret; also the key. */
	id: string;
	user_id: string;
	client_id: string;
	/** Who issued it (the admin); the console's operator. */
	impersonator: {user_id: string; email: string};
	issued_at: string;
	expires_at: string;
	used_at?: string;
};
