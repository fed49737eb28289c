// Turns an accepted import entry into a profile: a new database user, or (with
// upsert) the existing one with the entry's upsertable fields written over it.
// Metadata is replaced whole, not merged, as Auth0's upsert does.
import {normalizeEmail} from '../email.js';
import {mergeMetadata} from '../metadata.js';
import type {JsonObject, User} from '../types.js';
import {newDatabaseUser, orderUserFields} from '../user-factory.js';
import type {TenantFields} from './auth0-export.js';
import type {ImportUser} from './import-user.js';

/**
 * What Auth0's property table marks "Upsert During Import?: No". An upsert
 * leaves these as they are (a user's email, id, username and block state are
 * changed by their own actions, never by re-running an import), and says so.
 */
export const notUpsertable = ['email', 'user_id', 'username', 'blocked', 'password_hash', 'mfa_factors'] as const;

export type NotUpsertable = typeof notUpsertable[number];

/** The profile fields an import entry may set, besides email and user_id. */
function importedFields(entry: ImportUser): Partial<User> {
	const fields: Partial<User> = {};
	const copy = <K extends keyof ImportUser & keyof User>(key: K) => {
		if (entry[key] !== undefined) {
			(fields as Record<string, unknown>)[key] = entry[key];
		}
	};

	for (const key of ['email_verified', 'phone_number', 'phone_verified', 'given_name', 'family_name', 'name', 'nickname', 'picture', 'blocked'] as const) {
		copy(key);
	}

	if (entry.username !== undefined) {
		// Database connections store usernames lower-cased.
		fields.username = entry.username.toLowerCase();
	}

	// A null value means "no such key" (as in an update), so it is dropped.
	if (entry.user_metadata !== undefined) {
		fields.user_metadata = mergeMetadata(undefined, entry.user_metadata as JsonObject);
	}

	if (entry.app_metadata !== undefined) {
		fields.app_metadata = mergeMetadata(undefined, entry.app_metadata as JsonObject);
	}

	return fields;
}

export function newImportedUser(options: {entry: ImportUser; id: string; connection: string; now: Date; tenant?: TenantFields | undefined}): User {
	const {entry, id, connection, now, tenant} = options;
	const user = newDatabaseUser({id, email: normalizeEmail(entry.email), connection, now});
	return orderUserFields({...user, ...importedFields(entry), ...(tenant ? tenantFields(tenant, id, connection) : {})});
}

/**
 * A tenant export's own fields, as the tenant had them. The database identity
 * moves to the connection imported into (the export may name another, or the
 * same one in another tenant); linked identities stay as they were.
 */
function tenantFields(tenant: TenantFields, id: string, connection: string): Partial<User> {
	const {identities, ...rest} = tenant;
	if (!identities) {
		return rest;
	}

	const own = identities.findIndex(identity => identity.provider === 'auth0' && String(identity.user_id) === id);
	const database = {...identities[own], connection, provider: 'auth0', user_id: id, isSocial: false};
	return {
		...rest,
		identities: own === -1 ? [database, ...identities] : identities.map((identity, index) => (index === own ? database : identity)),
	};
}

/**
 * Upsert: the entry's upsertable fields replace the existing ones; fields it
 * leaves out are kept. `kept` names the entry's not-upsertable properties that
 * would have changed the user (a password_hash or mfa_factors always would).
 */
export function upsertUser(existing: User, entry: ImportUser, now: Date): {user: User; kept: NotUpsertable[]} {
	const {username: _username, blocked: _blocked, ...fields} = importedFields(entry);
	const differs: Record<NotUpsertable, boolean> = {
		email: normalizeEmail(entry.email) !== existing.email,
		user_id: entry.user_id !== undefined && `auth0|${entry.user_id}` !== existing.user_id,
		username: entry.username !== undefined && entry.username.toLowerCase() !== existing.username,
		blocked: entry.blocked !== undefined && entry.blocked !== (existing.blocked ?? false),
		password_hash: entry.password_hash !== undefined,
		mfa_factors: entry.mfa_factors !== undefined,
	};
	return {
		user: orderUserFields({...existing, ...fields, updated_at: now.toISOString()}),
		kept: notUpsertable.filter(field => differs[field]),
	};
}

/** The email an entry is matched by: the stored form, as database connections keep it. */
export function importKey(entry: {email: string}): string {
	return normalizeEmail(entry.email);
}
