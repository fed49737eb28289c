// Searching the Users list faster (issue 18): `/` narrows within an active `:`
// query, both shown on the filter line, Esc clearing the `/` text first; and
// both prompts keep a history, browsed with ↑/↓ like a shell, saved per store
// in a private file that a console started later reads back.
import {mkdtempSync, statSync} from 'node:fs';
import {readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {UserSort} from '../../source/domain/sort.js';
import type {User} from '../../source/domain/types.js';
import {displayName} from '../../source/domain/user-factory.js';
import {openHistoryFile} from '../../source/store/history-file.js';
import {sanitize} from '../../source/terminal/sanitize.js';
import {keys} from '../support/keys.js';
import {type RenderedDeck, screenFixture} from '../support/deck.js';
import {waitFor} from '../support/wait-for.js';

const userCount = 200;
const fixture = screenFixture(userCount);
const byName: UserSort = {field: 'name', descending: false};

function frameOf(deck: RenderedDeck): string {
	return deck.lastFrame() ?? '';
}

function shown(user: User): string {
	return [...sanitize(displayName(user))].slice(0, 12).join('');
}

function rows(frame: string): string[] {
	const lines = frame.split('\n');
	const header = lines.findIndex(line => /^\s+Name\b/.test(line));
	return lines.slice(header + 1, -2).filter(line => line.trim() !== '');
}

function matchesText(user: User, text: string): boolean {
	const needle = text.toLowerCase();
	return [user.name, user.email, user.user_id].some(field => field?.toLowerCase().includes(needle));
}

function queried(query: string): User[] {
	return fixture.store.service.listUsers({query, sort: byName});
}

async function waitForRows(deck: RenderedDeck, users: readonly User[]): Promise<void> {
	await waitFor(() => {
		const lines = rows(frameOf(deck));
		return users.slice(0, 5).every((user, index) => lines[index]?.slice(2).startsWith(shown(user))) ? true : undefined;
	}, {message: () => `expected the rows to start with ${users.slice(0, 5).map(user => shown(user)).join(', ')} in:\n${frameOf(deck)}`});
}

async function openList(history?: Parameters<typeof fixture.render>[1]): Promise<RenderedDeck> {
	const deck = fixture.render(fixture.store.service, history);
	await deck.waitForFrame(/\d+\/\d+/);
	return deck;
}

/** The line above the table: the filter line (or "Sorted by …") and the counts, ending with the selected row's place. */
function filterLine(deck: RenderedDeck): string {
	return frameOf(deck).split('\n').find(line => /\d+\/\d+\+?\s*$/.test(line)) ?? '';
}

/** The selected row's place, from "…  12/153". */
function place(deck: RenderedDeck): number {
	return Number(/(\d+)\/\d+\+?\s*$/.exec(filterLine(deck))?.[1]);
}

const query = 'logins_count:[10 TO *]';

describe('Users list: / within a : query', () => {
	it('narrows the query\'s results with /, shows both, and Esc clears the / text first, then the query', async () => {
		const inQuery = queried(query);
		const narrowed = inQuery.filter(user => matchesText(user, 'an'));
		expect(narrowed.length).toBeGreaterThan(0);
		expect(narrowed.length).toBeLessThan(inQuery.length);
		// The text alone matches more: the list shows the stack, not the text.
		expect(fixture.store.service.listUsers({sort: byName}).filter(user => matchesText(user, 'an')).length).toBeGreaterThan(narrowed.length);

		const deck = await openList();
		deck.press('list.query');
		deck.type(query);
		await deck.waitForFrame(`${inQuery.length} of ${userCount} users`);
		deck.press('filter.accept');
		await deck.waitForFrame('c create');

		deck.press('list.filter');
		deck.type('an');
		await deck.waitForFrame(`${narrowed.length} of ${userCount} users`);
		expect(filterLine(deck)).toMatch(/^: logins_count:\[10 TO \*] +\/ an/);
		deck.press('filter.accept');
		await deck.waitForFrame('c create');
		deck.press('list.first');
		await waitForRows(deck, narrowed);
		expect(filterLine(deck)).toMatch(/^: logins_count:\[10 TO \*] +\/ an/);

		// : edits the query under the text; the text stays in force.
		deck.press('list.query');
		await deck.waitForFrame(`: ${query}`);
		deck.stdin.write(keys.ctrlU);
		deck.type('blocked:false');
		const unblocked = queried('blocked:false').filter(user => matchesText(user, 'an'));
		await deck.waitForFrame(`${unblocked.length} of ${userCount} users`);
		expect(filterLine(deck)).toMatch(/^: blocked:false +\/ an/);
		deck.press('filter.cancel');
		// Esc in the : prompt clears the query alone.
		const textOnly = fixture.store.service.listUsers({sort: byName}).filter(user => matchesText(user, 'an'));
		await deck.waitForFrame(`${textOnly.length} of ${userCount} users`);
		expect(filterLine(deck)).toMatch(/^\/ an/);

		// Again, then Esc on the list: the text goes first, then the query.
		deck.press('list.query');
		deck.type(query);
		await deck.waitForFrame(`${narrowed.length} of ${userCount} users`);
		deck.press('filter.accept');
		await deck.waitForFrame('c create');
		deck.press('list.clear');
		await deck.waitForFrame(`${inQuery.length} of ${userCount} users`);
		deck.press('list.first');
		await waitForRows(deck, inQuery);
		expect(filterLine(deck)).toMatch(/^: logins_count:\[10 TO \*] +\d/);
		deck.press('list.clear');
		await deck.waitForFrame(/Sorted by Name ▲ +200 users/);
	});

	it('says what matched nothing: the query and the text', async () => {
		const deck = await openList();
		deck.press('list.query');
		deck.type(query);
		deck.press('filter.accept');
		await deck.waitForFrame('c create');
		deck.press('list.filter');
		deck.type('zzqqxx');
		await deck.waitForFrame(`No users match the query “${query}” and “zzqqxx”`);
	});
});

describe('Users list: prompt history', () => {
	async function historyIn(dir: string) {
		return openHistoryFile(path.join(dir, 'history', 'store-test.json'));
	}

	function tempDir(): string {
		const dir = mkdtempSync(path.join(tmpdir(), 'userdeck-history-'));
		fixture.afterTest(async () => rm(dir, {recursive: true, force: true}));
		return dir;
	}

	it('recalls both prompts\' entries with ↑/↓ after a restart, from a 0600 file; Ctrl-N/Ctrl-P move the selection', async () => {
		const dir = tempDir();
		const first = await historyIn(dir);
		expect(first.warning).toBeUndefined();
		let deck = await openList({history: first.history});
		for (const entry of ['blocked:true', query]) {
			deck.press('list.query');
			deck.stdin.write(keys.ctrlU);
			deck.type(entry);
			// eslint-disable-next-line no-await-in-loop
			await deck.waitForFrame(`: ${entry}`);
			deck.press('filter.accept');
			// eslint-disable-next-line no-await-in-loop
			await deck.waitForFrame('c create');
		}

		deck.press('list.filter');
		deck.type('ann');
		deck.press('filter.accept');
		await deck.waitForFrame('c create');
		// A token is never written down.
		deck.press('list.filter');
		deck.stdin.write(keys.ctrlU);
		deck.type('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl');
		deck.press('filter.accept');
		await deck.waitForFrame('c create');
		deck.unmount();
		await first.history.flush();

		const file = path.join(dir, 'history', 'store-test.json');
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const saved = JSON.parse(await readFile(file, 'utf8')) as {text: string[]; query: string[]};
		expect(saved).toEqual({version: 1, text: ['ann'], query: ['blocked:true', query]});

		// A console started later, over the same history file.
		const second = await historyIn(dir);
		deck = await openList({history: second.history});
		deck.press('list.query');
		await deck.waitForFrame('Enter keep');
		deck.stdin.write(keys.up);
		await deck.waitForFrame(`: ${query}`);
		await deck.waitForFrame(`${queried(query).length} of ${userCount} users`);
		deck.stdin.write(keys.up);
		await deck.waitForFrame(': blocked:true');
		await deck.waitForFrame(`${queried('blocked:true').length} of ${userCount} users`);
		// The oldest stays put; ↓ comes back, and past the newest is what was typed (nothing).
		deck.stdin.write(keys.up);
		deck.stdin.write(keys.down);
		await deck.waitForFrame(`: ${query}`);
		deck.stdin.write(keys.down);
		await deck.waitForFrame(/Enter keep/);
		await waitFor(() => (/^: +\d/.test(filterLine(deck)) || !filterLine(deck).includes(':') ? true : undefined));
		expect(filterLine(deck)).not.toContain('logins_count');

		// Ctrl-N / Ctrl-P move the selection while the prompt has the keys.
		deck.stdin.write(keys.up);
		await deck.waitForFrame(`: ${query}`);
		const inQuery = queried(query);
		await deck.waitForFrame(`of ${userCount} users`);
		const at = place(deck);
		expect(at).toBeGreaterThan(1);
		deck.press('filter.down');
		await deck.waitForFrame(`${at + 1}/${inQuery.length}`);
		deck.press('filter.up');
		deck.press('filter.up');
		await deck.waitForFrame(`${at - 1}/${inQuery.length}`);
		expect(filterLine(deck)).toContain(`: ${query}`);
		deck.press('filter.accept');
		await deck.waitForFrame('c create');

		// The / prompt has its own history.
		deck.press('list.filter');
		deck.stdin.write(keys.up);
		await deck.waitForFrame(/: logins_count:\[10 TO \*] +\/ ann/);
	});
});
