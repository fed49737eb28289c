// The finished orders of the current revision, and the last one of earlier
// revisions to patch into the next (user-order.ts does the patching).
import type {UserSort} from '../domain/sort.js';
import type {ListUser} from '../domain/types.js';
import {matchPositions} from './user-filter.js';
import {patchOrder} from './user-order.js';
import {sortKeyOf} from './view.js';

export type LastOrder = {readonly users: readonly ListUser[]; readonly sort: string; readonly order: Int32Array};

export type Orders = {
	/** The finished order, or one patched from the previous revision's, or undefined (a task must sort). */
	ready(users: readonly ListUser[], sort: UserSort): Int32Array | undefined;
	keep(users: readonly ListUser[], key: string, order: Int32Array): void;
	/** The last finished order, of this revision or an earlier one. */
	last(): LastOrder | undefined;
	/** A new revision whose users were loaded again: only the last order stays, to patch. */
	reset(): void;
	/** A patched revision: `kept` is its only order (or none), and the matches of unchanged users are out of date. */
	patched(kept: LastOrder | undefined): void;
	/** The array changed under everything derived from it. */
	forget(): void;
};

export function createOrders(): Orders {
	/** Finished orders of the current revision, by sort key. */
	let orders = new Map<string, Int32Array>();
	/** The last finished order of the previous revisions, to patch. */
	let lastOrder: LastOrder | undefined;
	let reused: {previous: readonly ListUser[]; next: readonly ListUser[]; positions: Int32Array} | undefined;

	/** Which users of `next` are unchanged since `previous`. */
	function reuseOf(previous: readonly ListUser[], next: readonly ListUser[]): Int32Array {
		if (reused?.previous !== previous || reused.next !== next) {
			reused = {previous, next, positions: matchPositions(previous, next)};
		}

		return reused.positions;
	}

	const cache: Orders = {
		ready(users, sort) {
			const key = sortKeyOf(sort);
			let order = orders.get(key);
			if (!order && lastOrder && lastOrder.sort === key && lastOrder.users !== users) {
				order = patchOrder({users: lastOrder.users, order: lastOrder.order}, users, reuseOf(lastOrder.users, users), sort);
				if (order) {
					cache.keep(users, key, order);
				}
			}

			return order;
		},
		keep(users, key, order) {
			orders.set(key, order);
			lastOrder = {users, sort: key, order};
		},
		last() {
			return lastOrder;
		},
		reset() {
			orders = new Map();
		},
		patched(kept) {
			if (kept) {
				orders = new Map([[kept.sort, kept.order]]);
				lastOrder = kept;
			} else {
				orders = new Map();
			}

			// Matches found for this array before are out of date.
			reused = undefined;
		},
		forget() {
			lastOrder = undefined;
			reused = undefined;
		},
	};
	return cache;
}
