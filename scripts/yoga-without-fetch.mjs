// An esbuild plugin for the bundle: yoga-layout (Ink's layout engine) carries
// its WebAssembly as base64 and decodes it, but first asks whether `fetch`
// exists. In Node that first look at the global `fetch` loads undici, about
// 40–90 ms of the console's start spent on an HTTP client it never uses. The
// plugin drops the look; the module then decodes its base64 as it would
// anyway. If yoga's file no longer has that text, it is bundled as it is.
import {readFile} from 'node:fs/promises';

const from = 'function ya(){return w||"function"!=typeof fetch?';
const to = 'function ya(){return true?';

export const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(builder) {
		builder.onLoad({filter: /yoga-layout[/\\]dist[/\\]binaries[/\\]yoga-wasm-base64-esm\.js$/}, async ({path}) => {
			const source = await readFile(path, 'utf8');
			if (!source.includes(from)) {
				console.warn(`yoga-without-fetch: ${path} has changed; it is bundled as it is`);
				return undefined;
			}

			return {contents: source.replace(from, to), loader: 'js'};
		});
	},
};
