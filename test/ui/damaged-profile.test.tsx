// A store whose file holds a damaged profile (issue 19: profiles are read when
// asked for, not at load): the console keeps the user on the list, its page
// says what is wrong instead of crashing and offers only the keys that work
// there, Actions (from the list or the page) offers Delete, which removes the
// row, and a `:` query that reads profiles says who it could not search.
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {generateDemo} from '../../source/demo/generate.js';
import {UsersService} from '../../source/services/users-service.js';
import type {User} from '../../source/domain/types.js';
import {Store, writeSnapshot} from '../../source/store/store.js';
import type {Navigation} from '../../source/ui/state/navigation.js';
import {renderDeck, type RenderedDeck, resize} from '../support/deck.js';
import {keys} from '../support/keys.js';
import {fakeHasher, testActor} from '../support/fakes.js';
import {waitFor} from '../support/wait-for.js';
import {makeTempDir} from '../store/fixtures.js';

describe('a damaged profile in the console', () => {
	let dir: string;
	let cleanup: () => Promise<void>;
	let store: Store;
	let service: UsersService;
	let rendered: RenderedDeck | undefined;
	let victim: {user_id: string; email: string};
	/** A second damaged user, whose user_id (named in the problem) is long and carries terminal control sequences. */
	let hostile: {user_id: string; email: string};

	beforeEach(async () => {
		({dir, cleanup} = await makeTempDir('userdeck-damaged-'));
		const file = path.join(dir, 'store.ndjson');
		const tables = generateDemo({users: 30, seed: 'damaged', now: new Date(), passwordHash: await fakeHasher.hash('Demo-Passw0rd!')});
		const user = [...tables.users.values()].find(candidate => candidate.email !== undefined && candidate.email_verified !== undefined)!;
		victim = {user_id: user.user_id, email: user.email!};
		hostile = {user_id: `auth0|\u001B[2J\u001B]0;pwned\u0007${'x'.repeat(60)}`, email: 'hostile@example.com'};
		const copy: User = {...user, user_id: hostile.user_id, email: hostile.email, nickname: 'hostile', identities: user.identities.map(identity => ({...identity, user_id: 'hostile'}))};
		tables.users.set(copy.user_id, copy);
		await writeSnapshot(file, tables);
		let text = await readFile(file, 'utf8');
		for (const damaged of [user, copy]) {
			const line = text.split('\n').find(each => each.startsWith(`["users",{"user_id":${JSON.stringify(damaged.user_id)}`))!;
			text = text.replace(line, line.replace(`"email_verified":${String(damaged.email_verified)}`, '"email_verified":"maybe"'));
		}

		await writeFile(file, text);
		store = await Store.open({path: file, create: false});
		service = new UsersService({store, actor: testActor, hasher: fakeHasher});
	});

	afterEach(async () => {
		rendered?.unmount();
		rendered = undefined;
		await store.close();
		await cleanup();
	});

	it('shows the user page\'s problem, and Actions deletes the row after the email is typed', async () => {
		expect(service.usersById().has(victim.user_id)).toBe(true);
		const navigation: Navigation = {stack: [{name: 'users'}, {name: 'user', userId: victim.user_id, tab: 'details'}]};
		rendered = renderDeck(service, {navigation});
		await rendered.waitForFrame(/profile cannot be read: users row "auth0\|/);

		// Back on the list the user is still there; Actions on them offers Delete alone.
		rendered.press('user.back');
		await rendered.waitForFrame('Sorted by');
		rendered.deck.navigation.dispatch({type: 'open-overlay', overlay: {name: 'actions', userId: victim.user_id}});
		await rendered.waitForFrame(/profile cannot be read/);
		const frame = rendered.lastFrame() ?? '';
		expect(frame).toContain('Delete User');
		expect(frame).not.toContain('Block User');
		rendered.press('menu.select');
		await rendered.waitForFrame('Yes, Delete It');
		rendered.type(victim.email);
		await rendered.waitForFrame('press Enter');
		rendered.press('confirm-delete.submit');
		await waitFor(() => !store.tables.users.has(victim.user_id));
		await rendered.waitForFrame(/Deleted /);
	});

	/** The damaged user's page, open over the list. */
	async function openPage(userId = victim.user_id): Promise<RenderedDeck> {
		const navigation: Navigation = {stack: [{name: 'users'}, {name: 'user', userId, tab: 'details'}]};
		rendered = renderDeck(service, {navigation});
		await rendered.waitForFrame(/profile cannot be read/);
		return rendered;
	}

	const footerOf = (frame: string) => frame.split('\n').at(-2) ?? '';

	/** Every row of the `?` help, page after page. */
	async function helpText(deck: RenderedDeck): Promise<string> {
		deck.press('global.help');
		let frame = await deck.waitForFrame(/\d+–\d+ of \d+/);
		const pages = [frame];
		for (;;) {
			const [, last, total] = /\d+–(\d+) of (\d+)/.exec(frame)!;
			if (last === total) {
				return pages.join('\n');
			}

			deck.press('viewer.page-down');
			// eslint-disable-next-line no-await-in-loop
			frame = await deck.waitForFrame(new RegExp(`\\d+–(?!${last} )\\d+ of ${total}`));
			pages.push(frame);
		}
	}

	it('the page offers only what works there: its footer and help name Esc and Actions, not the tabs or copy', async () => {
		const deck = await openPage();
		const frame = deck.lastFrame() ?? '';
		expect(frame).toMatch(/Esc goes back, a offers Delete\./);
		expect(footerOf(frame)).toMatch(/Esc back {3}a actions {3}\? help/);

		const help = await helpText(deck);
		const firstTitle = help.split('\n').find(line => /│\S/.test(line) && !line.includes('Keys'));
		expect(firstTitle).toContain('Damaged user\'s page');
		expect(help).toContain('Actions: Delete User');
		// The User page's and its tabs' keys do nothing here: not listed.
		for (const gone of ['Next tab', 'Copy the user_id', 'Details tab', 'Edit user_metadata', 'Copy the whole profile', 'the user was deleted']) {
			expect(help).not.toContain(gone);
		}

		// Other screens' keys are still listed, under their own titles.
		expect(help).toContain('Users list');
		expect(help).toContain('Create User');
	});

	it('a on the page opens the list\'s Actions (Delete alone), and Delete goes back to the list', async () => {
		const deck = await openPage();
		// The keys of the page that is not there do nothing.
		deck.stdin.write(keys.tab);
		deck.stdin.write('y');
		deck.press('user-damaged.actions');
		const menu = await deck.waitForFrame('Delete User');
		expect(menu).toMatch(/profile cannot be read/);
		expect(menu).not.toContain('Block User');
		expect(deck.ports.copy).not.toHaveBeenCalled();
		deck.press('menu.select');
		const confirmation = (await deck.waitForFrame('Yes, Delete It')).split('\n');
		// As tall as what it says, as the other dialogs: no blank rows under its buttons.
		expect(confirmation[confirmation.findIndex(row => row.includes('╰')) - 1]).toContain('Yes, Delete It');
		deck.type(victim.email);
		await deck.waitForFrame('press Enter');
		deck.press('confirm-delete.submit');
		await waitFor(() => !store.tables.users.has(victim.user_id));
		await deck.waitForFrame(/Deleted /);
		await deck.waitForFrame('Sorted by');
		expect(deck.deck.navigation.getState().stack.map(screen => screen.name)).toEqual(['users']);
	});

	it.each([[80, 24], [150, 40]])('the Actions heading wraps inside the dialog at %ix%i, its untrusted text sanitized', async (columns, rows) => {
		const deck = await openPage(hostile.user_id);
		resize(deck, columns, rows);
		deck.press('user-damaged.actions');
		const frame = await deck.waitForFrame('Delete User');
		expect(frame).not.toMatch(/[\u001B\u0007\u009B]/);
		const lines = frame.split('\n');
		const top = lines.findIndex(line => line.includes('╭─ Actions'));
		const left = lines[top]!.indexOf('╭');
		const right = lines[top]!.indexOf('╮');
		const inside: string[] = [];
		for (const line of lines.slice(top + 1)) {
			if (line.includes('╰')) {
				break;
			}

			// Every row of the dialog ends at its right border: nothing runs past it.
			expect(line[left]).toBe('│');
			expect(line[right]).toBe('│');
			inside.push(line.slice(left + 1, right).trimEnd());
		}

		// On several rows, and whole: the row's id (escaped) and, last, the field it names.
		const heading = inside.slice(0, inside.indexOf(''));
		expect(heading.length).toBeGreaterThan(1);
		expect(heading.join(' ')).toContain('users row "auth0|\\x1b[2J');
		expect(heading.join('').replaceAll(' ', '')).toBe(`This user's profile cannot be read: ${service.userProblem(hostile.user_id)!}`.replaceAll(' ', ''));
	});

	it('a : query on a field the list does not hold says how many users it could not search', async () => {
		rendered = renderDeck(service);
		const deck = rendered;
		await deck.waitForFrame('Sorted by');
		deck.press('list.query');
		deck.type('nickname:*');
		deck.press('filter.accept');
		const frame = await deck.waitForFrame(/of 31 users · 2 not searched: profiles damaged/);
		expect(frame).not.toContain(victim.email);

		// A query the list's columns answer reads no profile: nothing to say.
		deck.press('list.clear');
		await deck.waitForFrame('Sorted by');
		deck.press('list.query');
		deck.type('logins_count:[0 TO *]');
		deck.press('filter.accept');
		const columns = await deck.waitForFrame(/31 of 31 users/);
		expect(columns).not.toContain('not searched');

		// `/` within the query: only the damaged users with the text are counted.
		deck.press('list.clear');
		await deck.waitForFrame('Sorted by');
		deck.press('list.query');
		deck.type('user_metadata.locale:*');
		deck.press('filter.accept');
		await deck.waitForFrame(/not searched/);
		deck.press('list.filter');
		deck.type('hostile@');
		deck.press('filter.accept');
		await deck.waitForFrame(/0 of 31 users · 1 not searched: profile damaged/);
	});
});
