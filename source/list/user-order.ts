// The Users list's order: the same order as `compareUsers`, computed from
// integer ranks instead of comparisons. Each sort field's values are ranked
// once (equal under the comparison → equal rank), then one counting sort by
// rank, over positions already in user_id order (the tie-break), gives the
// order in O(n). Calling `compareUsers` inside a sort re-derives keys on
// every comparison, and the collator the Name column needs costs about a
// microsecond per comparison: sorting a million users by name took many
// seconds. Names are ranked by collation keys (collation-key.ts) instead.
import {compareUsers, type SortField, sortKey, textCollator, type UserSort} from '../domain/sort.js';
import type {ListUser} from '../domain/types.js';
import {collationKey} from './collation-key.js';
import {
	borrowFloat64, copySliced, giveBackFloat64, reverseSliced, runToEnd, type SlicedTask, sortByCodeUnitsSliced, sortIndexesSliced, sortNumbersSliced,
	sortSliced, touchedInt32Array,
} from './sliced.js';
import {TextTable} from './text-table.js';

/** Loops over users yield once per this many. */
const step = 4096;

/** Ranks of one field's values: `ranks[position]`, and how many distinct ranks there are. */
export type Ranks = {readonly ranks: Int32Array; readonly distinct: number};

/**
 * What the sorts of one users array (one store revision) share, computed on
 * first use and kept: the user_id order, and each field's ranks. Each comes as
 * a task to run in slices; once one has ended, asking again costs nothing.
 */
export type SortKeys = {
	readonly users: readonly ListUser[];
	idOrder(): SlicedTask<Int32Array>;
	ranks(field: SortField): SlicedTask<Ranks>;
};

export function createSortKeys(users: readonly ListUser[]): SortKeys {
	let idOrder: Int32Array | undefined;
	const ranks = new Map<SortField, Ranks>();
	return {
		users,
		* idOrder() {
			idOrder ??= yield * sortById(users);
			return idOrder;
		},
		* ranks(field) {
			let found = ranks.get(field);
			if (!found) {
				found = yield * rankField(users, field);
				ranks.set(field, found);
			}

			return found;
		},
	};
}

/**
 * Positions ordered by user_id, by code unit (ids are unique, so this is
 * total). Users whose store kept their place in that order (`placeIn`) are
 * placed by it in one pass; the others (created or changed since) are sorted
 * and each goes in by a binary search. With no such places, or too few, all
 * are radix sorted (0.8 s at a million users, where placing them by place
 * takes a few tens of milliseconds).
 */
function * sortById(users: readonly ListUser[]): SlicedTask<Int32Array> {
	const ranked = yield * placed(users, 'user_id');
	if (ranked?.rest.length === 0) {
		return ranked.base;
	}

	const ids = yield * textsOf(users, 'user_id');
	if (!ranked) {
		return yield * sortByCodeUnitsSliced(yield * positionsOf(users.length), ids);
	}

	const rest = yield * sortByCodeUnitsSliced(ranked.rest, ids);
	return yield * mergeSorted(ranked.base, rest, (a, b) => ids[a]! < ids[b]!);
}

/**
 * Whether ranks kept by a store are worth using: some users have one, three
 * quarters at least (else sorting them all is as quick), and they are not
 * spread much wider than the users (a table of that size is made).
 */
function usable(users: number, ranked: number, highest: number): boolean {
	return ranked > 0 && users - ranked <= users / 4 && highest < users * 4;
}

/**
 * The positions of users that have a kept place in `field`'s order
 * (`placeIn`, each user's own), in that order, and the others in position
 * order; undefined when the places cannot be used (`usable`), or two users
 * share one (places from two loads, which a store never mixes: a sort by
 * comparison is then the safe answer).
 */
function * placed(users: readonly ListUser[], field: SortField): SlicedTask<{base: Int32Array; rest: Int32Array} | undefined> {
	let highest = -1;
	let count = 0;
	for (let position = 0; position < users.length; position++) {
		const place = users[position]!.placeIn?.(field);
		if (place !== undefined) {
			count++;
			highest = Math.max(highest, place);
		}

		if (position % step === step - 1) {
			yield;
		}
	}

	if (!usable(users.length, count, highest)) {
		return undefined;
	}

	const byPlace = new Int32Array(highest + 1).fill(-1);
	const rest = new Int32Array(users.length - count);
	let others = 0;
	for (let position = 0; position < users.length; position++) {
		const place = users[position]!.placeIn?.(field);
		if (place === undefined) {
			rest[others++] = position;
		} else if (byPlace[place] === -1) {
			byPlace[place] = position;
		} else {
			return undefined;
		}

		if (position % step === step - 1) {
			yield;
		}
	}

	// Compacted in place: the places left empty (users deleted since) dropped.
	let length = 0;
	for (let place = 0; place <= highest; place++) {
		const position = byPlace[place]!;
		if (position !== -1) {
			byPlace[length++] = position;
		}

		if (place % (step * 16) === (step * 16) - 1) {
			yield;
		}
	}

	return {base: byPlace.subarray(0, length), rest};
}

