// The Users list, driven by keys over a real demo store: windowed navigation,
// sorting, the `/` filter and `:` queries, the keys that leave the list, the
// blocked badge, 80-column rendering and following changes made elsewhere.
import {describe, expect, it} from 'vitest';
import {compileSearch, SearchSyntaxError} from '../../source/domain/search/index.js';
import type {UserSort} from '../../source/domain/sort.js';
import type {User} from '../../source/domain/types.js';
import {displayName} from '../../source/domain/user-factory.js';
import {sanitize} from '../../source/terminal/sanitize.js';
import {displayWidth} from '../../source/terminal/text-width.js';
import type {Deck} from '../../source/ui/app-context.js';
import {createUserListEngine} from '../../source/list/index.js';
import {keys} from '../support/keys.js';
import {type RenderedDeck, resize, screenFixture, type TestStore} from '../support/deck.js';
import {waitFor} from '../support/wait-for.js';

const userCount = 300;
const fixture = screenFixture(userCount);
const {ownStore} = fixture;

/**
 * The list with an engine whose slices end at their first step: every sort or
 * filter that works in slices shows its pending state first, however fast the
 * machine (at 300 users the Logins and Latest Login sorts do).
 */
function slicedEngine(deck: Deck): void {
	deck.memo('users-list-view', () => createUserListEngine({sliceMs: 0, lastInput: () => deck.router.lastKeyAt}));
}

async function openList(store: TestStore = fixture.store, prepare?: (deck: Deck) => void): Promise<RenderedDeck> {
	const rendered = fixture.render(store.service, {prepare});
	await rendered.waitForFrame(/\d+\/\d+/);
	return rendered;
}

function frameOf(deck: RenderedDeck): string {
	return deck.lastFrame() ?? '';
}

/** How a user's name starts in its row (long names are cut with an ellipsis further on). */
function shown(user: User): string {
	return [...sanitize(displayName(user))].slice(0, 12).join('');
}

function sorted(sort: UserSort, store: TestStore = fixture.store): User[] {
	return store.service.listUsers({sort});
}

const byName: UserSort = {field: 'name', descending: false};

/** The table's rows: the lines after the column titles, up to the footer. */
function rows(frame: string): string[] {
	const lines = frame.split('\n');
	const header = lines.findIndex(line => /^\s+Name\b/.test(line));
	return lines.slice(header + 1, -2);
}

function selectedRow(frame: string): string | undefined {
	return rows(frame).find(line => line.startsWith('› '));
}

async function waitForSelected(deck: RenderedDeck, user: User, position: string): Promise<string> {
	return waitFor(() => {
		const frame = frameOf(deck);
		return frame.includes(position) && selectedRow(frame)?.slice(2).startsWith(shown(user)) ? frame : undefined;
	}, {message: () => `expected ${shown(user)} selected at ${position} in:\n${frameOf(deck)}`});
}

async function waitForOrder(deck: RenderedDeck, users: readonly User[]): Promise<void> {
	await waitFor(() => {
		const lines = rows(frameOf(deck));
		return users.every((user, index) => lines[index]?.slice(2).startsWith(shown(user)));
	}, {message: () => `expected the rows to start with ${users.map(user => shown(user)).join(', ')} in:\n${frameOf(deck)}`});
}

function matchesText(user: User, text: string): boolean {
	const needle = text.toLowerCase();
	return [user.name, user.email, user.user_id].some(field => field?.toLowerCase().includes(needle));
}

function top(deck: RenderedDeck) {
	return deck.deck.navigation.getState().stack.at(-1);
}

/** Until no filter is in force (Ink delivers a lone Esc on the next tick, so the next key must wait for it). */
async function waitUntilUnfiltered(deck: RenderedDeck): Promise<string> {
	return waitFor(() => {
		const frame = frameOf(deck);
		return frame.includes(`${userCount} users  `) && !frame.includes(` of ${userCount} users`) && frame.includes('c create') ? frame : undefined;
	}, {message: () => `expected no filter in:\n${frameOf(deck)}`});
}

