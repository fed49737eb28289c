// Builds a new database user's profile the way Auth0 does on sign-up.
import {createHash} from 'node:crypto';
import {type Identity, type ListUser, type User, userFieldOrder} from './types.js';

/** Re-inserts a user's keys in the Management API's order (unknown keys last). */
export function orderUserFields(user: User): User {
	const ordered: Record<string, unknown> = {};
	const source = user as Record<string, unknown>;
	for (const key of userFieldOrder) {
		if (source[key] !== undefined) {
			ordered[key] = source[key];
		}
	}

	for (const [key, value] of Object.entries(source)) {
		if (!(key in ordered) && value !== undefined) {
			ordered[key] = value;
		}
	}

	return ordered as User;
}

/** Auth0's default avatar: Gravatar with a fallback to the initials. */
export function gravatarUrl(email: string): string {
	const digest = createHash('md5').update(email.trim().toLowerCase()).digest('hex');
	const initials = email.slice(0, 2).toLowerCase().replaceAll(/[^a-z\d]/g, '') || 'u';
	const fallback = encodeURIComponent(`https://cdn.auth0.com/avatars/${initials}.png`);
	return `https://s.gravatar.com/avatar/${digest}?s=480&r=pg&d=${fallback}`;
}

export function newDatabaseUser(options: {
	id: string;
	email: string;
	connection: string;
	now: Date;
}): User {
	const {id, email, connection, now} = options;
	const identity: Identity = {connection, provider: 'auth0', user_id: id, isSocial: false};
	const time = now.toISOString();
	return orderUserFields({
		user_id: `auth0|${id}`,
		email,
		email_verified: false,
		created_at: time,
		updated_at: time,
		identities: [identity],
		picture: gravatarUrl(email),
		name: email,
		nickname: email.split('@')[0] ?? email,
		logins_count: 0,
	});
}

/** The name the console shows for a user: name, else email, else the id. */
export function displayName(user: ListUser): string {
	return user.name ?? user.email ?? user.user_id;
}

/** The connection a user signs in with: the primary identity's. */
export function primaryConnection(user: ListUser): string {
	return user.identities[0]?.connection ?? '';
}
