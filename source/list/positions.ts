// Where each user of the users array is, by id: what patching after a write
// and locating a selected user need.
import type {ListUser} from '../domain/types.js';
import {scanStep} from './view.js';

export type Positions = {readonly users: readonly ListUser[]; readonly of: Map<string, number>};

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
			const of = new Map<string, number>();
			let next = 0;
			const step = () => {
				if (indexing !== users || !wanted()) {
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
				done();
			};

			defer(step);
			return true;
		},
	};
}
