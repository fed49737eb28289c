// The writes issue 18 added, over a live tenant (the Auth0 test double,
// through the real `auth0` SDK): Change Password and Change Email as PATCH
// /users/{id} with the server's refusals on the form's fields, batches as one
// call per user (mixed outcomes, a burst of 429s, a failing user, a missing
// scope, Esc), and the export of marked users. Rate-limit waits go through an
// injected sleep that returns at once: nothing here waits for the clock.
import {mkdtemp, readFile, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {tenantBatchIdNote} from '../../source/live/tenant-batch.js';
import type {TenantUsersService} from '../../source/live/tenant-users-service.js';
import {settled} from '../../source/services/users-api.js';
import type {BatchProgress} from '../../source/services/user-batch.js';
import {allScopes, type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {openOnDouble} from '../support/double-service.js';
import {userdeckFailure} from '../support/rejection.js';

const database = 'Username-Password-Authentication';
let double: Auth0Double;
let folder: string;
const sleeps: number[] = [];
const opened: TenantUsersService[] = [];

async function open(): Promise<TenantUsersService> {
	const service = await openOnDouble(double, {
		sleep: async ms => {
			sleeps.push(ms);
		},
	});
	opened.push(service);
	return service;
}

const failure = userdeckFailure;

/** Database users of the double, each used by one test only. */
const taken = new Set<string>();
function databaseUsers(count: number, filter: (user: User) => boolean = () => true): User[] {
	const users = [...double.users.values()].filter(user => user.identities[0]?.connection === database && !taken.has(user.user_id) && filter(user)).slice(0, count);
	if (users.length < count) {
		throw new Error('the double has too few database users');
	}

	for (const user of users) {
		taken.add(user.user_id);
	}

	return users;
}

/** A user opened in the console: its profile and the connections loaded. */
async function opening(service: TenantUsersService, user: User): Promise<void> {
	await settled(service, () => service.userState(user.user_id));
	await settled(service, () => service.connectionsState());
}

function patches(userId: string): number {
	return double.requests.filter(request => request.method === 'PATCH' && request.path === `/api/v2/users/${encodeURIComponent(userId)}`).length;
}

beforeAll(async () => {
	double = await startAuth0Double({users: 120});
	folder = await mkdtemp(path.join(tmpdir(), 'userdeck-tenant-writes-'));
});

afterEach(() => {
	double.controls.clearFaults();
	double.controls.scopes = [...allScopes];
	double.controls.searchLagMs = 0;
	sleeps.length = 0;
	for (const service of opened.splice(0)) {
		service.close();
	}
});

afterAll(async () => {
	await double?.close();
	await rm(folder, {recursive: true, force: true});
});

describe('Change Password on a tenant', () => {
	it('offers it for a database user under the connection\'s policy, and not for a social one', async () => {
		const service = await open();
		const [user] = databaseUsers(1);
		await opening(service, user!);
		const options = service.passwordChangeOptions(user!.user_id);
		expect(options.allowed && options.connection.name).toBe(database);
		expect(options.allowed && options.connection.options?.password_history).toEqual({enable: true, size: 5});
		const social = [...double.users.values()].find(candidate => candidate.identities[0]?.provider !== 'auth0')!;
		await opening(service, social);
		const refused = service.passwordChangeOptions(social.user_id);
		expect(refused.allowed).toBe(false);
		expect(!refused.allowed && refused.reason).toContain('not a database connection');
	});

	it('sends the password with its connection, then lands Auth0\'s history refusal on the password field', async () => {
		const service = await open();
		const [user] = databaseUsers(1);
		await opening(service, user!);
		expect(service.changePasswordErrors(user!.user_id, {password: 'abc', repeatPassword: 'abd'})).toMatchObject({password: expect.any(Array), repeatPassword: ['Passwords do not match']});
		const fresh = 'Walrus-Lantern-77-Kite';
		const changing = service.changePassword(user!.user_id, {password: fresh, repeatPassword: fresh});
		const changed = await changing;
		expect(changed.last_password_reset).toBeDefined();
		expect(double.users.get(user!.user_id)?.last_password_reset).toBe(changed.last_password_reset);
		expect(service.pendingWrite(user!.user_id)).toBeUndefined();
		// The local policy check passes; the history is Auth0's to check.
		const reused = await failure(service.changePassword(user!.user_id, {password: fresh, repeatPassword: fresh}));
		expect(reused.code).toBe('VALIDATION');
		expect(reused.message).toBe('PasswordHistoryError: Password has previously been used');
		expect(reused.fields).toEqual({password: ['Password has previously been used']});
		expect(JSON.stringify(reused)).not.toContain(fresh);
		// No userdeck event: the only new events are Auth0's own sapi records.
		expect(double.tenant.logsOf(user!.user_id).filter(event => event.type !== 'sapi' && Date.parse(event.date) >= Date.parse(changed.last_password_reset!))).toEqual([]);
	});

	it('puts a PasswordStrengthError the server sends on the password field', async () => {
		const service = await open();
		const [user] = databaseUsers(1);
		await opening(service, user!);
		double.controls.failNext(1, {status: 400, method: 'PATCH', body: {statusCode: 400, error: 'Bad Request', message: 'PasswordStrengthError: Password is too weak'}});
		const good = 'Otter-Harbour-93-Lamp';
		const refused = await failure(service.changePassword(user!.user_id, {password: good, repeatPassword: good}));
		expect(refused.fields.password).toEqual(['Password is too weak']);
		// Refused before a request is spent: the policy and the repeat.
		const before = patches(user!.user_id);
		const weak = await failure(service.changePassword(user!.user_id, {password: 'abc', repeatPassword: 'abc'}));
		expect(weak.fields.password?.length).toBeGreaterThan(0);
		expect(patches(user!.user_id)).toBe(before);
	});
});

describe('Change Email on a tenant', () => {
	it('sends the email with email_verified and the connection, and sends nothing when it is already so', async () => {
		const service = await open();
		const [user] = databaseUsers(1);
		await opening(service, user!);
		const {user: changed, changed: wasChanged} = await service.changeEmail(user!.user_id, {email: ' Renamed.Person@Example.com ', verified: true});
		expect(wasChanged).toBe(true);
		expect(changed).toMatchObject({email: 'renamed.person@example.com', email_verified: true});
		expect(double.users.get(user!.user_id)).toMatchObject({email: 'renamed.person@example.com', email_verified: true});
		expect(service.user(user!.user_id)?.email).toBe('renamed.person@example.com');
		const before = patches(user!.user_id);
		const again = await service.changeEmail(user!.user_id, {email: 'renamed.person@example.com', verified: true});
		expect(again.changed).toBe(false);
		expect(patches(user!.user_id)).toBe(before);
	});

	it('lands "The specified new email already exists" and a bad format on the email field', async () => {
		const service = await open();
		const [user, other] = databaseUsers(2, candidate => candidate.email !== undefined);
		await opening(service, user!);
		const taken = await failure(service.changeEmail(user!.user_id, {email: other!.email!, verified: false}));
		expect(taken.fields).toEqual({email: ['The specified new email already exists']});
		expect(double.users.get(user!.user_id)?.email).toBe(user!.email);
		const format = await failure(service.changeEmail(user!.user_id, {email: 'not-an-email'}));
		expect(format.fields.email?.length).toBe(1);
	});
});

describe('batches on a tenant', () => {
	it('blocks users one call each, a few at a time, through a burst of 429s, with each user\'s outcome', async () => {
		const service = await open();
		const users = databaseUsers(12, candidate => !candidate.blocked);
		const [already, failing] = users;
		double.users.set(already!.user_id, {...double.users.get(already!.user_id)!, blocked: true});
		const missing = 'auth0|nobody-here';
		double.controls.failNext(1, {status: 500, method: 'PATCH', path: `/api/v2/users/${encodeURIComponent(failing!.user_id)}`});
		double.controls.rateLimit({requests: 6, retryAfterSeconds: 2});
		const progress: BatchProgress[] = [];
		const ids = [...users.map(user => user.user_id), missing];
		const result = await service.runBatch('block', ids, {onProgress(step) {
			progress.push(step);
		}});
		expect(result).toMatchObject({action: 'block', total: 13, processed: 13, succeeded: 10, unchanged: 1, failed: 2, notRun: [], cancelled: false, stopped: undefined, batchIdNote: tenantBatchIdNote});
		expect(result.batchId).toMatch(/^batch_/);
		expect(result.failures.map(item => item.userId).sort()).toEqual([failing!.user_id, missing].sort());
		expect(result.failures.find(item => item.userId === failing!.user_id)?.reason).toContain('answered 500 while updating the user');
		expect(result.failures.find(item => item.userId === missing)?.reason).toContain('does not exist');
		expect(new Set(result.doneIds)).toEqual(new Set(users.filter(user => user !== failing).map(user => user.user_id)));
		for (const user of users) {
			expect(double.users.get(user.user_id)?.blocked ?? false).toBe(user !== failing);
		}

		// The 429s were waited out (the injected sleep), and the already-blocked user got no PATCH.
		expect(sleeps.length).toBeGreaterThan(0);
		expect(patches(already!.user_id)).toBe(0);
		expect(progress.at(-1)).toMatchObject({total: 13, processed: 13});
		expect(progress.map(step => step.processed)).toEqual([...progress.map(step => step.processed)].sort((a, b) => a - b));
		expect(service.user(users[3]!.user_id)?.blocked).toBe(true);
	});

	it('never has more than 4 calls in flight', async () => {
		const service = await open();
		const users = databaseUsers(10, candidate => !candidate.blocked);
		let inFlight = 0;
		let most = 0;
		const observe = double.requests.length;
		double.controls.latencyMs = 20;
		try {
			const result = await service.runBatch('delete', users.map(user => user.user_id));
			expect(result).toMatchObject({succeeded: 10, failed: 0});
		} finally {
			double.controls.latencyMs = 0;
		}

		// Rebuild the overlap from arrival times and durations.
		const calls = double.requests.slice(observe).filter(request => request.method === 'DELETE');
		const edges = calls.flatMap(call => [{at: call.time, delta: 1}, {at: call.time + (call.durationMs ?? 0), delta: -1}]).sort((a, b) => a.at - b.at || a.delta - b.delta);
		for (const edge of edges) {
			inFlight += edge.delta;
			most = Math.max(most, inFlight);
		}

		expect(calls).toHaveLength(10);
		expect(most).toBeLessThanOrEqual(4);
		for (const user of users) {
			expect(double.users.has(user.user_id)).toBe(false);
			expect(service.user(user.user_id)).toBeUndefined();
		}
	});

	it('stops on Esc with every user done or untouched, and a rerun finishes the rest', async () => {
		const service = await open();
		const users = databaseUsers(16, candidate => !candidate.blocked);
		const ids = users.map(user => user.user_id);
		const controller = new AbortController();
		const result = await service.runBatch('block', ids, {signal: controller.signal, onProgress() {
			controller.abort();
		}});
		expect(result.cancelled).toBe(true);
		expect(result.notRun.length).toBeGreaterThan(0);
		expect(result.doneIds.length + result.failures.length + result.notRun.length).toBe(16);
		for (const id of result.doneIds) {
			expect(double.users.get(id)?.blocked).toBe(true);
		}

		const rerun = await service.runBatch('block', result.notRun);
		expect(rerun).toMatchObject({cancelled: false, failed: 0, notRun: []});
		expect(ids.every(id => double.users.get(id)?.blocked === true)).toBe(true);
	});

	it('stops at a missing scope instead of failing every user the same way', async () => {
		double.controls.scopes = allScopes.filter(scope => scope !== 'delete:users');
		const service = await open();
		const users = databaseUsers(9);
		const result = await service.runBatch('delete', users.map(user => user.user_id));
		expect(result.stopped).toContain('delete:users');
		expect(result.cancelled).toBe(false);
		expect(result.succeeded).toBe(0);
		expect(result.notRun).toHaveLength(9);
		expect(users.every(user => double.users.has(user.user_id))).toBe(true);
	});
});

describe('export of marked users on a tenant', () => {
	it('writes each user as the server has it (not a lagging search hit) to a new 0600 file, leaving out users gone', async () => {
		double.controls.searchLagMs = Number.POSITIVE_INFINITY;
		const service = await open();
		const users = databaseUsers(6);
		await service.updateMetadata(users[2]!.user_id, {exported: 'fresh'});
		const file = path.join(folder, 'marked.ndjson');
		const written = await service.exportUsers([...users.map(user => user.user_id), 'auth0|gone-already'], file);
		expect(written).toEqual({file, count: 6});
		expect((await stat(file)).mode & 0o777).toBe(0o600);
		const lines = (await readFile(file, 'utf8')).trim().split('\n').map(line => JSON.parse(line) as User);
		expect(lines.map(user => user.user_id)).toEqual(users.map(user => user.user_id));
		expect(lines[2]?.user_metadata?.['exported']).toBe('fresh');
		const again = await failure(service.exportUsers([users[0]!.user_id], file));
		expect(again.code).toBe('CONFLICT');
		const csv = path.join(folder, 'marked.csv');
		await service.exportUsers([users[0]!.user_id], csv);
		expect((await readFile(csv, 'utf8')).split('\n')[1]).toContain(users[0]!.user_id);
	});
});
