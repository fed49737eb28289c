// The overlays over a user: Actions (block, unblock, delete, sign in as user),
// their confirmations, the ticket popup with copy and open mocked at the ports,
// the event viewer, the metadata editor and the help overlay.
import {describe, expect, it, vi} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {bindings} from '../../source/ui/keymap.js';
import type {Navigation} from '../../source/ui/state/navigation.js';
import {mockPorts, type renderDeck, type RenderedDeck, resize, screenFixture} from '../support/deck.js';
import {keys} from '../support/keys.js';
import {waitFor} from '../support/wait-for.js';

const fixture = screenFixture(60);

const service = () => fixture.store.service;

function pick(test: (user: User) => boolean): User {
	const user = service().listUsers({sort: {field: 'user_id', descending: false}}).find(candidate => test(candidate));
	if (!user) {
		throw new Error('no such user in the demo store');
	}

	return user;
}

function openUser(user: User, options: Parameters<typeof renderDeck>[1] = {}): RenderedDeck {
	const navigation: Navigation = {stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab: 'details'}]};
	return fixture.render(service(), {navigation, ...options});
}

const overlayName = (deck: RenderedDeck) => deck.deck.navigation.getState().overlay?.name;

/** Signs in as a user who may be impersonated, through the Actions menu, at `size` (columns, rows) if given: the ticket popup with its URL. */
async function openTicket(ports = mockPorts(), size?: readonly [columns: number, rows: number]): Promise<{deck: RenderedDeck; user: User; url: string; clientName: string}> {
	const user = pick(candidate => service().impersonationOptions(candidate.user_id).allowed);
	const deck = openUser(user, {ports});
	if (size) {
		resize(deck, ...size);
	}

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
	return {deck, user, url: overlay.url, clientName: overlay.clientName};
}

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
		const ports = mockPorts({
			openUrl: async () => ({ok: false, message: 'No browser available: no graphical display (DISPLAY is not set). Copy the URL instead.'}),
		});
		const {deck, user, url, clientName} = await openTicket(ports);
		expect(deck.lastFrame()!.replaceAll(/[\s│]/g, '')).toContain(url.slice(0, 40));
		expect(deck.lastFrame()).toMatch(/expires in [12]:\d\d/);

		deck.press('ticket.copy');
		await waitFor(() => ports.copy.mock.calls.length === 1);
		expect(ports.copy.mock.calls[0]![0]).toBe(url);
		await deck.waitForFrame('Copied to the clipboard');

		deck.press('ticket.open');
		await deck.waitForFrame('No browser available');
		expect(deck.lastFrame()).toContain('One-time URL for');
		// The URL redeems once, for that application.
		const profile = await service().redeemTicket(url, service().clients().find(client => client.name === clientName)!.client_id);
		expect(profile.user_id).toBe(user.user_id);
	});
});

describe('Devices: unlink with y/N', () => {
	it('keeps the device on N and on a pasted "y\\r", unlinks on y', async () => {
		const user = pick(candidate => service().devices(candidate.user_id).length > 0);
		const device = service().devices(user.user_id)[0]!;
		const navigation: Navigation = {stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab: 'devices'}]};
		const deck = fixture.render(service(), {navigation});
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
		const opened = await deck.waitForFrame('Keys');
		// Its footer offers what works there: scrolling and closing, nothing to copy.
		expect(opened.split('\n').at(-2)).toContain('Esc close');
		expect(opened.split('\n').at(-2)).not.toContain('copy');
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

			deck.press('help.page-down');
			await deck.waitForFrame(new RegExp(`\\d+–(?!${last} )\\d+ of ${total}`));
		}

		const text = [...seen].join('\n');
		for (const binding of bindings) {
			expect(text, binding.id).toContain(binding.description.slice(0, 30));
		}

		deck.press('help.close');
		await waitFor(() => overlayName(deck) === undefined);
	});

	it('an event\'s viewer, unlike the help, offers y to copy in its footer', async () => {
		const user = pick(candidate => service().history(candidate.user_id, 2 * 86_400_000).length > 0);
		const deck = openUser(user);
		await deck.waitForFrame('User Identity');
		deck.press('user.tab-3');
		await deck.waitForFrame(/Past 2 days/);
		deck.press('history.open');
		const frame = await deck.waitForFrame('"log_id"');
		expect(frame.split('\n').at(-2)).toContain('y copy');
	});
});

