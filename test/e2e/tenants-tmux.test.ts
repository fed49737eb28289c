// Saved tenants in a real terminal (issue 17): `tenants add` on a terminal asks
// for the client secret at a prompt that shows nothing of it, Ctrl-C there
// saves nothing, and the console given a saved tenant opens it (the Auth0
// double: LIVE, its domain, its users; one it cannot reach: says why), never
// shows the secret, and gives the terminal back on q.
import {existsSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {startAuth0Double} from '../support/auth0-double/index.js';
import {cli, hasTmux, realTerminal} from '../support/tmux.js';

const terminal = realTerminal({name: 'tenants', users: 3, seed: 'e2e', timeout: 15_000});
const {see, screen, type} = terminal;
const secret = 'Typed-SECRET-7Hq2';

/** A shell in the terminal with a tenants file of the test's own and no AUTH0_* of the machine's. */
function shell(file: string): string {
	return terminal.open(220, 20, `env -u AUTH0_DOMAIN -u AUTH0_CLIENT_ID -u AUTH0_CLIENT_SECRET -u AUTH0_ACCESS_TOKEN USERDECK_TENANTS_FILE=${file} CI=false TERM=xterm-256color PS1='$ ' sh`);
}

function run(target: string, command: string): void {
	terminal.keysTo(target, '-l', command);
	terminal.keysTo(target, 'Enter');
}

describe.skipIf(!hasTmux)('tenants in a real terminal (tmux)', () => {
	it('reads the secret at a prompt that shows nothing of it', async () => {
		const file = path.join(terminal.dir, 'typed.json');
		const target = shell(file);
		run(target, `${process.execPath} ${cli} tenants add dev --domain dev-abc.us.auth0.com --client-id typed-id; echo "exit=$?"`);
		await see('Client secret (not shown):', target);
		type(secret.slice(0, 6), target);
		// A mistyped character, taken back: the prompt edits as a shell line does.
		type('x', target);
		terminal.keysTo(target, 'BSpace');
		type(secret.slice(6), target);
		expect(screen(target)).not.toContain(secret.slice(0, 4));
		terminal.keysTo(target, 'Enter');
		const after = await see('exit=0', target);
		expect(after).toContain(`Saved the tenant dev (dev-abc.us.auth0.com, client ID typed-id) in ${file}`);
		expect(after).not.toContain(secret.slice(0, 4));
		expect(after).not.toContain('*');
		expect((JSON.parse(readFileSync(file, 'utf8')) as {tenants: Array<{clientSecret: string}>}).tenants[0]!.clientSecret).toBe(secret);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		terminal.close(target);
	}, 60_000);

	it('saves nothing when the prompt is cancelled with Ctrl-C', async () => {
		const file = path.join(terminal.dir, 'cancelled.json');
		const target = shell(file);
		run(target, `${process.execPath} ${cli} tenants add dev --domain dev-abc.us.auth0.com --client-id typed-id; echo "exit=$?"`);
		await see('Client secret (not shown):', target);
		type('half-typed', target);
		terminal.keysTo(target, 'C-c');
		const after = await see('exit=1', target);
		expect(after).toContain('userdeck: Cancelled: nothing was saved');
		expect(existsSync(file)).toBe(false);
		terminal.close(target);
	}, 60_000);

	it('opens a saved tenant it cannot reach, says why, and gives the terminal back', async () => {
		const file = path.join(terminal.dir, 'console.json');
		const target = shell(file);
		writeFileSync(path.join(terminal.dir, 'secret.txt'), 'console-secret\n');
		// Nothing listens on this port: every request fails at once.
		run(target, `${process.execPath} ${cli} tenants add dev --domain localhost:8443 --client-id console-id < ${path.join(terminal.dir, 'secret.txt')}`);
		await see('Saved the tenant dev', target);
		run(target, `${process.execPath} ${cli} --tenant dev; echo "exit=$?"`);
		const console = await see('Could not reach localhost:8443', target);
		expect(console).toMatch(/LIVE .*dev · localhost:8443/);
		expect(console).toContain('r retries');
		expect(console).not.toContain('console-secret');
		type('q', target);
		const after = await see('exit=0', target);
		// Back on the shell's own screen: the command lines typed before are there.
		expect(after).toContain('Saved the tenant dev');
		expect(after).not.toContain('console-secret');
		terminal.close(target);
	}, 60_000);

	it('opens a saved tenant with --tenant NAME (LIVE and its domain in the header, its users), and gives the terminal back on quit', async () => {
		const double = await startAuth0Double({users: 12});
		try {
			const file = path.join(terminal.dir, 'console-double.json');
			const target = shell(file);
			writeFileSync(path.join(terminal.dir, 'double-secret.txt'), `${double.clientSecret}\n`);
			run(target, `${process.execPath} ${cli} tenants add dev --domain ${double.domain} --client-id ${double.clientId} < ${path.join(terminal.dir, 'double-secret.txt')}`);
			await see('Saved the tenant dev', target);
			// The shell has no AUTH0_*: the saved tenant's own credentials are used (the double's CA is in NODE_EXTRA_CA_CERTS).
			run(target, `${process.execPath} ${cli} --tenant dev; echo "exit=$?"`);
			const shown = await see(/ 12 users +1\/12/, target);
			expect(shown.split('\n')[0]).toContain(' LIVE ');
			expect(shown.split('\n')[0]).toContain(double.domain);
			expect(shown).not.toContain(double.clientSecret);
			terminal.keysTo(target, 'q');
			const after = await see('exit=0', target);
			// Back on the shell's own screen: the command lines typed before are there.
			expect(after).toContain('Saved the tenant dev');
			expect(after).not.toContain(double.clientSecret);
			terminal.close(target);
		} finally {
			await double.close();
		}
	}, 60_000);
});
