// Waiting for a condition without fixed sleeps: the probe runs after every
// macrotask turn (renders land within one or two), with a short timer only
// when the loop has nothing else to do, so hundreds of screens take seconds.
import {setImmediate as nextTurn} from 'node:timers/promises';
import {scaled} from './scale.js';

export async function until<T>(probe: () => T | undefined | false, options: {timeout?: number; message?: () => string} = {}): Promise<T> {
	// Only a hang should reach this: on a busy machine (a second test run beside
	// this one, the stress runs side by side) one frame can take seconds.
	const timeout = options.timeout ?? scaled(30_000, 60_000);
	const start = performance.now();
	for (let turn = 0; ; turn++) {
		const value = probe();
		if (value !== undefined && value !== false) {
			return value;
		}

		if (performance.now() - start > timeout) {
			throw new Error(`timed out after ${timeout} ms${options.message ? `: ${options.message()}` : ''}`);
		}

		if (turn < 20) {
			await nextTurn();
		} else {
			await new Promise(resolve => {
				setTimeout(resolve, 2);
			});
		}
	}
}

/** Resolves after `count` macrotask turns (setImmediate), the "ticks" of the transition tests. */
export async function ticks(count: number): Promise<void> {
	for (let index = 0; index < count; index++) {
		await nextTurn();
	}
}
