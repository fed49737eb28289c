// Sign in as User over plain SSH: the URL on screen is the only way out, so a
// copy of its line in a real terminal (tmux capture-pane -J, which keeps what
// a mouse selection keeps) must be exactly the URL, at 160 columns where it
// fits on one line, and its rows at 80 columns must join to it.
import {describe, expect, it} from 'vitest';
import {hasTmux, realTerminal} from '../support/tmux.js';
import {waitFor} from '../support/wait-for.js';

const terminal = realTerminal({name: 'ticket', users: 40, seed: 'e2e', timeout: 10_000});
const {session, tmux, see, keys} = terminal;

/** The pane as a copy gets it: wrapped lines joined, trailing blanks kept. */
function copied(): string {
	return tmux('capture-pane', '-p', '-J', '-t', session);
}

describe.skipIf(!hasTmux)('the Sign in as User URL in a real terminal (tmux)', () => {
	it('copies as exactly the URL at 160 columns, and as its rows at 80', async () => {
		const users = terminal.cliJson<Array<{user_id: string; blocked?: boolean; identities: Array<{connection: string}>}>>('users', 'list', '--sort', 'name');
		const user = users.find(candidate => !candidate.blocked && candidate.identities[0]!.connection === 'Username-Password-Authentication')!;
		const index = users.indexOf(user);
		terminal.open(160, 48, terminal.consoleCommand(), session);
		await see(/ 40 users +1\/40/);
		for (let step = 0; step < index; step++) {
			keys('j');
		}

		await see(new RegExp(` 40 users +${index + 1}/40`));
		keys('Enter');
		await see('User Identity');
		keys('a');
		await see('Sign in as User');
		keys('j');
		await see(/› Sign in as User/);
		keys('Enter');
		await see('Choose the application');
		keys('Enter');
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
		keys('Escape');
	}, 60_000);
});
