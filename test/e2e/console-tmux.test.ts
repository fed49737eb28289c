// The main path in a real terminal, as a user would drive it: the built console
// inside tmux, keys sent with send-keys, the screen read with capture-pane.
// list → open user → each tab → block → unblock → back → create → delete → quit.
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {waitFor} from '../support/wait-for.js';

const cli = path.resolve('dist/cli.js');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const session = `userdeck-e2e-${process.pid}`;
let dir: string;
let store: string;

function tmux(...args: string[]): string {
	return execFileSync('tmux', args, {encoding: 'utf8'});
}

function screen(): string {
	return tmux('capture-pane', '-p', '-t', session);
}

async function see(text: string | RegExp, timeout = 10_000): Promise<string> {
	return waitFor(() => {
		const current = screen();
		return (typeof text === 'string' ? current.includes(text) : text.test(current)) ? current : undefined;
	}, {timeout, message: () => `expected ${String(text)} on screen:\n${screen()}`});
}

function keys(...names: string[]): void {
	tmux('send-keys', '-t', session, ...names);
}

/** Types literally, one character at a time, so each is a key press. */
function type(text: string): void {
	for (const char of text) {
		tmux('send-keys', '-t', session, '-l', char);
	}
}

function cliJson<T>(...args: string[]): T {
	return JSON.parse(execFileSync(process.execPath, [cli, ...args, '--json', '--store', store], {encoding: 'utf8'})) as T;
}

beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-e2e-'));
	store = path.join(dir, 'store.ndjson');
	execFileSync(process.execPath, [cli, 'demo', '--store', store, '--users', '40', '--seed', 'e2e']);
});

afterAll(async () => {
	if (hasTmux) {
		spawnSync('tmux', ['kill-session', '-t', session]);
	}

	await rm(dir, {recursive: true, force: true});
});

describe.skipIf(!hasTmux)('the console in a real terminal (tmux)', () => {
	it('walks the main path', async () => {
		const [first] = cliJson<Array<{user_id: string; name: string; email: string}>>('users', 'list', '--sort', 'name', '--query', 'NOT blocked:true AND _exists_:email');
		// Ink draws nothing when it sees CI; the console must run as for a person.
		tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30',
			`env CI=false TERM=xterm-256color ${process.execPath} ${cli} --store ${store}`);
		await see(/ 40 users +1\/40/);

		// Filter to the first user by email, open them.
		keys('/');
		type(first!.email);
		keys('Enter');
		await see('1 of 40 users');
		keys('Enter');
		await see(first!.user_id);
		await see('Details');

		for (const [key, text] of [['2', 'Devices'], ['3', 'History'], ['4', 'Locations'], ['5', '"user_id"']] as const) {
			keys(key);
			await see(text);
		}

		keys('1');
		await see('User Identity');

		// Block, then unblock, through the Actions menu.
		keys('a');
		await see('Block User');
		keys('Enter');
		await see('BLOCKED');
		expect(cliJson<{blocked?: boolean}>('users', 'show', first!.user_id).blocked).toBe(true);
		keys('a');
		await see('Unblock User');
		keys('Enter');
		await see(/Unblocked/);
		expect(cliJson<{blocked?: boolean}>('users', 'show', first!.user_id).blocked).toBe(false);

		// Back to the list, clear the filter, create a user.
		keys('Escape');
		await see('1 of 40 users');
		keys('Escape');
		await see(/ 40 users +1\/40/);
		keys('c');
		await see('Repeat Password');
		type('tmux.person@example.com');
		keys('Tab');
		type('Sturdy-Pass-42');
		keys('Tab');
		type('Sturdy-Pass-42');
		keys('C-s');
		await see('tmux.person@example.com');
		await see('User Identity');
		const created = cliJson<Array<{user_id: string}>>('users', 'list', '--query', 'email:"tmux.person@example.com"');
		expect(created).toHaveLength(1);

		// Delete it: type the email to confirm.
		keys('a');
		await see('Delete User');
		keys('Down', 'Down');
		keys('Enter');
		await see('Yes, Delete It');
		type('tmux.person@example.com');
		keys('Enter');
		await see(/Deleted/);
		await see(/ 40 users +\d+\/40/);
		expect(cliJson<unknown[]>('users', 'list', '--query', 'email:"tmux.person@example.com"')).toHaveLength(0);

		// Quit restores the terminal: the session's shell is gone with the command.
		keys('q');
		await waitFor(() => spawnSync('tmux', ['has-session', '-t', session]).status !== 0, {timeout: 5000});
	}, 60_000);
});
