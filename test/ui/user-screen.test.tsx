// The User page, driven by keys over a real demo store: each tab's content, tab
// switching, the tab keys (edit, unlink, event, widen, copy, scroll) and
// following store changes made elsewhere (block, delete).
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {type User, userFieldOrder} from '../../source/domain/types.js';
import {eventName} from '../../source/domain/log-codes.js';
import {jsonLines, lineText} from '../../source/ui/components/json-lines.js';
import type {Navigation, UserTab} from '../../source/ui/state/navigation.js';
import {keys} from '../support/keys.js';
import {makeService, type RenderedDeck, renderDeck, type TestStore} from '../support/deck.js';
import {waitFor} from '../support/wait-for.js';

const day = 24 * 60 * 60 * 1000;

let testStore: TestStore;
let rendered: RenderedDeck | undefined;

beforeAll(async () => {
	testStore = await makeService({users: 80});
});

afterEach(() => {
	rendered?.unmount();
	rendered = undefined;
});

afterAll(async () => {
	await testStore.cleanup();
});

function service() {
	return testStore.service;
}

function pick(description: string, test: (user: User) => boolean, except: readonly User[] = []): User {
	const user = service().listUsers().find(candidate => test(candidate) && !except.some(other => other.user_id === candidate.user_id));
	if (!user) {
		throw new Error(`The demo store has no user ${description}`);
	}

	return user;
}

function open(user: User, tab: UserTab = 'details'): RenderedDeck {
	const navigation: Navigation = {stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab}]};
	rendered = renderDeck(service(), {navigation});
	return rendered;
}

function top(deck: RenderedDeck) {
	return deck.deck.navigation.getState().stack.at(-1);
}

async function waitForTab(deck: RenderedDeck, tab: UserTab): Promise<void> {
	await waitFor(() => {
		const screen = top(deck);
		return screen?.name === 'user' && screen.tab === tab;
	}, {message: () => `expected tab ${tab}, navigation is ${JSON.stringify(deck.deck.navigation.getState())}`});
}

const withDevices = (user: User) => service().devices(user.user_id).length >= 2;
const withRecentHistory = (user: User) => service().history(user.user_id).length >= 2
	&& service().history(user.user_id, Number.POSITIVE_INFINITY).length > service().history(user.user_id).length;
// Auth0's profile structure: a social user's provider attributes are the keys beyond the Management API's fields.
const providerAttributes = (user: User) => Object.keys(user).filter(key => !(userFieldOrder as readonly string[]).includes(key));
const socialWithProfile = (user: User) => user.identities[0]!.isSocial && providerAttributes(user).length > 0;