describe('Users list: navigation', () => {
	it('moves the highlight with ↓/j, bursts of j, PgDn/PgUp, and windows to the bottom with G and back with g', async () => {
		const deck = await openList();
		const users = sorted(byName);
		await waitForSelected(deck, users[0]!, `1/${userCount}`);
		expect(frameOf(deck)).toContain(`${userCount} users`);

		deck.stdin.write(keys.down);
		deck.press('list.down');
		await waitForSelected(deck, users[2]!, `3/${userCount}`);

		// Three j in one chunk (key repeat) are three moves.
		deck.stdin.write('jjj');
		await waitForSelected(deck, users[5]!, `6/${userCount}`);
		deck.press('list.up');
		await waitForSelected(deck, users[4]!, `5/${userCount}`);

		// 24 rows → 19 body lines, 17 table rows: a page moves 16 (one row of context).
		deck.press('list.page-down');
		await waitForSelected(deck, users[20]!, `21/${userCount}`);
		deck.press('list.page-up');
		await waitForSelected(deck, users[4]!, `5/${userCount}`);

		const last = users.at(-1)!;
		expect(rows(frameOf(deck)).some(line => line.slice(2).startsWith(shown(last)))).toBe(false);
		deck.press('list.last');
		const bottom = await waitForSelected(deck, last, `${userCount}/${userCount}`);
		expect(rows(bottom)).toHaveLength(17);
		expect(rows(bottom).at(-1)).toMatch(/^› /);
		expect(bottom).not.toContain(`› ${shown(users[0]!)}`);

		deck.press('list.first');
		await waitForSelected(deck, users[0]!, `1/${userCount}`);
		deck.stdin.write(keys.end);
		await waitForSelected(deck, last, `${userCount}/${userCount}`);
		deck.stdin.write(keys.home);
		await waitForSelected(deck, users[0]!, `1/${userCount}`);
		// Up at the top stays at the top.
		deck.press('list.up');
		await waitForSelected(deck, users[0]!, `1/${userCount}`);
	});
});

describe('Users list: sort', () => {
	/**
	 * After a re-sort the selection stays on its user, so the window shows the
	 * new order around them: each visible row is the user at its place.
	 */
	async function waitForWindow(deck: RenderedDeck, expected: readonly User[], anchor: User): Promise<void> {
		await waitFor(() => {
			const lines = rows(frameOf(deck)).filter(line => line.trim() !== '');
			const selectedAt = lines.findIndex(line => line.startsWith('› '));
			const place = expected.findIndex(user => user.user_id === anchor.user_id);
			if (selectedAt === -1 || place === -1 || !lines[selectedAt]!.slice(2).startsWith(shown(anchor))) {
				return undefined;
			}

			return lines.every((line, index) => {
				const user = expected[place - selectedAt + index];
				return user !== undefined && line.slice(2).startsWith(shown(user));
			}) ? true : undefined;
		}, {message: () => `expected the order around ${shown(anchor)} in:\n${frameOf(deck)}`});
	}

	/** Checks the order around the selected user, then from the top (g); returns the new selected user. */
	async function checkOrder(deck: RenderedDeck, sort: UserSort, anchor: User, marker: string): Promise<User> {
		const expected = sorted(sort);
		await waitForWindow(deck, expected, anchor);
		await deck.waitForFrame(marker);
		deck.press('list.first');
		await waitForOrder(deck, expected.slice(0, 6));
		await waitForSelected(deck, expected[0]!, `1/${userCount}`);
		return expected[0]!;
	}

	it('cycles the sort with s and reverses it with S, marking the active column, and keeps the selected user', async () => {
		// Whether a sort finished in its first slice or went on in more (a busy
		// machine) must not matter: the sorts here always take the long way.
		const deck = await openList(fixture.store, slicedEngine);
		await waitForOrder(deck, sorted(byName).slice(0, 6));
		expect(frameOf(deck)).toContain('Name ▲');
		let anchor = sorted(byName)[0]!;

		deck.press('list.sort');
		// At 100 columns there is no User ID column: the sort line names it, once.
		anchor = await checkOrder(deck, {field: 'user_id', descending: false}, anchor, 'Sorted by User ID ▲');
		expect(frameOf(deck).split('by User ID ▲')).toHaveLength(2);
		deck.press('list.sort');
		anchor = await checkOrder(deck, {field: 'connection', descending: false}, anchor, 'Connection ▲');
		deck.press('list.reverse');
		anchor = await checkOrder(deck, {field: 'connection', descending: true}, anchor, 'Connection ▼');
		deck.press('list.sort');
		anchor = await checkOrder(deck, {field: 'logins_count', descending: true}, anchor, 'Logins ▼');
		deck.press('list.sort');
		anchor = await checkOrder(deck, {field: 'last_login', descending: true}, anchor, 'Latest Login ▼');
		deck.press('list.reverse');
		// Ascending by latest login starts with the people who never signed in.
		anchor = await checkOrder(deck, {field: 'last_login', descending: false}, anchor, 'Latest Login ▲');
		expect(rows(frameOf(deck))[0]).toContain('never');
		deck.press('list.sort');
		await checkOrder(deck, byName, anchor, 'Name ▲');

		// Select the 8th user and reverse: the selection follows them to their new place.
		const chosen = sorted(byName)[7]!;
		deck.stdin.write('jjjjjjj');
		await waitForSelected(deck, chosen, `8/${userCount}`);
		deck.press('list.reverse');
		const place = sorted({field: 'name', descending: true}).findIndex(user => user.user_id === chosen.user_id) + 1;
		await waitForSelected(deck, chosen, `${place}/${userCount}`);
		await waitForWindow(deck, sorted({field: 'name', descending: true}), chosen);
	});
});

