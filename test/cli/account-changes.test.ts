// `users password` and `users email` as a script runs them: the built bundle,
// real processes, exit codes, over a demo store (whose main database keeps a
// password history of 5 and whose users' password is Demo-Passw0rd!).
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {LogEvent, User} from '../../source/domain/types.js';
import {cli, runCli as run} from '../support/cli.js';

const database = 'Username-Password-Authentication';
const strongPassword = 'Zq9!vEcTor-77';
let dir: string;
let store: string;
let users: User[];
let social: User;

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

	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-cli-account-'));
	store = path.join(dir, 'store.ndjson');
	execFileSync(process.execPath, [cli, 'demo', '--store', store, '--users', '40', '--seed', 'account-cli']);
	users = json<User[]>(['users', 'list', '--query', `identities.connection:"${database}"`]).filter(user => user.email !== undefined);
	social = json<User[]>(['users', 'list', '--query', 'identities.connection:"google-oauth2"'])[0]!;
	expect(users.length).toBeGreaterThanOrEqual(3);
	expect(social).toBeDefined();
}, 60_000);

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('users password', () => {
	it('sets a password read from stdin, logs scp without it, and the old one is refused next time', () => {
		const user = users[0]!;
		const changed = run(['users', 'password', user.user_id, '--password-stdin', '--store', store], `${strongPassword}\n`);
		expect(changed.stderr).toBe('');
		expect(changed.code).toBe(0);
		expect(changed.stdout).toContain(`Changed the password of`);
		expect(changed.stdout).toContain(user.user_id);
		const events = json<LogEvent[]>(['users', 'logs', user.user_id, '--since', 'all']);
		expect(events[0]).toMatchObject({type: 'scp', details: {action: 'change password', result: 'success'}});
		expect(JSON.stringify(events)).not.toContain(strongPassword);

		// Back to the demo password: it is in the history now.
		const back = run(['users', 'password', user.user_id, '--password-stdin', '--store', store], 'Demo-Passw0rd!\n');
		expect(back.code).toBe(1);
		expect(back.stderr).toContain('password: Password has previously been used');
		expect(back.stdout).toBe('');
	}, 60_000);

	it('refuses a password the policy refuses, field by field (exit 1)', () => {
		const result = run(['users', 'password', users[1]!.user_id, '--password-stdin', '--store', store], 'short\n');
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('password: At least 8 characters in length');
	}, 60_000);

	it('never takes the password from the command line, and needs a terminal to ask for one (exit 2)', () => {
		const argv = run(['users', 'password', users[1]!.user_id, '--password', strongPassword, '--store', store]);
		expect(argv.code).toBe(2);
		expect(argv.stderr).toContain('unknown option \'--password\'');
		const piped = run(['users', 'password', users[1]!.user_id, '--store', store], `${strongPassword}\n`);
		expect(piped.code).toBe(2);
		expect(piped.stderr).toMatch(/No password given: pipe it in with --password-stdin, or run in a terminal/);
	}, 60_000);

	it('says a social user has no password to change (exit 1)', () => {
		const result = run(['users', 'password', social.user_id, '--password-stdin', '--store', store], `${strongPassword}\n`);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/No password to change: the user signs in with google-oauth2, not a database connection/);
	}, 60_000);
});

describe('users email', () => {
	it('sets the email, lower-cased, unverified unless --verified', () => {
		const user = users[2]!;
		const plain = json<User>(['users', 'email', user.user_id, '--email', 'Cli.New@Example.com']);
		expect(plain).toMatchObject({email: 'cli.new@example.com', email_verified: false});
		const verified = run(['users', 'email', user.user_id, '--email', 'cli.newer@example.com', '--verified', '--store', store]);
		expect(verified.code).toBe(0);
		expect(verified.stdout).toMatch(/Changed the email of .* to cli\.newer@example\.com \(verified\)/);
		expect(json<User>(['users', 'show', 'cli.newer@example.com']).user_id).toBe(user.user_id);
	}, 60_000);

	it('refuses an email another user of the connection has, and a malformed one (exit 1)', () => {
		const [first, second] = users as [User, User];
		const taken = run(['users', 'email', first.user_id, '--email', second.email!.toUpperCase(), '--store', store]);
		expect(taken.code).toBe(1);
		expect(taken.stderr).toContain('email: The specified new email already exists');
		const malformed = run(['users', 'email', first.user_id, '--email', 'not-an-email', '--store', store]);
		expect(malformed.code).toBe(1);
		expect(malformed.stderr).toContain('email: Email is not valid');
		expect(run(['users', 'email', first.user_id, '--store', store]).code).toBe(2);
	}, 60_000);
});
