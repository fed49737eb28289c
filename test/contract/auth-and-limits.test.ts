// Tokens, authentication, scopes, rate limits, injected failures and
// cancellation, as the real SDK meets them: the client-credentials grant and
// its renewal, Auth0's 401 and 403 bodies, 429 with the rate-limit headers
// (with and without the SDK's own retries), and AbortSignal.
import {Management, ManagementClient, ManagementTimeoutError} from 'auth0';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {allScopes, type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {failure, requestsTo, sdk} from './sdk.js';

let double: Auth0Double;

beforeAll(async () => {
	double = await startAuth0Double({users: 30});
});

afterEach(() => {
	double.controls.clearFaults();
	double.controls.latencyMs = 0;
	double.controls.scopes = [...allScopes];
	double.controls.tokenLifetimeSeconds = 86_400;
});

afterAll(async () => {
	await double?.close();
});


const tokenRequests = () => requestsTo(double, '/oauth/token').length;

describe('POST /oauth/token (client credentials)', () => {
	it('issues a token the SDK fetches once and reuses', async () => {
		const before = tokenRequests();
		const client = sdk(double);
		await client.users.list({per_page: 1});
		await client.connections.list();
		await client.clients.list();
		expect(tokenRequests() - before).toBe(1);
	});

	it('answers the grant with a JWT-shaped token carrying the granted scopes', async () => {
		const response = await fetch(`https://${double.domain}/oauth/token`, {
			method: 'POST',
			headers: {'content-type': 'application/x-www-form-urlencoded'},
			body: new URLSearchParams({grant_type: 'client_credentials', client_id: double.clientId, client_secret: double.clientSecret, audience: `https://${double.domain}/api/v2/`}),
		});
		expect(response.status).toBe(200);
		const body = await response.json() as {access_token: string; expires_in: number; scope: string; token_type: string};
		expect(body).toMatchObject({expires_in: 86_400, token_type: 'Bearer', scope: allScopes.join(' ')});
		const [, payload] = body.access_token.split('.');
		expect(JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'))).toMatchObject({
			sub: `${double.clientId}@clients`,
			aud: `https://${double.domain}/api/v2/`,
			gty: 'client-credentials',
			scope: allScopes.join(' '),
		});
	});

	it('renews the token when it is about to expire (the SDK renews 10 s ahead)', async () => {
		double.controls.tokenLifetimeSeconds = 5;
		const before = tokenRequests();
		const client = sdk(double);
		await client.users.list({per_page: 1});
		await client.users.list({per_page: 1});
		expect(tokenRequests() - before).toBe(2);
	});

	it('refuses a wrong secret with Auth0\'s 401 access_denied, which the SDK surfaces as a ManagementError', async () => {
		const client = new ManagementClient({domain: double.domain, clientId: double.clientId, clientSecret: 'wrong', maxRetries: 0});
		const error = await failure(client.users.list());
		expect(error.statusCode).toBe(401);
		expect(error.body).toEqual({error: 'access_denied', error_description: 'Unauthorized'});
		expect(error.message).not.toContain('wrong');
	});

	it('refuses another audience with 403 "Service not enabled within domain"', async () => {
		const client = new ManagementClient({domain: double.domain, clientId: double.clientId, clientSecret: double.clientSecret, audience: 'https://elsewhere.example/api/v2/', maxRetries: 0});
		const error = await failure(client.users.list());
		expect(error.statusCode).toBe(403);
		expect(error.body).toEqual({error: 'access_denied', error_description: 'Service not enabled within domain: https://elsewhere.example/api/v2/'});
	});
});

