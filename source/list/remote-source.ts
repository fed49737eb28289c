// The Users list's rows when the users live on a server (a tenant's
// `GET /api/v2/users`): the server filters and sorts, the list holds the pages
// loaded so far, in the server's order, and asks for more as the admin
// scrolls toward their end. Auth0 returns at most 1,000 results per query
// (page × per_page < 1,000): the count is the server's total, the rows stop at
// the cap, and the view says so ("first 1,000 of 48,210 matches: refine the
// query"), never pretending to have the rest.
//
// A newer query cancels the older one's request. Every read is synchronous
// (what is loaded now); `subscribe` tells when a page lands. The shape of
// `view` is the in-memory engine's UserListView plus `remote`, so the list
// screen draws either. A React render reads with `peek`, which starts
// nothing: loads start from effects and key handlers (`setQuery`,
// `ensureRows`, `retry`, `refresh`), as React wants renders free of effects.
import {type UserdeckError} from '../domain/errors.js';
import type {UserSort} from '../domain/sort.js';
import type {User} from '../domain/types.js';
import {groupDigits} from '../domain/group-digits.js';
import type {ListFilter, UserListView} from './view.js';

/** Auth0's cap on the results one query can page through. */
export const SEARCH_RESULT_CAP = 1000;
/** Auth0's largest page. */
export const MAX_PER_PAGE = 100;

export type RemoteQuery = {
	/** The server query (Lucene syntax, search engine v3); empty: every user. */
	readonly q: string;
	/** The server's `sort` (`field:1` / `field:-1`), or undefined for its default order. */
	readonly sort: string | undefined;
};

export type RemotePage = {
	readonly users: readonly User[];
	/** The server's count of all matches (include_totals). */
	readonly total: number;
};

export type FetchUsersPage = (query: RemoteQuery, page: number, perPage: number, signal: AbortSignal) => Promise<RemotePage>;

export type RemoteStatus = 'loading' | 'loaded' | 'error';

export type RemoteInfo = {
	readonly query: RemoteQuery;
	readonly status: RemoteStatus;
	readonly error?: UserdeckError | undefined;
	/** All matches on the server, once the first page told. */
	readonly total: number | undefined;
	/** How many of them can be listed (the total, at most the cap). */
	readonly reachable: number | undefined;
	/** Whether more pages can be loaded. */
	readonly more: boolean;
	/** A newer query waits for a pause in typing: the rows and the count are still the older one's. */
	readonly queryPending: boolean;
	/** The server has more matches than a query can page through. */
	readonly capped: boolean;
	/** What the list says about its count: "first 1,000 of 48,210 matches: refine the query". */
	readonly note: string | undefined;
};

export type RemoteListView = UserListView & {readonly remote: RemoteInfo};

export type RemoteUserList = {
	/** Runs `query` (a different one cancels the request of the previous one); the same query keeps what is loaded. */
	setQuery(query: RemoteQuery): void;
	/** Loads pages until at least `count` rows are loaded (or all reachable ones are, at most the cap). */
	ensureRows(count: number): void;
	/** What is loaded now, as the list screen draws it; the first read starts the first load (outside React: a render uses `peek`). */
	view(sort: UserSort, filter: ListFilter): RemoteListView;
	/**
	 * What is loaded now, starting nothing: what a React render reads. Given
	 * `query`, the rows are that query's: while the list has not been started
	 * or runs another query, none, as loading.
	 */
	peek(sort: UserSort, filter: ListFilter, query?: RemoteQuery): RemoteListView;
	/** The load state; the first read starts the first load (outside React). */
	info(): RemoteInfo;
	/** The rows loaded so far, without starting a load (none before the first read). */
	loadedUsers(): readonly User[];
	/** Loads the failed page again. */
	retry(): void;
	/** Starts over: the query's pages are loaded again from the first. */
	refresh(): void;
	/** A write's answer: the user as the server returned it replaces their row (search results lag behind writes). */
	replaceUser(user: User): void;
	/** A deleted user leaves the rows at once (search may still return them for a while). */
	removeUser(userId: string): void;
	/** Changes whenever the view does. */
	revision(): number;
	subscribe(listener: () => void): () => void;
};

/**
 * The server query for what the admin types after `/`: each word must match
 * the start of the name, email or nickname, or (3 characters or more, the
 * shortest suffix match Auth0's search allows) a part of the user_id.
 * Characters Lucene would read as syntax are dropped; `:` passes the query
 * syntax through as it is.
 */
