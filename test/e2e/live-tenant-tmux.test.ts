// The console's main path over a live tenant, in a real terminal (issue 17):
// the built console in tmux with only AUTH0_DOMAIN, AUTH0_CLIENT_ID and
// AUTH0_CLIENT_SECRET (and NODE_EXTRA_CA_CERTS for the double's CA) pointing
// at the Auth0 Management API test double, every answer 200 ms late, and a
// burst of 429s in the middle. list → / filter → user → every tab → block →
// unblock → create → edit metadata → delete, while keys keep changing the
// frame: with a request in flight, and while Auth0 rate limits the console.
// Every step waits for what the screen shows (or what the double received),
// never for time; keys may arrive one per read or several in one.
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {fieldLine} from '../support/form-lines.js';
import {cli, hasTmux, realTerminal, screenPoll} from '../support/tmux.js';
import {waitFor} from '../support/wait-for.js';

// The demo store realTerminal makes is not used: the console opens the tenant.
const terminal = realTerminal({name: 'live', users: 1, seed: 'e2e', timeout: 60_000});
const {session, screen, see, keys, type} = terminal;
let double: Auth0Double;

beforeAll(async () => {
	double = await startAuth0Double({users: 250, latencyMs: 200});
});

afterAll(async () => {
	await double?.close();
});

/**
 * The console as an admin starts it against a tenant: the AUTH0_* variables
 * and nothing else that names a backend (no --store, --tenant, USERDECK_STORE,
 * saved tenants or config file of the machine's), no $VISUAL/$EDITOR.
 */
function consoleCommand(): string {
	const own = ['USERDECK_STORE', 'AUTH0_ACCESS_TOKEN', 'EDITOR', 'VISUAL'].map(name => `-u ${name}`).join(' ');
	const settings = {
		CI: 'false',
		TERM: 'xterm-256color',
		USERDECK_STATE_DIR: path.join(terminal.dir, 'state'),
		USERDECK_TENANTS_FILE: path.join(terminal.dir, 'tenants.json'),
		XDG_CONFIG_HOME: path.join(terminal.dir, 'config'),
		...double.env,
	};
	const assignments = Object.entries(settings).map(([name, value]) => `${name}='${value}'`).join(' ');
	return `env ${own} ${assignments} ${process.execPath} ${cli}`;
}

/** The screen's line `row` (0: the header, 1: the breadcrumb, 2: the list's info line). */
const line = (text: string, row: number) => text.split('\n')[row] ?? '';
/** The status line: the last line with text above the footer. */
const statusShows = (text: string, pattern: RegExp) => text.split('\n').some(each => pattern.test(each));
const rateLimited = /rate limited by Auth0, retrying at \d\d:\d\d:\d\d/;

/** A request to the Management API that has arrived at the double and not been answered. */
function inFlight(path: RegExp) {
	return double.requests.find(request => request.durationMs === undefined && path.test(request.path));
}

/**
 * Sends `key` while a request matching `path` is in flight (started by
 * `start`), and waits for the frame that shows the key's effect. On a busy
 * machine the 200 ms can pass before the request is seen; then it tries again.
 */
async function keyWhileInFlight(start: () => void, path: RegExp, key: string, shown: (text: string) => boolean, reset: () => Promise<void>): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		const before = double.requests.length;
		start();
		// eslint-disable-next-line no-await-in-loop
		const pending = await waitFor(() => double.requests.slice(before).find(request => path.test(request.path)), {timeout: 60_000});
		if (pending.durationMs === undefined) {
			keys(key);
			// eslint-disable-next-line no-await-in-loop
			await waitFor(() => shown(screen()), {timeout: 60_000, ...screenPoll, message: () => `expected the frame after ${key}:\n${screen()}`});
			return;
		}

		if (attempt === 10) {
			throw new Error(`never caught a request to ${String(path)} in flight in 10 tries`);
		}

		// eslint-disable-next-line no-await-in-loop
		await reset();
	}
}

