// Issue 13's CLI defects, as a script meets them: read-only commands on a
// store that is not there, --client by name, the list's counts, blocking a
// blocked user, and `users show` by email.
import {existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateDemo} from '../../source/demo/generate.js';
import type {Client, User} from '../../source/domain/types.js';
import {writeSnapshot} from '../../source/store/store.js';
import {cli, runCli as run} from '../support/cli.js';

let dir: string;
let store: string;

function json<T>(args: string[]): T {
	const result = run([...args, '--json', '--store', store]);
	expect(result.stderr).toBe('');
	expect(result.code).toBe(0);
	return JSON.parse(result.stdout) as T;
}

beforeAll(async () => {
	if (!existsSync(cli)) {
		throw new Error('dist/cli.js is missing: npm test builds it first (npm run build)');
	}

	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-read-cli-'));
	store = path.join(dir, 'store.ndjson');
	const tables = generateDemo({users: 60, seed: 'read-commands', now: new Date(), passwordHash: 'test$unused'});
	// Two applications with one name: "--client NAME" must not pick one of them.
	const clients = [...tables.clients.values()];
	const reporting = clients.find(client => client.name === 'Reporting Job')!;
	tables.clients.set(reporting.client_id, {...reporting, name: 'Partner Portal'});
	await writeSnapshot(store, tables);
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('read-only commands on a store that does not exist', () => {
	const commands = [
		['users', 'list'],
		['users', 'list', '--json'],
		['users', 'show', 'auth0|nobody'],
		['users', 'logs', 'auth0|nobody'],
		['users', 'devices', 'auth0|nobody'],
		['users', 'export'],
		['connections', 'list'],
		['clients', 'list'],
	];

	it.each(commands)('%s %s fails with "No store at PATH" and creates nothing', (...args: string[]) => {
		const parent = path.join(dir, `missing-${args.join('-')}`);
		const missing = path.join(parent, 'store.ndjson');
		const result = run([...args, '--store', missing]);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`userdeck: No store at ${missing}\n`);
		expect(result.stdout).toBe('');
		expect(existsSync(parent)).toBe(false);
	}, 30_000);

	it('export --output creates no file either', () => {
		const missing = path.join(dir, 'nothing-here.ndjson');
		const output = path.join(dir, 'export-from-nothing.ndjson');
		const result = run(['users', 'export', '--output', output, '--store', missing]);
		expect(result.code).toBe(1);
		expect(existsSync(output)).toBe(false);
		expect(existsSync(missing)).toBe(false);
	}, 30_000);

	it('a mistyped query is still a usage error (exit 2), whether or not the store exists', () => {
		const missing = path.join(dir, 'nowhere', 'store.ndjson');
		for (const args of [['users', 'list'], ['users', 'export']]) {
			const result = run([...args, '--query', 'name:(a OR', '--store', missing]);
			expect(result.code, args.join(' ')).toBe(2);
			expect(result.stderr).toMatch(/Invalid query/);
		}

		expect(existsSync(path.join(dir, 'nowhere'))).toBe(false);
	}, 30_000);

	it('a write still creates the store (the documented behaviour)', () => {
		const fresh = path.join(dir, 'created-by-a-write', 'store.ndjson');
		const created = run(['users', 'create', '--email', 'first@example.com', '--connection', 'Username-Password-Authentication', '--password', 'Sturdy-Pass-42', '--store', fresh]);
		expect(created.code).toBe(0);
		expect(readdirSync(path.dirname(fresh))).toContain('store.ndjson');
		expect(run(['users', 'list', '--store', fresh]).code).toBe(0);
	}, 30_000);
});

describe('--client takes a client_id or an application\'s exact name', () => {
	it('signs in as a user through the application named on the command line', () => {
		const user = json<User[]>(['users', 'list', '--sort', 'user_id']).find(candidate => !candidate.blocked && candidate.identities[0]!.connection === 'Username-Password-Authentication')!;
		const acme = json<Client[]>(['clients', 'list']).find(client => client.name === 'Acme Web')!;
		const ticket = json<{url: string; client_id: string}>(['users', 'impersonate', user.user_id, '--client', 'Acme Web']);
		expect(ticket.client_id).toBe(acme.client_id);
		const redeemed = run(['tickets', 'redeem', ticket.url, '--client', 'Acme Web', '--store', store]);
		expect(redeemed.stderr).toBe('');
		expect(JSON.parse(redeemed.stdout)).toMatchObject({user_id: user.user_id, impersonated: true});
	}, 30_000);

	it('refuses a name two applications share, listing their ids', () => {
		const user = json<User[]>(['users', 'list', '--sort', 'user_id']).find(candidate => !candidate.blocked)!;
		const ids = json<Client[]>(['clients', 'list']).filter(client => client.name === 'Partner Portal').map(client => client.client_id);
		expect(ids).toHaveLength(2);
		const result = run(['users', 'impersonate', user.user_id, '--client', 'Partner Portal', '--store', store]);
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		for (const id of ids) {
			expect(result.stderr).toContain(id);
		}

		expect(result.stderr).toMatch(/2 applications are named Partner Portal/);
	}, 30_000);

	it('still refuses an unknown application in the operation\'s own words', () => {
		const user = json<User[]>(['users', 'list', '--sort', 'user_id']).find(candidate => !candidate.blocked)!;
		const result = run(['users', 'impersonate', user.user_id, '--client', 'No Such App', '--store', store]);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/No Such App cannot be used to sign in as this user/);
	}, 30_000);
});

