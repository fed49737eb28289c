// The real SDK's writes against the double: update (metadata merged at the
// root, null removes a key, blocked, password policy), create (policy, 409,
// validation), delete, the `sapi` events Auth0 writes for them, the user's
// logs endpoint, and search lagging writes (eventual consistency).
import {Management} from 'auth0';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {failure, sdk} from './sdk.js';

let double: Auth0Double;
let client: ReturnType<typeof sdk>;
const connection = 'Username-Password-Authentication';
const strongPassword = 'Tangerine-Kayak-42';

beforeAll(async () => {
	double = await startAuth0Double({users: 60});
	client = sdk(double);
});

afterAll(async () => {
	await double?.close();
});


let serial = 0;
async function newUser(extra: Record<string, unknown> = {}): Promise<User> {
	serial++;
	return await client.users.create({connection, email: `writer${serial}@example.test`, password: strongPassword, ...extra}) as User;
}

describe('POST /api/v2/users', () => {
	it('creates a database user as Auth0 shapes it (201) and logs a sapi event', async () => {
		const user = await client.users.create({connection, email: 'New.Person@Example.test', password: strongPassword, user_metadata: {plan: 'pro'}, name: 'New Person'});
		expect(user).toMatchObject({
			email: 'new.person@example.test',
			email_verified: false,
			name: 'New Person',
			nickname: 'new.person',
			logins_count: 0,
			user_metadata: {plan: 'pro'},
			identities: [{connection, provider: 'auth0', isSocial: false}],
		});
		expect(user.user_id).toMatch(/^auth0\|[0-9a-f]{24}$/);
		expect(double.users.get(user.user_id!)).toEqual(user);
		const [event] = double.tenant.logsOf(user.user_id!);
		expect(event).toMatchObject({type: 'sapi', description: 'Create a User', client_id: double.clientId, details: {request: {method: 'post', path: '/api/v2/users', body: {password: '*****'}}, response: {statusCode: 201}}});
	});

	it('answers 409 "The user already exists." for a taken email in the connection', async () => {
		const user = await newUser();
		const error = await failure(client.users.create({connection, email: user.email!.toUpperCase(), password: strongPassword}));
		expect(error).toBeInstanceOf(Management.ConflictError);
		expect(error.body).toEqual({statusCode: 409, error: 'Conflict', message: 'The user already exists.', errorCode: 'auth0_idp_error'});
	});

	it('checks the connection\'s password policy and answers as Auth0 does, naming the rule kind', async () => {
		const weak = await failure(client.users.create({connection, email: 'weak@example.test', password: 'abc'}));
		expect(weak).toBeInstanceOf(Management.BadRequestError);
		expect(weak.body).toEqual({statusCode: 400, error: 'Bad Request', message: 'PasswordStrengthError: Password is too weak'});
		const common = await failure(client.users.create({connection, email: 'common@example.test', password: 'Password123'}));
		expect(common.body).toMatchObject({message: 'PasswordDictionaryError: Password is too common'});
		const personal = await failure(client.users.create({connection, email: 'kayaker@example.test', password: 'Kayaker-Tangerine-9'}));
		expect(personal.body).toMatchObject({message: 'PasswordNoUserInfoError: Password is based on user information'});
	});

	it('refuses what the request schema and the connection refuse', async () => {
		const unknown = await failure(client.users.create({connection, email: 'x@example.test', password: strongPassword, favourite: 'tea'} as never));
		expect(unknown.body).toMatchObject({statusCode: 400, errorCode: 'invalid_body', message: 'Payload validation error: \'Additional properties not allowed: favourite\'.'});
		const badEmail = await failure(client.users.create({connection, email: 'not-an-email', password: strongPassword}));
		expect(badEmail.body).toMatchObject({errorCode: 'invalid_body', message: expect.stringContaining('format email')});
		const noConnection = await failure(client.users.create({connection: 'Nope', email: 'y@example.test', password: strongPassword}));
		expect(noConnection.body).toMatchObject({message: 'Connection does not exist.'});
		const social = await failure(client.users.create({connection: 'github', email: 'z@example.test', password: strongPassword}));
		expect(social.body).toMatchObject({message: expect.stringContaining('must either be a database or passwordless connection')});
		const disabled = await failure(client.users.create({connection: 'Legacy-DB', email: 'w@example.test', password: strongPassword}));
		expect(disabled.body).toMatchObject({message: 'Connection is disabled.'});
		const username = await failure(client.users.create({connection, email: 'v@example.test', password: strongPassword, username: 'vee'}));
		expect(username.body).toMatchObject({message: 'Cannot set username for connection without requires_username.'});
	});
});

