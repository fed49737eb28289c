// Import and export jobs through the real SDK: the multipart upload, the
// state machine polled with GET /jobs/{id}, summary counts, per-user errors
// with hashes redacted, the 500 KB and 2-concurrent-imports limits, and the
// export's short-lived download link.
import {Buffer} from 'node:buffer';
import {gunzipSync} from 'node:zlib';
import {Management} from 'auth0';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {failure, requestsTo, sdk} from './sdk.js';

let double: Auth0Double;
let client: ReturnType<typeof sdk>;
let connectionId: string;

beforeAll(async () => {
	double = await startAuth0Double({users: 40});
	client = sdk(double);
	connectionId = double.tenant.connectionByName('Username-Password-Authentication')!.id;
});

afterEach(() => {
	double.controls.releaseJobs();
	double.controls.exportLinkLifetimeMs = 60_000;
});

afterAll(async () => {
	await double?.close();
});


const file = (users: unknown) => Buffer.from(JSON.stringify(users));
const bcrypt = '$2b$10$C9bKpm5zFAnBmLsLTvVHcuTcNSLTDf7dbeBYL9YH2gJdxRnpJ9PQm';

/** Polls the job until it settles, noting each status seen. */
async function settle(id: string): Promise<{statuses: string[]; job: Management.GetJobResponseContent}> {
	const statuses: string[] = [];
	for (let poll = 0; poll < 20; poll++) {
		const job = await client.jobs.get(id);
		statuses.push(job.status);
		if (job.status === 'completed' || job.status === 'failed') {
			return {statuses, job};
		}
	}

	throw new Error(`job ${id} did not settle: ${statuses.join(' → ')}`);
}

describe('POST /api/v2/jobs/users-imports', () => {
	it('accepts the SDK\'s multipart upload (202) and runs pending → processing → completed with a summary', async () => {
		const existing = [...double.users.values()].find(user => user.identities[0]?.connection === 'Username-Password-Authentication')!;
		const created = await client.jobs.usersImports.create({
			users: file([
				{email: 'imported.one@example.test', email_verified: true, user_metadata: {source: 'import'}},
				{email: 'imported.two@example.test', password_hash: bcrypt},
				{email: existing.email, name: 'Clash'},
				{email_verified: true, custom_password_hash: {algorithm: 'md5', hash: {value: 'd41d8cd98f00b204e9800998ecf8427e'}}},
				{email: 'imported.one@example.test'},
			]),
			connection_id: connectionId,
			upsert: false,
		});
		expect(created).toMatchObject({type: 'users_import', status: 'pending', connection_id: connectionId, connection: 'Username-Password-Authentication'});
		expect(created.id).toMatch(/^job_/);
		expect(requestsTo(double, '/api/v2/jobs/users-imports').at(-1)!.status).toBe(202);

		const early = await client.jobs.errors.get(created.id);
		expect(early).toMatchObject({id: created.id, status: 'pending'});

		const {statuses, job} = await settle(created.id);
		expect(statuses).toEqual(['pending', 'processing', 'completed']);
		expect(job.summary).toEqual({failed: 3, updated: 0, inserted: 2, total: 5});
		const imported = [...double.users.values()].find(user => user.email === 'imported.one@example.test');
		expect(imported).toMatchObject({email_verified: true, user_metadata: {source: 'import'}, identities: [{connection: 'Username-Password-Authentication', provider: 'auth0'}]});

		const errors = await client.jobs.errors.get(created.id) as Management.GetJobErrorResponseContent[];
		expect(errors).toHaveLength(3);
		expect(errors.map(entry => entry.errors?.[0]?.code)).toEqual(['DUPLICATED_USER', expect.any(String), 'DUPLICATED_USER']);
		expect(errors[1]!.user).toMatchObject({custom_password_hash: {hash: {value: '*****'}}});
		expect(JSON.stringify(errors)).not.toContain('d41d8cd98f00b204e9800998ecf8427e');
	});

	it('updates existing users with upsert, and answers 204 on /errors when nothing failed', async () => {
		const existing = [...double.users.values()].find(user => user.identities[0]?.connection === 'Username-Password-Authentication' && user.email !== undefined)!;
		const created = await client.jobs.usersImports.create({users: file([{email: existing.email, given_name: 'Upserted'}]), connection_id: connectionId, upsert: true});
		const {job} = await settle(created.id);
		expect(job.summary).toEqual({failed: 0, updated: 1, inserted: 0, total: 1});
		expect(double.users.get(existing.user_id)?.given_name).toBe('Upserted');
		await expect(client.jobs.errors.get(created.id)).resolves.toBeUndefined();
		expect(requestsTo(double, `/api/v2/jobs/${created.id}/errors`).at(-1)!.status).toBe(204);
	});

	it('fails a job whose file is not a JSON array', async () => {
		const created = await client.jobs.usersImports.create({users: Buffer.from('{"not": "an array"'), connection_id: connectionId});
		const {job} = await settle(created.id);
		expect(job.status).toBe('failed');
		expect(job.status_details).toMatch(/JSON/);
	});

	it('allows 2 import jobs at once: a third gets 429 until one finishes', async () => {
		double.controls.jobs.hold = true;
		const first = await client.jobs.usersImports.create({users: file([{email: 'held1@example.test'}]), connection_id: connectionId});
		await client.jobs.usersImports.create({users: file([{email: 'held2@example.test'}]), connection_id: connectionId});
		const third = await failure(client.jobs.usersImports.create({users: file([{email: 'held3@example.test'}]), connection_id: connectionId}));
		expect(third).toBeInstanceOf(Management.TooManyRequestsError);
		expect(third.body).toEqual({statusCode: 429, error: 'Too Many Requests', message: 'There are 2 active import users jobs, please wait until some of them are finished and try again'});
		expect((await client.jobs.get(first.id)).status).toBe('pending');

		double.controls.releaseJobs();
		await settle(first.id);
		await expect(client.jobs.usersImports.create({users: file([{email: 'held3@example.test'}]), connection_id: connectionId})).resolves.toMatchObject({status: 'pending'});
	});

	it('refuses a request over 500 KB with 413 and a bad connection with 400', async () => {
		const big = file(Array.from({length: 6000}, (_, index) => ({email: `bulk${index}@example.test`, name: 'x'.repeat(60)})));
		expect(big.length).toBeGreaterThan(512_000);
		const tooLarge = await failure(client.jobs.usersImports.create({users: big, connection_id: connectionId}));
		expect(tooLarge).toBeInstanceOf(Management.ContentTooLargeError);
		expect(tooLarge.body).toMatchObject({statusCode: 413, message: 'Payload content length greater than maximum allowed: 512000'});

		const pattern = await failure(client.jobs.usersImports.create({users: file([{email: 'a@example.test'}]), connection_id: 'Username-Password-Authentication'}));
		expect(pattern.body).toMatchObject({statusCode: 400, message: 'Payload validation error: \'String does not match pattern ^con_[A-Za-z0-9]{16}$\' on property connection_id.'});
		const social = double.tenant.connectionByName('github')!.id;
		const notDatabase = await failure(client.jobs.usersImports.create({users: file([{email: 'a@example.test'}]), connection_id: social}));
		expect(notDatabase.body).toMatchObject({message: 'Connection must be a database connection.'});
		const empty = await failure(client.jobs.usersImports.create({users: Buffer.alloc(0), connection_id: connectionId}));
		expect(empty.body).toMatchObject({message: 'Users file must not be empty.'});
	});

	it('answers 404 for an unknown job', async () => {
		const error = await failure(client.jobs.get('job_doesnotexist0000'));
		expect(error).toBeInstanceOf(Management.NotFoundError);
	});
});

