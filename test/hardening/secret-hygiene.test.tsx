// Secret hygiene (issue 6): random passwords and one-time tickets go through
// create, sign-in (right and wrong), Sign in as User and redemption, and none
// of them appears in the store's files (snapshot and journal, before and after
// a compaction), in log events, in error text, in the CLI's output, or in any
// frame the console draws (the ticket only in the popup that shows its URL).
import {spawnSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {argon2Hasher} from '../../source/services/password-hasher.js';
import {UsersService} from '../../source/services/users-service.js';
import {mockPorts, renderDeck} from '../support/deck.js';
import {lightArgon2Hasher, testActor} from '../support/fakes.js';
import {keys} from '../support/keys.js';
import {figure, scaled} from './support/scale.js';
import {copyStore, makeTemplate, type StoreCopy, type Template} from './support/store-copy.js';
import {until} from './support/until.js';

const connection = 'Username-Password-Authentication';
const cli = path.resolve('dist/cli.js');

let template: Template;

beforeAll(async () => {
	if (!existsSync(cli)) {
		const built = spawnSync(process.execPath, ['scripts/build.mjs'], {encoding: 'utf8'});
		expect(built.status, built.stderr).toBe(0);
	}

	template = await makeTemplate(3);
}, 120_000);

afterAll(async () => {
	await template?.cleanup();
});

/** Random passwords that meet the "good" policy, with quotes, backslashes and non-ASCII letters among them. */
function passwords(count: number, seed: number): string[] {
	const unit = fc.oneof({arbitrary: fc.string({unit: 'grapheme-ascii', minLength: 1, maxLength: 1}), weight: 9}, {arbitrary: fc.constantFrom('é', 'ß', '山', 'ж', '"', '\\'), weight: 1});
	return fc.sample(fc.array(unit, {minLength: 10, maxLength: 30}), {numRuns: count, seed}).map(units => `Aa1!${units.join('')}`);
}

/** The forms a secret could take in a file or output: as is, UTF-8 encoded, and escaped inside a JSON string. */
function forms(secret: string): string[] {
	return [...new Set([secret, JSON.stringify(secret).slice(1, -1)])];
}

function leaks(haystack: string, secrets: readonly string[]): string[] {
	return secrets.filter(secret => forms(secret).some(form => haystack.includes(form)));
}

function storeFiles(copy: StoreCopy): string {
	const dir = path.dirname(copy.file);
	return readdirSync(dir).filter(name => name.startsWith('store.ndjson')).map(name => readFileSync(path.join(dir, name), 'utf8')).join('\n');
}

describe('through the service', () => {
	it('leaves no password or ticket in the store files, the logs or error text', async () => {
		const copy = await copyStore(template);
		try {
			// Real argon2id strings (the checks below must be able to see a hash), at
			// the lowest cost: this is about where secrets go, not the hash's cost,
			// and some 250 hashes and checks at m=19 MiB took most of the test's time.
			const service = new UsersService({store: copy.store, actor: testActor, hasher: lightArgon2Hasher});
			const count = scaled(50, 1000);
			const right = passwords(count, 1);
			const wrong = passwords(count, 2).map(text => `${text}~`);
			const changed = passwords(count, 6);
			const clientId = service.clients().find(client => client.callbacks.length > 0)!.client_id;
			const tickets: string[] = [];
			const errors: string[] = [];
			const fail = async (attempt: Promise<unknown>) => {
				try {
					await attempt;
					throw new Error('expected a refusal');
				} catch (error) {
					errors.push(error instanceof Error ? `${error.message} ${JSON.stringify(error)}` : String(error));
				}
			};

			for (const [index, password] of right.entries()) {
				const email = `secret-${index}@example.com`;
				const user = await service.createUser({email, password, repeatPassword: password, connection});
				await fail(service.createUser({email: `other-${index}@example.com`, password, repeatPassword: wrong[index]!, connection}));
				await fail(service.createUser({email, password, repeatPassword: password, connection}));
				await service.signIn({email, password, clientId});
				await fail(service.signIn({email, password: wrong[index]!, clientId}));
				const ticket = await service.impersonate(user.user_id, clientId);
				const secret = new URL(ticket.url).searchParams.get('userdeck_ticket')!;
				tickets.push(secret);
				await service.redeemTicket(ticket.url, clientId);
				await fail(service.redeemTicket(ticket.url, clientId));
				// Change Password: refused (the repeat differs), then done; the old hash goes to the history.
				await fail(service.changePassword(user.user_id, {password: changed[index]!, repeatPassword: wrong[index]!}));
				await service.changePassword(user.user_id, {password: changed[index]!, repeatPassword: changed[index]!});
			}

			const secrets = [...right, ...wrong, ...tickets, ...changed];
			const before = leaks(storeFiles(copy), secrets);
			await copy.store.compact();
			const after = leaks(storeFiles(copy), secrets);
			const inLogs = leaks(JSON.stringify([...copy.store.tables.logs.values()]), secrets);
			const inErrors = leaks(errors.join('\n'), secrets);
			const inProfiles = leaks(JSON.stringify([...copy.store.tables.users.values()]), secrets);
			figure('secret hygiene (service): passwords and tickets', `${right.length} right + ${wrong.length} wrong passwords, ${tickets.length} tickets`);
			figure('secret hygiene (service): found in store files before / after compaction, logs, profiles, error text', `${before.length} / ${after.length} / ${inLogs.length} / ${inProfiles.length} / ${inErrors.length}`);
			expect({before, after, inLogs, inProfiles, inErrors}).toEqual({before: [], after: [], inLogs: [], inProfiles: [], inErrors: []});
			// The checks can see a secret: the hash table holds argon2 strings, and the journal held the users.
			expect(storeFiles(copy)).toContain('$argon2id$');
			expect(storeFiles(copy)).toContain('secret-0@example.com');
		} finally {
			await copy.cleanup();
		}
	}, scaled(120_000, 1_800_000));
});

describe('through the CLI', () => {
	it('prints no password, hash or ticket but the one-time URL itself', async () => {
		const copy = await copyStore(template);
		const store = copy.file;
		await copy.store.close();
		const run = (args: string[], input?: string) => {
			const result = spawnSync(process.execPath, [cli, ...args, '--store', store], {input, encoding: 'utf8', env: {...process.env, USERDECK_STORE: ''}});
			return {code: result.status, out: `${result.stdout}\n${result.stderr}`, stdout: result.stdout};
		};

		try {
			const count = scaled(1, 20);
			const right = passwords(count, 3);
			const wrong = passwords(count, 4);
			const clientId = (JSON.parse(run(['clients', 'list', '--json']).stdout) as Array<{client_id: string}>)[0]!.client_id;
			const outputs: string[] = [];
			const tickets: string[] = [];
			for (const [index, password] of right.entries()) {
				const email = `cli-${index}@example.com`;
				const created = run(['users', 'create', '--email', email, '--connection', connection, '--password-stdin', '--json'], password);
				expect(created.code, created.out).toBe(0);
				outputs.push(created.out);
				const {user_id: id} = JSON.parse(created.stdout) as {user_id: string};
				// The same password given with --password: still never printed.
				outputs.push(run(['users', 'create', '--email', `flag-${index}@example.com`, '--connection', connection, '--password', password]).out);
				const login = run(['login', '--email', email, '--client', clientId, '--password-stdin'], password);
				expect(login.code, login.out).toBe(0);
				outputs.push(login.out);
				const refused = run(['login', '--email', email, '--client', clientId, '--password-stdin'], wrong[index]);
				expect(refused.code).toBe(1);
				outputs.push(refused.out);
				// The URL is the point of this command: its output is the one place the ticket may appear.
				const issued = run(['users', 'impersonate', id, '--client', clientId, '--json']);
				expect(issued.code, issued.out).toBe(0);
				const {url} = JSON.parse(issued.stdout) as {url: string};
				tickets.push(new URL(url).searchParams.get('userdeck_ticket')!);
				outputs.push(run(['tickets', 'redeem', url, '--client', clientId]).out);
				const replay = run(['tickets', 'redeem', url, '--client', clientId]);
				expect(replay.code).toBe(1);
				outputs.push(replay.out);
				const changed = run(['users', 'password', id, '--password-stdin', '--json'], wrong[index]);
				expect(changed.code, changed.out).toBe(0);
				outputs.push(changed.out, run(['users', 'password', id, '--password-stdin'], `${right[index]!}x`).out);
				outputs.push(run(['users', 'show', id]).out, run(['users', 'logs', id, '--json']).out);
			}

			outputs.push(run(['users', 'list', '--json']).out);
			// Exports: every field of every profile, as NDJSON and as CSV with the identities.
			const ndjson = run(['users', 'export']);
			expect(ndjson.code, ndjson.out).toBe(0);
			expect(ndjson.stdout).toContain('cli-0@example.com');
			const csv = run(['users', 'export', '--format', 'csv', '--fields', 'user_id,email,name,identities[0].connection,app_metadata,user_metadata,last_ip']);
			expect(csv.code, csv.out).toBe(0);
			outputs.push(ndjson.out, csv.out);
			const all = outputs.join('\n');
			const found = leaks(all, [...right, ...wrong, ...tickets]);
			figure('secret hygiene (CLI): commands run, secrets found in their output', `${outputs.length} commands, ${found.length} of ${right.length * 2 + tickets.length} secrets`);
			expect(found).toEqual([]);
			expect(all).not.toContain('$argon2');
			expect(all).toContain('cli-0@example.com');
		} finally {
			await copy.cleanup();
		}
	}, scaled(120_000, 1_800_000));
});

describe('through the console', () => {
	it('never draws the password, nor the ticket outside its popup', async () => {
		const copy = await copyStore(template);
		const service = new UsersService({store: copy.store, actor: testActor, hasher: argon2Hasher});
		const ports = mockPorts();
		const deck = renderDeck(service, {ports});
		try {
			const [password] = passwords(1, 5);
			const wrongRepeat = `${password!}x`;
			await deck.waitForFrame('Sorted by');
			deck.press('list.create');
			await deck.waitForFrame('Repeat Password');
			deck.type('console@example.com');
			deck.stdin.write(keys.tab);
			deck.type(password!);
			deck.stdin.write(keys.tab);
			// First a repeat that does not match: the error must not quote either password.
			deck.type(wrongRepeat);
			deck.stdin.write(keys.ctrlS);
			await deck.waitForFrame('Not created');
			for (let index = 0; index < [...wrongRepeat].length; index++) {
				deck.stdin.write(keys.backspace);
			}

			deck.type(password!);
			deck.stdin.write(keys.ctrlS);
			await deck.waitForFrame('User Identity', 10_000);
			const user = copy.store.userByEmail(connection, 'console@example.com')!;
			deck.stdin.write('5');
			await deck.waitForFrame('"user_id"');
			deck.stdin.write('a');
			await deck.waitForFrame('Sign in as User');
			deck.stdin.write('j');
			deck.stdin.write(keys.enter);
			await deck.waitForFrame('Choose the application');
			deck.stdin.write(keys.enter);
			await deck.waitForFrame('One-time URL for');
			deck.stdin.write('y');
			await until(() => ports.copy.mock.calls.length > 0);
			deck.stdin.write(keys.escape);
			await until(() => deck.deck.navigation.getState().overlay === undefined);
			await deck.waitForFrame('1 Details');

			const secret = [...copy.store.tables.tickets.values()].find(ticket => ticket.user_id === user.user_id);
			const url = ports.copy.mock.calls[0]![0];
			const ticket = new URL(url).searchParams.get('userdeck_ticket')!;
			expect(secret).toBeDefined();
			const frames = deck.frames;
			const withPassword = frames.filter(frame => leaks(frame, [password!, wrongRepeat]).length > 0);
			const withHash = frames.filter(frame => frame.includes('$argon2'));
			// The popup shows the URL cut into rows: look for a piece of the ticket too.
			const withTicket = frames.filter(frame => frame.includes(ticket.slice(0, 16)) || frame.includes(ticket.slice(-16)));
			const outsidePopup = withTicket.filter(frame => !frame.includes('One-time URL for'));
			figure('secret hygiene (console): frames drawn, with the password, with the hash, with the ticket outside its popup', `${frames.length}, ${withPassword.length}, ${withHash.length}, ${outsidePopup.length} (${withTicket.length} popup frames show it)`);
			expect(withPassword).toEqual([]);
			expect(withHash).toEqual([]);
			expect(outsidePopup).toEqual([]);
			expect(withTicket.length).toBeGreaterThan(0);
			expect(ports.copy.mock.calls.map(([text]) => text).filter(text => text.includes(password!))).toEqual([]);
		} finally {
			deck.unmount();
			await copy.cleanup();
		}
	}, 60_000);
});
