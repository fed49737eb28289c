// Bulk import through the service: what is written, what is refused and why,
// one audit event per user, upsert, small transactions, and imported hashes
// replaced with argon2id at the first sign-in.
import {createHash, pbkdf2Sync, randomBytes} from 'node:crypto';
import {mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {hash as argon2Hash} from '@node-rs/argon2';
import {hashSync as bcryptHash} from '@node-rs/bcrypt';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {UserdeckError} from '../../source/domain/errors.js';
import type {LogEvent} from '../../source/domain/types.js';
import {importUsers} from '../../source/services/import-users.js';
import {argon2Hasher} from '../../source/services/password-hasher.js';
import {UsersService} from '../../source/services/users-service.js';
import {Store} from '../../source/store/store.js';
import {fakeHasher, testActor} from '../support/fakes.js';
import {storedEvents} from '../support/events.js';

const connection = 'Username-Password-Authentication';
const clock = new Date('2026-11-20T10:00:00.000Z');
let dir: string;
let store: Store;
let service: UsersService;

beforeEach(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-import-'));
	store = await Store.open({path: path.join(dir, 'store.ndjson')});
	service = new UsersService({store, actor: testActor, hasher: fakeHasher, now: () => clock});
	const app = service.clients()[0]!;
	await store.transact(tx => {
		tx.put('connections', {id: 'con_social', name: 'github', strategy: 'github', enabled_clients: [app.client_id]});
		tx.put('connections', {id: 'con_off', name: 'Legacy-DB', strategy: 'auth0', enabled_clients: []});
	});
});

afterEach(async () => {
	await store.close();
	await rm(dir, {recursive: true, force: true});
});

function logs(type?: string): LogEvent[] {
	return storedEvents(store, type);
}

const byEmail = (email: string) => store.userByEmail(connection, email);

