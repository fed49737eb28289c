// A connection's password_history (FACTS.md §2): whether a new password is one
// of the user's last passwords, and the history a change leaves behind. Each
// stored hash is verified with its own algorithm: argon2id for userdeck's own,
// the import's for a hash that came from another system and was never upgraded.
import type {PasswordHistoryEntry, PasswordRecord, PasswordScheme} from '../domain/types.js';
import {verifyImportedHash} from './imported-hash.js';
import type {PasswordHasher} from './password-hasher.js';

/** Whether `password` is the one `hash` was made from: argon2id, or the imported scheme. Never throws. */
export async function verifyStoredHash(hasher: PasswordHasher, hash: string, imported: PasswordScheme | undefined, password: string): Promise<boolean> {
	return imported ? verifyImportedHash(hash, imported, password) : hasher.verify(hash, password);
}

/** The record's current password as a history entry. */
function currentEntry(record: PasswordRecord): PasswordHistoryEntry {
	return record.imported ? {hash: record.hash, imported: record.imported} : record.hash;
}

/**
 * Whether `password` is the current password or one of the `size` before it.
 * Each check costs a full hash (argon2 takes tens of milliseconds, on libuv's
 * thread pool): they run side by side, and only when a change is submitted.
 */
export async function isInPasswordHistory(hasher: PasswordHasher, record: PasswordRecord | undefined, size: number, password: string): Promise<boolean> {
	if (!record || size === 0) {
		return false;
	}

	const entries = [currentEntry(record), ...record.history.slice(0, size)];
	const matches = await Promise.all(entries.map(async entry => typeof entry === 'string'
		? verifyStoredHash(hasher, entry, undefined, password)
		: verifyStoredHash(hasher, entry.hash, entry.imported, password)));
	return matches.includes(true);
}

/**
 * The history after a change: the password being replaced first, then the
 * earlier ones, at most `size`. With password_history off nothing is kept, as
 * Auth0 keeps no history until the option is enabled (and an old hash kept for
 * no rule is only a liability).
 */
export function historyAfterChange(record: PasswordRecord | undefined, size: number): PasswordHistoryEntry[] {
	if (!record || size === 0) {
		return [];
	}

	return [currentEntry(record), ...record.history].slice(0, size);
}
