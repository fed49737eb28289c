// The users endpoints of the Management API v2, from Auth0's reference
// (https://auth0.com/docs/api/management/v2/users/get-users and its siblings)
// and the user-search pages (https://auth0.com/docs/manage-users/user-search).
import {randomBytes} from 'node:crypto';
import {validateEmail} from '../../../source/domain/email.js';
import {checkPassword} from '../../../source/domain/password-policy.js';
import {compileSearch, SearchSyntaxError} from '../../../source/domain/search/index.js';
import type {Connection, JsonObject, JsonValue, User} from '../../../source/domain/types.js';
import {gravatarUrl, orderUserFields} from '../../../source/domain/user-factory.js';
import {ApiError, badQuery, badRequest, flag, inexistentUser, integer, parseJsonObject, projectFields} from './http.js';
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
	if (engine !== undefined && engine !== 'v3') {
		// v1 and v2 are retired; only v3 answers.
		throw badQuery(`'No enum match for: "${engine}"' on property search_engine (The version of the search engine).`);
	}

	const perPage = integer(query.get('per_page'), 'per_page', 1, maxPerPage);
	const page = integer(query.get('page'), 'page', 0) ?? 0;
	const includeTotals = flag(query.get('include_totals'), 'include_totals') ?? false;
	const includeFields = flag(query.get('include_fields'), 'include_fields');
	const limit = perPage ?? 50;
	if (page * limit + limit > resultCap) {
		throw new ApiError(400, `You can only page through the first ${resultCap} records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation`, 'invalid_paging');
	}

	const predicate = compileQuery(query.get('q') ?? '');
	const connection = query.get('connection');
	let matches = [...tenant.searchable()].filter(user =>
		predicate(user) && (connection === undefined || user.identities.some(identity => identity.connection === connection)));
	const sort = query.get('sort');
	matches = sort === undefined ? matches : sortUsers(matches, sort);
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

function sortUsers(users: User[], sort: string): User[] {
	const match = sortPattern.exec(sort);
	if (match === null) {
		throw badQuery(`'String does not match pattern ^(([a-zA-Z0-9_\\.]+))\\:(1|-1)$: ${sort}' on property sort (Field to sort by. Use field:order where order is 1 for ascending and -1 for descending.).`);
	}

	const [, field = '', direction] = match;
	const sign = direction === '-1' ? -1 : 1;
	const read = (user: User): unknown => field.split('.').reduce<unknown>((value, key) =>
		typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined, user);
	return users
		.map(user => ({user, key: read(user)}))
		.sort((a, b) => {
			// Users without the field come last either way, as a search index orders missing values.
			if (a.key === undefined || b.key === undefined) {
				return a.key === b.key ? 0 : a.key === undefined ? 1 : -1;
			}

			const order = typeof a.key === 'number' && typeof b.key === 'number'
				? a.key - b.key
				: String(a.key).toLowerCase().localeCompare(String(b.key).toLowerCase());
			return sign * order || a.user.user_id.localeCompare(b.user.user_id);
		})
		.map(entry => entry.user);
}

function usersByEmail(context: RouteContext) {
	const email = context.query.get('email');
	if (email === undefined) {
		throw badQuery('\'Missing required property: email\'.');
	}

	const folded = email.toLowerCase();
	const includeFields = flag(context.query.get('include_fields'), 'include_fields');
	const users = [...context.tenant.users.values()]
		.filter(user => user.email?.toLowerCase() === folded)
		.map(user => projectFields(user, context.query.get('fields'), includeFields));
	return {status: 200, body: users};
}

function getUser(context: RouteContext) {
	const user = existingUser(context);
	return {status: 200, body: projectFields(user, context.query.get('fields'), flag(context.query.get('include_fields'), 'include_fields'))};
}

function existingUser(context: RouteContext): User {
	const user = context.tenant.users.get(context.params[0] ?? '');
	if (user === undefined) {
		throw inexistentUser();
	}

	return user;
}

