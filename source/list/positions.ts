// Where each user of the users array is, by id: what patching after a write
// and locating a selected user need.
import type {ListUser} from '../domain/types.js';
import {TextTable} from './text-table.js';
import {scanStep} from './view.js';

/** Where each user is by id, kept up to date in place by patches (patch.ts). */
export type PositionOf = {
	get(id: string): number | undefined;
	has(id: string): boolean;
	set(id: string, position: number): unknown;
	delete(id: string): boolean;
};

export type Positions = {readonly users: readonly ListUser[]; readonly of: PositionOf};

export type PositionsIndex = {
	/** The finished index, if any (patches keep `of` up to date in place). */
	current(): Positions | undefined;
	/** Drops the index (the array changed under it). */
	forget(): void;
	/**
	 * Builds the index of `users` in slices, between frames: at a million
	 * users it takes longer than a frame, and a write before it is done just
	 * starts over from the map as without it. Not idle work: patching the
	 * list after a write needs it (without it, a write at a million users
	 * rebuilt and sorted the whole list again), so it starts right after a
	 * load, between the slices of the first sort and the keys. False when
	 * `users` is indexed or being indexed already. Stops when `wanted` says
	 * the users are no longer current; calls `done` when it is finished.
	 */
	build(users: readonly ListUser[], wanted: () => boolean, done: () => void): boolean;
};

export type PositionsOptions = {
	readonly now: () => number;
	readonly sliceMs: number;
	readonly defer: (work: () => void) => void;
};

export function createPositionsIndex({now, sliceMs, defer}: PositionsOptions): PositionsIndex {
	let positions: Positions | undefined;
	/** The users whose positions are being indexed. */
	let indexing: readonly ListUser[] | undefined;
	return {
		current() {
			return positions;
		},
		forget() {
			positions = undefined;
		},
		build(users, wanted, done) {
			if (positions?.users === users || indexing === users) {
				return false;
			}

			indexing = users;
			// Its room reserved at once, and touched in slices: a Map rehashing a
			// million ids as it grew held a slice for 130 ms.
			const preparing = TextTable.prepare(TextTable.roomFor(users.length));
			let of: TextTable | undefined;
			let next = 0;
			const step = () => {
				if (indexing !== users || !wanted()) {
					return;
				}

				const deadline = now() + sliceMs;
				while (!of && now() < deadline) {
					const prepared = preparing.next();
					if (prepared.done) {
						of = prepared.value;
					}
				}

				while (of && next < users.length && now() < deadline) {
					const end = Math.min(users.length, next + scanStep);
					for (; next < end; next++) {
						of.set(users[next]!.user_id, next);
					}
				}

				if (!of || next < users.length) {
					defer(step);
					return;
				}

				positions = {users, of};
				indexing = undefined;
				done();
			};

			defer(step);
			return true;
		},
	};
}
