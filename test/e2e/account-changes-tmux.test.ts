// Change Password and Change Email in a real terminal: the built console in
// tmux, reached through Actions; and `users password` asking twice, echoing nothing,
// in a terminal. Every step waits for what the screen shows.
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {fieldLine} from '../support/form-lines.js';
import {cli, hasTmux, realTerminal} from '../support/tmux.js';

const terminal = realTerminal({name: 'account', users: 40, seed: 'account'});
const {see, keysTo, type, cliJson} = terminal;

type Listed = {user_id: string; email: string};

function databaseUsers(): Listed[] {
	return cliJson<Listed[]>('users', 'list', '--sort', 'name', '--query', 'identities.connection:"Username-Password-Authentication" AND _exists_:email AND NOT blocked:true');
}

/**
 * Opens Actions on `name`'s screen and chooses `item`: the last item (G), then
 * up (k) one item at a time, each step waiting for the selection to get there.
 */
async function chooseAction(name: string, item: 'Change Password' | 'Change Email'): Promise<void> {
	keysTo(name, 'a');
	await see('Delete User', name);
	keysTo(name, 'G');
	await see('› Delete User', name);
	for (const next of ['Change Email', 'Change Password']) {
		keysTo(name, 'k');
		// eslint-disable-next-line no-await-in-loop
		await see(`› ${next}`, name);
		if (next === item) {
			break;
		}
	}

	keysTo(name, 'Enter');
}

describe.skipIf(!hasTmux)('Change Password and Change Email in a real terminal (tmux)', () => {
	it('changes a password (the policy live, masked) and an email (verified) through Actions', async () => {
		const [user] = databaseUsers();
		const name = terminal.open(100, 30, terminal.consoleCommand());
		const send = (...names: string[]) => keysTo(name, ...names);
		await see(/ 40 users +1\/40/, name);
		send('/');
		type(user!.email, name);
		send('Enter');
		await see('1 of 40 users', name);
		send('Enter');
		await see('User Identity', name);

		await chooseAction(name, 'Change Password');
		await see('· Not the current password or one of the 5 before it (checked on save)', name);
		send('-l', 'short');
		await see('✗ At least 8 characters in length', name);
		send('C-u');
		send('-l', 'Zq9!vEcTor-77');
		await see('✓ At least 8 characters in length', name);
		send('Tab');
		send('-l', 'Zq9!vEcTor-77');
		await see(fieldLine('Repeat Password', '•'.repeat(13)), name);
		expect(terminal.screen(name)).not.toContain('Zq9!vEcTor-77');
		send('C-s');
		await see('Changed the password of', name);
		await see('User Identity', name);

		await chooseAction(name, 'Change Email');
		await see('[ ] not verified', name);
		send('C-u');
		send('-l', 'Tmux.Changed@Example.com');
		await see('Tmux.Changed@Example.com', name);
		send('Tab');
		await see('› Verified', name);
		send('Space');
		await see('[x] verified', name);
		send('C-s');
		await see(/Changed the email of .* to tmux\.changed@example\.com \(verified\)/, name);
		const shown = cliJson<{user_id: string; email_verified: boolean}>('users', 'show', 'tmux.changed@example.com');
		expect(shown).toMatchObject({user_id: user!.user_id, email_verified: true});
		terminal.close(name);
	}, 300_000);

	it('users password asks twice in a terminal, shows no character of it, and says a mismatch plainly', async () => {
		const [, user] = databaseUsers();
		const command = () => `sh -c 'env CI=false ${process.execPath} ${cli} users password "${user!.user_id}" --store "${path.join(terminal.dir, 'store.ndjson')}"; echo "exit=$?"; exec sleep 600'`;
		const mismatch = terminal.open(100, 12, command());
		await see('New password (not shown):', mismatch);
		type('Other-Pass-991', mismatch);
		keysTo(mismatch, 'Enter');
		await see('Repeat new password:', mismatch);
		type('Other-Pass-992', mismatch);
		keysTo(mismatch, 'Enter');
		const refused = await see('exit=1', mismatch);
		expect(refused).toContain('repeatPassword: Passwords do not match');
		expect(refused).not.toContain('Other-Pass-99');
		terminal.close(mismatch);

		const session = terminal.open(100, 12, command());
		await see('New password (not shown):', session);
		type('Other-Pass-991', session);
		keysTo(session, 'Enter');
		// Nothing of it showed, not even its length (read once the password was taken).
		const asked = await see('Repeat new password:', session);
		expect(asked).toMatch(/^New password \(not shown\): *$/m);
		type('Other-Pass-991', session);
		keysTo(session, 'Enter');
		const done = await see('exit=0', session);
		expect(done).toContain('Changed the password of');
		expect(done).not.toContain('Other-Pass-991');
		terminal.close(session);
	}, 300_000);
});
