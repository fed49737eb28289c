// Colours in the CLI follow NO_COLOR and FORCE_COLOR (issue 20); what they mark
// is also written out, so nothing is lost without them.
import {mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../support/cli.js';

let dir: string;
let store: string;
const anySgr = /\u001B\[/;

beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-color-'));
	store = path.join(dir, 'store.ndjson');
	expect(runCli(['demo', '--users', '60', '--store', store]).code).toBe(0);
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('CLI colours', () => {
	it('mark blocked users and the header when forced (output piped, as here)', () => {
		const list = runCli(['users', 'list', '--query', 'blocked:true', '--store', store], undefined, {FORCE_COLOR: '1'});
		expect(list.code).toBe(0);
		expect(list.stdout).toMatch(/^\u001B\[1mNAME\u001B\[22m/);
		expect(list.stdout).toMatch(/\u001B\[31m[^\u001B\n]* \[BLOCKED\]\u001B\[39m/);
		const error = runCli(['users', 'show', 'auth0|nobody', '--store', store], undefined, {FORCE_COLOR: '1'});
		expect(error.stderr).toMatch(/^\u001B\[31muserdeck:\u001B\[39m /);
	});

	it('are off under NO_COLOR, in a pipe, and with FORCE_COLOR=0; the words stay', () => {
		for (const env of [{NO_COLOR: '1'}, {}, {FORCE_COLOR: '0'}]) {
			const list = runCli(['users', 'list', '--query', 'blocked:true', '--store', store], undefined, env);
			expect(list.stdout, JSON.stringify(env)).not.toMatch(anySgr);
			expect(list.stdout).toContain('[BLOCKED]');
			const error = runCli(['users', 'show', 'auth0|nobody', '--store', store], undefined, env);
			expect(error.stderr).toMatch(/^userdeck: /);
		}
	});

	it('FORCE_COLOR wins over NO_COLOR, as in Node.js', () => {
		const list = runCli(['users', 'list', '--limit', '1', '--store', store], undefined, {NO_COLOR: '1', FORCE_COLOR: '1'});
		expect(list.stdout).toMatch(anySgr);
	});
});
