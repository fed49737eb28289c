// The commands over a tenant, as an admin runs them: only AUTH0_DOMAIN,
// AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET set (pointing at the Auth0 double,
// reached through the real SDK), so each command resolves the tenant, opens
// it through the one door and prints what the tenant holds.
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {allScopes, type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {runMain} from '../support/run-main.js';

let double: Auth0Double;
const saved = {domain: process.env.AUTH0_DOMAIN, id: process.env.AUTH0_CLIENT_ID, secret: process.env.AUTH0_CLIENT_SECRET, token: process.env.AUTH0_ACCESS_TOKEN};

const run = runMain;

beforeAll(async () => {
	double = await startAuth0Double({users: 40});
	double.controls.logRetentionDays = 30;
	process.env.AUTH0_DOMAIN = double.domain;
	process.env.AUTH0_CLIENT_ID = double.clientId;
	process.env.AUTH0_CLIENT_SECRET = double.clientSecret;
	delete process.env.AUTH0_ACCESS_TOKEN;
});

afterEach(() => {
	double.controls.clearFaults();
	double.controls.scopes = [...allScopes];
});

afterAll(async () => {
	await double?.close();
	for (const [name, value] of [['AUTH0_DOMAIN', saved.domain], ['AUTH0_CLIENT_ID', saved.id], ['AUTH0_CLIENT_SECRET', saved.secret], ['AUTH0_ACCESS_TOKEN', saved.token]] as const) {
		if (value === undefined) {
			delete process.env[name];
		} else {
			process.env[name] = value;
		}
	}
});

describe('commands over a tenant', () => {
	it('users list, show, logs, devices, connections and clients print the tenant\'s data', async () => {
		const list = await run(['users', 'list', '--json', '--limit', '5', '--sort', 'logins_count:desc']);
		expect(list.code).toBe(0);
		const listed = JSON.parse(list.stdout) as Array<{user_id: string; logins_count: number}>;
		expect(listed).toHaveLength(5);
		expect(listed.map(user => user.logins_count)).toEqual([...double.users.values()].map(user => user.logins_count).sort((a, b) => b - a).slice(0, 5));
		const user = [...double.users.values()].find(candidate => [...double.tenant.devices.values()].some(device => device.user_id === candidate.user_id) && (double.tenant.logs.get(candidate.user_id)?.length ?? 0) > 0)!;
		expect(JSON.parse((await run(['users', 'show', user.user_id])).stdout)).toMatchObject({user_id: user.user_id});
		const logs = JSON.parse((await run(['users', 'logs', user.user_id, '--since', 'all', '--json'])).stdout) as unknown[];
		expect(logs.length).toBeGreaterThan(0);
		const devices = JSON.parse((await run(['users', 'devices', user.user_id, '--json'])).stdout) as Array<{user_id: string}>;
		expect(devices.length).toBeGreaterThan(0);
		expect(devices.every(device => device.user_id === user.user_id)).toBe(true);
		const connections = JSON.parse((await run(['connections', 'list', '--json'])).stdout) as Array<{strategy: string}>;
		expect(connections.length).toBeGreaterThan(0);
		expect(connections.every(connection => connection.strategy === 'auth0')).toBe(true);
		const clients = JSON.parse((await run(['clients', 'list', '--json'])).stdout) as unknown[];
		expect(clients).toHaveLength(double.tenant.clients.length);
	});

	it('users list --sort connection is refused on a tenant (Auth0 cannot sort by it), not printed in the server\'s order', async () => {
		const before = double.requests.filter(request => request.path === '/api/v2/users').length;
		const refused = await run(['users', 'list', '--sort', 'connection']);
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain('Auth0 cannot sort users by connection');
		expect(refused.stdout).toBe('');
		expect(double.requests.filter(request => request.path === '/api/v2/users')).toHaveLength(before);
	});

	it('block, metadata and delete write to the tenant; a missing scope fails with exit 1 and names it', async () => {
		const user = [...double.users.values()].find(candidate => !candidate.blocked)!;
		expect((await run(['users', 'block', user.user_id])).stdout).toMatch(/^Blocked /);
		expect(double.users.get(user.user_id)?.blocked).toBe(true);
		expect((await run(['users', 'block', user.user_id])).stdout).toContain('was already blocked');
		await run(['users', 'metadata', user.user_id, '--set', '{"plan":"pro"}']);
		expect(double.users.get(user.user_id)?.user_metadata?.['plan']).toBe('pro');
		double.controls.scopes = double.controls.scopes.filter(scope => scope !== 'delete:users');
		const refused = await run(['users', 'delete', user.user_id, '--yes']);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('Missing scope delete:users');
		expect(double.users.has(user.user_id)).toBe(true);
	});

	it('users email changes the email on the tenant, and a taken one fails with Auth0\'s message', async () => {
		const [user, other] = [...double.users.values()].filter(candidate => candidate.identities[0]?.connection === 'Username-Password-Authentication' && candidate.email !== undefined).slice(-2);
		const changed = await run(['users', 'email', user!.user_id, '--email', 'cli.moved@example.com', '--verified']);
		expect(changed.stdout).toContain('to cli.moved@example.com (verified)');
		expect(double.users.get(user!.user_id)).toMatchObject({email: 'cli.moved@example.com', email_verified: true});
		const refused = await run(['users', 'email', user!.user_id, '--email', other!.email!]);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('The specified new email already exists');
	});

	it('refuses Sign in as User and login with their reasons, before any request', async () => {
		const user = [...double.users.values()][0]!;
		const before = double.requests.length;
		const impersonate = await run(['users', 'impersonate', user.user_id, '--client', 'x']);
		expect(impersonate.code).toBe(2);
		expect(impersonate.stderr).toContain('Sign in as User has no Management API v2 equivalent');
		const login = await run(['login', '--email', 'a@example.com', '--client', 'x', '--password', 'not-a-real-one']);
		expect(login.code).toBe(2);
		expect(login.stderr).toMatch(/tenant/i);
		expect(double.requests.length).toBe(before);
	});
});
