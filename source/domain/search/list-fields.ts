// Which queries a user's list columns answer alone (types.ts `ListUser`): a
// store that keeps a million users as their columns tests those queries
// without parsing a profile, and parses one only for the others.
import type {ListUser, User} from '../types.js';
import {compileNode, type UserPredicate} from './compile-search.js';
import {parseSearch} from './parse-search.js';
import type {SearchNode} from './search-node.js';

/** The search fields a `ListUser` holds (read the same way as off a `User`). */
const listFields: ReadonlySet<string> = new Set([
	'user_id', 'email', 'email.domain', 'name', 'created_at', 'last_login', 'logins_count', 'blocked', 'identities.connection',
]);

/** Whether every field `node` reads is a list column (free text also reads nickname and username: not one). */
function readsListFieldsOnly(node: SearchNode): boolean {
	switch (node.type) {
		case 'all': {
			return true;
		}

		case 'and':
		case 'or': {
			return node.children.every(child => readsListFieldsOnly(child));
		}

		case 'not': {
			return readsListFieldsOnly(node.child);
		}

		case 'exists':
		case 'range': {
			return listFields.has(node.field);
		}

		case 'term':
		case 'wildcard': {
			return node.field !== undefined && listFields.has(node.field);
		}
	}
}

/**
 * What `profileOf` gives for a user the list holds whose profile cannot be
 * read (damaged in the store file): not a match, and not a silent one either.
 */
export const unreadableProfile: unique symbol = Symbol('unreadable profile');

/** A list user's whole profile; undefined when they are gone (deleted meanwhile). */
export type ProfileOf = (user: ListUser) => User | undefined | typeof unreadableProfile;

/**
 * The predicate of `query` over list users: tested on the columns when they
 * answer it, else on the profile `profileOf` gives (a user it gives none for,
 * deleted meanwhile, does not match; one whose profile is unreadable does not
 * match either, and is told to `unread`, so the caller can say that some
 * users were not searched). Throws SearchSyntaxError as compileSearch.
 */
export function compileListSearch(query: string, profileOf: ProfileOf, unread?: (user: ListUser) => void): (user: ListUser) => boolean {
	const node = parseSearch(query);
	const predicate: UserPredicate = compileNode(node);
	if (readsListFieldsOnly(node)) {
		// The fields read are the ListUser's own, typed the same as the User's.
		return predicate as (user: ListUser) => boolean;
	}

	return user => {
		const profile = profileOf(user);
		if (profile === unreadableProfile) {
			unread?.(user);
			return false;
		}

		return profile !== undefined && predicate(profile);
	};
}

/** Whether the list columns answer `query` alone (no profile is read to test it). Throws SearchSyntaxError. */
export function queryReadsListFieldsOnly(query: string): boolean {
	return readsListFieldsOnly(parseSearch(query));
}
