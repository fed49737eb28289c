// Ink's code is patched in node_modules on install (patch-package, patches/),
// so the tests, the benchmark and the bundle run the same Ink. Every patch
// must be in the Ink the lock file installs, and the patched screen code must
// write exactly what Ink's original does. The original is the installed code
// with the patches applied in reverse, in a folder of its own: the comparison
// needs no network and no second copy of Ink in the repository.
import {execFileSync} from 'node:child_process';
import {cp, mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {bundleOptions} from '../../scripts/bundle-options.mjs';

type OutputClass = new (options: {width: number; height: number}) => {
	write(x: number, y: number, text: string, options: {transformers: Array<(line: string, index: number) => string>}): void;
	clip(clip: {x1?: number; x2?: number; y1?: number; y2?: number}): void;
	unclip(): void;
	get(): {output: string; height: number};
};

type Tokenizer = {
	styledCharsFromTokens: (tokens: unknown[]) => unknown[];
	styledCharsToString: (chars: unknown[]) => string;
	tokenize: (text: string) => unknown[];
};

const root = process.cwd();
const modules = path.join(root, 'node_modules');
const patchesDir = path.join(root, 'patches');
let dir: string;
let patched: Tokenizer;
let original: Tokenizer;
let PatchedOutput: OutputClass;
let InkOutput: OutputClass;

// Bundles `entry` as the console's bundle does (so both sides measure text alike).
async function load<T>(entry: string, name: string): Promise<T> {
	const outfile = path.join(dir, `${name}.mjs`);
	await build({...bundleOptions, entryPoints: [entry], outfile, nodePaths: [modules], logLevel: 'silent'});
	return await import(pathToFileURL(outfile).href) as T;
}

beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'userdeck-ink-patches-'));
	// Ink and the tokenizer as published: the installed files, patches reversed.
	const unpatched = path.join(dir, 'unpatched');
	for (const name of ['ink', '@alcalzone/ansi-tokenize']) {
		await cp(path.join(modules, name), path.join(unpatched, 'node_modules', name), {recursive: true, filter: source => !source.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}node_modules`)});
	}

	for (const file of await readdir(patchesDir)) {
		if (file.startsWith('ink+') || file.startsWith('@alcalzone+ansi-tokenize+')) {
			execFileSync('git', ['apply', '--reverse', path.join(patchesDir, file)], {cwd: unpatched});
		}
	}

	const tokenizerEntry = (base: string) => path.join(base, '@alcalzone/ansi-tokenize/build/index.js');
	patched = await load<Tokenizer>(tokenizerEntry(modules), 'tokenizer');
	original = await load<Tokenizer>(tokenizerEntry(path.join(unpatched, 'node_modules')), 'tokenizer-original');
	PatchedOutput = (await load<{default: OutputClass}>(path.join(modules, 'ink/build/output.js'), 'output')).default;
	InkOutput = (await load<{default: OutputClass}>(path.join(unpatched, 'node_modules/ink/build/output.js'), 'output-original')).default;
}, 60_000);

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

const esc = '\u001B[';
// Pieces of styled text as Ink and the console write them: colours on and
// off, bold and dim (which share one end code), inverse, resets, wide and
// combining characters.
const piece = fc.constantFrom(
	'a', 'b', ' ', 'é', '日', 'e\u0301', '▲', '›',
	`${esc}31m`, `${esc}39m`, `${esc}90m`, `${esc}44m`, `${esc}49m`, `${esc}97m`,
	`${esc}1m`, `${esc}2m`, `${esc}22m`, `${esc}7m`, `${esc}27m`, `${esc}0m`,
);
const styledText = fc.array(piece, {maxLength: 40}).map(pieces => pieces.join(''));

function render(tokenizer: Tokenizer, lines: readonly string[]): string {
	// A row of the screen can hold cells from several lines (Output places each
	// write's cells into the row): joined here as Output does.
	const cells = lines.flatMap(line => tokenizer.styledCharsFromTokens(tokenizer.tokenize(line)));
	return tokenizer.styledCharsToString(cells);
}

describe('the patches to Ink', () => {
	it('are each for the version the lock file installs, and are in node_modules', async () => {
		const lock = JSON.parse(await readFile(path.join(root, 'package-lock.json'), 'utf8')) as {packages: Record<string, {version: string}>};
		// A patch that no longer applies, or was made for another version, fails the install.
		const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {scripts: Record<string, string>};
		expect(manifest.scripts.postinstall).toBe('patch-package --error-on-fail --error-on-warn');
		const files = await readdir(patchesDir);
		expect(files.filter(file => file.endsWith('.patch')).sort()).toEqual(['@alcalzone+ansi-tokenize+0.2.5.patch', 'ink+6.8.0.patch', 'yoga-layout+3.2.1.patch'].sort());
		for (const file of files.filter(each => each.endsWith('.patch'))) {
			const [name, version] = /^(.+)\+([^+]+)\.patch$/.exec(file)!.slice(1).map((part, index) => index === 0 ? part.replace('+', '/') : part);
			expect(lock.packages[`node_modules/${name}`]?.version, file).toBe(version);
		}

		// What the Ink the tests import runs, not a copy of it.
		expect(await readFile(path.join(modules, 'ink/build/output.js'), 'utf8')).toContain('cachedRowText');
		expect(await readFile(path.join(modules, 'ink/build/wrap-text.js'), 'utf8')).toContain('cachedCount');
		expect(await readFile(path.join(modules, 'ink/build/measure-text.js'), 'utf8')).toContain('cache.clear()');
		expect(await readFile(path.join(modules, 'ink/build/render-node-to-output.js'), 'utf8')).toContain('cachedWidestLine');
		expect(await readFile(path.join(modules, 'yoga-layout/dist/binaries/yoga-wasm-base64-esm.js'), 'utf8')).toContain('function ya(){return true?');
		expect(patched.styledCharsToString.toString()).toContain('sameStyles');
		expect(original.styledCharsToString.toString()).not.toContain('sameStyles');
		expect(PatchedOutput.prototype.get.toString()).toContain('cachedRowText');
		expect(InkOutput.prototype.get.toString()).not.toContain('cachedRowText');
	});

	it('turn styled cells into the same text as Ink\'s own code', () => {
		fc.assert(fc.property(fc.array(styledText, {minLength: 1, maxLength: 4}), lines => {
			expect(render(patched, lines)).toBe(render(original, lines));
		}), {numRuns: 500});
	});

	it('draw the same screen as Ink\'s own Output, frame after frame', () => {
		type Operation = {kind: 'write'; x: number; y: number; text: string; upper: boolean} | {kind: 'clip'; x1: number; x2: number; y1: number; y2: number} | {kind: 'unclip'};
		const write = fc.record({kind: fc.constant('write' as const), x: fc.nat(12), y: fc.integer({min: -2, max: 8}), text: fc.array(styledText, {minLength: 1, maxLength: 3}).map(lines => lines.join('\n')), upper: fc.boolean()});
		const clip = fc.record({kind: fc.constant('clip' as const), x1: fc.nat(6), x2: fc.integer({min: 6, max: 20}), y1: fc.nat(3), y2: fc.integer({min: 3, max: 8})});
		const operation: fc.Arbitrary<Operation> = fc.oneof({arbitrary: write, weight: 6}, {arbitrary: clip, weight: 1}, {arbitrary: fc.constant({kind: 'unclip' as const}), weight: 1});
		const draw = (Output: OutputClass, operations: readonly Operation[]) => {
			const output = new Output({width: 16, height: 7});
			let clips = 0;
			for (const each of operations) {
				if (each.kind === 'write') {
					output.write(each.x, each.y, each.text, {transformers: each.upper ? [(line: string) => line.toUpperCase()] : []});
				} else if (each.kind === 'clip') {
					clips++;
					output.clip(each);
				} else if (clips > 0) {
					clips--;
					output.unclip();
				}
			}

			return output.get();
		};

		// Several frames in a row: what one frame caches must not leak into the next.
		fc.assert(fc.property(fc.array(fc.array(operation, {maxLength: 8}), {minLength: 1, maxLength: 4}), frames => {
			for (const operations of frames) {
				expect(draw(PatchedOutput, operations)).toEqual(draw(InkOutput, operations));
			}
		}), {numRuns: 1000});
	});

	it('keep a run of text in one style without codes between its cells', () => {
		const text = render(patched, [`${esc}90mgrey text${esc}39m plain ${esc}1m${esc}31mbold red${esc}39m${esc}22m`]);
		expect(text).toBe(render(original, [`${esc}90mgrey text${esc}39m plain ${esc}1m${esc}31mbold red${esc}39m${esc}22m`]));
		expect(text).toBe(`${esc}90mgrey text${esc}39m plain ${esc}1m${esc}31mbold red${esc}39m${esc}22m`);
	});
});