/**
 * `base` and `rest`, each in order, merged: each of `rest` goes before the
 * first of `base` it comes `before` (a binary search each: for a few users
 * created since a load, among a million).
 */
function * mergeSorted(base: Int32Array, rest: Int32Array, before: (a: number, b: number) => boolean): SlicedTask<Int32Array> {
	if (rest.length === 0) {
		return base;
	}

	const order = yield * touchedInt32Array(base.length + rest.length);
	let written = 0;
	let from = 0;
	for (let index = 0; index < rest.length; index++) {
		const position = rest[index]!;
		let low = from;
		let high = base.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (before(position, base[middle]!)) {
				high = middle;
			} else {
				low = middle + 1;
			}
		}

		order.set(base.subarray(from, low), written);
		written += low - from;
		from = low;
		order[written++] = position;
		if (index % (step / 16) === (step / 16) - 1) {
			yield;
		}
	}

	order.set(base.subarray(from), written);
	return order;
}

/**
 * Positions in `field`'s order (ascending, ties by user_id) for users whose
 * store kept their place in it (`placeIn`): those placed by it in one pass,
 * the others sorted with `compareUsers` and each put in by a binary search.
 * Undefined when the places cannot be used (`usable`).
 */
function * sortByPlaces(users: readonly ListUser[], field: SortField): SlicedTask<Int32Array | undefined> {
	const ranked = yield * placed(users, field);
	if (!ranked) {
		return undefined;
	}

	const ascending: UserSort = {field, descending: false};
	const compare = (a: number, b: number) => compareUsers(users[a]!, users[b]!, ascending);
	const rest = yield * sortIndexesSliced(ranked.rest, compare, 10);
	return yield * mergeSorted(ranked.base, rest, (a, b) => compare(a, b) < 0);
}

/** 0 … count - 1, filled in slices. */
function * positionsOf(count: number): SlicedTask<Int32Array> {
	const positions = new Int32Array(count);
	for (let position = 0; position < count; position++) {
		positions[position] = position;
		if (position % (step * 16) === (step * 16) - 1) {
			yield;
		}
	}

	return positions;
}

function * textsOf(users: readonly ListUser[], field: SortField): SlicedTask<string[]> {
	// Sized at once: growing by push copied the array in one slice at each step up.
	const texts = new Array<string>(users.length);
	for (let position = 0; position < users.length; position++) {
		texts[position] = String(sortKey(users[position]!, field));
		if (position % step === step - 1) {
			yield;
		}
	}

	return texts;
}

function * rankField(users: readonly ListUser[], field: SortField): SlicedTask<Ranks> {
	switch (field) {
		case 'name': {
			return yield * rankNames(yield * textsOf(users, 'name'));
		}

		case 'connection': {
			// A handful of distinct connections: the collator sorts them in no time.
			return yield * rankDistinct(yield * textsOf(users, 'connection'), (a, b) => textCollator().compare(a, b));
		}

		case 'logins_count': {
			// Borrowed and given back: see borrowFloat64.
			const counts = borrowFloat64(users.length);
			for (let position = 0; position < users.length; position++) {
				counts[position] = users[position]!.logins_count ?? 0;
				if (position % step === step - 1) {
					yield;
				}
			}

			const ranks = yield * rankNumbers(counts);
			giveBackFloat64(counts);
			return ranks;
		}

		case 'last_login':
		case 'created_at':
		case 'email':
		case 'user_id': {
			const texts = yield * textsOf(users, field);
			const times = field === 'last_login' || field === 'created_at' ? yield * isoTimes(texts) : undefined;
			if (!times) {
				return yield * rankTexts(texts);
			}

			const ranks = yield * rankNumbers(times);
			giveBackFloat64(times);
			return ranks;
		}
	}
}

