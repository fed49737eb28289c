// The main path in a real terminal, as a user would drive it: the built console
// inside tmux, keys sent with send-keys, the screen read with capture-pane.
// list → open user → each tab → block → unblock → back → create → delete → quit.
// Nothing here depends on the machine's speed: every step waits for what it
// shows, and keys may reach the console one per read or several in one (as
// they do on a busy machine); only the Delete confirmation's Enter must come
// on its own, so it is sent once the typed email is on screen.
import {describe, expect, it} from 'vitest';
import {fieldLine} from '../support/form-lines.js';
import {hasTmux, realTerminal} from '../support/tmux.js';
import {waitFor} from '../support/wait-for.js';

const terminal = realTerminal({name: 'e2e', users: 40, seed: 'e2e'});
const {session, tmux, see, keys, keysTo, type, cliJson} = terminal;

/** A console of its own for one test, in a session named after this one. */
async function openConsole(): Promise<string> {
	const name = terminal.open(100, 30, terminal.consoleCommand());
	await see(/ users +1\/\d+/, name);
	return name;
}

describe.skipIf(!hasTmux)('the console in a real terminal (tmux)', () => {
	it('walks the main path', async () => {
		const [first] = cliJson<Array<{user_id: string; name: string; email: string}>>('users', 'list', '--sort', 'name', '--query', 'NOT blocked:true AND _exists_:email');
		// Ink draws nothing when it sees CI; the console must run as for a person.
		terminal.open(100, 30, terminal.consoleCommand(), session);
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
		// Email, Tab, password, Tab, password in one send-keys, as a fast typist over SSH.
		keys('tmux.person@example.com', 'Tab', 'Sturdy-Pass-42', 'Tab', 'Sturdy-Pass-42');
		await see(fieldLine('Repeat Password', '•'.repeat(14)));
		keys('C-s');
		await see('tmux.person@example.com');
		await see('User Identity');
		const created = cliJson<Array<{user_id: string}>>('users', 'list', '--query', 'email:"tmux.person@example.com"');
		expect(created).toHaveLength(1);

		// Delete it: type the email to confirm.
		await terminal.deleteOpenUser('tmux.person@example.com');
		await see(/ 40 users +\d+\/40/);
		expect(cliJson<unknown[]>('users', 'list', '--query', 'email:"tmux.person@example.com"')).toHaveLength(0);

		// Quit restores the terminal: the session's shell is gone with the command.
		keys('q');
		await waitFor(() => !terminal.isOpen(), {timeout: 30_000});
	}, 300_000);

	it('gives the shell its terminal back as it was, on quit and while suspended (Ctrl-Z)', async () => {
		// sh, not bash: readline turns bracketed paste off by itself before running a command.
		const name = terminal.open(100, 30, 'sh');
		const send = (...names: string[]) => keysTo(name, ...names);
		// Alternate screen, autowrap, cursor shown: tmux's view of the terminal's modes.
		const modes = () => tmux('display', '-p', '-t', name, 'alt=#{alternate_on} wrap=#{wrap_flag} cursor=#{cursor_flag}').trim();
		const shellModes = 'alt=0 wrap=1 cursor=1';
		// The shell has the terminal again once it is the pane's foreground process (keys typed before go to the console).
		const backInShell = () => modes() === shellModes && tmux('display', '-p', '-t', name, '#{pane_current_command}').trim() === 'sh';
		const inConsole = 'alt=1 wrap=0 cursor=0';
		/**
		 * Bracketed paste is off when a paste reaches `cat -v` without ESC[200~
		 * around it. `head -n 1` ends by itself, and the shell then prints
		 * MARKER-1 (the command line shows MARKER-$((0+1))), so the next step
		 * waits for the shell, not for time.
		 */
		const pasteIsPlain = async (marker: string) => {
			send('-l', `head -n 1 | cat -v; echo ${marker}-$((0+1))`);
			send('Enter');
			tmux('set-buffer', '-b', name, marker);
			tmux('paste-buffer', '-p', '-d', '-b', name, '-t', name);
			send('Enter');
			const shown = await see(new RegExp(`^${marker}-1$`, 'm'), name);
			return shown.split('\n').filter(line => line.includes(marker)).every(line => !/\[20[01]~/.test(line));
		};

		send('-l', terminal.consoleCommand());
		send('Enter');
		await see(/ users +1\/\d+/, name);
		expect(modes()).toBe(inConsole);
		send('C-z');
		await waitFor(backInShell, {timeout: 30_000, message: modes});
		expect(await pasteIsPlain('SUSPENDED')).toBe(true);
		send('-l', 'fg');
		send('Enter');
		await see(/ users +1\/\d+/, name);
		expect(modes()).toBe(inConsole);
		send('q');
		await waitFor(backInShell, {timeout: 30_000, message: modes});
		expect(await pasteIsPlain('QUIT')).toBe(true);
		tmux('kill-session', '-t', name);
	}, 300_000);

	it('takes a bracketed paste (tmux paste-buffer -p) as text for one field, never as keys', async () => {
		const name = await openConsole();
		keysTo(name, 'c');
		await see('Repeat Password', name);
		tmux('set-buffer', '-b', name, 'person@example.com\tPa55-word!x\tPa55-word!x');
		tmux('paste-buffer', '-p', '-d', '-b', name, '-t', name);
		await see(fieldLine('Email', 'person@example.comPa55-word!xPa55-word!x'), name);
		const shown = await see(fieldLine('Password', ''), name);
		expect(shown).toMatch(/^› Email/m);
		// The same text as keys in one send-keys fills the three fields.
		keysTo(name, 'C-u', 'person@example.com', 'Tab', 'Pa55-word!x', 'Tab', 'Pa55-word!x');
		await see(fieldLine('Repeat Password', '•'.repeat(11)), name);
		expect(await see(fieldLine('Email', 'person@example.com'), name)).toMatch(fieldLine('Password', '•'.repeat(11)));
		tmux('kill-session', '-t', name);
	}, 300_000);

	it('never deletes on an Enter sent in one chunk with the typed email', async () => {
		const [user] = cliJson<Array<{user_id: string; email: string}>>('users', 'list', '--sort', 'name', '--query', '_exists_:email');
		const name = await openConsole();
		const send = (...names: string[]) => keysTo(name, ...names);
		send('/');
		send('-l', user!.email);
		send('Enter');
		await see(/1 of \d+ users/, name);
		send('a');
		await see('Delete User', name);
		send('G', 'Enter');
		await see('Yes, Delete It', name);
		send(user!.email, 'Enter');
		await see('press Enter', name);
		// A key after it shows the Enter was handled, and did nothing.
		send('x');
		await see(`${user!.email}x`, name);
		expect(cliJson<unknown[]>('users', 'list', '--query', `user_id:"${user!.user_id}"`)).toHaveLength(1);
		tmux('kill-session', '-t', name);
	}, 300_000);
});