describe('Users list: filter', () => {
	it('narrows as you type with /, shows "N of M users", moves with Ctrl-N/Ctrl-P while typing, and Esc clears', async () => {
		const deck = await openList();
		const users = sorted(byName);
		deck.press('list.filter');
		await deck.waitForFrame('Enter keep');
		deck.type('an');
		const an = users.filter(user => matchesText(user, 'an'));
		expect(an.length).toBeGreaterThan(0);
		expect(an.length).toBeLessThan(userCount);
		await deck.waitForFrame(`${an.length} of ${userCount} users`);
		await waitForOrder(deck, an.slice(0, 5));
		await deck.waitForFrame('/ an');
		// The first user by name was selected: they, or the match nearest them, the first.
		await waitForSelected(deck, an[0]!, `1/${an.length}`);

		// Ctrl-N/Ctrl-P move the selection (↑/↓ are the history) and the prompt keeps the keyboard: j is text.
		deck.press('filter.down');
		await waitForSelected(deck, an[1]!, `2/${an.length}`);
		deck.press('filter.up');
		await waitForSelected(deck, an[0]!, `1/${an.length}`);

		deck.type('n');
		const ann = users.filter(user => matchesText(user, 'ann'));
		await deck.waitForFrame(`${ann.length} of ${userCount} users`);
		await waitForOrder(deck, ann.slice(0, Math.min(5, ann.length)));

		// Upper case matches lower case.
		deck.stdin.write(keys.backspace);
		await deck.waitForFrame(`${an.length} of ${userCount} users`);
		deck.type('NA');
		const anna = users.filter(user => matchesText(user, 'anna'));
		await deck.waitForFrame(`${anna.length} of ${userCount} users`);

		deck.stdin.write(keys.backspace);
		deck.stdin.write(keys.backspace);
		await deck.waitForFrame(`${an.length} of ${userCount} users`);
		deck.type('j');
		await deck.waitForFrame('/ anj');
		deck.stdin.write(keys.backspace);
		await deck.waitForFrame(`${an.length} of ${userCount} users`);

		deck.press('filter.cancel');
		await waitUntilUnfiltered(deck);
	});

	it('keeps the filter with Enter and gives the keys back to the list; Esc there clears it', async () => {
		const deck = await openList();
		const matching = sorted(byName).filter(user => matchesText(user, 'example.com'));
		deck.press('list.filter');
		// A paste (bracketed, as the terminal sends it) is text; its Enter never submits.
		deck.stdin.write('\u001B[200~example.com\r\u001B[201~');
		await deck.waitForFrame(`${matching.length} of ${userCount} users`);
		expect(frameOf(deck)).toContain('Enter keep');
		deck.press('filter.accept');
		await deck.waitForFrame('c create');
		deck.press('list.down');
		await waitForSelected(deck, matching[1]!, `2/${matching.length}`);
		expect(frameOf(deck)).toContain('/ example.com');
		expect(frameOf(deck)).toContain(`${matching.length} of ${userCount} users`);

		// / again edits the same filter.
		deck.press('list.filter');
		deck.stdin.write(keys.backspace);
		deck.stdin.write(keys.backspace);
		deck.stdin.write(keys.backspace);
		const shorter = sorted(byName).filter(user => matchesText(user, 'example.'));
		await deck.waitForFrame(`${shorter.length} of ${userCount} users`);
		deck.press('filter.accept');
		await deck.waitForFrame('c create');

		deck.press('list.clear');
		const cleared = await waitUntilUnfiltered(deck);
		expect(cleared).not.toContain('/ example.');
	});

	it('types the rest of a burst that starts with / into the prompt', async () => {
		const deck = await openList();
		deck.stdin.write('/ann');
		const ann = sorted(byName).filter(user => matchesText(user, 'ann'));
		await deck.waitForFrame(`${ann.length} of ${userCount} users`);
		await deck.waitForFrame('/ ann');
	});

	it('says when nothing matches', async () => {
		const deck = await openList();
		deck.press('list.filter');
		deck.stdin.write('zzqqxxzz');
		await deck.waitForFrame('No users match “zzqqxxzz”');
		expect(frameOf(deck)).toContain(`0 of ${userCount} users  0/0`);
	});

	it('runs the query syntax after :, shows a syntax error with a caret without losing the last good result, and Esc clears', async () => {
		const deck = await openList();
		const never = fixture.store.service.listUsers({query: 'logins_count:0', sort: byName});
		expect(never.length).toBeGreaterThan(0);
		deck.press('list.query');
		deck.type('logins_count:0');
		await deck.waitForFrame(`${never.length} of ${userCount} users`);
		await waitForOrder(deck, never.slice(0, Math.min(4, never.length)));
		await deck.waitForFrame(': logins_count:0');

		const broken = 'logins_count:0 AND (';
		let position = -1;
		try {
			compileSearch(broken);
		} catch (error) {
			position = error instanceof SearchSyntaxError ? error.position : -1;
		}

		expect(position).toBeGreaterThanOrEqual(0);
		// Pasted, so the last good result is the query before it.
		deck.stdin.write('\u001B[200~ AND (\u001B[201~');
		const frame = await deck.waitForFrame(/\^ \S/);
		const caretLine = frame.split('\n').find(line => /^\s*\^ /.test(line))!;
		// ": " then the query: the caret sits under the offending character.
		expect(caretLine.indexOf('^')).toBe(2 + position);
		expect(frame).toContain(`${never.length} of ${userCount} users`);
		expect(frame).toContain(`: ${broken}`);

		// Enter does not leave a query that does not run; the console is still alive.
		deck.press('filter.accept');
		// A held Backspace arrives as one chunk of DELs: each deletes one character.
		deck.stdin.write(keys.backspace.repeat(6));
		await waitFor(() => !/\^ \S/.test(frameOf(deck)) && frameOf(deck).includes(`: logins_count:0 `) ? true : undefined);
		expect(frameOf(deck)).toContain(`${never.length} of ${userCount} users`);

		deck.press('filter.cancel');
		const cleared = await waitUntilUnfiltered(deck);
		expect(cleared).not.toContain('logins_count');
	});
});

