// Never accept a hash that cannot be verified: one import holds every hash
// format userdeck accepts, each made here with an independent implementation
// (node:crypto, hash-wasm, @node-rs/bcrypt, @node-rs/argon2); every user then
// fails with a wrong password, signs in with the right one, and again after
// the hash was replaced with argon2id. No accepted user is left who can never
// sign in.
import {mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {importUsers, type ImportResult} from '../../source/services/import-users.js';
import {argon2Hasher} from '../../source/services/password-hasher.js';
import {UsersService} from '../../source/services/users-service.js';
import {SealedPassword} from '../../source/store/sealed-record.js';
import {Store} from '../../source/store/store.js';
import {testActor} from '../support/fakes.js';
import {acceptedFormats, type FormatCase} from './support/hash-formats.js';

const connection = 'Username-Password-Authentication';
let dir: string;
let store: Store;
let service: UsersService;
let cases: FormatCase[];
let result: ImportResult;

beforeAll(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-sign-in-'));
	store = await Store.open({path: path.join(dir, 'store.ndjson')});
	service = new UsersService({store, actor: testActor, hasher: argon2Hasher});
	cases = await acceptedFormats();
	result = await importUsers(service, cases.map((format, index) => ({email: `user${index}@example.com`, ...format.entry})), {connection});
	// Signed in from the snapshot, as a store opened later reads them: the records sealed (store/sealed-record.ts).
	await store.compact();
	await store.close();
	store = await Store.open({path: path.join(dir, 'store.ndjson')});
	service = new UsersService({store, actor: testActor, hasher: argon2Hasher});
});

afterAll(async () => {
	await store.close();
	await rm(dir, {recursive: true, force: true});
});

describe('an import of every accepted hash format', () => {
	it('accepts every user', () => {
		expect(result.failures.map(failure => [cases[failure.index]!.name, failure.errors])).toEqual([]);
		expect(result.created).toBe(cases.length);
		expect([...store.tables.passwords.values()].every(record => record instanceof SealedPassword && record.imported)).toBe(true);
		// Auth0 puts auth0| before any user_id, one with a | included.
		expect(store.user('auth0|legacy|42')?.identities[0]?.user_id).toBe('legacy|42');
	});

	it('leaves no user who can never sign in: wrong passwords fail, the right one signs in, before and after the rehash', async () => {
		const clientId = service.clients()[0]!.client_id;
		const stuck: string[] = [];
		// Every check of a password takes as long as the slowest kind of hash in
		// the store (a wrong password tells nothing of the account's scheme), so
		// the users sign in side by side, as an application's users do; each
		// user's own steps stay in order.
		await Promise.all(cases.map(async (format, index) => {
			const email = `user${index}@example.com`;
			for (const wrong of format.wrong ?? [`${format.password}x`, format.password.toUpperCase() === format.password ? 'x' : format.password.toUpperCase()]) {
				// eslint-disable-next-line no-await-in-loop
				if (await service.signIn({email, password: wrong, clientId}).then(() => true, () => false)) {
					stuck.push(`${format.name}: a wrong password (${wrong}) signed in`);
				}
			}

			const first = await service.signIn({email, password: format.password, clientId}).catch(() => undefined);
			const second = await service.signIn({email, password: format.password, clientId}).catch(() => undefined);
			if (!first || !second) {
				stuck.push(`${format.name}: the right password ${first ? 'stopped working after the rehash' : 'does not sign in'}`);
			}

			const record = store.password(store.userByEmail(connection, email)!.user_id)!;
			if (record.imported !== undefined || !record.hash.startsWith('$argon2id$')) {
				stuck.push(`${format.name}: not rehashed to argon2id`);
			}
		}));

		expect(stuck).toEqual([]);
	}, 120_000);
});

describe('hashes that could not be verified as the file means them', () => {
	it('refuses a bcrypt prefix salt that fills bcrypt\'s 72 bytes (any password would match)', async () => {
		const {hashSync} = await import('@node-rs/bcrypt');
		const salt = 's'.repeat(72);
		const refused = await importUsers(service, [
			{email: 'full-salt@example.com', custom_password_hash: {algorithm: 'bcrypt', hash: {value: hashSync(salt, 4)}, salt: {value: salt}}},
		], {connection});
		expect(refused.failures[0]!.errors).toEqual([expect.objectContaining({path: 'custom_password_hash.salt.value', message: expect.stringContaining('bcrypt reads only 72 bytes') as unknown})]);
		expect(store.userByEmail(connection, 'full-salt@example.com')).toBeUndefined();
	});
});
