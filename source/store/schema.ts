// JSON Schemas of the rows, compiled once with ajv. Every row read from disk
// (a log event when it is first read, see sealed-log.ts) and every row a
// transaction writes passes through them, so a bug or a damaged
// file can never put a row the rest of userdeck does not expect into memory,
// and no write can produce a file that would later be refused.
// Users, identities and log events accept extra properties: Auth0 profiles and
// log events carry more than userdeck shows. Every other table is closed.
import {Ajv, type ErrorObject, type ValidateFunction} from 'ajv';
import type {TableName} from './tables.js';
import {quote} from './quote.js';

const string = {type: 'string'} as const;
const key = {type: 'string', minLength: 1} as const;
const boolean = {type: 'boolean'} as const;
const object = {type: 'object'} as const;
const strings = {type: 'array', items: string} as const;

const identity = {
	type: 'object',
	required: ['connection', 'provider', 'user_id', 'isSocial'],
	properties: {
		connection: string,
		provider: string,
		// A number for providers whose ids are numbers (GitHub), as Auth0 keeps them.
		user_id: {anyOf: [string, {type: 'number'}]},
		isSocial: boolean,
		profileData: object,
	},
};

const user = {
	type: 'object',
	required: ['user_id', 'created_at', 'updated_at', 'identities', 'logins_count'],
	properties: {
		user_id: key,
		email: string,
		email_verified: boolean,
		username: string,
		phone_number: string,
		phone_verified: boolean,
		created_at: string,
		updated_at: string,
		identities: {type: 'array', items: identity},
		app_metadata: object,
		user_metadata: object,
		picture: string,
		name: string,
		nickname: string,
		multifactor: strings,
		multifactor_last_modified: string,
		last_ip: string,
		last_login: string,
		last_password_reset: string,
		logins_count: {type: 'integer', minimum: 0},
		blocked: boolean,
		given_name: string,
		family_name: string,
	},
};

const connection = {
	type: 'object',
	required: ['id', 'name', 'strategy', 'enabled_clients'],
	additionalProperties: false,
	properties: {
		id: key,
		name: string,
		strategy: string,
		enabled_clients: strings,
		options: {
			type: 'object',
			additionalProperties: false,
			properties: {
				passwordPolicy: {enum: ['none', 'low', 'fair', 'good', 'excellent']},
				min_length: {type: 'integer'},
				password_history: {
					type: 'object',
					required: ['enable', 'size'],
					additionalProperties: false,
					properties: {enable: boolean, size: {type: 'integer'}},
				},
				password_dictionary: {
					type: 'object',
					required: ['enable', 'dictionary'],
					additionalProperties: false,
					properties: {enable: boolean, dictionary: strings},
				},
				password_no_personal_info: {
					type: 'object',
					required: ['enable'],
					additionalProperties: false,
					properties: {enable: boolean},
				},
			},
		},
	},
};

const client = {
	type: 'object',
	required: ['client_id', 'name', 'app_type', 'callbacks'],
	additionalProperties: false,
	properties: {
		client_id: key,
		name: string,
		app_type: {enum: ['spa', 'regular_web', 'native', 'non_interactive']},
		callbacks: strings,
	},
};

const locationInfo = {
	type: 'object',
	required: ['country_code', 'country_code3', 'country_name', 'city_name', 'latitude', 'longitude', 'time_zone', 'continent_code'],
	properties: {
		country_code: string,
		country_code3: string,
		country_name: string,
		city_name: string,
		latitude: {type: 'number'},
		longitude: {type: 'number'},
		time_zone: string,
		continent_code: string,
		subdivision_code: string,
		subdivision_name: string,
	},
};

const log = {
	type: 'object',
	required: ['log_id', 'date', 'type'],
	properties: {
		log_id: key,
		date: string,
		type: string,
		description: string,
		connection: string,
		connection_id: string,
		client_id: string,
		client_name: string,
		ip: string,
		hostname: string,
		user_id: string,
		user_name: string,
		strategy: string,
		strategy_type: string,
		user_agent: string,
		isMobile: boolean,
		details: object,
		location_info: locationInfo,
	},
};

const device = {
	type: 'object',
	required: ['id', 'device_name', 'device_id', 'type', 'user_id', 'client_id'],
	additionalProperties: false,
	properties: {
		id: key,
		device_name: string,
		device_id: string,
		type: {enum: ['refresh_token', 'rotating_refresh_token', 'public_key']},
		user_id: string,
		client_id: string,
	},
};

const binaryEncoding = {enum: ['base64', 'hex', 'utf8']} as const;
const positiveInteger = {type: 'integer', minimum: 1} as const;

