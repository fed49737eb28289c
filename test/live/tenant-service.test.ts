// The live backend against the Auth0 test double, through the real `auth0`
// SDK: reads that answer at once and land later, writes with the server's
// answer, errors in words an admin can act on (the missing scope, the time a
// rate limit ends), cancellation, and no secret in any message. Waits are for
// the service's own change notices, never for the clock: rate-limit waits go
// through an injected sleep that records them and returns at once.
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {openTenantService} from '../../source/live/open-tenant.js';
import type {TenantUsersService} from '../../source/live/tenant-users-service.js';
import {LiveError} from '../../source/live/live-error.js';
import type {TenantTarget} from '../../source/services/target.js';
import {type HistoryLoadable, type Loadable, settled, signInAsUserUnavailable} from '../../source/services/users-api.js';
import {allScopes, type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {userdeckFailure} from '../support/rejection.js';

let double: Auth0Double;
const sleeps: number[] = [];
const opened: TenantUsersService[] = [];

function target(overrides: Partial<TenantTarget> = {}): TenantTarget {
	return {kind: 'tenant', domain: double.domain, credentials: {kind: 'client-credentials', clientId: double.clientId, clientSecret: double.clientSecret}, ...overrides};
}

async function open(overrides: Partial<TenantTarget> = {}): Promise<TenantUsersService> {
	const service = await openTenantService(target(overrides), {
		source: 'console',
		sleep: async ms => {
			sleeps.push(ms);
		},
	});
	opened.push(service);
	return service;
}

/** Resolves once `read` is no longer loading (waiting for the service's notices). */
async function landed<T>(service: TenantUsersService, read: () => Loadable<T>): Promise<Loadable<T>> {
	await settled(service, read).catch(() => undefined);
	return read();
}

/** Resolves once the list has an answer (a page or an error) after what happens from now on. */
async function listSettles(service: TenantUsersService): Promise<void> {
	return new Promise(resolve => {
		const stop = service.subscribe(() => {
			if (service.remoteUsers.info().status !== 'loading') {
				stop();
				resolve();
			}
		});
	});
}

const failure = userdeckFailure;

function withEvents(): User {
	const user = [...double.users.values()].find(candidate =>
		(double.tenant.logs.get(candidate.user_id)?.length ?? 0) > 2
		&& [...double.tenant.devices.values()].some(device => device.user_id === candidate.user_id));
	if (!user) {
		throw new Error('the double has no user with events and devices');
	}

	return user;
}

beforeAll(async () => {
	double = await startAuth0Double({users: 150});
});

afterEach(() => {
	double.controls.clearFaults();
	double.controls.scopes = [...allScopes];
	double.controls.searchLagMs = 0;
	double.controls.logRetentionDays = 30;
	sleeps.length = 0;
	for (const service of opened.splice(0)) {
		service.close();
	}
});

afterAll(async () => {
	await double?.close();
});

describe('reads', () => {
	it('lists the first page at once as loading, then the server\'s page and total', async () => {
		const service = await open();
		expect(service.source).toEqual({kind: 'tenant', domain: double.domain, name: undefined, live: true, label: double.domain});
		expect(service.usersById().size).toBe(0);
		const list = service.remoteUsers;
		expect(list.info().status).toBe('loading');
		await listSettles(service);
		expect(list.info()).toMatchObject({status: 'loaded', total: 150, capped: false});
		expect(service.usersById().size).toBe(100);
		expect(service.userCount()).toBe(150);
		const request = double.requests.findLast(candidate => candidate.path === '/api/v2/users');
		expect(request?.query).toMatchObject({search_engine: 'v3', include_totals: 'true', per_page: '100', page: '0'});
	});

	it('answers a user page\'s reads from the server: the profile, devices, history and its locations, connections and applications', async () => {
		double.controls.logRetentionDays = 30;
		const service = await open();
		const user = withEvents();
		expect(service.userState(user.user_id).status).toBe('loading');
		const profile = await landed(service, () => service.userState(user.user_id));
		expect(profile.data).toEqual(JSON.parse(JSON.stringify(double.users.get(user.user_id))));
		const devices = await landed(service, () => service.devicesState(user.user_id));
		expect(devices.data?.map(device => device.id).sort()).toEqual([...double.tenant.devices.values()].filter(device => device.user_id === user.user_id).map(device => device.id).sort());
		const history = await landed(service, () => service.historyState(user.user_id, Number.POSITIVE_INFINITY)) as HistoryLoadable;
		expect(history.status).toBe('loaded');
		// All the events the tenant still keeps (30 days here), newest first.
		const kept = double.tenant.logs.get(user.user_id)!.filter(event => Date.parse(event.date) >= Date.now() - (30 * 24 * 3600 * 1000) + 60_000);
		expect(history.data?.map(event => event.log_id)).toEqual(expect.arrayContaining(kept.map(event => event.log_id)));
		expect(history.data?.map(event => event.date)).toEqual(history.data?.map(event => event.date).sort().reverse());
		expect(history.reach?.limit).toMatch(/^History ends at .*: Auth0 keeps a tenant's logs for 1–30 days, by plan$/);
		const located = double.tenant.logs.get(user.user_id)!.filter(event => event.location_info).length;
		expect(service.locations(user.user_id).length > 0).toBe(located > 0);
		const connections = await landed(service, () => service.connectionsState());
		const database = connections.data?.find(connection => connection.name === 'Username-Password-Authentication');
		expect(database?.options?.passwordPolicy).toBe('good');
		const clients = await landed(service, () => service.clientsState());
		expect(clients.data?.length).toBe(double.tenant.clients.length);
	});

	it('says where a user\'s history stops when the tenant\'s retention ends before the window', async () => {
		double.controls.logRetentionDays = 1;
		try {
			const service = await open();
			const user = withEvents();
			const week = await landed(service, () => service.historyState(user.user_id, 7 * 24 * 3600 * 1000)) as HistoryLoadable;
			const cutoff = Date.now() - (24 * 3600 * 1000) - 60_000;
			for (const event of week.data ?? []) {
				expect(Date.parse(event.date)).toBeGreaterThan(cutoff);
			}

			expect(week.reach).toMatchObject({more: false});
			expect(week.reach?.limit).toMatch(/Auth0 keeps a tenant's logs for 1–30 days, by plan$/);
		} finally {
			double.controls.logRetentionDays = 30;
		}
	});

	it('gives commands what they wait for: a user by id or email, and a sorted, limited list', async () => {
		const service = await open();
		const user = [...double.users.values()].find(candidate => candidate.email)!;
		expect((await service.findUser(user.email!)).user_id).toBe(user.user_id);
		expect((await service.getUser(user.user_id)).user_id).toBe(user.user_id);
		const listed = await service.listUsers({sort: {field: 'logins_count', descending: true}, limit: 120});
		expect(listed).toHaveLength(120);
		const counts = listed.map(candidate => candidate.logins_count);
		expect(counts).toEqual([...counts].sort((a, b) => b - a));
		expect(double.requests.findLast(candidate => candidate.path === '/api/v2/users')?.query).toMatchObject({sort: 'logins_count:-1'});
		const missing = await failure(service.getUser('auth0|nobody'));
		expect(missing.code).toBe('NOT_FOUND');
	});
});

describe('writes', () => {
	it('blocks and unblocks with the user pending meanwhile, then shows the server\'s answer, not the stale search hit', async () => {
		double.controls.searchLagMs = Number.POSITIVE_INFINITY;
		const service = await open();
		const list = service.remoteUsers;
		const first = listSettles(service);
		list.info();
		await first;
		const rows = () => list.view({field: 'name', descending: false}, {mode: 'text', text: ''}).users;
		const user = rows().find(candidate => !candidate.blocked)!;
		const blocking = service.blockUser(user.user_id);
		expect(service.pendingWrite(user.user_id)).toBe('blocking');
		const blocked = await blocking;
		expect(blocked.blocked).toBe(true);
		expect(service.pendingWrite(user.user_id)).toBeUndefined();
		expect(service.user(user.user_id)?.blocked).toBe(true);
		expect(double.users.get(user.user_id)?.blocked).toBe(true);
		// Search has not seen the write: a fresh list gets the old hit, and still shows the user as written.
		const again = listSettles(service);
		list.refresh();
		await again;
		expect(rows().find(candidate => candidate.user_id === user.user_id)?.blocked).toBe(true);
		expect((await service.setBlocked(user.user_id, true)).changed).toBe(false);
		expect((await service.unblockUser(user.user_id)).blocked).toBe(false);
	});

	it('returns to the server\'s truth when a write fails, and says why', async () => {
		const service = await open();
		const user = [...double.users.values()].find(candidate => !candidate.blocked)!;
		await service.getUser(user.user_id);
		double.controls.failNext(1, {status: 500, method: 'PATCH'});
		const refused = await failure(service.blockUser(user.user_id));
		expect(refused.code).toBe('UNAVAILABLE');
		expect(refused.message).toContain('answered 500 while updating the user');
		expect(service.pendingWrite(user.user_id)).toBeUndefined();
		const truth = await landed(service, () => service.userState(user.user_id));
		expect(truth.data?.blocked ?? false).toBe(false);
		expect(double.users.get(user.user_id)?.blocked ?? false).toBe(false);
	});

	it('writes no audit events of its own: the tenant\'s are Auth0\'s', async () => {
		const service = await open();
		expect(service.capabilities.ownAuditEvents).toBe(false);
		const user = [...double.users.values()][5]!;
		const before = double.tenant.logs.get(user.user_id)?.length ?? 0;
		await service.updateMetadata(user.user_id, {audited: true});
		const after = double.tenant.logs.get(user.user_id) ?? [];
		// The one new event is the double's own record of the API call (sapi), as Auth0 writes it.
		expect(after.slice(before).map(event => event.type)).toEqual(['sapi']);
	});

	it('edits user_metadata (merged by the server, null removes) and deletes a user', async () => {
		const service = await open();
		const user = [...double.users.values()][3]!;
		const updated = await service.updateMetadata(user.user_id, {plan: 'pro'});
		expect(updated.user_metadata?.['plan']).toBe('pro');
		const removed = await service.updateMetadata(user.user_id, {plan: null});
		expect(removed.user_metadata?.['plan']).toBeUndefined();
		expect((await failure(service.updateMetadata(user.user_id, 'not an object'))).fields.metadata).toBeDefined();
		await service.deleteUser(user.user_id);
		expect(double.users.has(user.user_id)).toBe(false);
		expect(service.user(user.user_id)).toBeUndefined();
	});

	it('creates a user, with the policy checked from the connection\'s options and the server\'s refusal on the right field', async () => {
		const service = await open();
		const weak = await failure(service.createUser({email: 'weak@example.com', password: 'abc', repeatPassword: 'abc', connection: 'Username-Password-Authentication'}));
		expect(weak.fields.password?.length).toBeGreaterThan(0);
		const good = 'Correct-Horse-9-Battery';
		const created = await service.createUser({email: 'new.person@example.com', password: good, repeatPassword: good, connection: 'Username-Password-Authentication'});
		expect(double.users.get(created.user_id)?.email).toBe('new.person@example.com');
		expect(service.user(created.user_id)?.email).toBe('new.person@example.com');
		const again = await failure(service.createUser({email: 'new.person@example.com', password: good, repeatPassword: good, connection: 'Username-Password-Authentication'}));
		expect(again.fields.email?.[0]).toMatch(/already exists/i);
		expect(JSON.stringify(again)).not.toContain(good);
	});

	it('unlinks a device', async () => {
		const service = await open();
		const user = withEvents();
		const devices = (await landed(service, () => service.devicesState(user.user_id))).data!;
		await service.unlinkDevice(user.user_id, devices[0]!.id);
		expect(double.tenant.devices.has(devices[0]!.id)).toBe(false);
		expect(service.devices(user.user_id).map(device => device.id)).not.toContain(devices[0]!.id);
	});

	it('has no Sign in as User, and says exactly why', async () => {
		const service = await open();
		expect(service.capabilities.signInAsUser).toEqual({available: false, reason: 'Sign in as User has no Management API v2 equivalent'});
		expect(service.impersonationOptions('auth0|x')).toEqual({allowed: false, reason: signInAsUserUnavailable});
		expect((await failure(service.impersonate('auth0|x', 'c'))).message).toBe(signInAsUserUnavailable);
	});
});

describe('errors', () => {
	it('names the missing scope on a 403', async () => {
		double.controls.scopes = allScopes.filter(scope => scope !== 'read:logs' && scope !== 'read:logs_users' && scope !== 'delete:users');
		const service = await open();
		const user = withEvents();
		const history = await landed(service, () => service.historyState(user.user_id));
		expect(history.status).toBe('error');
		expect(history.error?.message).toMatch(/^Missing scope read:logs: reading the user's history needs it/);
		const refused = await failure(service.deleteUser(user.user_id));
		expect(refused.code).toBe('FORBIDDEN');
		expect(refused.message).toContain('delete:users');
		expect(double.users.has(user.user_id)).toBe(true);
	});

	it('retries a 429 itself at Auth0\'s reset time and says when', async () => {
		const notices: string[] = [];
		const service = await openTenantService(target(), {source: 'console', sleep: async ms => {
			sleeps.push(ms);
			notices.push(service.notice() ?? '');
		}});
		opened.push(service);
		const user = [...double.users.values()][0]!;
		const before = double.requests.length;
		double.controls.rateLimit({requests: 2, retryAfterSeconds: 7, path: /^\/api\/v2\/users\//});
		const answered = await service.getUser(user.user_id);
		expect(answered.user_id).toBe(user.user_id);
		expect(sleeps).toHaveLength(2);
		for (const ms of sleeps) {
			expect(ms).toBeGreaterThan(5000);
			expect(ms).toBeLessThanOrEqual(7000);
		}

		expect(notices[0]).toMatch(/^rate limited by Auth0, retrying at \d\d:\d\d:\d\d$/);
		expect(service.notice()).toBeUndefined();
		// The SDK made no retries of its own: exactly three requests reached the double.
		expect(double.requests.slice(before).filter(request => request.path === `/api/v2/users/${encodeURIComponent(user.user_id)}`)).toHaveLength(3);
	});

	it('gives up after its retries with the time to try again', async () => {
		const service = await open();
		double.controls.rateLimit({requests: 10, retryAfterSeconds: null, resetInSeconds: 30});
		const error = await failure(service.getUser([...double.users.keys()][0]!));
		expect(error).toBeInstanceOf(LiveError);
		expect(error.code).toBe('RATE_LIMITED');
		expect(error.message).toMatch(/^Rate limited by Auth0 while reading the user: try again at \d\d:\d\d:\d\d$/);
		expect((error as LiveError).retryAt).toBeInstanceOf(Date);
	});

	it('says where a server error and a network error happened', async () => {
		const service = await open();
		double.controls.failNext(1, {status: 503, path: /^\/api\/v2\/connections/});
		const connections = await landed(service, () => service.connectionsState());
		expect(connections.error?.message).toMatch(new RegExp(`^${double.domain.replaceAll('.', '\\.')} answered 503 while reading the connections`));
		connections.retry();
		expect((await landed(service, () => service.connectionsState())).status).toBe('loaded');
		const nowhere = await openTenantService(target({domain: '127.0.0.1:1'}), {source: 'console'});
		const unreachable = await failure(nowhere.getUser('auth0|x'));
		expect(unreachable.code).toBe('UNAVAILABLE');
		expect(unreachable.message).toMatch(/^Could not reach 127\.0\.0\.1:1 while reading the user/);
	});

	it('never puts the client secret or a token in a message', async () => {
		const secret = double.clientSecret;
		const wrong = await openTenantService(target({credentials: {kind: 'client-credentials', clientId: double.clientId, clientSecret: `${secret}x`}}), {source: 'cli'});
		const refused = await failure(wrong.getUser('auth0|x'));
		expect(refused.code).toBe('AUTH');
		expect(refused.message).toContain('refused userdeck\'s client credentials');
		const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl';
		const withToken = await openTenantService(target({credentials: {kind: 'access-token', token}}), {source: 'cli'});
		const expired = await failure(withToken.getUser('auth0|x'));
		expect(expired.code).toBe('AUTH');
		double.controls.failNext(1, {status: 400, body: {statusCode: 400, error: 'Bad Request', message: `bad ${secret} and Bearer ${token}`, errorCode: 'invalid_body'}});
		const service = await open();
		const echoed = await failure(service.getUser('auth0|x'));
		for (const error of [refused, expired, echoed]) {
			const text = `${error.message} ${JSON.stringify(error)} ${error.stack ?? ''}`;
			expect(text).not.toContain(secret);
			expect(text).not.toContain(token);
		}

		expect(echoed.message).toContain('[redacted]');
	});
});

describe('cancellation', () => {
	it('cancels a request when its signal aborts, and a newer query cancels the older one', async () => {
		double.controls.latencyMs = 200;
		try {
			const service = await open();
			const controller = new AbortController();
			const pending = service.getUser([...double.users.keys()][0]!, controller.signal);
			controller.abort();
			expect((await failure(pending)).code).toBe('CANCELLED');
			const list = service.remoteUsers;
			list.setQuery({q: 'name:a*', sort: undefined});
			const settles = listSettles(service);
			list.setQuery({q: 'name:b*', sort: 'name:1'});
			await settles;
			expect(list.info()).toMatchObject({status: 'loaded', query: {q: 'name:b*'}});
			for (const user of list.view({field: 'name', descending: false}, {mode: 'query', text: 'name:b*'}).users) {
				expect(user.name?.toLowerCase().startsWith('b')).toBe(true);
			}
		} finally {
			double.controls.latencyMs = 0;
		}
	});
});

describe('a command\'s list past the cap', () => {
	it('lists the first 1,000 of a larger query and says so', async () => {
		const big = await startAuth0Double({users: Array.from({length: 1234}, (_, index): User => ({
			user_id: `auth0|${String(index).padStart(5, '0')}`,
			email: `p${index}@example.com`,
			created_at: '2026-01-01T00:00:00.000Z',
			updated_at: '2026-01-01T00:00:00.000Z',
			identities: [],
			logins_count: 0,
		}))});
		try {
			const service = await openTenantService({kind: 'tenant', domain: big.domain, credentials: {kind: 'client-credentials', clientId: big.clientId, clientSecret: big.clientSecret}}, {source: 'cli', onRateLimit() {}});
			const all = await service.searchUsers({});
			expect(all.users).toHaveLength(1000);
			expect(all.matched).toBe(1234);
			expect(all.note).toBe('first 1,000 of 1,234 matches: refine the query');
			expect(service.userCount()).toBe(1234);
			const few = await service.searchUsers({limit: 5});
			expect(few).toMatchObject({matched: 1234, note: undefined});
			expect(few.users).toHaveLength(5);
			// Never a page past the cap: the server would refuse it (400).
			expect(big.requests.filter(request => request.path === '/api/v2/users').every(request => request.status === 200)).toBe(true);
		} finally {
			await big.close();
		}
	});
});