describe('Users list: keys that act on the selected user', () => {
	it('opens the selected user with Enter', async () => {
		const deck = await openList();
		const user = sorted(byName)[2]!;
		deck.stdin.write('jj');
		await waitForSelected(deck, user, `3/${userCount}`);
		deck.press('list.open');
		await waitFor(() => top(deck)?.name === 'user' ? true : undefined);
		expect(top(deck)).toEqual({name: 'user', userId: user.user_id, tab: 'details'});
		await deck.waitForFrame(user.user_id);
	});

	it('opens Create User with c, the Actions menu with a, copies the user_id with y and quits with q', async () => {
		const deck = await openList();
		const user = sorted(byName)[1]!;
		deck.press('list.down');
		await waitForSelected(deck, user, `2/${userCount}`);

		deck.press('list.copy');
		await waitFor(() => deck.ports.copy.mock.calls.length > 0 ? true : undefined);
		expect(deck.ports.copy).toHaveBeenCalledWith(user.user_id);
		await deck.waitForFrame(`user_id ${user.user_id}`);

		deck.press('list.actions');
		await waitFor(() => deck.deck.navigation.getState().overlay ? true : undefined);
		expect(deck.deck.navigation.getState().overlay).toEqual({name: 'actions', userId: user.user_id});
		deck.deck.navigation.dispatch({type: 'close-overlay'});
		await waitFor(() => deck.deck.navigation.getState().overlay ? undefined : true);

		deck.press('list.create');
		await waitFor(() => top(deck)?.name === 'create-user' ? true : undefined);
		deck.deck.navigation.dispatch({type: 'pop'});
		await waitForSelected(deck, user, `2/${userCount}`);

		expect(deck.exited()).toBe(false);
		deck.press('list.quit');
		expect(deck.exited()).toBe(true);
	});

	it('reports a copy that failed on the status line', async () => {
		const rendered = fixture.render(fixture.store.service);
		rendered.ports.copy.mockResolvedValueOnce({ok: false, message: 'No clipboard here'});
		await rendered.waitForFrame(/\d+\/\d+/);
		rendered.press('list.copy');
		await rendered.waitForFrame('✗ No clipboard here');
	});

	it('keeps the filter, sort and selection while a user is open, and after coming back', async () => {
		const deck = await openList();
		deck.press('list.reverse');
		deck.press('list.filter');
		deck.type('ann');
		deck.press('filter.accept');
		const ann = sorted({field: 'name', descending: true}).filter(user => matchesText(user, 'ann'));
		await deck.waitForFrame(`${ann.length} of ${userCount} users`);
		// The first user by name, selected, is last by name ▼ and does not match: the nearest match is the last one.
		await waitForSelected(deck, ann.at(-1)!, `${ann.length}/${ann.length}`);
		deck.press('list.first');
		await waitForSelected(deck, ann[0]!, `1/${ann.length}`);
		deck.press('list.down');
		await waitForSelected(deck, ann[1]!, `2/${ann.length}`);
		deck.press('list.open');
		await waitFor(() => top(deck)?.name === 'user' ? true : undefined);
		deck.deck.navigation.dispatch({type: 'pop'});
		const frame = await waitForSelected(deck, ann[1]!, `2/${ann.length}`);
		expect(frame).toContain('/ ann');
		expect(frame).toContain('Name ▼');
	});
});

