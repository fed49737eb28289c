// Bundles the benchmark's own programs (the baseline screen, the in-process
// harness) with the console's bundle options (scripts/bundle-options.mjs):
// one ESM file each, production React, the same Ink, so the baseline is the
// floor of the shipped stack. They go to node_modules/.cache, never into the
// package.
import {build} from 'esbuild';
import {bundleOptions} from '../scripts/bundle-options.mjs';

export const benchBuildDir = 'node_modules/.cache/userdeck-bench';

export async function buildBench() {
	await build({
		...bundleOptions,
		entryPoints: {'baseline-screen': 'bench/baseline-screen.tsx', 'in-process': 'bench/in-process.tsx'},
		outdir: benchBuildDir,
		jsx: 'automatic',
	});
}
