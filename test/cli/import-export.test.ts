// `users import` and `users export` as a script would use them: the built
// bundle, real processes, exit codes, files.
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, linkSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {hashSync as bcryptHash} from '@node-rs/bcrypt';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cli, runCli as run} from '../support/cli.js';
import {Store} from '../../source/store/store.js';

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
			[['users', 'import', file('object.json', {email: 'a@example.com'}), '--connection', connection], /must hold a JSON array of users/],
			// Last-wins would import the second name silently; U+FFFD would replace the Latin-1 é silently.
			[['users', 'import', file('twice.json', '[\n  {"email": "a@example.com", "name": "Ana",\n   "name": "Bob"}\n]'), '--connection', connection], /is not valid JSON: Duplicate key "name" in one object .*\(line 3, column 4\)/],
			[['users', 'import', fileBytes('latin1.json', Buffer.concat([Buffer.from('[{"email": "a@example.com",\n  "name": "Jos'), Buffer.from([0xE9]), Buffer.from('"}]')])), '--connection', connection], /is not valid JSON: Invalid UTF-8 \(bytes e9 22 7d 5d\) \(line 2, column 15\)/],
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
			{email: 'bcrypt@example.com', password_hash: bcryptHash(secret, 4)},
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
});

describe('userdeck users export', () => {
	it('exports NDJSON in the Management API shape without hashes, and round-trips through an import', () => {
		const source = freshStore();
		const bcrypt = bcryptHash('Round-Trip-42!', 4);
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
			[['--format', 'xml'], /Allowed choices are ndjson, csv/],
			[['--query', 'name:(a OR'], /Invalid query/],
		] as Array<[string[], RegExp]>) {
			const result = run(['users', 'export', ...args, '--store', store]);
			expect(result.code, args.join(' ')).toBe(2);
			expect(result.stderr).toMatch(message);
		}
	}, 60_000);
});
