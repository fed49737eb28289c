// What a filter tests users with: the search index of the current users
// array (free text) and the compiled query (query mode), each kept for the
// next key.
import {compileListSearch, type ProfileOf} from '../domain/search/index.js';
import type {ListUser, User} from '../domain/types.js';
import type {IdleWork} from './idle.js';
import {createSearchIndex, needleOf, type SearchIndex, searchText} from './user-filter.js';
import {type ListFilter, scanStep} from './view.js';

export type Search = {
	/** The index of `users`, made from the last one (its pages of unchanged users are reused). */
	indexOf(users: readonly ListUser[]): SearchIndex;
	/** The index last made, if any. */
	current(): SearchIndex | undefined;
	forget(): void;
	/** The `:` query's test: on the list columns when they answer it, else on the profile (see compileListSearch). */
	predicateOf(text: string): ListPredicate;
	/**
	 * How many times a query's test met a user whose profile cannot be read
	 * (not a match): a scan compares it before and after a test to tell those
	 * users from the ones that did not match.
	 */
	unreadCount(): number;
	/** Whether the user at a position passes `filter` (for the few users a patch places). */
	filterTest(filter: ListFilter, users: readonly ListUser[]): (position: number) => boolean;
	/**
	 * Idle work preparing the search text of every user of `users` while they
	 * are `current`: at 100,000 users the first keys typed at / otherwise made
	 * those strings, and the garbage collector's pauses for them held the
	 * keys' echo up to 60–110 ms. A scan still prepares what it reaches first itself.
	 */
	preparation(users: readonly ListUser[], current: () => boolean, now: () => number): IdleWork;
};

export type ListPredicate = (user: ListUser) => boolean;

/**
 * `profileOf` gives a list user's whole profile, for queries on fields the
 * list does not hold (metadata, nickname): by default the user itself, for
 * lists whose users are whole profiles.
 */
export function createSearch(profileOf: ProfileOf = user => user as User): Search {
	let index: SearchIndex | undefined;
	let compiled: {text: string; predicate: ListPredicate} | undefined;
	let unread = 0;
	const noteUnread = () => {
		unread++;
	};

	const search: Search = {
		indexOf(users) {
			if (index?.users !== users) {
				index = createSearchIndex(users, index);
			}

			return index;
		},
		current() {
			return index;
		},
		forget() {
			index = undefined;
		},
		predicateOf(text) {
			if (compiled?.text !== text) {
				compiled = {text, predicate: compileListSearch(text, profileOf, noteUnread)};
			}

			return compiled.predicate;
		},
		unreadCount() {
			return unread;
		},
		filterTest(filter, users) {
			const query = filter.mode === 'query' ? filter.text : filter.within;
			const predicate = query ? search.predicateOf(query) : undefined;
			if (filter.mode === 'text') {
				const needle = needleOf(filter.text);
				return position => searchText(users[position]!).includes(needle) && (!predicate || predicate(users[position]!));
			}

			return position => predicate!(users[position]!);
		},
		preparation(users, current, now) {
			return deadline => {
				if (!current()) {
					return true;
				}

				const prepared = search.indexOf(users);
				while (prepared.built < users.length && now() < deadline) {
					prepared.ensure(prepared.built + scanStep);
				}

				return prepared.built >= users.length;
			};
		},
	};
	return search;
}