// `2024-05-01T10:00:00.000Z`: for timestamps all written this way, code-unit
// order is time order, and numbers rank much faster than strings.
const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The times of `texts` in milliseconds ('' as -Infinity), or undefined if any is not a canonical timestamp; borrowed (borrowFloat64). */
function * isoTimes(texts: readonly string[]): SlicedTask<Float64Array | undefined> {
	const times = borrowFloat64(texts.length);
	for (let index = 0; index < texts.length; index++) {
		if (index % step === step - 1) {
			yield;
		}

		const text = texts[index]!;
		if (text === '') {
			times[index] = Number.NEGATIVE_INFINITY;
			continue;
		}

		if (text.length !== 24 || !isoTime.test(text)) {
			giveBackFloat64(times);
			return undefined;
		}

		const time = Date.parse(text);
		if (Number.isNaN(time)) {
			giveBackFloat64(times);
			return undefined;
		}

		times[index] = time;
	}

	return times;
}

/** Ranks of numbers (equal → equal rank). */
export function * rankNumbers(values: Float64Array): SlicedTask<Ranks> {
	const sorted = yield * sortNumbersSliced(values);
	let distinct = 0;
	for (let index = 0; index < sorted.length; index++) {
		if (index === 0 || sorted[index] !== sorted[distinct - 1]) {
			sorted[distinct++] = sorted[index]!;
		}

		if (index % (step * 16) === (step * 16) - 1) {
			yield;
		}
	}

	const ranks = new Int32Array(values.length);
	for (let position = 0; position < values.length; position++) {
		const value = values[position]!;
		let low = 0;
		let high = distinct - 1;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (sorted[middle]! < value) {
				low = middle + 1;
			} else {
				high = middle;
			}
		}

		ranks[position] = low;
		if (position % step === step - 1) {
			yield;
		}
	}

	giveBackFloat64(sorted);
	return {ranks, distinct};
}

/** Ranks of texts under `compare` (equal → equal rank). */
export function * rankDistinct(texts: readonly string[], compare: (a: string, b: string) => number): SlicedTask<Ranks> {
	const rankOf = yield * distinctOf(texts, () => 0);
	const sorted = yield * sortSliced([...rankOf.keys()], compare);
	let rank = -1;
	for (let index = 0; index < sorted.length; index++) {
		if (index === 0 || compare(sorted[index - 1]!, sorted[index]!) !== 0) {
			rank++;
		}

		rankOf.set(sorted[index]!, rank);
		if (index % step === step - 1) {
			yield;
		}
	}

	return {ranks: yield * ranksOf(texts, rankOf), distinct: rank + 1};
}

/** Ranks of texts, mostly distinct, by code unit (equal → equal rank). */
export function * rankTexts(texts: readonly string[]): SlicedTask<Ranks> {
	// Positions sorted by text, then ranked by comparing neighbours: no map of
	// the distinct texts, whose rehashing held a slice for 100 ms and more at a
	// million mostly distinct emails (rankDistinct is for a few distinct texts).
	const sorted = yield * sortByCodeUnitsSliced(yield * positionsOf(texts.length), texts);
	const ranks = new Int32Array(texts.length);
	let rank = -1;
	for (let index = 0; index < sorted.length; index++) {
		if (index === 0 || texts[sorted[index - 1]!] !== texts[sorted[index]!]) {
			rank++;
		}

		ranks[sorted[index]!] = rank;
		if (index % step === step - 1) {
			yield;
		}
	}

	return {ranks, distinct: rank + 1};
}

/** Each distinct text once, with `valueOf(text)`; `every` texts between yields (for a few distinct texts: a Map grows). */
function * distinctOf<T>(texts: readonly string[], valueOf: (text: string) => T, every = step): SlicedTask<Map<string, T>> {
	const map = new Map<string, T>();
	for (let index = 0; index < texts.length; index++) {
		const text = texts[index]!;
		if (!map.has(text)) {
			map.set(text, valueOf(text));
		}

		if (index % every === every - 1) {
			yield;
		}
	}

	return map;
}

function * ranksOf(texts: readonly string[], rankOf: ReadonlyMap<string, number>): SlicedTask<Int32Array> {
	const ranks = new Int32Array(texts.length);
	for (let index = 0; index < texts.length; index++) {
		ranks[index] = rankOf.get(texts[index]!)!;
		if (index % step === step - 1) {
			yield;
		}
	}

	return ranks;
}