describe('Users list: rendering', () => {
	it('shows the blocked badge on blocked users only, and Latest Login as relative time or never', async () => {
		const deck = await openList();
		const users = fixture.store.service.listUsers();
		const blocked = users.find(user => user.blocked)!;
		const active = users.find(user => !user.blocked && user.last_login)!;
		const never = users.find(user => !user.blocked && !user.last_login)!;

		deck.press('list.filter');
		deck.stdin.write(blocked.user_id);
		await deck.waitForFrame(`1 of ${userCount} users`);
		expect(rows(frameOf(deck))[0]).toMatch(new RegExp(`${escape(shown(blocked))}.*BLOCKED`));

		deck.press('filter.cancel');
		await waitUntilUnfiltered(deck);
		deck.press('list.filter');
		deck.stdin.write(active.user_id);
		await waitFor(() => rows(frameOf(deck))[0]?.includes(shown(active)) ? true : undefined);
		expect(rows(frameOf(deck))[0]).not.toContain('BLOCKED');
		expect(rows(frameOf(deck))[0]).toMatch(/\b(ago|just now)\b/);

		deck.press('filter.cancel');
		await waitUntilUnfiltered(deck);
		deck.press('list.filter');
		deck.stdin.write(never.user_id);
		await waitFor(() => rows(frameOf(deck))[0]?.includes(shown(never)) ? true : undefined);
		expect(rows(frameOf(deck))[0]).toMatch(/\bnever\b/);
	});

	it('fits 80 columns without a line longer than 80, and shows the User ID column at 160', async () => {
		const deck = await openList();
		resize(deck, 80);
		await waitFor(() => {
			const header = frameOf(deck).split('\n').find(line => /^\s+Name\b/.test(line));
			return header && !header.includes('Email') ? true : undefined;
		});
		const longest = (frame: string) => Math.max(...frame.split('\n').map(line => displayWidth(line)));
		expect(longest(frameOf(deck))).toBeLessThanOrEqual(80);
		// The email moves beside the name.
		const first = sorted(byName)[0]!;
		expect(selectedRow(frameOf(deck))).toContain(first.email!.slice(0, 8));

		// With a blocked user, a query error and the prompt open, still nothing passes 80.
		deck.press('list.query');
		deck.stdin.write('blocked:true AND (name:"unterminated');
		await deck.waitForFrame(/\^ \S/);
		expect(longest(frameOf(deck))).toBeLessThanOrEqual(80);
		deck.press('filter.cancel');
		await waitUntilUnfiltered(deck);
		deck.press('list.query');
		deck.type('blocked:true');
		await deck.waitForFrame('BLOCKED');
		expect(longest(frameOf(deck))).toBeLessThanOrEqual(80);

		resize(deck, 160);
		await deck.waitForFrame('User ID');
		const blocked = fixture.store.service.listUsers({query: 'blocked:true', sort: byName})[0]!;
		expect(frameOf(deck)).toContain(blocked.user_id);
		expect(longest(frameOf(deck))).toBeLessThanOrEqual(160);
	});
	it('shows the email beside the name at 80 columns only when it says something the name does not', async () => {
		const own = await ownStore(3);
		const [named, nameIsEmail] = own.service.listUsers({sort: byName}) as [User, User];
		await own.store.transact(tx => {
			tx.put('users', {...nameIsEmail, name: nameIsEmail.email!.toUpperCase()});
		});
		const deck = fixture.render(own.service);
		resize(deck, 80);
		await waitFor(() => {
			const header = frameOf(deck).split('\n').find(line => /^\s+Name\b/.test(line));
			return header && !header.includes('Email') && frameOf(deck).includes(nameIsEmail.email!.toUpperCase()) ? true : undefined;
		});
		const row = (user: User) => rows(frameOf(deck)).find(line => line.includes(user === named ? shown(named) : user.email!.toUpperCase()))!;
		expect(row(named)).toContain(named.email!.slice(0, 8));
		// Between the name and the Connection column: the email for the one, nothing for the other.
		const header = frameOf(deck).split('\n').find(line => /^\s+Name\b/.test(line))!;
		const afterName = (user: User, name: string) => row(user).slice(row(user).indexOf(name) + name.length, header.indexOf('Connection')).trim();
		expect(afterName(named, shown(named))).not.toBe('');
		expect(afterName(nameIsEmail, nameIsEmail.email!.toUpperCase())).toBe('');
	});
});

