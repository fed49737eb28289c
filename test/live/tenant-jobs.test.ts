// Auth0's user jobs from the commands, in process, through the real SDK and
// the Auth0 double: users import --tenant (checked first, split under the
// 500 KB limit, 2 jobs at a time, a third waiting on 429, per-user errors,
// progress only on a terminal, Ctrl-C naming the jobs still running), users
// export --tenant (formats, 0600, gunzip, https only) and pull (a new store
// read offline, its header label, an existing store refused without --force).
// Job states move per poll (the double's controls), and the waits between
// polls are replaced by a function the test drives: nothing waits on a clock.
import {mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {importToTenant, maxPartBytes, splitIntoParts, TenantImportStopped} from '../../source/live/import-to-tenant.js';
import {TenantJobs, type TenantJobsOptions} from '../../source/live/jobs.js';
import type {TenantTarget} from '../../source/services/target.js';
import {openLocalService} from '../../source/services/open-local-service.js';
import {Store} from '../../source/store/store.js';
import {groupDigits} from '../../source/domain/group-digits.js';
import {progressWriter} from '../../source/cli/tenant-jobs-command.js';
import {allScopes, type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {requestsTo, sdk} from '../contract/sdk.js';
import {renderDeck} from '../support/deck.js';
import {runMain} from '../support/run-main.js';

let double: Auth0Double;
let dir: string;
/** Called instead of each wait (between polls, after a 429); tests put their step in it. */
let onSleep: (ms: number) => Promise<void> | void = () => {};
const everything: string[] = [];

vi.mock('../../source/live/jobs.js', async importOriginal => {
	const original = await importOriginal<typeof import('../../source/live/jobs.js')>();
	return {
		...original,
		openTenantJobs: (target: TenantTarget, options: TenantJobsOptions = {}) => new original.TenantJobs(target, {...options, sleep: async ms => onSleep(ms)}),
	};
});

async function run(argv: string[]): Promise<{stdout: string; stderr: string; code: number}> {
	const result = await runMain(argv);
	everything.push(result.stdout, result.stderr);
	return result;
}

function target(): TenantTarget {
	return {kind: 'tenant', domain: double.domain, credentials: {kind: 'client-credentials', clientId: double.clientId, clientSecret: double.clientSecret}};
}

function jobs(): TenantJobs {
	return new TenantJobs(target(), {sleep: async ms => onSleep(ms)});
}

function file(name: string, users: unknown): string {
	const file = path.join(dir, name);
	writeFileSync(file, JSON.stringify(users));
	return file;
}

beforeAll(async () => {
	double = await startAuth0Double({users: 30});
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-jobs-'));
});

beforeEach(() => {
	vi.stubEnv('AUTH0_DOMAIN', double.domain);
	vi.stubEnv('AUTH0_CLIENT_ID', double.clientId);
	vi.stubEnv('AUTH0_CLIENT_SECRET', double.clientSecret);
	vi.stubEnv('AUTH0_ACCESS_TOKEN', '');
	onSleep = () => {};
});

afterEach(() => {
	vi.unstubAllEnvs();
	double.controls.releaseJobs();
	double.controls.clearFaults();
	double.controls.scopes = [...allScopes];
});

afterAll(async () => {
	await double?.close();
	await rm(dir, {recursive: true, force: true});
	// No client secret (nor anything derived from it) in any output of any command above.
	expect(everything.join('\n')).not.toContain(double.clientSecret);
});

describe('users import --tenant', () => {
	it('splits a file over 500 KB into several jobs, each request under the limit, and imports every user', async () => {
		const users = Array.from({length: 6000}, (_, index) => ({email: `split${index}@example.test`, name: `Split ${index} ${'x'.repeat(60)}`}));
		const big = file('big.json', users);
		expect(statSync(big).size).toBeGreaterThan(512_000);
		const before = requestsTo(double, '/api/v2/jobs/users-imports').length;

		const {stdout, stderr, code} = await run(['users', 'import', big, '--connection', 'Username-Password-Authentication', '--tenant', double.domain]);

		const sent = requestsTo(double, '/api/v2/jobs/users-imports').slice(before);
		expect(sent.length).toBeGreaterThanOrEqual(2);
		// The double answers 413 to a request over 512,000 bytes, envelope included.
		expect(sent.map(request => request.status)).toEqual(sent.map(() => 202));
		expect(code).toBe(0);
		expect(stdout).toContain(`Imported into Username-Password-Authentication on ${double.domain} (${sent.length} jobs): 6,000 created, 0 updated, 0 failed (of 6,000)`);
		// Not a terminal: no progress lines, as the local import.
		expect(stderr).not.toMatch(/job \d+\/\d+/);
		expect([...double.users.values()].filter(user => user.email?.startsWith('split')).length).toBe(6000);
	});

	it('keeps each part within the size given, in file order', () => {
		const entries = Array.from({length: 50}, (_, index) => ({email: `p${index}@example.test`, name: 'y'.repeat(100)}));
		const {parts, tooBig} = splitIntoParts(entries, entries.map((_, index) => index), 1000);
		expect(tooBig).toEqual([]);
		expect(parts.length).toBeGreaterThan(5);
		expect(parts.every(part => part.file.length <= 1000)).toBe(true);
		expect(parts.flatMap(part => part.indexes)).toEqual(entries.map((_, index) => index));
		expect(parts.flatMap(part => JSON.parse(part.file.toString()) as unknown[])).toEqual(entries);
		expect(maxPartBytes).toBeLessThan(512_000);
	});

	it('runs at most 2 jobs at once: five parts, no 429 from Auth0', async () => {
		const before = double.requests.length;
		const entries = Array.from({length: 25}, (_, index) => ({email: `five${index}@example.test`}));
		const result = await importToTenant(jobs(), entries, {connection: 'Username-Password-Authentication', upsert: false, partBytes: 200});
		expect(result.jobs.length).toBe(5);
		expect(result.created).toBe(25);
		expect(double.requests.slice(before).some(request => request.status === 429)).toBe(false);
	});

	it('waits when Auth0 already runs 2 import jobs (429) and imports once one finishes, never failing', async () => {
		const client = sdk(double);
		const connectionId = double.tenant.connectionByName('Username-Password-Authentication')!.id;
		double.controls.jobs.hold = true;
		const others = [
			await client.jobs.usersImports.create({users: Buffer.from(JSON.stringify([{email: 'other1@example.test'}])), connection_id: connectionId}),
			await client.jobs.usersImports.create({users: Buffer.from(JSON.stringify([{email: 'other2@example.test'}])), connection_id: connectionId}),
		];
		const waits: number[] = [];
		onSleep = async ms => {
			waits.push(ms);
			if (waits.length === 1) {
				// The other jobs finish (another admin's import): polled to the end.
				double.controls.releaseJobs();
				for (const other of others) {
					while (!['completed', 'failed'].includes((await client.jobs.get(other.id)).status)) {
						// Each poll moves the job on.
					}
				}
			}
		};

		const before = requestsTo(double, '/api/v2/jobs/users-imports').length;
		const progress: string[] = [];
		const waited: string[] = [];
		const result = await importToTenant(jobs(), [{email: 'third@example.test'}], {connection: 'Username-Password-Authentication', upsert: false, onProgress: line => progress.push(line), onWaiting: line => waited.push(line)});
		expect(requestsTo(double, '/api/v2/jobs/users-imports').slice(before).map(request => request.status)).toEqual([429, 202]);
		// The wait goes to its own channel (said even where progress is not: see progressWriter).
		expect(waited).toEqual(['job 1/1: Auth0 runs 2 import jobs at a time: waiting for one to finish…']);
		expect(progress).not.toContain(waited[0]);
		expect(result).toMatchObject({created: 1, failed: 0});
	});

	it('a wait is said on a terminal as progress, and elsewhere as a line of its own, once per reason', () => {
		const lines: string[] = [];
		const script = progressWriter({isTTY: false, write: (text: string) => lines.push(text)} as unknown as NodeJS.WriteStream);
		script.wait('job 1/2: rate limited by Auth0: waiting…');
		script.wait('job 1/2: rate limited by Auth0: waiting…');
		script.wait('job 2/2: Auth0 runs 2 import jobs at a time: waiting for one to finish…\u001B[2J');
		script.end();
		expect(lines).toEqual([
			'userdeck: job 1/2: rate limited by Auth0: waiting…\n',
			// Text from the network never reaches the terminal as control sequences.
			expect.stringMatching(/^userdeck: job 2\/2: Auth0 runs 2 import jobs at a time: waiting for one to finish…[^\u001B]*\n$/) as unknown as string,
		]);
		const written: string[] = [];
		const terminal = progressWriter({isTTY: true, columns: 80, write: (text: string) => written.push(text)} as unknown as NodeJS.WriteStream);
		terminal.wait('job 1/1: rate limited by Auth0: waiting…');
		terminal.end();
		expect(written).toEqual(['\rjob 1/1: rate limited by Auth0: waiting…', '\n']);
	});

	it('says what each job is doing while it polls (for the terminal\'s progress line)', async () => {
		double.controls.jobs.pendingPolls = 2;
		const progress: string[] = [];
		try {
			await importToTenant(jobs(), [{email: 'progress@example.test'}], {connection: 'Username-Password-Authentication', upsert: false, onProgress: line => progress.push(line)});
		} finally {
			double.controls.jobs.pendingPolls = 1;
		}

		expect(progress).toEqual(['job 1/1: sending 1 users…', 'job 1/1: pending…', 'job 1/1: pending…', 'job 1/1: processing…', 'job 1/1: completed: 1 created, 0 updated, 0 failed']);
		const written: string[] = [];
		const terminal = progressWriter({isTTY: true, columns: 80, write: (text: string) => written.push(text)} as unknown as NodeJS.WriteStream);
		terminal.say!('job 1/2: pending…');
		terminal.say!('job 1/2: processing…');
		terminal.end();
		expect(written).toEqual(['\rjob 1/2: pending…', '\rjob 1/2: processing…', '\n']);
		expect(progressWriter({isTTY: false} as unknown as NodeJS.WriteStream).say).toBeUndefined();
	});

	it('prints the users a job refused (from /errors) and those refused before any job, as the local import does; exit 1', async () => {
		const existing = [...double.users.values()].find(user => user.identities[0]?.connection === 'Username-Password-Authentication' && user.email)!;
		const mixed = file('mixed.json', [
			{email: 'fine@example.test'},
			{email: existing.email, name: 'Clash'},
			{name: 'No email'},
		]);
		const before = requestsTo(double, '/api/v2/jobs/users-imports').length;
		const {stdout, stderr, code} = await run(['users', 'import', mixed, '--connection', 'Username-Password-Authentication', '--tenant', double.domain]);
		expect(code).toBe(1);
		expect(stderr).toContain(`users[1] ${existing.email}: DUPLICATED_USER`);
		expect(stderr).toMatch(/^users\[2\]: OBJECT_REQUIRED/m);
		expect(stdout).toContain('1 created, 0 updated, 2 failed (of 3)');
		// The entry without an email was never sent: one job, with two users.
		expect(requestsTo(double, '/api/v2/jobs/users-imports').length).toBe(before + 1);
	});

	it('prints the result as JSON with --json: counts, jobs, failures in the shape of Auth0\'s job errors', async () => {
		const small = file('json.json', [{email: 'json1@example.test'}, {email: 'not-an-email', password_hash: 'secret-hash-value'}]);
		const {stdout, code} = await run(['users', 'import', small, '--connection', 'Username-Password-Authentication', '--tenant', double.domain, '--json']);
		expect(code).toBe(1);
		const result = JSON.parse(stdout) as {created: number; failed: number; jobs: Array<{id: string; status: string}>; failures: Array<{index: number; user: Record<string, unknown>; errors: Array<{code: string}>}>};
		expect(result).toMatchObject({created: 1, failed: 1, total: 2, tenant: double.domain});
		expect(result.jobs).toEqual([expect.objectContaining({id: expect.stringMatching(/^job_/), status: 'completed'})]);
		expect(result.failures[0]).toMatchObject({index: 1, user: {email: 'not-an-email'}});
		expect(stdout).not.toContain('secret-hash-value');
	});

	it('refuses an unknown or non-database connection before any job (exit 2)', async () => {
		const before = requestsTo(double, '/api/v2/jobs/users-imports').length;
		const small = file('small.json', [{email: 'x@example.test'}]);
		const unknown = await run(['users', 'import', small, '--connection', 'Nope', '--tenant', double.domain]);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toContain('No connection named Nope');
		const social = await run(['users', 'import', small, '--connection', 'github', '--tenant', double.domain]);
		expect(social.code).toBe(2);
		expect(social.stderr).toContain('not a database connection');
		expect(requestsTo(double, '/api/v2/jobs/users-imports').length).toBe(before);
	});

	it('names the scope a refused job needs, and sends no further part', async () => {
		double.controls.scopes = allScopes.filter(scope => scope !== 'create:users');
		const before = requestsTo(double, '/api/v2/jobs/users-imports').length;
		const parts = file('parts.json', Array.from({length: 10}, (_, index) => ({email: `scope${index}@example.test`})));
		const {code, stderr} = await run(['users', 'import', parts, '--connection', 'Username-Password-Authentication', '--tenant', double.domain]);
		expect(code).toBe(1);
		expect(stderr).toContain('create:users');
		// Both workers tried their first part; none took another after the refusal.
		expect(requestsTo(double, '/api/v2/jobs/users-imports').length - before).toBeLessThanOrEqual(2);
	});

	it('stops polling when interrupted and names the jobs still running at Auth0', async () => {
		double.controls.jobs.hold = true;
		const controller = new AbortController();
		onSleep = () => {
			controller.abort();
			throw new Error('aborted');
		};

		const error = await importToTenant(jobs(), [{email: 'stop1@example.test'}, {email: 'stop2@example.test'}], {connection: 'Username-Password-Authentication', upsert: false, partBytes: 40, signal: controller.signal}).catch((error: unknown) => error);
		expect(error).toBeInstanceOf(TenantImportStopped);
		const stopped = error as TenantImportStopped;
		expect(stopped.running.map(job => job.id)).toHaveLength(2);
		expect(stopped.message).toContain(`Still running on ${double.domain} (Auth0 cannot cancel an import job`);
		for (const job of stopped.running) {
			expect(stopped.message).toContain(job.id!);
		}

		// The jobs go on at Auth0: polled to their end here, so they hold no import slot for the tests after.
		double.controls.releaseJobs();
		const client = sdk(double);
		for (const job of stopped.running) {
			while (!['completed', 'failed'].includes((await client.jobs.get(job.id!)).status)) {
				// Each poll moves the job on.
			}
		}
	});
});

describe('one client per command', () => {
	// Each command opens one TenantJobs: one ManagementClient (so one token), one requester. A job's
	// own HTTP client beside it would fetch a second token and retry a 429 on its own as well.
	const tokens = () => requestsTo(double, '/oauth/token').length;

	it('users import --tenant: one token for the connections, the jobs, their polls and /errors; a 429 is waited for once, by userdeck alone', async () => {
		const before = {tokens: tokens(), imports: requestsTo(double, '/api/v2/jobs/users-imports').length, polls: requestsTo(double, /^\/api\/v2\/jobs\/job_[^/]+$/).length};
		double.controls.rateLimit({requests: 1, method: 'POST', path: '/api/v2/jobs/users-imports', retryAfterSeconds: 0});
		double.controls.rateLimit({requests: 1, method: 'GET', path: /^\/api\/v2\/jobs\/job_[^/]+$/, retryAfterSeconds: 0});
		const existing = [...double.users.values()].find(user => user.identities[0]?.connection === 'Username-Password-Authentication' && user.email)!;
		const {code, stdout} = await run(['users', 'import', file('one-client.json', [{email: 'one-client@example.test'}, {email: existing.email}]), '--connection', 'Username-Password-Authentication', '--tenant', double.domain]);
		expect(code).toBe(1);
		expect(stdout).toContain('1 created, 0 updated, 1 failed (of 2)');
		expect(tokens() - before.tokens).toBe(1);
		// The SDK retries nothing (maxRetries 0): each 429 is followed by exactly one request again.
		expect(requestsTo(double, '/api/v2/jobs/users-imports').slice(before.imports).map(request => request.status)).toEqual([429, 202]);
		const polls = requestsTo(double, /^\/api\/v2\/jobs\/job_[^/]+$/).slice(before.polls).map(request => request.status);
		expect(polls[0]).toBe(429);
		expect(polls.slice(1).every(status => status === 200)).toBe(true);
	});

	it('pull: one token for the connections, the applications, the export job and its polls', async () => {
		const before = tokens();
		const {code} = await run(['pull', '--tenant', double.domain, '--store', path.join(dir, 'one-client.ndjson')]);
		expect(code).toBe(0);
		expect(tokens() - before).toBe(1);
	});
});

describe('users export --tenant', () => {
	it('writes NDJSON of every user through an export job, to a 0600 file', async () => {
		const output = path.join(dir, 'tenant.ndjson');
		const {stderr, code} = await run(['users', 'export', '--tenant', double.domain, '--output', output]);
		expect(code).toBe(0);
		expect(stderr).toContain(`Exported ${groupDigits(double.users.size)} users`);
		expect(statSync(output).mode & 0o777).toBe(0o600);
		const lines = readFileSync(output, 'utf8').trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
		expect(lines.map(line => line['user_id']).sort()).toEqual([...double.users.keys()].sort());
		const first = double.users.get(lines[0]!['user_id'] as string)!;
		expect(lines[0]).toMatchObject({email: first.email, identities: first.identities, created_at: first.created_at});
		expect(requestsTo(double, '/api/v2/jobs/users-exports').at(-1)!.status).toBe(200);
	});

	it('writes CSV with the fields asked for, as the local export writes it', async () => {
		const output = path.join(dir, 'tenant.csv');
		const {code} = await run(['users', 'export', '--tenant', double.domain, '--format', 'csv', '--fields', 'email,user_id:id', '--output', output]);
		expect(code).toBe(0);
		const [header, ...rows] = readFileSync(output, 'utf8').trim().split(/\r?\n/);
		expect(header).toBe('email,id');
		expect(rows).toHaveLength(double.users.size);
	});

	it('writes the same file as the local export of a pulled copy (NDJSON and CSV)', async () => {
		const storePath = path.join(dir, 'same.ndjson');
		expect((await run(['pull', '--tenant', double.domain, '--store', storePath])).code).toBe(0);
		for (const format of [['--format', 'ndjson'], ['--format', 'csv', '--fields', 'email,name,identities[0].connection:provider,user_metadata.plan']]) {
			const fromTenant = path.join(dir, `from-tenant.${format[1]}`);
			const fromStore = path.join(dir, `from-store.${format[1]}`);
			expect((await run(['users', 'export', ...format, '--tenant', double.domain, '--output', fromTenant])).code).toBe(0);
			expect((await run(['users', 'export', ...format, '--store', storePath, '--output', fromStore])).code).toBe(0);
			expect(readFileSync(fromTenant, 'utf8')).toBe(readFileSync(fromStore, 'utf8'));
		}
	});

	it('refuses --query, with why', async () => {
		const {code, stderr} = await run(['users', 'export', '--tenant', double.domain, '--query', 'email:*@example.com']);
		expect(code).toBe(2);
		expect(stderr).toContain('Auth0\'s export job has no search');
	});

	it('downloads only over https', async () => {
		const lines = jobs().exportLines(`http://${double.domain}/export.json.gz`);
		await expect(lines.next()).rejects.toThrow('userdeck downloads only over https');
	});
});

describe('pull', () => {
	it('copies the tenant into a new store, which users list then reads offline; the header says whose copy it is', async () => {
		const storePath = path.join(dir, 'pulled', 'copy.ndjson');
		const pulled = await run(['pull', '--tenant', double.domain, '--store', storePath]);
		expect(pulled.code).toBe(0);
		expect(pulled.stdout).toContain(`Pulled ${double.domain} into ${storePath}: ${groupDigits(double.users.size)} users`);
		expect(pulled.stderr).toContain('Auth0 exports no passwords');

		// Offline: no tenant in the environment, no request to the double.
		vi.unstubAllEnvs();
		const before = double.requests.length;
		const listed = await run(['users', 'list', '--store', storePath, '--json']);
		expect(listed.code).toBe(0);
		expect((JSON.parse(listed.stdout) as unknown[]).length).toBe(double.users.size);
		expect(double.requests.length).toBe(before);

		const opened = await openLocalService({kind: 'local', storePath}, {source: 'console', create: false});
		try {
			const source = opened.service.source;
			expect(source).toMatchObject({kind: 'local', copyOf: {tenant: double.domain}});
			expect(opened.service.connections().map(connection => connection.name)).toContain('Username-Password-Authentication');
			expect(opened.service.clients().length).toBeGreaterThan(0);
			const deck = renderDeck(opened.service);
			try {
				await deck.waitForFrame(new RegExp(`copy of ${double.domain.replaceAll('.', '\\.')} · pulled \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}`));
			} finally {
				deck.unmount();
			}
		} finally {
			await opened.close();
		}
	});

	it('refuses an existing store without --force, and replaces it with --force', async () => {
		const storePath = path.join(dir, 'replace.ndjson');
		await run(['demo', '--store', storePath, '--users', '5']);
		const refused = await run(['pull', '--tenant', double.domain, '--store', storePath]);
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain('already exists: pass --force');

		const replaced = await run(['pull', '--tenant', double.domain, '--store', storePath, '--force']);
		expect(replaced.code).toBe(0);
		const store = await Store.open({path: storePath, create: false});
		try {
			expect(store.tables.users.size).toBe(double.users.size);
			expect(store.origin?.tenant).toBe(double.domain);
			// A write and a compaction keep the origin.
			await store.compact();
		} finally {
			await store.close();
		}

		const again = await Store.open({path: storePath, create: false});
		try {
			expect(again.origin?.tenant).toBe(double.domain);
		} finally {
			await again.close();
		}
	});

	it('names the missing scope when the tenant refuses the export', async () => {
		double.controls.scopes = allScopes.filter(scope => scope !== 'read:users');
		const {code, stderr} = await run(['pull', '--tenant', double.domain, '--store', path.join(dir, 'noscope.ndjson')]);
		expect(code).not.toBe(0);
		expect(stderr).toContain('read:users');
	});
});
