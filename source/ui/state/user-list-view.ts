// What the Users list shows: the store's users sorted and filtered, computed
// once per (store revision, sort, filter) and kept until one of them changes,
// so renders and key presses only read it. One instance lives per app (next to
// the list's state) so coming back from a user page finds it warm.
import {compileSearch, type UserPredicate} from '../../domain/search/index.js';
import type {UserSort} from '../../domain/sort.js';
import type {User} from '../../domain/types.js';
import {buildSearchIndex, canNarrow, filterAll, matchPositions, needleOf, predicateTest, textTest} from './user-filter.js';
import {patchOrder, sortPositions} from './user-order.js';

export type FilterMode = 'text' | 'query';

/** The filter in force; empty text means none. Query filters must compile. */
export type ListFilter = {readonly mode: FilterMode; readonly text: string};

export const noFilter: ListFilter = {mode: 'text', text: ''};

export type UserListView = {
	/** The store's users in table order, for this revision. */
	readonly users: readonly User[];
	/** Positions into `users`, in display order. */
	readonly rows: Int32Array;
	readonly filter: ListFilter;
	readonly revision: number;
};

export function isFiltered(filter: ListFilter): boolean {
	return filter.text.length > 0;
}

export function userAt(view: UserListView, index: number): User | undefined {
	const position = view.rows[index];
	return position === undefined ? undefined : view.users[position];
}

/** Where `userId` is in the view, or -1. Linear, but over integers and one identity search. */
export function indexOfUser(view: UserListView, userId: string): number {
	const position = view.users.findIndex(user => user.user_id === userId);
	return position === -1 ? -1 : view.rows.indexOf(position);
}

export type Selection = {readonly index: number; readonly userId: string | undefined};

export type UserListEngine = {
	view(users: ReadonlyMap<string, User>, revision: number, sort: UserSort, filter: ListFilter): UserListView;
	/**
	 * The selected row: the user last selected if still in the view, else the
	 * remembered index clamped into the list (never past the end, 0 when empty).
	 */
	locate(view: UserListView, userId: string | undefined, index: number): Selection;
};

function sortKeyOf(sort: UserSort): string {
	return `${sort.field}:${sort.descending ? 'desc' : 'asc'}`;
}

export function createUserListEngine(): UserListEngine {
	let base: {revision: number; users: User[]} | undefined;
	let searchIndex: {revision: number; users: readonly User[]; index: string[]} | undefined;
	let sorted: {revision: number; sort: string; users: readonly User[]; rows: Int32Array} | undefined;
	let reused: {previous: readonly User[]; next: readonly User[]; positions: Int32Array} | undefined;
	let last: {revision: number; sort: string; filter: ListFilter; view: UserListView} | undefined;
	// The previous free-text matches (one byte per user, whatever the sort),
	// which a longer needle narrows instead of scanning everyone again.
	let lastText: {revision: number; needle: string; matches: Uint8Array} | undefined;
	let compiled: {text: string; predicate: UserPredicate} | undefined;
	let located: {view: UserListView; userId: string | undefined; index: number; selection: Selection} | undefined;

	function usersOf(map: ReadonlyMap<string, User>, revision: number): User[] {
		if (base?.revision !== revision) {
			base = {revision, users: [...map.values()]};
		}

		return base.users;
	}

	/** Which users of `next` are unchanged since `previous` (shared by the index and the order). */
	function reuseOf(previous: readonly User[], next: readonly User[]): Int32Array {
		if (reused?.previous !== previous || reused.next !== next) {
			reused = {previous, next, positions: matchPositions(previous, next)};
		}

		return reused.positions;
	}

	function indexOf(users: readonly User[], revision: number): string[] {
		if (searchIndex?.revision !== revision) {
			const previous = searchIndex ? {users: searchIndex.users, index: searchIndex.index, reuse: reuseOf(searchIndex.users, users)} : undefined;
			searchIndex = {revision, users, index: buildSearchIndex(users, previous)};
		}

		return searchIndex.index;
	}

	function sortedRows(users: readonly User[], revision: number, sort: UserSort): Int32Array {
		const key = sortKeyOf(sort);
		if (sorted?.revision !== revision || sorted.sort !== key) {
			// After a store change, the order in force is patched, not redone.
			const patched = sorted?.sort === key ? patchOrder({users: sorted.users, order: sorted.rows}, users, reuseOf(sorted.users, users), sort) : undefined;
			sorted = {revision, sort: key, users, rows: patched ?? sortPositions(users, sort)};
		}

		return sorted.rows;
	}

	function predicateOf(text: string): UserPredicate {
		if (compiled?.text !== text) {
			compiled = {text, predicate: compileSearch(text)};
		}

		return compiled.predicate;
	}

	function filtered(users: readonly User[], revision: number, sort: UserSort, filter: ListFilter): Int32Array {
		const order = sortedRows(users, revision, sort);
		if (!isFiltered(filter)) {
			return order;
		}

		if (filter.mode === 'query') {
			return filterAll(order, users.length, predicateTest(users, predicateOf(filter.text))).rows;
		}

		const needle = needleOf(filter.text);
		const candidates = lastText?.revision === revision && canNarrow(lastText.needle, needle) ? lastText.matches : undefined;
		const {matches, rows} = filterAll(order, users.length, textTest(indexOf(users, revision), needle), candidates);
		lastText = {revision, needle, matches};
		return rows;
	}

	return {
		view(map, revision, sort, filter) {
			const key = sortKeyOf(sort);
			if (last?.revision === revision && last.sort === key && last.filter.mode === filter.mode && last.filter.text === filter.text) {
				return last.view;
			}

			const users = usersOf(map, revision);
			const view: UserListView = {users, rows: filtered(users, revision, sort, filter), filter, revision};
			last = {revision, sort: key, filter, view};
			return view;
		},
		locate(view, userId, index) {
			if (located?.view === view && located.userId === userId && located.index === index) {
				return located.selection;
			}

			const count = view.rows.length;
			let found = -1;
			if (userId !== undefined) {
				found = userAt(view, index)?.user_id === userId ? index : indexOfUser(view, userId);
			}

			const at = found === -1 ? Math.max(0, Math.min(index, count - 1)) : found;
			const selection = {index: at, userId: userAt(view, at)?.user_id};
			located = {view, userId, index, selection};
			return selection;
		},
	};
}