const patchable: Record<string, 'boolean' | 'string' | 'object'> = {
	blocked: 'boolean',
	email_verified: 'boolean',
	email: 'string',
	phone_number: 'string',
	phone_verified: 'boolean',
	user_metadata: 'object',
	app_metadata: 'object',
	given_name: 'string',
	family_name: 'string',
	name: 'string',
	nickname: 'string',
	picture: 'string',
	verify_email: 'boolean',
	verify_phone_number: 'boolean',
	password: 'string',
	connection: 'string',
	client_id: 'string',
	username: 'string',
};

const creatable: Record<string, 'boolean' | 'string' | 'object'> = {
	...patchable,
	user_id: 'string',
};

function checkPayload(body: Record<string, unknown>, allowed: Record<string, 'boolean' | 'string' | 'object'>): void {
	const unknown = Object.keys(body).filter(key => !Object.hasOwn(allowed, key));
	if (unknown.length > 0) {
		throw badRequest(`Payload validation error: 'Additional properties not allowed: ${unknown.join(',')}'.`);
	}

	for (const [key, value] of Object.entries(body)) {
		const expected = allowed[key];
		const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
		// Metadata may be null in a PATCH: it clears the object.
		if (actual !== expected && !(expected === 'object' && actual === 'null')) {
			throw badRequest(`Payload validation error: 'Expected type ${expected} but found type ${actual}' on property ${key}.`);
		}
	}

	if (typeof body.email === 'string' && validateEmail(body.email) !== undefined) {
		throw badRequest(`Payload validation error: 'Object didn't pass validation for format email: ${body.email}' on property email (The user's email).`);
	}
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

	const ids = new Set(unmet.map(rule => rule.id));
	const message = ids.has('dictionary')
		? 'PasswordDictionaryError: Password is too common'
		: ids.has('personal')
			? 'PasswordNoUserInfoError: Password is based on user information'
			: ids.has('history')
				? 'PasswordHistoryError: Password has previously been used'
				: 'PasswordStrengthError: Password is too weak';
	throw new ApiError(400, message);
}

function databaseConnection(tenant: Tenant, name: string): Connection {
	const connection = tenant.connectionByName(name);
	if (connection === undefined) {
		throw badRequest('The connection does not exist.', 'inexistent_connection');
	}

	if (connection.strategy !== 'auth0') {
		throw badRequest(`Cannot create users in connection ${name}: it is not a database connection.`, 'operation_not_supported');
	}

	if (connection.enabled_clients.length === 0) {
		throw badRequest('The connection is disabled', 'connection_disabled');
	}

	return connection;
}

async function createUser(context: RouteContext) {
	const body = parseJsonObject(await context.body());
	checkPayload(body, creatable);
	for (const required of ['connection', 'email', 'password']) {
		if (body[required] === undefined) {
			throw badRequest(`Payload validation error: 'Missing required property: ${required}'.`);
		}
	}

	const {tenant} = context;
	const connection = databaseConnection(tenant, body.connection as string);
	const email = (body.email as string).trim().toLowerCase();
	if (tenant.userByEmail(email, connection.name) !== undefined) {
		throw new ApiError(409, 'The user already exists.', 'auth0_idp_error');
	}

	const id = typeof body.user_id === 'string' ? body.user_id : randomBytes(12).toString('hex');
	if (tenant.users.has(`auth0|${id}`)) {
		throw new ApiError(409, 'The user already exists.', 'auth0_idp_error');
	}

	const password = body.password as string;
	checkPolicy(tenant, connection, password, {...body, email} as Partial<User>);
	const time = new Date(tenant.now()).toISOString();
	const user = orderUserFields({
		user_id: `auth0|${id}`,
		email,
		email_verified: body.email_verified === true,
		...(typeof body.username === 'string' ? {username: body.username.toLowerCase()} : {}),
		...(typeof body.phone_number === 'string' ? {phone_number: body.phone_number} : {}),
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
		...(typeof body.given_name === 'string' ? {given_name: body.given_name} : {}),
		...(typeof body.family_name === 'string' ? {family_name: body.family_name} : {}),
	});
	tenant.put(user);
	tenant.rememberPassword(user.user_id, password);
	tenant.logApiCall(user, {description: 'Create a User', method: 'post', path: '/api/v2/users', status: 201, clientId: context.clientId, body: redacted(body)});
	return {status: 201, body: user};
}

