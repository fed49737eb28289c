// Connections, applications and device credentials, from Auth0's reference
// (https://auth0.com/docs/api/management/v2/connections/get-connections,
// …/clients/get-clients, …/device-credentials/get-device-credentials).
import {ApiError, flag, integer, projectFields} from './http.js';
import type {Route, RouteContext} from './router.js';
import {maxPerPage} from './users-api.js';

export const directoryRoutes: Route[] = [
	{method: 'GET', path: /^\/api\/v2\/connections$/, scopes: ['read:connections'], handle: listConnections},
	{method: 'GET', path: /^\/api\/v2\/clients$/, scopes: ['read:clients', 'read:client_summary'], handle: listClients},
	{method: 'GET', path: /^\/api\/v2\/device-credentials$/, scopes: ['read:device_credentials'], handle: listDevices},
	{method: 'DELETE', path: /^\/api\/v2\/device-credentials\/([^/]+)$/, scopes: ['delete:device_credentials'], handle: deleteDevice},
];

/**
 * Offset paging (`page`, `per_page`, `include_totals`) or checkpoint paging
 * (`from`, `take`: `{connections, next}`, the SDK's default); neither: an array.
 */
function listConnections(context: RouteContext) {
	const {query} = context;
	const strategies = query.all('strategy');
	const name = query.get('name');
	const includeFields = flag(query.get('include_fields'), 'include_fields');
	const all = context.tenant.connections
		.filter(connection => (strategies.length === 0 || strategies.includes(connection.strategy)) && (name === undefined || connection.name === name))
		.map(connection => projectFields(connection, query.get('fields'), includeFields));
	const take = integer(query.get('take'), 'take', 1, maxPerPage);
	const from = query.get('from');
	if (take !== undefined || from !== undefined) {
		const start = from === undefined ? 0 : Number.parseInt(Buffer.from(from, 'base64url').toString('utf8'), 10) || 0;
		const size = take ?? 50;
		const connections = all.slice(start, start + size);
		const next = start + size < all.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
		return {status: 200, body: {connections, ...(next === undefined ? {} : {next})}};
	}

	return offsetPage(context, all, 'connections');
}

function listClients(context: RouteContext) {
	const includeFields = flag(context.query.get('include_fields'), 'include_fields');
	const clients = context.tenant.clients.map(client => projectFields(client, context.query.get('fields'), includeFields));
	return offsetPage(context, clients, 'clients');
}

/**
 * Without `type`, the docs say the answer is a plain list of refresh tokens and
 * public keys, and `page`, `per_page` and `include_totals` are ignored.
 */
function listDevices(context: RouteContext) {
	const {query} = context;
	const userId = query.get('user_id');
	const clientId = query.get('client_id');
	const type = query.get('type');
	if (type !== undefined && !['public_key', 'refresh_token', 'rotating_refresh_token'].includes(type)) {
		throw new ApiError(400, `Query validation error: 'No enum match for: "${type}"' on property type (Type of credentials to retrieve.).`, 'invalid_query_string');
	}

	const includeFields = flag(query.get('include_fields'), 'include_fields');
	const devices = [...context.tenant.devices.values()]
		.filter(device => (userId === undefined || device.user_id === userId)
			&& (clientId === undefined || device.client_id === clientId)
			&& (type === undefined ? device.type !== 'rotating_refresh_token' : device.type === type))
		.map(device => projectFields(device, query.get('fields'), includeFields));
	if (type === undefined) {
		return {status: 200, body: devices};
	}

	return offsetPage(context, devices, 'device_credentials');
}

function deleteDevice(context: RouteContext) {
	const {tenant} = context;
	const id = context.params[0] ?? '';
	const device = tenant.devices.get(id);
	// The reference lists no 404: deleting a credential that is gone succeeds.
	if (device === undefined) {
		return {status: 204, body: undefined};
	}

	tenant.devices.delete(id);
	const user = tenant.users.get(device.user_id);
	if (user !== undefined) {
		tenant.logApiCall(user, {description: 'Delete a Device Credential', method: 'delete', path: `/api/v2/device-credentials/${encodeURIComponent(id)}`, status: 204, clientId: context.clientId});
	}

	return {status: 204, body: undefined};
}

/** `page`/`per_page` slicing; with include_totals `{start, limit, total, KEY}`, else the array. */
function offsetPage(context: RouteContext, items: unknown[], key: string) {
	const {query} = context;
	const perPage = integer(query.get('per_page'), 'per_page', 1, maxPerPage);
	const page = integer(query.get('page'), 'page', 0);
	const includeTotals = flag(query.get('include_totals'), 'include_totals') ?? false;
	const paged = perPage !== undefined || page !== undefined;
	const limit = perPage ?? 50;
	const start = (page ?? 0) * limit;
	const slice = paged ? items.slice(start, start + limit) : items;
	if (!includeTotals) {
		return {status: 200, body: slice};
	}

	return {status: 200, body: {start, limit, total: items.length, [key]: slice}};
}
