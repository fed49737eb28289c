// Issue 18's writes and the user page's remaining states over a live tenant
// (the Auth0 test double through the real SDK), pressed as keys and read from
// frames: Change Password and Change Email with the server's refusals on
// their fields, a batch on marked users with the tenant's result, Locations
// loading and failing, the header's pending write and STALE marker, and the
// connections read again when Actions opens. Every wait is for a frame.
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {tenantBatchIdNote} from '../../source/live/tenant-batch.js';
import type {TenantUsersService} from '../../source/live/tenant-users-service.js';
import type {Navigation, UserTab} from '../../source/ui/state/navigation.js';
import {type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {chooseAccountAction} from '../support/actions-menu.js';
import {openOnDouble} from '../support/double-service.js';
import {type RenderedDeck, screenFixture} from '../support/deck.js';
import {waitFor} from '../support/wait-for.js';

const database = 'Username-Password-Authentication';
let double: Auth0Double;
const fixture = screenFixture(1);
const taken = new Set<string>();

beforeAll(async () => {
	double = await startAuth0Double({users: 60});
});

afterEach(() => {
	double.controls.clearFaults();
	double.controls.latencyMs = 0;
});

afterAll(async () => {
	await double?.close();
});

async function live(): Promise<TenantUsersService> {
	const service = await openOnDouble(double, {debounceMs: 0});
	fixture.afterTest(async () => {
		service.close();
	});
	return service;
}

/** A database user with an email, not blocked, used by one test only. */
function databaseUser(predicate: (user: User) => boolean = () => true): User {
	const user = [...double.users.values()].find(candidate => candidate.identities[0]?.connection === database && candidate.email !== undefined && !candidate.blocked && !taken.has(candidate.user_id) && predicate(candidate));
	if (!user) {
		throw new Error('no such user in the double');
	}

	taken.add(user.user_id);
	return user;
}

function at(user: User, tab: UserTab = 'details'): Navigation {
	return {stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab}]};
}

const userPath = (user: User) => `/api/v2/users/${encodeURIComponent(user.user_id)}`;

/** The field's own line: its label, then its value. */
function fieldLine(frame: string, label: string): string {
	return frame.split('\n').find(line => new RegExp(`^[ ›] ${label}( |$)`).test(line)) ?? '';
}

async function typeInto(deck: RenderedDeck, label: string, text: string, masked: boolean): Promise<void> {
	deck.type(text);
	await waitFor(() => fieldLine(deck.lastFrame() ?? '', label).includes(masked ? '•'.repeat([...text].length) : text) || undefined);
}

describe('Change Password and Change Email on a tenant', () => {
	it('says Auth0 checks the history, and puts its refusal of a reused password on the field', async () => {
		const user = databaseUser();
		const reused = 'Walrus-Lantern-77-Kite';
		const service = await live();
		await service.getUser(user.user_id);
		await service.changePassword(user.user_id, {password: reused, repeatPassword: reused});
		const deck = fixture.render(service, {navigation: at(user)});
		await chooseAccountAction(deck, 'Change Password');
		const form = await deck.waitForFrame('checked by Auth0 on save');
		expect(form).toContain('· Not one of the last 5 passwords Auth0 remembers (checked by Auth0 on save)');
		await typeInto(deck, 'New Password', reused, true);
		deck.press('form.next');
		await deck.waitForFrame('› Repeat Password');
		await typeInto(deck, 'Repeat Password', reused, true);
		deck.press('form.submit');
		const refused = await deck.waitForFrame('✗ Password has previously been used');
		expect(refused).toContain('Not changed: Password has previously been used');
		expect(refused).not.toContain(reused);
		await deck.waitForFrame(/^› New Password/m);
	});

	it('puts "The specified new email already exists" under the email field', async () => {
		const user = databaseUser();
		const other = databaseUser(candidate => candidate.user_id !== user.user_id);
		const deck = fixture.render(await live(), {navigation: at(user)});
		await chooseAccountAction(deck, 'Change Email');
		await deck.waitForFrame(/› Email +\S/);
		deck.stdin.write('\u0015');
		await waitFor(() => !fieldLine(deck.lastFrame() ?? '', 'Email').includes('@') || undefined);
		await typeInto(deck, 'Email', other.email!, false);
		deck.press('form.submit');
		const refused = await deck.waitForFrame(/Email[\s\S]*The specified new email already exists/);
		expect(refused).toContain('Change Email');
		expect(double.users.get(user.user_id)?.email).toBe(user.email);
	});
});

