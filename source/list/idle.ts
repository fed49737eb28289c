// Work for idle time, in order, in slices: each runs only while no view task
// is running (the engine resumes the queue when its task ends) and once
// neither a key nor a view request came for `idleMs`, so a slice and the
// garbage it leaves never land between keys being pressed.

/** One piece of idle work: runs until `deadline`, returns true when it is done. */
export type IdleWork = (deadline: number) => boolean;

export type IdleQueue = {
	push(work: IdleWork): void;
	clear(): void;
	readonly size: number;
	/** Runs the queue without waiting for a pause while `token` is the engine's current one (expectSearch). */
	hurry(token: unknown): void;
	/** Schedules the next slice, if there is work and nothing else runs. */
	resume(): void;
};

export type IdleOptions = {
	readonly now: () => number;
	readonly sliceMs: number;
	readonly idleMs: number;
	readonly defer: (work: () => void) => void;
	readonly later: (ms: number, work: () => void) => void;
	/** Whether a view task is running (idle work then waits for it). */
	readonly busy: () => boolean;
	/** When the user was last active (a key or a view asked for), on the clock of `now`. */
	readonly lastActive: () => number;
	/** What `hurry` is compared with: the engine's current users. */
	readonly current: () => unknown;
};

export function createIdleQueue({now, sliceMs, idleMs, defer, later, busy, lastActive, current}: IdleOptions): IdleQueue {
	const idle: IdleWork[] = [];
	let idleScheduled = false;
	/** The users whose idle work runs without waiting for a pause (expectSearch). */
	let hurried: unknown;
	const queue: IdleQueue = {
		push(work) {
			idle.push(work);
		},
		clear() {
			idle.length = 0;
		},
		get size() {
			return idle.length;
		},
		hurry(token) {
			hurried = token;
		},
		resume() {
			if (idleScheduled || idle.length === 0 || busy()) {
				return;
			}

			idleScheduled = true;
			const run = () => {
				idleScheduled = false;
				if (idle.length === 0 || busy()) {
					return;
				}

				const quiet = now() - lastActive();
				if (quiet < idleMs && (hurried === undefined || hurried !== current())) {
					idleScheduled = true;
					later(idleMs - quiet, run);
					return;
				}

				if (idle[0]!(now() + sliceMs)) {
					idle.shift();
				}

				if (idle.length === 0) {
					hurried = undefined;
				}

				queue.resume();
			};

			defer(run);
		},
	};
	return queue;
}
