// What the Users list shows, as the screen reads it: the types of a view and
// the small helpers over one. The engine that makes views is engine.ts.
import type {UserSort} from '../domain/sort.js';
import type {ListUser} from '../domain/types.js';

export type FilterMode = 'text' | 'query';

/**
 * The filter in force; empty text means none. Query filters must compile.
 * Filters stack as k9s's do: free text with `within` set is tested only
 * against the users that query matches (`/` narrowing an active `:` query).
 */
export type ListFilter = {
	readonly mode: FilterMode;
	readonly text: string;
	/** With mode 'text': the query (never empty) the text narrows. */
	readonly within?: string | undefined;
};

export const noFilter: ListFilter = {mode: 'text', text: ''};

/** The filter for a `:` query and a `/` text, either maybe empty: the text narrows the query's matches. */
export function stackedFilter(query: string, text: string): ListFilter {
	if (query === '') {
		return {mode: 'text', text};
	}

	return text === '' ? {mode: 'query', text: query} : {mode: 'text', text, within: query};
}

/** The `:` query of a filter ('' when none). */
export function queryOf(filter: ListFilter): string {
	return filter.mode === 'query' ? filter.text : (filter.within ?? '');
}

/** The `/` text of a filter ('' when none). */
export function textOf(filter: ListFilter): string {
	return filter.mode === 'text' ? filter.text : '';
}

/** What is still being worked out for a view, and how far it got (0…1, when known). */
export type Pending = {readonly work: 'sort' | 'filter'; readonly progress: number | undefined};

/**
 * The keys of the users put or deleted since a revision (Store.changedUsersSince),
 * or undefined when unknown (the users map was loaded again).
 */
export type ChangedUsers = (since: number) => ReadonlySet<string> | undefined;

export type UserListView = {
	/**
	 * The store's users for this revision: in table order when loaded, then
	 * patched in place by later revisions (a deleted user's place goes to the
	 * last user, created users are appended). Read it through the view of the
	 * latest revision only.
	 */
	readonly users: readonly ListUser[];
	/**
	 * Positions into `users`, in display order. While `pending` is set this is
	 * what is known so far: for a filter, the first rows of its result (maybe
	 * none yet), in order; for a sort, the users in some other order.
	 */
	readonly rows: Int32Array;
	readonly sort: UserSort;
	readonly filter: ListFilter;
	readonly revision: number;
	readonly pending?: Pending | undefined;
	/**
	 * How many users a finished `:` query could not test because their
	 * profile cannot be read (damaged in the store file): not in `rows`,
	 * but said, so a search never leaves someone out without a word.
	 */
	readonly unsearched?: number | undefined;
};

export function isFiltered(filter: ListFilter): boolean {
	return filter.text.length > 0 || Boolean(filter.within);
}

export function userAt(view: UserListView, index: number): ListUser | undefined {
	const position = view.rows[index];
	return position === undefined ? undefined : view.users[position];
}

/** Where `userId` is in the view, or -1. Linear, but over integers and one identity search. */
export function indexOfUser(view: UserListView, userId: string): number {
	const position = view.users.findIndex(user => user.user_id === userId);
	return position === -1 ? -1 : view.rows.indexOf(position);
}

export type Selection = {
	readonly index: number;
	readonly userId: string | undefined;
	/**
	 * The user asked for, when the view is complete and they are not in it
	 * (deleted, or not matching the filter): the selection is then the row
	 * nearest to where they would be.
	 */
	readonly lost?: ListUser | undefined;
};

export function sortKeyOf(sort: UserSort): string {
	return `${sort.field}:${sort.descending ? 'desc' : 'asc'}`;
}

export function sortOf(key: string): UserSort {
	const [field, direction] = key.split(':');
	return {field: field as UserSort['field'], descending: direction === 'desc'};
}

export function filterKeyOf(filter: ListFilter): string {
	// NUL: no prompt lets it be typed (text-field.ts drops control characters).
	return filter.within ? `query:${filter.within}\u0000${filter.mode}:${filter.text}` : `${filter.mode}:${filter.text}`;
}

/** Positions tested between yields. */
export const scanStep = 4096;
