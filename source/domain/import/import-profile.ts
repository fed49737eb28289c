// Turns an accepted import entry into a profile: a new database user, or (with
// upsert) the existing one with the entry's fields written over it. Metadata is
// replaced whole, not merged, as Auth0's upsert does.
import {normalizeEmail} from '../email.js';
import {mergeMetadata} from '../metadata.js';
import type {JsonObject, User} from '../types.js';
import {newDatabaseUser, orderUserFields} from '../user-factory.js';
import type {ImportUser} from './import-user.js';

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

export function newImportedUser(options: {entry: ImportUser; id: string; connection: string; now: Date}): User {
	const {entry, id, connection, now} = options;
	const user = newDatabaseUser({id, email: normalizeEmail(entry.email), connection, now});
	return orderUserFields({...user, ...importedFields(entry)});
}

/** Upsert: the entry's fields replace the existing ones; fields it leaves out are kept. */
export function overwriteUser(existing: User, entry: ImportUser, now: Date): User {
	return orderUserFields({...existing, ...importedFields(entry), updated_at: now.toISOString()});
}

/** The email an entry is matched by: the stored form, as database connections keep it. */
export function importKey(entry: {email: string}): string {
	return normalizeEmail(entry.email);
}
