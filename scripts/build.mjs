// Bundles the CLI into one ESM file with production React: the start-up budget
// (issue 5) rules out running TypeScript or unbundled modules at launch.
import {build} from 'esbuild';
import {chmod, rm} from 'node:fs/promises';
import {bundleOptions, requireBanner} from './bundle-options.mjs';

await rm('dist', {recursive: true, force: true});
await build({
	...bundleOptions,
	entryPoints: ['source/cli.ts'],
	outdir: 'dist',
	// The console (Ink, React, the map) loads only when it opens, so scripted
	// commands start without parsing it.
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	sourcemap: 'linked',
	legalComments: 'none',
	banner: {js: `#!/usr/bin/env node\n${requireBanner}`},
});
await chmod('dist/cli.js', 0o755);
