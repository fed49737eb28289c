import {beforeAll, describe, expect, it} from 'vitest';
import {cities} from '../../source/demo/cities.js';
import {DEMO_PASSWORD, demoSummary, fullHistoryUsers, generateDemo} from '../../source/demo/generate.js';
import {validateEmail} from '../../source/domain/email.js';
import {type LogEvent, type User, userFieldOrder} from '../../source/domain/types.js';
import type {RowTables} from '../../source/store/tables.js';

const now = new Date('2025-06-01T12:00:00.000Z');
const day = 24 * 60 * 60 * 1000;
const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';
const loginTypes = new Set(['s', 'f', 'fp', 'ss', 'slo', 'seacft', 'scp', 'sv', 'limit_wc']);
const databaseConnections = new Set(['Username-Password-Authentication', 'Partners-DB', 'Analytics-DB', 'Legacy-DB']);

function demo(users = 300, seed: string | number = 'demo', at = now): RowTables {
	return generateDemo({users, seed, now: at, passwordHash});
}

function snapshot(tables: RowTables) {
	return Object.fromEntries(Object.entries(tables).map(([name, table]) => [name, [...table.entries()]]));
}

function connectionOf(user: User): string {
	return user.identities[0]?.connection ?? '';
}

function logsByUser(tables: RowTables): Map<string, LogEvent[]> {
	const byUser = new Map<string, LogEvent[]>();
	for (const event of tables.logs.values()) {
		if (event.user_id !== undefined) {
			const list = byUser.get(event.user_id) ?? [];
			list.push(event);
			byUser.set(event.user_id, list);
		}
	}

	return byUser;
}

/** Signed in recently: everyone with logins, except Legacy-DB's dormant users. */
function isActive(user: User): boolean {
	return user.logins_count > 0 && connectionOf(user) !== 'Legacy-DB';
}

