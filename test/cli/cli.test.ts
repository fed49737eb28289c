// The CLI as a script would use it: the built bundle, real processes, exit codes.
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cli, runCli as run} from '../support/cli.js';

let dir: string;
let store: string;


function json<T>(args: string[], input?: string): T {
	const result = run([...args, '--json', '--store', store], input);
	expect(result.stderr).toBe('');
	expect(result.code).toBe(0);
	return JSON.parse(result.stdout) as T;
}

beforeAll(() => {
	if (!existsSync(cli)) {
		throw new Error('dist/cli.js is missing: npm test builds it first (npm run build)');
	}

	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-cli-'));
	store = path.join(dir, 'store.ndjson');
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('userdeck CLI', () => {
	it('prints help on every level and the version', () => {
		for (const args of [['--help'], ['users', '--help'], ['users', 'create', '--help'], ['tickets', 'redeem', '--help'], ['demo', '--help']]) {
			const result = run(args);
			expect(result.code, args.join(' ')).toBe(0);
			expect(result.stdout).toMatch(/Usage: userdeck/);
		}

		expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
	}, 60_000);

	it('exits 2 on usage errors with a message on stderr', () => {
		expect(run(['users', 'nope']).code).toBe(2);
		expect(run(['users', 'create', '--email', 'a@b.co', '--store', store]).code).toBe(2);
		const deleteWithoutYes = run(['users', 'delete', 'auth0|x', '--store', store]);
		expect(deleteWithoutYes.code).toBe(2);
		expect(deleteWithoutYes.stderr).toMatch(/--yes/);
		expect(run(['users', 'list', '--sort', 'shoe-size', '--store', store]).code).toBe(2);
		const query = run(['users', 'list', '--query', 'name:(a OR', '--store', store]);
		expect(query.code).toBe(2);
		expect(query.stderr).toContain('Expected a search term after OR (at character 11)\nname:(a OR\n          ^');
	}, 60_000);

	it('runs the whole flow: create, list, block, login, impersonate, redeem, delete', () => {
		// A write creates the store; the reads after it find it.
		const created = json<{user_id: string; email: string}>(['users', 'create', '--email', 'Cli.User@Example.com', '--connection', 'Username-Password-Authentication', '--password-stdin'], 'Sturdy-Pass-42\n');
		expect(created.email).toBe('cli.user@example.com');
		const connections = json<Array<{name: string}>>(['connections', 'list']);
		expect(connections.map(connection => connection.name)).toContain('Username-Password-Authentication');
		const [client] = json<Array<{client_id: string}>>(['clients', 'list']);

		const weak = run(['users', 'create', '--email', 'weak@example.com', '--connection', 'Username-Password-Authentication', '--password', 'abc', '--store', store]);
		expect(weak.code).toBe(1);
		expect(weak.stderr).toMatch(/At least 8 characters in length/);

		const listed = json<Array<{user_id: string}>>(['users', 'list', '--query', 'email:cli*']);
		expect(listed.map(user => user.user_id)).toEqual([created.user_id]);

		const login = json<{logins_count: number}>(['login', '--email', 'cli.user@example.com', '--password-stdin', '--client', client!.client_id, '--ip', '198.51.100.7'], 'Sturdy-Pass-42');
		expect(login.logins_count).toBe(1);
		const wrong = run(['login', '--email', 'cli.user@example.com', '--password', 'nope', '--client', client!.client_id, '--store', store]);
		expect(wrong.code).toBe(1);
		expect(wrong.stderr).toMatch(/Wrong email or password/);

		expect(run(['users', 'block', created.user_id, '--store', store]).code).toBe(0);
		const blocked = run(['login', '--email', 'cli.user@example.com', '--password', 'Sturdy-Pass-42', '--client', client!.client_id, '--store', store]);
		expect(blocked.stderr).toMatch(/user is blocked/);
		// The password is checked first: a wrong one says nothing of the block.
		const blockedWrong = run(['login', '--email', 'cli.user@example.com', '--password', 'nope', '--client', client!.client_id, '--store', store]);
		expect(blockedWrong.code).toBe(1);
		expect(blockedWrong.stderr).toMatch(/Wrong email or password/);
		expect(blockedWrong.stderr).not.toMatch(/blocked/);
		expect(run(['users', 'unblock', created.user_id, '--store', store]).code).toBe(0);

		const ticket = json<{url: string}>(['users', 'impersonate', created.user_id, '--client', client!.client_id]);
		const redeemed = run(['tickets', 'redeem', ticket.url, '--client', client!.client_id, '--store', store]);
		expect(redeemed.code).toBe(0);
		expect(JSON.parse(redeemed.stdout)).toMatchObject({user_id: created.user_id, impersonated: true, impersonator: {email: 'ops@example.test'}});
		expect(run(['tickets', 'redeem', ticket.url, '--client', client!.client_id, '--store', store]).code).toBe(1);
		// Off the command line (visible in the process list): from standard input.
		const private_ = json<{url: string}>(['users', 'impersonate', created.user_id, '--client', client!.client_id]);
		expect(run(['tickets', 'redeem', private_.url, '--ticket-stdin', '--client', client!.client_id, '--store', store], private_.url).code).toBe(2);
		expect(run(['tickets', 'redeem', '--client', client!.client_id, '--store', store]).stderr).toMatch(/--ticket-stdin/);
		const fromStdin = run(['tickets', 'redeem', '--ticket-stdin', '--client', client!.client_id, '--store', store], `${private_.url}\n`);
		expect(fromStdin.code).toBe(0);
		expect(JSON.parse(fromStdin.stdout)).toMatchObject({user_id: created.user_id, impersonated: true});

		const metadata = json<Record<string, unknown>>(['users', 'metadata', created.user_id, '--set', '{"plan":"pro"}']);
		expect(metadata).toEqual({plan: 'pro'});
		expect(run(['users', 'metadata', created.user_id, '--set', '{bad', '--store', store]).code).toBe(2);
		const twice = run(['users', 'metadata', created.user_id, '--set', '{"plan": "free", "plan": "pro"}', '--store', store]);
		expect(twice.code).toBe(2);
		expect(twice.stderr).toMatch(/Duplicate key "plan" .*\(line 1, column 18\)/);

		const logs = json<Array<{type: string}>>(['users', 'logs', created.user_id, '--since', 'all']);
		expect(logs.map(event => event.type)).toEqual(expect.arrayContaining(['ss', 's', 'fp', 'f', 'sapi', 'simp', 'simpr']));

		expect(run(['users', 'delete', created.user_id, '--yes', '--store', store]).code).toBe(0);
		const missing = run(['users', 'show', created.user_id, '--store', store]);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/No user with id/);

		const raw = readFileSync(store, 'utf8') + (existsSync(`${store}-journal`) ? readFileSync(`${store}-journal`, 'utf8') : '');
		expect(raw).not.toContain('Sturdy-Pass-42');
	}, 180_000);

	it('writes a deterministic demo store and refuses to overwrite without --force', () => {
		const demo = path.join(dir, 'demo.ndjson');
		const first = run(['demo', '--store', demo, '--users', '60', '--seed', 'same']);
		expect(first.code).toBe(0);
		const users = JSON.parse(run(['users', 'list', '--json', '--sort', 'user_id', '--store', demo]).stdout) as Array<{user_id: string; name: string}>;
		expect(users).toHaveLength(60);
		expect(run(['demo', '--store', demo, '--users', '60']).code).toBe(2);
		expect(run(['demo', '--store', demo, '--users', '60', '--seed', 'same', '--force']).code).toBe(0);
		const again = JSON.parse(run(['users', 'list', '--json', '--sort', 'user_id', '--store', demo]).stdout) as Array<{user_id: string; name: string}>;
		expect(again.map(user => [user.user_id, user.name])).toEqual(users.map(user => [user.user_id, user.name]));
	}, 120_000);

	it('refuses a corrupt store with the path and the problem, exit 1, file untouched', () => {
		const bad = path.join(dir, 'bad.ndjson');
		writeFileSync(bad, 'null\n');
		const result = run(['users', 'list', '--store', bad]);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(bad);
		expect(readFileSync(bad, 'utf8')).toBe('null\n');
	});
});
