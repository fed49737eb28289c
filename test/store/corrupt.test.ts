// A store file that cannot be used is refused with a StoreError naming the path
// and the first problem, and is left exactly as it was: same bytes, same mtime,
// and nothing created beside it.
import {execFileSync} from 'node:child_process';
import {mkdir, open, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {Store, StoreError, writeSnapshot} from '../../source/store/store.js';
import {emptyTables} from '../../source/store/tables.js';
import {fingerprint, listDir, makeTempDir, makeUser} from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
/** A valid store's lines: header, 2 connections… see beforeAll. */
let valid: string[];

beforeAll(async () => {
	({dir, cleanup} = await makeTempDir());
	const tables = emptyTables();
	for (const id of ['a', 'b', 'c']) {
		tables.users.set(`auth0|${id}`, makeUser(id));
	}

	const file = path.join(dir, 'valid.ndjson');
	await writeSnapshot(file, tables);
	valid = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
	// header, users a, b, c, trailer
	expect(valid).toHaveLength(5);
});

afterAll(async () => cleanup());

type Header = {format: string; version: number; seq: number; written_at: string; counts: Record<string, number>};

function header(change: (header: Header) => void = () => {}): string {
	const value = JSON.parse(valid[0]!) as Header;
	change(value);
	return JSON.stringify(value);
}

function lines(...items: string[]): string {
	return `${items.join('\n')}\n`;
}

let counter = 0;

/**
 * Writes `content` as a store, opens it, and checks the refusal: a StoreError
 * with `code`, the path and `message` in its message, and a file (and folder)
 * untouched.
 */
async function expectRefused(content: string | Buffer | ((file: string) => Promise<void>), code: StoreError['code'], message: RegExp): Promise<StoreError> {
	const caseDir = path.join(dir, `case-${counter++}`);
	await mkdir(caseDir);
	const file = path.join(caseDir, 'store.ndjson');
	await (typeof content === 'function' ? content(file) : writeFile(file, content));
	const before = await fingerprint(file);
	const listing = await listDir(caseDir);

	const error = await Store.open({path: file}).then(() => undefined, (error_: unknown) => error_);
	expect(error).toBeInstanceOf(StoreError);
	const storeError = error as StoreError;
	expect(storeError.code).toBe(code);
	expect(storeError.message).toContain(file);
	expect(storeError.message).toMatch(message);
	// Nothing a terminal would act on is ever printed.
	expect(storeError.message).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/);

	expect(await fingerprint(file)).toEqual(before);
	expect(await listDir(caseDir)).toEqual(listing);
	return storeError;
}