describe('the bearer check on /api/v2', () => {
	it('answers 401 for a missing, malformed or forged token', async () => {
		const url = `https://${double.domain}/api/v2/users`;
		const missing = await fetch(url);
		expect(missing.status).toBe(401);
		expect(await missing.json()).toEqual({statusCode: 401, error: 'Unauthorized', message: 'Missing authentication'});
		const forged = await fetch(url, {headers: {authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzY29wZSI6InJlYWQ6dXNlcnMifQ.c2lnbmF0dXJl'}});
		expect(forged.status).toBe(401);
		expect(await forged.json()).toMatchObject({message: 'Invalid signature received for JSON Web Token validation'});
		const client = new ManagementClient({domain: double.domain, token: 'not-a-jwt', maxRetries: 0});
		const error = await failure(client.users.list());
		expect(error).toBeInstanceOf(Management.UnauthorizedError);
		expect(error.body).toEqual({statusCode: 401, error: 'Unauthorized', message: 'Invalid token'});
	});

	it('answers 401 "Expired token…" once tokens expire, until the client fetches a new one', async () => {
		const client = sdk(double);
		await client.users.list({per_page: 1});
		double.controls.expireTokens();
		const error = await failure(client.users.list({per_page: 1}));
		expect(error).toBeInstanceOf(Management.UnauthorizedError);
		expect(error.body).toEqual({statusCode: 401, error: 'Unauthorized', message: 'Expired token received for JSON Web Token validation'});
		await expect(sdk(double).users.list({per_page: 1})).resolves.toBeDefined();
	});

	it('answers 403 insufficient_scope naming the scopes the endpoint accepts', async () => {
		double.controls.scopes = ['read:users'];
		const client = sdk(double);
		const [user] = double.users.values();
		await expect(client.users.get(user!.user_id)).resolves.toBeDefined();
		const error = await failure(client.users.delete(user!.user_id));
		expect(error).toBeInstanceOf(Management.ForbiddenError);
		expect(error.statusCode).toBe(403);
		expect(error.body).toEqual({statusCode: 403, error: 'Forbidden', message: 'Insufficient scope, expected any of: delete:users', errorCode: 'insufficient_scope'});
		expect(double.users.has(user!.user_id)).toBe(true);
		const logs = await failure(client.users.logs.list(user!.user_id));
		expect(logs.body).toMatchObject({message: 'Insufficient scope, expected any of: read:logs,read:logs_users'});
	});
});

describe('rate limits', () => {
	it('puts x-ratelimit-* headers on every answer, errors included', async () => {
		const client = sdk(double);
		const page = await client.users.list({per_page: 1});
		expect(page.rawResponse.headers.get('x-ratelimit-limit')).toBe('50');
		expect(Number(page.rawResponse.headers.get('x-ratelimit-remaining'))).toBeGreaterThanOrEqual(0);
		expect(Number(page.rawResponse.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 - 1);
		const error = await failure(client.users.get('auth0|nobody'));
		expect(error.rawResponse!.headers.get('x-ratelimit-limit')).toBe('50');
	});

	it('answers 429 with Auth0\'s headers; with maxRetries 0 the SDK throws TooManyRequestsError with them readable', async () => {
		const client = sdk(double);
		await client.users.list({per_page: 1});
		double.controls.rateLimit({requests: 1, resetInSeconds: 30, retryAfterSeconds: 30});
		const error = await failure(client.users.list({per_page: 1}));
		expect(error).toBeInstanceOf(Management.TooManyRequestsError);
		expect(error.statusCode).toBe(429);
		expect(error.body).toEqual({statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached', errorCode: 'too_many_requests'});
		const headers = error.rawResponse!.headers;
		expect(headers.get('retry-after')).toBe('30');
		expect(headers.get('x-ratelimit-remaining')).toBe('0');
		expect(headers.get('x-ratelimit-limit')).toBe('50');
		const reset = Number(headers.get('x-ratelimit-reset'));
		expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 28);
		await expect(client.users.list({per_page: 1})).resolves.toBeDefined();
	});

	it('limits every request for a window, until it is cleared', async () => {
		const client = sdk(double);
		double.controls.rateLimit({forMs: 600_000, retryAfterSeconds: null});
		for (let index = 0; index < 3; index++) {
			const error = await failure(client.users.list({per_page: 1}));
			expect(error.statusCode).toBe(429);
			expect(error.rawResponse!.headers.get('retry-after')).toBeNull();
		}

		double.controls.clearFaults();
		await expect(client.users.list({per_page: 1})).resolves.toBeDefined();
	});

	it('lets the SDK\'s own retry wait for Retry-After and succeed', async () => {
		const client = sdk(double, {maxRetries: 2});
		await client.users.list({per_page: 1});
		const before = requestsTo(double, '/api/v2/users').length;
		double.controls.rateLimit({requests: 1, retryAfterSeconds: 1, path: '/api/v2/users'});
		const page = await client.users.list({per_page: 2});
		expect(page.data).toHaveLength(2);
		expect(requestsTo(double, '/api/v2/users').slice(before).map(request => request.status)).toEqual([429, 200]);
	});
});

describe('injected failures, latency and cancellation', () => {
	it('fails the next requests with the given status and Auth0\'s body shape', async () => {
		const client = sdk(double);
		double.controls.failNext(2, {status: 503});
		const first = await failure(client.users.list());
		expect(first).toBeInstanceOf(Management.ServiceUnavailableError);
		expect(first.body).toMatchObject({statusCode: 503, error: 'Service Unavailable'});
		const [user] = double.users.values();
		const second = await failure(client.users.get(user!.user_id));
		expect(second.statusCode).toBe(503);
		await expect(client.users.get(user!.user_id)).resolves.toBeDefined();
	});

	it('delays every answer by the latency (a lower bound only: the machine may add more)', async () => {
		const client = sdk(double);
		await client.users.list({per_page: 1});
		double.controls.latencyMs = 120;
		const started = performance.now();
		await client.users.list({per_page: 1});
		// A timer may fire a few ms early by the wall clock (libuv's cached loop time): a loose bound.
		expect(performance.now() - started).toBeGreaterThanOrEqual(100);
		expect(requestsTo(double, '/api/v2/users').at(-1)!.durationMs).toBeGreaterThanOrEqual(100);
	});

	it('lets the SDK time out a slow answer: a ManagementError without statusCode (not ManagementTimeoutError)', async () => {
		const client = sdk(double);
		await client.users.list({per_page: 1});
		double.controls.latencyMs = 600_000;
		const error = await failure(client.users.list({per_page: 1}, {timeoutInSeconds: 0.2}));
		expect(error).not.toBeInstanceOf(ManagementTimeoutError);
		expect(error.statusCode).toBeUndefined();
		expect(error.message).toMatch(/timeout/i);
	});

	it('cancels a request in flight through the SDK\'s abortSignal', async () => {
		const client = sdk(double);
		await client.users.list({per_page: 1});
		double.controls.latencyMs = 600_000;
		const before = requestsTo(double, '/api/v2/users').length;
		const controller = new AbortController();
		const call = client.users.list({per_page: 1}, {abortSignal: controller.signal});
		await vi.waitFor(() => {
			expect(requestsTo(double, '/api/v2/users').length).toBe(before + 1);
		});
		controller.abort();
		const error = await failure(call);
		expect(error.statusCode).toBeUndefined();
		expect(error.message).toMatch(/aborted/i);
	});
});
