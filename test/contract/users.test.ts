// The real `auth0` SDK against the test double: list and search, paging
// limits, fields, get by id and by email. When the SDK's request and the double
// disagree, the double is fixed to Auth0's documentation.
import {Management} from 'auth0';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {failure, requestsTo, sdk} from './sdk.js';

let double: Auth0Double;
let client: ReturnType<typeof sdk>;

beforeAll(async () => {
	double = await startAuth0Double({users: 120});
	client = sdk(double);
});

afterAll(async () => {
	await double?.close();
});


describe('GET /api/v2/users', () => {
	it('answers over HTTPS trusted through NODE_EXTRA_CA_CERTS, certificate checks on', async () => {
		expect(process.env.NODE_EXTRA_CA_CERTS).toBe(double.caFile);
		expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
		const page = await client.users.list({per_page: 5, page: 0, include_totals: true});
		expect(page.data).toHaveLength(5);
		expect(page.response).toMatchObject({start: 0, limit: 5, length: 5, total: 120});
	});

	it('receives the query the SDK sends: page, per_page, include_totals, search_engine, q, sort', async () => {
		await client.users.list({q: 'email_verified:true', search_engine: 'v3', sort: 'created_at:-1', per_page: 10, page: 1, include_totals: true});
		const request = requestsTo(double, '/api/v2/users').at(-1)!;
		expect(request.method).toBe('GET');
		expect(request.query).toMatchObject({q: 'email_verified:true', search_engine: 'v3', sort: 'created_at:-1', per_page: '10', page: '1', include_totals: 'true'});
	});

	it('answers a plain array without include_totals', async () => {
		const page = await client.users.list({per_page: 3, include_totals: false});
		expect(Array.isArray(page.response)).toBe(true);
		expect(page.response).toHaveLength(3);
		// The SDK reads a page's items from `users` only: without include_totals its Page holds none.
		expect(page.data).toEqual([]);
	});

	it('filters with the Lucene query and sorts with field:1|-1', async () => {
		const blocked = [...double.users.values()].filter(user => user.blocked === true);
		expect(blocked.length).toBeGreaterThan(0);
		const page = await client.users.list({q: 'blocked:true', search_engine: 'v3', per_page: 100, include_totals: true});
		expect(page.response.total).toBe(blocked.length);
		expect(page.data.every(user => user.blocked === true)).toBe(true);

		const sorted = await client.users.list({search_engine: 'v3', sort: 'logins_count:-1', per_page: 20});
		const counts = sorted.data.map(user => user.logins_count ?? 0);
		expect(counts).toEqual(counts.toSorted((a, b) => b - a));
		const ascending = await client.users.list({search_engine: 'v3', sort: 'email:1', per_page: 20});
		const emails = ascending.data.map(user => user.email).filter(email => email !== undefined);
		expect(emails).toEqual(emails.toSorted((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0)));
	});

	it('refuses a malformed query with 400 invalid_query_string, and q without search_engine', async () => {
		const syntax = await failure(client.users.list({q: 'name:(unclosed', search_engine: 'v3'}));
		expect(syntax).toBeInstanceOf(Management.BadRequestError);
		expect(syntax.statusCode).toBe(400);
		expect(syntax.body).toMatchObject({statusCode: 400, error: 'Bad Request', errorCode: 'invalid_query_string'});

		const noEngine = await failure(client.users.list({q: 'blocked:true'}));
		expect(noEngine.body).toMatchObject({message: 'The \'q\' parameter is available only if you specify \'search_engine=v2|v3\'.'});
		const v2 = await failure(client.users.list({q: 'blocked:true', search_engine: 'v2'}));
		expect(v2.body).toMatchObject({message: 'You are not allowed to use search_engine=v2. Use search_engine=v3 instead.'});
	});

	it('caps per_page at 100', async () => {
		const error = await failure(client.users.list({per_page: 101}));
		expect(error).toBeInstanceOf(Management.BadRequestError);
		expect(error.body).toMatchObject({statusCode: 400, errorCode: 'invalid_query_string', message: expect.stringContaining('per_page')});
		const full = await client.users.list({per_page: 100, include_totals: true});
		expect(full.data).toHaveLength(100);
	});

	it('reaches the first 1,000 results only: page × per_page + per_page > 1000 is a 400', async () => {
		const last = await client.users.list({per_page: 100, page: 9, include_totals: true});
		expect(last.response).toMatchObject({start: 900, limit: 100, length: 0, total: 120});
		const beyond = await failure(client.users.list({per_page: 100, page: 10}));
		expect(beyond).toBeInstanceOf(Management.BadRequestError);
		expect(beyond.body).toEqual({
			statusCode: 400,
			error: 'Bad Request',
			message: 'You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation.',
			errorCode: 'invalid_paging',
		});
		expect((await failure(client.users.list({per_page: 50, page: 20}))).statusCode).toBe(400);
		await expect(client.users.list({per_page: 50, page: 19})).resolves.toBeDefined();
	});

	it('pages through every user with the SDK\'s async iterator', async () => {
		const ids = new Set<string>();
		const pages = await client.users.list({per_page: 50, include_totals: true});
		for await (const user of pages) {
			ids.add(user.user_id!);
		}

		expect(ids.size).toBe(120);
	});

	it('keeps or drops fields with fields and include_fields', async () => {
		const kept = await client.users.list({fields: 'user_id,email', include_fields: true, per_page: 3});
		expect(kept.data.every(user => Object.keys(user).every(key => key === 'user_id' || key === 'email'))).toBe(true);
		const dropped = await client.users.list({fields: 'identities,app_metadata', include_fields: false, per_page: 3});
		expect(dropped.data.every(user => !('identities' in user) && !('app_metadata' in user) && 'user_id' in user)).toBe(true);
	});
});

describe('GET /api/v2/users/{id} and /users-by-email', () => {
	it('gets a user by id, with Auth0\'s 404 for an unknown one', async () => {
		const [first] = double.users.values();
		const user = await client.users.get(first!.user_id);
		expect(user).toEqual(first);
		expect(requestsTo(double, `/api/v2/users/${encodeURIComponent(first!.user_id)}`)).toHaveLength(1);

		const missing = await failure(client.users.get('auth0|000000000000000000000000'));
		expect(missing).toBeInstanceOf(Management.NotFoundError);
		expect(missing.body).toEqual({statusCode: 404, error: 'Not Found', message: 'The user does not exist.', errorCode: 'inexistent_user'});
	});

	it('projects the documented profile fields and refuses others', async () => {
		const [first] = double.users.values();
		const user = await client.users.get(first!.user_id, {fields: 'email,user_id', include_fields: true});
		expect(Object.keys(user).sort()).toEqual(['email', 'user_id'].filter(key => key in first!).sort());
		const error = await failure(client.users.get(first!.user_id, {fields: 'password'}));
		expect(error.statusCode).toBe(400);
	});

	it('finds users by their stored (lower-case) email', async () => {
		const withEmail = [...double.users.values()].find(user => user.email !== undefined)!;
		const found = await client.users.listUsersByEmail({email: withEmail.email!});
		expect(found.map(user => user.user_id)).toContain(withEmail.user_id);
		await expect(client.users.listUsersByEmail({email: 'nobody@nowhere.example'})).resolves.toEqual([]);
	});
});
