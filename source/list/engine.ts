// What the Users list shows: the store's users sorted and filtered. One
// instance lives per app (next to the list's state) so coming back from a
// user page finds it warm.
//
// Nothing here may hold up typing, at any size. Sorting and filtering run as
// tasks in slices of at most `sliceMs` (8 ms), between which the event loop
// reads keys and draws; a newer query drops the task of the older one (fzf's
// approach). While a filter runs, the view holds the first rows of its result,
// in order, found by testing users in display order before the whole scan:
// the first page shows before the count is known (scan.ts). A query that
// extends the previous one tests only what that one matched (as far as it
// got). Finished orders and scans are kept per store revision (orders.ts,
// results.ts). After a change the store can name (`ChangedUsers`), the users
// array, the order in force and its finished filter results are patched for
// those users alone (patch.ts); otherwise the order is patched by matching the
// old users with the new (user-order.ts).
//
// This file ties the jobs together: which revision's users are current, the
// one running task and its slices, and the view answered for each request.
//
// The rows' source is an input: `view` takes the users map of a revision (the
// screen passes the store's today). A backend that lists a live tenant's
// users page by page would feed the engine here, as a map (or a source behind
// the same shape) with its own revisions and ChangedUsers; nothing below needs
// to know where the users came from.
import type {UserSort} from '../domain/sort.js';
import type {ProfileOf} from '../domain/search/index.js';
import type {ListUser} from '../domain/types.js';
import {createIdleQueue} from './idle.js';
import {createOrders} from './orders.js';
import {patchUsers} from './patch.js';
import {createPositionsIndex} from './positions.js';
import {createResults, type Result} from './results.js';
import {createCollector, createScans, type Progress, scanTask} from './scan.js';
import {createSearch} from './search.js';
import {createLocator} from './selection.js';
import {runSlice, type SlicedTask} from './sliced.js';
import {createSortKeys, editRows, type SortKeys, sortTask} from './user-order.js';
import {
	type ChangedUsers, filterKeyOf, isFiltered, type ListFilter, type Selection, sortKeyOf, sortOf, type UserListView,
} from './view.js';

export type UserListEngine = {
	/**
	 * The view for these arguments: finished, or what is known so far while a
	 * task works it out in slices (the engine's version changes as it goes).
	 */
	view(users: ReadonlyMap<string, ListUser>, revision: number, sort: UserSort, filter: ListFilter, changes?: ChangedUsers): UserListView;
	/**
	 * The selected row: the user `userId` wherever the view has them. If they
	 * are not in it, the row nearest to where they would be in the view's
	 * order (the first that sorts after them, else the last), as long as the
	 * engine knows who they were; otherwise `index` clamped into the list
	 * (never past the end, 0 when empty). A view still being sorted has its
	 * rows in another order: there it is `index` clamped, and never `lost`.
	 */
	locate(view: UserListView, userId: string | undefined, index: number): Selection;
	/** Calls `listener` when a running task has something new to show. */
	subscribe(listener: () => void): () => void;
	/** Changes each time a running task has something new to show. */
	version(): number;
	/** How many users of the current revision have their search text prepared (for tests and the benchmark). */
	searchPrepared(): number;
	/**
	 * A free-text query is coming (the `/` prompt opened): prepares every
	 * user's search text now, in slices between frames, instead of waiting
	 * for a pause in the keys.
	 */
	expectSearch(): void;
};

export type EngineOptions = {
	/** The longest a slice of work runs before the event loop gets a turn. Default 8 ms. */
	readonly sliceMs?: number;
	/** Rows to find in display order before scanning everyone. Default 200 (a tall screen). */
	readonly firstRows?: number;
	readonly now?: () => number;
	/** Runs `work` soon, after pending input. Default setImmediate. */
	readonly defer?: (work: () => void) => void;
	/** Runs `work` after `ms` (idle work waiting for a pause in use). Default setTimeout. */
	readonly later?: (ms: number, work: () => void) => void;
	/** Idle work starts once no view was asked for and no key pressed (`lastInput`) for this long. Default 150 ms. */
	readonly idleMs?: number;
	/** When the user last pressed a key, on the clock of `now`. */
	readonly lastInput?: () => number;
	/** Finished scans kept per revision, so Backspace shows the previous result at once. Default 8. */
	readonly keptScans?: number;
	/**
	 * A list user's whole profile, for `:` queries on fields the list's users
	 * do not hold (the local store's users are their list columns; see
	 * store/sealed-user.ts). Default: the user itself, a whole profile.
	 */
	readonly profileOf?: ProfileOf;
};

