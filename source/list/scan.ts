// Filtering in slices: which users match a filter (a scan, in memory order),
// then those matches in display order. A query that extends an earlier one
// tests only what that one matched (as far as it got). Stacked filters (`/`
// within a `:` query) narrow the same way: from the query's own scan, or from
// an earlier text within the same query.
import type {ListUser} from '../domain/types.js';
import type {Search} from './search.js';
import {type SlicedTask, touchedInt32Array} from './sliced.js';
import {canNarrow, needleOf} from './user-filter.js';
import {filterKeyOf, type ListFilter, scanStep} from './view.js';

/** Positions tested in display order between yields (each one a cache miss). */
const firstRowsStep = 512;

/**
 * One filter's matches over the users, in memory (table) order. `hits` holds
 * the matching positions in ascending order, all of them below `decided`:
 * every position below `decided` has been tested (or ruled out by narrowing).
 */
export type Scan = {
	readonly key: string;
	/** For free text: what a narrower query must contain to narrow from this one. */
	readonly needle: string | undefined;
	/** The `:` query every match passes (alone, or under the free text), if any. */
	readonly query: string | undefined;
	readonly matches: Uint8Array;
	hits: Int32Array;
	count: number;
	decided: number;
	/** Positions the query could not test, their profile unreadable (damaged): no hits, and the view says how many. */
	readonly unread: number[];
};

function addHit(scan: Scan, position: number): void {
	if (scan.count === scan.hits.length) {
		scan.hits = grownHits(scan.hits, scan.matches.length);
	}

	scan.hits[scan.count++] = position;
	scan.matches[position] = 1;
}

/**
 * Room for more hits. Doubling a big array copied it in one slice (27 ms for
 * a query matching most of a million users), so past 64 Ki hits it goes
 * straight to room for every user: a fresh array's pages are mapped only
 * when written, so room never written costs no memory.
 */
function grownHits(hits: Int32Array, users: number): Int32Array {
	const length = hits.length < 65_536 ? Math.min(users, Math.max(64, hits.length * 2)) : users;
	const grown = new Int32Array(Math.max(length, hits.length + 1));
	grown.set(hits);
	return grown;
}

/** The visible state of a running task. */
export type Progress = {work: 'sort' | 'filter'; done: number; total: number | undefined; first: Int32Array | undefined};

/** The scans of the current revision: finished ones, the unfinished one, and buffers to reuse. */
export type Scans = {
	finished(key: string): Scan | undefined;
	/** Keeps a finished scan, the most recent last; drops the oldest past `keptScans`. */
	keep(scan: Scan): void;
	/** A new revision: nothing found before holds. */
	reset(): void;
	/**
	 * The cheapest earlier scan of this revision whose matches include every
	 * match of `needle` (within `query`): a text the needle extends, alone or
	 * within the same query, or the query's own scan.
	 */
	narrowingSource(needle: string, query: string | undefined, size: number): Scan | undefined;
	/** A new scan, the unfinished one (for free text) until kept. */
	begin(key: string, needle: string | undefined, query: string | undefined, size: number, source: Scan | undefined): Scan;
};

export function createScans(keptScans: number): Scans {
	/** Finished scans of the current revision, most recent last. */
	let scans: Scan[] = [];
	/** The last scan that did not finish (dropped for a newer query): still good for narrowing. */
	let partial: Scan | undefined;
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

	function newScan(key: string, needle: string | undefined, query: string | undefined, size: number): Scan {
		const reused = spare.pop();
		if (reused?.matches.length === size) {
			reused.matches.fill(0);
			return {key, needle, query, matches: reused.matches, hits: reused.hits, count: 0, decided: 0, unread: []};
		}

		spare = [];
		return {key, needle, query, matches: new Uint8Array(size), hits: new Int32Array(0), count: 0, decided: 0, unread: []};
	}

	return {
		finished(key) {
			return scans.find(scan => scan.key === key);
		},
		keep(scan) {
			const kept = [...scans.filter(each => each.key !== scan.key), scan];
			// Nothing refers to a scan dropped here any more (the one task running is past its scan).
			for (const dropped of kept.slice(0, -keptScans)) {
				recycle(dropped);
			}

			scans = kept.slice(-keptScans);
			if (partial === scan) {
				partial = undefined;
			}
		},
		reset() {
			scans = [];
			partial = undefined;
		},
		narrowingSource(needle, query, size) {
			let best: Scan | undefined;
			let bestCost = size;
			for (const scan of [...scans, ...(partial ? [partial] : [])]) {
				// What a scan narrowed from it tests: its hits, and everything it had not decided.
				const cost = scan.count + size - scan.decided;
				const covers = scan.query === query
					// The same query: its own scan, or a text within it that the needle extends.
					? scan.needle === undefined || canNarrow(scan.needle, needle)
					// A text alone covers the same text (or a longer one) within any query.
					: scan.query === undefined && scan.needle !== undefined && canNarrow(scan.needle, needle);
				if (covers && cost < bestCost) {
					best = scan;
					bestCost = cost;
				}
			}

			return best;
		},
		begin(key, needle, query, size, source) {
			// The scan this one replaces as the unfinished one is free, unless this one narrows from it.
			if (partial && partial !== source) {
				recycle(partial);
			}

			const scan = newScan(key, needle, query, size);
			partial = needle === undefined ? undefined : scan;
			return scan;
		},
	};
}

