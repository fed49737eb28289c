// Bundles the CLI into one ESM file with production React: the start-up budget
// (issue 5) rules out running TypeScript or unbundled modules at launch.
import {build} from 'esbuild';
import {chmod, rm} from 'node:fs/promises';
import {fastStringWidth} from './fast-string-width.mjs';
import {inkOutputCache} from './ink-output-cache.mjs';
import {yogaWithoutFetch} from './yoga-without-fetch.mjs';

// Ink connects to React DevTools only when DEV=true; the bundle never ships it.
const withoutDevtools = {
	name: 'without-react-devtools',
	setup(builder) {
		builder.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'empty'}));
		builder.onLoad({filter: /.*/, namespace: 'empty'}, () => ({contents: 'export default {connectToDevTools() {}};', loader: 'js'}));
	},
};

await rm('dist', {recursive: true, force: true});
await build({
	entryPoints: ['source/cli.ts'],
	outdir: 'dist',
	// The console (Ink, React, the map) loads only when it opens, so scripted
	// commands start without parsing it.
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	sourcemap: 'linked',
	legalComments: 'none',
	define: {'process.env.NODE_ENV': '"production"'},
	// Packages that find files next to themselves (xsel, xdg-open, the .node addon,
	// the atlas JSON) stay external and are loaded from node_modules.
	external: ['@node-rs/argon2', '@node-rs/bcrypt', 'clipboardy', 'open'],
	plugins: [withoutDevtools, inkOutputCache, yogaWithoutFetch, fastStringWidth],
	banner: {
		js: "#!/usr/bin/env node\nimport {createRequire as __ud_createRequire} from 'node:module';const require = __ud_createRequire(import.meta.url);",
	},
	logLevel: 'warning',
});
await chmod('dist/cli.js', 0o755);
