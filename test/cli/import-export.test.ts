// `users import` and `users export` as a script would use them: the built
// bundle, real processes, exit codes, files.
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, linkSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {gzipSync} from 'node:zlib';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {hashSync as bcryptHash} from '@node-rs/bcrypt';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cli, runCli as run} from '../support/cli.js';
import {openLocalService} from '../../source/services/open-local-service.js';
import {Store} from '../../source/store/store.js';
import {auth0ExamplePasswords} from '../services/support/hash-formats.js';

const connection = 'Username-Password-Authentication';
let dir: string;
let counter = 0;


function freshStore(): string {
	counter++;
	return path.join(dir, `store-${counter}.ndjson`);
}

function file(name: string, value: unknown): string {
	const target = path.join(dir, name);
	writeFileSync(target, typeof value === 'string' ? value : JSON.stringify(value));
	return target;
}

function fileBytes(name: string, bytes: Buffer): string {
	const target = path.join(dir, name);
	writeFileSync(target, bytes);
	return target;
}

function clientOf(store: string): string {
	return (JSON.parse(run(['clients', 'list', '--json', '--store', store]).stdout) as Array<{client_id: string}>)[0]!.client_id;
}

type ImportJson = {created: number; updated: number; failed: number; failures: Array<{index: number; email?: string; errors: Array<{code: string}>}>};

