// Audit (issue 6): every admin action, succeeding or failing, writes exactly
// one log event that says who did what to whom, how it ended and when
// (OWASP's logging cheat sheet). Sign-in attempts are not admin actions, but
// each one is logged exactly once too.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {LogEvent} from '../../source/domain/types.js';
import {importUsers} from '../../source/services/import-users.js';
import {UsersService} from '../../source/services/users-service.js';
import {fakeHasher, testActor} from '../support/fakes.js';
import {figure} from './support/scale.js';
import {copyStore, makeTemplate, type StoreCopy} from './support/store-copy.js';
import {openStoredLog} from '../../source/store/sealed-log.js';

const clock = new Date('2026-11-25T12:00:00.000Z');
const connection = 'Username-Password-Authentication';
const password = 'Sturdy-Pass-42!';

let copy: StoreCopy;
let service: UsersService;
let cleanupTemplate: () => Promise<void>;

beforeEach(async () => {
	const template = await makeTemplate(3);
	cleanupTemplate = template.cleanup;
	copy = await copyStore(template);
	service = new UsersService({store: copy.store, actor: testActor, hasher: fakeHasher, now: () => clock});
});

afterEach(async () => {
	await copy.cleanup();
	await cleanupTemplate();
});

const clientId = () => service.clients().find(client => client.callbacks.length > 0 && service.connectionByName(connection)?.enabled_clients.includes(client.client_id))!.client_id;

async function createUser(email: string) {
	return service.createUser({email, password, repeatPassword: password, connection});
}

/** The events an operation added; the operation's error, if any, is returned, not thrown. */
async function eventsOf(operation: () => Promise<unknown>): Promise<{events: LogEvent[]; error: unknown}> {
	const before = new Set(copy.store.tables.logs.keys());
	let error: unknown;
	try {
		await operation();
	} catch (caught) {
		error = caught;
	}

	return {events: [...copy.store.tables.logs.values()].map(log => openStoredLog(log)).filter(event => !before.has(event.log_id)), error};
}

type AdminCase = {
	readonly name: string;
	readonly result: 'success' | 'failure';
	/** Prepares what the action needs; returns the action and its target (known only after it, for a new user). */
	readonly setup: () => Promise<{run: () => Promise<unknown>; target: string | (() => string); logged?: 'success' | 'failure'}>;
};