describe('PATCH /api/v2/users/{id}', () => {
	it('merges metadata at the root: keys replace, null removes, nested objects are replaced whole', async () => {
		const user = await newUser({user_metadata: {plan: 'pro', prefs: {theme: 'dark', lang: 'en'}, keep: 1}});
		const updated = await client.users.update(user.user_id, {user_metadata: {plan: null, prefs: {theme: 'light'}, added: true}} as never);
		expect(updated.user_metadata).toEqual({prefs: {theme: 'light'}, keep: 1, added: true});
		const cleared = await client.users.update(user.user_id, {app_metadata: {roles: ['admin']}});
		expect(cleared.app_metadata).toEqual({roles: ['admin']});
		expect(cleared.user_metadata).toEqual({prefs: {theme: 'light'}, keep: 1, added: true});
		const emptied = await client.users.update(user.user_id, {user_metadata: {}});
		expect(emptied.user_metadata).toBeUndefined();
		expect(double.users.get(user.user_id)).toEqual(emptied);
	});

	it('blocks and unblocks, moves updated_at and logs a sapi event per write', async () => {
		const user = await newUser();
		const blocked = await client.users.update(user.user_id, {blocked: true});
		expect(blocked.blocked).toBe(true);
		expect(Date.parse(blocked.updated_at as string)).toBeGreaterThanOrEqual(Date.parse(user.updated_at));
		const unblocked = await client.users.update(user.user_id, {blocked: false});
		expect(unblocked.blocked).toBe(false);
		const events = double.tenant.logsOf(user.user_id).filter(event => event.description === 'Update a User');
		expect(events.map(event => (event.details as {request: {body: unknown}}).request.body)).toEqual([{blocked: true}, {blocked: false}]);
	});

	it('checks a new password against the policy and the history', async () => {
		const user = await newUser();
		const weak = await failure(client.users.update(user.user_id, {password: 'short'}));
		expect(weak.body).toMatchObject({statusCode: 400, message: 'PasswordStrengthError: Password is too weak'});
		const reused = await failure(client.users.update(user.user_id, {password: strongPassword}));
		expect(reused.body).toMatchObject({message: 'PasswordHistoryError: Password has previously been used'});
		const changed = await client.users.update(user.user_id, {password: 'Walrus-Lantern-77'});
		expect(changed.last_password_reset).toBeDefined();
		expect(JSON.stringify(double.tenant.logsOf(user.user_id))).not.toContain('Walrus-Lantern-77');
	});

	it('takes a password with its connection, and an email with email_verified and its connection, as the console sends them', async () => {
		const user = await newUser();
		const changed = await client.users.update(user.user_id, {password: 'Walrus-Lantern-78', connection});
		expect(changed.last_password_reset).toBeDefined();
		const moved = await client.users.update(user.user_id, {email: 'Moved.Writer@Example.test', email_verified: true, connection});
		expect(moved).toMatchObject({email: 'moved.writer@example.test', email_verified: true});
		const bodies = double.tenant.logsOf(user.user_id).filter(event => event.description === 'Update a User').map(event => (event.details as {request: {body: unknown}}).request.body);
		expect(bodies).toEqual([{password: '*****', connection}, {email: 'Moved.Writer@Example.test', email_verified: true, connection}]);
	});

	it('refuses documented combinations, a taken email and a bad type', async () => {
		const user = await newUser();
		const other = await newUser();
		const both = await failure(client.users.update(user.user_id, {password: 'Walrus-Lantern-77', email: 'n@example.test'}));
		expect(both.body).toMatchObject({statusCode: 400, message: 'Cannot update password and email simultaneously.'});
		const taken = await failure(client.users.update(user.user_id, {email: other.email}));
		expect(taken.statusCode).toBe(400);
		const type = await failure(client.users.update(user.user_id, {blocked: 'yes'} as never));
		expect(type.body).toMatchObject({errorCode: 'invalid_body', message: 'Payload validation error: \'Expected type boolean but found type string\' on property blocked.'});
		const social = [...double.users.values()].find(candidate => candidate.identities[0]?.provider !== 'auth0')!;
		const socialEmail = await failure(client.users.update(social.user_id, {email: 'social@example.test'}));
		expect(socialEmail.body).toMatchObject({message: 'Cannot update email for non-database user.'});
	});

	it('answers 404 for an unknown user', async () => {
		const error = await failure(client.users.update('auth0|nobody', {blocked: true}));
		expect(error).toBeInstanceOf(Management.NotFoundError);
		expect(error.body).toMatchObject({errorCode: 'inexistent_user'});
	});
});

