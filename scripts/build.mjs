// Bundles the CLI into one ESM file with production React: the start-up budget
// (issue 5) rules out running TypeScript or unbundled modules at launch.
import {build} from 'esbuild';
import {chmod} from 'node:fs/promises';

await build({
	entryPoints: ['source/cli.ts'],
	outfile: 'dist/cli.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	sourcemap: 'linked',
	legalComments: 'none',
	define: {'process.env.NODE_ENV': '"production"'},
	// Packages that find files next to themselves (xsel, xdg-open, the .node addon,
	// the atlas JSON) stay external and are loaded from node_modules.
	external: ['@node-rs/argon2', 'clipboardy', 'open', 'react-devtools-core'],
	banner: {
		js: "#!/usr/bin/env node\nimport {createRequire as __ud_createRequire} from 'node:module';const require = __ud_createRequire(import.meta.url);",
	},
	logLevel: 'warning',
});
await chmod('dist/cli.js', 0o755);
