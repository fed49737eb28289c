// The overlays over a user: Actions (block, unblock, delete, sign in as user),
// their confirmations, the ticket popup with copy and open mocked at the ports,
// the event viewer, the metadata editor and the help overlay.
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {bindings} from '../../source/ui/keymap.js';
import type {Navigation} from '../../source/ui/state/navigation.js';
import {makeService, mockPorts, type RenderedDeck, renderDeck, type TestStore} from '../support/deck.js';
import {keys} from '../support/keys.js';
import {waitFor} from '../support/wait-for.js';

let testStore: TestStore;
let rendered: RenderedDeck | undefined;

beforeAll(async () => {
	testStore = await makeService({users: 60});
});

afterEach(() => {
	rendered?.unmount();
	rendered = undefined;
});

afterAll(async () => {
	await testStore.cleanup();
});

const service = () => testStore.service;

function pick(test: (user: User) => boolean): User {
	const user = service().listUsers({sort: {field: 'user_id', descending: false}}).find(candidate => test(candidate));
	if (!user) {
		throw new Error('no such user in the demo store');
	}

	return user;
}

function openUser(user: User, options: Parameters<typeof renderDeck>[1] = {}): RenderedDeck {
	const navigation: Navigation = {stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab: 'details'}]};
	rendered = renderDeck(service(), {navigation, ...options});
	return rendered;
}

const overlayName = (deck: RenderedDeck) => deck.deck.navigation.getState().overlay?.name;

describe('Actions menu', () => {
	it('blocks and unblocks, visible at once in the header', async () => {
		const user = pick(candidate => !candidate.blocked && candidate.email !== undefined);
		const deck = openUser(user);
		await deck.waitForFrame('User Identity');
		deck.press('user.actions');
		await deck.waitForFrame('Block User');
		deck.press('menu.select');
		await deck.waitForFrame('BLOCKED');
		expect(service().getUser(user.user_id).blocked).toBe(true);
		await deck.waitForFrame(/Blocked /);

		deck.press('user.actions');
		await deck.waitForFrame('Unblock User');
		deck.press('menu.select');
		await waitFor(() => service().getUser(user.user_id).blocked === false);
		await deck.waitForFrame(/Unblocked /);
		expect(deck.lastFrame()).not.toContain('BLOCKED ');
	});

	it('says why Sign in as User is unavailable', async () => {
		const user = pick(candidate => !service().impersonationOptions(candidate.user_id).allowed && !candidate.blocked);
		const deck = openUser(user);
		await deck.waitForFrame('User Identity');
		deck.press('user.actions');
		const frame = await deck.waitForFrame('Sign in as User');
		expect(frame).toMatch(/unavailable: /);
	});

	it('closes with Esc without doing anything', async () => {
		const user = pick(candidate => !candidate.blocked);
		const deck = openUser(user);
		await deck.waitForFrame('User Identity');
		deck.press('user.actions');
		await deck.waitForFrame('Block User');
		deck.press('menu.close');
		await waitFor(() => overlayName(deck) === undefined);
		expect(service().getUser(user.user_id).blocked).toBeFalsy();
	});
});

describe('Delete User', () => {
	async function openDelete(user: User): Promise<RenderedDeck> {
		const deck = openUser(user);
		await deck.waitForFrame('User Identity');
		deck.press('user.actions');
		await deck.waitForFrame('Delete User');
		deck.press('menu.last');
		deck.press('menu.select');
		await deck.waitForFrame('Yes, Delete It');
		return deck;
	}

	it('warns that it cannot be undone and deletes only after the email is typed and Enter pressed', async () => {
		const user = pick(candidate => candidate.email !== undefined && candidate.user_id.startsWith('auth0|'));
		const deck = await openDelete(user);
		expect(deck.lastFrame()).toContain('cannot be undone');
		deck.press('confirm-delete.submit');
		// Enter before typing the email does nothing.
		await deck.waitForFrame('type the text above first');
		expect(service().store.user(user.user_id)).toBeDefined();
		deck.type(user.email!);
		await deck.waitForFrame('press Enter');
		deck.press('confirm-delete.submit');
		await waitFor(() => service().store.user(user.user_id) === undefined);
		await waitFor(() => deck.deck.navigation.getState().stack.length === 1 && overlayName(deck) === undefined);
		await deck.waitForFrame(/Deleted /);
	});

	it.each([['dy'], ['y\r'], ['yes\r'], ['EMAIL\r']])('deletes nothing when %j is pasted as one chunk', async chunk => {
		const user = pick(candidate => candidate.email !== undefined && service().store.user(candidate.user_id) !== undefined);
		const deck = await openDelete(user);
		deck.stdin.write(chunk.replace('EMAIL', user.email!));
		// Give the paste every chance to act: wait until it has been typed in.
		if (chunk.startsWith('EMAIL')) {
			await deck.waitForFrame('press Enter');
		}

		deck.stdin.write('x');
		await deck.waitForFrame(/x/);
		expect(service().store.user(user.user_id)).toBeDefined();
		expect(overlayName(deck)).toBe('confirm-delete');
	});
});

