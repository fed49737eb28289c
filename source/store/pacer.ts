// Loading a big store takes seconds; a console must keep drawing meanwhile.
// A pacer is asked between pieces of work and answers with a pause (one turn
// of the event loop) once a slice of `sliceMs` is used up.
import {performance} from 'node:perf_hooks';
import {setImmediate as nextTurn} from 'node:timers/promises';
import {runSlice, type SlicedTask} from '../list/sliced.js';

export type Pacer = {
	/** Undefined while the slice lasts; then a promise that settles after the event loop had a turn. */
	(): Promise<void> | undefined;
	/** Makes the next call pause whatever the time (something was handed over that should be drawn now). */
	soon(): void;
};

/** Pieces of work between two looks at the clock (a look costs more than a row of some tables). */
const checkEvery = 16;

export function slicePacer(sliceMs: number, now: () => number = () => performance.now()): Pacer {
	let sliceEnd = now() + sliceMs;
	let calls = 0;
	let forced = false;
	const pause = async (): Promise<void> => new Promise(resolve => {
		setImmediate(() => {
			sliceEnd = now() + sliceMs;
			resolve();
		});
	});

	return Object.assign(() => {
		if (forced) {
			forced = false;
			calls = 0;
			return pause();
		}

		if (++calls < checkEvery) {
			return undefined;
		}

		calls = 0;
		return now() >= sliceEnd ? pause() : undefined;
	}, {
		soon() {
			forced = true;
		},
	});
}

/**
 * Asked by background work between its slices: undefined to go on, or a
 * promise to wait for first (the store's own operations, which a user waits
 * for, go before a columns file being written).
 */
export type Gate = () => Promise<void> | undefined;

/**
 * Runs `task` to its end in slices of `sliceMs`, a turn of the event loop
 * between them (the clock is read at each of the task's steps). `afterTurn`
 * runs after each turn: it may throw to stop (an aborted command), or return
 * a promise to wait for (a Gate).
 */
export async function runInTurns<T>(task: SlicedTask<T>, sliceMs: number, afterTurn?: () => Promise<void> | undefined | void): Promise<T> {
	for (;;) {
		const sliceEnd = performance.now() + sliceMs;
		const slice = runSlice(task, () => performance.now() >= sliceEnd);
		if (slice.done) {
			return slice.value;
		}

		// eslint-disable-next-line no-await-in-loop
		await nextTurn();
		// eslint-disable-next-line no-await-in-loop
		await afterTurn?.();
	}
}
