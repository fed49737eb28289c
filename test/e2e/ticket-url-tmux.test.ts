// Sign in as User over plain SSH: the URL on screen is the only way out, so a
// copy of its line in a real terminal (tmux capture-pane -J, which keeps what
// a mouse selection keeps) must be exactly the URL, at 160 columns where it
// fits on one line, and its rows at 80 columns must join to it.
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {waitFor} from '../support/wait-for.js';

const cli = path.resolve('dist/cli.js');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const session = `userdeck-ticket-${process.pid}`;
let dir: string;
let store: string;

function tmux(...args: string[]): string {
	return execFileSync('tmux', args, {encoding: 'utf8'});
}

/** The pane as a copy gets it: wrapped lines joined, trailing blanks kept. */
function copied(): string {
	return tmux('capture-pane', '-p', '-J', '-t', session);
}

async function see(text: string | RegExp, timeout = 10_000): Promise<string> {
	return waitFor(() => {
		const current = tmux('capture-pane', '-p', '-t', session);
		return (typeof text === 'string' ? current.includes(text) : text.test(current)) ? current : undefined;
	}, {timeout, message: () => `expected ${String(text)} on screen:\n${tmux('capture-pane', '-p', '-t', session)}`});
}

beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-ticket-'));
	store = path.join(dir, 'store.ndjson');
	execFileSync(process.execPath, [cli, 'demo', '--store', store, '--users', '40', '--seed', 'e2e']);
});

afterAll(async () => {
	if (hasTmux) {
		spawnSync('tmux', ['kill-session', '-t', session]);
	}

	await rm(dir, {recursive: true, force: true});
});

describe.skipIf(!hasTmux)('the Sign in as User URL in a real terminal (tmux)', () => {
	it('copies as exactly the URL at 160 columns, and as its rows at 80', async () => {
		const users = JSON.parse(execFileSync(process.execPath, [cli, 'users', 'list', '--sort', 'name', '--json', '--store', store], {encoding: 'utf8'})) as Array<{user_id: string; blocked?: boolean; identities: Array<{connection: string}>}>;
		const user = users.find(candidate => !candidate.blocked && candidate.identities[0]!.connection === 'Username-Password-Authentication')!;
		const index = users.indexOf(user);
		tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '48', `env CI=false TERM=xterm-256color ${process.execPath} ${cli} --store ${store}`);
		await see(/ 40 users +1\/40/);
		for (let step = 0; step < index; step++) {
			tmux('send-keys', '-t', session, 'j');
		}

		await see(new RegExp(` 40 users +${index + 1}/40`));
		tmux('send-keys', '-t', session, 'Enter');
		await see('User Identity');
		tmux('send-keys', '-t', session, 'a');
		await see('Sign in as User');
		tmux('send-keys', '-t', session, 'j');
		await see(/› Sign in as User/);
		tmux('send-keys', '-t', session, 'Enter');
		await see('Choose the application');
		tmux('send-keys', '-t', session, 'Enter');
		await see('One-time URL for');

		const urlLines = () => copied().split('\n').filter(line => line.includes('userdeck_ticket='));
		const [url] = await waitFor(() => (urlLines().length === 1 ? urlLines() : undefined), {message: () => copied()});
		expect(url).toMatch(/^https:\/\/\S+userdeck_ticket=[\w-]+$/);
		expect(url!.length).toBeLessThan(160);

		tmux('resize-window', '-t', session, '-x', '80', '-y', '24');
		// Each row is exactly its part of the URL, nothing before or after it.
		const rows = await waitFor(() => {
			const lines = copied().split('\n');
			const first = lines.indexOf(url!.slice(0, 80));
			const candidate = first === -1 ? [] : lines.slice(first, first + Math.ceil(url!.length / 80));
			return candidate.join('') === url ? candidate : undefined;
		}, {message: () => JSON.stringify(copied().split('\n'), undefined, 1)});
		expect(rows.slice(0, -1).every(row => row.length === 80)).toBe(true);
		tmux('send-keys', '-t', session, 'Escape');
	}, 60_000);
});