export type ScanOptions = {
	readonly scans: Scans;
	readonly search: Search;
	readonly now: () => number;
	readonly sliceMs: number;
	/** Rows to find in display order before scanning everyone. */
	readonly firstRows: number;
};

/**
 * Tests the users against the filter. First in display order until
 * `firstRows` are found (or a share of the slice is spent), so the first
 * page can show; then everyone in memory order.
 */
export function * scanTask({scans, search: searches, now, sliceMs, firstRows}: ScanOptions, users: readonly ListUser[], order: Int32Array, filter: ListFilter, progress: Progress): SlicedTask<Scan> {
	const size = users.length;
	const needle = filter.mode === 'text' ? needleOf(filter.text) : undefined;
	const query = filter.mode === 'query' ? filter.text : (filter.within || undefined);
	const search = needle === undefined ? undefined : searches.indexOf(users);
	const predicate = query === undefined ? undefined : searches.predicateOf(query);
	const passes = (position: number) => predicate === undefined || predicate(users[position]!);
	const contains = (position: number) => needle === undefined || search!.contains(position, needle);
	const test = (position: number) => contains(position) && passes(position);
	const source = needle === undefined ? undefined : scans.narrowingSource(needle, query, size);
	const scan = scans.begin(filterKeyOf(filter), needle, query, size, source);
	// What the source matched passes its query: when that is this filter's, only the text is left to test.
	const testSourced = source?.query === query ? contains : test;

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
		if (candidate(position) && (position < sourceEnd ? testSourced(position) : test(position))) {
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

	/** Files a tested position: a hit, or, not matching, one whose profile the query could not read. */
	const file = (position: number, tested: (position: number) => boolean) => {
		const unread = searches.unreadCount();
		if (tested(position)) {
			addHit(scan, position);
		} else if (searches.unreadCount() !== unread) {
			scan.unread.push(position);
		}
	};

	// What the source could not read for this same query is not tested again:
	// those with the text are this scan's (past where it got, they are tested).
	if (source && testSourced === contains) {
		for (const position of source.unread) {
			if (position < sourceEnd && contains(position)) {
				scan.unread.push(position);
			}
		}
	}

	// Everyone: what the source matched below its end, then everything after it.
	for (let index = 0; index < sourceHits.length; index++) {
		const position = sourceHits[index]!;
		file(position, testSourced);

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
				// The text first (the index is fast), then the query for what contains it.
				file(position, passes);
			});
		} else {
			for (let position = start; position < end; position++) {
				file(position, test);
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

/** Puts a scan's matches in display order; keeps what it learns of each order for the next scan. */
export type Collector = (order: Int32Array, scan: Scan) => SlicedTask<Int32Array>;

export function createCollector(): Collector {
	/** Inverse permutations of orders (position → index), for collecting few matches. */
	const indexesOf = new WeakMap<Int32Array, Int32Array>();

	/** The scan's matches in display order. */
	return function * collectTask(order: Int32Array, scan: Scan): SlicedTask<Int32Array> {
		const rows = new Int32Array(scan.count);
		if (scan.count * 16 < order.length) {
			// Few matches: sort them by their place in the order.
			let placeOf = indexesOf.get(order);
			if (!placeOf) {
				// Written all over: its pages mapped first, in slices.
				placeOf = yield * touchedInt32Array(order.length);
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
	};
}
