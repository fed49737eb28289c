// Upsert follows Auth0's property table: a custom_password_hash replaces only
// an imported hash nobody has signed in with yet (never a password the user
// made their own), and blocked, email, username, user_id, password_hash and
// mfa_factors are left as they were, which the user's result says.
import {createHash} from 'node:crypto';
import {mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {hashSync as bcryptHash} from '@node-rs/bcrypt';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {importUsers} from '../../source/services/import-users.js';
import {UsersService} from '../../source/services/users-service.js';
import {storedEvents} from '../support/events.js';
import {Store} from '../../source/store/store.js';
import {fakeHasher, testActor} from '../support/fakes.js';

const connection = 'Username-Password-Authentication';
const clock = new Date('2026-11-20T10:00:00.000Z');
let dir: string;
let store: Store;
let service: UsersService;
let clientId: string;

beforeEach(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-upsert-'));
	store = await Store.open({path: path.join(dir, 'store.ndjson')});
	service = new UsersService({store, actor: testActor, hasher: fakeHasher, now: () => clock});
	clientId = service.clients()[0]!.client_id;
});

afterEach(async () => {
	await store.close();
	await rm(dir, {recursive: true, force: true});
});

const sha256 = (password: string) => ({algorithm: 'sha256', hash: {value: createHash('sha256').update(password).digest('hex'), encoding: 'hex'}});
const byEmail = (email: string) => store.userByEmail(connection, email)!;
const signIn = async (email: string, password: string) => service.signIn({email, password, clientId});

describe('upsert and passwords', () => {
	it('never replaces the password of a user who has signed in with the imported hash: refused per user, password untouched', async () => {
		await importUsers(service, [{email: 'ana@example.com', custom_password_hash: sha256('First-Pass-1')}], {connection});
		await signIn('ana@example.com', 'First-Pass-1');
		const user = byEmail('ana@example.com');
		const rehashed = store.password(user.user_id)!;
		expect(rehashed.imported).toBeUndefined();

		const result = await importUsers(service, [
			{email: 'ana@example.com', name: 'Ana Again', custom_password_hash: sha256('Second-Pass-2')},
		], {connection, upsert: true});
		expect(result).toMatchObject({updated: 0, failed: 1});
		expect(result.failures[0]!.errors).toEqual([expect.objectContaining({
			code: 'CONFLICT',
			path: 'custom_password_hash',
			reason: 'PASSWORD_ALREADY_SET',
			message: expect.stringContaining('custom_password_hash can only be updated if the user did not login using the initially imported custom_password_hash') as unknown,
		})]);
		expect(store.password(user.user_id)).toEqual(rehashed);
		expect(byEmail('ana@example.com').name).toBe(user.name);
		expect((await signIn('ana@example.com', 'First-Pass-1')).logins_count).toBe(2);
		await expect(signIn('ana@example.com', 'Second-Pass-2')).rejects.toThrow(/Wrong email or password/);
	});

	it('refuses a custom_password_hash for a user who set their own password', async () => {
		const user = await service.createUser({email: 'bo@example.com', password: 'Own-Pass-42!', repeatPassword: 'Own-Pass-42!', connection});
		const before = store.password(user.user_id);
		const result = await importUsers(service, [{email: 'bo@example.com', custom_password_hash: sha256('Other-Pass-1')}], {connection, upsert: true});
		expect(result.failures.map(failure => failure.errors.map(error => error.reason))).toEqual([['PASSWORD_ALREADY_SET']]);
		expect(store.password(user.user_id)).toEqual(before);
		expect((await signIn('bo@example.com', 'Own-Pass-42!')).user_id).toBe(user.user_id);
	});

	it('replaces an imported hash nobody has signed in with yet, and gives one to a user without a password', async () => {
		await importUsers(service, [
			{email: 'cy@example.com', custom_password_hash: sha256('Old-Pass-1')},
			{email: 'di@example.com'},
		], {connection});
		const result = await importUsers(service, [
			{email: 'cy@example.com', custom_password_hash: sha256('New-Pass-2')},
			{email: 'di@example.com', custom_password_hash: sha256('Di-Pass-3')},
		], {connection, upsert: true});
		expect(result).toMatchObject({updated: 2, failed: 0, notices: []});
		await expect(signIn('cy@example.com', 'Old-Pass-1')).rejects.toThrow(/Wrong email or password/);
		expect((await signIn('cy@example.com', 'New-Pass-2')).logins_count).toBe(1);
		expect((await signIn('di@example.com', 'Di-Pass-3')).logins_count).toBe(1);
	});

	it('leaves the password as it is when an upsert brings a password_hash, and says so', async () => {
		await importUsers(service, [{email: 'ed@example.com', password_hash: bcryptHash('Ed-Pass-1', 10)}], {connection});
		const user = byEmail('ed@example.com');
		const before = store.password(user.user_id);
		const result = await importUsers(service, [{email: 'ed@example.com', name: 'Ed', password_hash: bcryptHash('Ed-Pass-2', 10)}], {connection, upsert: true});
		expect(result).toMatchObject({updated: 1, failed: 0});
		expect(result.notices).toEqual([expect.objectContaining({index: 0, user_id: user.user_id, code: 'NOT_UPSERTED', fields: ['password_hash']})]);
		expect(result.notices[0]!.message).toContain('password_hash can only be provided when the user is first imported');
		expect(store.password(user.user_id)).toEqual(before);
		expect(byEmail('ed@example.com').name).toBe('Ed');
	});
});