describe('User page', () => {
	it('shows the header and the Details tab: identity, access and the footer keys of the tab', async () => {
		const user = pick('with an email and logins', candidate => candidate.email !== undefined && candidate.logins_count > 0 && !candidate.blocked);
		const deck = open(user);
		const frame = await deck.waitForFrame('User Identity');
		expect(frame).toContain(user.name ?? user.email!);
		expect(frame).toContain(user.email);
		expect(frame).toContain(user.user_id);
		expect(frame).toContain(user.identities[0]!.connection);
		expect(frame).toMatch(new RegExp(String.raw`Logins\s+${user.logins_count}\b`));
		expect(frame).toMatch(/Access\s+Active/);
		expect(frame).not.toContain('BLOCKED');
		// The tab's own key reached the footer through the page's registration.
		expect(frame).toContain('edit metadata');
		for (const title of ['1 Details', '2 Devices', '3 History', '4 Locations', '5 Raw JSON']) {
			expect(frame).toContain(title);
		}
	});

	it('shows a blocked user with the badge and "Blocked" access', async () => {
		const user = pick('who is blocked', candidate => candidate.blocked === true);
		const deck = open(user);
		const frame = await deck.waitForFrame('BLOCKED');
		expect(frame).toMatch(/Access\s+Blocked/);
	});

	it('scrolls Details down to the metadata and the Identity Provider Attributes of a social user', async () => {
		const user = pick('signed in with a social provider that gave attributes', socialWithProfile);
		const [attribute] = providerAttributes(user);
		const deck = open(user);
		await deck.waitForFrame('User Identity');
		deck.press('user.last');
		const frame = await deck.waitForFrame('Identity Provider Attributes');
		expect(frame).toContain(`"${attribute}"`);
		expect(frame).not.toContain('User Identity');
	});

	it('opens the metadata editor with e on Details', async () => {
		const user = pick('any', () => true);
		const deck = open(user);
		await deck.waitForFrame('User Identity');
		deck.press('details.edit');
		await waitFor(() => deck.deck.navigation.getState().overlay?.name === 'edit-metadata');
		expect(deck.deck.navigation.getState().overlay).toEqual({name: 'edit-metadata', userId: user.user_id});
	});

	it('switches tabs with Tab, Shift-Tab, the arrows and 1–5, wrapping around', async () => {
		const user = pick('any', () => true);
		const deck = open(user);
		await deck.waitForFrame('User Identity');
		deck.press('user.next-tab');
		await waitForTab(deck, 'devices');
		deck.stdin.write(keys.right);
		await waitForTab(deck, 'history');
		await deck.waitForFrame('widen');
		deck.press('user.prev-tab');
		await waitForTab(deck, 'devices');
		deck.stdin.write(keys.left);
		await waitForTab(deck, 'details');
		deck.press('user.prev-tab');
		await waitForTab(deck, 'raw');
		deck.press('user.next-tab');
		await waitForTab(deck, 'details');
		const order: Array<[string, UserTab]> = [['5', 'raw'], ['3', 'history'], ['4', 'locations'], ['2', 'devices'], ['1', 'details']];
		for (const [digit, tab] of order) {
			deck.stdin.write(digit);
			await waitForTab(deck, tab);
		}

		// The header's breadcrumb follows the tab.
		deck.stdin.write('5');
		await deck.waitForFrame(/› Raw JSON/);
	});

	it('goes back to the list with Esc', async () => {
		const user = pick('any', () => true);
		const deck = open(user);
		await deck.waitForFrame('User Identity');
		deck.press('user.back');
		await waitFor(() => top(deck)?.name === 'users');
		expect(deck.deck.navigation.getState().stack).toEqual([{name: 'users'}]);
	});

	it('opens the Actions menu with a, and copies the user_id with y', async () => {
		const user = pick('any', () => true);
		const deck = open(user);
		await deck.waitForFrame('User Identity');
		deck.press('user.copy');
		await waitFor(() => deck.ports.copy.mock.calls.length === 1);
		expect(deck.ports.copy).toHaveBeenCalledWith(user.user_id);
		await deck.waitForFrame('Copied to the clipboard (user_id)');
		deck.press('user.actions');
		await waitFor(() => deck.deck.navigation.getState().overlay?.name === 'actions');
		expect(deck.deck.navigation.getState().overlay).toEqual({name: 'actions', userId: user.user_id});
	});

	it('opens the picture with o, and reports a browser that did not start', async () => {
		const user = pick('with a picture', candidate => candidate.picture?.startsWith('https://') === true);
		const deck = open(user);
		deck.ports.openUrl.mockResolvedValueOnce({ok: false, message: 'No browser could be started. Copy the URL instead.'});
		await deck.waitForFrame('User Identity');
		deck.press('user.open');
		await deck.waitForFrame('No browser could be started');
		expect(deck.ports.openUrl).toHaveBeenCalledWith(new URL(user.picture!).toString());
	});

	it('lists devices, and u asks to unlink the selected one', async () => {
		const user = pick('with at least two devices', withDevices);
		const devices = service().devices(user.user_id);
		const deck = open(user, 'devices');
		const frame = await deck.waitForFrame(`${devices.length} devices`);
		for (const device of devices.slice(0, 5)) {
			expect(frame).toContain(device.type);
			expect(frame).toContain(service().client(device.client_id)!.name);
			expect(frame).toContain(device.device_name.slice(0, 15));
		}

		deck.press('user.down');
		deck.press('devices.unlink');
		await waitFor(() => deck.deck.navigation.getState().overlay?.name === 'confirm-unlink');
		expect(deck.deck.navigation.getState().overlay).toEqual({name: 'confirm-unlink', userId: user.user_id, deviceId: devices[1]!.id});
	});

	it('says so when no device is linked', async () => {
		const user = pick('without devices', candidate => service().devices(candidate.user_id).length === 0);
		const deck = open(user, 'devices');
		await deck.waitForFrame('No devices linked');
		deck.press('devices.unlink');
		await deck.waitForFrame('No device to unlink');
		expect(deck.deck.navigation.getState().overlay).toBeUndefined();
	});

	it('shows the past 2 days of history, newest first, widens with w and opens an event with Enter', async () => {
		const user = pick('with events in the past 2 days and older ones', withRecentHistory);
		const recent = service().history(user.user_id);
		const deck = open(user, 'history');
		let frame = await deck.waitForFrame(`Past 2 days · ${recent.length} event${recent.length === 1 ? '' : 's'}`);
		for (const title of ['Event', 'When', 'Application', 'Identity Provider', 'IP', 'From']) {
			expect(frame).toContain(title);
		}

		const newest = recent[0]!;
		expect(frame).toContain(eventName(newest.type).slice(0, 12));
		const rows = frame.split('\n');
		const firstRow = rows.findIndex(line => line.startsWith('› '));
		expect(rows[firstRow]).toContain(eventName(newest.type).slice(0, 12));
		if (newest.ip) {
			expect(rows[firstRow]).toContain(newest.ip);
		}

		deck.press('user.down');
		deck.press('history.open');
		await waitFor(() => deck.deck.navigation.getState().overlay?.name === 'event');
		expect(deck.deck.navigation.getState().overlay).toEqual({name: 'event', event: recent[1]});
		deck.deck.navigation.dispatch({type: 'close-overlay'});

		const week = service().history(user.user_id, 7 * day);
		deck.press('history.widen');
		frame = await deck.waitForFrame(`Past 7 days · ${week.length} event`);
		const all = service().history(user.user_id, Number.POSITIVE_INFINITY);
		deck.press('history.widen');
		deck.press('history.widen');
		frame = await deck.waitForFrame(`All time · ${all.length.toLocaleString('en-US')} event`);
		expect(all.length).toBeGreaterThan(recent.length);
		// Widening starts again from the newest event.
		deck.press('history.open');
		await waitFor(() => deck.deck.navigation.getState().overlay?.name === 'event');
		expect(deck.deck.navigation.getState().overlay).toEqual({name: 'event', event: all[0]});
	});

	it('says how to widen when the past 2 days are empty', async () => {
		const user = pick('with no events in the past 2 days', candidate => service().history(candidate.user_id).length === 0);
		const deck = open(user, 'history');
		await deck.waitForFrame('No events in the past 2 days — press w to widen');
		deck.press('history.widen');
		await deck.waitForFrame(/Past 7 days · \d+ events?|No events in the past 7 days/);
	});

	it('lists the places the user logged in from on Locations', async () => {
		const user = pick('with known login places', candidate => service().locations(candidate.user_id).length > 0);
		const [place] = service().locations(user.user_id);
		const deck = open(user, 'locations');
		const frame = await deck.waitForFrame(place!.country);
		expect(frame).toContain(place!.city);
	});

	it('shows the whole profile as JSON on Raw JSON, scrolls it, and y copies JSON that parses to the user', async () => {
		const user = pick('with metadata', candidate => Object.keys(candidate.user_metadata ?? {}).length > 0 && candidate.identities.length > 0);
		const lines = jsonLines(user).map(line => lineText(line));
		const deck = open(user, 'raw');
		let frame = await deck.waitForFrame(`"user_id": "${user.user_id}"`);
		expect(frame).toContain(`"email": "${user.email}"`);
		expect(frame).toMatch(new RegExp(String.raw`lines 1–\d+ of ${lines.length}`));

		// A burst of three presses moves three lines.
		deck.stdin.write('jjj');
		frame = await deck.waitForFrame(new RegExp(String.raw`lines 4–\d+ of ${lines.length}`));
		expect(frame).not.toContain(`"user_id": "${user.user_id}"`);
		expect(frame).toContain(lines[3]!.trim());

		deck.press('user.last');
		frame = await deck.waitForFrame(new RegExp(String.raw`lines \d+–${lines.length} of ${lines.length}`));
		expect(frame).toContain(lines.at(-2)!.trim());
		deck.press('user.first');
		await deck.waitForFrame(`"user_id": "${user.user_id}"`);

		deck.press('raw.copy');
		await waitFor(() => deck.ports.copy.mock.calls.length === 1);
		const copied = deck.ports.copy.mock.calls[0]![0];
		expect(JSON.parse(copied)).toEqual(service().getUser(user.user_id));
		await deck.waitForFrame('Copied to the clipboard (the profile as JSON)');
	});

	it('follows the store: blocking elsewhere shows the badge', async () => {
		const user = pick('who is not blocked', candidate => !candidate.blocked && candidate.logins_count > 3);
		const deck = open(user);
		await deck.waitForFrame('User Identity');
		expect(deck.lastFrame()).not.toContain('BLOCKED');
		await service().blockUser(user.user_id);
		const frame = await deck.waitForFrame('BLOCKED');
		expect(frame).toMatch(/Access\s+Blocked/);
		await service().unblockUser(user.user_id);
		await waitFor(() => !deck.lastFrame()!.includes('BLOCKED'));
	});

	it('says the user no longer exists when deleted elsewhere, and Esc goes back', async () => {
		const user = pick('to delete', candidate => !candidate.blocked && candidate.logins_count === 0);
		const deck = open(user, 'history');
		await deck.waitForFrame(/event|No events/);
		await service().deleteUser(user.user_id);
		await deck.waitForFrame('This user no longer exists');
		deck.press('user.copy');
		deck.press('user.back');
		await waitFor(() => top(deck)?.name === 'users');
		expect(deck.ports.copy).not.toHaveBeenCalled();
	});

	it('offers only the way back on a deleted user\'s page: footer, keys and help agree', async () => {
		const user = pick('to delete from the page', candidate => !candidate.blocked && candidate.logins_count === 0);
		const deck = open(user, 'details');
		await deck.waitForFrame('User Identity');
		expect(deck.lastFrame()).toMatch(/a actions/);
		await service().deleteUser(user.user_id);
		const frame = await deck.waitForFrame('This user no longer exists');
		const footer = frame.split('\n').at(-2)!;
		expect(footer).toMatch(/Esc back/);
		expect(footer).not.toMatch(/actions|tabs|copy/);
		const before = deck.deck.navigation.getState();
		deck.stdin.write('a');
		deck.stdin.write(keys.tab);
		deck.stdin.write('3');
		deck.press('global.help');
		await waitFor(() => deck.deck.navigation.getState().overlay?.name === 'help');
		expect(deck.deck.navigation.getState().stack).toBe(before.stack);
		const help = await deck.waitForFrame('Keys');
		// The help's first section is this page's, and it names only Esc.
		const firstTitle = help.split('\n').find(line => /│\S/.test(line) && !line.includes('Keys'));
		expect(firstTitle).toContain('Deleted user\'s page');
	});

	it('sends the rest of a burst to the new tab after a tab switch', async () => {
		const user = pick('with at least two devices', withDevices);
		const devices = service().devices(user.user_id);
		const deck = open(user);
		await deck.waitForFrame('User Identity');
		// "2" switches to Devices; "j" then moves the device selection, not the Details scroll.
		deck.stdin.write('2j');
		await waitForTab(deck, 'devices');
		await deck.waitForFrame(`${devices.length} devices`);
		deck.press('devices.unlink');
		await waitFor(() => deck.deck.navigation.getState().overlay?.name === 'confirm-unlink');
		expect(deck.deck.navigation.getState().overlay).toEqual({name: 'confirm-unlink', userId: user.user_id, deviceId: devices[1]!.id});
	});

	it('reads a long paste as a paste, not as a string of commands', async () => {
		const user = pick('with at least two devices', withDevices);
		const deck = open(user);
		await deck.waitForFrame('User Identity');
		// Half a megabyte of tab keys and pans: ignored, and the next key works at once.
		deck.stdin.write('45j+m'.repeat(100_000));
		deck.stdin.write('2');
		await waitForTab(deck, 'devices');
		expect(deck.deck.navigation.getState().overlay).toBeUndefined();
		expect(deck.deck.navigation.getState().stack.at(-1)).toMatchObject({name: 'user', userId: user.user_id});
	});
});
