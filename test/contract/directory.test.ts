// Connections (with the database connection's password policy in `options`),
// applications and device credentials, through the real SDK.
import {Management, ManagementError} from 'auth0';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {allScopes, type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {requestsTo, sdk} from './sdk.js';

let double: Auth0Double;
let client: ReturnType<typeof sdk>;

beforeAll(async () => {
	double = await startAuth0Double({users: 40});
	client = sdk(double);
});

afterAll(async () => {
	await double?.close();
});

describe('GET /api/v2/connections', () => {
	it('lists database connections by strategy, with the password policy in options (checkpoint paging, the SDK\'s default)', async () => {
		const page = await client.connections.list({strategy: ['auth0']});
		const names = page.data.map(connection => connection.name);
		expect(names).toContain('Username-Password-Authentication');
		expect(page.data.every(connection => connection.strategy === 'auth0')).toBe(true);
		const database = page.data.find(connection => connection.name === 'Username-Password-Authentication')!;
		expect(database.options).toMatchObject({passwordPolicy: 'good', password_history: {enable: true, size: 5}, password_dictionary: {enable: true}, password_no_personal_info: {enable: true}});
		expect(database.id).toMatch(/^con_[A-Za-z0-9]{16}$/);
		expect(requestsTo(double, '/api/v2/connections').at(-1)!.query).toMatchObject({strategy: 'auth0', take: '50'});
	});

	it('walks checkpoint pages with from/next', async () => {
		const all = double.tenant.connections.length;
		const seen: string[] = [];
		for await (const connection of await client.connections.list({take: 2})) {
			seen.push(connection.name!);
		}

		expect(seen).toHaveLength(all);
		expect(requestsTo(double, '/api/v2/connections').some(request => typeof request.query.from === 'string')).toBe(true);
	});
});

describe('GET /api/v2/clients', () => {
	it('lists the applications, the double\'s own machine-to-machine one included', async () => {
		const page = await client.clients.list({include_totals: true});
		expect(page.data.map(application => application.client_id)).toContain(double.clientId);
		expect(page.response).toMatchObject({start: 0, limit: 50, total: double.tenant.clients.length});
	});
});

describe('device credentials', () => {
	const owner = () => [...double.tenant.devices.values()].find(device => device.type === 'refresh_token')!.user_id;

	it('lists a user\'s refresh tokens by type (paged, in device_credentials)', async () => {
		const userId = owner();
		const expected = [...double.tenant.devices.values()].filter(device => device.user_id === userId && device.type === 'refresh_token');
		const page = await client.deviceCredentials.list({user_id: userId, type: 'refresh_token', include_totals: true});
		expect(page.data.map(device => device.id).sort()).toEqual(expected.map(device => device.id).sort());
		expect(page.response).toMatchObject({start: 0, limit: 50, total: expected.length});
	});

	it('answers a plain list without type (paging ignored, as documented), which the SDK\'s Page does not read', async () => {
		const userId = owner();
		const page = await client.deviceCredentials.list({user_id: userId});
		expect(Array.isArray(page.response)).toBe(true);
		expect((page.response as unknown as unknown[]).length).toBeGreaterThan(0);
		expect(page.data).toEqual([]);
	});

	it('deletes a credential (204) and logs it on the user', async () => {
		const device = [...double.tenant.devices.values()][0]!;
		await client.deviceCredentials.delete(device.id);
		expect(double.tenant.devices.has(device.id)).toBe(false);
		expect(double.tenant.logsOf(device.user_id).at(-1)).toMatchObject({type: 'sapi', description: 'Delete a Device Credential'});
		await expect(client.deviceCredentials.delete(device.id)).resolves.toBeUndefined();
	});

	it('needs read:device_credentials', async () => {
		double.controls.scopes = ['read:users'];
		try {
			const error = await sdk(double).deviceCredentials.list({user_id: owner(), type: 'refresh_token'}).catch((caught: unknown) => caught);
			expect(error).toBeInstanceOf(Management.ForbiddenError);
			expect((error as ManagementError).body).toMatchObject({message: 'Insufficient scope, expected any of: read:device_credentials'});
		} finally {
			double.controls.scopes = [...allScopes];
		}
	});
});