/**
 * Ranks of display names in the collator's order and equality. Texts with a
 * collation key are sorted by key (code units); the few without one are sorted
 * with the collator and merged in by binary search with the collator.
 */
export function * rankNames(texts: readonly string[]): SlicedTask<Ranks> {
	// Each distinct name once, numbered in a table whose room is reserved at
	// once (a Map of a million names held a slice for 55 ms each time it grew),
	// and what is known of each in arrays by that number: no object per name.
	const table = yield * TextTable.prepare(texts.length);
	const entryAt = new Int32Array(texts.length);
	for (let index = 0; index < texts.length; index++) {
		entryAt[index] = table.entryOf(texts[index]!, 0);
		if (index % step === step - 1) {
			yield;
		}
	}

	const distinct = table.entries;
	const textOf = (entry: number) => table.textAt(entry)!;
	const keys = new Array<string | undefined>(distinct);
	const keyed = new Int32Array(distinct);
	const unkeyed: number[] = [];
	let keyedCount = 0;
	for (let entry = 0; entry < distinct; entry++) {
		const key = collationKey(textOf(entry));
		keys[entry] = key;
		if (key === undefined) {
			unkeyed.push(entry);
		} else {
			keyed[keyedCount++] = entry;
		}

		// A key costs a few microseconds (folding accents): fewer per slice.
		if (entry % (step / 4) === (step / 4) - 1) {
			yield;
		}
	}

	const collator = textCollator();
	// Every entry in `keyed` has its key.
	const byKey = yield * sortByCodeUnitsSliced(keyed.subarray(0, keyedCount), keys as string[]);
	// A collator's comparison costs about ten of code units'.
	const byCollator = yield * sortIndexesSliced(Int32Array.from(unkeyed), (a, b) => collator.compare(textOf(a), textOf(b)), 10);
	// Merge: each unkeyed text goes after every keyed text that does not sort after it.
	const merged = new Int32Array(distinct);
	let written = 0;
	let from = 0;
	let placed = 0;
	for (const entry of byCollator) {
		let low = from;
		let high = byKey.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (collator.compare(textOf(byKey[middle]!), textOf(entry)) <= 0) {
				low = middle + 1;
			} else {
				high = middle;
			}
		}

		for (let index = from; index < low; index++) {
			merged[written++] = byKey[index]!;
			if (written % step === 0) {
				yield;
			}
		}

		merged[written++] = entry;
		from = low;
		// Each took a binary search with the collator (about twenty comparisons).
		if (++placed % (step / 64) === 0) {
			yield;
		}
	}

	for (let index = from; index < byKey.length; index++) {
		merged[written++] = byKey[index]!;
		if (written % step === 0) {
			yield;
		}
	}

	let rank = -1;
	for (let index = 0; index < distinct; index++) {
		const entry = merged[index]!;
		const key = keys[entry];
		const previousKey = index === 0 ? undefined : keys[merged[index - 1]!];
		// Equal keys are equal names; anything else the collator decides.
		const same = index > 0 && (key !== undefined && previousKey !== undefined
			? key === previousKey
			: collator.compare(textOf(merged[index - 1]!), textOf(entry)) === 0);
		if (!same) {
			rank++;
		}

		table.setValueAt(entry, rank);
		if (index % step === step - 1) {
			yield;
		}
	}

	const ranks = new Int32Array(texts.length);
	for (let index = 0; index < texts.length; index++) {
		ranks[index] = table.valueAt(entryAt[index]!);
		if (index % step === step - 1) {
			yield;
		}
	}

	return {ranks, distinct: rank + 1};
}

/**
 * Positions ordered by rank with a counting sort, ties in the order `within`
 * lists positions (or by position when it is undefined).
 */
export function * orderByRanks({ranks, distinct}: Ranks, within?: Int32Array): SlicedTask<Int32Array> {
	const starts = new Int32Array(distinct + 1);
	// A million of either in one go held a slice for 40 ms: these yield too.
	for (let index = 0; index < ranks.length; index++) {
		const rank = ranks[index]!;
		starts[rank + 1] = starts[rank + 1]! + 1;
		if (index % (step * 16) === (step * 16) - 1) {
			yield;
		}
	}

	for (let rank = 0; rank < distinct; rank++) {
		starts[rank + 1] = starts[rank + 1]! + starts[rank]!;
		if (rank % (step * 16) === (step * 16) - 1) {
			yield;
		}
	}

	// Written in rank order, all over the array: its pages mapped first, in slices.
	const order = yield * touchedInt32Array(ranks.length);
	for (let index = 0; index < ranks.length; index++) {
		const position = within ? within[index]! : index;
		const rank = ranks[position]!;
		order[starts[rank]!] = position;
		starts[rank] = starts[rank]! + 1;
		if (index % step === step - 1) {
			yield;
		}
	}

	return order;
}

