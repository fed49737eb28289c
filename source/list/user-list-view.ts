// What the Users list shows: the store's users sorted and filtered. One
// instance lives per app (next to the list's state) so coming back from a
// user page finds it warm.
//
// Nothing here may hold up typing, at any size. Sorting and filtering run as
// tasks in slices of at most `sliceMs` (8 ms), between which the event loop
// reads keys and draws; a newer query drops the task of the older one (fzf's
// approach). While a filter runs, the view holds the first rows of its result,
// in order, found by testing users in display order before the whole scan:
// the first page shows before the count is known. A query that extends the
// previous one tests only what that one matched (as far as it got). Finished
// orders and scans are kept per store revision. After a change the store can
// name (`ChangedUsers`), the users array, the order in force and its finished
// filter results are patched for those users alone; otherwise the order is
// patched by matching the old users with the new (user-order.ts).
import {compileSearch, type UserPredicate} from '../domain/search/index.js';
import {compareUsers, type UserSort} from '../domain/sort.js';
import type {User} from '../domain/types.js';
import {runSlice, type SlicedTask} from './sliced.js';
import {
	canNarrow, createSearchIndex, matchPositions, needleOf, type SearchIndex, searchText,
} from './user-filter.js';
import {createSortKeys, editRows, patchOrder, type SortKeys, sortTask, type UsersEdit} from './user-order.js';

export type FilterMode = 'text' | 'query';

/** The filter in force; empty text means none. Query filters must compile. */
export type ListFilter = {readonly mode: FilterMode; readonly text: string};

export const noFilter: ListFilter = {mode: 'text', text: ''};

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
	readonly users: readonly User[];
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

export type Selection = {
	readonly index: number;
	readonly userId: string | undefined;
	/**
	 * The user asked for, when the view is complete and they are not in it
	 * (deleted, or not matching the filter): the selection is then the row
	 * nearest to where they would be.
	 */
	readonly lost?: User | undefined;
};

export type UserListEngine = {
	/**
	 * The view for these arguments: finished, or what is known so far while a
	 * task works it out in slices (the engine's version changes as it goes).
	 */
	view(users: ReadonlyMap<string, User>, revision: number, sort: UserSort, filter: ListFilter, changes?: ChangedUsers): UserListView;
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
};

function sortKeyOf(sort: UserSort): string {
	return `${sort.field}:${sort.descending ? 'desc' : 'asc'}`;
}

function sortOf(key: string): UserSort {
	const [field, direction] = key.split(':');
	return {field: field as UserSort['field'], descending: direction === 'desc'};
}

function filterKeyOf(filter: ListFilter): string {
	return `${filter.mode}:${filter.text}`;
}

/** Positions tested between yields. */
const scanStep = 4096;
/** Positions tested in display order between yields (each one a cache miss). */
const firstRowsStep = 512;

/**
 * One filter's matches over the users, in memory (table) order. `hits` holds
 * the matching positions in ascending order, all of them below `decided`:
 * every position below `decided` has been tested (or ruled out by narrowing).
 */
type Scan = {
	readonly key: string;
	/** For free text: what a narrower query must contain to narrow from this one. */
	readonly needle: string | undefined;
	readonly matches: Uint8Array;
	hits: Int32Array;
	count: number;
	decided: number;
};

function addHit(scan: Scan, position: number): void {
	if (scan.count === scan.hits.length) {
		const grown = new Int32Array(Math.max(64, scan.hits.length * 2));
		grown.set(scan.hits);
		scan.hits = grown;
	}

	scan.hits[scan.count++] = position;
	scan.matches[position] = 1;
}

/** The visible state of the running task. */
type Progress = {work: 'sort' | 'filter'; done: number; total: number | undefined; first: Int32Array | undefined};

type Task = {readonly key: string; readonly work: SlicedTask<void>; readonly progress: Progress; scheduled: boolean; shown: string};

