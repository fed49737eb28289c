// The users endpoints of the Management API v2, from Auth0's reference
// (https://auth0.com/docs/api/management/v2/users/get-users and its siblings)
// and the user-search pages (https://auth0.com/docs/manage-users/user-search).
import {randomBytes} from 'node:crypto';
import {mergeMetadata} from '../../../source/domain/metadata.js';
import {checkPassword} from '../../../source/domain/password-policy.js';
import {compileSearch, SearchSyntaxError} from '../../../source/domain/search/index.js';
import type {Connection, JsonObject, LogEvent, User} from '../../../source/domain/types.js';
import {gravatarUrl, orderUserFields} from '../../../source/domain/user-factory.js';
import {ApiError, badQuery, badRequest, flag, inexistentUser, integer, parseJsonObject, projectFields} from './http.js';
import {checkPayload, createUserSchema, updateUserSchema} from './payload.js';
import type {Route, RouteContext} from './router.js';
import type {Tenant} from './tenant.js';

/** Auth0 returns at most this many results of one query (page × per_page + per_page). */
export const resultCap = 1000;
export const maxPerPage = 100;

const userPath = /^\/api\/v2\/users\/([^/]+)$/;

export const usersRoutes: Route[] = [
	{method: 'GET', path: /^\/api\/v2\/users$/, scopes: ['read:users'], handle: listUsers},
	{method: 'POST', path: /^\/api\/v2\/users$/, scopes: ['create:users'], handle: createUser},
	{method: 'GET', path: /^\/api\/v2\/users-by-email$/, scopes: ['read:users'], handle: usersByEmail},
	{method: 'GET', path: userPath, scopes: ['read:users'], handle: getUser},
	{method: 'PATCH', path: userPath, scopes: ['update:users', 'update:users_app_metadata'], handle: updateUser},
	{method: 'DELETE', path: userPath, scopes: ['delete:users'], handle: deleteUser},
	{method: 'GET', path: /^\/api\/v2\/users\/([^/]+)\/logs$/, scopes: ['read:logs', 'read:logs_users'], handle: userLogs},
];

function listUsers(context: RouteContext) {
	const {query, tenant} = context;
	const engine = query.get('search_engine');
	const q = query.get('q');
	if (engine === 'v1' || engine === 'v2') {
		throw badQuery(engine === 'v1'
			? 'You are not allowed to use search_engine=v1.'
			: 'You are not allowed to use search_engine=v2. Use search_engine=v3 instead.', false);
	}

	if (engine !== undefined && engine !== 'v3') {
		throw badQuery(`'No enum match for: "${engine}"' on property search_engine (The version of the search engine).`);
	}

	if (q !== undefined && engine === undefined) {
		throw badQuery('The \'q\' parameter is available only if you specify \'search_engine=v2|v3\'.', false);
	}

	const perPage = integer(query.get('per_page'), 'per_page', 0, maxPerPage);
	const page = integer(query.get('page'), 'page', 0) ?? 0;
	const includeTotals = flag(query.get('include_totals'), 'include_totals') ?? false;
	const includeFields = flag(query.get('include_fields'), 'include_fields');
	const limit = perPage ?? 50;
	if (page * limit + limit > resultCap) {
		throw new ApiError(400, `You can only page through the first ${resultCap} records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation.`, 'invalid_paging');
	}

	// `connection` only applies to search_engine=v1 (the reference says so), so it is ignored here.
	const matches = search(tenant, q ?? '', query.get('sort'));
	const users = matches.slice(page * limit, page * limit + limit).map(user => projectFields(user, query.get('fields'), includeFields));
	if (!includeTotals) {
		return {status: 200, body: users};
	}

	return {status: 200, body: {start: page * limit, limit, length: users.length, total: matches.length, users}};
}

/**
 * Runs `q` through userdeck's own Lucene-subset parser (FACTS.md §5). Where it
 * differs from Auth0's engine is listed in README.md beside this file.
 */
