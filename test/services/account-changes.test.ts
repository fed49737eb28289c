// Change Password and Change Email through the service: the connection's
// policy including its history, the hashes kept, the email rules, and one
// admin event each that never holds a password.
import {createHash} from 'node:crypto';
import {mkdtempSync, readFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {UserdeckError} from '../../source/domain/errors.js';
import type {Client, Connection, User} from '../../source/domain/types.js';
import {argon2Hasher} from '../../source/services/password-hasher.js';
import {UsersService} from '../../source/services/users-service.js';
import {Store} from '../../source/store/store.js';
import {storedEvents} from '../support/events.js';
import {fakeHasher, testActor} from '../support/fakes.js';

const first = 'Sturdy-Pass-42';
let dir: string;
let file: string;
let store: Store;
let service: UsersService;
let clock: Date;
let db: Connection;
let app: Client;

function events(type: string) {
	return storedEvents(store, type);
}

async function refusal(promise: Promise<unknown>): Promise<UserdeckError> {
	const error = await promise.then(() => undefined, (error: unknown) => error);
	expect(error).toBeInstanceOf(UserdeckError);
	return error as UserdeckError;
}

async function setHistory(size: number, enable = true): Promise<void> {
	await store.transact(tx => {
		tx.put('connections', {...db, options: {...db.options, password_history: {enable, size}}});
	});
}

async function create(email = 'ana@example.com', connection = db.name): Promise<User> {
	return service.createUser({email, password: first, repeatPassword: first, connection});
}

async function change(user: User, password: string): Promise<User> {
	return service.changePassword(user.user_id, {password, repeatPassword: password});
}

beforeEach(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-account-'));
	file = path.join(dir, 'store.ndjson');
	store = await Store.open({path: file});
	clock = new Date('2026-11-20T10:00:00.000Z');
	service = new UsersService({store, actor: testActor, hasher: fakeHasher, now: () => clock});
	db = service.connectionByName('Username-Password-Authentication')!;
	app = service.clients()[0]!;
	await store.transact(tx => {
		tx.put('connections', {id: 'con_social', name: 'github', strategy: 'github', enabled_clients: [app.client_id]});
		tx.put('connections', {id: 'con_other', name: 'Other-DB', strategy: 'auth0', enabled_clients: [app.client_id], options: {passwordPolicy: 'low'}});
	});
});

afterEach(async () => {
	await store.close();
	await rm(dir, {recursive: true, force: true});
});