const adminCases: readonly AdminCase[] = [
	{name: 'create user', result: 'success', setup: async () => ({run: async () => createUser('new@example.com'), target: () => copy.store.userByEmail(connection, 'new@example.com')!.user_id})},
	{name: 'create user (invalid email)', result: 'failure', setup: async () => ({run: async () => createUser('not an email'), target: 'not an email'})},
	{name: 'create user (already exists)', result: 'failure', setup: async () => {
		await createUser('twice@example.com');
		return {run: async () => createUser('twice@example.com'), target: 'twice@example.com'};
	}},
	{name: 'block user', result: 'success', setup: async () => {
		const user = await createUser('block@example.com');
		return {run: async () => service.blockUser(user.user_id), target: user.user_id};
	}},
	{name: 'block user (no such user)', result: 'failure', setup: async () => ({run: async () => service.blockUser('auth0|nobody'), target: 'auth0|nobody'})},
	{name: 'unblock user', result: 'success', setup: async () => {
		const user = await createUser('unblock@example.com');
		await service.blockUser(user.user_id);
		return {run: async () => service.unblockUser(user.user_id), target: user.user_id};
	}},
	{name: 'unblock user (no such user)', result: 'failure', setup: async () => ({run: async () => service.unblockUser('auth0|nobody'), target: 'auth0|nobody'})},
	{name: 'delete user', result: 'success', setup: async () => {
		const user = await createUser('delete@example.com');
		return {run: async () => service.deleteUser(user.user_id), target: user.user_id};
	}},
	{name: 'delete user (no such user)', result: 'failure', setup: async () => ({run: async () => service.deleteUser('auth0|nobody'), target: 'auth0|nobody'})},
	{name: 'update user_metadata', result: 'success', setup: async () => {
		const user = await createUser('meta@example.com');
		return {run: async () => service.updateMetadata(user.user_id, {plan: 'pro'}), target: user.user_id};
	}},
	{name: 'update user_metadata (invalid key)', result: 'failure', setup: async () => {
		const user = await createUser('badmeta@example.com');
		return {run: async () => service.updateMetadata(user.user_id, {'a.b': 1}), target: user.user_id};
	}},
	{name: 'unlink device', result: 'success', setup: async () => {
		const user = await createUser('device@example.com');
		await copy.store.transact(tx => {
			tx.put('devices', {id: 'dcr_audit', device_name: 'Firefox', device_id: 'd1', type: 'refresh_token', user_id: user.user_id, client_id: clientId()});
		});
		return {run: async () => service.unlinkDevice(user.user_id, 'dcr_audit'), target: user.user_id};
	}},
	{name: 'unlink device (no such device)', result: 'failure', setup: async () => {
		const user = await createUser('nodevice@example.com');
		return {run: async () => service.unlinkDevice(user.user_id, 'dcr_missing'), target: user.user_id};
	}},
	{name: 'change password', result: 'success', setup: async () => {
		const user = await createUser('password@example.com');
		return {run: async () => service.changePassword(user.user_id, {password: 'Other-Pass-77!', repeatPassword: 'Other-Pass-77!'}), target: user.user_id};
	}},
	{name: 'change password (policy)', result: 'failure', setup: async () => {
		const user = await createUser('weakpassword@example.com');
		return {run: async () => service.changePassword(user.user_id, {password: 'short', repeatPassword: 'short'}), target: user.user_id};
	}},
	{name: 'change password (no such user)', result: 'failure', setup: async () => ({run: async () => service.changePassword('auth0|nobody', {password: 'Other-Pass-77!', repeatPassword: 'Other-Pass-77!'}), target: 'auth0|nobody'})},
	{name: 'change email', result: 'success', setup: async () => {
		const user = await createUser('email@example.com');
		return {run: async () => service.changeEmail(user.user_id, {email: 'email.new@example.com'}), target: user.user_id};
	}},
	{name: 'change email (taken)', result: 'failure', setup: async () => {
		const user = await createUser('email-a@example.com');
		await createUser('email-b@example.com');
		return {run: async () => service.changeEmail(user.user_id, {email: 'email-b@example.com'}), target: user.user_id};
	}},
	{name: 'sign in as user', result: 'success', setup: async () => {
		const user = await createUser('imp@example.com');
		return {run: async () => service.impersonate(user.user_id, clientId()), target: user.user_id};
	}},
	{name: 'sign in as user (blocked)', result: 'failure', setup: async () => {
		const user = await createUser('impblocked@example.com');
		await service.blockUser(user.user_id);
		return {run: async () => service.impersonate(user.user_id, clientId()), target: user.user_id};
	}},
	{name: 'redeem ticket', result: 'success', setup: async () => {
		const user = await createUser('redeem@example.com');
		const ticket = await service.impersonate(user.user_id, clientId());
		return {run: async () => service.redeemTicket(ticket.url, clientId()), target: user.user_id};
	}},
	{name: 'redeem ticket (used twice)', result: 'failure', setup: async () => {
		const user = await createUser('replay@example.com');
		const ticket = await service.impersonate(user.user_id, clientId());
		await service.redeemTicket(ticket.url, clientId());
		return {run: async () => service.redeemTicket(ticket.url, clientId()), target: user.user_id};
	}},
	{name: 'redeem ticket (malformed)', result: 'failure', setup: async () => ({run: async () => service.redeemTicket('not-a-ticket', clientId()), target: 'unknown ticket'})},
	// An import is one admin action per user written, and one for all the users it refused (reported, not thrown).
	{name: 'import user', result: 'success', setup: async () => ({run: async () => importUsers(service, [{email: 'imported@example.com'}], {connection}), target: () => copy.store.userByEmail(connection, 'imported@example.com')!.user_id})},
	{name: 'import user (upsert)', result: 'success', setup: async () => {
		const user = await createUser('upsert@example.com');
		return {run: async () => importUsers(service, [{email: 'upsert@example.com', name: 'Upserted'}], {connection, upsert: true}), target: user.user_id};
	}},
	{name: 'import user (already exists)', result: 'success', setup: async () => {
		await createUser('imported-twice@example.com');
		return {run: async () => importUsers(service, [{email: 'imported-twice@example.com'}], {connection}), target: connection, logged: 'failure'};
	}},
	{name: 'import users (every one refused: one event for the run)', result: 'success', setup: async () => {
		await createUser('taken@example.com');
		return {run: async () => importUsers(service, [{email: 'taken@example.com'}, {email: 'bad'}, 42, {email: 'TAKEN@example.com'}], {connection}), target: connection, logged: 'failure'};
	}},
	{name: 'import users (no such connection)', result: 'failure', setup: async () => ({run: async () => importUsers(service, [{email: 'a@example.com'}], {connection: 'Nope-DB'}), target: 'Nope-DB'})},
];

describe('each admin action writes exactly one event with actor, action, target, result and time', () => {
	const tally = {cases: 0, events: 0};
	it.each(adminCases)('$name', async ({name, result, setup}) => {
		const {run, target, logged = result} = await setup();
		const {events, error} = await eventsOf(run);
		expect(error === undefined, `${name} ${error === undefined ? 'succeeded' : `failed: ${String(error)}`}`).toBe(result === 'success');
		expect(events, `${name} wrote ${events.length} events: ${JSON.stringify(events.map(event => event.type))}`).toHaveLength(1);
		const [event] = events;
		expect(event!.date).toBe(clock.toISOString());
		expect(event!.details).toMatchObject({actor: testActor, result: logged});
		expect(typeof event!.details!['action']).toBe('string');
		expect(event!.details!['target']).toBe(typeof target === 'string' ? target : target());
		tally.cases++;
		tally.events += events.length;
	});

	it('reports the figures', () => {
		figure('audit: admin actions (success and failure) with exactly one complete event', `${tally.cases} of ${adminCases.length} (${tally.events} events)`);
		expect(tally.cases).toBe(adminCases.length);
	});
});

describe('each sign-in attempt writes exactly one event', () => {
	it.each([
		['right password', 's', async () => service.signIn({email: 'signin@example.com', password, clientId: clientId()})],
		['wrong password', 'fp', async () => service.signIn({email: 'signin@example.com', password: 'Wrong-Pass-42!', clientId: clientId()})],
		['unknown email', 'fu', async () => service.signIn({email: 'nobody@example.com', password, clientId: clientId()})],
		['blocked user', 'f', async () => {
			await service.blockUser(service.store.userByEmail(connection, 'signin@example.com')!.user_id);
			return service.signIn({email: 'signin@example.com', password, clientId: clientId()});
		}],
	] as const)('%s', async (_name, type, attempt) => {
		await createUser('signin@example.com');
		const {events} = await eventsOf(async () => {
			await attempt().catch(() => undefined);
		});
		// A blocked user's attempt also shows the block (sapi) written before it.
		const signIns = events.filter(event => event.type !== 'sapi');
		expect(signIns.map(event => event.type)).toEqual([type]);
		expect(signIns[0]!.date).toBe(clock.toISOString());
	});
});