describe('importUsers', () => {
	it('creates each user with the entry\'s fields, auth0| added to its user_id, and one sapi event each', async () => {
		const result = await importUsers(service, [
			{email: 'Ana@Example.com', user_id: '61b5b6e90783fa19f7c57dad', name: 'Ana Souza', given_name: 'Ana', username: 'AnaS', email_verified: true, blocked: true, user_metadata: {plan: 'pro', gone: null}, app_metadata: {roles: ['admin']}},
			{email: 'bo@example.com'},
		], {connection});
		expect(result).toMatchObject({total: 2, created: 2, updated: 0, failed: 0, failures: []});
		const ana = store.user('auth0|61b5b6e90783fa19f7c57dad')!;
		expect(ana).toMatchObject({
			email: 'ana@example.com',
			email_verified: true,
			name: 'Ana Souza',
			given_name: 'Ana',
			username: 'anas',
			blocked: true,
			user_metadata: {plan: 'pro'},
			app_metadata: {roles: ['admin']},
			identities: [{connection, provider: 'auth0', user_id: '61b5b6e90783fa19f7c57dad', isSocial: false}],
			logins_count: 0,
			created_at: clock.toISOString(),
		});
		const bo = byEmail('bo@example.com')!;
		expect(bo.user_id).toMatch(/^auth0\|[\da-f]{24}$/);
		expect(bo).toMatchObject({name: 'bo@example.com', nickname: 'bo', email_verified: false});
		// No hash in the file: no password row (such users reset their password).
		expect(store.tables.passwords.has(bo.user_id)).toBe(false);

		const events = logs('sapi');
		expect(events.map(event => event.user_id)).toEqual([ana.user_id, bo.user_id]);
		for (const event of events) {
			expect(event.date).toBe(clock.toISOString());
			expect(event.connection).toBe(connection);
			expect(event.details).toMatchObject({actor: testActor, action: 'import user', target: event.user_id, result: 'success', import_id: result.import_id});
		}
	});

	it('refuses bad entries with their index, email and codes, imports the rest, and logs the refusals as one fapi event for the run', async () => {
		const existing = await service.createUser({email: 'taken@example.com', password: 'Sturdy-Pass-42', repeatPassword: 'Sturdy-Pass-42', connection});
		const before = logs().length;
		const result = await importUsers(service, [
			{email: 'ok@example.com'},
			{email: 'nope', phone_number: '123'},
			{email: 'taken@example.com', name: 'Impostor'},
			{email: 'twice@example.com', name: 'First'},
			{email: 'TWICE@example.com', name: 'Second'},
			42,
			{email: 'idclash@example.com', user_id: existing.user_id.slice('auth0|'.length)},
			{email: 'ok2@example.com'},
		], {connection});
		expect(result).toMatchObject({total: 8, created: 2, updated: 0, failed: 6});
		const summary = result.failures.map(failure => [failure.index, failure.email, failure.errors.map(error => error.code)]);
		expect(summary).toEqual([
			[1, 'nope', ['FORMAT', 'PATTERN']],
			[2, 'taken@example.com', ['CONFLICT_EMAIL']],
			[3, 'twice@example.com', ['DUPLICATED_USER']],
			[4, 'TWICE@example.com', ['DUPLICATED_USER']],
			[5, undefined, ['INVALID_TYPE']],
			[6, 'idclash@example.com', ['CONFLICT']],
		]);
		expect(byEmail('taken@example.com')!.name).toBe('taken@example.com');
		expect(byEmail('twice@example.com')).toBeUndefined();
		expect(byEmail('ok2@example.com')).toBeDefined();

		const added = logs().slice(before);
		expect(added.map(event => event.type)).toEqual(['sapi', 'sapi', 'fapi']);
		const [refusals] = added.filter(event => event.type === 'fapi');
		expect(refusals!.description).toBe('import users: 6 of 8 refused (FORMAT, PATTERN, CONFLICT_EMAIL, DUPLICATED_USER, INVALID_TYPE, CONFLICT)');
		expect(refusals!.details).toMatchObject({
			actor: testActor, action: 'import users', target: connection, result: 'failure', import_id: result.import_id,
			refused: 6, total: 8, codes: {FORMAT: 1, PATTERN: 1, CONFLICT_EMAIL: 1, DUPLICATED_USER: 2, INVALID_TYPE: 1, CONFLICT: 1},
		});
		const first = refusals!.details!['first_refused'] as Array<{index: number; email?: string; errors: Array<{code: string}>}>;
		expect(first.map(entry => [entry.index, entry.email, entry.errors.map(error => error.code)])).toEqual(summary);
	});

	it('logs one event for a run however many entries it refuses, naming the first ones', async () => {
		const before = logs().length;
		const entries = Array.from({length: 1000}, (_, index) => ({email: `bad-${index}`}));
		const result = await importUsers(service, entries, {connection});
		expect(result.failed).toBe(1000);
		const added = logs().slice(before);
		expect(added).toHaveLength(1);
		expect(added[0]!.details).toMatchObject({refused: 1000, total: 1000, codes: {FORMAT: 1000}});
		expect((added[0]!.details!['first_refused'] as unknown[]).length).toBe(20);
	});

	it('with upsert, overwrites the existing user by email and replaces (does not merge) metadata', async () => {
		await importUsers(service, [{email: 'ana@example.com', name: 'Ana', nickname: 'ana', user_metadata: {plan: 'free', theme: 'dark'}, app_metadata: {roles: ['a']}}], {connection});
		const original = byEmail('ana@example.com')!;
		const conflict = await importUsers(service, [{email: 'ANA@example.com', name: 'Ana Souza', user_metadata: {plan: 'pro'}}], {connection});
		expect(conflict.failures[0]!.errors[0]!.code).toBe('CONFLICT_EMAIL');
		expect(byEmail('ana@example.com')!.name).toBe('Ana');

		const later = new Date(clock.getTime() + 60_000);
		service = new UsersService({store, actor: testActor, hasher: fakeHasher, now: () => later});
		const upsert = await importUsers(service, [{email: 'ANA@example.com', user_id: 'ignored', name: 'Ana Souza', user_metadata: {plan: 'pro'}}], {connection, upsert: true});
		expect(upsert).toMatchObject({created: 0, updated: 1, failed: 0});
		const updated = byEmail('ana@example.com')!;
		expect(updated.user_id).toBe(original.user_id);
		expect(updated.name).toBe('Ana Souza');
		expect(updated.nickname).toBe('ana');
		expect(updated.user_metadata).toEqual({plan: 'pro'});
		expect(updated.app_metadata).toEqual({roles: ['a']});
		expect(updated.updated_at).toBe(later.toISOString());
		expect(updated.created_at).toBe(original.created_at);
		expect(store.tables.users.size).toBe(1);
		expect(logs('sapi').at(-1)!.details).toMatchObject({action: 'import user (upsert)', target: original.user_id, outcome: 'updated'});
	});

	it('keeps usernames unique in the connection: CONFLICT_USERNAME, and DUPLICATED_USER within a file', async () => {
		await importUsers(service, [{email: 'ana@example.com', username: 'Ana'}], {connection});
		const result = await importUsers(service, [
			{email: 'other@example.com', username: 'ANA'},
			{email: 'x@example.com', username: 'same'},
			{email: 'y@example.com', username: 'Same'},
			{email: 'z@example.com', username: 'free'},
		], {connection, upsert: true});
		expect(result.failures.map(failure => [failure.index, failure.errors.map(error => error.code)])).toEqual([
			[0, ['CONFLICT_USERNAME']], [1, ['DUPLICATED_USER']], [2, ['DUPLICATED_USER']],
		]);
		expect(result.created).toBe(1);
		// Upserting a user with its own username is no conflict.
		const upsert = await importUsers(service, [{email: 'ana@example.com', username: 'ana', name: 'Ana again'}], {connection, upsert: true});
		expect(upsert).toMatchObject({updated: 1, failed: 0});
		expect(byEmail('ana@example.com')!.name).toBe('Ana again');
	});

	it('sees usernames another writer took between its transactions', async () => {
		const other = await Store.open({path: store.path});
		try {
			const otherService = new UsersService({store: other, actor: testActor, hasher: fakeHasher, now: () => clock});
			const file = (prefix: string) => Array.from({length: 60}, (_, index) => ({email: `${prefix}${index}@example.com`, username: `name${index}`}));
			// The second import starts after the first one's first transaction and
			// takes the usernames from the other end; pauses longer than the lock's
			// longest poll (50 ms) make them take turns, so each must see the other's.
			let second: ReturnType<typeof importUsers> | undefined;
			const first = await importUsers(service, file('a'), {
				connection,
				batchSize: 10,
				pauseMs: 60,
				onProgress() {
					second ??= importUsers(otherService, file('b').reverse(), {connection, batchSize: 10, pauseMs: 60});
				},
			});
			const secondResult = await second!;
			expect(first.created).toBeGreaterThan(10);
			expect(secondResult.created).toBeGreaterThan(10);
			expect(first.created + secondResult.created).toBe(60);
			expect([...first.failures, ...secondResult.failures].every(failure => failure.errors[0]!.code === 'CONFLICT_USERNAME')).toBe(true);
			expect(first.failed + secondResult.failed).toBe(60);
			await store.refresh();
			const usernames = [...store.tables.users.values()].map(user => user.username);
			expect(new Set(usernames).size).toBe(60);
		} finally {
			await other.close();
		}
	});

	it('writes in small transactions: at most batchSize users each', async () => {
		const entries = Array.from({length: 45}, (_, index) => ({email: `user${index}@example.com`}));
		const seqBefore = store.revision;
		const result = await importUsers(service, entries, {connection, batchSize: 10, batchMs: 10_000});
		expect(result.created).toBe(45);
		expect(result.transactions).toBe(5);
		expect(store.revision - seqBefore).toBe(5);
	});

	it('refuses an unknown, social or disabled connection before writing anything', async () => {
		for (const [name, message] of [['Nope-DB', /No connection named Nope-DB/], ['github', /not a database connection/], ['Legacy-DB', /disabled/]] as const) {
			const error = await importUsers(service, [{email: 'a@example.com'}], {connection: name}).catch((error: unknown) => error);
			expect(error).toBeInstanceOf(UserdeckError);
			expect((error as Error).message).toMatch(message);
		}

		expect(store.tables.users.size).toBe(0);
		// One failure event per refused import, naming the connection.
		expect(logs('fapi').map(event => [event.details!['action'], event.details!['target'], event.details!['result']])).toEqual([
			['import users', 'Nope-DB', 'failure'], ['import users', 'github', 'failure'], ['import users', 'Legacy-DB', 'failure'],
		]);
	});

	it('stores imported hashes with their scheme, never in a user profile', async () => {
		const bcrypt = bcryptHash('Pass-Word-1', 10);
		await importUsers(service, [{email: 'b@example.com', password_hash: bcrypt}], {connection});
		const user = byEmail('b@example.com')!;
		expect(store.password(user.user_id)).toMatchObject({hash: bcrypt, imported: {algorithm: 'bcrypt'}, history: []});
		expect(JSON.stringify(user)).not.toContain(bcrypt);
	});
});

