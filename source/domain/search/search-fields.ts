// The fields a query may name (FACTS.md §5) and how to read them off a user.
import type {User} from '../types.js';

/**
 * `object` fields (identities, user_metadata, app_metadata themselves) can only
 * be tested with `_exists_`; `metadata` fields are keys inside the metadata
 * objects, matched exactly: no wildcards, no ranges.
 */
export type FieldKind = 'string' | 'number' | 'boolean' | 'date' | 'metadata' | 'object';

export type SearchField = {
	name: string;
	kind: FieldKind;
	/** Compared lower-cased: email, the names and nickname (FACTS.md §5). */
	caseInsensitive: boolean;
	/**
	 * Whether some value of the field on `user` passes `test`. Array values are
	 * tested element by element, as a search engine indexes them, and nothing is
	 * allocated for single values: this runs a million times per key press.
	 */
	some: (user: User, test: (value: unknown) => boolean) => boolean;
};

type Reader = (user: User) => unknown;

function field(name: string, kind: FieldKind, read: Reader, caseInsensitive = false): SearchField {
	return {name, kind, caseInsensitive, some: (user, test) => test(read(user))};
}

/** A field of the identities array: it matches when any identity does. */
function identityField(key: 'connection' | 'provider' | 'user_id' | 'isSocial', kind: FieldKind): SearchField {
	return {
		name: `identities.${key}`,
		kind,
		caseInsensitive: false,
		some(user, test) {
			for (const identity of user.identities) {
				// A provider's numeric id (GitHub's) is searched as the text it reads as.
				if (test(key === 'user_id' ? String(identity.user_id) : identity[key])) {
					return true;
				}
			}

			return false;
		},
	};
}

const fieldList: SearchField[] = [
	field('user_id', 'string', user => user.user_id),
	field('email', 'string', user => user.email, true),
	field('email_verified', 'boolean', user => user.email_verified),
	field('username', 'string', user => user.username),
	field('phone_number', 'string', user => user.phone_number),
	field('phone_verified', 'boolean', user => user.phone_verified),
	field('created_at', 'date', user => user.created_at),
	field('updated_at', 'date', user => user.updated_at),
	field('picture', 'string', user => user.picture),
	field('name', 'string', user => user.name, true),
	field('nickname', 'string', user => user.nickname, true),
	field('given_name', 'string', user => user.given_name, true),
	field('family_name', 'string', user => user.family_name, true),
	field('multifactor_last_modified', 'date', user => user.multifactor_last_modified),
	field('last_ip', 'string', user => user.last_ip),
	field('last_login', 'date', user => user.last_login),
	field('last_password_reset', 'date', user => user.last_password_reset),
	field('logins_count', 'number', user => user.logins_count),
	field('blocked', 'boolean', user => user.blocked),
	field('email.domain', 'string', user => domainOf(user.email), true),
	field('user_metadata', 'object', user => user.user_metadata),
	field('app_metadata', 'object', user => user.app_metadata),
	{
		name: 'multifactor',
		kind: 'string',
		caseInsensitive: false,
		some: (user, test) => user.multifactor !== undefined && anyOf(user.multifactor, test),
	},
	{
		name: 'identities',
		kind: 'object',
		caseInsensitive: false,
		some: (user, test) => anyOf(user.identities, test),
	},
	identityField('connection', 'string'),
	identityField('provider', 'string'),
	identityField('user_id', 'string'),
	identityField('isSocial', 'boolean'),
];

const fields: ReadonlyMap<string, SearchField> = new Map(fieldList.map(spec => [spec.name, spec]));

/** The field a query names, or undefined when there is no such field. */
export function resolveField(name: string): SearchField | undefined {
	const known = fields.get(name);
	if (known !== undefined) {
		return known;
	}

	for (const root of ['user_metadata', 'app_metadata'] as const) {
		if (name.startsWith(`${root}.`)) {
			const path = name.slice(root.length + 1).split('.');
			if (path.some(key => key === '')) {
				return undefined;
			}

			return {
				name,
				kind: 'metadata',
				caseInsensitive: false,
				some: (user, test) => someAtPath(user[root], path, 0, test),
			};
		}
	}

	return undefined;
}

/** The names of the fixed fields, for help text and completion. */
export const searchFieldNames: readonly string[] = [...fields.keys()];

// Loops rather than Array#some: no closure is created per user.
function anyOf(values: readonly unknown[], test: (value: unknown) => boolean): boolean {
	for (const value of values) {
		if (test(value)) {
			return true;
		}
	}

	return false;
}

function someAtPath(value: unknown, path: readonly string[], index: number, test: (value: unknown) => boolean): boolean {
	if (Array.isArray(value)) {
		return value.some(element => someAtPath(element, path, index, test));
	}

	if (index === path.length) {
		return test(value);
	}

	if (typeof value !== 'object' || value === null) {
		return false;
	}

	const key = path[index]!;
	return Object.hasOwn(value, key) && someAtPath((value as Record<string, unknown>)[key], path, index + 1, test);
}

function domainOf(email: string | undefined): string | undefined {
	if (email === undefined) {
		return undefined;
	}

	const at = email.lastIndexOf('@');
	return at === -1 ? undefined : email.slice(at + 1);
}