export function freeTextQuery(text: string): string {
	const words = text.split(/\s+/).map(word => word.replaceAll(/[^\p{L}\p{N}@._|-]/gu, '').replace(/^-+/, '')).filter(word => word.length > 0);
	return words.map(word => {
		const fields = [`name:${word}*`, `email:${word}*`, `nickname:${word}*`];
		if (word.length >= 3) {
			fields.push(`user_id:*${word}*`);
		}

		return `(${fields.join(' OR ')})`;
	}).join(' AND ');
}

/** The count line for a remote list. */
export function capNote(total: number, cap = SEARCH_RESULT_CAP): string | undefined {
	return total > cap ? `first ${groupDigits(cap)} of ${groupDigits(total)} matches: refine the query` : undefined;
}

/**
 * Why the server cannot sort users by `field`, or undefined when it can.
 * Auth0's `sort` is one field of the profile, `field:1` or `field:-1`, and
 * not metadata (its docs, "Sort search results"). A user's connection is no
 * field of the profile: it is `identities[].connection`, in an array (a user
 * with linked accounts has several), which Auth0 documents no sort for. So a
 * tenant's list cannot be in connection order, and must not say it is: the
 * console leaves Connection out of its sorts there and says why.
 */
export function serverSortProblem(field: UserSort['field']): string | undefined {
	return field === 'connection' ? 'Auth0 cannot sort users by connection' : undefined;
}

/** The server's `sort` for a list sort; undefined (the server's own order) for a field it cannot sort by (serverSortProblem). */
export function serverSort(sort: UserSort): string | undefined {
	return serverSortProblem(sort.field) === undefined ? `${sort.field}:${sort.descending ? -1 : 1}` : undefined;
}

function sameQuery(a: RemoteQuery, b: RemoteQuery): boolean {
	return a.q === b.q && a.sort === b.sort;
}

export type RemoteListOptions = {
	readonly fetchPage: FetchUsersPage;
	/** Users per page, at most 100 (Auth0's limit). */
	readonly perPage?: number;
	readonly cap?: number;
	/**
	 * A new query waits this long for the next one before its request goes
	 * (typing `/abc` sends one query, not three). The older query's request is
	 * cancelled at once. Default 0: at once.
	 */
	readonly debounceMs?: number;
};