describe('Users list: following the store', () => {
	it('clamps the selection when the selected last user is deleted, and shows the empty state when none are left', async () => {
		const store = await ownStore(5);
		const deck = await openList(store);
		const users = sorted(byName, store);
		deck.press('list.last');
		await waitForSelected(deck, users.at(-1)!, `${users.length}/${users.length}`);
		await store.service.deleteUser(users.at(-1)!.user_id);
		await waitForSelected(deck, users.at(-2)!, `${users.length - 1}/${users.length - 1}`);

		for (const user of users.slice(0, -1)) {
			// eslint-disable-next-line no-await-in-loop
			await store.service.deleteUser(user.user_id);
		}

		const empty = await deck.waitForFrame('No users yet — press c to create one');
		expect(empty).toContain('0 users  0/0');
		// Keys on an empty list do nothing harmful.
		deck.stdin.write('jkGg');
		deck.press('list.open');
		deck.press('list.actions');
		deck.press('list.copy');
		await deck.waitForFrame('0 users  0/0');
		expect(top(deck)).toEqual({name: 'users'});
		expect(deck.deck.navigation.getState().overlay).toBeUndefined();
		expect(deck.ports.copy).not.toHaveBeenCalled();

		deck.press('list.create');
		await waitFor(() => top(deck)?.name === 'create-user' ? true : undefined);
	});

	it('shows users blocked, deleted and created elsewhere, keeping the selection on its user', async () => {
		const store = await ownStore(30);
		const deck = await openList(store);
		const users = sorted(byName, store);
		const chosen = users[10]!;
		deck.stdin.write('jjjjjjjjjj');
		await waitForSelected(deck, chosen, '11/30');

		// Someone above is deleted: the selection stays on the same user, one place up.
		await store.service.deleteUser(users[3]!.user_id);
		await waitForSelected(deck, chosen, '10/29');

		await store.service.blockUser(chosen.user_id);
		await waitFor(() => selectedRow(frameOf(deck))?.includes('BLOCKED') ? true : undefined);

		const connection = store.service.databaseConnections().find(candidate => candidate.enabled_clients.length > 0)!;
		await store.service.createUser({email: 'aaaaa.first@example.test', password: 'Correct-Horse-9-battery', repeatPassword: 'Correct-Horse-9-battery', connection: connection.name});
		await deck.waitForFrame('30 users');
		await waitFor(() => rows(frameOf(deck))[0]?.includes('aaaaa.first@example.test') ? true : undefined);
		await waitForSelected(deck, chosen, '11/30');

		// The selected user is deleted: the selection stays at the same place, on the next user.
		await store.service.deleteUser(chosen.user_id);
		const next = sorted(byName, store)[10]!;
		await waitForSelected(deck, next, '11/29');
	});
});