describe('generateDemo', () => {
	let tables: RowTables;
	let users: User[];
	let logs: LogEvent[];
	beforeAll(() => {
		tables = demo();
		users = [...tables.users.values()];
		logs = [...tables.logs.values()];
	});

	it('is deterministic: the same seed gives the same store, another seed other people', () => {
		expect(snapshot(demo())).toEqual(snapshot(tables));
		expect(snapshot(demo(300, 'demo'))).toEqual(snapshot(demo(300, 'demo')));
		const other = [...demo(300, 'another seed').users.values()];
		expect(other.map(user => user.email)).not.toEqual(users.map(user => user.email));
		expect(other.map(user => user.user_id)).not.toEqual(users.map(user => user.user_id));
	});

	it('keeps the same people when generated later, with timestamps moved along', () => {
		const later = [...demo(300, 'demo', new Date(now.getTime() + (3 * day))).users.values()];
		expect(later.map(user => user.email)).toEqual(users.map(user => user.email));
		expect(later.map(user => user.name)).toEqual(users.map(user => user.name));
		expect(later.map(user => user.user_metadata)).toEqual(users.map(user => user.user_metadata));
		for (const [index, user] of later.entries()) {
			const before = users[index]!;
			expect(Date.parse(user.created_at) - Date.parse(before.created_at)).toBe(3 * day);
			expect(Date.parse(user.last_login ?? '0') - Date.parse(before.last_login ?? '0')).toBe(before.last_login === undefined ? 0 : 3 * day);
		}
	});

	it('makes as many users as asked, with some blocked and some who never logged in', () => {
		expect(tables.users.size).toBe(300);
		const blocked = users.filter(user => user.blocked === true).length;
		const neverLoggedIn = users.filter(user => user.logins_count === 0).length;
		expect(blocked / 300).toBeGreaterThanOrEqual(0.04);
		expect(blocked / 300).toBeLessThanOrEqual(0.06);
		expect(neverLoggedIn / 300).toBeGreaterThanOrEqual(0.08);
		expect(neverLoggedIn / 300).toBeLessThanOrEqual(0.12);
		expect(users.filter(user => user.blocked !== undefined).every(user => user.blocked === true)).toBe(true);
		for (const count of [0, 1, 7]) {
			expect(demo(count).users.size).toBe(count);
		}
	});

	it('spreads users over database and social connections', () => {
		const perConnection = new Map<string, number>();
		for (const user of users) {
			perConnection.set(connectionOf(user), (perConnection.get(connectionOf(user)) ?? 0) + 1);
		}

		expect([...perConnection.keys()].sort()).toEqual(['Analytics-DB', 'Legacy-DB', 'Partners-DB', 'Username-Password-Authentication', 'apple', 'github', 'google-oauth2']);
		expect(perConnection.get('Username-Password-Authentication')).toBeGreaterThan(120);
		expect(perConnection.get('google-oauth2')).toBeGreaterThan(40);
		expect(perConnection.get('github')).toBeGreaterThan(20);
	});

	it('sets up connections that show the console\'s rules', () => {
		const connections = new Map([...tables.connections.values()].map(connection => [connection.name, connection]));
		const clients = new Map([...tables.clients.values()].map(client => [client.client_id, client]));
		const standard = connections.get('Username-Password-Authentication');
		expect(standard?.strategy).toBe('auth0');
		expect(standard?.options).toEqual({
			passwordPolicy: 'good',
			password_history: {enable: true, size: 5},
			password_dictionary: {enable: true, dictionary: []},
			password_no_personal_info: {enable: true},
		});
		expect(standard?.enabled_clients.length).toBeGreaterThan(0);
		const partners = connections.get('Partners-DB');
		expect(partners?.options?.passwordPolicy).toBe('excellent');
		expect(partners?.options?.min_length).toBe(12);
		expect(partners?.enabled_clients).toHaveLength(1);
		expect(connections.get('Legacy-DB')?.strategy).toBe('auth0');
		expect(connections.get('Legacy-DB')?.enabled_clients).toEqual([]);
		// Enabled, but only for applications without callbacks: no "Sign in as User".
		const analytics = connections.get('Analytics-DB');
		expect(analytics?.enabled_clients.length).toBeGreaterThan(0);
		expect(analytics?.enabled_clients.every(id => clients.get(id)?.callbacks.length === 0)).toBe(true);
		for (const social of ['google-oauth2', 'github', 'apple']) {
			expect(connections.get(social)?.strategy).toBe(social);
		}

		for (const connection of connections.values()) {
			expect(connection.id).toMatch(/^con_[A-Za-z\d]{16}$/);
			expect(connection.enabled_clients.every(id => clients.has(id))).toBe(true);
		}
	});

	it('has 3–4 applications, all but the machine-to-machine one with http(s) callbacks', () => {
		const clients = [...tables.clients.values()];
		expect(clients.length).toBeGreaterThanOrEqual(3);
		expect(clients.length).toBeLessThanOrEqual(4);
		for (const client of clients) {
			expect(client.client_id).toMatch(/^[A-Za-z\d]{32}$/);
			if (client.app_type === 'non_interactive') {
				expect(client.callbacks).toEqual([]);
			} else {
				expect(client.callbacks.length).toBeGreaterThan(0);
				expect(client.callbacks.every(url => /^https?:\/\/[^\s]+$/.test(url))).toBe(true);
			}
		}

		expect(clients.some(client => client.app_type === 'non_interactive')).toBe(true);
	});

	it('makes valid users in the Management API shape', () => {
		const connectionNames = new Set([...tables.connections.values()].map(connection => connection.name));
		const fieldOrder: readonly string[] = userFieldOrder;
		for (const user of users) {
			// The Management API's fields in its order; a social user's provider attributes after them.
			const keys = Object.keys(user);
			const known = keys.filter(key => fieldOrder.includes(key));
			expect(keys.slice(0, known.length), user.user_id).toEqual(known);
			const positions = known.map(key => fieldOrder.indexOf(key));
			expect(positions, user.user_id).toEqual([...positions].sort((a, b) => a - b));
			if (!user.identities[0]!.isSocial) {
				expect(keys, user.user_id).toEqual(known);
			}

			const [identity] = user.identities;
			expect(identity).toBeDefined();
			expect(connectionNames.has(identity!.connection)).toBe(true);
			expect(`${identity!.provider}|${identity!.user_id}`).toBe(user.user_id);
			expect(user.user_id).toMatch(/^(auth0\|[\da-f]{24}|google-oauth2\|1\d{20}|github\|[1-9]\d{7}|apple\|\d{6}\.[\da-f]{32}\.\d{4})$/);
			expect(identity!.isSocial).toBe(!databaseConnections.has(identity!.connection));

			expect(validateEmail(user.email ?? ''), user.email).toBeUndefined();
			expect(user.email).toBe(user.email?.toLowerCase());
			expect(user.picture).toMatch(/^https:\/\//);
			expect(user.name?.length).toBeGreaterThan(0);
			expect(user.nickname?.length).toBeGreaterThan(0);
			if (user.phone_number !== undefined) {
				expect(user.phone_number).toMatch(/^\+\d{1,15}$/);
				expect(typeof user.phone_verified).toBe('boolean');
			}

			if (user.username !== undefined) {
				expect(user.username).toMatch(/^[a-z\d_]{1,15}$/);
			}

			const created = Date.parse(user.created_at);
			expect(created).toBeLessThanOrEqual(Date.parse(user.updated_at));
			expect(Date.parse(user.updated_at)).toBeLessThanOrEqual(now.getTime());
			expect(created).toBeGreaterThan(now.getTime() - (2.1 * 365 * day));
			if (user.logins_count === 0) {
				expect(user.last_login).toBeUndefined();
				expect(user.last_ip).toBeUndefined();
			} else {
				expect(Date.parse(user.last_login!)).toBeGreaterThan(created);
				expect(Date.parse(user.last_login!)).toBeLessThanOrEqual(Date.parse(user.updated_at));
				expect(user.last_ip).toMatch(/^(\d{1,3}(\.\d{1,3}){3}|[\da-f]{1,4}(:[\da-f]{1,4}){7})$/);
			}

			if (user.multifactor !== undefined) {
				expect(user.multifactor).toEqual(['guardian']);
				expect(user.multifactor_last_modified).toBeDefined();
			}
		}
	});

	it('never repeats an id, nor an email within a connection', () => {
		const ids = new Set(users.map(user => user.user_id));
		expect(ids.size).toBe(users.length);
		const emails = new Set(users.map(user => `${connectionOf(user)}|${user.email}`));
		expect(emails.size).toBe(users.length);
		const usernames = users.flatMap(user => user.username === undefined ? [] : [`${connectionOf(user)}|${user.username}`]);
		expect(new Set(usernames).size).toBe(usernames.length);
		const identityIds = users.flatMap(user => user.identities.map(identity => `${identity.provider}|${identity.user_id}`));
		expect(new Set(identityIds).size).toBe(identityIds.length);
	});

	it('gives social users the provider\'s attributes at the profile\'s root, profileData only to linked identities, GitHub ids as numbers', () => {
		const google = users.filter(user => connectionOf(user) === 'google-oauth2');
		const github = users.filter(user => connectionOf(user) === 'github');
		const root = (user: unknown) => user as Record<string, unknown>;
		for (const user of users) {
			expect(user.identities[0]?.profileData, user.user_id).toBeUndefined();
		}

		for (const user of google) {
			expect(root(user)['locale']).toMatch(/^[a-z]{2}-[A-Z]{2}$/);
			expect(typeof user.identities[0]?.user_id).toBe('string');
		}

		for (const user of github) {
			expect(root(user)['login']).toBe(user.nickname);
			expect(root(user)['html_url']).toBe(`https://github.com/${user.nickname}`);
			expect(typeof root(user)['public_repos']).toBe('number');
			expect(typeof root(user)['followers']).toBe('number');
			expect(typeof user.identities[0]?.user_id).toBe('number');
			expect(user.user_id).toBe(`github|${user.identities[0]!.user_id}`);
		}

		// Some database users linked a social account too: its attributes are in profileData.
		const linked = users.flatMap(user => user.identities.slice(1));
		expect(linked.length).toBeGreaterThan(0);
		for (const identity of linked) {
			expect(identity.profileData).toMatchObject({email: expect.any(String) as unknown});
			expect(typeof identity.user_id).toBe(identity.provider === 'github' ? 'number' : 'string');
		}
	});

	it('varies metadata from user to user', () => {
		const userKeys = new Set(users.flatMap(user => Object.keys(user.user_metadata ?? {})));
		const appKeys = new Set(users.flatMap(user => Object.keys(user.app_metadata ?? {})));
		for (const key of ['plan', 'theme', 'locale', 'newsletter', 'preferences']) {
			expect(userKeys).toContain(key);
		}

		for (const key of ['roles', 'tenant_tier', 'crm_id']) {
			expect(appKeys).toContain(key);
		}

		const shapes = new Set(users.map(user => Object.keys(user.user_metadata ?? {}).join()));
		expect(shapes.size).toBeGreaterThan(30);
		expect(users.some(user => user.user_metadata === undefined)).toBe(true);
	});

	it('keeps a password row for each database user, with the given hash', () => {
		const database = users.filter(user => databaseConnections.has(connectionOf(user)));
		expect(tables.passwords.size).toBe(database.length);
		for (const user of database) {
			const row = tables.passwords.get(user.user_id);
			expect(row).toEqual({user_id: user.user_id, hash: passwordHash, history: [], updated_at: user.last_password_reset ?? user.created_at});
		}

		expect(JSON.stringify(snapshot(tables))).not.toContain(DEMO_PASSWORD);
	});

	it('links devices to about 40% of users, through applications their connection enables', () => {
		const connections = new Map([...tables.connections.values()].map(connection => [connection.name, connection]));
		const perUser = new Map<string, number>();
		for (const device of tables.devices.values()) {
			expect(device.id).toMatch(/^dcr_[A-Za-z\d]{16}$/);
			expect(['refresh_token', 'rotating_refresh_token', 'public_key']).toContain(device.type);
			expect(device.device_name.length).toBeGreaterThan(0);
			expect(device.device_id.length).toBeGreaterThan(0);
			const user = tables.users.get(device.user_id);
			expect(user).toBeDefined();
			expect(connections.get(connectionOf(user!))?.enabled_clients).toContain(device.client_id);
			perUser.set(device.user_id, (perUser.get(device.user_id) ?? 0) + 1);
		}

		expect(perUser.size / users.length).toBeGreaterThan(0.3);
		expect(perUser.size / users.length).toBeLessThan(0.5);
		expect([...perUser.values()].every(count => count >= 1 && count <= 3)).toBe(true);
	});

	it('lets most users be signed in as, but not those whose applications have no callbacks', () => {
		const clients = [...tables.clients.values()];
		const connections = new Map([...tables.connections.values()].map(connection => [connection.name, connection]));
		const canImpersonate = (user: User) => clients.some(client =>
			client.callbacks.length > 0 && connections.get(connectionOf(user))?.enabled_clients.includes(client.client_id));
		expect(users.filter(canImpersonate).length / users.length).toBeGreaterThan(0.85);
		const analytics = users.filter(user => connectionOf(user) === 'Analytics-DB');
		expect(analytics.length).toBeGreaterThan(0);
		expect(analytics.some(canImpersonate)).toBe(false);
	});

	it('writes logs oldest first, with unique sortable ids, none in the future', () => {
		expect(logs.length).toBeGreaterThan(users.length * 5);
		const ids = [...tables.logs.keys()];
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.every(id => /^\d{56}$/.test(id))).toBe(true);
		expect(ids).toEqual([...ids].sort());
		for (let index = 1; index < logs.length; index++) {
			expect(logs[index]!.date >= logs[index - 1]!.date, logs[index]!.log_id).toBe(true);
		}

		expect(logs.at(-1)!.date <= now.toISOString()).toBe(true);
		expect(Date.parse(logs.at(-1)!.date)).toBeGreaterThan(now.getTime() - (3 * 60 * 60 * 1000));
		expect(logs.every(event => event.user_id !== undefined && tables.users.has(event.user_id))).toBe(true);
		for (const type of ['s', 'fp', 'f', 'slo', 'seacft', 'ss', 'scp', 'sv', 'sapi']) {
			expect(logs.some(event => event.type === type), type).toBe(true);
		}
	});

	it('places every sign-in event in a real city, from a public address', () => {
		const table = new Set(cities);
		for (const event of logs.filter(entry => loginTypes.has(entry.type))) {
			const location = event.location_info;
			expect(location, `${event.type} ${event.log_id}`).toBeDefined();
			expect(table.has(location!)).toBe(true);
			expect(Math.abs(location!.latitude)).toBeLessThanOrEqual(90);
			expect(Math.abs(location!.longitude)).toBeLessThanOrEqual(180);
			expect(event.ip).toMatch(/^(\d{1,3}(\.\d{1,3}){3}|[\da-f]{1,4}(:[\da-f]{1,4}){7})$/);
			expect(event.ip).not.toMatch(/^(10|127|192\.168|172\.(1[6-9]|2\d|3[01]))\./);
			expect(event.user_agent?.length).toBeGreaterThan(0);
			expect(typeof event.isMobile).toBe('boolean');
			expect(event.hostname).toBe('acme.us.auth0.com');
			expect(event.strategy_type).toBe(databaseConnections.has(event.connection ?? '') ? 'database' : 'social');
			expect(event.user_name).toBe(tables.users.get(event.user_id!)?.email);
		}

		expect(logs.some(event => event.ip?.includes(':'))).toBe(true);
		const continents = new Set(logs.flatMap(event => event.location_info === undefined ? [] : [event.location_info.continent_code]));
		expect(continents.size).toBeGreaterThanOrEqual(6);
	});

	it('agrees with each profile: last login, last IP, logins count, password reset', () => {
		const byUser = logsByUser(tables);
		for (const user of users.filter(isActive)) {
			const logins = (byUser.get(user.user_id) ?? []).filter(event => event.type === 's');
			const last = logins.at(-1);
			expect(last?.date, user.user_id).toBe(user.last_login);
			expect(last?.ip).toBe(user.last_ip);
			expect(user.logins_count).toBeGreaterThanOrEqual(logins.length);
			if (user.last_password_reset !== undefined) {
				expect(byUser.get(user.user_id)?.some(event => event.type === 'scp' && event.date === user.last_password_reset)).toBe(true);
			}
		}

		for (const user of users.filter(entry => entry.logins_count === 0)) {
			expect((byUser.get(user.user_id) ?? []).some(event => event.type === 's')).toBe(false);
		}
	});

	it('fills the History tab (past 2 days) of every active or blocked user', () => {
		const byUser = logsByUser(tables);
		const since = new Date(now.getTime() - (2 * day)).toISOString();
		const active = users.filter(isActive);
		expect(active.length).toBeGreaterThan(200);
		for (const user of active) {
			expect((byUser.get(user.user_id) ?? []).some(event => event.date >= since), user.user_id).toBe(true);
		}
	});

	it('shows blocked users blocked by an admin, then refused', () => {
		const byUser = logsByUser(tables);
		for (const user of users.filter(entry => entry.blocked === true && isActive(entry))) {
			const events = byUser.get(user.user_id) ?? [];
			const block = events.findIndex(event => event.type === 'sapi' && JSON.stringify(event.details).includes('"blocked":true'));
			expect(block, user.user_id).toBeGreaterThanOrEqual(0);
			const refused = events.slice(block).filter(event => event.type === 'f');
			expect(refused.length).toBeGreaterThan(0);
			expect(refused.every(event => event.description === 'user is blocked')).toBe(true);
			expect(events.slice(block).some(event => event.type === 's')).toBe(false);
		}
	});

	it('has people sign in from home and from a few other places', () => {
		const byUser = logsByUser(tables);
		const placeCounts = users.filter(isActive).map(user => new Set((byUser.get(user.user_id) ?? [])
			.filter(event => event.type === 's')
			.map(event => `${event.location_info?.city_name}|${event.location_info?.country_code}`)).size);
		expect(placeCounts.filter(count => count === 1).length).toBeGreaterThan(20);
		expect(placeCounts.filter(count => count >= 2).length).toBeGreaterThan(40);
		expect(placeCounts.filter(count => count >= 3).length).toBeGreaterThan(10);
		expect(Math.max(...placeCounts)).toBeLessThanOrEqual(5);
	});

	it('holds no control, zero-width or bidirectional characters', () => {
		// Hostile strings belong to the hardening tests, not to the default demo.
		const text = JSON.stringify(snapshot(tables));
		expect(text).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/);
	});

	it('summarises what it made', () => {
		const summary = demoSummary(tables);
		expect(summary).toEqual({
			users: 300,
			'database users': users.filter(user => !user.identities[0]?.isSocial).length,
			'social users': users.filter(user => user.identities[0]?.isSocial).length,
			blocked: users.filter(user => user.blocked).length,
			'never logged in': users.filter(user => user.logins_count === 0).length,
			connections: tables.connections.size,
			applications: tables.clients.size,
			devices: tables.devices.size,
			'log events': tables.logs.size,
		});
	});

	it('refuses impossible options', () => {
		expect(() => demo(-1)).toThrow(RangeError);
		expect(() => demo(1.5)).toThrow(RangeError);
		expect(() => demo(10, 'demo', new Date(Number.NaN))).toThrow(RangeError);
	});
});

