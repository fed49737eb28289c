// One-time "Sign in as User" URLs (issue 6; RFC 6749's rules for one-time
// codes: short-lived, single use, bound to a client): issued secrets are
// unique; replayed, expired, wrong-application, malformed and guessed tickets
// are refused every time; and two processes redeeming the same tickets at
// once redeem each exactly once.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Client} from '../../source/domain/types.js';
import {newTicketSecret} from '../../source/services/ids.js';
import {hashTicket, TICKET_LIFETIME_MS, UsersService} from '../../source/services/users-service.js';
import {Store} from '../../source/store/store.js';
import {fakeHasher, testActor} from '../support/fakes.js';
import {bundleService} from './support/child-bundle.js';
import {figure, scaled} from './support/scale.js';
import {copyStore, makeTemplate, type StoreCopy, type Template} from './support/store-copy.js';
import {until} from './support/until.js';

const connection = 'Username-Password-Authentication';
const ticketShape = /^[\w-]{43}$/;

let template: Template;
let copy: StoreCopy;
let service: UsersService;
let clock: Date;
let app: Client;
let other: Client;
let userId: string;

beforeAll(async () => {
	template = await makeTemplate(3);
	copy = await copyStore(template);
	clock = new Date('2026-11-25T12:00:00.000Z');
	service = new UsersService({store: copy.store, actor: testActor, hasher: fakeHasher, now: () => clock});
	app = service.clients().find(client => client.callbacks.length > 0 && service.connectionByName(connection)?.enabled_clients.includes(client.client_id))!;
	// A second application with a callback, also enabled on the connection: a ticket for one must not work for the other.
	await copy.store.transact(tx => {
		tx.put('clients', {client_id: 'cli_other_app', name: 'Other App', app_type: 'spa', callbacks: ['https://other.example/callback']});
		const db = service.connectionByName(connection)!;
		tx.put('connections', {...db, enabled_clients: [...db.enabled_clients, 'cli_other_app']});
	});
	other = service.client('cli_other_app')!;
	userId = (await service.createUser({email: 'target@example.com', password: 'Sturdy-Pass-42!', repeatPassword: 'Sturdy-Pass-42!', connection})).user_id;
}, 60_000);

afterAll(async () => {
	await copy?.cleanup();
	await template?.cleanup();
});

/** How many of the attempts were accepted. */
async function accepted(attempts: ReadonlyArray<() => Promise<unknown>>): Promise<number> {
	let count = 0;
	for (const attempt of attempts) {
		try {
			await attempt();
			count++;
		} catch (error) {
			expect((error as {code?: string}).code).toBe('AUTH');
		}
	}

	return count;
}

const secretOf = (url: string) => new URL(url).searchParams.get('userdeck_ticket')!;

describe('issued secrets', () => {
	it('are unique: 100,000 from the generator, and every ticket the service issues', async () => {
		const generated = new Set<string>();
		for (let index = 0; index < 100_000; index++) {
			generated.add(newTicketSecret());
		}

		const malformed = [...generated].filter(secret => !ticketShape.test(secret) || Buffer.from(secret, 'base64url').length !== 32);
		const issued: string[] = [];
		for (let index = 0; index < scaled(200, 2000); index++) {
			issued.push(secretOf((await service.impersonate(userId, app.client_id)).url));
		}

		figure('one-time URLs: distinct secrets from newTicketSecret()', `${generated.size.toLocaleString('en-US')} of 100,000 (256 bits each)`);
		figure('one-time URLs: distinct secrets from service.impersonate', `${new Set(issued).size} of ${issued.length}`);
		expect(generated.size).toBe(100_000);
		expect(malformed).toEqual([]);
		expect(new Set(issued).size).toBe(issued.length);
		expect(issued.every(secret => !generated.has(secret))).toBe(true);
		// Only the SHA-256 is stored, never the secret.
		expect(issued.every(secret => copy.store.tables.tickets.has(hashTicket(secret)))).toBe(true);
		expect(JSON.stringify([...copy.store.tables.tickets.values()])).not.toContain(issued[0]);
	}, 120_000);
});

