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
 * The predicate of `query` over list users: tested on the columns when they
 * answer it, else on the profile `profileOf` gives (a user it gives none for,
 * deleted meanwhile, does not match). Throws SearchSyntaxError as compileSearch.
 */
export function compileListSearch(query: string, profileOf: (user: ListUser) => User | undefined): (user: ListUser) => boolean {
	const node = parseSearch(query);
	const predicate: UserPredicate = compileNode(node);
	if (readsListFieldsOnly(node)) {
		// The fields read are the ListUser's own, typed the same as the User's.
		return predicate as (user: ListUser) => boolean;
	}

	return user => {
		const profile = profileOf(user);
		return profile !== undefined && predicate(profile);
	};
}

/** Whether the list columns answer `query` alone (no profile is read to test it). Throws SearchSyntaxError. */
export function queryReadsListFieldsOnly(query: string): boolean {
	return readsListFieldsOnly(parseSearch(query));
}
