// Loading a big store takes seconds; a console must keep drawing meanwhile.
// A pacer is asked between pieces of work and answers with a pause (one turn
// of the event loop) once a slice of `sliceMs` is used up.
import {performance} from 'node:perf_hooks';

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