function compileQuery(q: string): (user: User) => boolean {
	try {
		return compileSearch(q);
	} catch (error) {
		if (error instanceof SearchSyntaxError) {
			throw badQuery(`'${error.message} at character ${error.position}' on property q (Query in Lucene query string syntax).`);
		}

		throw error;
	}
}

const sortPattern = /^([a-zA-Z0-9_.]+):(1|-1)$/;
const logSortPattern = /^(date|connection|client_id|client_name|ip|user_id|user_name|description|user_agent|type|details|strategy|strategy_type):(1|-1)$/;

/**
 * The matches of a query in a sort order, kept until the search index
 * changes: a console pages through one query many times, and sorting tens of
 * thousands of users for each page would make the double the slow part.
 */
const searches = new WeakMap<Tenant, Map<string, {version: number; users: User[]}>>();

function search(tenant: Tenant, q: string, sort: string | undefined): User[] {
	const candidates = tenant.searchable();
	let cache = searches.get(tenant);
	if (cache === undefined) {
		cache = new Map();
		searches.set(tenant, cache);
	}

	const key = `${q}\u0000${sort ?? ''}`;
	const cached = cache.get(key);
	if (cached !== undefined && cached.version === tenant.indexVersion) {
		return cached.users;
	}

	const predicate = compileQuery(q);
	const matches = [...candidates].filter(user => predicate(user));
	const users = sort === undefined ? matches : sortUsers(matches, sort);
	if (cache.size >= 32) {
		cache.clear();
	}

	cache.set(key, {version: tenant.indexVersion, users});
	return users;
}

function sortUsers(users: User[], sort: string): User[] {
	const match = sortPattern.exec(sort);
	if (match === null) {
		throw badQuery(`'String does not match pattern ^(([a-zA-Z0-9_\\.]+))\\:(1|-1)$: ${sort}' on property sort (Field to sort by. Use field:order where order is 1 for ascending and -1 for descending.).`);
	}

	const [, field = '', direction] = match;
	const sign = direction === '-1' ? -1 : 1;
	const path = field.split('.');
	const read = (user: User): unknown => path.reduce<unknown>((value, key) =>
		typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined, user);
	// Keys made once per user: numbers as numbers, text lower-cased and compared by code unit.
	const keyed = users.map(user => {
		const value = read(user);
		return {user, key: typeof value === 'number' ? value : value === undefined || value === null ? undefined : String(value).toLowerCase()};
	});
	keyed.sort((a, b) => {
		// Users without the field come last either way, as a search index orders missing values.
		if (a.key === undefined || b.key === undefined) {
			return a.key === b.key ? 0 : a.key === undefined ? 1 : -1;
		}

		const order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
		return sign * order || (a.user.user_id < b.user.user_id ? -1 : 1);
	});
	return keyed.map(entry => entry.user);
}

/** The profile fields GET /users/{id} and /users-by-email accept in `fields` (the reference's pattern). */
const profileFields = new Set(['phone_number', 'email', 'email_verified', 'picture', 'username', 'user_id', 'name', 'nickname', 'created_at', 'identities', 'app_metadata', 'user_metadata', 'last_ip', 'last_login', 'logins_count', 'updated_at', 'blocked', 'family_name', 'given_name']);

function profileProjection(context: RouteContext): (user: User) => Partial<User> {
	const fields = context.query.get('fields');
	if (fields !== undefined && fields !== '' && fields.split(',').some(field => !profileFields.has(field))) {
		throw badQuery(`'String does not match pattern ^((${[...profileFields].join(')|(')}))(,…)*$: ${fields}' on property fields (Comma-separated list of fields to include or exclude (based on value provided for include_fields) in the result. Leave empty to retrieve all fields.).`);
	}

	const include = flag(context.query.get('include_fields'), 'include_fields');
	return user => projectFields(user, fields, include);
}

