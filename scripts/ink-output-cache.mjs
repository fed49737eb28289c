// An esbuild plugin for the bundle: Ink 6.8 measures and tokenizes every line
// of the screen on every frame, because the caches it keeps for that belong to
// each frame's Output object and are thrown away with it. Most lines of the
// next frame are the same lines, so the plugin makes the caches outlive the
// frame (dropped when they grow past a few thousand lines, so a long session
// does not keep every line it ever drew). A list move then costs a fraction of
// the rendering it did. If Ink's file no longer has the expected line (another
// Ink version), the bundle is built without the change and says so.
import {readFile} from 'node:fs/promises';

const original = 'caches = new OutputCaches();';
const shared = `caches = sharedOutputCaches();`;
const helper = `
let sharedCaches;
function sharedOutputCaches() {
    if (sharedCaches === undefined || sharedCaches.styledChars.size > 4000 || sharedCaches.widths.size > 20000 || sharedCaches.blockWidths.size > 4000) {
        sharedCaches = new OutputCaches();
    }
    return sharedCaches;
}
`;

export const inkOutputCache = {
	name: 'ink-output-cache',
	setup(builder) {
		builder.onLoad({filter: /[\\/]ink[\\/]build[\\/]output\.js$/}, async ({path}) => {
			const source = await readFile(path, 'utf8');
			if (!source.includes(original)) {
				console.warn(`ink-output-cache: ${path} has changed; Ink's per-frame caches are left as they are`);
				return undefined;
			}

			return {contents: source.replace(original, shared) + helper, loader: 'js'};
		});
	},
};
