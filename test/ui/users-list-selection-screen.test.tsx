// The selected user on the Users list when the order or the rows change, at
// 5,000 users (issue 13): sorts, reversals, a filter typed and cleared, a `:`
// query, writes here and by another process, a reload, and the first sort
// after the load. The list's engine runs its slices from a queue the test
// drains, each slice a step or two long: every change is seen pending first, then
// done, whatever the machine's speed.
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {compareUsers, type UserSort} from '../../source/domain/sort.js';
import type {User} from '../../source/domain/types.js';
import {displayName} from '../../source/domain/user-factory.js';
import {Store} from '../../source/store/store.js';
import {sanitize} from '../../source/terminal/sanitize.js';
import {keys} from '../support/keys.js';
import {type RenderedDeck, screenFixture, type TestStore} from '../support/deck.js';
import {handRunEngine} from '../support/list-engine.js';
import {waitFor} from '../support/wait-for.js';

const size = 5000;
const fixture = screenFixture(size, {setupTimeout: 120_000});

type Opened = RenderedDeck & {
	/** Runs every slice of work the list's engine has queued (and what those queue). */
	finish(): void;
};

/** The console over `store`, its list engine's slices one step each, run when the test says. */
function open(store: TestStore): Opened {
	const run = handRunEngine({idleMs: 0});
	const deck = fixture.render(store.service, {
		prepare(deck) {
			deck.memo('users-list-view', () => run.engine);
		},
	});
	return Object.assign(deck, {
		finish() {
			run.drain();
		},
	});
}

const fmt = (count: number) => count.toLocaleString('en-US');
const byName: UserSort = {field: 'name', descending: false};

function frameOf(deck: RenderedDeck): string {
	return deck.lastFrame() ?? '';
}

function infoLine(frame: string): string {
	return frame.split('\n')[2] ?? '';
}

/** How a user's name starts in their row. */
function shown(user: User): string {
	return [...sanitize(displayName(user))].slice(0, 12).join('');
}

function selectedRow(frame: string): string | undefined {
	return frame.split('\n').find(line => line.startsWith('› '));
}

/**
 * Runs the list's work until the rows are known (no sort or search running)
 * and `user` is selected at `place` (1-based) of `count`: the position names
 * the row, the name says who is on it.
 */
async function selectedAt(deck: Opened, user: User, place: number, count: number): Promise<string> {
	const position = ` ${fmt(place)}/${fmt(count)}`;
	return waitFor(() => {
		// What a key or a write asked for is queued once it is drawn: run it as it comes.
		deck.finish();
		const frame = frameOf(deck);
		const info = infoLine(frame);
		return info.includes(position) && !/sorting|searching/.test(info) && selectedRow(frame)?.slice(2).startsWith(shown(user)) ? frame : undefined;
	}, {message: () => `expected ${shown(user)} (${user.user_id}) selected at${position} in:\n${frameOf(deck)}`});
}

function listed(store: TestStore, sort: UserSort, keep: (user: User) => boolean = () => true): User[] {
	return [...store.service.store.tables.users.keys()].map(id => store.service.store.user(id)!).filter(keep).sort((a, b) => compareUsers(a, b, sort));
}

function placeOf(users: readonly User[], user: User): number {
	const index = users.findIndex(each => each.user_id === user.user_id);
	expect(index, `${user.user_id} listed`).toBeGreaterThanOrEqual(0);
	return index + 1;
}

/** The first user that sorts after `user` in `users` (where a user who left goes), or the last. */
function nearest(users: readonly User[], user: User, sort: UserSort): User {
	return users.find(each => compareUsers(each, user, sort) > 0) ?? users.at(-1)!;
}

function escape(text: string): string {
	return text.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
}

function matchesText(user: User, text: string): boolean {
	const needle = text.toLowerCase();
	return [user.name, user.email, user.user_id].some(field => field?.toLowerCase().includes(needle));
}

/** Opens the list, waits for the first sort, and selects the 6th user by name with five j. */
async function sixthSelected(store: TestStore = fixture.store): Promise<{deck: Opened; user: User}> {
	const deck = open(store);
	await deck.waitForFrame('sorting…');
	const users = listed(store, byName);
	await selectedAt(deck, users[0]!, 1, users.length);
	deck.stdin.write('jjjjj');
	await selectedAt(deck, users[5]!, 6, users.length);
	return {deck, user: users[5]!};
}

