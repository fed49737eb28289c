// Marks and a batch delete in a real terminal (issue 18): the built console in
// tmux, keys sent with send-keys, the screen read with capture-pane. Space
// marks (and moves down), Ctrl-\ clears, `*` asks before marking the whole
// list, Esc clears, and Delete of the marked users takes their number typed,
// then an Enter on its own. Every step waits for what it shows.
import {describe, expect, it} from 'vitest';
import {hasTmux, realTerminal} from '../support/tmux.js';
import {waitFor} from '../support/wait-for.js';

const terminal = realTerminal({name: 'marks', users: 40, seed: 'marks'});
const {see, keys, type, cliJson} = terminal;

describe.skipIf(!hasTmux)('marks in a real terminal (tmux)', () => {
	it('marks users with Space and *, clears them, and deletes the marked ones after their number is typed', async () => {
		const [first, second, third] = cliJson<Array<{user_id: string}>>('users', 'list', '--sort', 'name');
		terminal.open(100, 30, terminal.consoleCommand(), terminal.session);
		await see(/ 40 users +1\/40/);

		// Space marks and moves on: three presses, three marks, the cursor on the fourth row.
		keys('Space');
		await see('1 marked');
		keys('Space', 'Space');
		await see('3 marked');
		await see(/ 40 users +4\/40/);
		const marked = (await see('3 marked')).split('\n').filter(line => /^ \*/.test(line));
		expect(marked).toHaveLength(3);

		// Ctrl-\ clears them; so does Esc.
		keys('C-\\');
		await see('Cleared 3 marks');
		expect(terminal.screen().split('\n')[0]).not.toMatch(/marked/);

		// `*` over the whole list asks first.
		keys('*');
		await see('Mark 40 users (the whole list)?');
		keys('y');
		await see('40 marked');
		keys('Escape');
		await see('Cleared 40 marks');

		// Mark the first three again and delete them.
		keys('g');
		await see(/ 40 users +1\/40/);
		keys('Space', 'Space', 'Space');
		await see('3 marked');
		keys('a');
		await see('Delete 3 users');
		keys('Down', 'Down', 'Enter');
		await see('Type 3 (the number of users) to confirm:');
		type('3');
		await see('press Enter');
		keys('Enter');
		await see('Deleted 3 of 3 users');
		await see(/Batch batch_\w{16}/);
		const left = cliJson<Array<{user_id: string}>>('users', 'list').map(user => user.user_id);
		expect(left).toHaveLength(37);
		expect(left).not.toContain(first!.user_id);
		expect(left).not.toContain(second!.user_id);
		expect(left).not.toContain(third!.user_id);
		keys('Escape');
		await see(/ 37 users +\d+\/37/);
		expect(terminal.screen().split('\n')[0]).not.toMatch(/marked/);

		keys('q');
		await waitFor(() => !terminal.isOpen(), {timeout: 30_000});
	}, 300_000);
});
