// A local Auth0 Management API v2 for the tests, the real-terminal tests and
// the benchmark: HTTPS on 127.0.0.1, the client-credentials token endpoint,
// the users, logs, devices, connections, clients and jobs endpoints, with
// switches for latency, failures, rate limits, search lag and scopes.
// See README.md beside this file; test/contract/ keeps it honest against the
// real `auth0` SDK.
import {randomBytes} from 'node:crypto';
import {createServer, type Server} from 'node:https';
import type {IncomingMessage, OutgoingHttpHeaders} from 'node:http';
import type {AddressInfo} from 'node:net';
import {DEMO_PASSWORD, generateDemo} from '../../../source/demo/generate.js';
import type {Client, Connection, DeviceCredential, LogEvent, User} from '../../../source/domain/types.js';
import {Controls} from './controls.js';
import {directoryRoutes} from './directory-api.js';
import {ApiError, errorBody, readBody, sendJson} from './http.js';
import {jobRoutes, JobStore} from './jobs.js';
import type {Route, RouteContext} from './router.js';
import {Tenant} from './tenant.js';
import {readTlsMaterial, writeTlsMaterial} from './tls.js';
import {TokenIssuer} from './token.js';
import {usersRoutes} from './users-api.js';

export type {FailureSpec, JobPace, RateLimitSpec, RequestMatcher} from './controls.js';
export {Controls} from './controls.js';

/** Every scope the double's endpoints check: what a fully set-up userdeck application is granted. */
export const allScopes = [
	'read:users',
	'update:users',
	'delete:users',
	'create:users',
	'read:logs',
	'read:logs_users',
	'read:device_credentials',
	'delete:device_credentials',
	'read:connections',
	'read:clients',
] as const;

export type Auth0DoubleOptions = {
	/** A number of generated users (the demo generator's, seed `auth0-double`), or the users themselves. Default 100. */
	users?: number | User[];
	/** Default: the demo's connections, with `Username-Password-Authentication` (policy `good`). */
	connections?: Connection[];
	/** Default: the demo's applications; the double's own machine-to-machine client is always added. */
	clients?: Client[];
	devices?: DeviceCredential[];
	logs?: LogEvent[];
	/** Seed of the generated tenant. */
	seed?: string | number;
	latencyMs?: number;
	/** Granted to the double's client; default allScopes. */
	scopes?: string[];
	clientId?: string;
	clientSecret?: string;
	/** Listen on this port (default: any free one). */
	port?: number;
};

export type RecordedRequest = {
	method: string;
	/** Path without the query string, decoded as received (`/api/v2/users/auth0%7C…`). */
	path: string;
	query: Record<string, string | string[]>;
	/** The status answered (set when the answer is sent). */
	status?: number;
	/** When it arrived (epoch ms). */
	time: number;
	/** From arrival to the answer, latency included (set when the answer is sent). */
	durationMs?: number;
};

export type Auth0Double = {
	/** `127.0.0.1:PORT`: what AUTH0_DOMAIN and the SDK's `domain` take. */
	domain: string;
	clientId: string;
	clientSecret: string;
	/** The CA's PEM file, for NODE_EXTRA_CA_CERTS. */
	caFile: string;
	/** Every request received, oldest first. */
	requests: RecordedRequest[];
	/** The tenant's users, live: read them for assertions (writing bypasses the search index). */
	users: Map<string, User>;
	tenant: Tenant;
	controls: Controls;
	/** The environment that points userdeck at this double. */
	env: Record<'AUTH0_DOMAIN' | 'AUTH0_CLIENT_ID' | 'AUTH0_CLIENT_SECRET' | 'NODE_EXTRA_CA_CERTS', string>;
	close(): Promise<void>;
};

const allRoutes: Route[] = [...usersRoutes, ...directoryRoutes, ...jobRoutes];
/** Auth0's request bodies are small; the import upload has its own limit. */
const bodyLimit = 1024 * 1024;