describe('tickets that must not work', () => {
	it('refuses every replayed, expired, wrong-application, malformed and guessed ticket', async () => {
		const tally: Record<string, {accepted: number; tried: number}> = {};
		const count = async (name: string, attempts: ReadonlyArray<() => Promise<unknown>>) => {
			tally[name] = {accepted: await accepted(attempts), tried: attempts.length};
		};

		// Replayed: each works once, then never again.
		const replayed = [];
		for (let index = 0; index < scaled(50, 500); index++) {
			const {url} = await service.impersonate(userId, app.client_id);
			await service.redeemTicket(url, app.client_id);
			replayed.push(async () => service.redeemTicket(url, app.client_id), async () => service.redeemTicket(secretOf(url), app.client_id));
		}

		await count('replayed', replayed);

		// Expired: two minutes later, by the service's clock; just before that, it still works.
		const expiring = await service.impersonate(userId, app.client_id);
		const justInTime = await service.impersonate(userId, app.client_id);
		clock = new Date(clock.getTime() + TICKET_LIFETIME_MS - 1);
		expect((await service.redeemTicket(justInTime.url, app.client_id)).user_id).toBe(userId);
		clock = new Date(clock.getTime() + 1);
		await count('expired', [async () => service.redeemTicket(expiring.url, app.client_id)]);
		const late = await service.impersonate(userId, app.client_id);
		clock = new Date(clock.getTime() + 24 * 3600 * 1000);
		await count('expired a day ago', [async () => service.redeemTicket(late.url, app.client_id)]);

		// Wrong application: another real one, an unknown one, the right one in another case.
		const bound = await service.impersonate(userId, app.client_id);
		await count('wrong application', [
			async () => service.redeemTicket(bound.url, other.client_id),
			async () => service.redeemTicket(bound.url, 'cli_unknown'),
			async () => service.redeemTicket(bound.url, app.client_id.toUpperCase() === app.client_id ? app.client_id.toLowerCase() : app.client_id.toUpperCase()),
			async () => service.redeemTicket(bound.url, ''),
		]);
		// Still unused: the refusals did not spend it, and the right application can use it.
		expect((await service.redeemTicket(bound.url, app.client_id)).user_id).toBe(userId);

		// Malformed: near misses of a live ticket, and things that are not tickets at all.
		const live = await service.impersonate(userId, app.client_id);
		const secret = secretOf(live.url);
		const flipped = [...secret].map(char => (char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase())).join('');
		await count('malformed', [
			'',
			' ',
			'null',
			secret.slice(0, 42),
			`${secret}A`,
			`${secret.slice(0, 42)}*`,
			`${secret.slice(0, 42)}+`,
			`${secret.slice(0, 42)}/`,
			`${secret}\u0000`,
			`${secret.slice(0, 42)}\u0430`,
			flipped,
			hashTicket(secret),
			Buffer.from(secret, 'base64url').toString('hex'),
			Buffer.from(secret, 'base64url').toString('base64'),
			live.url.replace('userdeck_ticket', 'ticket'),
			live.url.replace(/userdeck_ticket=[^&]*/, 'userdeck_ticket='),
			'https://app.example/callback?userdeck_ticket=',
			'javascript:alert(1)',
			`file:///etc/passwd?userdeck_ticket=${secret.slice(1)}x`,
			'https://[bad',
		].map(text => async () => service.redeemTicket(text, app.client_id)));
		expect((await service.redeemTicket(live.url, app.client_id)).user_id).toBe(userId);

		// Guessed: random tickets of the right shape.
		const guesses = Array.from({length: scaled(300, 10_000)}, () => newTicketSecret());
		await count('guessed', guesses.map(guess => async () => service.redeemTicket(guess, app.client_id)));

		// A blocked or deleted user's ticket.
		const blockedTicket = await service.impersonate(userId, app.client_id);
		await service.blockUser(userId);
		await count('user blocked after issue', [async () => service.redeemTicket(blockedTicket.url, app.client_id)]);
		await service.unblockUser(userId);
		const doomed = (await service.createUser({email: 'doomed@example.com', password: 'Sturdy-Pass-42!', repeatPassword: 'Sturdy-Pass-42!', connection})).user_id;
		const orphan = await service.impersonate(doomed, app.client_id);
		await service.deleteUser(doomed);
		await count('user deleted after issue', [async () => service.redeemTicket(orphan.url, app.client_id)]);

		for (const [name, {accepted: yes, tried}] of Object.entries(tally)) {
			figure(`one-time URLs: ${name} accepted`, `${yes} of ${tried.toLocaleString('en-US')}`);
		}

		expect(Object.fromEntries(Object.entries(tally).map(([name, {accepted: yes}]) => [name, yes]))).toEqual(Object.fromEntries(Object.keys(tally).map(name => [name, 0])));
	}, scaled(60_000, 1_800_000));
});

