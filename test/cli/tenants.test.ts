// Saved tenants and live targets through the built CLI (issue 17): tenants
// add/list/remove, the 0600 file and the refusal of an open one, secrets that
// never reach an argument, the output or an error, the commands that refuse a
// tenant, and every other command handing a tenant to the live backend's door.
import {spawn} from 'node:child_process';
import {chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {cli, runCli} from '../support/cli.js';

const secret = 'Xq9-client-SECRET-4f2a7c';
const envSecret = 'Env-SECRET-b81d3e';
const envToken = 'eyJhbGciOi.TOKEN-payload.sig';

let dir: string;
let store: string;
let tenantsFile: string;

/** A tenants file of the test's own (runCli drops the machine's AUTH0_*). */
function run(args: string[], input?: string, env: NodeJS.ProcessEnv = {}) {
	const result = runCli(args, input, {USERDECK_TENANTS_FILE: tenantsFile, ...env});
	// Whatever the command, no secret is ever printed.
	for (const value of [secret, envSecret, envToken]) {
		expect(result.stdout).not.toContain(value);
		expect(result.stderr).not.toContain(value);
	}

	return result;
}

const liveEnv = {AUTH0_DOMAIN: 'localhost:8443', AUTH0_CLIENT_ID: 'env-client', AUTH0_CLIENT_SECRET: envSecret};

function addDev(): void {
	const added = run(['tenants', 'add', 'dev', '--domain', 'https://Dev-ABC.us.auth0.com/', '--client-id', 'dev-client-id'], `${secret}\n`);
	expect(added.stderr).toBe('');
	expect(added.code).toBe(0);
	expect(added.stdout).toBe(`Saved the tenant dev (dev-abc.us.auth0.com, client ID dev-client-id) in ${tenantsFile}\n`);
}

beforeAll(() => {
	if (!existsSync(cli)) {
		throw new Error('dist/cli.js is missing: npm test builds it first (npm run build)');
	}

	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-tenants-'));
	store = path.join(dir, 'store.ndjson');
	expect(runCli(['demo', '--users', '5', '--store', store]).code).toBe(0);
});

beforeEach(async () => {
	tenantsFile = path.join(mkdtempSync(path.join(dir, 'config-')), 'tenants.json');
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('userdeck tenants', () => {
	it('adds from standard input into a 0600 file, lists without the secret, and removes', () => {
		expect(run(['tenants', 'list', '--json']).stdout).toBe('[]\n');
		addDev();
		expect(statSync(tenantsFile).mode & 0o777).toBe(0o600);
		// The secret is in the file, and only there.
		expect(readFileSync(tenantsFile, 'utf8')).toContain(secret);
		expect(run(['tenants', 'add', 'prod', '--domain', 'localhost:8443', '--client-id', 'prod-id'], 'prod-secret\n').code).toBe(0);
		expect(statSync(tenantsFile).mode & 0o777).toBe(0o600);

		const table = run(['tenants', 'list']);
		expect(table.code).toBe(0);
		expect(table.stdout).toBe([
			'NAME  DOMAIN                CLIENT ID',
			'dev   dev-abc.us.auth0.com  dev-client-id',
			'prod  localhost:8443        prod-id',
			'',
		].join('\n'));
		const listed = JSON.parse(run(['tenants', 'list', '--json']).stdout) as unknown;
		expect(listed).toEqual([
			{name: 'dev', domain: 'dev-abc.us.auth0.com', client_id: 'dev-client-id'},
			{name: 'prod', domain: 'localhost:8443', client_id: 'prod-id'},
		]);
		expect(JSON.stringify(listed)).not.toContain('prod-secret');

		const removed = run(['tenants', 'remove', 'dev']);
		expect(removed.code).toBe(0);
		expect(removed.stdout).toContain('Removed the tenant dev (dev-abc.us.auth0.com)');
		expect(readFileSync(tenantsFile, 'utf8')).not.toContain(secret);
		expect(statSync(tenantsFile).mode & 0o777).toBe(0o600);
		expect((JSON.parse(run(['tenants', 'list', '--json']).stdout) as Array<{name: string}>).map(tenant => tenant.name)).toEqual(['prod']);

		const again = run(['tenants', 'remove', 'dev']);
		expect(again.code).toBe(1);
		expect(again.stderr).toBe('userdeck: No saved tenant is named dev (saved: prod)\n');
	});

	it('loses none of several tenants added at once', async () => {
		const names = ['t0', 't1', 't2', 't3', 't4', 't5'];
		const codes = await Promise.all(names.map(async name => new Promise<number | null>(resolve => {
			const child = spawn(process.execPath, [cli, 'tenants', 'add', name, '--domain', `${name}.auth0.com`, '--client-id', name], {
				env: {...process.env, USERDECK_TENANTS_FILE: tenantsFile},
				stdio: ['pipe', 'ignore', 'ignore'],
			});
			child.stdin.end(`${name}-secret\n`);
			child.on('exit', resolve);
		})));
		expect(codes).toEqual(names.map(() => 0));
		const listed = JSON.parse(run(['tenants', 'list', '--json']).stdout) as Array<{name: string}>;
		expect(listed.map(tenant => tenant.name).sort()).toEqual(names);
		expect(statSync(tenantsFile).mode & 0o777).toBe(0o600);
	});

	it('says how to add one when none are saved', () => {
		const empty = run(['tenants', 'list']);
		expect(empty.code).toBe(0);
		expect(empty.stdout).toBe('NAME  DOMAIN  CLIENT ID\n');
		expect(empty.stderr).toContain('No saved tenants: userdeck tenants add NAME --domain DOMAIN --client-id ID saves one');
	});

	it('refuses a secret given as an argument, in either form, without echoing it', () => {
		for (const args of [['--client-secret', secret], [`--client-secret=${secret}`]]) {
			const refused = run(['tenants', 'add', 'dev', '--domain', 'dev.auth0.com', '--client-id', 'id', ...args], '');
			expect(refused.code).toBe(2);
			expect(refused.stderr).toMatch(/--client-secret is not taken: an argument is visible to every local user in the process list/);
		}

		expect(existsSync(tenantsFile)).toBe(false);
	});

	it.each<[string, string[], string, number, RegExp]>([
		['a name with a path character', ['tenants', 'add', '../dev', '--domain', 'dev.auth0.com', '--client-id', 'id'], 's\n', 2, /"\.\.\/dev" cannot name a tenant: use 1 to 63 letters, digits, - or _/],
		['a name with a dot', ['tenants', 'add', 'dev.eu', '--domain', 'dev.auth0.com', '--client-id', 'id'], 's\n', 2, /no dots, which make it a domain/],
		['a plain HTTP domain', ['tenants', 'add', 'dev', '--domain', 'http://dev.auth0.com', '--client-id', 'id'], 's\n', 2, /--domain "http:\/\/dev\.auth0\.com" is plain HTTP: userdeck reaches a tenant over HTTPS only/],
		['a domain with a path', ['tenants', 'add', 'dev', '--domain', 'dev.auth0.com/api/v2', '--client-id', 'id'], 's\n', 2, /no path, query or user/],
		['a client id with a space', ['tenants', 'add', 'dev', '--domain', 'dev.auth0.com', '--client-id', 'a b'], 's\n', 2, /--client-id must be one line of printable characters/],
		['an empty secret', ['tenants', 'add', 'dev', '--domain', 'dev.auth0.com', '--client-id', 'id'], '\n', 2, /The client secret is empty: nothing was saved/],
		['a secret of two lines', ['tenants', 'add', 'dev', '--domain', 'dev.auth0.com', '--client-id', 'id'], 'one\ntwo\n', 2, /Standard input holds more than one line/],
		['a missing --domain', ['tenants', 'add', 'dev', '--client-id', 'id'], 's\n', 2, /required option '--domain <domain>'/],
		['removing a name that cannot be one', ['tenants', 'remove', 'a/b'], '', 2, /cannot name a tenant/],
	])('refuses %s and saves nothing', (_name, args, input, code, message) => {
		const refused = run(args, input);
		expect(refused.code).toBe(code);
		expect(refused.stderr).toMatch(message);
		expect(existsSync(tenantsFile)).toBe(false);
	});

	it('refuses a name already saved (in any case), before reading the secret', () => {
		addDev();
		const before = readFileSync(tenantsFile, 'utf8');
		const taken = run(['tenants', 'add', 'DEV', '--domain', 'other.auth0.com', '--client-id', 'x'], 'other-secret\n');
		expect(taken.code).toBe(1);
		expect(taken.stderr).toBe('userdeck: A tenant named dev is already saved: userdeck tenants remove dev first to replace it\n');
		expect(readFileSync(tenantsFile, 'utf8')).toBe(before);
	});

	it('refuses a tenants file that group or others can read, naming the fix, for every use of it', () => {
		addDev();
		chmodSync(tenantsFile, 0o644);
		const message = `userdeck: ${tenantsFile} can be read or written by group or others (mode 0644), and it holds client secrets: run chmod 600 ${tenantsFile} (and rotate the secrets if others may have read them)\n`;
		for (const args of [['tenants', 'list'], ['users', 'list', '--tenant', 'dev'], ['users', 'list', '--tenant', 'dev-abc.us.auth0.com'], ['tenants', 'remove', 'dev']]) {
			const refused = run(args);
			expect(refused.code, args.join(' ')).toBe(1);
			expect(refused.stderr).toBe(message);
			expect(refused.stdout).toBe('');
		}

		const adding = run(['tenants', 'add', 'prod', '--domain', 'prod.auth0.com', '--client-id', 'x'], 'p\n');
		expect(adding.code).toBe(1);
		expect(adding.stderr).toBe(message);
		chmodSync(tenantsFile, 0o640);
		expect(run(['tenants', 'list']).stderr).toContain('(mode 0640)');
		chmodSync(tenantsFile, 0o600);
		expect(run(['tenants', 'list']).code).toBe(0);
	});

	it.skipIf(process.getuid?.() !== 0)('refuses a tenants file another user owns (checked as root, who can give one away)', () => {
		addDev();
		chownSync(tenantsFile, 4321, 4321);
		const refused = run(['tenants', 'list']);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toBe(`userdeck: ${tenantsFile} belongs to another user (uid 4321): userdeck reads client secrets only from a file of its own user's; remove it or take it over (chown)\n`);
	});

	it('reports a damaged tenants file by position, never quoting it', () => {
		writeFileSync(tenantsFile, `{"version": 1, "tenants": [{"name": "dev", "clientSecret": "${secret}" oops}]}`, {mode: 0o600});
		const broken = run(['tenants', 'list']);
		expect(broken.code).toBe(1);
		expect(broken.stderr).toMatch(/is not a usable tenants file: not valid JSON at line 1, column \d+; fix it, or remove it/);
		writeFileSync(tenantsFile, JSON.stringify({version: 1, tenants: [{name: 'dev', domain: 'dev.auth0.com', clientId: 'x'}]}), {mode: 0o600});
		expect(run(['tenants', 'list']).stderr).toMatch(/tenants\[0\] has no clientSecret string/);
	});

	it('keeps the file in the platform config folder by default, in a folder of its own user\'s', () => {
		const config = mkdtempSync(path.join(dir, 'xdg-'));
		const added = run(['tenants', 'add', 'dev', '--domain', 'dev.auth0.com', '--client-id', 'id'], `${secret}\n`, {USERDECK_TENANTS_FILE: '', XDG_CONFIG_HOME: config});
		expect(added.code).toBe(0);
		const file = path.join(config, 'userdeck', 'tenants.json');
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
		expect(run(['tenants', 'list', '--json'], undefined, {USERDECK_TENANTS_FILE: '', XDG_CONFIG_HOME: config}).stdout).toContain('"name": "dev"');
	});
});

describe('a live tenant as the target', () => {
	// The tenants point at a local port nothing listens on: a command that
	// reached for the tenant says it could not reach it (the live backend ran).
	const reachedTheTenant = /userdeck: Could not reach (127\.0\.0\.1|localhost):8443 while /;
	function addNear(): void {
		const added = run(['tenants', 'add', 'dev', '--domain', '127.0.0.1:8443', '--client-id', 'dev-client-id'], `${secret}\n`);
		expect(added.code).toBe(0);
	}


	it('hands --tenant and AUTH0_* to the live backend for every command that reaches users', () => {
		addNear();
		const commands = [
			['users', 'list'], ['users', 'show', 'auth0|x'], ['users', 'block', 'auth0|x'], ['users', 'unblock', 'auth0|x'],
			['users', 'delete', 'auth0|x', '--yes'], ['users', 'metadata', 'auth0|x', '--set', '{}'], ['users', 'logs', 'auth0|x'],
			['users', 'devices', 'auth0|x'], ['users', 'unlink', 'auth0|x', 'dcr_1'], ['users', 'export'],
			['users', 'email', 'auth0|x', '--email', 'a@example.com'],
			['connections', 'list'], ['clients', 'list'],
		];
		for (const args of commands) {
			for (const [target, env] of [[['--tenant', 'dev'], {}], [[], liveEnv]] as const) {
				const result = run([...args, ...target], undefined, env);
				expect(result.code, [...args, ...target].join(' ')).toBe(1);
				expect(result.stderr).toMatch(reachedTheTenant);
			}
		}

		const created = run(['users', 'create', '--email', 'a@example.com', '--connection', 'Username-Password-Authentication', '--password-stdin', '--tenant', 'dev'], 'Sturdy-Pass-42\n');
		expect(created.stderr).toMatch(reachedTheTenant);
		const password = run(['users', 'password', 'auth0|x', '--password-stdin', '--tenant', 'dev'], 'Sturdy-Pass-42\n');
		expect(password.stderr).toMatch(reachedTheTenant);
		const imported = run(['users', 'import', '-', '--connection', 'Username-Password-Authentication'], '[{"email": "a@example.com"}]', liveEnv);
		expect(imported.stderr).toMatch(reachedTheTenant);
	});

	it('takes --tenant or --store given before the command as the command\'s', () => {
		addNear();
		const live = run(['--tenant', 'dev', 'users', 'list']);
		expect(live.code).toBe(1);
		expect(live.stderr).toMatch(reachedTheTenant);
		const refused = run(['--tenant', 'dev', 'login', '--email', 'a@example.com', '--client', 'x', '--password-stdin'], 'pw\n');
		expect(refused.code).toBe(2);
		expect(refused.stderr).toMatch(/login works on a local store only/);
		const local = run(['--store', store, 'users', 'list', '--json']);
		expect(local.code).toBe(0);
		expect((JSON.parse(local.stdout) as unknown[]).length).toBe(5);
		expect(run(['--tenant', 'dev', 'users', 'list', '--store', store]).code).toBe(2);
	});

	it('refuses --tenant with --store, and --force with a tenant', () => {
		const both = run(['users', 'list', '--tenant', 'dev', '--store', store]);
		expect(both.code).toBe(2);
		expect(both.stderr).toBe('userdeck: Give either --tenant (a live tenant) or --store (a local store), not both\n');
		const force = run(['users', 'block', 'auth0|x', '--force'], undefined, liveEnv);
		expect(force.code).toBe(2);
		expect(force.stderr).toMatch(/--force is for creating a local store; it has no meaning for a tenant/);
	});

	it('says what the environment lacks', () => {
		const incomplete = run(['users', 'list'], undefined, {AUTH0_DOMAIN: 'localhost:8443', AUTH0_CLIENT_ID: 'env-client'});
		expect(incomplete.code).toBe(2);
		expect(incomplete.stderr).toBe('userdeck: AUTH0_CLIENT_ID is set but AUTH0_CLIENT_SECRET is not: set both (client credentials), or AUTH0_ACCESS_TOKEN instead\n');
		const noDomain = run(['users', 'list'], undefined, {AUTH0_ACCESS_TOKEN: envToken});
		expect(noDomain.code).toBe(2);
		expect(noDomain.stderr).toMatch(/AUTH0_ACCESS_TOKEN is set but AUTH0_DOMAIN is not/);
		const http = run(['users', 'list'], undefined, {...liveEnv, AUTH0_DOMAIN: 'http://localhost:8443'});
		expect(http.code).toBe(2);
		expect(http.stderr).toMatch(/AUTH0_DOMAIN "http:\/\/localhost:8443" is plain HTTP/);
	});

	it('keeps the local store when --store is given, whatever AUTH0_* says', () => {
		const listed = run(['users', 'list', '--json', '--store', store], undefined, liveEnv);
		expect(listed.code).toBe(0);
		expect((JSON.parse(listed.stdout) as unknown[]).length).toBe(5);
	});

	it.each<[string, string[], string | undefined, RegExp]>([
		['login', ['login', '--email', 'a@example.com', '--client', 'x', '--password-stdin'], 'pw\n', /^userdeck: login works on a local store only: it checks a password against the password hashes of a local store/],
		['tickets redeem', ['tickets', 'redeem', 'https://x/?ticket=abc', '--client', 'x'], undefined, /^userdeck: tickets redeem works on a local store only: Sign in as User has no Management API v2 equivalent/],
		['users impersonate', ['users', 'impersonate', 'auth0|x', '--client', 'x'], undefined, /^userdeck: users impersonate works on a local store only: Sign in as User has no Management API v2 equivalent/],
	])('%s refuses a tenant from --tenant or from the environment', (_name, args, input, message) => {
		const flagged = run([...args, '--tenant', 'anything'], input);
		expect(flagged.code).toBe(2);
		expect(flagged.stderr).toMatch(message);
		expect(flagged.stderr).toContain('It was given --tenant anything; give --store PATH for a local store');

		const fromEnvironment = run(args, input, liveEnv);
		expect(fromEnvironment.code).toBe(2);
		expect(fromEnvironment.stderr).toMatch(message);
		expect(fromEnvironment.stderr).toContain('It was given the tenant localhost:8443 through AUTH0_DOMAIN in the environment');
	});

	it('demo refuses a tenant, and writes a local store when --store names one even with AUTH0_* set', () => {
		const flagged = run(['demo', '--tenant', 'dev', '--users', '2']);
		expect(flagged.code).toBe(2);
		expect(flagged.stderr).toMatch(/^userdeck: demo works on a local store only: it writes made-up people into a new local store file and never into a tenant\. It was given --tenant dev/);
		const both = run(['demo', '--tenant', 'dev', '--store', path.join(dir, 'never.ndjson')]);
		expect(both.code).toBe(2);
		expect(both.stderr).toMatch(/^userdeck: demo works on a local store only/);
		expect(existsSync(path.join(dir, 'never.ndjson'))).toBe(false);
		const fromEnvironment = run(['demo', '--users', '2'], undefined, liveEnv);
		expect(fromEnvironment.code).toBe(2);
		expect(fromEnvironment.stderr).toBe('userdeck: demo needs --store PATH: the file to write the demo store to\n');
		const local = run(['demo', '--users', '2', '--store', path.join(dir, 'demo.ndjson')], undefined, liveEnv);
		expect(local.code).toBe(0);
	});

	it('refuses the console on a tenant only in a terminal, after resolving it', () => {
		const both = run(['--tenant', 'dev', '--store', store]);
		expect(both.code).toBe(2);
		expect(run([], undefined, {AUTH0_DOMAIN: 'localhost:8443'}).stderr).toMatch(/AUTH0_DOMAIN is set but no credentials are/);
	});
});