export async function startAuth0Double(options: Auth0DoubleOptions = {}): Promise<Auth0Double> {
	const tls = readTlsMaterial() ?? await writeTlsMaterial();
	const clientId = options.clientId ?? `ud${randomBytes(15).toString('hex')}`;
	const clientSecret = options.clientSecret ?? randomBytes(32).toString('base64url');
	const tenant = buildTenant(options, clientId);
	const controls = new Controls(tenant, options.scopes ?? [...allScopes]);
	controls.latencyMs = options.latencyMs ?? 0;
	const tokens = new TokenIssuer();
	const requests: RecordedRequest[] = [];
	const timers = new Set<NodeJS.Timeout>();
	const state = {domain: ''};
	const jobs = new JobStore(tenant, controls);

	const server: Server = createServer({cert: tls.cert, key: tls.key}, (request, response) => {
		const url = new URL(request.url ?? '/', 'https://double.invalid');
		const record: RecordedRequest = {method: request.method ?? 'GET', path: url.pathname, query: queryRecord(url.searchParams), time: Date.now()};
		requests.push(record);
		const answer = (status: number, body: unknown, headers: OutgoingHttpHeaders = {}) => {
			record.status = status;
			record.durationMs = Date.now() - record.time;
			if (!response.destroyed) {
				// Every Management API answer carries the rate-limit headers; a 429's own values win.
				sendJson(response, status, body, url.pathname.startsWith('/api/v2/') ? {...rateHeaders(), ...headers} : headers);
			}
		};

		const sendFile = (data: Buffer, contentType: string) => {
			record.status = 200;
			record.durationMs = Date.now() - record.time;
			response.writeHead(200, {'content-type': contentType, 'content-length': data.length});
			response.end(data);
		};

		const run = () => {
			handle(request, url, answer, sendFile).catch((error: unknown) => {
				if (error instanceof ApiError) {
					answer(error.status, error.body, error.headers);
				} else {
					answer(500, errorBody(500, error instanceof Error ? error.message : String(error)));
				}
			});
		};

		if (controls.latencyMs > 0) {
			const timer = setTimeout(() => {
				timers.delete(timer);
				run();
			}, controls.latencyMs);
			timers.add(timer);
		} else {
			run();
		}
	});

	async function handle(
		request: IncomingMessage,
		url: URL,
		answer: (status: number, body: unknown, headers?: OutgoingHttpHeaders) => void,
		sendFile: (data: Buffer, contentType: string) => void,
	): Promise<void> {
		const method = request.method ?? 'GET';
		const path = url.pathname;
		const failure = controls.takeFailure(method, path);
		if (failure !== undefined) {
			answer(failure.status, failure.body ?? errorBody(failure.status, 'Injected by the test double'), failure.headers);
			return;
		}

		const limited = controls.takeRateLimit(method, path);
		if (limited !== undefined) {
			const reset = Math.ceil(Date.now() / 1000) + (limited.resetInSeconds ?? 2);
			const retryAfter = limited.retryAfterSeconds === undefined ? (limited.resetInSeconds ?? 2) : limited.retryAfterSeconds;
			answer(429, errorBody(429, 'Global limit has been reached', 'too_many_requests'), {
				'x-ratelimit-limit': String(controls.rateLimitPerWindow),
				'x-ratelimit-remaining': '0',
				'x-ratelimit-reset': String(reset),
				...(retryAfter === null ? {} : {'retry-after': String(retryAfter)}),
			});
			return;
		}

		if (path === '/oauth/token') {
			if (method !== 'POST') {
				throw new ApiError(404, 'Not Found');
			}

			answer(200, await issueToken(request));
			return;
		}

		const download = jobs.download(method, path, url.searchParams);
		if (download !== undefined) {
			sendFile(download.data, download.contentType);
			return;
		}

		if (!path.startsWith('/api/v2/')) {
			throw new ApiError(404, 'Not Found');
		}

		const claims = authenticate(request.headers.authorization);
		const route = findRoute(method, path);
		const scopes = new Set(claims.scope.split(' '));
		if (!route.route.scopes.some(scope => scopes.has(scope))) {
			throw new ApiError(403, `Insufficient scope, expected any of: ${route.route.scopes.join(',')}`, 'insufficient_scope');
		}

		const context: RouteContext = {
			tenant,
			controls,
			params: route.params,
			query: {
				get: name => url.searchParams.get(name) ?? undefined,
				all: name => url.searchParams.getAll(name).flatMap(value => value.split(',')),
			},
			clientId: claims.azp,
			scopes,
			headers: request.headers,
			body: async (limit = bodyLimit) => readBody(request, limit),
			origin: `https://${state.domain}`,
			jobs,
		};
		const result = await route.route.handle(context);
		answer(result.status, result.body, result.headers);
	}

	function rateHeaders(): OutgoingHttpHeaders {
		return {
			'x-ratelimit-limit': String(controls.rateLimitPerWindow),
			'x-ratelimit-remaining': String(controls.rateLimitPerWindow - 1),
			'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1),
		};
	}

	function findRoute(method: string, path: string): {route: Route; params: string[]} {
		let pathMatched = false;
		for (const route of allRoutes) {
			const match = route.path.exec(path);
			if (match === null) {
				continue;
			}

			pathMatched = true;
			if (route.method === method) {
				return {route, params: match.slice(1).map(part => decodeURIComponent(part))};
			}
		}

		throw pathMatched ? new ApiError(405, 'Method Not Allowed') : new ApiError(404, 'Not Found');
	}

	/** Auth0's 401 answers: missing header, a malformed or forged token, an expired one. */
	function authenticate(header: string | undefined) {
		if (header === undefined || header === '') {
			throw new ApiError(401, 'Missing authentication');
		}

		const [scheme, token] = header.split(' ');
		if (scheme?.toLowerCase() !== 'bearer' || token === undefined || token === '') {
			throw new ApiError(401, 'Bad HTTP authentication header format');
		}

		const check = tokens.verify(token, audience(), Math.floor(Date.now() / 1000));
		if (!check.ok) {
			throw new ApiError(401, check.message);
		}

		if (Number(check.claims.jti) <= controls.tokensValidFrom) {
			throw new ApiError(401, 'Expired token received for JSON Web Token validation');
		}

		return check.claims;
	}

	const audience = () => `https://${state.domain}/api/v2/`;

	/**
	 * POST /oauth/token, client-credentials grant, with the credentials in the
	 * form body, a JSON body or HTTP Basic (https://auth0.com/docs/api/authentication#client-credentials-flow).
	 * OAuth errors are `{error, error_description}`, not the Management API's shape.
	 */
	async function issueToken(request: IncomingMessage): Promise<unknown> {
		const raw = (await readBody(request, bodyLimit)).toString('utf8');
		const type = request.headers['content-type'] ?? '';
		let fields: Record<string, string>;
		try {
			fields = type.includes('application/json')
				? JSON.parse(raw) as Record<string, string>
				: Object.fromEntries(new URLSearchParams(raw));
		} catch {
			throw ApiError.raw(400, {error: 'invalid_request', error_description: 'Invalid JSON body'});
		}

		const basic = request.headers.authorization;
		if (basic?.startsWith('Basic ')) {
			const [id = '', secret = ''] = Buffer.from(basic.slice(6), 'base64').toString('utf8').split(':');
			fields.client_id ??= decodeURIComponent(id);
			fields.client_secret ??= decodeURIComponent(secret);
		}

		if (fields.grant_type === undefined) {
			throw ApiError.raw(400, {error: 'invalid_request', error_description: 'Missing required parameter: grant_type'});
		}

		if (fields.client_id !== clientId || fields.client_secret !== clientSecret) {
			throw ApiError.raw(401, {error: 'access_denied', error_description: 'Unauthorized'});
		}

		if (fields.grant_type !== 'client_credentials') {
			throw ApiError.raw(403, {error: 'unauthorized_client', error_description: `Grant type '${fields.grant_type}' not allowed for the client.`});
		}

		if (fields.audience !== audience()) {
			throw ApiError.raw(403, {error: 'access_denied', error_description: `Service not enabled within domain: ${fields.audience ?? ''}`});
		}

		const now = Math.floor(Date.now() / 1000);
		const scope = controls.scopes.join(' ');
		const accessToken = tokens.issue({
			iss: `https://${state.domain}/`,
			sub: `${clientId}@clients`,
			aud: audience(),
			iat: now,
			exp: now + controls.tokenLifetimeSeconds,
			scope,
			gty: 'client-credentials',
			azp: clientId,
		});
		controls.noteTokenSerial(tokens.issued);
		return {access_token: accessToken, scope, expires_in: controls.tokenLifetimeSeconds, token_type: 'Bearer'};
	}

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	state.domain = `127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		domain: state.domain,
		clientId,
		clientSecret,
		caFile: tls.caFile,
		requests,
		users: tenant.users,
		tenant,
		controls,
		env: {AUTH0_DOMAIN: state.domain, AUTH0_CLIENT_ID: clientId, AUTH0_CLIENT_SECRET: clientSecret, NODE_EXTRA_CA_CERTS: tls.caFile},
		async close() {
			for (const timer of timers) {
				clearTimeout(timer);
			}

			timers.clear();
			jobs.close();
			await new Promise<void>(resolve => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}

function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
	const record: Record<string, string | string[]> = {};
	for (const key of new Set(params.keys())) {
		const values = params.getAll(key);
		record[key] = values.length === 1 ? values[0]! : values;
	}

	return record;
}

/** The demo generator's tenant (or the given rows), plus the double's own machine-to-machine application. */
function buildTenant(options: Auth0DoubleOptions, clientId: string): Tenant {
	const generated = typeof options.users === 'object'
		? undefined
		: generateDemo({users: options.users ?? 100, seed: options.seed ?? 'auth0-double', now: new Date(), passwordHash: 'not-used-by-the-double'});
	const users = typeof options.users === 'object' ? options.users : [...generated!.users.values()];
	const connections = options.connections ?? [...(generated ?? generateDemo({users: 0, seed: options.seed ?? 'auth0-double', now: new Date(), passwordHash: '-'})).connections.values()];
	const clients = [...(options.clients ?? [...(generated?.clients.values() ?? [])]), {client_id: clientId, name: 'userdeck (test double)', app_type: 'non_interactive', callbacks: []} satisfies Client];
	return new Tenant({
		users,
		connections,
		clients,
		devices: options.devices ?? [...(generated?.devices.values() ?? [])],
		logs: options.logs ?? [...(generated?.logs.values() ?? [])],
		hostname: 'auth0-double.local',
		now: Date.now,
		...(generated === undefined ? {} : {initialPassword: DEMO_PASSWORD}),
	});
}
