// Import and export jobs (https://auth0.com/docs/manage-users/user-migration/bulk-user-imports,
// https://auth0.com/docs/manage-users/user-migration/bulk-user-exports):
// asynchronous, polled with GET /jobs/{id}. A job moves pending → processing
// → completed (or failed) as it is polled (`controls.jobs`), never by the
// clock, so tests stay independent of speed. The work itself (validating and
// writing users, building the file) happens on the poll that completes it.
import {createHmac, randomBytes} from 'node:crypto';
import {gzipSync} from 'node:zlib';
import {auth0CsvCell, isoDate} from '../../../source/domain/export/csv.js';
import {defaultCsvFields, fieldValue, maxCsvFields} from '../../../source/domain/export/field-path.js';
import {redactEntry} from '../../../source/domain/import/import-error.js';
import {importKey, newImportedUser, upsertUser} from '../../../source/domain/import/import-profile.js';
import {validateImportUser} from '../../../source/domain/import/validate-import-user.js';
import type {User} from '../../../source/domain/types.js';
import type {Controls} from './controls.js';
import {ApiError, badRequest, parseJsonObject} from './http.js';
import type {Route, RouteContext} from './router.js';
import type {Tenant} from './tenant.js';

/** Auth0's limit on an import request's content (413 past it). */
export const maxImportBytes = 512_000;
/** Import jobs that may be pending or processing at once (a third gets 429). */
export const maxConcurrentImports = 2;

type JobStatus = 'pending' | 'processing' | 'completed' | 'failed';
type JobError = {user: unknown; errors: Array<{code: string; message: string; path: string}>};

type Job = {
	id: string;
	type: 'users_import' | 'users_export';
	status: JobStatus;
	created_at: string;
	connection_id?: string;
	connection?: string;
	polls: number;
	/** Who submitted it: the client the sapi events name. */
	clientId: string;
	// import
	entries?: unknown;
	upsert?: boolean;
	external_id?: string;
	send_completion_email?: boolean;
	summary?: {failed: number; updated: number; inserted: number; total: number};
	errors?: JobError[];
	status_details?: string;
	// export
	format?: 'json' | 'csv';
	limit?: number;
	fields?: Array<{name: string; export_as?: string}>;
	file?: {data: Buffer; expires: number; name: string};
};

export class JobStore {
	readonly #jobs = new Map<string, Job>();
	readonly #secret = randomBytes(16);
	readonly #tenant: Tenant;
	readonly #controls: Controls;

	constructor(tenant: Tenant, controls: Controls) {
		this.#tenant = tenant;
		this.#controls = controls;
	}

	get(id: string): Job | undefined {
		return this.#jobs.get(id);
	}

	add(job: Job): void {
		this.#jobs.set(job.id, job);
	}