async function updateUser(context: RouteContext) {
	const user = existingUser(context);
	const body = parseJsonObject(await context.body());
	checkPayload(body, patchable);
	const {tenant} = context;
	if (body.app_metadata !== undefined && !context.scopes.has('update:users') && Object.keys(body).some(key => key !== 'app_metadata')) {
		throw new ApiError(403, 'Insufficient scope, expected any of: update:users', 'insufficient_scope');
	}

	const connectionName = typeof body.connection === 'string' ? body.connection : user.identities[0]?.connection ?? '';
	const connection = tenant.connectionByName(connectionName);
	if ((body.password !== undefined || body.email !== undefined) && connection?.strategy !== 'auth0') {
		throw badRequest(`Cannot update ${body.password === undefined ? 'email' : 'password'} for non-database connections`, 'operation_not_supported');
	}

	if (typeof body.email === 'string') {
		const other = tenant.userByEmail(body.email, connectionName);
		if (other !== undefined && other.user_id !== user.user_id) {
			throw badRequest('The specified new email already exists', 'email_conflict');
		}
	}

	if (typeof body.password === 'string' && connection !== undefined) {
		checkPolicy(tenant, connection, body.password, user, user.user_id);
	}

	const time = new Date(tenant.now()).toISOString();
	const next: Record<string, unknown> = {...user, updated_at: time};
	for (const [key, value] of Object.entries(body)) {
		switch (key) {
			case 'user_metadata':
			case 'app_metadata': {
				const merged = mergeRoot(user[key], value as JsonObject | null);
				if (merged === undefined) {
					delete next[key];
				} else {
					next[key] = merged;
				}

				break;
			}

			case 'password': {
				tenant.rememberPassword(user.user_id, value as string);
				next.last_password_reset = time;
				break;
			}

			case 'email': {
				next.email = (value as string).trim().toLowerCase();
				break;
			}

			case 'connection':
			case 'client_id':
			case 'verify_email':
			case 'verify_phone_number': {
				break;
			}

			default: {
				next[key] = value;
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
 * deletes it, and an empty object (or null) clears the whole object.
 */
function mergeRoot(current: JsonObject | undefined, patch: JsonObject | null): JsonObject | undefined {
	if (patch === null || Object.keys(patch).length === 0) {
		return undefined;
	}

	const merged = new Map<string, JsonValue>(Object.entries(current ?? {}));
	for (const [key, value] of Object.entries(patch)) {
		if (value === null) {
			merged.delete(key);
		} else {
			merged.set(key, value);
		}
	}

	return merged.size === 0 ? undefined : Object.fromEntries(merged) as JsonObject;
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
	const match = /^(date):(1|-1)$/.exec(sort);
	if (match === null) {
		throw badQuery(`'String does not match pattern ^date:(1|-1)$: ${sort}' on property sort (Field to sort by. Use field:order where order is 1 for ascending and -1 for descending.).`);
	}

	// Events older than the tenant's retention are gone; at most 1,000 are reachable.
	const oldest = tenant.now() - context.controls.logRetentionDays * 24 * 3600 * 1000;
	const kept = tenant.logsOf(userId).filter(event => Date.parse(event.date) >= oldest);
	const ordered = match[2] === '-1' ? kept.toReversed() : kept;
	const reachable = ordered.slice(0, resultCap);
	const logs = reachable.slice(page * perPage, page * perPage + perPage);
	if (!includeTotals) {
		return {status: 200, body: logs};
	}

	return {status: 200, body: {start: page * perPage, limit: perPage, length: logs.length, total: reachable.length, logs}};
}
