// Sorting and searching faster (issue 18) in a real terminal at 80x24: a
// column's own sort key, `/` within a `:` query, and the prompts' history
// read back by a console started later; a corrupt history file is a warning
// on the status line, never a stop.
import {readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {hasTmux, realTerminal} from '../support/tmux.js';
import {waitFor} from '../support/wait-for.js';

const terminal = realTerminal({name: 'find', users: 60, seed: 'find'});
const {see, keysTo, type} = terminal;

async function openConsole(): Promise<string> {
	const name = terminal.open(80, 24, terminal.consoleCommand());
	await see(/ 60 users +1\/60/, name);
	return name;
}

function historyFiles(): string[] {
	const folder = path.join(terminal.dir, 'state', 'history');
	try {
		return readdirSync(folder).map(name => path.join(folder, name));
	} catch {
		return [];
	}
}

describe.skipIf(!hasTmux)('sort and find in a real terminal (tmux)', () => {
	it('sorts with a column\'s key, narrows a query with /, and recalls both after a restart', async () => {
		const query = 'logins_count:[5 TO *]';
		const inQuery = terminal.cliJson<Array<{user_id: string}>>('users', 'list', '--query', query).length;
		expect(inQuery).toBeGreaterThan(0);
		let name = await openConsole();

		keysTo(name, 'L');
		await see('Logins ▼', name);
		keysTo(name, 'L');
		await see('Logins ▲', name);

		keysTo(name, ':');
		type(query, name);
		await see(`${inQuery} of 60 users`, name);
		keysTo(name, 'Enter');
		await see('c create', name);
		keysTo(name, '/');
		type('a', name);
		await see(/: logins_count:\[5 TO \*] +\/ a/, name);
		keysTo(name, 'Enter');
		await see('c create', name);
		// Esc: the / text goes first, the query stays.
		keysTo(name, 'Escape');
		await see(`${inQuery} of 60 users`, name);
		keysTo(name, 'q');
		await waitFor(() => (terminal.isOpen(name) ? undefined : true));

		await waitFor(() => (historyFiles().length === 1 ? true : undefined));
		const [file] = historyFiles();
		expect(statSync(file!).mode & 0o777).toBe(0o600);

		// Started again: ↑ in each prompt brings back what was typed last time.
		name = await openConsole();
		keysTo(name, ':');
		await see('Enter keep', name);
		keysTo(name, 'Up');
		await see(`${inQuery} of 60 users`, name);
		await see(`: ${query}`, name);
		keysTo(name, 'Enter');
		await see('c create', name);
		keysTo(name, '/');
		keysTo(name, 'Up');
		await see(/: logins_count:\[5 TO \*] +\/ a/, name);
		keysTo(name, 'Escape');
		keysTo(name, 'Escape');
		await see(/Sorted by .* 60 users/, name);
		terminal.close(name);

		// A corrupt history: the console starts, says so, and leaves the file be.
		writeFileSync(file!, 'not json', {mode: 0o600});
		name = await openConsole();
		await see('not usable', name);
		keysTo(name, ':');
		keysTo(name, 'Up');
		type('blocked:true', name);
		await see(': blocked:true', name);
		keysTo(name, 'Enter');
		keysTo(name, 'q');
		await waitFor(() => (terminal.isOpen(name) ? undefined : true));
		expect(readFileSync(file!, 'utf8')).toBe('not json');
	});
});