/** What of a task's progress is worth a new frame: its phase, the first rows found, each tenth of the scan. */
function visibleState({work, done, total, first}: Progress): string {
	return `${work} ${first?.length ?? 0} ${total ? Math.floor((done / total) * 10) : 0}`;
}

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

	let base: {revision: number; map: ReadonlyMap<string, User>; users: User[]; keys: SortKeys} | undefined;
	/** Where each user of `users` is, by id: built in slices after a load, kept up to date by patches. */
	let positions: {users: readonly User[]; of: Map<string, number>} | undefined;
	/** The users whose positions are being indexed. */
	let indexing: readonly User[] | undefined;
	/** Finished orders of the current revision, by sort key. */
	let orders = new Map<string, Int32Array>();
	/** The last finished order of the previous revisions, to patch. */
	let lastOrder: {users: readonly User[]; sort: string; order: Int32Array} | undefined;
	let reused: {previous: readonly User[]; next: readonly User[]; positions: Int32Array} | undefined;
	let index: SearchIndex | undefined;
	/** Finished scans of the current revision, most recent last. */
	let scans: Scan[] = [];
	/** The last scan that did not finish (dropped for a newer query): still good for narrowing. */
	let partial: Scan | undefined;
	/** Finished rows, by sort and filter, for the current revision. */
	let rowsCache = new Map<string, {sort: string; filter: ListFilter; rows: Int32Array}>();
	let compiled: {text: string; predicate: UserPredicate} | undefined;
	let task: Task | undefined;
	let last: {key: string; version: number; view: UserListView} | undefined;
	let located: {view: UserListView; userId: string | undefined; index: number; selection: Selection} | undefined;

	function usersOf(map: ReadonlyMap<string, User>, revision: number, changes: ChangedUsers | undefined): {users: User[]; keys: SortKeys} {
		if (base?.revision !== revision) {
			const changed = base?.map === map && changes ? changes(base.revision) : undefined;
			const patched = base && changed ? patchBase(base, map, revision, changed) : 'no';
			if (patched === 'no') {
				const users = [...map.values()];
				base = {revision, map, users, keys: createSortKeys(users)};
				orders = new Map();
				rowsCache = new Map();
				indexPositions(users);
			}

			if (patched !== 'same') {
				scans = [];
				partial = undefined;
			}

			// Work on the previous revision's users would file its results under this one.
			task = undefined;
			resumeBackground();
		}

		return base!;
	}

	/**
	 * Builds `positions` for `users` in slices, between frames: at a million
	 * users it takes longer than a frame, and a write before it is done just
	 * starts over from the map as without it. Not idle work: patching the
	 * list after a write needs it (without it, a write at a million users
	 * rebuilt and sorted the whole list again), so it starts right after a
	 * load, between the slices of the first sort and the keys.
	 */
	function indexPositions(users: readonly User[]): void {
		if (positions?.users === users || indexing === users) {
			return;
		}

		indexing = users;
		idle.length = 0;
		const of = new Map<string, number>();
		let next = 0;
		const step = () => {
			if (indexing !== users || base?.users !== users) {
				return;
			}

			const deadline = now() + sliceMs;
			while (next < users.length && now() < deadline) {
				const end = Math.min(users.length, next + scanStep);
				for (; next < end; next++) {
					of.set(users[next]!.user_id, next);
				}
			}

			if (next < users.length) {
				defer(step);
				return;
			}

			positions = {users, of};
			indexing = undefined;
			prepareSearch(users);
		};

		defer(step);
	}

	/**
	 * Work for idle time, in order, in slices: each runs only while no view
	 * task is running (the task resumes it when it ends) and once neither a
	 * key (`lastInput`) nor a view request came for `idleMs`, so a slice and
	 * the garbage it leaves never land between keys being pressed. Each
	 * returns true when it is done.
	 */
	const idle: Array<(deadline: number) => boolean> = [];
	let idleScheduled = false;
	/** The users whose idle work runs without waiting for a pause (expectSearch). */
	let hurried: readonly User[] | undefined;
	function resumeBackground(): void {
		if (idleScheduled || idle.length === 0 || task) {
			return;
		}

		idleScheduled = true;
		const run = () => {
			idleScheduled = false;
			if (idle.length === 0 || task) {
				return;
			}

			const quiet = now() - Math.max(lastAsked, options.lastInput?.() ?? Number.NEGATIVE_INFINITY);
			if (quiet < idleMs && (hurried === undefined || hurried !== base?.users)) {
				idleScheduled = true;
				later(idleMs - quiet, run);
				return;
			}

			if (idle[0]!(now() + sliceMs)) {
				idle.shift();
			}

			if (idle.length === 0) {
				hurried = undefined;
			}

			resumeBackground();
		};

		defer(run);
	}

	/**
	 * Prepares the search text of every user while the console is idle: at
	 * 100,000 users the first keys typed at / otherwise made those strings,
	 * and the garbage collector's pauses for them held the keys' echo up to
	 * 60–110 ms. A scan still prepares what it reaches first itself.
	 */
	function prepareSearch(users: readonly User[]): void {
		idle.push(deadline => {
			if (base?.users !== users) {
				return true;
			}

			const search = indexOf(users);
			while (search.built < users.length && now() < deadline) {
				search.ensure(search.built + scanStep);
			}

			return search.built >= users.length;
		});
		resumeBackground();
	}

	/**
	 * Brings `old` to `revision` by the users that changed: the users array,
	 * the order in force and its finished filter results, and the search
	 * strings. 'same' when no user changed (everything derived stays),
	 * 'no' when patching is not worth it or not possible (the caller starts
	 * over from the map).
	 */
	function patchBase(old: NonNullable<typeof base>, map: ReadonlyMap<string, User>, revision: number, changed: ReadonlySet<string>): 'patched' | 'same' | 'no' {
		const previous = old.users;
		if (changed.size > Math.max(64, previous.length / 32)) {
			return 'no';
		}

		if (changed.size === 0) {
			base = {...old, revision};
			return 'same';
		}

		if (positions?.users !== previous) {
			return 'no';
		}

		const {of} = positions;
		// Patched in place: copying the array per change costs more than the change at a million users.
		const users = previous;
		/** What positions held before this patch, where it changed them. */
		const before = new Map<number, User>();
		const put = (position: number, user: User | undefined) => {
			if (!before.has(position)) {
				before.set(position, users[position]!);
			}

			if (user === undefined) {
				users.pop();
			} else {
				users[position] = user;
			}
		};

		const removed: number[] = [];
		const deleted: number[] = [];
		const placedIds: string[] = [];
		for (const id of changed) {
			const position = of.get(id);
			const user = map.get(id);
			if (position === undefined) {
				if (user) {
					placedIds.push(id);
				}
			} else if (user !== users[position]) {
				removed.push(position);
				if (user) {
					put(position, user);
					placedIds.push(id);
				} else {
					deleted.push(position);
				}
			}
		}

		// A deleted user's place goes to the last user: nothing else moves.
		const originAt = new Map<number, number>();
		deleted.sort((a, b) => b - a);
		for (const position of deleted) {
			of.delete((before.get(position) ?? users[position]!).user_id);
			const last = users.length - 1;
			if (position !== last) {
				const moving = users[last]!;
				put(position, moving);
				of.set(moving.user_id, position);
				originAt.set(position, originAt.get(last) ?? last);
				originAt.delete(last);
			}

			put(last, undefined);
		}

		for (const id of placedIds) {
			if (!of.has(id)) {
				of.set(id, users.length);
				users.push(map.get(id)!);
			}
		}

		const removedSet = new Set(removed);
		const moved = new Map<number, number>();
		for (const [position, origin] of originAt) {
			if (!removedSet.has(origin)) {
				moved.set(origin, position);
			}
		}

		const placed = placedIds.map(id => of.get(id)!);
		const edit: UsersEdit = {previous: position => before.has(position) ? before.get(position)! : users[position]!, users, removed, moved, placed};
		let patched: {sort: string; order: Int32Array} | undefined;
		if (lastOrder?.users === previous) {
			const order = editRows(lastOrder.order, edit, sortOf(lastOrder.sort), true);
			if (!order) {
				// The array changed under everything derived from it.
				positions = undefined;
				lastOrder = undefined;
				reused = undefined;
				index = undefined;
				return 'no';
			}

			patched = {sort: lastOrder.sort, order};
		}

		base = {revision, map, users, keys: createSortKeys(users)};
		const results = new Map<string, {sort: string; filter: ListFilter; rows: Int32Array}>();
		if (patched) {
			const sort = sortOf(patched.sort);
			for (const [key, result] of rowsCache) {
				if (result.sort === patched.sort) {
					const keep = filterTest(result.filter, users);
					results.set(key, {...result, rows: editRows(result.rows, edit, sort, false, keep)!});
				}
			}

			orders = new Map([[patched.sort, patched.order]]);
			lastOrder = {users, sort: patched.sort, order: patched.order};
		} else {
			orders = new Map();
		}

		rowsCache = results;
		// Matches found for this array before are out of date.
		reused = undefined;
		if (index?.users === users) {
			index.patch([...placed, ...moved.values()]);
		}

		return 'patched';
	}

	/** Whether the user at a position passes `filter` (for the few users a patch places). */
	function filterTest(filter: ListFilter, users: readonly User[]): (position: number) => boolean {
		if (filter.mode === 'text') {
			const needle = needleOf(filter.text);
			return position => searchText(users[position]!).includes(needle);
		}

		const predicate = predicateOf(filter.text);
		return position => predicate(users[position]!);
	}

	/** Which users of `next` are unchanged since `previous` (shared by the index and the order). */
	function reuseOf(previous: readonly User[], next: readonly User[]): Int32Array {
		if (reused?.previous !== previous || reused.next !== next) {
			reused = {previous, next, positions: matchPositions(previous, next)};
		}

		return reused.positions;
	}

	/** The finished order, or one patched from the previous revision's, or undefined (a task must sort). */
	function readyOrder(users: readonly User[], sort: UserSort): Int32Array | undefined {
		const key = sortKeyOf(sort);
		let order = orders.get(key);
		if (!order && lastOrder && lastOrder.sort === key && lastOrder.users !== users) {
			order = patchOrder({users: lastOrder.users, order: lastOrder.order}, users, reuseOf(lastOrder.users, users), sort);
			if (order) {
				keepOrder(users, key, order);
			}
		}

		return order;
	}

	function keepOrder(users: readonly User[], key: string, order: Int32Array): void {
		orders.set(key, order);
		lastOrder = {users, sort: key, order};
	}

	function indexOf(users: readonly User[]): SearchIndex {
		if (index?.users !== users) {
			index = createSearchIndex(users, index);
		}

		return index;
	}

	function predicateOf(text: string): UserPredicate {
		if (compiled?.text !== text) {
			compiled = {text, predicate: compileSearch(text)};
		}

		return compiled.predicate;
	}

	function finishedScan(key: string): Scan | undefined {
		return scans.find(scan => scan.key === key);
	}

	function keepScan(scan: Scan): void {
		const kept = [...scans.filter(each => each.key !== scan.key), scan];
		// Nothing refers to a scan dropped here any more (the one task running is past its scan).
		for (const dropped of kept.slice(0, -keptScans)) {
			recycle(dropped);
		}

		scans = kept.slice(-keptScans);
		if (partial === scan) {
			partial = undefined;
		}
	}

	/**
	 * Buffers of scans no longer kept, for the next scans. At a million users a
	 * scan's buffers are megabytes outside the heap, and allocating them for
	 * every key makes V8 collect the whole heap (gigabytes, a second) every
	 * dozen keys.
	 */
	let spare: Array<{matches: Uint8Array; hits: Int32Array}> = [];
	function recycle(scan: Scan): void {
		if (spare.length < 2) {
			spare.push({matches: scan.matches, hits: scan.hits});
		}
	}

	function newScan(key: string, needle: string | undefined, size: number): Scan {
		const reused = spare.pop();
		if (reused?.matches.length === size) {
			reused.matches.fill(0);
			return {key, needle, matches: reused.matches, hits: reused.hits, count: 0, decided: 0};
		}

		spare = [];
		return {key, needle, matches: new Uint8Array(size), hits: new Int32Array(0), count: 0, decided: 0};
	}

	/** The narrowest earlier scan of this revision that the needle extends. */
	function narrowingSource(needle: string, size: number): Scan | undefined {
		let best: Scan | undefined;
		let bestCost = size;
		for (const scan of [...scans, ...(partial ? [partial] : [])]) {
			// What a scan narrowed from it tests: its hits, and everything it had not decided.
			const cost = scan.count + size - scan.decided;
			if (scan.needle !== undefined && canNarrow(scan.needle, needle) && cost < bestCost) {
				best = scan;
				bestCost = cost;
			}
		}

		return best;
	}

	/**
	 * Tests the users against the filter. First in display order until
	 * `firstRows` are found (or a share of the slice is spent), so the first
	 * page can show; then everyone in memory order.
	 */
	function * scanTask(users: readonly User[], order: Int32Array, filter: ListFilter, progress: Progress): SlicedTask<Scan> {
		const size = users.length;
		const needle = filter.mode === 'text' ? needleOf(filter.text) : undefined;
		const search = needle === undefined ? undefined : indexOf(users);
		const predicate = needle === undefined ? predicateOf(filter.text) : undefined;
		const test = needle === undefined
			? (position: number) => predicate!(users[position]!)
			: (position: number) => search!.contains(position, needle);
		const source = needle === undefined ? undefined : narrowingSource(needle, size);
		// The scan this one replaces as the unfinished one is free, unless this one narrows from it.
		if (partial && partial !== source) {
			recycle(partial);
		}

		const scan = newScan(filterKeyOf(filter), needle, size);
		partial = needle === undefined ? undefined : scan;

		// Positions below `source.decided` that `source` ruled out need no test.
		const candidate = (position: number) => !source || position >= source.decided || source.matches[position] === 1;
		const sourceHits = source ? source.hits.subarray(0, source.count) : new Int32Array(0);
		const sourceEnd = source?.decided ?? 0;
		progress.total = sourceHits.length + size - sourceEnd;

		// The first rows, in display order; not worth it when narrowing to a few.
		const first: number[] = [];
		const firstDeadline = now() + sliceMs / 2;
		const few = source !== undefined && source.decided === size && source.count <= firstRows * 4;
		for (let index = 0; !few && index < order.length && first.length < firstRows; index++) {
			const position = order[index]!;
			if (candidate(position) && test(position)) {
				first.push(position);
			}

			if (index % firstRowsStep === firstRowsStep - 1) {
				progress.first = Int32Array.from(first);
				if (now() >= firstDeadline) {
					break;
				}
			}
		}

		progress.first = Int32Array.from(first);
		if (size > scanStep) {
			yield;
		}

		// Everyone: what the source matched below its end, then everything after it.
		for (let index = 0; index < sourceHits.length; index++) {
			const position = sourceHits[index]!;
			if (test(position)) {
				addHit(scan, position);
			}

			scan.decided = position + 1;

			if (index % scanStep === scanStep - 1) {
				progress.done = index + 1;
				yield;
			}
		}

		scan.decided = sourceEnd;
		for (let start = sourceEnd; start < size; start += scanStep) {
			const end = Math.min(size, start + scanStep);
			if (search) {
				search.ensure(end);
				search.scan(needle!, start, end, position => {
					addHit(scan, position);
				});
			} else {
				for (let position = start; position < end; position++) {
					if (test(position)) {
						addHit(scan, position);
					}
				}
			}

			scan.decided = end;
			progress.done = sourceHits.length + end - sourceEnd;
			if (end < size) {
				yield;
			}
		}

		scan.decided = size;
		return scan;
	}

	/** Inverse permutations of orders (position → index), for collecting few matches. */
	const indexesOf = new WeakMap<Int32Array, Int32Array>();

	/** The scan's matches in display order. */
	function * collectTask(order: Int32Array, scan: Scan): SlicedTask<Int32Array> {
		const rows = new Int32Array(scan.count);
		if (scan.count * 16 < order.length) {
			// Few matches: sort them by their place in the order.
			let placeOf = indexesOf.get(order);
			if (!placeOf) {
				placeOf = new Int32Array(order.length);
				for (let index = 0; index < order.length; index++) {
					placeOf[order[index]!] = index;
					if (index % (scanStep * 16) === scanStep * 16 - 1) {
						yield;
					}
				}

				indexesOf.set(order, placeOf);
			}

			for (let hit = 0; hit < scan.count; hit++) {
				rows[hit] = placeOf[scan.hits[hit]!]!;
			}

			rows.sort();
			for (let hit = 0; hit < scan.count; hit++) {
				rows[hit] = order[rows[hit]!]!;
			}

			return rows;
		}

		let written = 0;
		for (let index = 0; index < order.length && written < scan.count; index++) {
			const position = order[index]!;
			if (scan.matches[position] === 1) {
				rows[written++] = position;
			}

			if (index % (scanStep * 16) === scanStep * 16 - 1) {
				yield;
			}
		}

		return rows;
	}

	function * viewTask(users: readonly User[], keys: SortKeys, sort: UserSort, filter: ListFilter, progress: Progress): SlicedTask<void> {
		const sortKey = sortKeyOf(sort);
		let order = readyOrder(users, sort);
		if (!order) {
			order = yield * sortTask(users, sort, keys);
			keepOrder(users, sortKey, order);
		}

		if (!isFiltered(filter)) {
			return;
		}

		const filterKey = filterKeyOf(filter);
		progress.work = 'filter';
		progress.done = 0;
		progress.total = undefined;
		const scan = finishedScan(filterKey) ?? (yield * scanTask(users, order, filter, progress));
		keepScan(scan);
		rowsCache.set(`${sortKey} ${filterKey}`, {sort: sortKey, filter, rows: yield * collectTask(order, scan)});
		// As many results as scans are kept, the oldest dropped first.
		for (const old of rowsCache.keys()) {
			if (rowsCache.size <= keptScans) {
				break;
			}

			rowsCache.delete(old);
		}
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
			task = undefined;
			resumeBackground();
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
				task = undefined;
				resumeBackground();
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

	let identity: {users: readonly User[]; revision: number; rows: Int32Array} | undefined;
	/** The users as the table holds them (what shows until the first sort is done). */
	function tableOrder(users: readonly User[], revision: number): Int32Array {
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

	/** A kept result, now the most recently used (the last to be dropped). */
	function recentRows(key: string): Int32Array | undefined {
		const result = rowsCache.get(key);
		if (result !== undefined) {
			rowsCache.delete(key);
			rowsCache.set(key, result);
		}

		return result?.rows;
	}

	function build(map: ReadonlyMap<string, User>, revision: number, sort: UserSort, filter: ListFilter, changes: ChangedUsers | undefined): UserListView {
		const {users, keys} = usersOf(map, revision, changes);
		const sortKey = sortKeyOf(sort);
		const filterKey = filterKeyOf(filter);
		const viewKey = `${revision} ${sortKey} ${filterKey}`;
		const order = readyOrder(users, sort);
		const finished = order && (isFiltered(filter) ? recentRows(`${sortKey} ${filterKey}`) : order);
		if (finished) {
			if (task !== undefined && task.key !== viewKey) {
				// A newer view, answered from what is kept, drops the older task as a
				// newer task would: finishing, it would only push the result shown out
				// of the cache (Backspace to a kept query while a longer one scans).
				task = undefined;
				resumeBackground();
			}

			return {users, rows: finished, sort, filter, revision};
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

	/**
	 * The user last located, as they were then: where a deleted user was is
	 * found by comparing with them (nothing else still holds them).
	 */
	let seen: User | undefined;

	/** Where `userId`, not among the rows, would be; or `index` clamped when that cannot be told. */
	function nearest(view: UserListView, userId: string, index: number): Selection {
		const {rows, users} = view;
		const user = seen?.user_id === userId ? seen : base?.map.get(userId);
		if (!user || view.pending?.work === 'sort') {
			const at = Math.max(0, Math.min(index, rows.length - 1));
			return {index: at, userId: userAt(view, at)?.user_id};
		}

		// The rows are in compareUsers order (a running filter's first rows too):
		// the first that sorts after the user took their place.
		let low = 0;
		let high = rows.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (compareUsers(users[rows[middle]!]!, user, view.sort) < 0) {
				low = middle + 1;
			} else {
				high = middle;
			}
		}

		const at = Math.max(0, Math.min(low, rows.length - 1));
		return {index: at, userId: userAt(view, at)?.user_id, lost: view.pending ? undefined : user};
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
			return view;
		},
		locate(view, userId, index) {
			if (located?.view === view && located.userId === userId && located.index === index) {
				return located.selection;
			}

			const count = view.rows.length;
			let found = -1;
			if (userId !== undefined) {
				if (userAt(view, index)?.user_id === userId) {
					found = index;
				} else if (located?.view.users === view.users && located.view.revision === view.revision && located.selection.userId === userId) {
					// The same users in another order or filter: where that user sits in
					// the array is known, so only the rows are searched (integers).
					found = view.rows.indexOf(located.view.rows[located.selection.index]!);
				} else if (positions?.users === view.users && view.revision === base?.revision) {
					const position = positions.of.get(userId);
					found = position === undefined ? -1 : view.rows.indexOf(position);
				} else {
					found = indexOfUser(view, userId);
				}
			}

			let selection: Selection;
			if (found !== -1 || userId === undefined) {
				const at = found === -1 ? Math.max(0, Math.min(index, count - 1)) : found;
				selection = {index: at, userId: userAt(view, at)?.user_id};
			} else {
				selection = nearest(view, userId, index);
			}

			const user = userAt(view, selection.index);
			if (user && selection.userId === userId) {
				seen = user;
			}

			located = {view, userId, index, selection};
			return selection;
		},
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
			return base && index?.users === base.users ? index.built : 0;
		},
		expectSearch() {
			const users = base?.users;
			if (!users || (index?.users === users && index.built >= users.length)) {
				return;
			}

			hurried = users;
			// Queued when the positions index is done; before that, it will be.
			if (positions?.users === users && idle.length === 0) {
				prepareSearch(users);
			}

			resumeBackground();
		},
	};
}
