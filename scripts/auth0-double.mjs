#!/usr/bin/env node
// Starts the Auth0 Management API test double (test/support/auth0-double) as a
// program: `node scripts/auth0-double.mjs --users 1000` prints AUTH0_DOMAIN,
// AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET and NODE_EXTRA_CA_CERTS for a console
// (--help lists the options). The double is test code in TypeScript: it is
// bundled here, on each start, into the git-ignored .tmp/ folder, never into
// dist/ (which the package ships), and its packages load from node_modules.
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build} from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, '.tmp', 'auth0-double', 'auth0-double.mjs');
await build({
	entryPoints: [path.join(root, 'test/support/auth0-double/cli.ts')],
	outfile,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	// The common-password list is a text file, as in the CLI's bundle.
	loader: {'.txt': 'text'},
	sourcemap: 'inline',
	logLevel: 'warning',
});
await import(pathToFileURL(outfile).href);
