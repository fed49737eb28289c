import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// The hardening suite (issue 6) is work in progress and not yet green: it runs
		// on its own with `npx vitest run test/hardening --config vitest.hardening.config.ts`.
		exclude: ['test/hardening/**', '**/node_modules/**'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// Several suites spawn CLI processes and hash passwords; two cores are all we have.
		maxWorkers: 2,
		// CI runs with CI=true, and Ink renders no frames when it sees CI: the screen
		// tests read frames, so the workers (and the consoles they spawn) see CI=false.
		env: {CI: 'false', CONTINUOUS_INTEGRATION: 'false'},
	},
});