/**
 * The orders a store keeps: the Users list's columns (its `s` cycle). Email
 * and created_at are sorted by the CLI alone, and each would cost a radix
 * sort of a million strings (2.4 s together) while the columns file is
 * written after a first start, beside the console's own work: a batch
 * delete then took 9.8 s instead of 1.2.
 */
export const keptSortFields = ['name', 'user_id', 'connection', 'logins_count', 'last_login'] as const satisfies readonly SortField[];
export type KeptSortField = (typeof keptSortFields)[number];

/**
 * What a store keeps of its users' orders for its next load
 * (store/columns-file.ts): each user's place in the order of each of
 * `keptSortFields` (ascending, ties by user_id), as this file's sorts
 * compute them. Users loaded with them carry them (ListUser `placeIn`), and
 * sorts by those fields use them (sortById, sortByPlaces): one pass each,
 * and no key (a string per user for most fields) made.
 */
export function * keptOrders(users: readonly ListUser[]): SlicedTask<Record<KeptSortField, Int32Array>> {
	const keys = createSortKeys(users);
	const places: Partial<Record<KeptSortField, Int32Array>> = {};
	for (const field of keptSortFields) {
		places[field] = yield * placesIn(yield * sortTask(users, {field, descending: false}, keys));
	}

	return places as Record<KeptSortField, Int32Array>;
}

/** Each position's place in `order` (the inverse permutation). */
function * placesIn(order: Int32Array): SlicedTask<Int32Array> {
	const places = new Int32Array(order.length);
	for (let place = 0; place < order.length; place++) {
		places[order[place]!] = place;
		if (place % step === step - 1) {
			yield;
		}
	}

	return places;
}

/**
 * Positions into `users` (0 … length - 1) in the order `compareUsers(…, sort)`
 * gives, as a task to run in slices. `keys` shares ranks between sorts of the
 * same users.
 */
export function * sortTask(users: readonly ListUser[], sort: UserSort, keys: SortKeys = createSortKeys(users)): SlicedTask<Int32Array> {
	let order: Int32Array;
	const byPlaces = sort.field === 'user_id' ? undefined : yield * sortByPlaces(users, sort.field);
	if (byPlaces) {
		order = byPlaces;
	} else if (sort.field === 'user_id') {
		order = yield * copySliced(yield * keys.idOrder());
	} else {
		const ranks = yield * keys.ranks(sort.field);
		// Ties in user_id order: the counting sort walks positions in that order.
		// (Sorting each run of ties by id instead cost 0.9 s of the 1.3 s a sort
		// by name took at a million users, whose names repeat; the id order is
		// made once per revision: a few tens of milliseconds from kept places,
		// 0.8 s by radix sort without them.)
		order = yield * orderByRanks(ranks, yield * keys.idOrder());
	}

	// compareUsers negates the whole comparison, ties included.
	return sort.descending ? yield * reverseSliced(order) : order;
}

/** `sortTask` run to its end. */
export function sortPositions(users: readonly ListUser[], sort: UserSort, keys?: SortKeys): Int32Array {
	return runToEnd(sortTask(users, sort, keys));
}

/**
 * The previous order brought up to date instead of sorted again: users that
 * are the same objects keep their relative order, and the few changed or new
 * ones are placed by binary search (`compareUsers`). A write at a million
 * users then costs milliseconds, not a multi-second sort. `reuse[position]` is
 * the user's position in `previous.users` when unchanged, else -1 (see
 * matchPositions). Undefined when so much changed that a full sort is cheaper.
 */
