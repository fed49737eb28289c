// Browser (issue 6): hostile targets never reach `open`, neither directly nor
// from the console (a user's picture, opened with `o`); and without a browser
// the Sign in as User popup shows an error, and keeps the URL, within 5 s.
import {EventEmitter} from 'node:events';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {type BrowserDeps, type LauncherProcess, openInBrowser} from '../../source/terminal/browser.js';
import {mockPorts, type RenderedDeck, renderDeck} from '../support/deck.js';
import {keys} from '../support/keys.js';
import {hostileBrowserTargets} from '../terminal/hostile-urls.js';
import {figure, stress} from './support/scale.js';
import {copyStore, makeTemplate, type StoreCopy, type Template} from './support/store-copy.js';
import {until} from './support/until.js';

/** A launcher process that exits with `code` after `afterMs`, or never. */
function launcher(code?: number, afterMs = 20): LauncherProcess {
	const child = new EventEmitter() as EventEmitter & {exitCode: number | null; spawnfile: string};
	child.exitCode = null;
	child.spawnfile = 'xdg-open';
	if (code !== undefined) {
		setTimeout(() => {
			child.exitCode = code;
			child.emit('exit', code, null);
		}, afterMs);
	}

	return child;
}

function spyOpen() {
	return vi.fn<BrowserDeps['open']>(async () => launcher());
}

const notWsl = (): boolean => false;
const withDisplay: Partial<BrowserDeps> = {platform: 'linux', env: {DISPLAY: ':0'}, isWsl: notWsl, settleMs: 10};

let template: Template;

beforeAll(async () => {
	template = await makeTemplate(3);
});

afterAll(async () => {
	await template?.cleanup();
});

describe('openInBrowser', () => {
	it('lets no hostile target reach open, on any platform', async () => {
		const open = spyOpen();
		let refused = 0;
		for (const platform of ['linux', 'darwin', 'win32'] as const) {
			for (const [why, target] of hostileBrowserTargets) {
				const result = await openInBrowser(target, {...withDisplay, platform, open});
				expect(result.ok, `${why}: ${JSON.stringify(target)}`).toBe(false);
				refused++;
			}
		}

		figure('browser: hostile targets that reached open', `${open.mock.calls.length} of ${hostileBrowserTargets.length} targets × 3 platforms (${refused} refusals)`);
		expect(hostileBrowserTargets.length).toBeGreaterThanOrEqual(20);
		expect(open).not.toHaveBeenCalled();
		// The spy does see what is allowed through.
		expect((await openInBrowser('https://example.com/', {...withDisplay, open})).ok).toBe(true);
		expect(open).toHaveBeenCalledTimes(1);
	});
});

