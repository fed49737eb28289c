import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// Several suites spawn CLI processes and hash passwords; two cores are all we have.
		maxWorkers: 2,
	},
});