export function patchOrder(previous: {readonly users: readonly ListUser[]; readonly order: Int32Array}, users: readonly ListUser[], reuse: Int32Array, sort: UserSort): Int32Array | undefined {
	const newPositionOf = new Int32Array(previous.users.length).fill(-1);
	const changed: number[] = [];
	for (let position = 0; position < users.length; position++) {
		const old = reuse[position]!;
		if (old === -1) {
			changed.push(position);
		} else {
			newPositionOf[old] = position;
		}
	}

	if (changed.length > Math.max(64, users.length / 32)) {
		return undefined;
	}

	const kept = new Int32Array(users.length - changed.length);
	let length = 0;
	for (const old of previous.order) {
		const position = newPositionOf[old]!;
		if (position !== -1) {
			kept[length++] = position;
		}
	}

	const compare = (a: number, b: number) => compareUsers(users[a]!, users[b]!, sort);
	changed.sort(compare);
	const order = new Int32Array(users.length);
	let from = 0;
	let written = 0;
	for (const position of changed) {
		// The first kept user that sorts after this one (ids make the order total).
		let low = from;
		let high = kept.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (compare(kept[middle]!, position) < 0) {
				low = middle + 1;
			} else {
				high = middle;
			}
		}

		order.set(kept.subarray(from, low), written);
		written += low - from;
		order[written++] = position;
		from = low;
	}

	order.set(kept.subarray(from), written);
	return order;
}

/**
 * What one store revision did to the users array, as the view keeps it:
 * `removed` are the positions whose users left or changed (`previous` gives
 * the user a position held before), `moved` takes other users' old positions
 * to their new ones, and `placed` are the positions in `users` of the changed
 * and created users.
 */
export type UsersEdit = {
	readonly previous: (position: number) => ListUser;
	readonly users: readonly ListUser[];
	readonly removed: readonly number[];
	readonly moved: ReadonlyMap<number, number>;
	readonly placed: readonly number[];
};

/** How many of `sorted` (ascending) are below `value`, or with `orEqual` not above it. */
function countBelow(sorted: ArrayLike<number>, value: number, orEqual: boolean): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (sorted[middle]! < value || (orEqual && sorted[middle] === value)) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return low;
}

/**
 * `rows` (positions into `edit.previous` in `compareUsers(…, sort)` order, all
 * of them or a filter's) brought up to date with `edit`: removed users leave,
 * moved ones are renumbered, placed ones that `keep` accepts go in by binary
 * search. Costs comparisons for the edited users only and one copy of the
 * integers (no pass over the users). With `complete` (every user is in
 * `rows`), undefined if a user is not where `compareUsers` says (the order
 * came from something else).
 */
export function editRows(rows: Int32Array, edit: UsersEdit, sort: UserSort, complete: boolean, keep?: (position: number) => boolean): Int32Array | undefined {
	const {previous, users} = edit;
	/** Where `user` goes among the old rows: before the first that does not sort before it. */
	const search = (user: ListUser): number => {
		let low = 0;
		let high = rows.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (compareUsers(previous(rows[middle]!), user, sort) < 0) {
				low = middle + 1;
			} else {
				high = middle;
			}
		}

		return low;
	};

	const find = (position: number): number => {
		const index = search(previous(position));
		return rows[index] === position ? index : -1;
	};

	const moves: Array<{index: number; to: number}> = [];
	for (const [from, to] of edit.moved) {
		const index = find(from);
		if (index !== -1) {
			moves.push({index, to});
		} else if (complete) {
			return undefined;
		}
	}

	const dropped: number[] = [];
	for (const position of edit.removed) {
		const index = find(position);
		if (index !== -1) {
			dropped.push(index);
		} else if (complete) {
			return undefined;
		}
	}

	dropped.sort((a, b) => a - b);
	// Placed users go before the old row at `at`; those with the same `at` in their own order.
	const added = edit.placed
		.filter(position => keep?.(position) ?? true)
		.map(position => ({position, at: search(users[position]!)}))
		.sort((a, b) => a.at - b.at || compareUsers(users[a.position]!, users[b.position]!, sort));
	const result = new Int32Array(rows.length - dropped.length + added.length);
	let written = 0;
	let from = 0;
	let nextDrop = 0;
	let nextAdd = 0;
	while (nextAdd < added.length || nextDrop < dropped.length) {
		const add = added[nextAdd];
		const drop = dropped[nextDrop];
		if (add !== undefined && (drop === undefined || add.at <= drop)) {
			result.set(rows.subarray(from, add.at), written);
			written += add.at - from;
			from = add.at;
			result[written++] = add.position;
			nextAdd++;
		} else {
			result.set(rows.subarray(from, drop), written);
			written += drop! - from;
			from = drop! + 1;
			nextDrop++;
		}
	}

	result.set(rows.subarray(from), written);
	const addedAt = added.map(each => each.at);
	for (const {index, to} of moves) {
		result[index - countBelow(dropped, index, false) + countBelow(addedAt, index, true)] = to;
	}

	return result;
}
