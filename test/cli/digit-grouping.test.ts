// Counts in the CLI's messages are grouped as the console groups them (issue 20).
import {mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../support/cli.js';
import {groupDigits} from '../../source/domain/group-digits.js';

let dir: string;
let store: string;

beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-digits-'));
	store = path.join(dir, 'store.ndjson');
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('counts in CLI output', () => {
	it('group thousands in the demo summary, the list count, exports and imports', () => {
		const demo = runCli(['demo', '--users', '1200', '--store', store]);
		expect(demo.code, demo.stderr).toBe(0);
		expect(demo.stdout).toContain('1,200 users');
		expect(demo.stdout).toMatch(/\d{1,3},\d{3} log events/);

		const list = runCli(['users', 'list', '--limit', '3', '--store', store]);
		expect(list.stderr).toBe('3 of 1,200 users\n');

		const file = path.join(dir, 'out.ndjson');
		const exported = runCli(['users', 'export', '--output', file, '--store', store]);
		expect(exported.stderr).toBe(`Exported 1,200 users to ${file}\n`);

		const people = Array.from({length: 1001}, (_, index) => ({email: `grouped${index}@example.com`}));
		const imported = runCli(['users', 'import', '-', '--connection', 'Username-Password-Authentication', '--store', store], JSON.stringify(people));
		expect(imported.stdout).toContain(': 1,001 created, 0 updated, 0 failed (of 1,001)');
	}, 120_000);

	it('use the console\'s grouping', () => {
		for (const value of [0, 7, 999, 1000, 20_000, 1_234_567, -4321]) {
			expect(groupDigits(value)).toBe(value.toLocaleString('en-US'));
		}
	});
});
