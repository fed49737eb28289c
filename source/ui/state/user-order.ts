// The Users list's order: the same order as `compareUsers`, computed with each
// user's sort key extracted once. Calling `compareUsers` inside the sort
// re-derives both keys (and display names) on every comparison; extracting
// them first, and ranking fields with few distinct values (Connection,
// Logins) so the sort compares integers, is several times faster at 100k+
// users. The string comparisons that remain (names, ids) are the floor.
import {compareUsers, type SortField, sortKey, type UserSort} from '../../domain/sort.js';
import type {User} from '../../domain/types.js';

// Must match compareUsers: names and connections compare like people expect
// ("anna" beside "Anna", "user2" before "user10"), other strings by code unit.
const collator = new Intl.Collator('en', {sensitivity: 'base', numeric: true});

function collated(field: SortField): boolean {
	return field === 'name' || field === 'connection';
}

function byCodeUnit(a: string, b: string): number {
	return a < b ? -1 : (a > b ? 1 : 0);
}

/** Positions into `users` (0 … length - 1) in the order `compareUsers(…, sort)` gives. */
export function sortPositions(users: readonly User[], sort: UserSort): Int32Array {
	const count = users.length;
	const order = Array.from({length: count}, (_, position) => position);
	const ids = users.map(user => user.user_id);
	const sign = sort.descending ? -1 : 1;
	const tie = (a: number, b: number) => byCodeUnit(ids[a]!, ids[b]!);
	if (sort.field === 'logins_count') {
		const keys = Float64Array.from(users, user => user.logins_count ?? 0);
		order.sort((a, b) => sign * ((keys[a]! - keys[b]!) || tie(a, b)));
		return Int32Array.from(order);
	}

	const compare = collated(sort.field) ? (a: string, b: string) => collator.compare(a, b) : byCodeUnit;
	const texts = users.map(user => String(sortKey(user, sort.field)));
	const ranks = rankTexts(texts, compare, count / 4);
	if (ranks) {
		order.sort((a, b) => sign * ((ranks[a]! - ranks[b]!) || tie(a, b)));
	} else {
		order.sort((a, b) => sign * (compare(texts[a]!, texts[b]!) || tie(a, b)));
	}

	return Int32Array.from(order);
}

/**
 * Each text's rank among the distinct texts (equal under `compare` → equal
 * rank), so the main sort compares integers; undefined when there are more
 * than `limit` distinct texts (then ranking them costs as much as it saves).
 */
export function rankTexts(texts: readonly string[], compare: (a: string, b: string) => number, limit = Number.POSITIVE_INFINITY): Int32Array | undefined {
	const rankOf = new Map<string, number>();
	for (const text of texts) {
		if (!rankOf.has(text)) {
			if (rankOf.size >= limit) {
				return undefined;
			}

			rankOf.set(text, 0);
		}
	}

	const distinct = [...rankOf.keys()].sort(compare);
	let rank = 0;
	for (let index = 0; index < distinct.length; index++) {
		if (index > 0 && compare(distinct[index - 1]!, distinct[index]!) !== 0) {
			rank++;
		}

		rankOf.set(distinct[index]!, rank);
	}

	return Int32Array.from(texts, text => rankOf.get(text)!);
}

/**
 * The previous order brought up to date instead of sorted again: users that
 * are the same objects keep their relative order, and the few changed or new
 * ones are placed by binary search (`compareUsers`). A write at a million
 * users then costs milliseconds, not a multi-second sort. `reuse[position]` is
 * the user's position in `previous.users` when unchanged, else -1 (see
 * matchPositions). Undefined when so much changed that a full sort is cheaper.
 */
export function patchOrder(previous: {readonly users: readonly User[]; readonly order: Int32Array}, users: readonly User[], reuse: Int32Array, sort: UserSort): Int32Array | undefined {
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