/** Exact match: Auth0 stores a database user's email lower-cased, and the reference says the search is case-sensitive. */
function usersByEmail(context: RouteContext) {
	const email = context.query.get('email');
	if (email === undefined) {
		throw badQuery('\'Missing required property: email\'.');
	}

	const project = profileProjection(context);
	const users = [...context.tenant.users.values()].filter(user => user.email === email).map(project);
	return {status: 200, body: users};
}

function getUser(context: RouteContext) {
	const project = profileProjection(context);
	return {status: 200, body: project(existingUser(context))};
}

function existingUser(context: RouteContext): User {
	const user = context.tenant.users.get(context.params[0] ?? '');
	if (user === undefined) {
		throw inexistentUser();
	}

	return user;
}

/** Auth0's answer to a password its policy refuses: one message per kind of rule, no errorCode. */
function checkPolicy(tenant: Tenant, connection: Connection, password: string, user: Partial<User>, userId?: string): void {
	const options = connection.options ?? {};
	const history = options.password_history;
	const inHistory = history?.enable === true && userId !== undefined && tenant.usedPassword(userId, password, history.size);
	const unmet = checkPassword(password, options, {email: user.email, name: user.name, username: user.username, nickname: user.nickname, inHistory});
	if (unmet.length === 0) {
		return;
	}

	// The strength rules come first: a short common password is reported as too weak.
	const ids = new Set(unmet.map(rule => rule.id));
	const strength = unmet.some(rule => !['dictionary', 'personal', 'history'].includes(rule.id));
	const message = strength
		? 'PasswordStrengthError: Password is too weak'
		: ids.has('dictionary')
			? 'PasswordDictionaryError: Password is too common'
			: ids.has('personal')
				? 'PasswordNoUserInfoError: Password is based on user information'
				: 'PasswordHistoryError: Password has previously been used';
	throw new ApiError(400, message);
}

/** The connection a user is created in, with POST /users's documented refusals. */
function creationConnection(tenant: Tenant, name: string): Connection {
	const connection = tenant.connectionByName(name);
	if (connection === undefined) {
		throw badRequest('Connection does not exist.', 'inexistent_connection');
	}

	if (connection.strategy !== 'auth0') {
		throw badRequest('Connection does not support user creation through the API. It must either be a database or passwordless connection.', 'operation_not_supported');
	}

	if (connection.enabled_clients.length === 0) {
		throw badRequest('Connection is disabled.', 'connection_disabled');
	}

	return connection;
}

function requiresUsername(connection: Connection): boolean {
	return (connection.options as {requires_username?: unknown} | undefined)?.requires_username === true;
}

async function createUser(context: RouteContext) {
	const body = parseJsonObject(await context.body());
	checkPayload(body, createUserSchema, {additional: false, required: ['connection']});
	const {tenant} = context;
	const connection = creationConnection(tenant, body.connection as string);
	// A database connection needs an email (and a username when it requires one) and a password.
	for (const required of ['email', 'password', ...(requiresUsername(connection) ? ['username'] : [])]) {
		if (body[required] === undefined) {
			throw badRequest(`Payload validation error: 'Missing required property: ${required}'.`);
		}
	}

	if (body.username !== undefined && !requiresUsername(connection)) {
		throw badRequest('Cannot set username for connection without requires_username.');
	}

	const email = (body.email as string).trim().toLowerCase();
	const id = typeof body.user_id === 'string' && body.user_id !== '' ? body.user_id : randomBytes(12).toString('hex');
	if (tenant.userByEmail(email, connection.name) !== undefined || tenant.users.has(`auth0|${id}`)) {
		throw new ApiError(409, 'The user already exists.', 'auth0_idp_error');
	}

	const password = body.password as string;
	checkPolicy(tenant, connection, password, {...body, email} as Partial<User>);
	const time = new Date(tenant.now()).toISOString();
	const optional = (key: string) => (body[key] === undefined ? {} : {[key]: body[key]});
	const user = orderUserFields({
		user_id: `auth0|${id}`,
		email,
		email_verified: body.email_verified === true,
		...(typeof body.username === 'string' ? {username: body.username.toLowerCase()} : {}),
		...optional('phone_number'),
		...optional('phone_verified'),
		created_at: time,
		updated_at: time,
		identities: [{connection: connection.name, provider: 'auth0', user_id: id, isSocial: false}],
		...(isFilled(body.app_metadata) ? {app_metadata: withoutNulls(body.app_metadata as JsonObject)} : {}),
		...(isFilled(body.user_metadata) ? {user_metadata: withoutNulls(body.user_metadata as JsonObject)} : {}),
		picture: typeof body.picture === 'string' ? body.picture : gravatarUrl(email),
		name: typeof body.name === 'string' ? body.name : email,
		nickname: typeof body.nickname === 'string' ? body.nickname : email.split('@')[0] ?? email,
		logins_count: 0,
		...(body.blocked === true ? {blocked: true} : {}),
		...optional('given_name'),
		...optional('family_name'),
	});
	tenant.put(user);
	tenant.rememberPassword(user.user_id, password);
	tenant.logApiCall(user, {description: 'Create a User', method: 'post', path: '/api/v2/users', status: 201, clientId: context.clientId, body: redacted(body)});
	return {status: 201, body: user};
}