describe('status messages belong to their action', () => {
	// The status line's text (a long message wraps onto the last lines).
	const statusLine = (deck: RenderedDeck) => deck.lastFrame()!.split('\n').slice(-3).join(' ');

	it('the copy message of the Sign in as User popup goes with the popup, and is not on the next dialog', async () => {
		const osc52 = 'Sent to the terminal\'s clipboard (OSC 52); if your terminal doesn\'t support it, copy the URL shown';
		const {deck} = await openTicket(mockPorts({copy: vi.fn(async () => ({ok: true as const, message: osc52}))}));
		deck.press('ticket.copy');
		await waitFor(() => statusLine(deck).includes('OSC 52'));
		deck.press('ticket.close');
		await waitFor(() => overlayName(deck) === undefined);
		await waitFor(() => (statusLine(deck).includes('OSC 52') ? undefined : true));
		deck.press('user.actions');
		await deck.waitForFrame('Block User');
		expect(deck.lastFrame()).not.toContain('OSC 52');
	});

	it('a message of the page goes when the tab changes', async () => {
		const user = pick(candidate => !candidate.blocked);
		const deck = openUser(user, {ports: mockPorts({editText: undefined})});
		await deck.waitForFrame('User Identity');
		deck.press('details.edit');
		await deck.waitForFrame('Ctrl-S save');
		deck.press('editor.cancel');
		await waitFor(() => statusLine(deck).includes('Edit cancelled'));
		deck.press('user.tab-3');
		await deck.waitForFrame(/Past 2 days|No events/);
		await waitFor(() => (statusLine(deck).includes('Edit cancelled') ? undefined : true), {message: () => `${JSON.stringify(deck.deck.status.getState().message)}\n${deck.lastFrame()!}`});
		expect(deck.deck.status.getState().message).toBe('');
	});
});

describe('overlays cover the screen beneath', () => {
	/** Lines of the dialog (between its corners) whose border has a character of the screen beneath beside it. */
	function touching(frame: string): string[] {
		const lines = frame.split('\n');
		const top = lines.findIndex(line => line.includes('╭'));
		const bottom = lines.findIndex((line, index) => index > top && line.includes('╰'));
		expect(top, frame).toBeGreaterThanOrEqual(0);
		expect(bottom, frame).toBeGreaterThan(top);
		const column = [...lines[top]!].indexOf('╭');
		const right = [...lines[top]!].indexOf('╮');
		return lines.slice(top, bottom + 1).filter(line => {
			const chars = [...line];
			return (column > 0 && chars[column - 1] !== ' ') || (chars[right + 1] !== undefined && chars[right + 1] !== ' ');
		});
	}

	const cases: Array<[string, (deck: RenderedDeck) => Promise<void>]> = [
		['help', async deck => {
			deck.press('global.help');
			await deck.waitForFrame('Keys');
		}],
		['event viewer', async deck => {
			deck.press('user.tab-3');
			await deck.waitForFrame(/Past 2 days/);
			deck.press('history.open');
			await deck.waitForFrame('"log_id"');
		}],
		['metadata editor', async deck => {
			deck.press('details.edit');
			await deck.waitForFrame('Ctrl-S save');
		}],
		['actions menu', async deck => {
			deck.press('user.actions');
			await deck.waitForFrame('Delete User');
		}],
	];

	it.each(cases)('the %s at 80 and 160 columns: no character of the page beside its border', async (_, openOverlay) => {
		const user = pick(candidate => !candidate.blocked && service().history(candidate.user_id, 2 * 86_400_000).length > 0);
		const deck = openUser(user, {ports: mockPorts({editText: undefined})});
		resize(deck, 80, 24);
		await deck.waitForFrame('User Identity');
		await openOverlay(deck);
		for (const [columns, rows] of [[80, 24], [160, 48]] as const) {
			resize(deck, columns, rows);
			// eslint-disable-next-line no-await-in-loop
			// The header is right-aligned to the width (less a margin): it says the frame is drawn at this size.
			const frame = await waitFor(() => {
				const current = deck.lastFrame()!;
				return [...current.split('\n')[0]!].length >= columns - 1 && [...current.split('\n')[0]!].length <= columns ? current : undefined;
			}, {message: () => `expected a frame ${columns} columns wide:\n${deck.lastFrame()!}`});
			expect(touching(frame), frame).toEqual([]);
		}
	});
});

