// The benchmark's read floor and child measurements (bench/measure.mjs), which
// issue 19's rows compare the console and the CLI with.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {measuredRun, readLineBreaks, rssMethod} from '../../bench/measure.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'userdeck-measure-'));
afterAll(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

describe('reading a store and finding its line breaks', () => {
	it('counts every line break, across chunk boundaries and in a last short chunk', () => {
		const file = path.join(dir, 'lines.ndjson');
		const lines = Array.from({length: 1000}, (_, index) => JSON.stringify(['users', {user_id: `auth0|${index}`, name: 'x'.repeat(index % 37)}]));
		const text = `${lines.join('\n')}\n`;
		fs.writeFileSync(file, text);
		for (const chunkBytes of [1, 7, 64, 4096, text.length, text.length + 1]) {
			expect(readLineBreaks(file, chunkBytes)).toMatchObject({lines: 1000, bytes: Buffer.byteLength(text)});
		}
	});

	it('counts breaks, not records: a last line without one is not counted', () => {
		const file = path.join(dir, 'tail.ndjson');
		fs.writeFileSync(file, 'a\n\nb');
		expect(readLineBreaks(file, 2)).toMatchObject({lines: 2, bytes: 4});
	});
});

describe('a child process measured', () => {
	const methods = rssMethod() === 'time' ? ['time', 'import'] as const : ['import'] as const;
	for (const method of methods) {
		it(`reads the peak RSS of a child that holds 200 MB (${method})`, async () => {
			const holds = await measuredRun(['-e', 'const b = Buffer.alloc(200 * 1024 * 1024, 1); console.error(b[5])'], {method});
			const idle = await measuredRun(['-e', '0'], {method});
			expect(holds.stderr.trim()).toBe('1');
			expect(holds.peakRssMb).toBeGreaterThan(200);
			expect(idle.peakRssMb).toBeLessThan(200);
			expect(idle.peakRssMb).toBeGreaterThan(10);
			expect(holds.ms).toBeGreaterThan(0);
		});
	}

	it('sends the child\'s standard output where it is told, and fails with the child', async () => {
		const file = path.join(dir, 'out.txt');
		const fd = fs.openSync(file, 'w');
		try {
			await measuredRun(['-e', 'process.stdout.write("streamed")'], {stdout: fd});
		} finally {
			fs.closeSync(fd);
		}

		expect(fs.readFileSync(file, 'utf8')).toBe('streamed');
		await expect(measuredRun(['-e', 'console.error("no such store"); process.exit(3)'])).rejects.toThrow(/exited with 3: no such store/);
	});
});
