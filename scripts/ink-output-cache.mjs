// An esbuild plugin for the bundle: Ink 6.8 measures, cuts and tokenizes every
// line of the screen on every frame. The caches it keeps for that belong to
// each frame's Output object and are thrown away with it, cutting lines to a
// clipping box (`overflow="hidden"`) is not cached at all, and every text is
// measured again before it is laid out. Most lines of the next frame are the
// same lines, so the plugin makes those caches outlive the frame (dropped when
// they grow past a few thousand lines, so a long session does not keep every
// line it ever drew; Ink's own lasting caches get the same bound). A list move then costs a fraction of the rendering it
// did. If an Ink file no longer has the expected text (another Ink version),
// the bundle is built without that change and says so.
import {readFile} from 'node:fs/promises';

const caches = `
let sharedCaches;
let sharedSlices = new Map();
function sharedOutputCaches() {
    if (sharedCaches === undefined || sharedCaches.styledChars.size > 4000 || sharedCaches.widths.size > 20000 || sharedCaches.blockWidths.size > 4000 || sharedSlices.size > 4000) {
        sharedCaches = new OutputCaches();
        sharedSlices = new Map();
    }
    return sharedCaches;
}
let sharedRowTexts = new Map();
function cachedRowText(line, caches) {
    let text = sharedRowTexts.get(line);
    if (text === undefined) {
        if (sharedRowTexts.size > 4000) {
            sharedRowTexts = new Map();
        }
        text = styledCharsToString(caches.getStyledChars(line)).trimEnd();
        sharedRowTexts.set(line, text);
    }
    return text;
}
function cachedSlice(line, from, to) {
    const key = from + ':' + to + ':' + line;
    let sliced = sharedSlices.get(key);
    if (sliced === undefined) {
        sliced = sliceAnsi(line, from, to);
        sharedSlices.set(key, sliced);
    }
    return sliced;
}
`;

const widths = `
const measuredWidths = new Map();
function cachedWidestLine(text) {
    let width = measuredWidths.get(text);
    if (width === undefined) {
        if (measuredWidths.size > 8000) {
            measuredWidths.clear();
        }
        width = widestLine(text);
        measuredWidths.set(text, width);
    }
    return width;
}
`;

const patches = [
	{
		file: /[\\/]ink[\\/]build[\\/]output\.js$/,
		replace: [
			['caches = new OutputCaches();', 'caches = sharedOutputCaches();'],
			['return sliceAnsi(line, from, to);', 'return cachedSlice(line, from, to);'],
			// A row that one line wrote from its first column reads as that line does.
			['        const output = [];', '        const output = [];\n        const rowSources = [];'],
			['const characters = this.caches.getStyledChars(line);', 'const characters = this.caches.getStyledChars(line);\n                    rowSources[y + offsetY] = rowSources[y + offsetY] === undefined && x === 0 ? line : null;'],
			['.map(line => {\n            // See https://github.com/vadimdemedes/ink/pull/564', '.map((line, row) => {\n            if (typeof rowSources[row] === \'string\') {\n                return cachedRowText(rowSources[row], this.caches);\n            }\n            // See https://github.com/vadimdemedes/ink/pull/564'],
		],
		append: caches,
	},
	// Ink's own caches of wrapped and measured text never forget: scrolling
	// through a million users would keep every row ever shown. Bounded here.
	{
		file: /[\\/]ink[\\/]build[\\/]wrap-text\.js$/,
		replace: [['cache[cacheKey] = wrappedText;', 'if (++cachedCount > 8000) { cache = {}; cachedCount = 0; }\n    cache[cacheKey] = wrappedText;'], ['const cache = {};', 'let cache = {};\nlet cachedCount = 0;']],
		append: '',
	},
	{
		file: /[\\/]ink[\\/]build[\\/]measure-text\.js$/,
		replace: [['cache.set(text, dimensions);', 'if (cache.size > 8000) {\n        cache.clear();\n    }\n    cache.set(text, dimensions);']],
		append: '',
	},
	{
		file: /[\\/]ink[\\/]build[\\/]render-node-to-output\.js$/,
		replace: [['const currentWidth = widestLine(text);', 'const currentWidth = cachedWidestLine(text);']],
		append: widths,
	},
];

// Turning the screen's cells back into text compared the styles of every
// cell with the one before it by building three sets and two arrays, 4,800
// times a frame at 120×40: most of a frame's time (and of its garbage) while
// the store loads. Cells of one run of text share their styles array now, and
// equal styles (by reference or by their codes) need no codes between them:
// the text is the same, since the diff of equal styles is empty.
const sameStyles = `
function sameStyles(from, to) {
    if (from === to) {
        return true;
    }
    if (from.length !== to.length) {
        return false;
    }
    for (let index = 0; index < from.length; index++) {
        if (from[index].code !== to[index].code || from[index].endCode !== to[index].endCode) {
            return false;
        }
    }
    return true;
}
`;

patches.push({
	file: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/,
	replace: [
		['...token,\n                styles: [...codes],', 'type: token.type,\n                value: token.value,\n                fullWidth: token.fullWidth,\n                styles: codes,'],
		['ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));', 'if (!sameStyles(chars[i - 1].styles, char.styles)) {\n                ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));\n            }'],
		['if (i === chars.length - 1) {', 'if (i === chars.length - 1 && char.styles.length > 0) {'],
	],
	append: sameStyles,
});

export const inkOutputCache = {
	name: 'ink-output-cache',
	setup(builder) {
		for (const patch of patches) {
			builder.onLoad({filter: patch.file}, async ({path}) => {
				let source = await readFile(path, 'utf8');
				for (const [from, to] of patch.replace) {
					if (!source.includes(from)) {
						console.warn(`ink-output-cache: ${path} has changed; it is bundled as it is`);
						return undefined;
					}

					source = source.replace(from, to);
				}

				return {contents: source + patch.append, loader: 'js'};
			});
		}
	},
};
