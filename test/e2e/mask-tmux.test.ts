// Masking in a real terminal: the built console started with --mask (and with
// USERDECK_MASK=1) shows no email, name or IP on any screen it walks through,
// y asks before copying, and M shows the data again.
import {describe, expect, it} from 'vitest';
import {hasTmux, realTerminal} from '../support/tmux.js';

const terminal = realTerminal({name: 'mask', users: 30, seed: 'mask'});
const {session, see, keys, screen, cliJson} = terminal;

type Listed = {user_id: string; name?: string; email?: string};

describe.skipIf(!hasTmux)('masking in a real terminal (tmux)', () => {
	it('--mask: the list, a user\'s page, its history and locations show no personal data; y asks; M unmasks', async () => {
		const everyone = cliJson<Listed[]>('users', 'list');
		const emails = everyone.map(user => user.email).filter((email): email is string => email !== undefined);
		const expectNoEmail = (text: string) => {
			for (const email of emails) {
				expect(text).not.toContain(email);
			}
		};

		terminal.open(100, 30, `${terminal.consoleCommand()} --mask`, session);
		const list = await see(/ 30 users .*MASKED|MASKED.* 30 users/);
		expectNoEmail(list);
		expect(list).toContain('•••@');

		keys('Enter');
		const details = await see('User Identity');
		expectNoEmail(details);
		// The user_id is not personal data: it names the user opened.
		const user = everyone.find(candidate => details.includes(candidate.user_id));
		expect(user).toBeDefined();
		if (user?.name && user.name.length >= 5 && !user.name.includes('@')) {
			expect(details).not.toContain(user.name);
		}

		const events = cliJson<Array<{ip?: string; location_info?: {city_name: string}}>>('users', 'logs', user!.user_id, '--since', 'all');
		keys('3');
		const history = await see(/\d+ events?|No events/);
		keys('4');
		const locations = await see(/countr(y|ies) \(masked\)|No login locations/);
		for (const text of [history, locations]) {
			expectNoEmail(text);
			for (const event of events) {
				if (event.ip) {
					expect(text).not.toContain(event.ip);
				}

				if (event.location_info && event.location_info.city_name.length >= 4) {
					expect(text).not.toContain(event.location_info.city_name);
				}
			}
		}

		keys('1');
		await see('User Identity');
		keys('y');
		await see('Copy unmasked data?');
		keys('n');
		await see('Nothing copied');

		keys('M');
		await see('Personal data shown');
		if (user?.email) {
			await see(user.email);
		}

		expect(screen()).not.toContain('MASKED');
		keys('Escape');
		await see(/ 30 users/);
		keys('q');
	});

	it('USERDECK_MASK=1 starts masked too', async () => {
		const name = terminal.open(100, 30, `env USERDECK_MASK=1 ${terminal.consoleCommand()}`);
		const list = await see('MASKED', name);
		for (const user of cliJson<Listed[]>('users', 'list')) {
			if (user.email) {
				expect(list).not.toContain(user.email);
			}
		}

		terminal.keysTo(name, 'q');
	});
});