describe(`the selected user survives every change of order (${fmt(size)} users, sorted and filtered in slices)`, () => {
	it('s keeps the 6th user through every sort, and S S brings them back to row 6, not 4,995', async () => {
		const {deck, user} = await sixthSelected();
		for (const [sort, marker, sliced] of [
			// The user_id order is the first sort's (it orders ties by id): shown at once.
			[{field: 'user_id', descending: false}, 'User ID ▲', false],
			[{field: 'connection', descending: false}, 'Connection ▲', true],
			[{field: 'logins_count', descending: true}, 'Logins ▼', true],
			[{field: 'last_login', descending: true}, 'Latest Login ▼', true],
		] satisfies Array<[UserSort, string, boolean]>) {
			deck.press('list.sort');
			// Sorted in slices: first the old order, the user still selected in it.
			// eslint-disable-next-line no-await-in-loop
			const first = await waitFor(() => {
				const frame = frameOf(deck);
				return frame.includes(marker) ? frame : undefined;
			});
			expect(infoLine(first).includes('sorting…'), marker).toBe(sliced);
			expect(selectedRow(first)?.slice(2)).toMatch(new RegExp(`^${escape(shown(user))}`));
			const users = listed(fixture.store, sort);
			// eslint-disable-next-line no-await-in-loop
			await selectedAt(deck, user, placeOf(users, user), size);
		}

		// Back to Name: that order is kept from the first sort.
		deck.press('list.sort');
		await selectedAt(deck, user, 6, size);
		deck.press('list.reverse');
		await deck.waitForFrame('Name ▼');
		await selectedAt(deck, user, size - 5, size);
		expect(infoLine(frameOf(deck))).toContain(`${fmt(size - 5)}/${fmt(size)}`);
		deck.press('list.reverse');
		await selectedAt(deck, user, 6, size);
	});

	it('the Actions menu names the selected user after a sort, and while it runs', async () => {
		const {deck, user} = await sixthSelected();
		const named = sanitize(`${displayName(user)} · ${user.user_id}`).slice(0, 40);
		// By User ID (shown at once: the first sort's id order), then by Connection, sorted in slices.
		deck.press('list.sort');
		await selectedAt(deck, user, placeOf(listed(fixture.store, {field: 'user_id', descending: false}), user), size);
		deck.press('list.sort');
		await deck.waitForFrame('sorting…');
		// Still sorting: the user is shown, in the old order, and is the one the menu acts on.
		deck.press('list.actions');
		await deck.waitForFrame(named);
		deck.stdin.write(keys.escape);
		await waitFor(() => frameOf(deck).includes(named) ? undefined : true);

		await selectedAt(deck, user, placeOf(listed(fixture.store, {field: 'connection', descending: false}), user), size);
		deck.press('list.actions');
		const menu = await deck.waitForFrame('Block User');
		expect(menu).toContain(named);
	});

	it('keeps the user through a filter typed and cleared while they match; one who stops matching gives the nearest match, said on the status line', async () => {
		const {deck, user: sixth} = await sixthSelected();
		// A user on a .com address with "example" in it, selected.
		const users = listed(fixture.store, byName);
		const chosen = users.find((each, index) => index >= 5 && /example\.com$/.test(each.email ?? '') && !matchesText(each, 'example.o'))!;
		expect(chosen).toBeDefined();
		const moves = placeOf(users, chosen) - 6;
		deck.stdin.write('j'.repeat(moves));
		await selectedAt(deck, chosen, placeOf(users, chosen), size);
		expect(sixth.user_id).not.toBe(chosen.user_id);

		deck.press('list.filter');
		await deck.waitForFrame('Enter keep');
		let typed = '';
		for (const char of 'example') {
			typed += char;
			deck.stdin.write(char);
			// eslint-disable-next-line no-await-in-loop
			await deck.waitForFrame(`/ ${typed}`);
			const matching = users.filter(each => matchesText(each, typed));
			// eslint-disable-next-line no-await-in-loop
			await selectedAt(deck, chosen, placeOf(matching, chosen), matching.length);
		}

		// Cleared: the user at their place in the whole list.
		deck.press('filter.cancel');
		await selectedAt(deck, chosen, placeOf(users, chosen), size);
		expect(frameOf(deck)).not.toContain('does not match');

		// Typed again, past where the user matches.
		deck.press('list.filter');
		await deck.waitForFrame('Enter keep');
		deck.stdin.write('example.');
		await deck.waitForFrame('/ example.');
		await selectedAt(deck, chosen, placeOf(users.filter(each => matchesText(each, 'example.')), chosen), users.filter(each => matchesText(each, 'example.')).length);
		deck.stdin.write('o');
		await deck.waitForFrame('/ example.o');
		const others = users.filter(each => matchesText(each, 'example.o'));
		const next = nearest(others, chosen, byName);
		await selectedAt(deck, next, placeOf(others, next), others.length);
		await deck.waitForFrame(`${sanitize(displayName(chosen))} does not match the filter`);

		// Cleared: the user now selected stays so.
		deck.press('filter.cancel');
		await selectedAt(deck, next, placeOf(users, next), size);
	});

	it('keeps the user through a `:` query while they match, and gives the nearest match when they do not', async () => {
		const {deck, user} = await sixthSelected();
		const logins = user.logins_count ?? 0;
		expect(logins).toBeGreaterThan(0);
		const users = listed(fixture.store, byName);
		deck.press('list.query');
		await deck.waitForFrame('Enter keep');
		// Pasted in one chunk: text for the prompt.
		deck.stdin.write(`logins_count:[${logins} TO *]`);
		await deck.waitForFrame(`: logins_count:[${logins} TO *]`);
		const many = users.filter(each => (each.logins_count ?? 0) >= logins);
		await selectedAt(deck, user, placeOf(many, user), many.length);

		deck.stdin.write(keys.backspace.repeat(`${logins} TO *]`.length));
		deck.stdin.write(`${logins + 1} TO *]`);
		await deck.waitForFrame(`: logins_count:[${logins + 1} TO *]`);
		const fewer = users.filter(each => (each.logins_count ?? 0) > logins);
		const next = nearest(fewer, user, byName);
		await selectedAt(deck, next, placeOf(fewer, next), fewer.length);
		await deck.waitForFrame(`${sanitize(displayName(user))} does not match the query`);
	});

	it('keeps the user while the first sort runs after the load, when chosen in the store order', async () => {
		const deck = open(fixture.store);
		const sorting = await deck.waitForFrame('sorting…');
		expect(infoLine(sorting)).toContain(` 1/${fmt(size)}`);
		deck.stdin.write('jj');
		await deck.waitForFrame(` 3/${fmt(size)}`);
		// Row 3 in the store's own order, while sorting.
		const tableOrder = [...fixture.store.service.store.tables.users.keys()].map(id => fixture.store.service.store.user(id)!);
		const chosen = tableOrder[2]!;
		expect(selectedRow(frameOf(deck))?.slice(2)).toMatch(new RegExp(`^${escape(shown(chosen))}`));
		const users = listed(fixture.store, byName);
		expect(placeOf(users, chosen)).not.toBe(3);
		await selectedAt(deck, chosen, placeOf(users, chosen), size);
	});

	it('follows the user through writes here and by another process, a reload, and says so when they are deleted', async () => {
		const store = await fixture.ownStore(size);
		const {deck, user} = await sixthSelected(store);
		const {service} = store;

		// Created here, sorting first: the user is one row further down.
		const connection = service.databaseConnections().find(candidate => candidate.enabled_clients.length > 0)!;
		await service.createUser({email: '000aaa.first@example.test', password: 'Correct-Horse-9-battery', repeatPassword: 'Correct-Horse-9-battery', connection: connection.name});
		await selectedAt(deck, user, 7, size + 1);

		// Another process deletes two users above and creates one below.
		const other = await Store.open({path: path.join(store.dir, 'store.ndjson')});
		fixture.afterTest(async () => other.close());
		const above = listed(store, byName).slice(0, 2);
		await other.transact(tx => {
			for (const each of above) {
				tx.delete('users', each.user_id);
			}
		});
		expect(await store.store.refresh()).toBe(true);
		await selectedAt(deck, user, 5, size - 1);

		// Another process compacts the store: this one loads everything again and sorts it anew, in slices.
		await other.compact();
		expect(await store.store.refresh()).toBe(true);
		await deck.waitForFrame('sorting…');
		await selectedAt(deck, user, 5, size - 1);
		// The users are new objects now; still the same user selected, in a new order too.
		deck.press('list.sort');
		await selectedAt(deck, user, placeOf(listed(store, {field: 'user_id', descending: false}), user), size - 1);
		deck.press('list.sort');
		deck.press('list.sort');
		deck.press('list.sort');
		deck.press('list.sort');
		await selectedAt(deck, user, 5, size - 1);

		// Deleted by the other process: the next user takes the row, and the status line says why.
		await other.refresh();
		await other.transact(tx => {
			tx.delete('users', user.user_id);
		});
		await store.store.refresh();
		const after = listed(store, byName);
		await selectedAt(deck, after[4]!, 5, size - 2);
		await deck.waitForFrame(`${sanitize(displayName(user))} no longer exists: selected the nearest user`);

		// The user now selected is the list's pick: deleting them moves on without a message.
		const picked = after[4]!;
		await service.deleteUser(picked.user_id);
		await selectedAt(deck, after[5]!, 5, size - 3);
		expect(frameOf(deck)).not.toContain(`${sanitize(displayName(picked))} no longer exists`);

		// Deleted with this console's own Delete (Actions, the email typed): "Deleted …" says it, once.
		deck.press('list.down');
		const [mine, following] = listed(store, byName).slice(5, 7) as [User, User];
		await selectedAt(deck, mine, 6, size - 3);
		expect(mine.email).toBeDefined();
		deck.press('list.actions');
		await deck.waitForFrame('Delete User');
		deck.press('menu.last');
		deck.press('menu.select');
		await deck.waitForFrame('Yes, Delete It');
		deck.type(mine.email!);
		await deck.waitForFrame('press Enter');
		const from = deck.frames.length;
		deck.press('confirm-delete.submit');
		await selectedAt(deck, following, 6, size - 4);
		await deck.waitForFrame(`Deleted ${sanitize(displayName(mine))}`);
		expect(deck.frames.slice(from).some(frame => frame.includes(`${sanitize(displayName(mine))} no longer exists`))).toBe(false);
	}, 60_000);
});