beforeAll(() => {
	if (!existsSync(cli)) {
		throw new Error('dist/cli.js is missing: npm test builds it first (npm run build)');
	}

	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-import-cli-'));
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('userdeck users import', () => {
	it('imports a file, reports refused users by index and email on stderr, and exits 1', () => {
		const store = freshStore();
		const users = file('mixed.json', [
			{email: 'ana@example.com', name: 'Ana'},
			{email: 'bad-email', phone_number: '555'},
			{email: 'dup@example.com'},
			{email: 'Dup@example.com'},
		]);
		const result = run(['users', 'import', users, '--connection', connection, '--store', store]);
		expect(result.code).toBe(1);
		expect(result.stdout).toBe(`Imported into ${connection}: 1 created, 0 updated, 3 failed (of 4)\n`);
		expect(result.stderr).toContain('users[1] bad-email: FORMAT email: email is not a valid email address');
		expect(result.stderr).toContain('users[1] bad-email: PATTERN phone_number:');
		expect(result.stderr).toContain('users[2] dup@example.com: DUPLICATED_USER email:');
		expect(result.stderr).toContain('users[3] Dup@example.com: DUPLICATED_USER email:');

		const again = run(['users', 'import', users, '--connection', connection, '--store', store, '--json']);
		expect(again.code).toBe(1);
		const parsed = JSON.parse(again.stdout) as ImportJson;
		expect(parsed.failures.map(failure => [failure.index, failure.errors.map(error => error.code)])).toEqual([
			[0, ['CONFLICT_EMAIL']], [1, ['FORMAT', 'PATTERN']], [2, ['DUPLICATED_USER']], [3, ['DUPLICATED_USER']],
		]);

		const listed = JSON.parse(run(['users', 'list', '--json', '--store', store]).stdout) as Array<{email: string}>;
		expect(listed.map(user => user.email)).toEqual(['ana@example.com']);
	}, 60_000);

	it('--json gives refused users in Auth0\'s job-errors shape, with Auth0\'s codes, the finer reason beside them and secrets redacted', () => {
		const store = freshStore();
		const bcrypt4 = bcryptHash('Some-Pass-1', 4);
		const entries = [
			{name: 'No Email'},
			{email: 'both@example.com', password_hash: bcrypt4, custom_password_hash: {algorithm: 'md5', hash: {value: 'ab'.repeat(16), encoding: 'hex'}}},
			{email: 'cost@example.com', password_hash: bcrypt4},
			{email: 'hmac@example.com', custom_password_hash: {algorithm: 'hmac', hash: {value: 'ab'.repeat(10), encoding: 'hex', digest: 'sha256', key: {value: 'secret-key'}}}},
			{email: 'meta@example.com', app_metadata: {clientID: 'x'}, mfa_factors: [{totp: {secret: 'JBTWY3DPEHPK3PNP'}}]},
		];
		const result = run(['users', 'import', '-', '--connection', connection, '--store', store, '--json'], JSON.stringify(entries));
		expect(result.code).toBe(1);
		expect(result.stdout).not.toContain(bcrypt4);
		expect(result.stdout).not.toContain('secret-key');
		expect(result.stdout).not.toContain('JBTWY3DPEHPK3PNP');
		const {failures} = JSON.parse(result.stdout) as {failures: unknown};
		expect(failures).toEqual([
			{user: {name: 'No Email'}, index: 0, errors: [{code: 'OBJECT_REQUIRED', path: 'email', message: 'email is required'}]},
			{
				user: {email: 'both@example.com', password_hash: '*****', custom_password_hash: {algorithm: 'md5', hash: {value: '*****', encoding: 'hex'}}},
				index: 1,
				errors: [{code: 'NOT_PASSED', reason: 'BOTH_HASHES', path: 'custom_password_hash', message: 'password_hash and custom_password_hash are mutually exclusive'}],
			},
			{user: {email: 'cost@example.com', password_hash: '*****'}, index: 2, errors: [expect.objectContaining({code: 'PATTERN', path: 'password_hash'})]},
			{
				user: {email: 'hmac@example.com', custom_password_hash: {algorithm: 'hmac', hash: {value: '*****', encoding: 'hex', digest: 'sha256', key: {value: '*****'}}}},
				index: 3,
				errors: [{code: 'PATTERN', reason: 'HASH_LENGTH', path: 'custom_password_hash.hash.value', message: 'hash.value decodes to 10 bytes; this hash has 32'}],
			},
			{
				user: {email: 'meta@example.com', app_metadata: {clientID: 'x'}, mfa_factors: [{totp: {secret: '*****'}}]},
				index: 4,
				errors: [expect.objectContaining({code: 'NOT_PASSED', reason: 'RESERVED_KEY', path: 'app_metadata'})],
			},
		]);
		const text = run(['users', 'import', '-', '--connection', connection, '--store', store], JSON.stringify(entries.slice(3, 4)));
		expect(text.stderr).toContain('users[0] hmac@example.com: PATTERN (HASH_LENGTH) custom_password_hash.hash.value: hash.value decodes to 10 bytes; this hash has 32');
	});

	it('reads standard input with -, exits 0 when all are imported, and updates with --upsert', () => {
		const store = freshStore();
		// With a byte order mark, as Windows tools save it.
		const first = run(['users', 'import', '-', '--connection', connection, '--store', store], `\uFEFF${JSON.stringify([{email: 'ana@example.com', user_metadata: {plan: 'free', theme: 'dark'}}])}`);
		expect(first.code).toBe(0);
		expect(first.stderr).toBe('');
		const conflict = run(['users', 'import', '-', '--connection', connection, '--store', store, '--json'], JSON.stringify([{email: 'ana@example.com', user_metadata: {plan: 'pro'}}]));
		expect(conflict.code).toBe(1);
		expect((JSON.parse(conflict.stdout) as ImportJson).failures[0]!.errors[0]!.code).toBe('CONFLICT_EMAIL');
		const upsert = run(['users', 'import', '-', '--connection', connection, '--store', store, '--upsert', '--json'], JSON.stringify([{email: 'ana@example.com', user_metadata: {plan: 'pro'}}]));
		expect(upsert.code).toBe(0);
		expect(JSON.parse(upsert.stdout)).toMatchObject({created: 0, updated: 1, failed: 0});
		const [user] = JSON.parse(run(['users', 'list', '--json', '--store', store]).stdout) as Array<{user_metadata: unknown}>;
		expect(user!.user_metadata).toEqual({plan: 'pro'});
	}, 60_000);

	it('exits 2 when the file or the connection cannot be used, writing nothing', async () => {
		const store = freshStore();
		const seeded = await Store.open({path: store});
		await seeded.transact(tx => {
			tx.put('connections', {id: 'con_gh', name: 'github', strategy: 'github', enabled_clients: []});
		});
		await seeded.close();
		const good = file('good.json', [{email: 'a@example.com'}]);
		const cases: Array<[string[], RegExp]> = [
			[['users', 'import', file('broken.json', '[{"email": "a@example.com",]'), '--connection', connection], /is not valid JSON: .*\(line 1, column \d+\)/],
			[['users', 'import', file('object.json', JSON.stringify({email: 'a@example.com', name: 'A'}, null, 2)), '--connection', connection], /must hold a JSON array of users/],
			[['users', 'import', file('bad.ndjson', '{"email": "a@example.com"}\n{"email": \n'), '--connection', connection], /is not a valid Auth0 NDJSON export: line 2 is not JSON/],
			[['users', 'import', file('notes.txt', 'just some notes\n'), '--connection', connection], /is not a valid Auth0 CSV export: its first line names no email column/],
			[['users', 'import', file('empty.json', ''), '--connection', connection], /empty\.json is empty: give a JSON array of users or an Auth0 users export/],
			// Last-wins would import the second name silently; U+FFFD would replace the Latin-1 é silently.
			[['users', 'import', file('twice.json', '[\n  {"email": "a@example.com", "name": "Ana",\n   "name": "Bob"}\n]'), '--connection', connection], /is not valid JSON: Duplicate key "name" in one object .*\(line 3, column 4\)/],
			[['users', 'import', fileBytes('latin1.json', Buffer.concat([Buffer.from('[{"email": "a@example.com",\n  "name": "Jos'), Buffer.from([0xE9]), Buffer.from('"}]')])), '--connection', connection], /latin1\.json cannot be read as text: Invalid UTF-8 \(bytes e9 22 7d 5d\) \(line 2, column 15\)/],
			[['users', 'import', path.join(dir, 'missing.json'), '--connection', connection], /Cannot read .*missing\.json: ENOENT/],
			[['users', 'import', good, '--connection', 'Nope-DB'], /No connection named Nope-DB/],
			[['users', 'import', good, '--connection', 'github'], /github is not a database connection/],
			[['users', 'import', good], /required option '--connection <name>'/],
		];
		for (const [args, message] of cases) {
			const result = run([...args, '--store', store]);
			expect(result.code, args.join(' ')).toBe(2);
			expect(result.stderr).toMatch(message);
		}

		expect(JSON.parse(run(['users', 'list', '--json', '--store', store]).stdout)).toEqual([]);
	}, 60_000);

	it('shows hostile text from the file as visible escapes', () => {
		const store = freshStore();
		const hostile = 'x\u001B]52;c;aGk=\u0007\u202E@example.com';
		const result = run(['users', 'import', file('hostile.json', [{email: hostile}]), '--connection', connection, '--store', store]);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('users[0] x\\x1b]52;c;aGk=\\x07\\u202e@example.com: FORMAT email');
		// eslint-disable-next-line no-control-regex
		expect(result.stderr).not.toMatch(/[\u001B\u0007\u202E]/);
	}, 60_000);

	it('signs in with imported bcrypt and sha256 hashes, upgrading them to argon2id', () => {
		const store = freshStore();
		const secret = 'Imported-Pass-42!';
		const users = file('hashes.json', [
			{email: 'bcrypt@example.com', password_hash: bcryptHash(secret, 10)},
			{email: 'sha@example.com', custom_password_hash: {algorithm: 'sha256', hash: {value: createHash('sha256').update(secret).digest('base64'), encoding: 'base64'}}},
		]);
		expect(run(['users', 'import', users, '--connection', connection, '--store', store]).code).toBe(0);
		const client = clientOf(store);
		for (const email of ['bcrypt@example.com', 'sha@example.com']) {
			const wrong = run(['login', '--email', email, '--password', 'Wrong-Pass-42!', '--client', client, '--store', store]);
			expect(wrong.code).toBe(1);
			expect(wrong.stderr).toMatch(/Wrong email or password/);
			const right = run(['login', '--email', email, '--password-stdin', '--client', client, '--store', store, '--json'], secret);
			expect(right.code, right.stderr).toBe(0);
			expect(JSON.parse(right.stdout)).toMatchObject({email, logins_count: 1});
		}

		const raw = readFileSync(`${store}-journal`, 'utf8');
		const finalHashes = new Map<string, string>();
		for (const line of raw.trim().split('\n')) {
			for (const change of (JSON.parse(line) as {changes: Array<{table: string; value?: {user_id: string; hash: string}}>}).changes) {
				if (change.table === 'passwords' && change.value) {
					finalHashes.set(change.value.user_id, change.value.hash);
				}
			}
		}

		expect([...finalHashes.values()]).toHaveLength(2);
		for (const hash of finalHashes.values()) {
			expect(hash).toMatch(/^\$argon2id\$/);
		}

		expect(raw).not.toContain(secret);
	}, 120_000);

	it('imports Auth0\'s own example file completely; every user signs in, and again once rehashed to argon2id', async () => {
		const store = freshStore();
		const examples = path.resolve('test/fixtures/auth0-custom-password-hash-examples.json');
		const imported = run(['users', 'import', examples, '--connection', connection, '--store', store]);
		expect(imported.stderr).toBe('');
		expect(imported.stdout).toBe(`Imported into ${connection}: 10 created, 0 updated, 0 failed (of 10)\n`);
		const client = clientOf(store);
		// Every check of a password takes as long as the slowest hash in the store
		// (here pbkdf2 at 100,000 rounds and argon2 at 64 MiB), about a second per
		// `login` process. Two users (bcrypt, scrypt) sign in through the CLI end
		// to end; the other eight go through the same service the `login` command
		// calls (openLocalService, then UsersService.signIn with the client
		// resolved as the command resolves it), side by side, each user's own
		// steps in order. Each user is still refused a wrong password and signs in
		// twice (before and after the rehash) with logins_count 1 and 2.
		const throughCli = new Set(['velma@contoso.com', 'carmella@contoso.com']);
		for (const [email, password] of Object.entries(auth0ExamplePasswords).filter(([email]) => throughCli.has(email))) {
			expect(run(['login', '--email', email, '--password', `${password}!`, '--client', client, '--store', store]).code, email).toBe(1);
			for (const logins of [1, 2]) {
				const right = run(['login', '--email', email, '--password-stdin', '--client', client, '--store', store, '--json'], password);
				expect(right.code, `${email}: ${right.stderr}`).toBe(0);
				expect(JSON.parse(right.stdout)).toMatchObject({email, logins_count: logins});
			}
		}

		const local = await openLocalService({kind: 'local', storePath: store}, {source: 'cli'});
		try {
			const clientId = local.service.resolveClientId(client);
			await Promise.all(Object.entries(auth0ExamplePasswords).filter(([email]) => !throughCli.has(email)).map(async ([email, password]) => {
				await expect(local.service.signIn({email, password: `${password}!`, clientId}), email).rejects.toThrow(/Wrong email or password/);
				for (const logins of [1, 2]) {
					// eslint-disable-next-line no-await-in-loop
					expect(await local.service.signIn({email, password, clientId}), email).toMatchObject({email, logins_count: logins});
				}
			}));
		} finally {
			await local.close();
		}

		// The CLI signs in with its own user agent, recorded as Auth0 records an application's.
		const userId = (JSON.parse(run(['login', '--email', 'velma@contoso.com', '--password-stdin', '--client', client, '--store', store, '--json', '--user-agent', 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36'], 'shh').stdout) as {user_id: string}).user_id;
		const [mobile, own] = JSON.parse(run(['users', 'logs', userId, '--json', '--store', store]).stdout) as Array<{log_id: string; user_agent: string; isMobile: boolean}>;
		expect(mobile).toMatchObject({user_agent: expect.stringContaining('Android 14') as unknown, isMobile: true});
		expect(own!.user_agent).toMatch(/^userdeck\/\d+\.\d+\.\d+ \(Node\.js \d+/);
		expect(own!.isMobile).toBe(false);
		expect(own!.log_id).toMatch(/^900\d{53}$/);

		const opened = await Store.open({path: store});
		try {
			const records = [...opened.tables.passwords.keys()].map(id => opened.password(id)!);
			expect(records).toHaveLength(10);
			expect(records.every(record => record.imported === undefined && record.hash.startsWith('$argon2id$'))).toBe(true);
		} finally {
			await opened.close();
		}
	}, 180_000);
});

describe('userdeck users export', () => {
	it('exports NDJSON in the Management API shape without hashes, and round-trips through an import', () => {
		const source = freshStore();
		const bcrypt = bcryptHash('Round-Trip-42!', 10);
		const original = [
			{email: 'ana@example.com', user_id: '61b5b6e90783fa19f7c57dad', name: 'Ana Souza', given_name: 'Ana', family_name: 'Souza', nickname: 'ana', username: 'anas', email_verified: true, phone_number: '+5511999990000', phone_verified: true, blocked: false, picture: 'https://example.com/ana.png', user_metadata: {plan: 'pro', prefs: {theme: 'dark'}}, app_metadata: {roles: ['admin']}, password_hash: bcrypt},
			{email: 'bo@example.com', user_id: 'bo-1', blocked: true},
		];
		expect(run(['users', 'import', file('original.json', original), '--connection', connection, '--store', source]).code).toBe(0);
		const exported = run(['users', 'export', '--store', source]);
		expect(exported.code).toBe(0);
		expect(exported.stdout).not.toContain(bcrypt);
		const lines = exported.stdout.trimEnd().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
		expect(lines.map(user => user['user_id'])).toEqual(['auth0|61b5b6e90783fa19f7c57dad', 'auth0|bo-1']);
		expect(Object.keys(lines[0]!).slice(0, 3)).toEqual(['user_id', 'email', 'email_verified']);

		// Back to the import format: the importable fields, user_id without its prefix.
		const importable = ['email', 'email_verified', 'username', 'phone_number', 'phone_verified', 'given_name', 'family_name', 'name', 'nickname', 'picture', 'blocked', 'app_metadata', 'user_metadata'];
		const reimport = lines.map(user => ({
			...Object.fromEntries(importable.filter(key => key in user).map(key => [key, user[key]])),
			user_id: (user['user_id'] as string).replace(/^auth0\|/, ''),
		}));
		const target = freshStore();
		expect(run(['users', 'import', file('reimport.json', reimport), '--connection', connection, '--store', target]).code).toBe(0);
		const again = run(['users', 'export', '--store', target]).stdout.trimEnd().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
		const profile = (user: Record<string, unknown>) => Object.fromEntries(Object.entries(user).filter(([key]) => !['created_at', 'updated_at'].includes(key)));
		expect(again.map(user => profile(user))).toEqual(lines.map(user => profile(user)));
	}, 60_000);

	it('exports CSV with chosen fields, metadata by key, formula injection escaped, to a 0600 file', () => {
		const store = freshStore();
		const users = file('csv.json', [
			{email: 'eve@example.com', name: '=HYPERLINK("https://evil.example","click")', nickname: '@SUM(A1)', user_metadata: {plan: '+1 pro', note: 'line1\nline2, "quoted"'}},
			{email: 'ok@example.com', name: 'Plain Name', user_metadata: {plan: 'free'}},
		]);
		expect(run(['users', 'import', users, '--connection', connection, '--store', store]).code).toBe(0);
		const output = path.join(dir, 'export.csv');
		writeFileSync(output, 'old contents', {mode: 0o644});
		const result = run(['users', 'export', '--format', 'csv', '--fields', 'email,name,nickname,user_metadata.plan,user_metadata.note', '--query', 'email:eve*', '--output', output, '--store', store]);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/Exported 1 users to/);
		expect(statSync(output).mode & 0o777).toBe(0o600);
		expect(readFileSync(output, 'utf8')).toBe([
			'email,name,nickname,user_metadata.plan,user_metadata.note',
			'eve@example.com,"\'=HYPERLINK(""https://evil.example"",""click"")","\'@SUM(A1)","\'+1 pro","line1\nline2, ""quoted"""',
			'',
		].join('\r\n'));

		const fresh = path.join(dir, 'fresh.ndjson');
		expect(run(['users', 'export', '--output', fresh, '--store', store]).code).toBe(0);
		expect(statSync(fresh).mode & 0o777).toBe(0o600);
		expect(readFileSync(fresh, 'utf8').trimEnd().split('\n')).toHaveLength(2);
	}, 60_000);

	it('refuses to export onto any file of any store, directly or through links, and writes nothing', () => {
		const store = freshStore();
		expect(run(['demo', '--users', '30', '--store', store]).code).toBe(0);
		// A journal, so there is one to protect.
		const someone = (JSON.parse(run(['users', 'list', '--json', '-n', '1', '--store', store]).stdout) as Array<{user_id: string}>)[0]!.user_id;
		expect(run(['users', 'block', someone, '--store', store]).code).toBe(0);
		const other = freshStore();
		expect(run(['demo', '--users', '3', '--store', other]).code).toBe(0);
		const symlinked = path.join(dir, 'points-at-other.ndjson');
		symlinkSync(other, symlinked);
		const hardLinked = path.join(dir, 'same-inode-as-journal');
		linkSync(`${store}-journal`, hardLinked);
		const targets = [
			store, `${store}-journal`, `${store}.lock`, `${store}.v0.bak`, `${store}.lock.break`,
			other, `${other}-journal`, symlinked, `${symlinked}-journal`, hardLinked,
		];
		const before = new Map([store, `${store}-journal`, other].map(name => [name, readFileSync(name)]));
		for (const output of targets) {
			for (const format of ['ndjson', 'csv']) {
				const result = run(['users', 'export', '--format', format, '--output', output, '--store', store]);
				expect(result.code, output).toBe(2);
				expect(result.stderr).toMatch(/Refusing to export to .*: it is .*(store|journal|lock|backup).*; nothing was written/);
			}
		}

		for (const [name, bytes] of before) {
			expect(readFileSync(name).equals(bytes), name).toBe(true);
		}

		for (const name of [`${store}.lock`, `${store}.v0.bak`, `${store}.lock.break`, `${other}-journal`]) {
			expect(existsSync(name), name).toBe(false);
		}

		expect(run(['users', 'list', '--store', store]).stderr).toMatch(/of 30 users/);
		// A store cannot be created on another's lock, nor a demo written over its journal.
		expect(run(['users', 'create', '--email', 'x@example.com', '--connection', connection, '--password-stdin', '--store', `${store}.lock`], 'Sturdy-Pass-42\n').stderr).toMatch(/it is the lock of store/);
		expect(run(['demo', '--force', '--store', `${store}-journal`]).stderr).toMatch(/it is the journal of store/);
		expect(readFileSync(`${store}-journal`).equals(before.get(`${store}-journal`)!)).toBe(true);
	}, 120_000);

	it('writes an export to a temp file renamed into place: a failed export leaves the old file', () => {
		const store = freshStore();
		expect(run(['demo', '--users', '5', '--store', store]).code).toBe(0);
		const output = path.join(dir, 'kept.ndjson');
		writeFileSync(output, 'the previous export\n', {mode: 0o644});
		// Output through a symbolic link replaces the file it points at, not the link.
		const link = path.join(dir, 'kept-link.ndjson');
		symlinkSync(output, link);
		expect(run(['users', 'export', '--output', link, '--store', store]).code).toBe(0);
		expect(lstatSync(link).isSymbolicLink()).toBe(true);
		expect(readFileSync(output, 'utf8').trimEnd().split('\n')).toHaveLength(5);
		expect(statSync(output).mode & 0o777).toBe(0o600);
		// An export that dies half-way (here: past a 512-byte file size limit, SIGXFSZ) leaves the old file whole.
		writeFileSync(output, 'the previous export\n');
		const limited = spawnSync('/bin/sh', ['-c', 'ulimit -f 1 && exec "$0" "$@"', process.execPath, cli, 'users', 'export', '--output', output, '--store', store], {
			encoding: 'utf8',
			env: {...process.env, USERDECK_STORE: ''},
		});
		expect(limited.status === 0).toBe(false);
		expect(readFileSync(output, 'utf8')).toBe('the previous export\n');
		// What was written went to a temp file beside it (left by the killed process, named as such).
		for (const name of readdirSync(dir).filter(each => each.startsWith('.kept.ndjson.tmp-'))) {
			rmSync(path.join(dir, name));
		}

		// A query refused after the store was read writes nothing either.
		expect(run(['users', 'export', '--output', output, '--query', 'name:(a OR', '--store', store]).code).toBe(2);
		expect(readFileSync(output, 'utf8')).toBe('the previous export\n');
		// A device is written to as it is.
		expect(run(['users', 'export', '--output', '/dev/null', '--store', store]).code).toBe(0);
	}, 60_000);

	it('exits 2 on more than 30 CSV fields, an unknown field, a bad format or query', () => {
		const store = freshStore();
		const many = Array.from({length: 31}, (_, index) => `user_metadata.k${index}`).join(',');
		for (const [args, message] of [
			[['--format', 'csv', '--fields', many], /at most 30 fields/],
			[['--fields', 'email,password'], /Unknown field "password"/],
			[['--format', 'xml'], /Allowed choices are ndjson, json, csv/],
			[['--fields', 'email:mail,name:mail'], /two columns as "mail"/],
			[['--query', 'name:(a OR'], /Invalid query/],
		] as Array<[string[], RegExp]>) {
			const result = run(['users', 'export', ...args, '--store', store]);
			expect(result.code, args.join(' ')).toBe(2);
			expect(result.stderr).toMatch(message);
		}
	}, 60_000);

	it('--format json is Auth0\'s name for NDJSON; --fields renames with :export_as; --csv-escape auth0 writes as Auth0\'s export', () => {
		const store = freshStore();
		const users = file('auth0-csv.json', [{email: 'eve@example.com', name: 'Eve "the" =Best', user_metadata: {plan: 'pro'}}]);
		expect(run(['users', 'import', users, '--connection', connection, '--store', store]).code).toBe(0);
		expect(run(['users', 'export', '--format', 'json', '--store', store]).stdout).toBe(run(['users', 'export', '--store', store]).stdout);
		const renamed = run(['users', 'export', '--format', 'json', '--fields', 'email,identities[0].connection:provider,user_metadata.plan:plan', '--store', store]);
		expect(JSON.parse(renamed.stdout)).toEqual({email: 'eve@example.com', provider: connection, plan: 'pro'});
		const csv = run(['users', 'export', '--format', 'csv', '--csv-escape', 'auth0', '--fields', 'email,name,identities[0].connection:provider,email_verified,logins_count,created_at,last_login', '--store', store]);
		const [header, row, end] = csv.stdout.split('\n');
		expect(header).toBe('email,name,provider,email_verified,logins_count,created_at,last_login');
		expect(row).toMatch(new RegExp(`^"'eve@example.com","'Eve ""the"" =Best","'${connection}",false,0,\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z,$`));
		expect(end).toBe('');
	});
});

describe('a tenant\'s export opens as it is', () => {
	const query = `identities.connection:"${connection}"`;

	it('imports an Auth0 NDJSON export, gzipped, keeping user_id, dates, logins_count and identities; no password until one is set; the round trip gives the same file', async () => {
		const source = freshStore();
		expect(run(['demo', '--users', '60', '--store', source]).code).toBe(0);
		const exported = run(['users', 'export', '--format', 'json', '--query', query, '--store', source]).stdout;
		const lines = exported.trimEnd().split('\n').map(line => JSON.parse(line) as {user_id: string; email: string; logins_count: number; identities: unknown[]});
		expect(lines.some(user => user.identities.length > 1)).toBe(true);
		expect(lines.some(user => user.logins_count > 0)).toBe(true);
		const gzipped = path.join(dir, 'tenant.json.gz');
		writeFileSync(gzipped, gzipSync(exported));

		const target = freshStore();
		const imported = run(['users', 'import', gzipped, '--connection', connection, '--store', target]);
		expect(imported.stderr).toBe('');
		expect(imported.stdout).toBe(`Imported into ${connection}: ${lines.length} created, 0 updated, 0 failed (of ${lines.length})\n`);
		expect(run(['users', 'export', '--format', 'json', '--query', query, '--store', target]).stdout).toBe(exported);

		const opened = await Store.open({path: target});
		try {
			expect(opened.tables.passwords.size).toBe(0);
		} finally {
			await opened.close();
		}

		const denied = run(['login', '--email', lines[0]!.email, '--password', 'Any-Pass-42!', '--client', clientOf(target), '--store', target]);
		expect(denied.code).toBe(1);
	}, 120_000);

	it('imports an Auth0 CSV export (every string \'-prefixed and quoted) and exports the same file again', () => {
		const source = freshStore();
		expect(run(['demo', '--users', '60', '--store', source]).code).toBe(0);
		const exported = run(['users', 'export', '--format', 'csv', '--csv-escape', 'auth0', '--query', query, '--store', source]).stdout;
		const target = freshStore();
		const csv = file('tenant.csv', exported);
		const imported = run(['users', 'import', csv, '--connection', connection, '--store', target]);
		expect(imported.code, imported.stderr).toBe(0);
		expect(run(['users', 'export', '--format', 'csv', '--csv-escape', 'auth0', '--query', query, '--store', target]).stdout).toBe(exported);
	}, 120_000);

	it('says which columns it did not import, and refuses users that are not a database\'s', () => {
		const store = freshStore();
		const csv = file('partial.csv', 'user_id,email,provider\n"\'auth0|a1","\'a@example.com","\'x"\n"\'github|77","\'b@example.com","\'y"\n');
		const result = run(['users', 'import', csv, '--connection', connection, '--store', store]);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('userdeck: warning: not imported (no such profile field): provider');
		expect(result.stderr).toContain('users[1] b@example.com: PATTERN (NOT_A_DATABASE_USER) user_id:');
		expect(result.stdout).toBe(`Imported into ${connection}: 1 created, 0 updated, 1 failed (of 2)\n`);
	});
});
