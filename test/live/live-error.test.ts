// Management API errors in an admin's words, from the SDK's own error
// classes: the scope a 403 needs, the time a 429 ends, where a timeout or a
// network error happened, and never a secret or a token.
import {ManagementError, ManagementTimeoutError} from 'auth0';
import {describe, expect, it} from 'vitest';
import {calls} from '../../source/live/calls.js';
import {LiveError, redact, toLiveError} from '../../source/live/live-error.js';
import {clockTime, retryAtFrom} from '../../source/live/rate-limit.js';

const now = new Date(2026, 11, 7, 14, 2, 0);
const secret = 'very-secret-client-secret-value';
const context = (call: keyof typeof calls) => ({call: calls[call], domain: 'dev-abc.us.auth0.com', secrets: [secret], now});

function apiError(statusCode: number, body: unknown, headers: Record<string, string> = {}): ManagementError {
	return new ManagementError({statusCode, body, rawResponse: {headers: new Headers(headers), redirected: false, status: statusCode, statusText: '', type: 'basic', url: ''}});
}

describe('toLiveError', () => {
	it.each([
		['listUsers', 'read:users'], ['getUser', 'read:users'], ['updateUser', 'update:users'], ['deleteUser', 'delete:users'],
		['createUser', 'create:users'], ['userLogs', 'read:logs'], ['listDevices', 'read:device_credentials'],
		['deleteDevice', 'delete:device_credentials'], ['listConnections', 'read:connections'], ['listClients', 'read:clients'],
	] as const)('names the scope %s needs on a 403 (%s)', (call, scope) => {
		const error = toLiveError(apiError(403, {statusCode: 403, error: 'Forbidden', message: `Insufficient scope, expected any of: ${scope}`, errorCode: 'insufficient_scope'}), context(call));
		expect(error.code).toBe('FORBIDDEN');
		expect(error.message.startsWith(`Missing scope ${scope}: `)).toBe(true);
	});

	it('names the scope on a refused access token (401)', () => {
		const error = toLiveError(apiError(401, {statusCode: 401, error: 'Unauthorized', message: 'Expired token received for JSON Web Token validation'}), context('userLogs'));
		expect(error.code).toBe('AUTH');
		expect(error.message).toContain('read:logs');
		expect(error.message).toContain('Expired token');
	});

	it('says the client credentials were refused when the token request fails', () => {
		const error = toLiveError(new ManagementError({message: 'ManagementClient: token request failed', statusCode: 401, body: {error: 'access_denied', error_description: 'Unauthorized'}}), context('listUsers'));
		expect(error.code).toBe('AUTH');
		expect(error.message).toMatch(/^dev-abc\.us\.auth0\.com refused userdeck's client credentials \(401: Unauthorized\)/);
	});

	it('gives a 429 the time Auth0 lets the call be made again', () => {
		const reset = Math.floor(now.getTime() / 1000) + 31;
		const error = toLiveError(apiError(429, {statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached', errorCode: 'too_many_requests'}, {'x-ratelimit-reset': String(reset)}), context('listUsers'));
		expect(error).toBeInstanceOf(LiveError);
		expect(error.code).toBe('RATE_LIMITED');
		expect((error as LiveError).retryAt?.getTime()).toBe(reset * 1000);
		expect(error.message).toBe('Rate limited by Auth0 while listing users: try again at 14:02:31');
	});

	it('says where a timeout, a network error and a server error happened', () => {
		expect(toLiveError(new ManagementTimeoutError('Timeout exceeded when calling GET /users.'), context('listUsers')).message)
			.toBe('dev-abc.us.auth0.com did not answer in time while listing users (GET /api/v2/users)');
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8443'), {code: 'ECONNREFUSED'});
		const network = toLiveError(new ManagementError({message: 'fetch failed', cause: new TypeError('fetch failed', {cause: refused})}), context('getUser'));
		expect(network.code).toBe('UNAVAILABLE');
		expect(network.message).toBe('Could not reach dev-abc.us.auth0.com while reading the user: ECONNREFUSED');
		expect(toLiveError(apiError(503, {statusCode: 503, error: 'Service Unavailable', message: 'try later'}), context('listClients')).message)
			.toBe('dev-abc.us.auth0.com answered 503 while reading the applications: try later');
	});

	it('passes Auth0\'s message for 400, 404 and 409, and says a cancelled call was cancelled', () => {
		expect(toLiveError(apiError(404, {statusCode: 404, error: 'Not Found', message: 'The user does not exist.', errorCode: 'inexistent_user'}), context('getUser')))
			.toMatchObject({code: 'NOT_FOUND', message: 'The user does not exist.', errorCode: 'inexistent_user'});
		expect(toLiveError(apiError(409, {statusCode: 409, error: 'Conflict', message: 'The user already exists.'}), context('createUser')))
			.toMatchObject({code: 'CONFLICT', message: 'The user already exists.'});
		expect(toLiveError(apiError(400, {statusCode: 400, error: 'Bad Request', message: 'PasswordStrengthError: Password is too weak'}), context('createUser')))
			.toMatchObject({code: 'VALIDATION', message: 'PasswordStrengthError: Password is too weak'});
		expect(toLiveError(new ManagementError({message: 'The user aborted a request'}), {...context('listUsers'), aborted: true}).code).toBe('CANCELLED');
	});

	it('never repeats a secret or a token from Auth0\'s message or a cause', () => {
		const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
		const echoed = toLiveError(apiError(400, {statusCode: 400, error: 'Bad Request', message: `client_secret=${secret} Authorization: Bearer abc.def ${jwt}`}), context('getUser'));
		const fromCause = toLiveError(new ManagementError({message: 'x', cause: new Error(`bad ${secret}`)}), context('getUser'));
		for (const error of [echoed, fromCause]) {
			expect(error.message).not.toContain(secret);
			expect(error.message).not.toContain(jwt);
			expect(error.message).not.toContain('abc.def');
		}

		expect(redact(`a ${secret} b`, [secret])).toBe('a [redacted] b');
	});
});

describe('retry times', () => {
	it('prefers Retry-After (seconds or a date), else x-ratelimit-reset, else nothing', () => {
		const headers = (entries: Record<string, string>) => new Headers(entries);
		expect(retryAtFrom(headers({'retry-after': '5', 'x-ratelimit-reset': '1'}), now)?.getTime()).toBe(now.getTime() + 5000);
		expect(retryAtFrom(headers({'retry-after': new Date(now.getTime() + 9000).toUTCString()}), now)?.getTime()).toBe(Math.floor((now.getTime() + 9000) / 1000) * 1000);
		expect(retryAtFrom(headers({'x-ratelimit-reset': String(Math.floor(now.getTime() / 1000) + 12)}), now)?.getTime()).toBe(Math.floor(now.getTime() / 1000) * 1000 + 12_000);
		expect(retryAtFrom(headers({'x-ratelimit-reset': '1'}), now)).toEqual(now);
		expect(retryAtFrom(headers({}), now)).toBeUndefined();
		expect(clockTime(new Date(2026, 0, 1, 4, 5, 6))).toBe('04:05:06');
	});
});
