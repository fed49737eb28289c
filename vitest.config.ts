import {readFileSync} from 'node:fs';
import {defineConfig} from 'vitest/config';

export default defineConfig({
	plugins: [{
		// What the bundle's text loader does: a .txt import is the file's text
		// (before Vite's asset handling, which would make it a URL).
		name: 'text-files',
		enforce: 'pre',
		load(id) {
			return id.endsWith('.txt') ? `export default ${JSON.stringify(readFileSync(id, 'utf8'))};` : undefined;
		},
	}],
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		environment: 'node',
		// The Auth0 test double's CA, made once and trusted through NODE_EXTRA_CA_CERTS
		// by every worker (forks: child processes that read it at start) and every
		// console a test spawns. Certificate checks stay on.
		globalSetup: ['test/support/auth0-double/global-setup.ts'],
		pool: 'forks',
		// Tests wait for what they check; these limits only end a hang. They are
		// generous because the suite must pass with a second run beside it on two cores.
		testTimeout: 120_000,
		hookTimeout: 120_000,
		// Several suites spawn CLI processes and hash passwords; two cores are all we have.
		maxWorkers: 2,
		// CI runs with CI=true, and Ink renders no frames when it sees CI: the screen
		// tests read frames, so the workers (and the consoles they spawn) see CI=false.
		env: {CI: 'false', CONTINUOUS_INTEGRATION: 'false'},
	},
});