describe('changePassword', () => {
	it('hashes with argon2id, moves the old hash into the history, sets last_password_reset, and the new password signs in', async () => {
		const real = new UsersService({store, actor: testActor, hasher: argon2Hasher, now: () => clock});
		await setHistory(5);
		const user = await real.createUser({email: 'hash@example.com', password: first, repeatPassword: first, connection: db.name});
		const before = store.password(user.user_id)!.hash;
		clock = new Date('2026-11-21T08:00:00.000Z');
		const changed = await real.changePassword(user.user_id, {password: 'Brand-New-Pass-7', repeatPassword: 'Brand-New-Pass-7'});
		const record = store.password(user.user_id)!;
		expect(record.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(record.hash).not.toBe(before);
		expect(record.history).toEqual([before]);
		expect(changed.last_password_reset).toBe(clock.toISOString());
		expect(changed.updated_at).toBe(clock.toISOString());
		await expect(real.signIn({email: 'hash@example.com', password: 'Brand-New-Pass-7', clientId: app.client_id})).resolves.toMatchObject({user_id: user.user_id});
		await expect(real.signIn({email: 'hash@example.com', password: first, clientId: app.client_id})).rejects.toThrow('Wrong email or password.');
	});

	it('logs one scp event with the audit details and never the password, on disk neither', async () => {
		const user = await create();
		await change(user, 'Another-Pass-99');
		const [event, ...more] = events('scp');
		expect(more).toHaveLength(0);
		expect(event!.user_id).toBe(user.user_id);
		expect(event!.details).toMatchObject({
			actor: testActor,
			action: 'change password',
			target: user.user_id,
			result: 'success',
			request: {method: 'patch', path: `/api/v2/users/${encodeURIComponent(user.user_id)}`},
			response: {statusCode: 200},
		});
		await store.compact();
		const onDisk = readFileSync(file, 'utf8');
		expect(onDisk).not.toContain('Another-Pass-99');
		expect(JSON.stringify(storedEvents(store))).not.toContain('Another-Pass-99');
	});

	it.each([
		['a password the policy (good) refuses', 'abcdefgh', 'abcdefgh', 'password', /Contain at least 3 of the following 4 types/],
		['a short one', 'Ab1!', 'Ab1!', 'password', /At least 8 characters in length/],
		['an empty one', '', '', 'password', /Password is required/],
		['two that differ', 'Another-Pass-99', 'Another-Pass-98', 'repeatPassword', /Passwords do not match/],
	] as const)('refuses %s next to its field, logs one fcp event without the password, and keeps the old hash', async (_, password, repeatPassword, field, message) => {
		const user = await create();
		const before = store.password(user.user_id)!;
		const error = await refusal(service.changePassword(user.user_id, {password, repeatPassword}));
		expect(error.code).toBe('VALIDATION');
		expect(error.fields[field]?.some(text => message.test(text))).toBe(true);
		expect(store.password(user.user_id)).toEqual(before);
		const failures = events('fcp');
		expect(failures).toHaveLength(1);
		expect(failures[0]!.details).toMatchObject({action: 'change password', result: 'failure', target: user.user_id});
		if (password.length >= 4) {
			expect(JSON.stringify(failures[0])).not.toContain(password);
		}
	});

	it('checks the user\'s personal information when the connection asks', async () => {
		await store.transact(tx => {
			tx.put('connections', {...db, options: {passwordPolicy: 'low', password_no_personal_info: {enable: true}}});
		});
		const user = await create('marguerite@example.com');
		const error = await refusal(change(user, 'Marguerite-2026'));
		expect(error.fields.password).toEqual(["Password must not contain any part of the user's personal information"]);
	});

	it('refuses the current password and the last `size` ones, forgets older ones, and keeps `size` hashes', async () => {
		await setHistory(2);
		const user = await create();
		await change(user, 'Second-Pass-22');
		const reused = await refusal(change(user, first));
		expect(reused.fields).toEqual({password: ['Password has previously been used']});
		expect((await refusal(change(user, 'Second-Pass-22'))).fields.password).toEqual(['Password has previously been used']);
		await change(user, 'Third-Pass-333');
		await change(user, 'Fourth-Pass-4444');
		const record = store.password(user.user_id)!;
		expect(record.history).toEqual([await fakeHasher.hash('Third-Pass-333'), await fakeHasher.hash('Second-Pass-22')]);
		await expect(change(user, first)).resolves.toMatchObject({user_id: user.user_id});
		expect(events('fcp').map(event => event.details?.['reason'])).toEqual(['Password has previously been used', 'Password has previously been used']);
	});

	it('keeps no history while password_history is off (the current password may be set again)', async () => {
		await setHistory(5, false);
		const user = await create();
		await change(user, 'Second-Pass-22');
		expect(store.password(user.user_id)!.history).toEqual([]);
		await expect(change(user, 'Second-Pass-22')).resolves.toMatchObject({user_id: user.user_id});
	});

	it('verifies an imported hash in the history with its own algorithm', async () => {
		await setHistory(3);
		const user = await create();
		const md5 = createHash('md5').update('Legacy-Pass-1').digest('hex');
		await store.transact(tx => {
			tx.put('passwords', {user_id: user.user_id, hash: md5, history: [], updated_at: clock.toISOString(), imported: {algorithm: 'md5'}});
		});
		// The imported hash is the current one: refused as it is.
		expect((await refusal(change(user, 'Legacy-Pass-1'))).fields.password).toEqual(['Password has previously been used']);
		await change(user, 'Second-Pass-22');
		const record = store.password(user.user_id)!;
		expect(record.imported).toBeUndefined();
		expect(record.history).toEqual([{hash: md5, imported: {algorithm: 'md5'}}]);
		// Now in the history, with its scheme: still refused, and the store (schema) took the entry.
		expect((await refusal(change(user, 'Legacy-Pass-1'))).fields.password).toEqual(['Password has previously been used']);
	});

	it('sets a password for a database user who had none (an Auth0 export imported without one)', async () => {
		const user = await create();
		await store.transact(tx => {
			tx.delete('passwords', user.user_id);
		});
		await change(user, 'Second-Pass-22');
		expect(store.password(user.user_id)).toMatchObject({hash: await fakeHasher.hash('Second-Pass-22'), history: []});
	});

	it('leaves the user\'s devices and tickets as they were', async () => {
		const user = await create();
		await store.transact(tx => {
			tx.put('devices', {id: 'dcr_1', device_name: 'Chrome', device_id: 'd1', type: 'refresh_token', user_id: user.user_id, client_id: app.client_id});
		});
		const ticket = await service.impersonate(user.user_id, app.client_id);
		await change(user, 'Second-Pass-22');
		expect(service.devices(user.user_id).map(device => device.id)).toEqual(['dcr_1']);
		await expect(service.redeemTicket(ticket.url, app.client_id)).resolves.toMatchObject({user_id: user.user_id});
	});

	it('says why a user of a social connection has no password to change, and logs the refusal', async () => {
		const social = {user_id: 'github|42', created_at: clock.toISOString(), updated_at: clock.toISOString(), identities: [{connection: 'github', provider: 'github', user_id: 42, isSocial: true}], logins_count: 1};
		await store.transact(tx => {
			tx.put('users', social);
		});
		expect(service.passwordChangeOptions('github|42')).toEqual({allowed: false, reason: expect.stringMatching(/github, not a database connection/) as unknown as string});
		const error = await refusal(service.changePassword('github|42', {password: 'Another-Pass-99', repeatPassword: 'Another-Pass-99'}));
		expect(error.message).toMatch(/^No password to change: the user signs in with github/);
		expect(store.tables.passwords.has('github|42')).toBe(false);
		expect(events('fcp')).toHaveLength(1);
	});

	it('refuses an unknown user with NOT_FOUND and logs it', async () => {
		const error = await refusal(service.changePassword('auth0|nobody', {password: 'Another-Pass-99', repeatPassword: 'Another-Pass-99'}));
		expect(error.code).toBe('NOT_FOUND');
		expect(events('fcp')).toHaveLength(1);
	});
});

describe('changeEmail', () => {
	it('sets the email lower-cased and unverified by default, and the user is found by it', async () => {
		const user = await create();
		await store.transact(tx => {
			tx.put('users', {...store.user(user.user_id)!, email_verified: true});
		});
		clock = new Date('2026-11-22T09:00:00.000Z');
		const {user: changed, changed: didChange} = await service.changeEmail(user.user_id, {email: '  Ana.New@Example.COM '});
		expect(didChange).toBe(true);
		expect(changed).toMatchObject({email: 'ana.new@example.com', email_verified: false, updated_at: clock.toISOString()});
		expect(service.findUser('ana.new@example.com').user_id).toBe(user.user_id);
		expect(service.usersByEmail('ana@example.com')).toEqual([]);
		const [event, ...more] = events('sapi');
		expect(more).toHaveLength(0);
		expect(event!.details).toMatchObject({action: 'change email', result: 'success', email_verified: false, request: {method: 'patch'}});
	});

	it('marks it verified when asked', async () => {
		const user = await create();
		const {user: changed} = await service.changeEmail(user.user_id, {email: 'ana.new@example.com', verified: true});
		expect(changed.email_verified).toBe(true);
	});

	it('refuses an invalid email next to the field and logs fapi', async () => {
		const user = await create();
		const error = await refusal(service.changeEmail(user.user_id, {email: 'not an email'}));
		expect(error.fields.email).toEqual(['Email must not contain spaces or control characters']);
		expect(store.user(user.user_id)!.email).toBe('ana@example.com');
		expect(events('fapi')[0]!.details).toMatchObject({action: 'change email', result: 'failure'});
	});

	it('refuses an email another user of the connection has (any case), allows one of another connection', async () => {
		const ana = await create();
		await create('bea@example.com');
		await create('cy@example.com', 'Other-DB');
		const error = await refusal(service.changeEmail(ana.user_id, {email: 'BEA@example.com'}));
		expect(error.code).toBe('CONFLICT');
		expect(error.fields.email).toEqual(['The specified new email already exists']);
		expect(service.changeEmailErrors(ana.user_id, {email: 'bea@example.com'})).toEqual({email: ['The specified new email already exists']});
		await expect(service.changeEmail(ana.user_id, {email: 'cy@example.com'})).resolves.toMatchObject({changed: true});
	});

	it('checks uniqueness again under the lock: another process took the email meanwhile', async () => {
		const ana = await create();
		expect(service.changeEmailErrors(ana.user_id, {email: 'taken@example.com'})).toEqual({});
		const other = await Store.open({path: file});
		try {
			const otherService = new UsersService({store: other, actor: testActor, hasher: fakeHasher, now: () => clock});
			await otherService.createUser({email: 'taken@example.com', password: first, repeatPassword: first, connection: db.name});
		} finally {
			await other.close();
		}

		const error = await refusal(service.changeEmail(ana.user_id, {email: 'taken@example.com'}));
		expect(error.fields.email).toEqual(['The specified new email already exists']);
		expect(store.user(ana.user_id)!.email).toBe('ana@example.com');
	});

	it('updates the own identity\'s profileData copy of the email, never a linked identity\'s', async () => {
		const ana = await create();
		const stored = store.user(ana.user_id)!;
		await store.transact(tx => {
			tx.put('users', {
				...stored,
				identities: [
					{...stored.identities[0]!, profileData: {email: 'ana@example.com', email_verified: false}},
					{connection: 'github', provider: 'github', user_id: 7, isSocial: true, profileData: {email: 'ana@github.example'}},
				],
			});
		});
		const {user} = await service.changeEmail(ana.user_id, {email: 'ana.new@example.com', verified: true});
		expect(user.identities[0]!.profileData).toEqual({email: 'ana.new@example.com', email_verified: true});
		expect(user.identities[1]!.profileData).toEqual({email: 'ana@github.example'});
	});

	it('leaves a user who already has that email and state as they were, still one event', async () => {
		const ana = await create();
		const {user, changed} = await service.changeEmail(ana.user_id, {email: 'ANA@example.com'});
		expect(changed).toBe(false);
		expect(user.updated_at).toBe(ana.updated_at);
		expect(events('sapi')[0]!.details).toMatchObject({unchanged: true});
	});
});