describe('upsert and the properties Auth0 does not upsert', () => {
	it('leaves blocked, username, user_id and mfa_factors as they were, updates the rest, and says which it left', async () => {
		await importUsers(service, [{email: 'fa@example.com', user_id: 'fa-1', username: 'fa', name: 'Fa'}], {connection});
		const original = byEmail('fa@example.com');
		const result = await importUsers(service, [{
			email: 'FA@example.com',
			user_id: 'fa-2',
			username: 'someone-else',
			blocked: true,
			name: 'Fa Souza',
			given_name: 'Fa',
			mfa_factors: [{totp: {secret: 'JBTWY3DPEHPK3PNP'}}],
			user_metadata: {plan: 'pro'},
		}], {connection, upsert: true});
		expect(result).toMatchObject({updated: 1, failed: 0});
		const updated = byEmail('fa@example.com');
		expect(updated).toMatchObject({user_id: 'auth0|fa-1', username: 'fa', email: 'fa@example.com', name: 'Fa Souza', given_name: 'Fa', user_metadata: {plan: 'pro'}});
		expect(updated.blocked ?? false).toBe(false);
		expect(updated.user_id).toBe(original.user_id);
		expect(result.notices).toEqual([{
			index: 0,
			email: 'FA@example.com',
			user_id: 'auth0|fa-1',
			code: 'NOT_UPSERTED',
			fields: ['user_id', 'username', 'blocked', 'mfa_factors'],
			message: 'left as they were (Auth0 does not upsert them): user_id, username, blocked, mfa_factors',
		}]);
		const event = storedEvents(store, 'sapi').at(-1)!;
		expect(event.details).toMatchObject({outcome: 'updated', not_upserted: ['user_id', 'username', 'blocked', 'mfa_factors']});
	});

	it('does not block, nor take a username from, a user on upsert; the same values make no notice', async () => {
		await importUsers(service, [{email: 'go@example.com', username: 'go', blocked: true}, {email: 'ha@example.com', username: 'ha'}, {email: 'iv@example.com', username: 'iv'}], {connection});
		const result = await importUsers(service, [
			{email: 'go@example.com', username: 'GO', blocked: true, nickname: 'g'},
			// Another user's username is no conflict: it is not applied.
			{email: 'ha@example.com', username: 'iv', blocked: true},
		], {connection, upsert: true});
		expect(result).toMatchObject({updated: 2, failed: 0});
		expect(result.notices.map(notice => [notice.index, notice.fields])).toEqual([[1, ['username', 'blocked']]]);
		expect(byEmail('go@example.com')).toMatchObject({username: 'go', blocked: true, nickname: 'g'});
		expect(byEmail('ha@example.com')).toMatchObject({username: 'ha'});
		expect(byEmail('ha@example.com').blocked ?? false).toBe(false);
	});
});

describe('the even-timing password check after an upsert', () => {
	it('signs in with the hash an upsert swapped in, of a kind the checks were not timed with (the table keeps its size)', async () => {
		const bcrypt = (password: string, cost: number) => ({algorithm: 'bcrypt', hash: {value: bcryptHash(password, cost)}});
		await importUsers(service, [{email: 'one@example.com', custom_password_hash: bcrypt('one-Passw0rd', 4)}], {connection});
		await expect(signIn('one@example.com', 'wrong')).rejects.toThrow(/Wrong email or password/);
		// A new kind: the checks are to be timed again, at the next sign-in.
		await importUsers(service, [{email: 'two@example.com', custom_password_hash: bcrypt('two-Passw0rd', 5)}], {connection});
		// Swapped before that sign-in, for a kind neither timing nor decoys know; the table's size stays.
		const result = await importUsers(service, [{email: 'two@example.com', custom_password_hash: bcrypt('three-Passw0rd', 6)}], {connection, upsert: true});
		expect(result.updated).toBe(1);
		await expect(signIn('two@example.com', 'three-Passw0rd')).resolves.toMatchObject({email: 'two@example.com'});
		await expect(signIn('two@example.com', 'two-Passw0rd')).rejects.toThrow(/Wrong email or password/);
	});
});