describe('DELETE /api/v2/users/{id}', () => {
	it('deletes (204) and takes the user\'s devices with it; a second delete is still 204', async () => {
		const victim = [...double.users.values()].find(user => [...double.tenant.devices.values()].some(device => device.user_id === user.user_id))!;
		await client.users.delete(victim.user_id);
		expect(double.users.has(victim.user_id)).toBe(false);
		expect([...double.tenant.devices.values()].some(device => device.user_id === victim.user_id)).toBe(false);
		expect((await failure(client.users.get(victim.user_id))).statusCode).toBe(404);
		await expect(client.users.delete(victim.user_id)).resolves.toBeUndefined();
	});
});

describe('search is eventually consistent', () => {
	it('shows a write to GET /users/{id} at once and to search only when the index catches up', async () => {
		const user = await newUser({user_metadata: {team: 'red'}});
		double.controls.searchLagMs = Number.POSITIVE_INFINITY;
		try {
			await client.users.update(user.user_id, {user_metadata: {team: 'blue'}});
			const fresh = await client.users.get(user.user_id);
			expect(fresh.user_metadata).toEqual({team: 'blue'});
			const stale = await client.users.list({q: `user_id:"${user.user_id}"`, search_engine: 'v3', per_page: 5, include_totals: true});
			expect(stale.data[0]?.user_metadata).toEqual({team: 'red'});
			const created = await newUser();
			const notYet = await client.users.list({q: `user_id:"${created.user_id}"`, search_engine: 'v3', include_totals: true});
			expect(notYet.response.total).toBe(0);

			double.controls.flushSearchIndex();
			const sameQuery = await client.users.list({q: `user_id:"${created.user_id}"`, search_engine: 'v3', include_totals: true});
			expect(sameQuery.response.total).toBe(1);
			const caughtUp = await client.users.list({q: `user_id:"${user.user_id}" OR user_id:"${created.user_id}"`, search_engine: 'v3', include_totals: true});
			expect(caughtUp.response.total).toBe(2);
			expect(caughtUp.data.find(found => found.user_id === user.user_id)?.user_metadata).toEqual({team: 'blue'});
		} finally {
			double.controls.searchLagMs = 0;
			double.controls.flushSearchIndex();
		}
	});
});

describe('GET /api/v2/users/{id}/logs', () => {
	it('pages a user\'s events newest first, with include_totals and the per_page limit', async () => {
		const user = await newUser();
		for (let index = 0; index < 5; index++) {
			await client.users.update(user.user_id, {user_metadata: {step: index}});
		}

		const page = await client.users.logs.list(user.user_id, {page: 0, per_page: 4, include_totals: true});
		expect(page.response).toMatchObject({start: 0, limit: 4, length: 4, total: 6});
		const dates = page.data.map(event => String(event.date));
		expect(dates).toEqual(dates.toSorted().toReversed());
		expect(page.data[0]).toMatchObject({type: 'sapi', description: 'Update a User', user_id: user.user_id});
		const oldestFirst = await client.users.logs.list(user.user_id, {sort: 'date:1', per_page: 10, include_totals: true});
		expect(oldestFirst.data[0]).toMatchObject({description: 'Create a User'});
		const tooMany = await failure(client.users.logs.list(user.user_id, {per_page: 101}));
		expect(tooMany).toBeInstanceOf(Management.BadRequestError);
	});

	it('returns only the events within the tenant\'s retention', async () => {
		const active = [...double.tenant.logs.entries()].find(([, events]) => events.some(event => Date.parse(event.date) < Date.now() - 24 * 3600 * 1000))!;
		const [userId, events] = active;
		double.controls.logRetentionDays = 1;
		try {
			const page = await client.users.logs.list(userId, {per_page: 100, include_totals: true});
			const recent = events.filter(event => Date.parse(event.date) >= Date.now() - 24 * 3600 * 1000);
			expect(page.response.total).toBe(Math.min(recent.length, 1000));
			expect(page.response.total).toBeLessThan(events.length);
		} finally {
			double.controls.logRetentionDays = 30;
		}
	});
});
