// Tests wait for content, never for fixed sleeps. The timeout is only for a
// hang: with a second `npm test` beside this one, a frame can take seconds.
export async function waitFor<T>(probe: () => T | undefined | false, options: {timeout?: number; message?: () => string} = {}): Promise<T> {
	const timeout = options.timeout ?? 15_000;
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
			setTimeout(resolve, 5);
		});
	}
}
