// Users kept as their list columns (issue 19, source/store/sealed-user.ts):
// the columns read off a line's bytes must be exactly what JSON.parse gives,
// or the scanner must leave the line to the parse; and a store's columns must
// agree with its profiles, and with an independent read of its files, after
// loads, writes from this process and others, compactions and crashes.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {generateDemo} from '../../source/demo/generate.js';
import type {ListUser, User} from '../../source/domain/types.js';
import {columnsDiffer, columnsOf, isSealedUser, scanUserLine} from '../../source/store/sealed-user.js';
import {defaultSeed} from '../../source/store/seed.js';
import {type OpenOptions, Store, writeSnapshot} from '../../source/store/store.js';
import {collectUsers} from '../../source/services/users-api.js';
import {UsersService} from '../../source/services/users-service.js';
import {bundleService} from '../hardening/support/child-bundle.js';
import {fakeHasher, testActor} from '../support/fakes.js';
import {makeTempDir, referenceRows, storeFolderPerTest} from './fixtures.js';
import {makeUser} from './rows.js';

function lineOf(user: unknown): Buffer {
	return Buffer.from(`["users",${JSON.stringify(user)}]`);
}

function scan(line: Buffer): ListUser | undefined {
	const scanned = scanUserLine(line, 0, line.length);
	if (scanned) {
		// Where the object is: exactly its JSON.
		expect(line.toString('utf8', scanned.objectStart, scanned.objectStart + scanned.objectLength)).toBe(line.toString('utf8', '["users",'.length, line.length - 1));
	}

	return scanned?.columns;
}

const demo = generateDemo({users: 1500, seed: 'sealed-user', now: new Date('2026-12-01T00:00:00.000Z'), passwordHash: 'test$0'});

describe('the scanner', () => {
	test('reads every demo user\'s columns as JSON.parse gives them', () => {
		let scanned = 0;
		for (const user of demo.users.values()) {
			const columns = scan(lineOf(user));
			expect(columns, user.user_id).toBeDefined();
			expect(columnsDiffer(columns!, user)).toBeUndefined();
			expect(columns).toEqual(columnsOf(user));
			scanned++;
		}

		expect(scanned).toBe(1500);
	});

	test('decodes escapes and any script as JSON.parse does', () => {
		const user = makeUser('esc', {
			name: 'Zoë "Q" \\ Øster\u00E5s \u4E2D\u6587 \u{1F600}\t\u0000end',
			email: 'zoë@exämple.com',
			last_login: '2026-01-02T03:04:05.678Z',
			logins_count: 1234567,
			blocked: true,
			username: 'z\u2028y',
		});
		const columns = scan(lineOf(user))!;
		expect(columns).toEqual(columnsOf(user));
		expect((columns as {username?: string}).username).toBe('z\u2028y');
	});

	test('keeps the last of repeated keys, as JSON.parse does', () => {
		const text = '["users",{"user_id":"auth0|a","email":"first@example.com","created_at":"2025","updated_at":"2025","identities":[{"connection":"A","provider":"auth0","user_id":"a","isSocial":false}],"logins_count":1,"email":"second@example.com","logins_count":7,"blocked":true,"blocked":false}]';
		const parsed = (JSON.parse(text) as [string, User])[1];
		expect(scan(Buffer.from(text))).toEqual(columnsOf(parsed));
	});

	test('leaves to the parse what it cannot read exactly', () => {
		const base = '"created_at":"2025","updated_at":"2025","identities":[{"connection":"A","provider":"auth0","user_id":"a","isSocial":false}]';
		for (const body of [
			`{"user_id":"auth0|a",${base},"logins_count":1.5}`,
			`{"user_id":"auth0|a",${base},"logins_count":-1}`,
			`{"user_id":"auth0|a",${base},"logins_count":1e3}`,
			`{"user_id":"auth0|a",${base},"logins_count":01}`,
			`{"user_id":"auth0|a",${base}}`,
			`{"user_id":"auth0|a",${base},"logins_count":1,"email":null}`,
			`{"user_id":"auth0|a",${base},"logins_count":1,"blocked":"yes"}`,
			`{"user_id":5,${base},"logins_count":1}`,
			`{"user_id":"",${base},"logins_count":1}`,
			`{"user\\u005fid":"auth0|a",${base},"logins_count":1}`,
			`{"user_id":"auth0|a", ${base},"logins_count":1}`,
			`{"user_id":"auth0|a",${base},"logins_count":1,"name":"a\u0001b"}`,
			`{"user_id":"auth0|a","created_at":"2025","updated_at":"2025","identities":[{"provider":"auth0"}],"logins_count":1}`,
			`{"user_id":"auth0|a","created_at":"2025","updated_at":"2025","identities":{"connection":"A"},"logins_count":1}`,
			`{"user_id":"auth0|a","created_at":"2025","updated_at":"2025","identities":[{"connection":5}],"logins_count":1}`,
			`{"user_id":"auth0|a",${base},"logins_count":1`,
			// Not JSON: a trailing comma, an empty value, in the object or in an identity.
			`{"user_id":"auth0|a",${base},"logins_count":0,}`,
			`{"user_id":"auth0|a",${base},"x":,"logins_count":1}`,
			`{"user_id":"auth0|a",${base},"logins_count":}`,
			`{"user_id":"auth0|a","created_at":"2025","updated_at":"2025","identities":[{"connection":"A","provider":"auth0",}],"logins_count":1}`,
			`{"user_id":"auth0|a","created_at":"2025","updated_at":"2025","identities":[{"connection":"A",}],"logins_count":1}`,
			// A connection named twice, the last not a string: JSON.parse keeps null.
			`{"user_id":"auth0|a","created_at":"2025","updated_at":"2025","identities":[{"connection":"A","connection":null}],"logins_count":1}`,
		]) {
			expect(scan(Buffer.from(`["users",${body}]`)), body).toBeUndefined();
		}

		// Not a user line at all.
		expect(scan(Buffer.from('["logs",{"log_id":"x"}]'))).toBeUndefined();
		expect(scan(Buffer.from(' ["users",{"user_id":"auth0|a"}]'))).toBeUndefined();
	});

	test('never reads columns that differ from the parse, whatever the damage (fuzz)', () => {
		// A seeded generator: the same mutations every run.
		let seed = 0x9E37_79B9;
		const random = (below: number): number => {
			seed ^= seed << 13;
			seed ^= seed >>> 17;
			seed ^= seed << 5;
			return (seed >>> 0) % below;
		};

		const alphabet = Buffer.from('{}[]",:\\0123456789-.etrufalsn ab\u00E9');
		const users = [...demo.users.values()].slice(0, 200);
		let read = 0;
		let left = 0;
		for (let round = 0; round < 6000; round++) {
			const line = Buffer.from(lineOf(users[round % users.length]));
			for (let edits = 1 + random(3); edits > 0; edits--) {
				line[9 + random(line.length - 11)] = alphabet[random(alphabet.length)]!;
			}

			const columns = scan(line);
			if (columns === undefined) {
				left++;
				continue;
			}

			read++;
			let parsed: unknown;
			try {
				parsed = (JSON.parse(line.toString('utf8')) as [string, unknown])[1];
			} catch {
				// Damage the parse refuses is reported when the profile is read.
				continue;
			}

			expect(columns, line.toString()).toEqual(columnsOf(parsed as User));
		}

		expect(read).toBeGreaterThan(100);
		expect(left).toBeGreaterThan(100);
	});
});

