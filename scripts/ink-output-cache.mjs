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
// A row's cells, made blank when first needed, with the line that wrote it first (if one did) placed in it.
function rowCells(output, rowSources, row, width, caches) {
    let cells = output[row];
    if (cells === undefined) {
        cells = [];
        for (let x = 0; x < width; x++) {
            cells.push({type: 'char', value: ' ', fullWidth: false, styles: []});
        }
        output[row] = cells;
        const first = rowSources[row];
        if (typeof first === 'string') {
            placeCharacters(cells, 0, caches.getStyledChars(first), caches);
        }
    }
    return cells;
}
// Places a line's characters from column x, a wide one followed by empty cells (Ink's own loop).
function placeCharacters(cells, x, characters, caches) {
    let offsetX = x;
    for (const character of characters) {
        cells[offsetX] = character;
        // Determine printed width using string-width to align with measurement
        const characterWidth = Math.max(1, caches.getStringWidth(character.value));
        // For multi-column characters, clear following cells to avoid stray spaces/artifacts
        if (characterWidth > 1) {
            for (let index = 1; index < characterWidth; index++) {
                cells[offsetX + index] = {
                    type: 'char',
                    value: '',
                    fullWidth: false,
                    styles: character.styles,
                };
            }
        }
        offsetX += characterWidth;
    }
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
			// Rows are made when a second write lands on them: a row that one line
			// wrote from its first column is that line's text, cached (a list move
			// changes 3 rows of 40), and its 120 cells are never made.
			[`        const output = [];
        for (let y = 0; y < this.height; y++) {
            const row = [];
            for (let x = 0; x < this.width; x++) {
                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });
            }
            output.push(row);
        }`, `        const output = [];
        const rowSources = [];`],
			[`                    const currentLine = output[y + offsetY];
                    // Line can be missing if \`text\` is taller than height of pre-initialized \`this.output\`
                    if (!currentLine) {
                        continue;
                    }`, `                    const rowIndex = y + offsetY;
                    // Line can be missing if \`text\` is taller than height of pre-initialized \`this.output\`
                    if (!(Number.isInteger(rowIndex) && rowIndex >= 0 && rowIndex < this.height)) {
                        continue;
                    }`],
			[`                    const characters = this.caches.getStyledChars(line);`, `                    const characters = this.caches.getStyledChars(line);
                    if (rowSources[rowIndex] === undefined && x === 0) {
                        rowSources[rowIndex] = line;
                        offsetY++;
                        continue;
                    }
                    const currentLine = rowCells(output, rowSources, rowIndex, this.width, this.caches);
                    rowSources[rowIndex] = null;
                    placeCharacters(currentLine, x, characters, this.caches);`],
			// Ink's loop that places a line's characters, shared with rowCells above.
			[`                    let offsetX = x;
                    for (const character of characters) {
                        currentLine[offsetX] = character;
                        // Determine printed width using string-width to align with measurement
                        const characterWidth = Math.max(1, this.caches.getStringWidth(character.value));
                        // For multi-column characters, clear following cells to avoid stray spaces/artifacts
                        if (characterWidth > 1) {
                            for (let index = 1; index < characterWidth; index++) {
                                currentLine[offsetX + index] = {
                                    type: 'char',
                                    value: '',
                                    fullWidth: false,
                                    styles: character.styles,
                                };
                            }
                        }
                        offsetX += characterWidth;
                    }
`, ''],
			[`        const generatedOutput = output
            .map(line => {
            // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
            const lineWithoutEmptyItems = line.filter(item => item !== undefined);
            return styledCharsToString(lineWithoutEmptyItems).trimEnd();
        })
            .join('\\n');
        return {
            output: generatedOutput,
            height: output.length,
        };`, `        const texts = [];
        for (let row = 0; row < this.height; row++) {
            const line = output[row];
            if (line === undefined) {
                texts.push(typeof rowSources[row] === 'string' ? cachedRowText(rowSources[row], this.caches) : '');
                continue;
            }
            // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
            const lineWithoutEmptyItems = line.filter(item => item !== undefined);
            texts.push(styledCharsToString(lineWithoutEmptyItems).trimEnd());
        }
        return {
            output: texts.join('\\n'),
            height: this.height,
        };`],
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