describe('Users list: drawing a write', () => {
	it('lets the write return before redrawing, then changes the header and the list in one frame', async () => {
		const store = await ownStore(30);
		const deck = await openList(store);
		const chosen = sorted(byName, store).find(user => !user.blocked)!;
		const blockedBefore = store.service.blockedCount();
		const counts = (count: number) => `30 users${count > 0 ? ` · ${count} blocked` : ''}`;
		const at = sorted(byName, store).indexOf(chosen);
		deck.stdin.write('j'.repeat(at));
		await waitForSelected(deck, chosen, `${at + 1}/30`);
		const from = deck.frames.length;
		await store.service.blockUser(chosen.user_id);
		// Durable and returned to its caller: the console has not drawn yet.
		expect(deck.frames.length).toBe(from);
		await waitFor(() => selectedRow(frameOf(deck))?.includes('BLOCKED') ? true : undefined);
		const drawn = deck.frames.slice(from);
		// No frame shows the new count with the old row, or the new row with the old count.
		for (const frame of drawn) {
			const header = frame.split('\n')[0] ?? '';
			expect(header.includes(counts(blockedBefore + 1))).toBe(selectedRow(frame)?.includes('BLOCKED') ?? false);
		}

		expect(drawn.at(-1)!.split('\n')[0]).toContain(counts(blockedBefore + 1));
	});
});

function escape(text: string): string {
	return text.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
}