	activeImports(): number {
		return [...this.#jobs.values()].filter(job => job.type === 'users_import' && (job.status === 'pending' || job.status === 'processing')).length;
	}

	/** One poll: the job moves on as `controls.jobs` says, and does its work when it completes. */
	poll(job: Job): void {
		const pace = this.#controls.jobs;
		if (pace.hold || job.status === 'completed' || job.status === 'failed') {
			return;
		}

		job.polls++;
		if (job.status === 'pending' && job.polls > pace.pendingPolls) {
			job.status = 'processing';
			job.polls = 1;
		}

		if (job.status === 'processing' && job.polls > pace.processingPolls) {
			if (job.type === 'users_import') {
				runImport(this.#tenant, job);
			} else {
				this.#runExport(job);
			}
		}
	}

	/** A download link's answer, if `path` is one (checked: signature and expiry). */
	download(method: string, path: string, params: URLSearchParams): {data: Buffer; contentType: string} | undefined {
		const match = /^\/double-exports\/(job_[a-zA-Z0-9]+)\/[^/]+$/.exec(path);
		if (method !== 'GET' || match === null) {
			return undefined;
		}

		const job = this.#jobs.get(match[1]!);
		const expires = Number(params.get('expires'));
		if (job?.file === undefined || params.get('signature') !== this.#sign(job.id, expires)) {
			throw ApiError.raw(403, {error: 'AccessDenied', message: 'Invalid signature'});
		}

		if (Date.now() > expires) {
			throw ApiError.raw(403, {error: 'AccessDenied', message: 'Request has expired'});
		}

		return {data: job.file.data, contentType: 'application/gzip'};
	}

	close(): void {
		this.#jobs.clear();
	}

	#runExport(job: Job): void {
		const users = [...this.#tenant.users.values()]
			.filter(user => job.connection === undefined || user.identities[0]?.connection === job.connection)
			.slice(0, job.limit ?? Number.POSITIVE_INFINITY);
		const text = job.format === 'json' ? ndjson(users, job.fields) : csv(users, job.fields);
		const expires = Date.now() + this.#controls.exportLinkLifetimeMs;
		const name = `${this.#tenant.hostname}.${job.format === 'json' ? 'json' : 'csv'}.gz`;
		job.file = {data: gzipSync(text), expires, name};
		job.status = 'completed';
	}

	/** The short-lived, signed link a completed export answers with in `location`. */
	location(job: Job, origin: string): string | undefined {
		if (job.file === undefined) {
			return undefined;
		}

		const query = new URLSearchParams({expires: String(job.file.expires), signature: this.#sign(job.id, job.file.expires)});
		return `${origin}/double-exports/${job.id}/${job.file.name}?${query}`;
	}

	#sign(id: string, expires: number): string {
		return createHmac('sha256', this.#secret).update(`${id}:${expires}`).digest('hex');
	}
}

export const jobRoutes: Route[] = [
	{method: 'POST', path: /^\/api\/v2\/jobs\/users-imports$/, scopes: ['create:users'], handle: createImport},
	{method: 'POST', path: /^\/api\/v2\/jobs\/users-exports$/, scopes: ['read:users'], handle: createExport},
	{method: 'GET', path: /^\/api\/v2\/jobs\/([^/]+)$/, scopes: ['create:users', 'read:users'], handle: getJob},
	{method: 'GET', path: /^\/api\/v2\/jobs\/([^/]+)\/errors$/, scopes: ['create:users', 'read:users'], handle: getJobErrors},
];

const jobsOf = (context: RouteContext) => context.jobs;
const newJobId = () => `job_${randomBytes(12).toString('base64url').replaceAll(/[-_]/g, 'x')}`;

/** POST /jobs/users-imports, with the refusals its reference lists, in the order a server meets them. */
async function createImport(context: RouteContext) {
	const contentType = String(context.headers['content-type'] ?? '');
	if (!contentType.startsWith('multipart/form-data')) {
		throw badRequest('Payload validation error: \'Invalid multipart payload format\'.');
	}

	// "Payload content length greater than maximum allowed: 512000": the limit is
	// on the request's content, multipart envelope included, so a file must stay a little under 500 KB.
	const body = await context.body(maxImportBytes);
	let form: FormData;
	try {
		form = await new Request('https://double.invalid/', {method: 'POST', headers: {'content-type': contentType}, body}).formData();
	} catch {
		throw badRequest('Payload validation error: \'Invalid multipart payload format\'.');
	}

	const file = form.get('users');
	const connectionId = form.get('connection_id');
	if (file === null || typeof file === 'string') {
		throw badRequest('Must provide \'users\' file as multipart part.');
	}

	if (file.size === 0) {
		throw badRequest('Users file must not be empty.');
	}

	if (typeof connectionId !== 'string') {
		throw badRequest('Must provide \'connection_id\' as multipart part.');
	}

	if (!/^con_[A-Za-z0-9]{16}$/.test(connectionId)) {
		throw badRequest('Payload validation error: \'String does not match pattern ^con_[A-Za-z0-9]{16}$\' on property connection_id.');
	}

	const connection = context.tenant.connectionById(connectionId);
	if (connection === undefined) {
		throw badRequest('The connection does not exist.', 'inexistent_connection');
	}

	if (connection.strategy !== 'auth0') {
		throw badRequest('Connection must be a database connection.');
	}

	if (connection.enabled_clients.length === 0) {
		throw badRequest('Connection must be enabled.');
	}

	const jobs = jobsOf(context);
	if (jobs.activeImports() >= maxConcurrentImports) {
		throw new ApiError(429, `There are ${maxConcurrentImports} active import users jobs, please wait until some of them are finished and try again`);
	}

	const text = await file.text();
	let entries: unknown;
	try {
		entries = JSON.parse(text);
	} catch {
		entries = undefined;
	}

	const externalId = form.get('external_id');
	const job: Job = {
		id: newJobId(),
		type: 'users_import',
		status: 'pending',
		created_at: new Date().toISOString(),
		connection_id: connection.id,
		connection: connection.name,
		polls: 0,
		clientId: context.clientId,
		entries,
		upsert: form.get('upsert') === 'true',
		send_completion_email: form.get('send_completion_email') !== 'false',
		...(typeof externalId === 'string' ? {external_id: externalId} : {}),
	};
	jobs.add(job);
	return {status: 202, body: importView(job)};
}

function importView(job: Job) {
	return {
		type: job.type,
		status: job.status,
		connection_id: job.connection_id,
		connection: job.connection,
		created_at: job.created_at,
		id: job.id,
		...(job.external_id === undefined ? {} : {external_id: job.external_id}),
		upsert: job.upsert,
		send_completion_email: job.send_completion_email,
		...(job.summary === undefined ? {} : {summary: job.summary}),
		...(job.status_details === undefined ? {} : {status_details: job.status_details}),
	};
}

function runImport(tenant: Tenant, job: Job): void {
	const entries = job.entries;
	if (!Array.isArray(entries)) {
		job.status = 'failed';
		job.status_details = 'Failed to parse users file JSON when importing users. Make sure it is valid JSON.';
		return;
	}

	const connection = job.connection!;
	const summary = {failed: 0, updated: 0, inserted: 0, total: entries.length};
	const errors: JobError[] = [];
	const seen = new Set<string>();
	const now = new Date(tenant.now());
	for (const entry of entries) {
		const {user: valid, errors: problems} = validateImportUser(entry);
		const fail = (list: Array<{code: string; message: string; path?: string}>) => {
			summary.failed++;
			errors.push({user: redactEntry(entry), errors: list.map(({code, message, path}) => ({code, message, path: path ?? ''}))});
		};

		if (valid === undefined || problems.length > 0) {
			fail(problems);
			continue;
		}

		const key = importKey(valid);
		if (seen.has(key)) {
			fail([{code: 'DUPLICATED_USER', message: 'User is duplicated in the file.'}]);
			continue;
		}

		seen.add(key);
		const existing = tenant.userByEmail(key, connection);
		if (existing !== undefined && !job.upsert) {
			fail([{code: 'DUPLICATED_USER', message: 'The user already exist and upsert parameter is false'}]);
			continue;
		}

		let written: User;
		if (existing === undefined) {
			const id = valid.user_id ?? randomBytes(12).toString('hex');
			if (tenant.users.has(`auth0|${id}`)) {
				fail([{code: 'CONFLICT', message: `A user with user_id auth0|${id} already exists`, path: 'user_id'}]);
				continue;
			}

			written = newImportedUser({entry: valid, id, connection, now});
			summary.inserted++;
		} else {
			written = upsertUser(existing, valid, now).user;
			summary.updated++;
		}

		tenant.put(written);
		tenant.logApiCall(written, {description: 'Import users', method: 'post', path: '/api/v2/jobs/users-imports', status: 202, clientId: job.clientId});
	}

	job.summary = summary;
	job.errors = errors;
	job.status = 'completed';
}

async function createExport(context: RouteContext) {
	const body = parseJsonObject(await context.body());
	const {tenant} = context;
	const format = body.format ?? 'csv';
	if (format !== 'json' && format !== 'csv') {
		throw badRequest(`Payload validation error: 'No enum match for: "${String(format)}"' on property format (The format of the file. Valid values are: "json" and "csv".).`);
	}

	let connection: string | undefined;
	if (body.connection_id !== undefined) {
		const found = typeof body.connection_id === 'string' ? tenant.connectionById(body.connection_id) : undefined;
		if (found === undefined) {
			throw badRequest('The connection does not exist.', 'inexistent_connection');
		}

		connection = found.name;
	}

	const fields = body.fields;
	if (fields !== undefined && (!Array.isArray(fields) || fields.some(field => typeof field !== 'object' || field === null || typeof (field as {name?: unknown}).name !== 'string'))) {
		throw badRequest('Payload validation error: \'Expected type array of {name, export_as?}\' on property fields.');
	}

	if (format === 'csv' && Array.isArray(fields) && fields.length > maxCsvFields) {
		throw badRequest(`Payload validation error: 'Array is too long (${fields.length}), maximum ${maxCsvFields}' on property fields.`);
	}

	const limit = body.limit;
	if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) {
		throw badRequest('Payload validation error: \'Expected a positive integer\' on property limit.');
	}

	const job: Job = {
		id: newJobId(),
		type: 'users_export',
		status: 'pending',
		created_at: new Date().toISOString(),
		...(connection === undefined ? {} : {connection_id: body.connection_id as string, connection}),
		polls: 0,
		clientId: context.clientId,
		format,
		...(limit === undefined ? {} : {limit}),
		...(fields === undefined ? {} : {fields: fields as Job['fields']}),
	};
	jobsOf(context).add(job);
	return {status: 200, body: exportView(job, undefined)};
}

function exportView(job: Job, location: string | undefined) {
	return {
		type: job.type,
		status: job.status,
		...(job.connection_id === undefined ? {} : {connection_id: job.connection_id, connection: job.connection}),
		format: job.format,
		...(job.limit === undefined ? {} : {limit: job.limit}),
		...(job.fields === undefined ? {} : {fields: job.fields}),
		...(location === undefined ? {} : {location}),
		created_at: job.created_at,
		id: job.id,
	};
}

function getJob(context: RouteContext) {
	const jobs = jobsOf(context);
	const job = existingJob(context);
	jobs.poll(job);
	if (job.type === 'users_import') {
		return {status: 200, body: importView(job)};
	}

	return {status: 200, body: exportView(job, jobs.location(job, context.origin))};
}

/**
 * A completed import's refused users, `[{user, errors: [{code, message,
 * path}]}]` with hashes as `*****`; none: 204. A job that has not finished
 * (or failed as a whole) answers with the job itself.
 */
function getJobErrors(context: RouteContext) {
	const job = existingJob(context);
	if (job.status !== 'completed') {
		return {status: 200, body: job.type === 'users_import' ? importView(job) : exportView(job, undefined)};
	}

	const errors = job.errors ?? [];
	return errors.length === 0 ? {status: 204, body: undefined} : {status: 200, body: errors};
}

function existingJob(context: RouteContext): Job {
	const job = jobsOf(context).get(context.params[0] ?? '');
	if (job === undefined) {
		throw new ApiError(404, 'The job does not exist.', 'inexistent_job');
	}

	return job;
}

function exportFields(fields: Job['fields']): Array<{name: string; as: string}> {
	return (fields ?? defaultCsvFields.map((name): {name: string; export_as?: string} => ({name}))).map(field => ({name: field.name, as: field.export_as ?? field.name}));
}

/** One JSON object per line; without `fields`, each user whole. */
function ndjson(users: User[], fields: Job['fields']): string {
	const lines = users.map(user => JSON.stringify(fields === undefined
		? user
		: Object.fromEntries(exportFields(fields).map(({name, as}) => [as, fieldValue(user, name) ?? null]).filter(([, value]) => value !== null))));
	return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function csv(users: User[], fields: Job['fields']): string {
	const columns = exportFields(fields);
	const header = columns.map(column => column.as).join(',');
	const rows = users.map(user => columns.map(({name}) => {
		const value = fieldValue(user, name);
		return auth0CsvCell(value, typeof value === 'string' && isoDate.test(value));
	}).join(','));
	return `${[header, ...rows].join('\n')}\n`;
}