describe('Sign in as User', () => {
	it('issues a URL; copy and open go through the ports, and the URL stays visible', async () => {
		const user = pick(candidate => service().impersonationOptions(candidate.user_id).allowed);
		const ports = mockPorts({
			openUrl: async () => ({ok: false, message: 'No browser available: no graphical display (DISPLAY is not set). Copy the URL instead.'}),
		});
		const deck = openUser(user, {ports});
		await deck.waitForFrame('User Identity');
		deck.press('user.actions');
		await deck.waitForFrame('Sign in as User');
		deck.press('menu.down');
		deck.press('menu.select');
		await deck.waitForFrame('Choose the application');
		deck.press('menu.select');
		await waitFor(() => overlayName(deck) === 'ticket');
		const overlay = deck.deck.navigation.getState().overlay;
		if (overlay?.name !== 'ticket') {
			throw new Error('expected the ticket popup');
		}

		await deck.waitForFrame('One-time URL for');
		expect(deck.lastFrame()!.replaceAll(/[\s│]/g, '')).toContain(overlay.url.slice(0, 40));
		expect(deck.lastFrame()).toMatch(/expires in [12]:\d\d/);

		deck.press('ticket.copy');
		await waitFor(() => ports.copy.mock.calls.length === 1);
		expect(ports.copy.mock.calls[0]![0]).toBe(overlay.url);
		await deck.waitForFrame('Copied to the clipboard');

		deck.press('ticket.open');
		await deck.waitForFrame('No browser available');
		expect(deck.lastFrame()).toContain('One-time URL for');
		// The URL redeems once, for that application.
		const profile = await service().redeemTicket(overlay.url, service().clients().find(client => client.name === overlay.clientName)!.client_id);
		expect(profile.user_id).toBe(user.user_id);
	});
});

describe('Devices: unlink with y/N', () => {
	it('keeps the device on N and on a pasted "y\\r", unlinks on y', async () => {
		const user = pick(candidate => service().devices(candidate.user_id).length > 0);
		const device = service().devices(user.user_id)[0]!;
		const navigation: Navigation = {stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab: 'devices'}]};
		const deck = renderDeck(service(), {navigation});
		rendered = deck;
		await deck.waitForFrame('Devices');
		deck.press('devices.unlink');
		await deck.waitForFrame('Unlink ');
		deck.stdin.write('y\r');
		deck.press('confirm.no');
		await waitFor(() => overlayName(deck) === undefined);
		expect(service().store.tables.devices.has(device.id)).toBe(true);

		deck.press('devices.unlink');
		await waitFor(() => overlayName(deck) === 'confirm-unlink');
		deck.press('confirm.yes');
		await waitFor(() => !service().store.tables.devices.has(device.id));
		await deck.waitForFrame(/Unlinked /);
	});
});

describe('user_metadata editor', () => {
	it('refuses invalid JSON with its position, keeps the text, then saves valid JSON', async () => {
		const user = pick(candidate => !candidate.blocked && Object.keys(candidate.user_metadata ?? {}).length > 0);
		const before = service().getUser(user.user_id).user_metadata!;
		const deck = openUser(user, {ports: mockPorts({editText: undefined})});
		await deck.waitForFrame('User Identity');
		deck.press('details.edit');
		await deck.waitForFrame('Ctrl-S save');
		// The cursor starts before the opening brace: a stray character breaks the JSON.
		deck.type('x');
		deck.press('editor.save');
		await deck.waitForFrame(/Invalid JSON at line 1, column 1/);
		expect(deck.lastFrame()).toContain('x{');
		expect(service().getUser(user.user_id).user_metadata).toEqual(before);

		// The cursor is put on the error (line 1, column 1): delete the x there.
		deck.stdin.write(keys.right);
		deck.stdin.write(keys.backspace);
		deck.stdin.write(keys.right);
		deck.type(' "edited": "yes",');
		deck.press('editor.save');
		await waitFor(() => service().getUser(user.user_id).user_metadata?.edited === 'yes', {message: () => deck.lastFrame() ?? ''});
		expect(service().getUser(user.user_id).user_metadata).toEqual({...before, edited: 'yes'});
		await deck.waitForFrame('Saved user_metadata');
	});

	it('uses $EDITOR when configured, and a refusal lands in the inline editor with nothing lost', async () => {
		const user = pick(candidate => !candidate.blocked);
		const deck = openUser(user, {ports: mockPorts({editText: async () => '{"theme": "dark", "bad key.": 1}'})});
		await deck.waitForFrame('User Identity');
		deck.press('details.edit');
		await deck.waitForFrame(/must not contain|\./);
		await deck.waitForFrame('"bad key."');
		expect(service().getUser(user.user_id).user_metadata?.theme).not.toBe('dark');
		deck.press('editor.cancel');
		await waitFor(() => overlayName(deck) === undefined);
	});
});

describe('help overlay', () => {
	it('lists every binding of the keymap, and closes with Esc', async () => {
		const user = pick(() => true);
		const deck = openUser(user);
		await deck.waitForFrame('User Identity');
		deck.stdin.write('?');
		await deck.waitForFrame('Keys');
		const seen = new Set<string>();
		// Page through: the position line ("1–16 of 160") says when each page is drawn.
		for (let page = 0; page < 40; page++) {
			const frame = await deck.waitForFrame(/\d+–\d+ of \d+/);
			for (const line of frame.split('\n')) {
				seen.add(line);
			}

			const [, , last, total] = /(\d+)–(\d+) of (\d+)/.exec(frame)!;
			if (last === total) {
				break;
			}

			deck.press('viewer.page-down');
			await deck.waitForFrame(new RegExp(`\\d+–(?!${last} )\\d+ of ${total}`));
		}

		const text = [...seen].join('\n');
		for (const binding of bindings) {
			expect(text, binding.id).toContain(binding.description.slice(0, 30));
		}

		deck.press('viewer.close');
		await waitFor(() => overlayName(deck) === undefined);
	});
});
