// A user's page over a live tenant (the Auth0 test double through the real
// SDK): the profile from GET /users/{id}, devices, history, block and
// unblock through the Actions menu with the server's answer, and Sign in as
// User offered as unavailable with the exact reason. Waits are for frames.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {openTenantService} from '../../source/live/open-tenant.js';
import type {TenantUsersService} from '../../source/live/tenant-users-service.js';
import type {Navigation} from '../../source/ui/state/navigation.js';
import {allScopes, type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {screenFixture} from '../support/deck.js';
import {waitFor} from '../support/wait-for.js';

let double: Auth0Double;
const fixture = screenFixture(1);

beforeAll(async () => {
	double = await startAuth0Double({users: 60});
	double.controls.logRetentionDays = 30;
});

afterAll(async () => {
	await double?.close();
});

async function live(): Promise<TenantUsersService> {
	const service = await openTenantService({kind: 'tenant', domain: double.domain, credentials: {kind: 'client-credentials', clientId: double.clientId, clientSecret: double.clientSecret}}, {source: 'console'});
	fixture.afterTest(async () => {
		service.close();
	});
	return service;
}

function pick(predicate: (user: User) => boolean): User {
	const user = [...double.users.values()].find(predicate);
	if (!user) {
		throw new Error('no such user in the double');
	}

	return user;
}

function at(user: User, tab: 'details' | 'devices' | 'history' = 'details'): Navigation {
	return {stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab}]};
}

const devicesOf = (user: User) => [...double.tenant.devices.values()].filter(device => device.user_id === user.user_id && device.type !== 'rotating_refresh_token');

describe('a user\'s page over a tenant', () => {
	it('loads the profile by id (not from a search) and shows it', async () => {
		const user = pick(candidate => candidate.email !== undefined && !candidate.blocked);
		const deck = fixture.render(await live(), {navigation: at(user)});
		const frame = await deck.waitForFrame('User Identity');
		expect(frame).toContain(user.user_id);
		expect(double.requests.some(request => request.path === `/api/v2/users/${encodeURIComponent(user.user_id)}`)).toBe(true);
	});

	it('shows the devices and the history from the tenant', async () => {
		const user = pick(candidate => devicesOf(candidate).length >= 2);
		const deck = fixture.render(await live(), {navigation: at(user, 'devices')});
		await deck.waitForFrame(`${devicesOf(user).length} devices`);
		deck.press('user.next-tab');
		await waitFor(() => double.requests.some(request => request.path === `/api/v2/users/${encodeURIComponent(user.user_id)}/logs`));
		const twoDays = Date.now() - (2 * 24 * 3600 * 1000);
		const recent = (double.tenant.logs.get(user.user_id) ?? []).filter(event => Date.parse(event.date) >= twoDays + 60_000);
		await deck.waitForFrame(recent.length === 0 ? 'Past 2 days' : /Past 2 days · \d+ events?/);
	});

	it('blocks and unblocks through the Actions menu, showing the server\'s answer', async () => {
		const user = pick(candidate => !candidate.blocked && candidate.email !== undefined);
		const deck = fixture.render(await live(), {navigation: at(user)});
		await deck.waitForFrame('User Identity');
		deck.press('user.actions');
		const menu = await deck.waitForFrame('Block User');
		expect(menu).toContain('unavailable: Sign in as User has no Management API v2 equivalent');
		deck.press('menu.select');
		await deck.waitForFrame('BLOCKED');
		expect(double.users.get(user.user_id)?.blocked).toBe(true);
		deck.press('user.actions');
		await deck.waitForFrame('Unblock User');
		deck.press('menu.select');
		await waitFor(() => double.users.get(user.user_id)?.blocked === false);
		await deck.waitForFrame(/Unblocked /);
		expect(deck.lastFrame()).not.toContain('BLOCKED ');
	});

	it('creates a user on the tenant through the form, once the connections are loaded', async () => {
		const deck = fixture.render(await live(), {navigation: {stack: [{name: 'users'}, {name: 'create-user'}]}});
		await deck.waitForFrame(/[ ›] Repeat Password/);
		const password = 'Correct-Horse-9-Battery';
		deck.type('form.user@example.com');
		await deck.waitForFrame('form.user@example.com');
		deck.press('form.next');
		deck.type(password);
		await deck.waitForFrame(new RegExp(`^› Password +•{${password.length}}`, 'm'));
		deck.press('form.next');
		deck.type(password);
		await deck.waitForFrame(new RegExp(`^› Repeat Password +•{${password.length}}`, 'm'));
		deck.press('form.submit');
		await waitFor(() => [...double.users.values()].some(user => user.email === 'form.user@example.com'));
	});

	it('o opens the picture when the tenant\'s domain does not name its Dashboard page (a local endpoint)', async () => {
		const user = pick(candidate => candidate.picture !== undefined);
		const deck = fixture.render(await live(), {navigation: at(user)});
		await deck.waitForFrame('User Identity');
		expect(deck.deck.service.dashboardUrl(user.user_id)).toBeUndefined();
		deck.press('user.open');
		await deck.waitForFrame('Opened the picture in the browser');
		expect(deck.ports.openUrl).toHaveBeenCalledWith(user.picture);
	});

	it('shows where a tab\'s load failed (the missing scope) instead of an empty list', async () => {
		double.controls.scopes = allScopes.filter(scope => scope !== 'read:device_credentials');
		try {
			const user = pick(candidate => devicesOf(candidate).length > 0);
			const deck = fixture.render(await live(), {navigation: at(user, 'devices')});
			const frame = await deck.waitForFrame('Missing scope read:device_credentials');
			expect(frame).not.toContain('No devices linked');
		} finally {
			double.controls.scopes = [...allScopes];
		}
	});

	it('says where the history stops when the tenant keeps less than the window', async () => {
		double.controls.logRetentionDays = 1;
		try {
			const user = pick(candidate => (double.tenant.logs.get(candidate.user_id)?.length ?? 0) > 0);
			const deck = fixture.render(await live(), {navigation: at(user, 'history')});
			await deck.waitForFrame(/Auth0 keeps a tenant's logs for 1–30 days/);
		} finally {
			double.controls.logRetentionDays = 30;
		}
	});

	it('says why a profile could not be loaded, and r tries again', async () => {
		const user = [...double.users.values()][7]!;
		double.controls.failNext(1, {status: 503, path: `/api/v2/users/${encodeURIComponent(user.user_id)}`});
		const deck = fixture.render(await live(), {navigation: {stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab: 'details'}]}});
		const failed = await deck.waitForFrame(/answered 503 while reading the user/);
		// The footer offers what works on this page: back and load again, no tabs.
		expect(failed.split('\n').at(-2)).toMatch(/^Esc back {3}r load again {3}\? help/);
		deck.press('user-failed.reload');
		const frame = await deck.waitForFrame('User Identity');
		expect(frame).toContain(user.user_id);
	});

	it('says the user no longer exists when the tenant has no such user', async () => {
		const deck = fixture.render(await live(), {navigation: {stack: [{name: 'users'}, {name: 'user', userId: 'auth0|nobody', tab: 'details'}]}});
		await deck.waitForFrame('This user no longer exists');
	});
});