describe('signing in with an imported hash', () => {
	const secret = 'Imported-Pass-42!';
	const entries = async () => {
		const salt = randomBytes(16);
		return [
			{email: 'bcrypt@example.com', password_hash: bcryptHash(secret, 10)},
			{email: 'argon2@example.com', custom_password_hash: {algorithm: 'argon2', hash: {value: await argon2Hash(secret, {algorithm: 2, memoryCost: 4096})}}},
			{email: 'sha256@example.com', custom_password_hash: {algorithm: 'sha256', hash: {value: createHash('sha256').update(`salt${secret}`).digest('hex'), encoding: 'hex'}, salt: {value: 'salt'}}},
			{email: 'pbkdf2@example.com', custom_password_hash: {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-sha256$i=1000,l=32$${salt.toString('base64')}$${pbkdf2Sync(secret, salt, 1000, 32, 'sha256').toString('base64')}`}}},
		];
	};

	it.each(['bcrypt', 'argon2', 'sha256', 'pbkdf2'])('%s: the right password signs in and the hash becomes argon2id; wrong ones fail', async kind => {
		service = new UsersService({store, actor: testActor, hasher: argon2Hasher, now: () => clock});
		const result = await importUsers(service, await entries(), {connection});
		expect(result.failed).toBe(0);
		const email = `${kind}@example.com`;
		const user = byEmail(email)!;
		const imported = store.password(user.user_id)!;
		expect(imported.imported).toBeDefined();
		const clientId = service.clients()[0]!.client_id;

		await expect(service.signIn({email, password: 'Wrong-Pass-42!', clientId})).rejects.toThrow(/Wrong email or password/);
		expect(store.password(user.user_id)).toEqual(imported);

		const signedIn = await service.signIn({email, password: secret, clientId});
		expect(signedIn.logins_count).toBe(1);
		const upgraded = store.password(user.user_id)!;
		expect(upgraded.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(upgraded.imported).toBeUndefined();
		expect(logs('s').at(-1)!.details).toEqual({password_hash_upgraded: `${imported.imported!.algorithm} → argon2id`});

		// The new hash is the one checked from now on.
		await expect(service.signIn({email, password: 'Wrong-Pass-42!', clientId})).rejects.toThrow(/Wrong email or password/);
		expect((await service.signIn({email, password: secret, clientId})).logins_count).toBe(2);
		expect(store.password(user.user_id)!.hash).toBe(upgraded.hash);
	});
});
