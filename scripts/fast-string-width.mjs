// An esbuild plugin for the bundle: Ink, cli-truncate, widest-line and the
// console's own text code measure every line they draw with string-width,
// which segments any text that is not plain ASCII (about 0.2 ms per row of the
// Users list with one accented name). Imports of string-width 8 are given
// source/terminal/fast-string-width.ts, which answers the same (the tests check
// every BMP character and random text against string-width) without
// segmenting text whose characters stand alone. Other copies (wrap-ansi's
// string-width 7) are left as they are.
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wrapper = path.join(root, 'source/terminal/fast-string-width.ts');
const original = path.join(root, 'node_modules/string-width/index.js');

export const fastStringWidth = {
	name: 'fast-string-width',
	setup(builder) {
		let redirected = 0;
		builder.onResolve({filter: /^string-width$/}, async ({importer, resolveDir, kind, pluginData}) => {
			if (pluginData?.fastStringWidth || importer === wrapper) {
				return undefined;
			}

			const resolved = await builder.resolve('string-width', {importer, resolveDir, kind, pluginData: {fastStringWidth: true}});
			if (resolved.errors.length > 0 || resolved.path !== original) {
				return undefined;
			}

			redirected++;
			return {path: wrapper};
		});
		builder.onEnd(() => {
			if (redirected === 0) {
				console.warn('fast-string-width: no import of string-width was redirected; the bundle measures text with string-width itself');
			}
		});
	},
};
