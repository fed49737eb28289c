import {createHash} from 'node:crypto';
import {mkdtempSync, readFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {UserdeckError} from '../../source/domain/errors.js';
import type {Client, Connection, User} from '../../source/domain/types.js';
import {importUsers} from '../../source/services/import-users.js';
import {argon2Hasher} from '../../source/services/password-hasher.js';
import {extractTicket, hashTicket, TICKET_LIFETIME_MS, UsersService} from '../../source/services/users-service.js';
import {Store} from '../../source/store/store.js';
import {fakeHasher, testActor} from '../support/fakes.js';
import {storedEvents} from '../support/events.js';

const password = 'Sturdy-Pass-42';
let dir: string;
let file: string;
let store: Store;
let service: UsersService;
let clock: Date;
let db: Connection;
let app: Client;

function logsOfType(type: string) {
	return storedEvents(store, type);
}

async function expectError(promise: Promise<unknown>, code: UserdeckError['code'], message?: string | RegExp) {
	const error = await promise.then(() => undefined, (error: unknown) => error);
	expect(error).toBeInstanceOf(UserdeckError);
	expect((error as UserdeckError).code).toBe(code);
	if (message) {
		expect((error as UserdeckError).message).toMatch(message);
	}

	return error as UserdeckError;
}

beforeEach(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-service-'));
	file = path.join(dir, 'store.ndjson');
	store = await Store.open({path: file});
	clock = new Date('2026-11-20T10:00:00.000Z');
	service = new UsersService({store, actor: testActor, hasher: fakeHasher, now: () => clock});
	db = service.connectionByName('Username-Password-Authentication')!;
	app = service.clients()[0]!;
	await store.transact(tx => {
		tx.put('connections', {id: 'con_social', name: 'github', strategy: 'github', enabled_clients: [app.client_id]});
		tx.put('connections', {id: 'con_off', name: 'Legacy-DB', strategy: 'auth0', enabled_clients: [], options: {passwordPolicy: 'none'}});
		tx.put('connections', {id: 'con_weak', name: 'Weak-DB', strategy: 'auth0', enabled_clients: ['cli_nocb'], options: {passwordPolicy: 'low'}});
		tx.put('clients', {client_id: 'cli_nocb', name: 'Batch Job', app_type: 'non_interactive', callbacks: []});
	});
});

afterEach(async () => {
	await store.close();
	await rm(dir, {recursive: true, force: true});
});

async function create(email = 'Ana.Souza@Example.com', connection = db.name): Promise<User> {
	return service.createUser({email, password, repeatPassword: password, connection});
}

describe('a new store', () => {
	it('starts with a database connection enabled for an application with a callback', () => {
		expect(db.strategy).toBe('auth0');
		expect(db.enabled_clients).toContain(app.client_id);
		expect(app.callbacks.length).toBeGreaterThan(0);
	});
});