/** The pairs PATCH /users/{id} refuses to change together (its documented 400s). */
const exclusive: ReadonlyArray<readonly [string, string]> = [
	['password', 'email'],
	['password', 'email_verified'],
	['username', 'email'],
	['username', 'email_verified'],
	['username', 'password'],
];

/** What PATCH writes; the rest of the known properties steer the call (connection, client_id, verify_*). */
const writable = new Set(['blocked', 'email_verified', 'email', 'phone_number', 'phone_verified', 'given_name', 'family_name', 'name', 'nickname', 'picture', 'username']);

async function updateUser(context: RouteContext) {
	const user = existingUser(context);
	const body = parseJsonObject(await context.body());
	checkPayload(body, updateUserSchema, {additional: true});
	const {tenant} = context;
	// update:users_app_metadata alone may change app_metadata and nothing else.
	if (!context.scopes.has('update:users') && Object.keys(body).some(key => key !== 'app_metadata')) {
		throw new ApiError(403, 'Insufficient scope, expected any of: update:users', 'insufficient_scope');
	}

	for (const [first, second] of exclusive) {
		if (body[first] !== undefined && body[second] !== undefined) {
			throw badRequest(`Cannot update ${first} and ${second} simultaneously.`);
		}
	}

	const connectionName = typeof body.connection === 'string' ? body.connection : user.identities[0]?.connection ?? '';
	const connection = tenant.connectionByName(connectionName);
	if (connection === undefined) {
		throw badRequest('Connection does not exist.', 'inexistent_connection');
	}

	const database = connection.strategy === 'auth0';
	if (body.email !== undefined && !database) {
		throw badRequest('Cannot update email for non-database user.', 'operation_not_supported');
	}

	if ((body.password !== undefined || body.username !== undefined) && !database) {
		throw badRequest('Connection is not supported for this operation.', 'operation_not_supported');
	}

	if ((body.email !== undefined || body.password !== undefined) && connection.enabled_clients.length === 0) {
		throw badRequest('Cannot change email or password for users in a disabled connection.');
	}

	if (typeof body.email === 'string') {
		const other = tenant.userByEmail(body.email, connectionName);
		if (other !== undefined && other.user_id !== user.user_id) {
			throw badRequest('The specified new email already exists');
		}
	}

	if (typeof body.password === 'string') {
		checkPolicy(tenant, connection, body.password, user, user.user_id);
	}

	const time = new Date(tenant.now()).toISOString();
	const next: Record<string, unknown> = {...user, updated_at: time};
	for (const [key, value] of Object.entries(body)) {
		if (key === 'user_metadata' || key === 'app_metadata') {
			const merged = mergeRoot(user[key], value as JsonObject | null);
			if (merged === undefined) {
				delete next[key];
			} else {
				next[key] = merged;
			}
		} else if (key === 'password' && typeof value === 'string') {
			tenant.rememberPassword(user.user_id, value);
			next.last_password_reset = time;
		} else if (writable.has(key)) {
			if (value === null) {
				delete next[key];
			} else {
				next[key] = key === 'email' || key === 'username' ? (value as string).trim().toLowerCase() : value;
			}
		}
	}

	const updated = orderUserFields(next as User);
	tenant.put(updated);
	tenant.logApiCall(updated, {description: 'Update a User', method: 'patch', path: `/api/v2/users/${encodeURIComponent(user.user_id)}`, status: 200, clientId: context.clientId, body: redacted(body)});
	return {status: 200, body: updated};
}

