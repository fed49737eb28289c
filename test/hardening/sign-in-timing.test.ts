// A wrong password costs the same whatever the account's hash scheme (issue
// 14): an unknown email, an argon2id account and an account imported with
// each scheme userdeck imports, with the real hashers. Timing depends on the
// machine, so this runs only under `npm run stress` (USERDECK_STRESS=1), in
// process (the service's sign-in, many tries) and through `userdeck login`
// (a process each, as the issue measured: addon loads count there), tries
// interleaved so that load on the machine falls on every scheme alike. It
// prints the medians as a figure and asserts they are within 10 % of each other.
import {spawnSync} from 'node:child_process';
import {createHmac, pbkdf2Sync, randomBytes, scryptSync} from 'node:crypto';
import {mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {hash as argon2Hash} from '@node-rs/argon2';
import {hashSync as bcryptHash} from '@node-rs/bcrypt';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {UserdeckError} from '../../source/domain/errors.js';
import {importUsers} from '../../source/services/import-users.js';
import {argon2Hasher} from '../../source/services/password-hasher.js';
import {UsersService} from '../../source/services/users-service.js';
import {Store} from '../../source/store/store.js';
import {digest} from '../services/support/hash-formats.js';
import {cli} from '../support/cli.js';
import {testActor} from '../support/fakes.js';
import {figure, scaled, stress} from './support/scale.js';

const password = 'Imported-Pass-42';
const connection = 'Username-Password-Authentication';
const unpadded = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

/** One account per scheme, with parameters other systems use. */
async function schemes(): Promise<Array<{name: string; entry: Record<string, unknown>}>> {
	const salt = randomBytes(16);
	const key = randomBytes(32);
	const ldapSalt = salt.subarray(0, 8);
	return [
		{name: 'argon2id (imported, t=3)', entry: {custom_password_hash: {algorithm: 'argon2', hash: {value: await argon2Hash(password, {algorithm: 2, memoryCost: 19_456, timeCost: 3, parallelism: 1})}}}},
		{name: 'bcrypt cost 10', entry: {password_hash: bcryptHash(password, 10)}},
		{name: 'md5', entry: {custom_password_hash: {algorithm: 'md5', hash: {value: digest('md5', password).toString('hex'), encoding: 'hex'}}}},
		{name: 'sha1 salted', entry: {custom_password_hash: {algorithm: 'sha1', hash: {value: digest('sha1', 'NaCl', password).toString('hex'), encoding: 'hex'}, salt: {value: 'NaCl'}}}},
		{name: 'sha256', entry: {custom_password_hash: {algorithm: 'sha256', hash: {value: digest('sha256', password).toString('base64'), encoding: 'base64'}}}},
		{name: 'sha512', entry: {custom_password_hash: {algorithm: 'sha512', hash: {value: digest('sha512', password).toString('hex'), encoding: 'hex'}}}},
		{name: 'hmac-sha256', entry: {custom_password_hash: {algorithm: 'hmac', hash: {value: createHmac('sha256', key).update(password).digest('hex'), encoding: 'hex', digest: 'sha256', key: {value: key.toString('base64'), encoding: 'base64'}}}}},
		{name: 'ldap {SSHA}', entry: {custom_password_hash: {algorithm: 'ldap', hash: {value: `{SSHA}${Buffer.concat([digest('sha1', password, ldapSalt), ldapSalt]).toString('base64')}`}}}},
		{name: 'pbkdf2-sha256 100,000', entry: {custom_password_hash: {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-sha256$i=100000,l=32$${unpadded(salt)}$${unpadded(pbkdf2Sync(password, salt, 100_000, 32, 'sha256'))}`}}}},
		{name: 'scrypt N=16384', entry: {custom_password_hash: {algorithm: 'scrypt', hash: {value: scryptSync(password, salt, 64, {N: 16_384, r: 8, p: 1}).toString('hex'), encoding: 'hex'}, salt: {value: salt.toString('base64'), encoding: 'base64'}, keylen: 64, cost: 16_384}}},
	];
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

function shuffle<T>(values: T[]): T[] {
	const copy = [...values];
	for (let index = copy.length - 1; index > 0; index--) {
		const other = Math.floor(Math.random() * (index + 1));
		[copy[index], copy[other]] = [copy[other]!, copy[index]!];
	}

	return copy;
}

/**
 * The medians per scheme, and the spread that the assertion compares: each
 * try divided by the median of its round (every scheme once, in random
 * order), so that a slow stretch of a shared machine weighs on every scheme
 * alike instead of on whichever ran during it.
 */
function report(label: string, rounds: Array<Map<string, number>>): number {
	const names = [...rounds[0]!.keys()];
	const raw = names.map(name => median(rounds.map(round => round.get(name)!)));
	const relative = names.map(name => median(rounds.map(round => round.get(name)! / median([...round.values()]))));
	const spread = (Math.max(...relative) / Math.min(...relative)) - 1;
	figure(
		`wrong password, ${label}: median per scheme (${rounds.length} rounds, schemes in random order)`,
		`${names.map((name, index) => `${name} ${raw[index]!.toFixed(1)} ms (${relative[index]!.toFixed(3)}× its round's median)`).join('; ')}; slowest/fastest ${(spread * 100).toFixed(1)} % apart (target ≤ 10 %)`,
	);
	return spread;
}

describe.skipIf(!stress)('the time a wrong password takes', () => {
	let dir: string;
	let store: Store;
	let service: UsersService;
	let clientId: string;
	const accounts = new Map<string, string>();

	beforeAll(async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'userdeck-timing-'));
		store = await Store.open({path: path.join(dir, 'store.ndjson')});
		service = new UsersService({store, actor: testActor, hasher: argon2Hasher});
		clientId = service.clients()[0]!.client_id;
		await service.createUser({email: 'native@example.com', password, repeatPassword: password, connection});
		accounts.set('unknown email', 'nobody@example.com');
		accounts.set('argon2id (userdeck)', 'native@example.com');
		const entries = (await schemes()).map(({name, entry}, index) => {
			accounts.set(name, `imported-${index}@example.com`);
			return {email: `imported-${index}@example.com`, ...entry};
		});
		const result = await importUsers(service, entries, {connection});
		expect(result.failures).toEqual([]);
	}, 120_000);

	afterAll(async () => {
		await store.close();
		await rm(dir, {recursive: true, force: true});
	});

	it('in process: the medians of every scheme are within 10 % of each other', async () => {
		const rounds: Array<Map<string, number>> = [];
		// A first round loads the addons and finds the store's kinds of hash.
		for (let round = 0; round <= scaled(2, 60); round++) {
			const times = new Map<string, number>();
			for (const [name, email] of shuffle([...accounts])) {
				const started = performance.now();
				const error = await service.signIn({email, password: 'Wrong-Pass-42', clientId}).catch((error: unknown) => error);
				times.set(name, performance.now() - started);
				expect(error).toBeInstanceOf(UserdeckError);
			}

			if (round > 0) {
				rounds.push(new Map([...accounts.keys()].map(name => [name, times.get(name)!])));
			}
		}

		expect(report('in process', rounds)).toBeLessThanOrEqual(0.1);
	}, 0);

	it('through `userdeck login`, a process each: the medians are within 10 % of each other', async () => {
		await store.close();
		const rounds: Array<Map<string, number>> = [];
		// A process's own start varies by tens of milliseconds on a shared machine: more rounds than in process.
		for (let round = 0; round < scaled(1, Number(process.env['USERDECK_TIMING_ROUNDS'] ?? 60)); round++) {
			const times = new Map<string, number>();
			for (const [name, email] of shuffle([...accounts])) {
				const started = performance.now();
				const result = spawnSync(process.execPath, [cli, 'login', '--email', email, '--password-stdin', '--client', clientId, '--store', path.join(dir, 'store.ndjson')], {
					input: 'Wrong-Pass-42\n',
					encoding: 'utf8',
					env: {...process.env, USERDECK_STORE: ''},
				});
				times.set(name, performance.now() - started);
				expect(result.status).toBe(1);
			}

			rounds.push(new Map([...accounts.keys()].map(name => [name, times.get(name)!])));
		}

		expect(report('userdeck login', rounds)).toBeLessThanOrEqual(0.1);
	}, 0);
});