describe('a batch on marked users on a tenant', () => {
	it('blocks the marked users with one call each and says the batch id is not in Auth0\'s logs', async () => {
		const deck = fixture.render(await live());
		await deck.waitForFrame(/\d+ users?/);
		await waitFor(() => (deck.deck.service.remoteUsers?.loadedUsers().length ?? 0) >= 3 || undefined);
		deck.press('list.mark');
		deck.press('list.mark');
		deck.press('list.mark');
		await deck.waitForFrame('3 marked');
		const marked = deck.deck.service.remoteUsers!.loadedUsers().slice(0, 3);
		deck.press('list.actions');
		await deck.waitForFrame('Block 3 users');
		deck.press('menu.select');
		const result = await deck.waitForFrame(/Blocked \d of 3 users/);
		expect(result).toContain(tenantBatchIdNote);
		await waitFor(() => marked.every(user => double.users.get(user.user_id)?.blocked === true) || undefined);
		for (const user of marked) {
			expect(double.requests.some(request => request.method === 'GET' && request.path === userPath(user))).toBe(true);
		}
	});
});

describe('marks on a tenant', () => {
	it('keeps the marks of users a query no longer shows (the list holds only what is loaded)', async () => {
		const deck = fixture.render(await live());
		await deck.waitForFrame(/\d+ users?/);
		await waitFor(() => (deck.deck.service.remoteUsers?.loadedUsers().length ?? 0) >= 2 || undefined);
		deck.press('list.mark');
		deck.press('list.mark');
		await deck.waitForFrame('2 marked');
		deck.press('list.filter');
		deck.stdin.write('zzqqxx');
		const hidden = await deck.waitForFrame(/No users match/);
		expect(hidden).toContain('2 marked');
		deck.press('filter.cancel');
		await deck.waitForFrame(/\d+ users?/);
		expect(deck.lastFrame()).toContain('2 marked');
	});
});

describe('a user page\'s states on a tenant', () => {
	it('says Locations is loading, then shows the error where the history failed, and r loads it again', async () => {
		const user = databaseUser(candidate => (double.tenant.logs.get(candidate.user_id) ?? []).some(event => event.location_info !== undefined));
		double.controls.failNext(1, {status: 503, path: `${userPath(user)}/logs`});
		const deck = fixture.render(await live(), {navigation: at(user, 'locations')});
		const failed = await deck.waitForFrame('answered 503 while reading the user\'s history');
		expect(failed).toContain('r tries again');
		expect(failed).not.toContain('No login locations recorded');
		// Held long enough for the loading frame to be seen however slow the machine (the double has no switch to hold one call).
		double.controls.latencyMs = 1000;
		deck.press('user.reload');
		await deck.waitForFrame('Loading the login locations…');
		double.controls.latencyMs = 0;
		await deck.waitForFrame(/\d+ places?/);
	});

	it('marks a user opened from the list STALE when the profile refresh fails, with the error and r', async () => {
		const deck = fixture.render(await live());
		await waitFor(() => (deck.deck.service.remoteUsers?.loadedUsers().length ?? 0) > 0 || undefined);
		const first = deck.deck.service.remoteUsers!.loadedUsers()[0]!;
		double.controls.failNext(1, {status: 503, method: 'GET', path: userPath(first)});
		deck.deck.navigation.dispatch({type: 'push', screen: {name: 'user', userId: first.user_id, tab: 'details'}});
		const stale = await deck.waitForFrame('STALE');
		expect(stale).toContain('Not refreshed (r tries again):');
		expect(stale).toContain('answered 503 while reading the user');
		expect(stale).toContain(first.user_id);
		deck.press('user.reload');
		await waitFor(() => !(deck.lastFrame() ?? '').includes('STALE') || undefined);
		expect(deck.lastFrame()).toContain('User Identity');
	});

	it('shows the write in flight in the header until the server answers', async () => {
		const user = databaseUser();
		const deck = fixture.render(await live(), {navigation: at(user)});
		await deck.waitForFrame('User Identity');
		deck.press('user.actions');
		await deck.waitForFrame('Block User');
		double.controls.latencyMs = 1000;
		deck.press('menu.select');
		await deck.waitForFrame('saving… (blocking)');
		double.controls.latencyMs = 0;
		await deck.waitForFrame('BLOCKED');
		await waitFor(() => !(deck.lastFrame() ?? '').includes('saving…') || undefined);
	});

	it('reads the connections again each time Actions opens', async () => {
		const user = databaseUser();
		const deck = fixture.render(await live(), {navigation: at(user)});
		await deck.waitForFrame('User Identity');
		const reads = () => double.requests.filter(request => request.path === '/api/v2/connections').length;
		deck.press('user.actions');
		await deck.waitForFrame(/Change Password +checked against/);
		await waitFor(() => reads() >= 1 || undefined);
		const before = reads();
		deck.press('menu.close');
		await waitFor(() => !(deck.lastFrame() ?? '').includes('Delete User') || undefined);
		deck.press('user.actions');
		await deck.waitForFrame('Delete User');
		await waitFor(() => reads() > before || undefined);
	});
});