describe('POST /api/v2/jobs/users-exports', () => {
	async function download(location: string): Promise<string> {
		const response = await fetch(location);
		expect(response.status).toBe(200);
		return gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8');
	}

	it('exports NDJSON, gzipped, behind a download link in `location`', async () => {
		const created = await client.jobs.usersExports.create({format: 'json', fields: [{name: 'user_id'}, {name: 'email'}, {name: 'identities[0].connection', export_as: 'provider'}]});
		expect(created).toMatchObject({type: 'users_export', status: 'pending', format: 'json'});
		expect(requestsTo(double, '/api/v2/jobs/users-exports').at(-1)!.status).toBe(200);
		const {statuses, job} = await settle(created.id);
		expect(statuses.at(-1)).toBe('completed');
		expect(job.location).toMatch(new RegExp(`^https://${double.domain.replaceAll('.', '\\.')}/`));
		const lines = (await download(job.location!)).trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
		expect(lines).toHaveLength(double.users.size);
		expect(lines[0]).toEqual(expect.objectContaining({user_id: expect.any(String), provider: expect.any(String)}));
		expect(Object.keys(lines[0]!).every(key => ['user_id', 'email', 'provider'].includes(key))).toBe(true);
	});

	it('exports CSV of one connection with a limit', async () => {
		const created = await client.jobs.usersExports.create({format: 'csv', connection_id: connectionId, limit: 3, fields: [{name: 'email'}, {name: 'created_at'}]});
		const {job} = await settle(created.id);
		const [header, ...rows] = (await download(job.location!)).trim().split('\n');
		expect(header).toBe('email,created_at');
		expect(rows).toHaveLength(3);
		expect(rows[0]).toMatch(/^"'[^"]+@[^"]+",\d{4}-\d{2}-\d{2}T/);
	});

	it('refuses an expired or altered link with 403', async () => {
		double.controls.exportLinkLifetimeMs = -1;
		const created = await client.jobs.usersExports.create({format: 'json'});
		const {job} = await settle(created.id);
		expect((await fetch(job.location!)).status).toBe(403);
		expect((await fetch(job.location!.replace(/signature=[0-9a-f]/, 'signature=x'))).status).toBe(403);
	});
});