describe('refused store files', () => {
	test('the valid base opens', async () => {
		const file = path.join(dir, 'base.ndjson');
		await writeFile(file, lines(...valid));
		const store = await Store.open({path: file});
		expect(store.tables.users.size).toBe(3);
	});

	test('an empty file', async () => {
		await expectRefused('', 'CORRUPT', /the file is empty/);
	});

	test('only whitespace', async () => {
		await expectRefused('\n\n', 'CORRUPT', /line 1 is empty/);
	});

	test.each([
		['null', 'null'],
		['0', '0'],
		['""', '""'],
		['[]', '[]'],
		['true', 'true'],
		['{"format":"something-else"}', '{"format":"something-else"}'],
	])('a first line that is not a header: %s', async (_, first) => {
		await expectRefused(`${first}\n`, 'CORRUPT', /line 1 is not a userdeck store header/);
		await expectRefused(first, 'CORRUPT', /line 1 is not a userdeck store header/);
	});

	test('a damaged header', async () => {
		await expectRefused(lines(valid[0]!.slice(0, 30), ...valid.slice(1)), 'CORRUPT', /line 1 is not a userdeck store header/);
		await expectRefused(lines(header(value => {
			value.seq = -1;
		}), ...valid.slice(1)), 'CORRUPT', /line 1: invalid seq -1/);
		await expectRefused(lines(header(value => {
			value.counts.admins = 1;
		}), ...valid.slice(1)), 'CORRUPT', /line 1: the header counts an unknown table "admins"/);
	});

	test('a newer format version asks for an upgrade', async () => {
		const error = await expectRefused(lines(header(value => {
			value.version = 2;
		}), '["users",{"anything":"new"}]', '{"end":true,"rows":1}'), 'VERSION', /newer userdeck.*version 2.*Upgrade userdeck/);
		expect(error.message).toMatch(/^Cannot load store /);
	});

	test('a snapshot cut before its end marker', async () => {
		await expectRefused(lines(...valid.slice(0, -1)), 'CORRUPT', /truncated: it ends at line 4 without the end marker/);
	});

	test('a snapshot cut in the middle of a line', async () => {
		const text = lines(...valid);
		await expectRefused(text.slice(0, text.indexOf('"auth0|c"') + 3), 'CORRUPT', /line 4 is not valid JSON/);
	});

	test('rows missing although the end marker is there', async () => {
		await expectRefused(lines(valid[0]!, valid[1]!, valid[2]!, '{"end":true,"rows":2}'), 'CORRUPT', /header announces 3 users but 2 were found/);
		await expectRefused(lines(...valid.slice(0, -1), '{"end":true,"rows":4}'), 'CORRUPT', /end marker announces 4 rows but 3 were found/);
	});

	test('data after the end marker', async () => {
		await expectRefused(lines(...valid, valid[1]!), 'CORRUPT', /line 6: unexpected data after the end marker/);
	});

	test('NUL bytes', async () => {
		const text = lines(...valid);
		const bytes = Buffer.from(text);
		bytes[text.indexOf('"auth0|b"') + 2] = 0;
		await expectRefused(bytes, 'CORRUPT', /line 3 contains a NUL byte/);
	});

	test('a 2 GB sparse file of zeros is refused at once, without reading it all', async () => {
		const started = Date.now();
		await expectRefused(async file => {
			const fh = await open(file, 'w');
			await fh.truncate(2 * 1024 ** 3);
			await fh.close();
		}, 'CORRUPT', /line 1 contains a NUL byte/);
		expect(Date.now() - started).toBeLessThan(10_000);
	});

	test('a line longer than 64 MiB', async () => {
		await expectRefused(async file => {
			await writeFile(file, `${valid[0]!}\n`);
			const fh = await open(file, 'a');
			const chunk = Buffer.alloc(8 * 1024 * 1024, 0x20);
			for (let index = 0; index < 9; index++) {
				await fh.write(chunk);
			}

			await fh.close();
		}, 'CORRUPT', /line 2 is longer than 64 MiB/);
	});

	test('invalid UTF-8', async () => {
		const text = lines(...valid);
		const bytes = Buffer.from(text);
		bytes[text.indexOf('"auth0|b"') + 2] = 0xFF;
		await expectRefused(bytes, 'CORRUPT', /line 3 is not valid UTF-8/);
	});

	test('wrong types', async () => {
		await expectRefused(lines(valid[0]!, valid[1]!, JSON.stringify(['users', makeUser('b', {logins_count: 'many' as never})]), valid[3]!, valid[4]!), 'CORRUPT', /line 3: users\[1\]\.logins_count must be integer/);
		await expectRefused(lines(valid[0]!, valid[1]!, JSON.stringify(['users', makeUser('b', {identities: [{connection: 1, provider: 'auth0', user_id: 'b', isSocial: false}] as never})]), valid[3]!, valid[4]!), 'CORRUPT', /line 3: users\[1\]\.identities\[0\]\.connection must be string/);
		await expectRefused(lines(valid[0]!, '["users","auth0|a"]', ...valid.slice(2)), 'CORRUPT', /line 2: users\[0\] must be object/);
		await expectRefused(lines(valid[0]!, '["users"]', ...valid.slice(2)), 'CORRUPT', /line 2: a row must be \["table", \{…\}\]/);
		await expectRefused(lines(valid[0]!, '{"users":1}', ...valid.slice(2)), 'CORRUPT', /line 2: expected a row/);
	});

	test('duplicate user_ids', async () => {
		await expectRefused(lines(valid[0]!, valid[1]!, valid[2]!, valid[1]!, valid[4]!), 'CORRUPT', /line 4: users\[2\] has the same user_id as an earlier row \("auth0\|a"\)/);
	});

	test('a user without user_id', async () => {
		const {user_id: _, ...noId} = makeUser('b');
		const error = await expectRefused(lines(valid[0]!, valid[1]!, JSON.stringify(['users', noId]), valid[3]!, valid[4]!), 'CORRUPT', /line 3: users\[1\] must have required property 'user_id'/);
		expect(error.message).toMatch(/^Cannot load store .*store\.ndjson: line 3: users\[1\] must have required property 'user_id'$/);
		await expectRefused(lines(valid[0]!, valid[1]!, JSON.stringify(['users', makeUser('b', {user_id: ''})]), valid[3]!, valid[4]!), 'CORRUPT', /line 3: users\[1\]\.user_id must NOT have fewer than 1 characters/);
	});

	test('unknown tables, including prototype names and terminal escapes', async () => {
		await expectRefused(lines(valid[0]!, '["admins",{"id":"x"}]', ...valid.slice(2)), 'CORRUPT', /line 2: unknown table "admins"/);
		await expectRefused(lines(valid[0]!, '["__proto__",{"id":"x"}]', ...valid.slice(2)), 'CORRUPT', /line 2: unknown table "__proto__"/);
		await expectRefused(lines(valid[0]!, '["constructor",{"id":"x"}]', ...valid.slice(2)), 'CORRUPT', /line 2: unknown table "constructor"/);
		const error = await expectRefused(lines(valid[0]!, JSON.stringify([`\u001B]0;owned\u0007\u001B[2J${'x'.repeat(200)}`, {}]), ...valid.slice(2)), 'CORRUPT', /line 2: unknown table "\\x1b\]0;owned\\x07\\x1b\[2Jx+…"/);
		// Quoted text from the file is cut short.
		expect(error.message.length).toBeLessThan(file(error).length + 200);
	});

	test('a directory in place of the file', async () => {
		await expectRefused(async file => {
			await mkdir(file);
		}, 'IO', /it is a directory/);
	});

	test('a FIFO in place of the file does not hang', async () => {
		await expectRefused(async file => {
			execFileSync('mkfifo', [file]);
		}, 'IO', /not a regular file/);
	});

	// root reads anything, so the refusal cannot be seen there.
	test.skipIf(process.getuid?.() === 0)('an unreadable file', async () => {
		await expectRefused(async file => {
			await writeFile(file, lines(...valid), {mode: 0o000});
		}, 'PERMISSION', /permission denied/);
	});

	test('a version 0 document that is not valid', async () => {
		await expectRefused('{\n  "users": [\n    {"email": "x@example.com"}\n  ]\n}\n', 'CORRUPT', /users\[0\] must have required property 'user_id'/);
		await expectRefused('{\n  "users": [\n', 'CORRUPT', /not valid JSON/);
		await expectRefused('{"users": [], "admins": []}', 'CORRUPT', /unknown table "admins"/);
		await expectRefused('{"users": {}}', 'CORRUPT', /users must be an array/);
		await expectRefused('{}', 'CORRUPT', /not a userdeck store/);
	});
});

function file(error: StoreError): string {
	return error.path;
}