describe('generateDemo at scale', () => {
	it('keeps every user consistent and the logs light for 50,000 users', {timeout: 300_000}, () => {
		const users = 50_000;
		const tables = demo(users, 'scale');
		expect(tables.users.size).toBe(users);
		// Full histories for a fixed number of users; the rest keep their last sign-in.
		expect(tables.logs.size).toBeLessThan((fullHistoryUsers * 40) + (users * 3));
		const summary = demoSummary(tables);
		expect(summary.blocked / users).toBeCloseTo(0.05, 2);
		expect(summary['never logged in'] / users).toBeGreaterThan(0.09);
		expect(summary['never logged in'] / users).toBeLessThan(0.11);
		const emails = new Set([...tables.users.values()].map(user => `${connectionOf(user)}|${user.email}`));
		expect(emails.size).toBe(users);

		const byUser = logsByUser(tables);
		const since = new Date(now.getTime() - (2 * day)).toISOString();
		let withoutHistory = 0;
		for (const user of tables.users.values()) {
			if (isActive(user) && !(byUser.get(user.user_id) ?? []).some(event => event.date >= since)) {
				withoutHistory++;
			}
		}

		expect(withoutHistory).toBe(0);
		expect([...tables.logs.values()].some(event => event.type === 'limit_wc')).toBe(true);
	});
});
