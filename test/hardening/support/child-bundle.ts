// The service for child processes, as one ESM file built with esbuild (tsx is
// not installed), as test/store does for the store. The children never hash or
// verify, so argon2's and bcrypt's native modules are left out.
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import {esmEntries} from '../../../scripts/bundle-options.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Bundles the store and the service into `dir`; returns the file URL to import. */
export async function bundleService(dir: string): Promise<string> {
	const outfile = path.join(dir, 'service-bundle.mjs');
	await build({
		entryPoints: [path.join(here, 'child-entry.ts')],
		outfile,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		logLevel: 'warning',
		alias: esmEntries,
		banner: {js: 'import {createRequire as __createRequire} from \'node:module\'; const require = __createRequire(import.meta.url);'},
		plugins: [{
			name: 'without-native-hashing',
			setup(builder) {
				builder.onResolve({filter: /^@node-rs\/(?:argon2|bcrypt)$/}, args => ({path: args.path, namespace: 'stub'}));
				builder.onLoad({filter: /.*/, namespace: 'stub'}, () => ({
					contents: 'const refuse = () => { throw new Error(\'no hashing in this child\'); }; export const hash = refuse, verify = refuse;',
					loader: 'js',
				}));
			},
		}],
	});
	return pathToFileURL(outfile).href;
}