describe('createUser', () => {
	it('creates a profile in Auth0\'s shape, with the email lower-cased', async () => {
		const user = await create();
		expect(user.user_id).toMatch(/^auth0\|[\da-f]{24}$/);
		expect(user.email).toBe('ana.souza@example.com');
		expect(user.email_verified).toBe(false);
		expect(user.logins_count).toBe(0);
		expect(user.nickname).toBe('ana.souza');
		expect(user.picture).toMatch(/^https:\/\/s\.gravatar\.com\/avatar\/[\da-f]{32}\?/);
		expect(user.identities).toEqual([{connection: db.name, provider: 'auth0', user_id: user.user_id.slice(6), isSocial: false}]);
		expect(user.created_at).toBe(clock.toISOString());
		expect(Object.keys(user).slice(0, 3)).toEqual(['user_id', 'email', 'email_verified']);
		expect(store.user(user.user_id)).toEqual(user);
		const signups = logsOfType('ss');
		expect(signups).toHaveLength(1);
		expect(signups[0]!.user_id).toBe(user.user_id);
		expect(signups[0]!.details).toMatchObject({actor: testActor, action: 'create user', target: user.user_id, result: 'success'});
	});

	it('keeps the password hash apart from the profile, and never the plaintext', async () => {
		const real = new UsersService({store, actor: testActor, hasher: argon2Hasher, now: () => clock});
		const user = await real.createUser({email: 'hash@example.com', password, repeatPassword: password, connection: db.name});
		expect(JSON.stringify(user)).not.toContain('argon2');
		expect(store.password(user.user_id)!.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		await store.compact();
		const onDisk = readFileSync(file, 'utf8') + readFileSync(`${file}-journal`, 'utf8');
		expect(onDisk).not.toContain(password);
	});

	it.each([
		['not an email', {email: 'nope'}, 'email', /not valid/i],
		['mismatched passwords', {repeatPassword: 'Other-Pass-42'}, 'repeatPassword', /do not match/],
		['a weak password (policy good)', {password: 'abcdefgh', repeatPassword: 'abcdefgh'}, 'password', /Contain at least 3 of the following 4 types/],
		['a short password', {password: 'Ab1!', repeatPassword: 'Ab1!'}, 'password', /At least 8 characters in length/],
		['an unknown connection', {connection: 'Nope'}, 'connection', /No connection named Nope/],
		['a social connection', {connection: 'github'}, 'connection', /not a database connection/],
		['a connection no application has enabled', {connection: 'Legacy-DB'}, 'connection', /^The connection is disabled$/],
		['a password longer than the hash accepts', {password: 'Aa1!'.repeat(300), repeatPassword: 'Aa1!'.repeat(300)}, 'password', /too long/],
	] as const)('refuses %s, next to the field, and logs the failure', async (_, override, field, message) => {
		const error = await expectError(service.createUser({email: 'new@example.com', password, repeatPassword: password, connection: db.name, ...override}), 'VALIDATION');
		expect(error.fields[field]?.some(text => message.test(text))).toBe(true);
		expect(store.tables.users.size).toBe(0);
		const failures = logsOfType('fs');
		expect(failures).toHaveLength(1);
		expect(failures[0]!.details).toMatchObject({result: 'failure', action: 'create user'});
	});

	it('refuses a duplicate email in the same connection, case-insensitively', async () => {
		await create('dup@example.com');
		const error = await expectError(create('DUP@Example.COM'), 'VALIDATION');
		expect(error.fields.email).toContain('The user already exists.');
		expect(store.tables.users.size).toBe(1);
	});

	it('allows the same email in another database connection', async () => {
		await store.transact(tx => {
			tx.put('connections', {...db, id: 'con_second', name: 'Second-DB'});
		});
		await create('same@example.com');
		await create('same@example.com', 'Second-DB');
		expect(store.tables.users.size).toBe(2);
	});
});

describe('block, unblock, delete', () => {
	it('blocks and unblocks, logging each as sapi with the actor', async () => {
		const user = await create();
		expect((await service.blockUser(user.user_id)).blocked).toBe(true);
		expect(store.user(user.user_id)!.blocked).toBe(true);
		expect((await service.unblockUser(user.user_id)).blocked).toBe(false);
		const events = logsOfType('sapi').map(event => event.details?.action);
		expect(events).toEqual(['block user', 'unblock user']);
	});

	it('refuses an unknown user with NOT_FOUND and logs one fapi event', async () => {
		await expectError(service.blockUser('auth0|nope'), 'NOT_FOUND');
		expect(logsOfType('fapi')).toHaveLength(1);
		expect(logsOfType('fapi')[0]!.details).toMatchObject({target: 'auth0|nope', result: 'failure'});
	});

	it('deletes the profile, its devices, tickets and hash, and logs sdu', async () => {
		const user = await create();
		await store.transact(tx => {
			tx.put('devices', {id: 'dcr_1', device_name: 'Chrome', device_id: 'd1', type: 'refresh_token', user_id: user.user_id, client_id: app.client_id});
		});
		await service.impersonate(user.user_id, app.client_id);
		await service.deleteUser(user.user_id);
		expect(store.user(user.user_id)).toBeUndefined();
		expect(store.tables.passwords.has(user.user_id)).toBe(false);
		expect(store.devicesOf(user.user_id)).toHaveLength(0);
		expect([...store.tables.tickets.values()].filter(ticket => ticket.user_id === user.user_id)).toHaveLength(0);
		expect(store.userByEmail(db.name, user.email!)).toBeUndefined();
		expect(logsOfType('sdu')).toHaveLength(1);
	});
});

describe('updateMetadata', () => {
	it('merges root keys, replaces nested objects and deletes keys set to null', async () => {
		const user = await create();
		await service.updateMetadata(user.user_id, {plan: 'pro', prefs: {a: 1, b: 2}, drop: true});
		const updated = await service.updateMetadata(user.user_id, {prefs: {c: 3}, drop: null});
		expect(updated.user_metadata).toEqual({plan: 'pro', prefs: {c: 3}});
		expect(logsOfType('sapi').at(-1)!.details).toMatchObject({keys: ['prefs', 'drop']});
	});

	it.each([
		['a key with a dot', {'a.b': 1}],
		['a key with a dollar', {$set: 1}],
		['an array', [1, 2]],
		['a profile over 10 KB', {big: 'x'.repeat(11 * 1024)}],
	])('refuses %s', async (_, patch) => {
		const user = await create();
		await expectError(service.updateMetadata(user.user_id, patch), 'VALIDATION');
		expect(store.user(user.user_id)!.user_metadata).toBeUndefined();
	});
});

describe('devices, history and locations', () => {
	it('unlinks a device and logs the revocation', async () => {
		const user = await create();
		await store.transact(tx => {
			tx.put('devices', {id: 'dcr_1', device_name: 'Chrome on macOS', device_id: 'd1', type: 'refresh_token', user_id: user.user_id, client_id: app.client_id});
		});
		await service.unlinkDevice(user.user_id, 'dcr_1');
		expect(service.devices(user.user_id)).toEqual([]);
		expect(logsOfType('srrt')).toHaveLength(1);
		await expectError(service.unlinkDevice(user.user_id, 'dcr_1'), 'NOT_FOUND');
	});

	it('returns a window of history, newest first', async () => {
		const user = await create();
		const day = 24 * 3600 * 1000;
		await store.transact(tx => {
			for (const [index, age] of [5 * day, 3 * day, day, 3600 * 1000].entries()) {
				tx.put('logs', {log_id: `l${index}`, date: new Date(clock.getTime() - age).toISOString(), type: 's', user_id: user.user_id});
			}
		});
		const twoDays = service.history(user.user_id);
		// The signup event is at `clock`, then the 1 h and 1 d old logins.
		expect(twoDays.map(event => event.log_id).slice(1)).toEqual(['l3', 'l2']);
		expect(service.history(user.user_id, 7 * day)).toHaveLength(5);
		expect(service.history(user.user_id, Number.POSITIVE_INFINITY)).toHaveLength(5);
	});

	it('groups login places with counts and last seen', async () => {
		const user = await create();
		const paris = {country_code: 'FR', country_code3: 'FRA', country_name: 'France', city_name: 'Paris', latitude: 48.86, longitude: 2.35, time_zone: 'Europe/Paris', continent_code: 'EU'};
		const lima = {country_code: 'PE', country_code3: 'PER', country_name: 'Peru', city_name: 'Lima', latitude: -12.05, longitude: -77.04, time_zone: 'America/Lima', continent_code: 'SA'};
		await store.transact(tx => {
			tx.put('logs', {log_id: 'a', date: '2026-11-18T00:00:00.000Z', type: 's', user_id: user.user_id, location_info: paris});
			tx.put('logs', {log_id: 'b', date: '2026-11-19T00:00:00.000Z', type: 's', user_id: user.user_id, location_info: lima});
			tx.put('logs', {log_id: 'c', date: '2026-11-20T00:00:00.000Z', type: 's', user_id: user.user_id, location_info: paris});
		});
		const places = service.locations(user.user_id);
		expect(places.map(place => [place.city, place.logins])).toEqual([['Paris', 2], ['Lima', 1]]);
	});
});

describe('signIn', () => {
	it('succeeds with the right password, updating last_login, last_ip and logins_count', async () => {
		const user = await create();
		const signedIn = await service.signIn({email: 'ANA.SOUZA@example.com', password, clientId: app.client_id, ip: '203.0.113.9'});
		expect(signedIn.user_id).toBe(user.user_id);
		expect(signedIn.logins_count).toBe(1);
		expect(signedIn.last_ip).toBe('203.0.113.9');
		expect(signedIn.last_login).toBe(clock.toISOString());
		expect(logsOfType('s')).toHaveLength(1);
	});

	it('logs fp for a wrong password and fu for an unknown email, with one message', async () => {
		await create();
		await expectError(service.signIn({email: 'ana.souza@example.com', password: 'wrong', clientId: app.client_id}), 'AUTH', 'Wrong email or password.');
		await expectError(service.signIn({email: 'nobody@example.com', password, clientId: app.client_id}), 'AUTH', 'Wrong email or password.');
		expect(logsOfType('fp')).toHaveLength(1);
		expect(logsOfType('fu')).toHaveLength(1);
		expect(store.user((await service.listUsers())[0]!.user_id)!.logins_count).toBe(0);
	});

	it('does the same argon2 work for a wrong password whatever the account: unknown, argon2id, an imported md5 hash', async () => {
		let verifications = 0;
		const counting = {...fakeHasher, async verify(hash: string, text: string) {
			verifications++;
			return fakeHasher.verify(hash, text);
		}};
		const counted = new UsersService({store, actor: testActor, hasher: counting, now: () => clock});
		await create();
		const md5 = createHash('md5').update('Legacy-Pass-1').digest('hex');
		const imported = await importUsers(counted, [{email: 'legacy@example.com', custom_password_hash: {algorithm: 'md5', hash: {value: md5, encoding: 'hex'}}}], {connection: db.name});
		expect(imported.created).toBe(1);
		const work: Record<string, number> = {};
		for (const email of ['nobody@example.com', 'ana.souza@example.com', 'legacy@example.com']) {
			verifications = 0;
			await expectError(counted.signIn({email, password: 'wrong-password', clientId: app.client_id}), 'AUTH', 'Wrong email or password.');
			work[email] = verifications;
		}

		// An md5 check takes microseconds: without a dummy argon2 verification it answered ~70 ms sooner.
		expect(work).toEqual({'nobody@example.com': 1, 'ana.souza@example.com': 1, 'legacy@example.com': 1});
		// The right password still signs in (and the hash is upgraded).
		await expect(counted.signIn({email: 'legacy@example.com', password: 'Legacy-Pass-1', clientId: app.client_id})).resolves.toMatchObject({email: 'legacy@example.com'});
	});

	it('refuses a blocked user with "user is blocked", logged as f, only once the password is right', async () => {
		const user = await create();
		await service.blockUser(user.user_id);
		// A wrong password learns nothing about the account's state.
		await expectError(service.signIn({email: user.email!, password: 'wrong', clientId: app.client_id}), 'AUTH', /^Wrong email or password\.$/);
		await expectError(service.signIn({email: user.email!, password, clientId: app.client_id}), 'FORBIDDEN', /^user is blocked$/);
		expect(logsOfType('fp')).toHaveLength(1);
		expect(logsOfType('f')[0]!.description).toBe('user is blocked');
	});

	it('says the user\'s connection is not enabled for the application, once the password is right', async () => {
		await create();
		// Batch Job (cli_nocb) has Weak-DB enabled, not the user's connection.
		await expectError(service.signIn({email: 'ana.souza@example.com', password: 'wrong', clientId: 'cli_nocb'}), 'AUTH', /^Wrong email or password\.$/);
		await expectError(service.signIn({email: 'nobody@example.com', password, clientId: 'cli_nocb'}), 'AUTH', /^Wrong email or password\.$/);
		await expectError(service.signIn({email: 'ana.souza@example.com', password, clientId: 'cli_nocb'}), 'FORBIDDEN', 'The user\'s connection Username-Password-Authentication is not enabled for Batch Job; enable it for the application to sign in through it');
		expect(logsOfType('f').map(event => event.description)).toEqual([expect.stringMatching(/not enabled for Batch Job/)]);
		expect(store.user((await service.listUsers())[0]!.user_id)!.logins_count).toBe(0);
	});

	it('says an application with no database connection cannot sign anyone in with a password', async () => {
		await create();
		await store.transact(tx => {
			tx.put('clients', {client_id: 'cli_social', name: 'Social Only', app_type: 'spa', callbacks: ['https://app.example/cb']});
		});
		for (const email of ['ana.souza@example.com', 'nobody@example.com']) {
			await expectError(service.signIn({email, password, clientId: 'cli_social'}), 'FORBIDDEN', 'Social Only has no database connection enabled, so nobody can sign in to it with a password; enable one for it');
		}
	});
});

describe('Sign in as User', () => {
	it('explains why it is unavailable', async () => {
		const weak = await service.createUser({email: 'w@example.com', password: 'secret1', repeatPassword: 'secret1', connection: 'Weak-DB'});
		const options = service.impersonationOptions(weak.user_id);
		expect(options).toEqual({allowed: false, reason: expect.stringMatching(/Weak-DB.*not enabled on any application with a callback URL/)});
		const user = await create();
		await service.blockUser(user.user_id);
		expect(service.impersonationOptions(user.user_id)).toMatchObject({allowed: false, reason: expect.stringMatching(/blocked/)});
		await store.transact(tx => {
			tx.put('clients', {...app, callbacks: []});
		});
		expect(service.impersonationOptions(weak.user_id)).toEqual({allowed: false, reason: 'No application has a callback URL'});
	});

	it('issues a one-time URL on the first callback, storing only the ticket\'s hash', async () => {
		const user = await create();
		const issued = await service.impersonate(user.user_id, app.client_id);
		expect(issued.url.startsWith(app.callbacks[0]!)).toBe(true);
		const secret = extractTicket(issued.url)!;
		expect(secret).toHaveLength(43);
		expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
		const [ticket] = store.tables.tickets.values();
		expect(ticket!.id).toBe(hashTicket(secret));
		expect(JSON.stringify([...store.tables.tickets.values()])).not.toContain(secret);
		expect(new Date(issued.expiresAt).getTime() - clock.getTime()).toBe(TICKET_LIFETIME_MS);
	});

	it('redeems once, for the right application, before expiry', async () => {
		const user = await create();
		const first = await service.impersonate(user.user_id, app.client_id);
		const profile = await service.redeemTicket(first.url, app.client_id);
		expect(profile).toMatchObject({user_id: user.user_id, impersonated: true, impersonator: testActor});
		await expectError(service.redeemTicket(first.url, app.client_id), 'AUTH');

		const second = await service.impersonate(user.user_id, app.client_id);
		await expectError(service.redeemTicket(second.url, 'cli_nocb'), 'AUTH');
		clock = new Date(clock.getTime() + TICKET_LIFETIME_MS + 1);
		await expectError(service.redeemTicket(second.url, app.client_id), 'AUTH');
		await expectError(service.redeemTicket('A'.repeat(43), app.client_id), 'AUTH');
		await expectError(service.redeemTicket('not a ticket', app.client_id), 'AUTH');
		expect(logsOfType('simp')).toHaveLength(2);
		expect(logsOfType('simpr')).toHaveLength(1);
		expect(logsOfType('fimpr')).toHaveLength(5);
		// Redeeming does not count as the user's own login.
		expect(store.user(user.user_id)!.logins_count).toBe(0);
	});

	it('ends the user\'s outstanding tickets when they are blocked: an unblock within 2 minutes does not revive them', async () => {
		const user = await create();
		const other = await create('other@example.com');
		const issued = await service.impersonate(user.user_id, app.client_id);
		const kept = await service.impersonate(other.user_id, app.client_id);
		await service.blockUser(user.user_id);
		await expectError(service.redeemTicket(issued.url, app.client_id), 'AUTH');
		await service.unblockUser(user.user_id);
		await expectError(service.redeemTicket(issued.url, app.client_id), 'AUTH');
		expect([...store.tables.tickets.values()].map(ticket => ticket.user_id)).toEqual([other.user_id]);
		expect(logsOfType('sapi').find(event => event.description === 'Block user')!.details).toMatchObject({tickets_ended: 1});
		// Another user's ticket is untouched.
		await expect(service.redeemTicket(kept.url, app.client_id)).resolves.toMatchObject({user_id: other.user_id});
	});

	it('refuses to issue for a blocked user or an application without the connection', async () => {
		const user = await create();
		await expectError(service.impersonate(user.user_id, 'cli_nocb'), 'FORBIDDEN');
		await service.blockUser(user.user_id);
		await expectError(service.impersonate(user.user_id, app.client_id), 'FORBIDDEN', /blocked/);
		expect(logsOfType('fimp')).toHaveLength(2);
	});
});

describe('listUsers', () => {
	it('filters with the search syntax and sorts', async () => {
		await create('zed@example.com');
		await create('amy@example.com');
		await create('bob@other.org');
		expect(service.listUsers({query: 'email:*@example.com', sort: {field: 'email', descending: false}}).map(user => user.email))
			.toEqual(['amy@example.com', 'zed@example.com']);
		expect(service.listUsers({sort: {field: 'email', descending: true}}).map(user => user.email))
			.toEqual(['zed@example.com', 'bob@other.org', 'amy@example.com']);
	});
});
