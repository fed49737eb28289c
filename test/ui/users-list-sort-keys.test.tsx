// The Users list's direct sort keys (issue 18): Shift+letter sorts by a
// column and the same key again reverses (k9s), `s`/`S` still cycle and
// reverse, the letters are underlined in the column titles and listed in `?`
// help, and after any sort the selected user stays in view (at 80x24 and at a
// wide size, with the selection near the end) while `g` goes to the top.
import chalk from 'chalk';
import {afterEach, describe, expect, it} from 'vitest';
import type {UserSort} from '../../source/domain/sort.js';
import type {User} from '../../source/domain/types.js';
import {displayName} from '../../source/domain/user-factory.js';
import {sanitize} from '../../source/terminal/sanitize.js';
import {bindingById, type BindingId} from '../../source/ui/keymap.js';
import {type RenderedDeck, resize, screenFixture} from '../support/deck.js';
import {waitFor} from '../support/wait-for.js';

const userCount = 120;
const fixture = screenFixture(userCount);
const chalkLevel = chalk.level;

afterEach(() => {
	chalk.level = chalkLevel;
});

function frameOf(deck: RenderedDeck): string {
	return deck.lastFrame() ?? '';
}

function shown(user: User): string {
	return [...sanitize(displayName(user))].slice(0, 12).join('');
}

function sorted(sort: UserSort): User[] {
	return fixture.store.service.listUsers({sort});
}

function rows(frame: string): string[] {
	const lines = frame.split('\n');
	const header = lines.findIndex(line => /^\s+Name\b/.test(line));
	return lines.slice(header + 1, -2).filter(line => line.trim() !== '');
}

function header(frame: string): string {
	return frame.split('\n').find(line => /^\s+Name\b/.test(line)) ?? '';
}

async function openList(columns?: number, lines?: number): Promise<RenderedDeck> {
	const deck = fixture.render(fixture.store.service);
	if (columns !== undefined) {
		resize(deck, columns, lines);
	}

	await deck.waitForFrame(/\d+\/\d+/);
	return deck;
}

/** Until the header shows `marker`; then g, and until the first rows are the first users of `sort`. */
async function waitForSort(deck: RenderedDeck, sort: UserSort, marker: string): Promise<void> {
	const expected = sorted(sort);
	await deck.waitForFrame(marker);
	// The selection stays on its user after a sort; g goes to the top.
	deck.press('list.first');
	await waitFor(() => {
		const frame = frameOf(deck);
		const lines = rows(frame);
		return frame.includes(marker) && expected.slice(0, 5).every((user, index) => lines[index]?.slice(2).startsWith(shown(user))) ? true : undefined;
	}, {message: () => `expected ${marker} and the first rows of ${sort.field} in:\n${frameOf(deck)}`});
}

/** Until the selected row is `user`, at `position`. */
async function waitForSelected(deck: RenderedDeck, user: User, position: string): Promise<string> {
	return waitFor(() => {
		const frame = frameOf(deck);
		const selected = rows(frame).find(line => line.startsWith('› '));
		return frame.includes(position) && selected?.slice(2).startsWith(shown(user)) ? frame : undefined;
	}, {message: () => `expected ${shown(user)} selected at ${position} in:\n${frameOf(deck)}`});
}

describe('Users list: a sort key per column', () => {
	it('sorts by a column with its own key, reverses with the same key again, and keeps s and S', async () => {
		const deck = await openList();
		await waitForSort(deck, {field: 'name', descending: false}, 'Name ▲');

		deck.press('list.sort-logins');
		await waitForSort(deck, {field: 'logins_count', descending: true}, 'Logins ▼');
		deck.press('list.sort-logins');
		await waitForSort(deck, {field: 'logins_count', descending: false}, 'Logins ▲');

		deck.press('list.sort-latest');
		await waitForSort(deck, {field: 'last_login', descending: true}, 'Latest Login ▼');
		deck.press('list.sort-connection');
		await waitForSort(deck, {field: 'connection', descending: false}, 'Connection ▲');
		deck.press('list.sort-connection');
		await waitForSort(deck, {field: 'connection', descending: true}, 'Connection ▼');

		// At 100 columns User ID has no column: the info line names the sort.
		deck.press('list.sort-user-id');
		await waitForSort(deck, {field: 'user_id', descending: false}, 'by User ID ▲');

		// s goes on from the column sorted by a key; S reverses it.
		deck.press('list.sort');
		await waitForSort(deck, {field: 'connection', descending: false}, 'Connection ▲');
		deck.press('list.reverse');
		await waitForSort(deck, {field: 'connection', descending: true}, 'Connection ▼');

		deck.press('list.sort-name');
		await waitForSort(deck, {field: 'name', descending: false}, 'Name ▲');
		deck.press('list.sort-name');
		await waitForSort(deck, {field: 'name', descending: true}, 'Name ▼');
	});

	it('underlines each column\'s key in its title without widening the header', async () => {
		chalk.level = 3;
		const deck = await openList(80, 24);
		const frame = await deck.waitForFrame('\u001B[4mL\u001B[24mogins');
		// "Latest Login": its key is the t of Latest.
		expect(frame).toContain('La\u001B[4mt\u001B[24mest Login');
		expect(frame).toContain('\u001B[4mN\u001B[24mame');
		expect(frame).toContain('\u001B[4mC\u001B[24monnection');
		chalk.level = chalkLevel;
		deck.press('list.sort-logins');
		const plain = await deck.waitForFrame('Logins ▼');
		expect([...header(plain).trimEnd()].length).toBeLessThanOrEqual(80);
	});

	it('lists every sort key in ? help', async () => {
		const deck = await openList(100, 60);
		deck.press('global.help');
		const frame = await deck.waitForFrame('Sort by Name (again: reverse)');
		const ids: BindingId[] = ['list.sort-name', 'list.sort-user-id', 'list.sort-connection', 'list.sort-logins', 'list.sort-latest'];
		for (const id of ids) {
			expect(frame).toContain(bindingById(id).description);
		}
	});

	for (const [columns, lines] of [[80, 24], [200, 50]] as const) {
		it(`keeps the selected user in view after a sort at ${columns}x${lines}, with the selection near the end; g goes to the top`, async () => {
			const deck = await openList(columns, lines);
			const byName = sorted({field: 'name', descending: false});
			deck.press('list.last');
			const chosen = byName.at(-3)!;
			deck.press('list.up');
			deck.press('list.up');
			await waitForSelected(deck, chosen, `${userCount - 2}/${userCount}`);

			for (const [id, sort] of [
				['list.sort-logins', {field: 'logins_count', descending: true}],
				['list.sort-latest', {field: 'last_login', descending: true}],
				['list.sort-name', {field: 'name', descending: false}],
				['list.sort-name', {field: 'name', descending: true}],
			] as const) {
				deck.press(id);
				const place = sorted(sort).findIndex(user => user.user_id === chosen.user_id) + 1;
				// The selected row is drawn, so it is in view, wherever the sort put it.
				// eslint-disable-next-line no-await-in-loop
				await waitForSelected(deck, chosen, `${place}/${userCount}`);
			}

			deck.press('list.first');
			await waitForSelected(deck, sorted({field: 'name', descending: true})[0]!, `1/${userCount}`);
		});
	}
});