export function createRemoteUserList(options: RemoteListOptions): RemoteUserList {
	const perPage = Math.min(options.perPage ?? MAX_PER_PAGE, MAX_PER_PAGE);
	const cap = options.cap ?? SEARCH_RESULT_CAP;
	const listeners = new Set<() => void>();
	let revision = 0;
	let query: RemoteQuery = {q: '', sort: undefined};
	let rows: User[] = [];
	/** What a refresh keeps on screen (and to move through) until its first page replaces it, or it fails. */
	let stale: User[] | undefined;
	let total: number | undefined;
	let pagesLoaded = 0;
	let exhausted = false;
	let status: RemoteStatus = 'loading';
	let error: UserdeckError | undefined;
	let wanted = perPage;
	let started = false;
	let controller: AbortController | undefined;
	const replaced = new Map<string, User>();
	const removed = new Set<string>();
	let cachedView: {key: string; view: RemoteListView} | undefined;
	let debounce: NodeJS.Timeout | undefined;

	function changed(): void {
		revision++;
		for (const listener of [...listeners]) {
			listener();
		}
	}

	function reachable(): number | undefined {
		return total === undefined ? undefined : Math.min(total, cap);
	}

	function more(): boolean {
		if (exhausted) {
			return false;
		}

		const limit = reachable();
		return limit === undefined || pagesLoaded * perPage < limit;
	}

	function loadNext(): void {
		if (controller || debounce || !more() || status === 'error') {
			return;
		}

		// A page that would reach past the cap is refused by the server (page × per_page + per_page > 1,000 is a 400): never ask for it.
		if ((pagesLoaded + 1) * perPage > cap) {
			exhausted = true;
			return;
		}

		const current = new AbortController();
		controller = current;
		status = 'loading';
		const asked = query;
		const page = pagesLoaded;
		options.fetchPage(asked, page, perPage, current.signal).then(result => {
			if (controller !== current) {
				return;
			}

			controller = undefined;
			stale = undefined;
			total = result.total;
			pagesLoaded = page + 1;
			const seen = new Set(rows.map(user => user.user_id));
			for (const user of result.users) {
				if (!seen.has(user.user_id) && !removed.has(user.user_id)) {
					rows.push(replaced.get(user.user_id) ?? user);
				}
			}

			if (result.users.length < perPage || pagesLoaded * perPage >= Math.min(result.total, cap)) {
				exhausted = true;
			}

			status = 'loaded';
			error = undefined;
			changed();
			if (rows.length < wanted) {
				loadNext();
			}
		}, (failure: unknown) => {
			if (controller !== current) {
				return;
			}

			controller = undefined;
			stale = undefined;
			status = 'error';
			error = failure as UserdeckError;
			changed();
		});
	}

	function start(): void {
		clearTimeout(debounce);
		debounce = undefined;
		started = true;
		controller?.abort();
		controller = undefined;
		stale = undefined;
		rows = [];
		total = undefined;
		pagesLoaded = 0;
		exhausted = false;
		status = 'loading';
		error = undefined;
		wanted = Math.max(perPage, 0);
		loadNext();
	}

	/** The load state now, starting nothing. */
	function currentInfo(): RemoteInfo {
		const limit = reachable();
		return {
			query,
			status,
			error,
			total,
			reachable: limit,
			more: more(),
			queryPending: debounce !== undefined,
			capped: total !== undefined && total > cap,
			note: total === undefined ? undefined : capNote(total, cap),
		};
	}

	function info(): RemoteInfo {
		if (!started) {
			start();
		}

		return currentInfo();
	}

	function peek(sort: UserSort, filter: ListFilter, asked?: RemoteQuery): RemoteListView {
		// Rows of another query (or none yet) are not the asked query's answer: loading, nothing to show.
		const other = !started || (asked !== undefined && !sameQuery(asked, query));
		const key = other ? `${revision} other ${asked?.q ?? ''}\u0000${asked?.sort ?? ''}` : `${revision}`;
		if (cachedView?.key === key && cachedView.view.sort === sort && cachedView.view.filter === filter) {
			return cachedView.view;
		}

		const current: RemoteInfo = other
			? {query: asked ?? query, status: 'loading', error: undefined, total: undefined, reachable: undefined, more: true, queryPending: false, capped: false, note: undefined}
			: currentInfo();
		const shown = other ? [] : stale?.filter(user => !removed.has(user.user_id)).map(user => replaced.get(user.user_id) ?? user) ?? rows;
		const order = new Int32Array(shown.length);
		for (let index = 0; index < order.length; index++) {
			order[index] = index;
		}

		const view: RemoteListView = {
			users: shown,
			rows: order,
			sort,
			filter,
			revision,
			...(current.status === 'loading' ? {pending: {work: 'filter' as const, progress: undefined}} : {}),
			remote: current,
		};
		cachedView = {key, view};
		return view;
	}

	return {
		setQuery(next) {
			if (started && sameQuery(next, query)) {
				return;
			}

			// Typing waits for a pause; a new sort does not (it is one key), and
			// the rows loaded are not in its order, so they go at once.
			const sorted = next.sort !== query.sort;
			query = next;
			if (started && !sorted && (options.debounceMs ?? 0) > 0) {
				// The older query's answer is no longer wanted; the newer one waits for a pause.
				controller?.abort();
				controller = undefined;
				status = 'loading';
				clearTimeout(debounce);
				debounce = setTimeout(() => {
					start();
					changed();
				}, options.debounceMs);
				debounce.unref?.();
			} else {
				start();
			}

			changed();
		},
		ensureRows(count) {
			if (!started) {
				start();
			}

			wanted = Math.max(wanted, count);
			if (rows.length < count) {
				loadNext();
			}
		},
		view(sort, filter) {
			info();
			return peek(sort, filter);
		},
		peek,
		info,
		loadedUsers() {
			return rows;
		},
		retry() {
			if (status !== 'error') {
				return;
			}

			status = 'loading';
			error = undefined;
			loadNext();
			changed();
		},
		refresh() {
			// The same query again: its rows stay (keys keep moving through them,
			// e.g. while Auth0 rate limits the reload) until the new first page comes.
			const previous = rows;
			start();
			stale = previous.length > 0 ? previous : undefined;
			changed();
		},
		replaceUser(user) {
			replaced.set(user.user_id, user);
			removed.delete(user.user_id);
			const index = rows.findIndex(row => row.user_id === user.user_id);
			if (index !== -1) {
				rows = rows.with(index, user);
			}

			if (index !== -1 || stale?.some(row => row.user_id === user.user_id)) {
				changed();
			}
		},
		removeUser(userId) {
			removed.add(userId);
			replaced.delete(userId);
			const before = rows.length;
			rows = rows.filter(row => row.user_id !== userId);
			if (rows.length !== before) {
				if (total !== undefined) {
					total = Math.max(0, total - 1);
				}

				changed();
			} else if (stale?.some(row => row.user_id === userId)) {
				changed();
			}
		},
		revision() {
			return revision;
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
			};
		},
	};
}
