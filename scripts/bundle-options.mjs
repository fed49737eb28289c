// What every bundle of Ink code here shares: the console's (scripts/build.mjs)
// and the benchmark's own programs (bench/build-bench.mjs), whose baseline
// must run on the same Ink as the console. Ink's own code is changed in
// node_modules by patch-package on install (see patches/README.md), so the
// tests, the benchmark and the bundle all run one patched Ink.
import {fastStringWidth} from './fast-string-width.mjs';

// Ink connects to React DevTools only when DEV=true; the bundle never ships it.
const withoutDevtools = {
	name: 'without-react-devtools',
	setup(builder) {
		builder.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'empty'}));
		builder.onLoad({filter: /.*/, namespace: 'empty'}, () => ({contents: 'export default {connectToDevTools() {}};', loader: 'js'}));
	},
};

/**
 * Packages whose `main` is a UMD file that esbuild cannot follow (its
 * `require` calls hide inside a factory, so the bundle would throw "Dynamic
 * require" at load): their ES module build instead. Node itself loads the UMD
 * file fine, so the tests need no such thing.
 */
export const esmEntries = {'jsonc-parser': 'jsonc-parser/lib/esm/main.js'};

/** A `require` for bundled CommonJS code inside an ES module. */
export const requireBanner = "import {createRequire as __ud_createRequire} from 'node:module';const require = __ud_createRequire(import.meta.url);";

export const bundleOptions = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	define: {'process.env.NODE_ENV': '"production"'},
	// Packages that find files next to themselves (xsel, xdg-open, the .node addons,
	// the atlas JSON) stay external and are loaded from node_modules.
	external: ['@node-rs/argon2', '@node-rs/bcrypt', 'clipboardy', 'open'],
	plugins: [withoutDevtools, fastStringWidth],
	alias: esmEntries,
	// Data kept as text files (the common-password list) bundles as a string.
	loader: {'.txt': 'text'},
	banner: {js: requireBanner},
	logLevel: 'warning',
};
