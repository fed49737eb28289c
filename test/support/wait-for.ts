// Tests wait for content, never for fixed sleeps. The timeout is only for a
// hang: with a second `npm test` beside this one, a frame can take seconds.
//
// A probe that spawns a process (tmux capture-pane costs about 10 ms of CPU)
// gives `maxInterval`: the pause between probes starts at 5 ms and grows to
// it, so that a long wait leaves the core to the program being waited on
// instead of spending most of it on probing.
export async function waitFor<T>(probe: () => T | undefined | false, options: {timeout?: number; message?: () => string; maxInterval?: number} = {}): Promise<T> {
	const timeout = options.timeout ?? 15_000;
	const maxInterval = options.maxInterval ?? 5;
	let interval = 5;
	const start = Date.now();
	let last: unknown;
	for (;;) {
		try {
			const value = probe();
			if (value !== undefined && value !== false) {
				return value;
			}
		} catch (error) {
			last = error;
		}

		if (Date.now() - start > timeout) {
			const detail = options.message?.() ?? (last instanceof Error ? last.message : '');
			throw new Error(`waitFor timed out after ${timeout} ms${detail ? `: ${detail}` : ''}`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, interval);
		});
		interval = Math.min(maxInterval, interval * 1.5);
	}
}