describe('two processes redeeming the same tickets at once', () => {
	it('redeem each exactly once', async () => {
		const tickets = scaled(50, 1000);
		const urls: string[] = [];
		// Issued with the real clock: the children redeem with it.
		const issuer = new UsersService({store: copy.store, actor: testActor, hasher: fakeHasher});
		for (let index = 0; index < tickets; index++) {
			urls.push((await issuer.impersonate(userId, app.client_id)).url);
		}

		const dir = path.dirname(copy.file);
		const urlsFile = path.join(dir, 'urls.json');
		writeFileSync(urlsFile, JSON.stringify(urls));
		const bundle = await bundleService(dir);
		const script = `
			import {readFileSync} from 'node:fs';
			import {Store, UsersService, fakeHasher} from ${JSON.stringify(bundle)};
			const [file, urlsFile, clientId, name] = process.argv.slice(1);
			const store = await Store.open({path: file, lockTimeoutMs: 120000});
			const service = new UsersService({store, actor: {user_id: 'app|' + name, email: name + '@app.example'}, hasher: fakeHasher});
			// Both children have loaded the store; they start together when the parent says so.
			process.stdout.write('ready\\n');
			await new Promise(resolve => process.stdin.once('data', resolve));
			const redeemed = [];
			let refused = 0;
			const errors = [];
			for (const url of JSON.parse(readFileSync(urlsFile, 'utf8'))) {
				try {
					await service.redeemTicket(url, clientId);
					redeemed.push(url);
				} catch (error) {
					if (error.code === 'AUTH') refused++; else errors.push(String(error));
				}
			}
			await store.close();
			process.stdout.write(JSON.stringify({redeemed, refused, errors}));
			process.exit(0);
		`;
		const children = ['first', 'second'].map(name => {
			const child = spawn(process.execPath, ['--input-type=module', '-e', script, copy.file, urlsFile, app.client_id, name], {stdio: ['pipe', 'pipe', 'pipe']});
			let output = '';
			let errors = '';
			child.stdout.on('data', (chunk: Buffer) => {
				output += chunk.toString();
			});
			child.stderr.on('data', (chunk: Buffer) => {
				errors += chunk.toString();
			});
			const exited = once(child, 'exit');
			return {
				child,
				ready: until(() => output.startsWith('ready\n') || (child.exitCode !== null ? 'exited' : undefined), {timeout: 30_000}),
				async result() {
					const [code] = await exited;
					expect(errors).toBe('');
					expect(code).toBe(0);
					return JSON.parse(output.slice('ready\n'.length)) as {redeemed: string[]; refused: number; errors: string[]};
				},
			};
		});
		await Promise.all(children.map(async ({ready}) => ready));
		const started = performance.now();
		for (const {child} of children) {
			child.stdin.write('go\n');
		}

		const [first, second] = await Promise.all(children.map(async ({result}) => result()));
		const ms = performance.now() - started;

		const both = first!.redeemed.filter(url => second!.redeemed.includes(url));
		const union = new Set([...first!.redeemed, ...second!.redeemed]);
		await copy.store.refresh();
		const reloaded = await Store.open({path: copy.file, create: false});
		const unused = urls.filter(url => !reloaded.tables.tickets.get(hashTicket(secretOf(url)))?.used_at);
		await reloaded.close();
		figure('one-time URLs: concurrent redemption', `2 processes × ${tickets} tickets: ${first!.redeemed.length} + ${second!.redeemed.length} redeemed, ${both.length} twice, ${tickets - union.size} never, ${first!.refused + second!.refused} refusals, in ${(ms / 1000).toFixed(1)} s`);
		expect([...first!.errors, ...second!.errors]).toEqual([]);
		expect(both).toEqual([]);
		expect(union.size).toBe(tickets);
		expect(first!.refused + second!.refused).toBe(tickets);
		expect(unused).toEqual([]);
	}, scaled(120_000, 1_800_000));
});