describe('users list --query --limit', () => {
	it('prints how many are shown, how many matched and how many the store holds', () => {
		const all = json<User[]>(['users', 'list']);
		const matched = json<User[]>(['users', 'list', '--query', 'identities.connection:Username-Password-Authentication']);
		expect(matched.length).toBeGreaterThan(3);
		expect(matched.length).toBeLessThan(all.length);
		const result = run(['users', 'list', '--query', 'identities.connection:Username-Password-Authentication', '--limit', '3', '--store', store]);
		expect(result.code).toBe(0);
		expect(result.stderr).toBe(`3 shown of ${matched.length} matching the query; ${all.length} users in the store\n`);
		expect(run(['users', 'list', '--limit', '3', '--store', store]).stderr).toBe(`3 of ${all.length} users\n`);
	}, 30_000);
});

describe('users list --query over a damaged profile', () => {
	it('fails naming the row (exit 1) when the query reads it, never leaves the user out without a word', async () => {
		const damaged = path.join(dir, 'damaged.ndjson');
		const tables = generateDemo({users: 20, seed: 'damaged-cli', now: new Date(), passwordHash: 'test$unused'});
		const victim = [...tables.users.values()].find(user => user.email_verified !== undefined)!;
		await writeSnapshot(damaged, tables);
		const text = readFileSync(damaged, 'utf8');
		const line = text.split('\n').find(each => each.startsWith(`["users",{"user_id":${JSON.stringify(victim.user_id)}`))!;
		writeFileSync(damaged, text.replace(line, line.replace(`"email_verified":${String(victim.email_verified)}`, '"email_verified":"maybe"')));
		const problem = `userdeck: Cannot read user ${victim.user_id}: users row "${victim.user_id}".email_verified must be boolean\n`;

		// A query on fields the list does not hold reads every profile.
		for (const query of ['nickname:*', 'user_metadata.locale:*']) {
			for (const format of [[], ['--json']]) {
				const result = run(['users', 'list', '--query', query, ...format, '--store', damaged]);
				expect(result.code).toBe(1);
				expect(result.stderr).toBe(problem);
			}
		}

		// One the columns answer reads only the profiles it matches: the damaged one's when it matches.
		expect(run(['users', 'list', '--query', `user_id:"${victim.user_id}"`, '--store', damaged]).stderr).toBe(problem);
		const others = run(['users', 'list', '--query', `NOT user_id:"${victim.user_id}"`, '--json', '--store', damaged]);
		expect(others.code).toBe(0);
		expect((JSON.parse(others.stdout) as User[]).length).toBe(19);
	}, 30_000);
});

describe('users block and unblock', () => {
	it('says the user already was blocked (exit 0), and the same for unblock', () => {
		const user = json<User[]>(['users', 'list', '--sort', 'user_id']).find(candidate => !candidate.blocked)!;
		expect(run(['users', 'block', user.user_id, '--store', store]).stdout).toMatch(/^Blocked /);
		const blockedAt = json<User>(['users', 'show', user.user_id]).updated_at;
		const again = run(['users', 'block', user.user_id, '--store', store]);
		expect(again.code).toBe(0);
		expect(again.stdout).toContain(`(${user.user_id}) was already blocked`);
		// Nothing changed, so the profile says nothing changed.
		expect(json<User>(['users', 'show', user.user_id]).updated_at).toBe(blockedAt);

		expect(run(['users', 'unblock', user.user_id, '--store', store]).stdout).toMatch(/^Unblocked /);
		const twice = run(['users', 'unblock', user.user_id, '--store', store]);
		expect(twice.code).toBe(0);
		expect(twice.stdout).toContain(`(${user.user_id}) was already unblocked`);
	}, 30_000);
});

describe('users show', () => {
	it('accepts an email, in any case, as well as a user_id', () => {
		const user = json<User[]>(['users', 'list', '--sort', 'user_id']).find(candidate => candidate.email !== undefined)!;
		expect(json<User>(['users', 'show', user.email!.toUpperCase()]).user_id).toBe(user.user_id);
		expect(json<User>(['users', 'show', user.user_id]).user_id).toBe(user.user_id);
		const missing = run(['users', 'show', 'nobody@example.invalid', '--store', store]);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/No user with id or email nobody@example.invalid/);
	}, 30_000);

	it('refuses an email that users in several connections share, listing them', () => {
		const email = 'twice@example.com';
		for (const connection of ['Username-Password-Authentication', 'Partners-DB']) {
			const created = run(['users', 'create', '--email', email, '--connection', connection, '--password', 'Sturdy-Pass-42', '--store', store]);
			expect(created.stderr, connection).toBe('');
		}

		const ids = json<User[]>(['users', 'list', '--query', `email:"${email}"`]).map(user => user.user_id);
		expect(ids).toHaveLength(2);
		const result = run(['users', 'show', email, '--store', store]);
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/2 users have the email twice@example.com/);
		expect(result.stderr).toMatch(/Partners-DB/);
		for (const id of ids) {
			expect(result.stderr).toContain(id);
		}
	}, 30_000);
});
