// Bringing the users array to a new revision by the users that changed,
// instead of loading it again from the map: at a million users a copy of the
// array per change costs more than the change.
import type {ListUser} from '../domain/types.js';
import type {PositionOf} from './positions.js';
import type {UsersEdit} from './user-order.js';

export type UsersPatch = {
	/** What changed, for patching orders and results (user-order.ts editRows). */
	readonly edit: UsersEdit;
	/** Positions of the users put (created or changed). */
	readonly placed: number[];
	/** Where users that moved (into a deleted user's place) went, by their old position. */
	readonly moved: Map<number, number>;
};

/**
 * Patches `users` in place to hold `map`'s users for the ids in `changed`,
 * and `of` (where each user is, by id) with it: a deleted user's place goes
 * to the last user (nothing else moves), created users are appended.
 */
export function patchUsers(users: ListUser[], of: PositionOf, map: ReadonlyMap<string, ListUser>, changed: ReadonlySet<string>): UsersPatch {
	/** What positions held before this patch, where it changed them. */
	const before = new Map<number, ListUser>();
	const put = (position: number, user: ListUser | undefined) => {
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
	return {edit, placed, moved};
}