describe('Sign in as User: a URL a person can copy by hand', () => {
	it('at 160 columns the URL is alone on its line, whole, with no border or padding', async () => {
		const {deck, url} = await openTicket(mockPorts(), [160, 48]);
		expect(url.length).toBeLessThan(160);
		const lines = deck.lastFrame()!.split('\n');
		expect(lines.filter(line => line.includes('ticket='))).toEqual([url]);
		// The explanation is whole: it wraps where it must, it is never cut.
		expect(deck.lastFrame()).toContain('select it to copy it by hand.');
	});

	it('at 80 columns it fills whole rows from the first column, nothing else on them, and the text beside it wraps', async () => {
		const {deck, url} = await openTicket(mockPorts(), [80, 24]);
		expect(url.length).toBeGreaterThan(80);
		const lines = deck.lastFrame()!.split('\n');
		const first = lines.findIndex(line => line.startsWith('https://'));
		expect(first).toBeGreaterThan(0);
		const rows = lines.slice(first, first + Math.ceil(url.length / 80));
		expect(rows.join('')).toBe(url);
		expect(rows.slice(0, -1).every(row => row.length === 80)).toBe(true);
		expect(lines[first - 1]!.trim()).toBe('');
		expect(lines[first + rows.length]!.trim()).toBe('');
		const text = lines.map(line => line.trim()).join(' ');
		expect(text).toContain('It stands alone on the lines below: select it to copy it by hand.');
	});

	it('a long copy result wraps in the popup and on the status line instead of being cut', async () => {
		const osc52 = 'Sent to the terminal\'s clipboard (OSC 52); if your terminal doesn\'t support it, copy the URL shown';
		const {deck} = await openTicket(mockPorts({copy: vi.fn(async () => ({ok: true as const, message: osc52}))}), [80, 24]);
		deck.press('ticket.copy');
		const frame = await deck.waitForFrame('OSC 52');
		const lines = frame.split('\n');
		const joined = (from: number) => lines.slice(from).map(line => line.trim()).join(' ');
		// On the status line (the frame's last lines), the whole message.
		expect(joined(lines.length - 2)).toBe(`✓ ${osc52}`);
		// In the popup too.
		expect(lines.map(line => line.trim()).join(' ')).toContain(`${osc52} ──`);
	});
});

describe('Actions: why Sign in as User is unavailable, in full', () => {
	it.each([[80, 24], [160, 48]])('at %i columns the reason is whole (one line where it fits)', async (columns, rows) => {
		const user = pick(candidate => {
			const options = service().impersonationOptions(candidate.user_id);
			return !options.allowed && options.reason.length > 60;
		});
		const options = service().impersonationOptions(user.user_id);
		const reason = options.allowed ? '' : options.reason;
		const deck = openUser(user);
		resize(deck, columns, rows);
		await deck.waitForFrame('User Identity');
		deck.press('user.actions');
		const frame = await deck.waitForFrame('Delete User');
		const inside = frame.split('\n').map(line => line.replaceAll('│', '').trim());
		if (columns >= 160) {
			expect(inside.some(line => line.includes(`unavailable: ${reason}`))).toBe(true);
		} else {
			expect(inside.join(' ')).toContain(`unavailable: ${reason}`.split(' ').slice(0, 3).join(' '));
			expect(inside.join(' ').replaceAll(/\s+/g, ' ')).toContain(reason);
		}

		expect(frame).not.toMatch(/unavailable: [^│]*…/);
	});
});

describe('Delete User: the text to type is read whole', () => {
	it('widens for a long email at 160 columns', async () => {
		const email = `a.very.long.mailbox.name.for.testing.${'x'.repeat(20)}@subdomain.example.com`;
		const created = await service().createUser({email, password: 'Zq9!vEcTor-77', repeatPassword: 'Zq9!vEcTor-77', connection: 'Username-Password-Authentication'});
		const deck = openUser(created);
		Object.defineProperty(deck.stdout, 'columns', {value: 160, configurable: true});
		Object.defineProperty(deck.stdout, 'rows', {value: 48, configurable: true});
		deck.stdout.emit('resize');
		await deck.waitForFrame('User Identity');
		deck.press('user.actions');
		await deck.waitForFrame('Delete User');
		deck.press('menu.last');
		deck.press('menu.select');
		const frame = await deck.waitForFrame('Yes, Delete It');
		expect(frame).toContain(`Type ${email} to confirm:`);
	});
});