describe('the console', () => {
	let copy: StoreCopy;
	let deck: RenderedDeck;

	afterAll(async () => {
		deck?.unmount();
		await copy?.cleanup();
	});

	it('opens no hostile picture: o says why and never calls the port with it', async () => {
		copy = await copyStore(template);
		const users: User[] = hostileBrowserTargets.map(([, target], index) => ({
			user_id: `auth0|picture${index}`,
			email: `picture${index}@example.com`,
			created_at: '2026-01-01T00:00:00.000Z',
			updated_at: '2026-01-01T00:00:00.000Z',
			identities: [{connection: 'Username-Password-Authentication', provider: 'auth0', user_id: `picture${index}`, isSocial: false}],
			picture: target,
			logins_count: 0,
		}));
		await copy.store.transact(tx => {
			for (const user of users) {
				tx.put('users', user);
			}
		});
		const open = spyOpen();
		const ports = mockPorts({openUrl: vi.fn(async (url: string) => openInBrowser(url, {...withDisplay, open}))});
		deck = renderDeck(copy.service, {ports});
		let explained = 0;
		for (const user of users) {
			deck.deck.navigation.dispatch({type: 'reset', screen: {name: 'users'}});
			deck.deck.navigation.dispatch({type: 'push', screen: {name: 'user', userId: user.user_id, tab: 'details'}});
			deck.deck.status.dispatch({type: 'set', kind: 'info', message: ''});
			await deck.waitForFrame('User Identity');
			deck.stdin.write('o');
			await deck.waitForFrame(/✗ Not opening the picture URL: |This user has no picture URL/);
			explained++;
		}

		figure('browser: hostile pictures opened with o in the console', `${ports.openUrl.mock.calls.length} reached the port, ${open.mock.calls.length} reached open, ${explained} of ${users.length} explained on the status line`);
		expect(ports.openUrl).not.toHaveBeenCalled();
		expect(open).not.toHaveBeenCalled();
	}, 60_000);

	const noBrowser: Array<[string, Partial<BrowserDeps>, RegExp]> = [
		// The opener would "start" (its process lives on), so only the display check can say no.
		['no display (DISPLAY unset on Linux)', {platform: 'linux', env: {}, isWsl: notWsl, settleMs: 10, open: async () => launcher()}, /No browser available/],
		['a launcher that exits with code 3 (xdg-open without a browser)', {...withDisplay, settleMs: 1500, open: async () => launcher(3, 100)}, /Could not open a browser/],
		...(stress ? [['an opener that never starts', {...withDisplay, open: async () => new Promise<LauncherProcess>(() => {})}, /did not start within 4 s/] satisfies [string, Partial<BrowserDeps>, RegExp]] : []),
	];
	it.each(noBrowser)('shows an error and keeps the URL when there is no browser: %s', async (_name, deps, message) => {
		const local = await copyStore(template);
		const {service} = local;
		const user = service.listUsers().find(candidate => service.impersonationOptions(candidate.user_id).allowed)
			?? await service.createUser({email: 'popup@example.com', password: 'Sturdy-Pass-42!', repeatPassword: 'Sturdy-Pass-42!', connection: 'Username-Password-Authentication'});
		const {allowed} = service.impersonationOptions(user.user_id);
		expect(allowed).toBe(true);
		const clientId = (service.impersonationOptions(user.user_id) as {clients: Array<{client_id: string}>}).clients[0]!.client_id;
		const ticket = await service.impersonate(user.user_id, clientId);
		const ports = mockPorts({openUrl: vi.fn(async (url: string) => openInBrowser(url, deps))});
		const popup = renderDeck(service, {
			ports,
			navigation: {stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab: 'details'}], overlay: {name: 'ticket', userId: user.user_id, url: ticket.url, expiresAt: ticket.expiresAt, clientName: ticket.client.name}},
		});
		try {
			await popup.waitForFrame('One-time URL for');
			const started = performance.now();
			popup.stdin.write('o');
			const frame = await popup.waitForFrame(message, 6000);
			const ms = performance.now() - started;
			figure(`browser: no browser (${_name}): error shown after (ms)`, Math.round(ms));
			expect(ms).toBeLessThan(5000);
			// The URL is still there to copy by hand, and the popup did not claim success.
			expect(frame).toContain(ticket.url.slice(0, 40));
			expect(frame).not.toContain('Opened in the browser');
			await until(() => popup.lastFrame()?.includes('✗') || undefined);
		} finally {
			popup.unmount();
			await local.cleanup();
		}
	}, 30_000);
});

describe('a very long one-time URL', () => {
	it('keeps the popup\'s title and keys, and says y copies the rest', async () => {
		const local = await copyStore(template);
		const url = `https://app.example/cb/${'a'.repeat(10_000)}?userdeck_ticket=${'x'.repeat(43)}`;
		const popup = renderDeck(local.service, {
			navigation: {stack: [{name: 'users'}], overlay: {name: 'ticket', userId: 'x', url, expiresAt: new Date(Date.now() + 60_000).toISOString(), clientName: 'App'}},
		});
		try {
			const frame = await popup.waitForFrame('One-time URL for');
			expect(frame).toMatch(/y copy to clipboard +o open in browser +Esc close/);
			expect(frame).toMatch(/… and \d+ more lines: y copies the whole URL/);
		} finally {
			popup.unmount();
			await local.cleanup();
		}
	});
});

describe('Esc after the popup', () => {
	it('closes it (the keys still work after a failed open)', async () => {
		const local = await copyStore(template);
		const popup = renderDeck(local.service, {
			ports: mockPorts({openUrl: async () => ({ok: false, message: 'No browser available.'})}),
			navigation: {stack: [{name: 'users'}], overlay: {name: 'ticket', userId: 'x', url: 'https://app.example/cb?userdeck_ticket=abc', expiresAt: new Date(Date.now() + 60_000).toISOString(), clientName: 'App'}},
		});
		try {
			await popup.waitForFrame('One-time URL for');
			popup.stdin.write('o');
			await popup.waitForFrame('No browser available');
			popup.stdin.write(keys.escape);
			await until(() => popup.deck.navigation.getState().overlay === undefined);
		} finally {
			popup.unmount();
			await local.cleanup();
		}
	});
});
