// The Users list's sort orders, as the Dashboard's columns (FACTS.md §5).
import type {ListUser} from './types.js';
import {displayName, primaryConnection} from './user-factory.js';

export const sortFields = ['name', 'email', 'user_id', 'connection', 'logins_count', 'last_login', 'created_at'] as const;
export type SortField = (typeof sortFields)[number];
export type UserSort = {field: SortField; descending: boolean};

let collator: Intl.Collator | undefined;

/**
 * The order of names and connections: case and accents equal, numbers by
 * value. Made on first use: setting up ICU's collation took 4–40 ms of every
 * start before the first frame, which shows no sorted names.
 */
export function textCollator(): Intl.Collator {
	collator ??= new Intl.Collator('en', {sensitivity: 'base', numeric: true});
	return collator;
}

/** Parses `FIELD[:desc|:asc]`, e.g. `logins_count:desc`. */
export function parseSort(text: string): UserSort {
	const [field = '', direction = 'asc', ...rest] = text.split(':');
	const alias: Record<string, SortField> = {logins: 'logins_count', latest_login: 'last_login', created: 'created_at', id: 'user_id'};
	const resolved = alias[field] ?? field;
	if (!(sortFields as readonly string[]).includes(resolved) || rest.length > 0 || !['asc', 'desc'].includes(direction)) {
		throw new Error(`Invalid sort "${text}": use FIELD or FIELD:desc with FIELD one of ${sortFields.join(', ')}`);
	}

	return {field: resolved as SortField, descending: direction === 'desc'};
}

export function sortKey(user: ListUser, field: SortField): string | number {
	switch (field) {
		case 'name': {
			return displayName(user);
		}

		case 'email': {
			return user.email ?? '';
		}

		case 'user_id': {
			return user.user_id;
		}

		case 'connection': {
			return primaryConnection(user);
		}

		case 'logins_count': {
			return user.logins_count ?? 0;
		}

		case 'last_login': {
			return user.last_login ?? '';
		}

		case 'created_at': {
			return user.created_at;
		}
	}
}

/** Ties fall back to user_id so the order is total and stable across runs. */
export function compareUsers(a: ListUser, b: ListUser, sort: UserSort): number {
	const left = sortKey(a, sort.field);
	const right = sortKey(b, sort.field);
	let order = typeof left === 'number' && typeof right === 'number'
		? left - right
		: sort.field === 'name' || sort.field === 'connection'
			? textCollator().compare(String(left), String(right))
			: String(left) < String(right) ? -1 : (String(left) > String(right) ? 1 : 0);
	if (order === 0) {
		order = a.user_id < b.user_id ? -1 : (a.user_id > b.user_id ? 1 : 0);
	}

	return sort.descending ? -order : order;
}
