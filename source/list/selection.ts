// Keeping the selection on its user across views: where they are now, or the
// row nearest to where they would be.
import {compareUsers} from '../domain/sort.js';
import type {ListUser} from '../domain/types.js';
import type {Positions} from './positions.js';
import {indexOfUser, type Selection, userAt, type UserListView} from './view.js';

export type Locate = (view: UserListView, userId: string | undefined, index: number) => Selection;

export type LocatorOptions = {
	/** Where each user of the current users is (when built). */
	readonly positions: () => Positions | undefined;
	/** The engine's current revision and its users map. */
	readonly current: () => {readonly revision: number; readonly map: ReadonlyMap<string, ListUser>} | undefined;
};

/** UserListEngine.locate: remembers the last answer and the user it was about. */
export function createLocator({positions: positionsOf, current}: LocatorOptions): Locate {
	let located: {view: UserListView; userId: string | undefined; index: number; selection: Selection} | undefined;
	/**
	 * The user last located, as they were then: where a deleted user was is
	 * found by comparing with them (nothing else still holds them).
	 */
	let seen: ListUser | undefined;

	/** Where `userId`, not among the rows, would be; or `index` clamped when that cannot be told. */
	function nearest(view: UserListView, userId: string, index: number): Selection {
		const {rows, users} = view;
		const user = seen?.user_id === userId ? seen : current()?.map.get(userId);
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

	return (view, userId, index) => {
		if (located?.view === view && located.userId === userId && located.index === index) {
			return located.selection;
		}

		const count = view.rows.length;
		let found = -1;
		if (userId !== undefined) {
			const positions = positionsOf();
			if (userAt(view, index)?.user_id === userId) {
				found = index;
			} else if (located?.view.users === view.users && located.view.revision === view.revision && located.selection.userId === userId) {
				// The same users in another order or filter: where that user sits in
				// the array is known, so only the rows are searched (integers).
				found = view.rows.indexOf(located.view.rows[located.selection.index]!);
			} else if (positions?.users === view.users && view.revision === current()?.revision) {
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
	};
}