// How a hash imported from another system was made (PasswordScheme); absent
// for userdeck's own argon2id hashes, so stores written before imports existed
// stay valid.
const passwordScheme = {
	type: 'object',
	required: ['algorithm'],
	additionalProperties: false,
	properties: {
		algorithm: {enum: ['argon2', 'bcrypt', 'hmac', 'ldap', 'md4', 'md5', 'sha1', 'sha256', 'sha512', 'pbkdf2', 'scrypt']},
		hash: {
			type: 'object',
			additionalProperties: false,
			properties: {
				encoding: binaryEncoding,
				digest: string,
				key: {
					type: 'object',
					required: ['value'],
					additionalProperties: false,
					properties: {value: string, encoding: binaryEncoding},
				},
			},
		},
		salt: {
			type: 'object',
			required: ['value'],
			additionalProperties: false,
			properties: {value: string, encoding: binaryEncoding, position: {enum: ['prefix', 'suffix']}},
		},
		password: {
			type: 'object',
			additionalProperties: false,
			properties: {encoding: {enum: ['ascii', 'utf8', 'utf16le', 'ucs2', 'latin1', 'binary']}},
		},
		keylen: positiveInteger,
		cost: positiveInteger,
		blockSize: positiveInteger,
		parallelization: positiveInteger,
	},
};

const password = {
	type: 'object',
	required: ['user_id', 'hash', 'history', 'updated_at'],
	additionalProperties: false,
	properties: {
		user_id: key,
		hash: string,
		history: {
			type: 'array',
			items: {
				anyOf: [string, {
					type: 'object',
					required: ['hash', 'imported'],
					additionalProperties: false,
					properties: {hash: string, imported: passwordScheme},
				}],
			},
		},
		updated_at: string,
		imported: passwordScheme,
	},
};

const ticket = {
	type: 'object',
	required: ['id', 'user_id', 'client_id', 'impersonator', 'issued_at', 'expires_at'],
	additionalProperties: false,
	properties: {
		id: key,
		user_id: string,
		client_id: string,
		impersonator: {
			type: 'object',
			required: ['user_id', 'email'],
			additionalProperties: false,
			properties: {user_id: string, email: string},
		},
		issued_at: string,
		expires_at: string,
		used_at: string,
	},
};

export const rowSchemas = {
	users: user,
	connections: connection,
	clients: client,
	logs: log,
	devices: device,
	passwords: password,
	tickets: ticket,
} as const satisfies {[T in TableName]: object};

/** The property that holds each table's primary key, for messages. */
export const keyFields: {readonly [T in TableName]: string} = {
	users: 'user_id',
	connections: 'id',
	clients: 'client_id',
	logs: 'log_id',
	devices: 'id',
	passwords: 'user_id',
	tickets: 'id',
};

const knownTables: ReadonlySet<string> = new Set(Object.keys(rowSchemas));

/** Own names only: `__proto__` or `constructor` in a file are unknown tables, not prototype keys. */
export function isTableName(name: unknown): name is TableName {
	return typeof name === 'string' && knownTables.has(name);
}

let ajv: Ajv | undefined;

/**
 * The schemas above are constants, checked against JSON Schema's meta-schema
 * by the tests (test/store/schema.test.ts); checking them again at run time
 * would compile that meta-schema in every process, which cost 40–90 ms of each
 * start here (most of the console's first load, and of every CLI command).
 * Strict mode (unknown keywords, ambiguous types) still applies at compile.
 */
export const ajvOptions = {strict: true, allErrors: false, validateSchema: false} as const;
const validators: Partial<Record<TableName, ValidateFunction>> = {};

/**
 * Returns the validator for a table; call once per batch and reuse it in loops.
 * Each table's is compiled on first use: a console opening a big store shows
 * its first users before the tables after them need theirs, and commands that
 * never touch the store pay for none.
 */
export function validatorOf(table: TableName): ValidateFunction {
	let validate = validators[table];
	if (!validate) {
		ajv ??= new Ajv(ajvOptions);
		validate = ajv.compile(rowSchemas[table]);
		validators[table] = validate;
	}

	return validate;
}

// `/identities/0/connection` → `.identities[0].connection`
function jsPath(pointer: string): string {
	if (pointer === '') {
		return '';
	}

	return pointer.slice(1).split('/').map(segment => {
		const name = segment.replaceAll('~1', '/').replaceAll('~0', '~');
		if (/^\d+$/.test(name)) {
			return `[${name}]`;
		}

		return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${quote(name, 40)}]`;
	}).join('');
}

function describeOne(error: ErrorObject): string {
	const path = jsPath(error.instancePath);
	let message = error.message ?? 'is invalid';
	if (error.keyword === 'additionalProperties') {
		message += ` (${quote((error.params as {additionalProperty: string}).additionalProperty, 40)})`;
	} else if (error.keyword === 'enum') {
		message += ` (${(error.params as {allowedValues: unknown[]}).allowedValues.map(value => quote(value)).join(', ')})`;
	}

	return `${path} ${message}`;
}

/**
 * Checks a row against its table's schema. Returns undefined when it is valid,
 * else the first problem, to be prefixed with where the row is:
 * `users[5]` + `.identities[0] must have required property 'connection'`.
 */
export function rowProblem(table: TableName, row: unknown, validate: ValidateFunction = validatorOf(table)): string | undefined {
	if (validate(row)) {
		return undefined;
	}

	const first = validate.errors?.[0];
	return first ? describeOne(first) : ' is invalid';
}