describe.skipIf(!hasTmux)('the console over a live tenant in a real terminal (tmux)', () => {
	it('walks the main path against the Auth0 double, 200 ms late and rate limited, with keys responsive throughout', async () => {
		const users = [...double.users.values()]
			.filter(user => user.email !== undefined && !user.blocked)
			.sort((a, b) => a.user_id.localeCompare(b.user_id));
		const chosen = users.find(user => users.filter(other => other.email!.startsWith(user.email!)).length === 1)!;

		terminal.open(120, 36, consoleCommand(), session);
		// The header names the tenant and that it is live; the first page is in.
		const first = await see(/ 250 users +1\/100/);
		expect(line(first, 0)).toContain(' LIVE ');
		expect(line(first, 0)).toContain(double.domain);
		expect(first).not.toContain('store.ndjson');

		// A navigation key while a page of the list is on its way: G reaches the
		// last loaded row, which asks for the next page; k moves meanwhile.
		await keyWhileInFlight(() => {
			keys('G');
		}, /^\/api\/v2\/users$/, 'k', text => / 99\/\d+/.test(line(text, 2)), async () => {
			keys('g');
			await see(/ 1\/\d+/);
		});
		keys('g');
		await see(/ 250 users +1\/\d+/);

		// r reloads the list while Auth0 answers 429: the rows stay, j moves
		// through them while the status line says when the console tries again.
		// A page still loading would take the 429 (the double applies it when it answers).
		await waitFor(() => double.requests.every(request => request.durationMs !== undefined), {timeout: 60_000});
		double.controls.rateLimit({requests: 1, retryAfterSeconds: 12, path: /^\/api\/v2\/users$/});
		keys('r');
		await waitFor(() => statusShows(screen(), rateLimited), {timeout: 60_000, ...screenPoll, message: () => `expected the rate limit on the status line:\n${screen()}`});
		keys('j');
		await waitFor(() => {
			const text = screen();
			return / 2\/\d+/.test(line(text, 2)) && statusShows(text, rateLimited);
		}, {timeout: 60_000, ...screenPoll, message: () => `expected j to move while rate limited:\n${screen()}`});
		await see(/ 250 users +2\/100/);
		keys('g');
		await see(/ 250 users +1\/100/);

		// `/` runs a server query; its one match is opened.
		keys('/');
		await see(/^\/ /m);
		type(chosen.email!);
		await see(/ 1 match +1\/1/);
		keys('Enter');
		keys('Enter');
		await see(chosen.user_id);
		await see('User Identity');

		// Every tab; a tab key while the page's requests are still on their way.
		await keyWhileInFlight(() => {
			keys('r');
		}, /^\/api\/v2\/(users\/|device-credentials)/, 'Tab', text => line(text, 1).endsWith('› Devices') || line(text, 1).includes('› Devices'), async () => {
			keys('1');
			await see(/› Details/);
		});
		const tabs: Array<[string, string, RegExp]> = [
			['2', 'Devices', /Loading devices…/],
			['3', 'History', /Loading the history…/],
			['4', 'Locations', /Loading/],
			['5', 'Raw JSON', /Loading/],
		];
		for (const [key, title, loading] of tabs) {
			keys(key);
			// eslint-disable-next-line no-await-in-loop
			await waitFor(() => {
				const text = screen();
				return line(text, 1).includes(`› ${title}`) && !loading.test(text);
			}, {timeout: 60_000, ...screenPoll, message: () => `expected the ${title} tab, loaded:\n${screen()}`});
		}

		await see('"user_id"');
		keys('1');
		await see('User Identity');

		// Block while Auth0 answers 429 twice: the status line says when the
		// console tries again, and keys change the frame meanwhile.
		await waitFor(() => double.requests.every(request => request.durationMs !== undefined), {timeout: 60_000});
		double.controls.rateLimit({requests: 2, retryAfterSeconds: 12});
		keys('a');
		await see('Block User');
		keys('Enter');
		await waitFor(() => statusShows(screen(), rateLimited), {timeout: 60_000, ...screenPoll, message: () => `expected the rate limit on the status line:\n${screen()}`});
		// Each 429 holds the write 12 s (room for a busy machine): the tab keys' frames come well inside that.
		keys('Tab');
		await waitFor(() => {
			const text = screen();
			return line(text, 1).includes('› Devices') && statusShows(text, rateLimited);
		}, {timeout: 60_000, ...screenPoll, message: () => `expected Devices while rate limited:\n${screen()}`});
		keys('1');
		await waitFor(() => {
			const text = screen();
			return line(text, 1).includes('› Details') && statusShows(text, rateLimited);
		}, {timeout: 60_000, ...screenPoll, message: () => `expected Details while rate limited:\n${screen()}`});
		expect(double.users.get(chosen.user_id)?.blocked ?? false).toBe(false);
		await see('BLOCKED');
		await waitFor(() => !statusShows(screen(), rateLimited), {timeout: 60_000, ...screenPoll, message: () => `expected the rate limit gone from the status line:\n${screen()}`});
		await waitFor(() => double.users.get(chosen.user_id)?.blocked === true, {timeout: 60_000});
		expect(double.requests.filter(request => request.status === 429)).toHaveLength(3);

		keys('a');
		await see('Unblock User');
		keys('Enter');
		await see(/Unblocked/);
		await waitFor(() => double.users.get(chosen.user_id)?.blocked === false, {timeout: 60_000});

		// Back to the list, the filter cleared, create a user.
		keys('Escape');
		await see(/ 1 match +1\/1/);
		keys('Escape');
		await see(/ 250 users +1\/\d+/);
		const email = 'tmux.live.person@example.com';
		keys('c');
		await see('Repeat Password');
		keys(email, 'Tab', 'Sturdy-Pass-42', 'Tab', 'Sturdy-Pass-42');
		await see(fieldLine('Repeat Password', '•'.repeat(14)));
		keys('C-s');
		await see('User Identity');
		await see(email);
		const created = await waitFor(() => [...double.users.values()].find(user => user.email === email), {timeout: 60_000});

		// Edit its metadata in the console's own editor ($EDITOR is unset).
		keys('e');
		await see('Ctrl-S save');
		keys('Right');
		type('"plan": "pro"');
		await see('{"plan": "pro"}');
		keys('C-s');
		await see('Saved user_metadata');
		await see('"plan": "pro"');
		expect(double.users.get(created.user_id)?.user_metadata).toEqual({plan: 'pro'});

		// Delete it: type the email to confirm.
		await terminal.deleteOpenUser(email);
		await waitFor(() => !double.users.has(created.user_id), {timeout: 60_000});
		await see(/ 250 users +\d+\/\d+/);

		// Quit gives the terminal back.
		keys('q');
		await waitFor(() => !terminal.isOpen(), {timeout: 60_000});
	}, 600_000);
});
