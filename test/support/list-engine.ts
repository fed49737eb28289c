// The Users list's engine run by hand: a clock that jumps 4 ms (half a slice)
// at every look, so each slice stops after a step or two, and a queue that
// stands in for setImmediate and timers, run when the test says. Every pending
// state is seen and every interleaving is reproducible; nothing measures time.
import {createUserListEngine, type EngineOptions, type UserListEngine, type UserListView} from '../../source/list/index.js';

export type HandRun = {
	engine: UserListEngine;
	/** Runs one deferred slice; false when nothing was waiting. */
	step(): boolean;
	/** Runs every slice queued (and what those queue); returns how many ran. */
	drain(): number;
};

export function handRunEngine(options: EngineOptions = {}): HandRun {
	const queue: Array<() => void> = [];
	let time = 0;
	const engine = createUserListEngine({
		sliceMs: 8,
		now: () => {
			time += 4;
			return time;
		},
		defer: work => queue.push(work),
		later: (_ms, work) => queue.push(work),
		...options,
	});
	return {
		engine,
		step(): boolean {
			const work = queue.shift();
			work?.();
			return work !== undefined;
		},
		drain(): number {
			let slices = 0;
			while (queue.length > 0) {
				if (slices > 1_000_000) {
					throw new Error('the list engine never ran out of work');
				}

				queue.shift()!();
				slices++;
			}

			return slices;
		},
	};
}

/** The user_ids of a view's rows, in order. */
export function ids(view: UserListView): string[] {
	return Array.from(view.rows, position => view.users[position]!.user_id);
}
