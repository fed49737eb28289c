// A big store leaves V8 a heap of gigabytes to collect once. Collecting it
// right after the load, while the loading screen is still up, replaces pauses
// of up to 1.6 s between keys in the first seconds of using the list (measured
// at a million users). The console (run.tsx) and the benchmark's in-process
// console (bench/in-process.tsx) both do it, so the benchmark measures what ships.
import v8 from 'node:v8';
import vm from 'node:vm';

/** From this many users, the console collects garbage once the store is loaded. */
export const bigStoreUsers = 200_000;

/**
 * A full garbage collection now, when the store has `users` users or more and
 * its load left garbage (`leftGarbage`: it filed the snapshot's lines). A load
 * from the columns file leaves little: at a million users the collection took
 * 235–284 ms of the start and freed 2 of 323 MB.
 * V8 offers it to programs only behind --expose-gc, which can be set at run
 * time; where that fails, nothing happens (the collector then runs when it decides).
 */
export async function collectAfterLoad(users: number, leftGarbage: boolean): Promise<void> {
	if (users < bigStoreUsers || !leftGarbage) {
		return;
	}

	try {
		v8.setFlagsFromString('--expose-gc');
		const gc = vm.runInNewContext('gc') as (() => void) | undefined;
		// Let the loading screen's last frame out first.
		await new Promise(resolve => {
			setImmediate(resolve);
		});
		gc?.();
	} catch {
		// No gc: the collector keeps its own schedule.
	}
}
