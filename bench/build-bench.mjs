// Bundles the benchmark's own programs (the baseline screen, the in-process
// harness) the way scripts/build.mjs bundles the console: one ESM file each,
// production React, no React DevTools, Ink's output caches kept across frames. They go to node_modules/.cache, never
// into the package.
import {build} from 'esbuild';
import {fastStringWidth} from '../scripts/fast-string-width.mjs';
import {inkOutputCache} from '../scripts/ink-output-cache.mjs';
import {yogaWithoutFetch} from '../scripts/yoga-without-fetch.mjs';

export const benchBuildDir = 'node_modules/.cache/userdeck-bench';

const withoutDevtools = {
	name: 'without-react-devtools',
	setup(builder) {
		builder.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'empty'}));
		builder.onLoad({filter: /.*/, namespace: 'empty'}, () => ({contents: 'export default {connectToDevTools() {}};', loader: 'js'}));
	},
};

export async function buildBench() {
	await build({
		entryPoints: {'baseline-screen': 'bench/baseline-screen.tsx', 'in-process': 'bench/in-process.tsx'},
		outdir: benchBuildDir,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		jsx: 'automatic',
		define: {'process.env.NODE_ENV': '"production"'},
		external: ['@node-rs/argon2', '@node-rs/bcrypt', 'clipboardy', 'open'],
		// The same Ink as the console's bundle: the baseline is the floor of the shipped stack.
		plugins: [withoutDevtools, inkOutputCache, yogaWithoutFetch, fastStringWidth],
		banner: {js: "import {createRequire as __ud_createRequire} from 'node:module';const require = __ud_createRequire(import.meta.url);"},
		logLevel: 'warning',
	});
}
