// The console's bundle changes a few of Ink's files for speed
// (scripts/ink-output-cache.mjs). Every change must apply to the Ink in the
// lock file, and the patched text styling must write exactly what the
// original does.
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {styledCharsFromTokens, styledCharsToString, tokenize} from '@alcalzone/ansi-tokenize';
import {build} from 'esbuild';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {bundleOptions} from '../../scripts/bundle-options.mjs';

type OutputClass = new (options: {width: number; height: number}) => {
	write(x: number, y: number, text: string, options: {transformers: Array<(line: string, index: number) => string>}): void;
	clip(clip: {x1?: number; x2?: number; y1?: number; y2?: number}): void;
	unclip(): void;
	get(): {output: string; height: number};
};

type Tokenizer = {
	styledCharsFromTokens: typeof styledCharsFromTokens;
	styledCharsToString: typeof styledCharsToString;
	tokenize: typeof tokenize;
};

let dir: string;
let patched: Tokenizer;
let PatchedOutput: OutputClass;
let InkOutput: OutputClass;
const inkOutputFile = path.resolve('node_modules/ink/build/output.js');
const warnings: string[] = [];

beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'userdeck-ink-patches-'));
	const warn = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
		warnings.push(args.join(' '));
	});
	try {
		// All of Ink, through the plugins, to hear about any patch that no longer applies.
		await build({...bundleOptions, stdin: {contents: 'export * from "ink";', resolveDir: process.cwd(), loader: 'js'}, write: false, logLevel: 'silent'});
	} finally {
		warn.mockRestore();
	}

	// The tokenizer alone (no string-width in it: that plugin would say so).
	const quiet = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
	try {
		const outfile = path.join(dir, 'tokenizer.mjs');
		await build({
			...bundleOptions,
			stdin: {contents: 'export {styledCharsFromTokens, styledCharsToString, tokenize} from "@alcalzone/ansi-tokenize";', resolveDir: process.cwd(), loader: 'js'},
			outfile,
			logLevel: 'silent',
		});
		patched = await import(pathToFileURL(outfile).href) as Tokenizer;
		// Ink's Output class (the screen's cells) as the bundle has it, and as Ink ships it.
		const outputFile = path.join(dir, 'output.mjs');
		await build({...bundleOptions, entryPoints: [inkOutputFile], outfile: outputFile, logLevel: 'silent'});
		PatchedOutput = (await import(pathToFileURL(outputFile).href) as {default: OutputClass}).default;
		InkOutput = (await import(pathToFileURL(inkOutputFile).href) as {default: OutputClass}).default;
	} finally {
		quiet.mockRestore();
	}
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

const original: Tokenizer = {styledCharsFromTokens, styledCharsToString, tokenize};

describe('the bundle\'s changes to Ink', () => {
	it('all apply to the Ink in the lock file', () => {
		expect(warnings).toEqual([]);
		expect(patched.styledCharsToString.toString()).toContain('sameStyles');
		expect(PatchedOutput.prototype.get.toString()).toContain('cachedRowText');
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
