// bench/long-slices.mjs: a long slice is charged to what the CPU profile
// sampled between its start and end, and to nothing outside them.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, expect, it} from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'userdeck-long-slices-'));
afterAll(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

const frame = (functionName: string, lineNumber: number) => ({functionName, scriptId: '1', url: 'file:///x.js', lineNumber, columnNumber: 0});

it('names the functions sampled inside each slice, with the frames under most of it', () => {
	// root → runSlice → sortById (self) and root → (idle)
	const profile = {
		nodes: [
			{id: 1, callFrame: frame('(root)', -1), children: [2, 4]},
			{id: 2, callFrame: frame('runSlice', 10), children: [3]},
			{id: 3, callFrame: frame('sortById', 20), children: []},
			{id: 4, callFrame: frame('(idle)', -1), children: []},
		],
		startTime: 1_000_000,
		// Samples every millisecond: idle, then 30 in sortById, then idle again.
		samples: [4, ...Array.from({length: 30}, () => 3), 4, 4],
		timeDeltas: Array.from({length: 33}, () => 1000),
	};
	fs.mkdirSync(path.join(dir, 'prof'));
	fs.writeFileSync(path.join(dir, 'prof', 'CPU.1.cpuprofile'), JSON.stringify(profile));
	fs.writeFileSync(path.join(dir, 'long.json'), JSON.stringify([{ms: 30, startUs: 1_002_000, endUs: 1_031_000}]));
	const result = spawnSync(process.execPath, ['bench/long-slices.mjs', path.join(dir, 'prof'), path.join(dir, 'long.json')], {encoding: 'utf8'});
	expect(result.stderr).toBe('');
	expect(result.status).toBe(0);
	const [heading, frames] = result.stdout.trimEnd().split('\n');
	expect(heading).toMatch(/^30 ms \(sampled 30\): sortById:20 30 ms$/);
	expect(frames).toContain('sortById:20 30 < runSlice:10 30');
	expect(result.stdout).not.toContain('(idle)');
});

it('says how to run it when a file is missing', () => {
	const result = spawnSync(process.execPath, ['bench/long-slices.mjs'], {encoding: 'utf8'});
	expect(result.status).toBe(2);
	expect(result.stderr).toContain('usage: node bench/long-slices.mjs');
});