/**
 * Metadata merges at the root: each key replaces the stored one, `null`
 * deletes it, and an empty object (or null) clears the whole object
 * (https://auth0.com/docs/manage-users/user-accounts/metadata/manage-metadata-api).
 */
function mergeRoot(current: JsonObject | undefined, patch: JsonObject | null): JsonObject | undefined {
	if (patch === null || Object.keys(patch).length === 0) {
		return undefined;
	}

	const merged = mergeMetadata(current, patch);
	return Object.keys(merged).length === 0 ? undefined : merged;
}

function withoutNulls(value: JsonObject): JsonObject {
	return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== null)) as JsonObject;
}

function isFilled(value: unknown): boolean {
	return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}

/** The request body as a log event records it: never the password. */
function redacted(body: Record<string, unknown>): JsonObject {
	const copy = {...body} as JsonObject;
	if ('password' in copy) {
		copy.password = '*****';
	}

	return copy;
}

function deleteUser(context: RouteContext) {
	const user = context.tenant.users.get(context.params[0] ?? '');
	// Deleting a user that is already gone answers 204 as well: the call is idempotent.
	if (user !== undefined) {
		context.tenant.remove(user.user_id);
		context.tenant.logApiCall(user, {description: 'Delete a User', method: 'delete', path: `/api/v2/users/${encodeURIComponent(user.user_id)}`, status: 204, clientId: context.clientId});
	}

	return {status: 204, body: undefined};
}

function userLogs(context: RouteContext) {
	const {query, tenant} = context;
	const userId = context.params[0] ?? '';
	const perPage = integer(query.get('per_page'), 'per_page', 1, maxPerPage) ?? 50;
	const page = integer(query.get('page'), 'page', 0) ?? 0;
	const includeTotals = flag(query.get('include_totals'), 'include_totals') ?? false;
	const sort = query.get('sort') ?? 'date:-1';
	const match = logSortPattern.exec(sort);
	if (match === null) {
		throw badQuery(`'String does not match pattern ${logSortPattern.source}: ${sort}' on property sort (Field to sort by. Use \`fieldname:1\` for ascending order and \`fieldname:-1\` for descending.).`);
	}

	// Events older than the tenant's retention are gone; at most 1,000 are reachable.
	const oldest = tenant.now() - context.controls.logRetentionDays * 24 * 3600 * 1000;
	const kept = tenant.logsOf(userId).filter(event => Date.parse(event.date) >= oldest);
	const field = match[1] as keyof LogEvent;
	const sign = match[2] === '-1' ? -1 : 1;
	const ordered = field === 'date'
		? (sign < 0 ? kept.toReversed() : kept)
		: kept.toSorted((a, b) => sign * String(a[field] ?? '').localeCompare(String(b[field] ?? '')));
	const reachable = ordered.slice(0, resultCap);
	const logs = reachable.slice(page * perPage, page * perPage + perPage);
	if (!includeTotals) {
		return {status: 200, body: logs};
	}

	return {status: 200, body: {start: page * perPage, limit: perPage, length: logs.length, total: reachable.length, logs}};
}