/**
 * The map's users as a new array: through the map's own `toArray` when it has
 * one (the local store's users table copies its rows at once, where a million
 * steps of an iterator took 50 ms), else by iterating.
 */
function valuesOf(map: ReadonlyMap<string, ListUser>): ListUser[] {
	const {toArray} = map as {toArray?: () => ListUser[]};
	return typeof toArray === 'function' ? toArray.call(map) : [...map.values()];
}

type Task = {readonly key: string; readonly work: SlicedTask<void>; readonly progress: Progress; scheduled: boolean; shown: string};

/** What of a task's progress is worth a new frame: its phase, the first rows found, each tenth of the scan. */
function visibleState({work, done, total, first}: Progress): string {
	return `${work} ${first?.length ?? 0} ${total ? Math.floor((done / total) * 10) : 0}`;
}

/** The current revision's users. */
type Base = {revision: number; map: ReadonlyMap<string, ListUser>; users: ListUser[]; keys: SortKeys};

export function createUserListEngine(options: EngineOptions = {}): UserListEngine {
	const sliceMs = options.sliceMs ?? 8;
	const firstRows = options.firstRows ?? 200;
	const keptScans = options.keptScans ?? 8;
	const now = options.now ?? (() => performance.now());
	const defer = options.defer ?? ((work: () => void) => {
		setImmediate(work);
	});
	const later = options.later ?? ((ms: number, work: () => void) => {
		setTimeout(work, ms).unref();
	});
	const idleMs = options.idleMs ?? 150;
	const listeners = new Set<() => void>();
	let version = 0;
	/** When a view was last asked for: the user is at the keys. */
	let lastAsked = Number.NEGATIVE_INFINITY;

	let base: Base | undefined;
	let task: Task | undefined;
	let last: {key: string; version: number; view: UserListView} | undefined;

	const positions = createPositionsIndex({now, sliceMs, defer});
	const idle = createIdleQueue({
		now,
		sliceMs,
		idleMs,
		defer,
		later,
		busy: () => task !== undefined,
		lastActive: () => Math.max(lastAsked, options.lastInput?.() ?? Number.NEGATIVE_INFINITY),
		current: () => base?.users,
	});
	const search = createSearch(options.profileOf);
	const orders = createOrders();
	const results = createResults(keptScans);
	const scans = createScans(keptScans);
	const collect = createCollector();
	const scanning = {scans, search, now, sliceMs, firstRows};
	const locate = createLocator({positions: () => positions.current(), current: () => base});

	function usersOf(map: ReadonlyMap<string, ListUser>, revision: number, changes: ChangedUsers | undefined): Base {
		if (base?.revision !== revision) {
			const changed = base?.map === map && changes ? changes(base.revision) : undefined;
			const patched = base && changed ? patchBase(base, map, revision, changed) : 'no';
			if (patched === 'no') {
				const users = valuesOf(map);
				base = {revision, map, users, keys: createSortKeys(users)};
				orders.reset();
				results.replace(new Map());
				indexPositions(users);
			}

			if (patched !== 'same') {
				scans.reset();
			}

			// Work on the previous revision's users would file its results under this one.
			task = undefined;
			idle.resume();
		}

		return base!;
	}

	/** Users whose positions index waits for the running task (the first sort) to end. */
	let positionsWanted: readonly ListUser[] | undefined;

	/**
	 * Indexes where each user is, once no task runs: it is only a shortcut for
	 * keeping the selection (and patching after writes), and built beside the
	 * first sort it took half the main thread at a million users, showing the
	 * sorted list 170 ms later.
	 */
	function indexPositions(users: readonly ListUser[]): void {
		positionsWanted = users;
	}

	function startPositions(): void {
		const users = positionsWanted;
		if (task !== undefined || users === undefined) {
			return;
		}

		positionsWanted = undefined;
		if (base?.users === users && positions.build(users, () => base?.users === users, () => {
			prepareSearch(users);
		})) {
			idle.clear();
		}
	}

	/** The running task ended (done, or dropped for a newer view): idle work may go on. */
	function endTask(): void {
		task = undefined;
		startPositions();
		idle.resume();
	}

	function prepareSearch(users: readonly ListUser[]): void {
		idle.push(search.preparation(users, () => base?.users === users, now));
		idle.resume();
	}

	/**
	 * Brings `old` to `revision` by the users that changed: the users array,
	 * the order in force and its finished filter results, and the search
	 * strings. 'same' when no user changed (everything derived stays),
	 * 'no' when patching is not worth it or not possible (the caller starts
	 * over from the map).
	 */
	function patchBase(old: Base, map: ReadonlyMap<string, ListUser>, revision: number, changed: ReadonlySet<string>): 'patched' | 'same' | 'no' {
		const previous = old.users;
		if (changed.size > Math.max(64, previous.length / 32)) {
			return 'no';
		}

		if (changed.size === 0) {
			base = {...old, revision};
			return 'same';
		}

		const indexed = positions.current();
		if (indexed?.users !== previous) {
			return 'no';
		}

		// Patched in place: copying the array per change costs more than the change at a million users.
		const users = previous;
		const {edit, placed, moved} = patchUsers(users, indexed.of, map, changed);
		const lastOrder = orders.last();
		let patched: {sort: string; order: Int32Array} | undefined;
		if (lastOrder?.users === previous) {
			const order = editRows(lastOrder.order, edit, sortOf(lastOrder.sort), true);
			if (!order) {
				// The array changed under everything derived from it.
				positions.forget();
				orders.forget();
				search.forget();
				return 'no';
			}

			patched = {sort: lastOrder.sort, order};
		}

		base = {revision, map, users, keys: createSortKeys(users)};
		const kept = new Map<string, Result>();
		if (patched) {
			const sort = sortOf(patched.sort);
			for (const [key, result] of results.entries()) {
				if (result.sort === patched.sort) {
					const test = search.filterTest(result.filter, users);
					const unread = [...result.unread];
					// A changed user whose profile the query cannot read is no row, and is counted.
					const keep = (position: number) => {
						const before = search.unreadCount();
						const passes = test(position);
						if (!passes && search.unreadCount() !== before) {
							unread.push(users[position]!);
						}

						return passes;
					};

					kept.set(key, {...result, rows: editRows(result.rows, edit, sort, false, keep)!, unread});
				}
			}

			orders.patched({users, sort: patched.sort, order: patched.order});
		} else {
			orders.patched(undefined);
		}

		results.replace(kept);
		const index = search.current();
		if (index?.users === users) {
			index.patch([...placed, ...moved.values()]);
		}

		return 'patched';
	}

	function * viewTask(users: readonly ListUser[], keys: SortKeys, sort: UserSort, filter: ListFilter, progress: Progress): SlicedTask<void> {
		const sortKey = sortKeyOf(sort);
		let order = orders.ready(users, sort);
		if (!order) {
			order = yield * sortTask(users, sort, keys);
			orders.keep(users, sortKey, order);
		}

		if (!isFiltered(filter)) {
			return;
		}

		const filterKey = filterKeyOf(filter);
		progress.work = 'filter';
		progress.done = 0;
		progress.total = undefined;
		const scan = scans.finished(filterKey) ?? (yield * scanTask(scanning, users, order, filter, progress));
		scans.keep(scan);
		const rows = yield * collect(order, scan);
		results.keep(`${sortKey} ${filterKey}`, {sort: sortKey, filter, rows, unread: scan.unread.map(position => users[position]!)});
	}

	function startTask(key: string, work: (progress: Progress) => SlicedTask<void>, sorting: boolean): Task {
		const progress: Progress = {work: sorting ? 'sort' : 'filter', done: 0, total: undefined, first: undefined};
		const started: Task = {key, work: work(progress), progress, scheduled: false, shown: ''};
		task = started;
		// The first slice now, half as long as the others: small lists are done
		// before the caller renders, and a big one shows its first rows without
		// holding up the frame that echoes the key.
		const deadline = now() + sliceMs / 2;
		if (runSlice(started.work, () => now() >= deadline).done) {
			endTask();
		} else {
			started.shown = visibleState(progress);
			schedule(started);
		}

		return started;
	}

	function schedule(scheduled: Task): void {
		if (scheduled.scheduled) {
			return;
		}

		scheduled.scheduled = true;
		defer(() => {
			scheduled.scheduled = false;
			// A newer view replaced this task: drop it.
			if (task !== scheduled) {
				return;
			}

			const deadline = now() + sliceMs;
			const done = runSlice(scheduled.work, () => now() >= deadline).done;
			if (done) {
				endTask();
			} else {
				schedule(scheduled);
				// Redraw only for what shows: a slice of sorting changes nothing on screen.
				const shown = visibleState(scheduled.progress);
				if (shown === scheduled.shown) {
					return;
				}

				scheduled.shown = shown;
			}

			version++;
			for (const listener of listeners) {
				listener();
			}
		});
	}

	let identity: {users: readonly ListUser[]; revision: number; rows: Int32Array} | undefined;
	/** The users as the table holds them (what shows until the first sort is done). */
	function tableOrder(users: readonly ListUser[], revision: number): Int32Array {
		if (identity?.users !== users || identity.revision !== revision) {
			// A loop, not Int32Array.from(users.keys()): the iterator took 270 ms at a million users.
			const rows = new Int32Array(users.length);
			for (let position = 0; position < rows.length; position++) {
				rows[position] = position;
			}

			identity = {users, revision, rows};
		}

		return identity.rows;
	}

	function build(map: ReadonlyMap<string, ListUser>, revision: number, sort: UserSort, filter: ListFilter, changes: ChangedUsers | undefined): UserListView {
		const {users, keys} = usersOf(map, revision, changes);
		const sortKey = sortKeyOf(sort);
		const filterKey = filterKeyOf(filter);
		const viewKey = `${revision} ${sortKey} ${filterKey}`;
		const order = orders.ready(users, sort);
		const result = order && isFiltered(filter) ? results.recent(`${sortKey} ${filterKey}`) : undefined;
		const finished = order && (isFiltered(filter) ? result?.rows : order);
		if (finished) {
			if (task !== undefined && task.key !== viewKey) {
				// A newer view, answered from what is kept, drops the older task as a
				// newer task would: finishing, it would only push the result shown out
				// of the cache (Backspace to a kept query while a longer one scans).
				endTask();
			}

			// Those the query could not read, still listed as they were (not deleted or written since).
			const unsearched = result?.unread.filter(user => map.get(user.user_id) === user).length ?? 0;
			return {users, rows: finished, sort, filter, revision, ...(unsearched > 0 ? {unsearched} : {})};
		}

		const running = task?.key === viewKey ? task : startTask(viewKey, progress => viewTask(users, keys, sort, filter, progress), !order);
		if (task !== running) {
			// It finished in its first slice.
			return build(map, revision, sort, filter, changes);
		}

		const {progress} = running;
		if (progress.work === 'sort') {
			// Until the order is known: the rows of the last view with the same
			// users and filter, in its order (the selected user stays in sight),
			// else all users in table order, or none while a filter waits for the order.
			const same = last?.view.users === users && last.view.revision === revision && filterKeyOf(last.view.filter) === filterKey;
			const shown = same ? last!.view.rows : (isFiltered(filter) ? new Int32Array(0) : tableOrder(users, revision));
			return {users, rows: shown, sort, filter, revision, pending: {work: 'sort', progress: undefined}};
		}

		return {
			users,
			rows: progress.first ?? new Int32Array(0),
			sort,
			filter,
			revision,
			pending: {work: 'filter', progress: progress.total ? progress.done / progress.total : undefined},
		};
	}

	return {
		view(map, revision, sort, filter, changes) {
			lastAsked = now();
			const key = `${revision} ${sortKeyOf(sort)} ${filterKeyOf(filter)}`;
			if (last?.key === key && last.version === version && (!last.view.pending || task?.key === key)) {
				return last.view;
			}

			const view = build(map, revision, sort, filter, changes);
			last = {key, version, view};
			// Not while a task runs: then when it ends.
			startPositions();
			return view;
		},
		locate,
		subscribe(listener) {
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
			};
		},
		version() {
			return version;
		},
		searchPrepared() {
			const index = search.current();
			return base && index?.users === base.users ? index.built : 0;
		},
		expectSearch() {
			const users = base?.users;
			const index = search.current();
			if (!users || (index?.users === users && index.built >= users.length)) {
				return;
			}

			idle.hurry(users);
			// Queued when the positions index is done; before that, it will be.
			if (positions.current()?.users === users && idle.size === 0) {
				prepareSearch(users);
			}

			idle.resume();
		},
	};
}