// ---------------------------------------------------------------- the store

/** The users as an independent reader sees the files: JSON.parse of every snapshot line, then the journal's entries after the snapshot's seq. */
async function referenceUsers(file: string): Promise<Map<string, User>> {
	return referenceRows<User>(file, 'users', user => user.user_id);
}

/** Every user's columns agree with its profile, and both with the reference read of the files. */
async function expectAgreement(store: Store, file: string): Promise<{sealed: number}> {
	const reference = await referenceUsers(file);
	expect([...store.tables.users.keys()].sort()).toEqual([...reference.keys()].sort());
	let sealed = 0;
	for (const [id, row] of store.tables.users) {
		const profile = store.user(id);
		expect(profile, id).toEqual(reference.get(id));
		expect(columnsDiffer(row, profile!), id).toBeUndefined();
		if (isSealedUser(row)) {
			sealed++;
		}
	}

	return {sealed};
}

describe('a store of sealed users', () => {
	const folder = storeFolderPerTest();
	const open = async (options: Partial<OpenOptions> = {}): Promise<Store> => folder.openStore({create: false, ...options});
	let file: string;

	beforeEach(async () => {
		file = folder.file;
		const tables = defaultSeed();
		for (const [id, user] of [...demo.users].slice(0, 300)) {
			tables.users.set(id, user);
		}

		await writeSnapshot(file, tables);
	});

	test('loads users sealed, and their profiles read as the file holds them', async () => {
		const store = await open();
		const {sealed} = await expectAgreement(store, file);
		expect(sealed).toBe(300);
		// A profile asked for twice is the same object (a screen asks on every frame).
		const id = [...store.tables.users.keys()][7]!;
		expect(store.user(id)).toBe(store.user(id));
	});

	test('writes from this process and another, and compactions by either, keep columns and profiles in agreement', async () => {
		const a = await open({compactAfterBytes: 4096});
		const b = await open();
		const ids = [...a.tables.users.keys()];
		for (const [step, id] of ids.slice(0, 40).entries()) {
			const writer = step % 2 === 0 ? a : b;
			await writer.transact(tx => {
				const user = writer.user(id)!;
				tx.put('users', {...user, email: `changed-${step}@example.com`, name: `Changed ${step}`, logins_count: user.logins_count + step, blocked: step % 3 === 0, last_login: '2026-12-07T10:00:00.000Z'});
			});
			if (step % 10 === 9) {
				await writer.transact(tx => {
					tx.delete('users', ids[100 + step]!);
				});
			}
		}

		await a.refresh();
		await b.refresh();
		await expectAgreement(a, file);
		await expectAgreement(b, file);

		// Compacted by a: its sealed users now read from the new file, b loads it again.
		await a.compact();
		await b.refresh();
		const afterCompaction = await expectAgreement(a, file);
		expect(afterCompaction.sealed).toBeGreaterThan(200);
		await expectAgreement(b, file);
		// And a third process reading the compacted file.
		await expectAgreement(await open(), file);
	});

	test('a users-only read (users list, users export) has the same users and stops before the rest, refusing what it did not read', async () => {
		const whole = await open({compactAfterBytes: 1 << 30});
		const id = [...whole.tables.users.keys()][3]!;
		await whole.transact(tx => {
			tx.put('users', {...whole.user(id)!, name: 'From the journal'});
			tx.put('logs', {log_id: 'log-after', date: '2026-12-07T00:00:00.000Z', type: 's', user_id: id});
		});
		// Damage past the users: a whole read refuses it, a users-only read never reaches it.
		const text = await readFile(file, 'utf8');
		const {writeFile} = await import('node:fs/promises');
		await writeFile(file, text.replace(/\n\{"end":true/, '\n["logs",{"log_id":broken}]\n{"end":true'));
		await expect(Store.open({path: file, create: false})).rejects.toThrow(/is not valid JSON/);
		await writeFile(file, text);

		const partial = await open({usersOnly: true});
		await expectAgreement(partial, file);
		expect(partial.user(id)?.name).toBe('From the journal');
		expect(partial.tables.logs.size + partial.tables.devices.size + partial.tables.passwords.size).toBeLessThanOrEqual(1);
		expect(() => partial.logsOf(id)).toThrow(/opened for its users only: log events/);
		expect(() => partial.password(id)).toThrow(/opened for its users only/);
		await expect(partial.transact(() => undefined)).rejects.toThrow(/opened for its users only: a write/);
		await expect(partial.compact()).rejects.toThrow(/opened for its users only/);

		await writeFile(file, text.replace(/\n\{"end":true/, '\n["logs",{"log_id":broken}]\n{"end":true'));
		const beforeDamage = await open({usersOnly: true});
		expect(beforeDamage.tables.users.size).toBe(300);
		await writeFile(file, text);

		// The users section itself must be whole.
		const lines = text.split('\n');
		const cut = lines.filter((line, index) => !(line.startsWith('["users",') && index % 50 === 0)).join('\n');
		await writeFile(file, cut);
		await expect(Store.open({path: file, create: false, usersOnly: true})).rejects.toThrow(/header announces 300 users but \d+ were found|truncated or damaged/);
	});

	test('a damaged profile is reported by name when read, and the rest still read', async () => {
		const text = await readFile(file, 'utf8');
		const victim = [...demo.users.values()][5]!;
		// Same columns, but the profile no longer passes the schema.
		const damaged = text.replace(`"email_verified":${String(victim.email_verified)}`, '"email_verified":"maybe"');
		expect(damaged).not.toBe(text);
		const {writeFile} = await import('node:fs/promises');
		await writeFile(file, damaged);
		const store = await open();
		expect(store.userProblem(victim.user_id)).toMatch(/users row "auth0\|[^"]+"\.email_verified must be boolean/);
		expect(() => store.user(victim.user_id)).toThrow(/the file is damaged: users row .*email_verified must be boolean/);
		const other = [...store.tables.users.keys()].find(id => id !== victim.user_id)!;
		expect(store.user(other)?.user_id).toBe(other);
		expect(store.userProblem(other)).toBeUndefined();

		// Through the service: the list still has the user; the console's user page
		// says what is wrong, and commands fail with it rather than "no such user".
		const service = new UsersService({store, actor: testActor, hasher: fakeHasher});
		expect(service.usersById().get(victim.user_id)?.email).toBe(victim.email);
		expect(service.user(victim.user_id)).toBeUndefined();
		const state = service.userState(victim.user_id);
		expect(state.status).toBe('error');
		expect(state.error?.code).toBe('DAMAGED');
		expect(state.error?.message).toMatch(/profile cannot be read: users row .*email_verified must be boolean/);
		expect(() => service.findUser(victim.user_id)).toThrow(/Cannot read user .*email_verified must be boolean/);
		expect(() => service.getUser(victim.user_id)).toThrow(/Cannot read user .*email_verified must be boolean/);
		expect(service.devicesState(victim.user_id).status).toBe('loaded');
		// A list or an export never leaves the user out without a word.
		await expect(collectUsers(service.eachUser({}))).rejects.toThrow(/Cannot read user .*email_verified must be boolean/);
		await expect(collectUsers(service.eachUser({query: 'app_metadata.plan:pro'}))).rejects.toThrow(/Cannot read user/);

		// A batch refuses that user alone and goes on; a delete removes the row by id.
		const others = [...store.tables.users.keys()].filter(id => id !== victim.user_id).slice(0, 3);
		const blocked = await service.runBatch('block', [others[0]!, victim.user_id, others[1]!]);
		expect(blocked.failures).toEqual([{userId: victim.user_id, reason: expect.stringMatching(/Cannot read user .*email_verified/) as unknown}]);
		expect(blocked.stopped).toBeUndefined();
		expect(service.user(others[1]!)?.blocked).toBe(true);
		const exported = path.join(folder.dir, 'marked.ndjson');
		await expect(service.exportUsers([others[2]!, victim.user_id], exported)).rejects.toThrow(/Cannot read user/);
		await service.deleteUser(victim.user_id);
		expect(store.tables.users.has(victim.user_id)).toBe(false);
		expect(store.userProblem(victim.user_id)).toBeUndefined();
		await expect(service.exportUsers([others[2]!], exported)).resolves.toMatchObject({count: 1});
	});
});

describe('crashes', () => {
	let dir: string;
	let cleanup: () => Promise<void>;
	let file: string;
	let bundle: string;

	beforeEach(async () => {
		({dir, cleanup} = await makeTempDir('userdeck-sealed-crash-'));
		file = path.join(dir, 'store.ndjson');
		bundle = await bundleService(dir);
		const tables = defaultSeed();
		for (const [id, user] of [...demo.users].slice(0, 400)) {
			tables.users.set(id, user);
		}

		await writeSnapshot(file, tables);
	}, 60_000);

	afterEach(async () => {
		await cleanup();
	});

	// Changes users one transaction at a time, with compactions every few
	// kilobytes, saying how many it has done; killed with SIGKILL meanwhile.
	const childScript = (bundleUrl: string): string => `
		import {Store} from ${JSON.stringify(bundleUrl)};
		const [file, round] = process.argv.slice(1);
		const store = await Store.open({path: file, create: false, compactAfterBytes: 8 * 1024, lockTimeoutMs: 60000});
		const ids = [...store.tables.users.keys()];
		for (let step = 0; ; step++) {
			const id = ids[(step * 7) % ids.length];
			await store.transact(tx => {
				const user = store.user(id);
				tx.put('users', {...user, name: 'Round ' + round + ' step ' + step, logins_count: user.logins_count + 1, blocked: step % 2 === 0});
			});
			process.stdout.write('step ' + step + '\\n');
		}
	`;

	test('columns and profiles agree after a writer is killed mid-write or mid-compaction', async () => {
		for (const [round, after] of [5, 40, 90].entries()) {
			const child = spawn(process.execPath, ['--input-type=module', '-e', childScript(bundle), file, String(round)], {stdio: ['ignore', 'pipe', 'pipe']});
			let errors = '';
			child.stderr.on('data', (chunk: Buffer) => {
				errors += chunk.toString();
			});
			const exited = once(child, 'exit');
			await new Promise<void>((resolve, reject) => {
				let buffered = '';
				child.stdout.on('data', (chunk: Buffer) => {
					buffered += chunk.toString();
					const steps = buffered.match(/step (\d+)\n/g) ?? [];
					if (steps.length > after) {
						resolve();
					}
				});
				void exited.then(() => {
					reject(new Error(`the child exited early: ${errors}`));
				});
			});
			child.kill('SIGKILL');
			await exited;
			expect(errors).toBe('');

			const store = await Store.open({path: file, create: false});
			try {
				const {sealed} = await expectAgreement(store, file);
				expect(sealed).toBeGreaterThan(0);
				expect(store.tables.users.size).toBe(400);
			} finally {
				await store.close();
			}
		}
	}, 120_000);
});
