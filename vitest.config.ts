import {readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {defineConfig} from 'vitest/config';

/** Test files that may share their worker's modules (see `projects` below). */
const sharedModules = ['test/{domain,list,map,demo,store,terminal}/**/*.test.{ts,tsx}'];
/** Among them, the files that spy on a shared module (io, Intl.Segmenter): they stay isolated. */
const isolatedAmongShared = ['test/store/{durability,store,lock}.test.ts', 'test/terminal/text-width.test.ts'];

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
		// No test writes the prompts' history into the home folder (consoles spawned by a test read this too).
		env: {CI: 'false', CONTINUOUS_INTEGRATION: 'false', USERDECK_STATE_DIR: path.join(tmpdir(), 'userdeck-test-state')},
		// Each test file gets fresh modules (isolation), which costs an import of
		// the app per file: about 2.5 s for a screen test, most of the suite's
		// time after the tests themselves. Files that only call plain functions
		// and change no module state (no spies on shared modules, no key
		// overrides, no colour level) share their worker's modules instead:
		// 69 files, 47 → 35 s. The screens are not among them: chalk's colour
		// level and the keymap's overrides are module state they set.
		projects: [
			{extends: true, test: {name: 'shared', include: sharedModules, exclude: isolatedAmongShared, isolate: false}},
			{extends: true, test: {name: 'isolated', include: ['test/**/*.test.{ts,tsx}'], exclude: sharedModules}},
			{extends: true, test: {name: 'spies', include: isolatedAmongShared}},
		],
	},
});
