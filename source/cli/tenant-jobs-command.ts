// The commands that run Auth0's user jobs on a tenant: `users import FILE
// --tenant T` (import jobs), `users export --tenant T` (an export job) and
// `userdeck pull --tenant T --store PATH` (an export job into a local store,
// with the tenant's connections and applications). The jobs themselves are in
// live/jobs.ts and live/import-to-tenant.ts.
import path from 'node:path';
import {existsSync} from 'node:fs';
import {UserdeckError} from '../domain/errors.js';
import {groupDigits} from '../domain/group-digits.js';
import type {ImportFile} from '../domain/import/auth0-export.js';
import type {Client, Connection, User} from '../domain/types.js';
import {userFrom} from '../live/from-auth0.js';
import {LiveError} from '../live/live-error.js';
import {importToTenant, TenantImportStopped, type TenantImportResult} from '../live/import-to-tenant.js';
import {exportFileName, openTenantJobs, type JobState, type TenantJobs} from '../live/jobs.js';
import type {TenantTarget} from '../services/target.js';
import {rowProblem} from '../store/schema.js';
import {describeStoreFile, mayReplace, storeFileAt} from '../store/store-files.js';
import {writeSnapshot} from '../store/store.js';
import {emptyTables} from '../store/tables.js';
import {sanitize} from '../terminal/sanitize.js';
import {printJson, printLine, warn} from './output.js';
import {resolveTarget} from './target-option.js';
import {UsageError} from './usage-error.js';

/**
 * The fields an export job is asked for: the whole profile as the Management
 * API gives it (Auth0 exports only the fields named; without a list it picks
 * "a predefined set"). Password hashes are never in an export.
 */
export const profileFields = [
	'user_id', 'email', 'email_verified', 'username', 'phone_number', 'phone_verified',
	'name', 'given_name', 'family_name', 'nickname', 'picture',
	'created_at', 'updated_at', 'last_login', 'last_ip', 'last_password_reset', 'logins_count',
	'blocked', 'identities', 'app_metadata', 'user_metadata', 'multifactor', 'multifactor_last_modified',
] as const;

/**
 * A progress line on a terminal (one line, rewritten); elsewhere nothing, as
 * the local import. A wait (Auth0 rate-limiting, or running its two import
 * jobs) is said elsewhere too, once per reason, as a line of its own: a
 * script's log otherwise shows nothing for the minute it may take.
 */
export function progressWriter(stream: NodeJS.WriteStream = process.stderr): {say: ((line: string) => void) | undefined; wait: (line: string) => void; end: () => void} {
	if (!stream.isTTY) {
		let said = '';
		return {
			say: undefined,
			wait(line) {
				if (line !== said) {
					said = line;
					stream.write(`userdeck: ${sanitize(line)}\n`);
				}
			},
			end() {},
		};
	}

	let shown = 0;
	const say = (line: string) => {
		const text = line.slice(0, Math.max(20, (stream.columns ?? 80) - 1));
		stream.write(`\r${text.padEnd(shown)}`);
		shown = text.length;
	};

	return {
		say,
		wait: say,
		end() {
			if (shown > 0) {
				stream.write('\n');
				shown = 0;
			}
		},
	};
}

/** Ctrl-C aborts `controller` while `work` runs (and only then): the jobs' polling stops, the process does not just die. */
async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
	const controller = new AbortController();
	const stop = () => {
		controller.abort(new Error('interrupted'));
	};

	process.once('SIGINT', stop);
	try {
		return await work(controller.signal);
	} finally {
		process.off('SIGINT', stop);
	}
}

/** Follows a job until it settles, with "STEP: pending…" on a terminal; a failed job is an error. */
async function runToCompletion(jobs: TenantJobs, started: JobState, step: string, say: ((line: string) => void) | undefined, signal: AbortSignal): Promise<JobState> {
	const done = await jobs.waitFor(started.id, state => {
		say?.(`${step}: ${state.status}${state.percentage === undefined ? '' : ` ${state.percentage}%`}…`);
	}, signal);
	if (done.status === 'failed') {
		throw new UserdeckError('UNSUPPORTED', `Auth0's ${step} ${done.id} failed${done.details ? `: ${sanitize(done.details)}` : ''}`);
	}

	return done;
}

/** Ctrl-C during an export: nothing is written (exit 1); the job, if started, may still run. */
function interrupted(jobs: TenantJobs, jobId: string | undefined, what: string): LiveError {
	return new LiveError('CANCELLED', `Stopped waiting for the ${what}.${jobId ? ` Job ${jobId} may still run on ${jobs.domain}; Auth0 cannot cancel it.` : ''}`);
}

// users import --tenant ---------------------------------------------------------

export type TenantImportCommandOptions = {connection: string; upsert?: boolean; json?: boolean};

function reportImport(result: TenantImportResult, json: boolean): void {
	if (json) {
		printJson({
			tenant: result.tenant,
			connection: result.connection,
			total: result.total,
			created: result.created,
			updated: result.updated,
			failed: result.failed,
			jobs: result.jobs.map(job => ({id: job.id, status: job.status, users: job.users, first: job.first, last: job.last, ...(job.details ? {details: job.details} : {})})),
			failures: result.failures.map(failure => ({user: failure.user, errors: failure.errors, index: failure.index ?? null})),
		});
		return;
	}

	// As the local import prints its refused users: index, email, code, path, message.
	for (const failure of result.failures) {
		const who = `users[${failure.index ?? '?'}]${failure.email === undefined ? '' : ` ${failure.email}`}`;
		for (const error of failure.errors) {
			process.stderr.write(`${sanitize(`${who}: ${error.code}${error.reason ? ` (${error.reason})` : ''}${error.path ? ` ${error.path}` : ''}: ${error.message}`)}\n`);
		}
	}

	const jobs = result.jobs.length === 1 ? '1 job' : `${groupDigits(result.jobs.length)} jobs`;
	printLine(`Imported into ${result.connection} on ${result.tenant} (${jobs}): ${groupDigits(result.created)} created, ${groupDigits(result.updated)} updated, ${groupDigits(result.failed)} failed (of ${groupDigits(result.total)})`);
}

export async function runTenantImport(target: TenantTarget, read: ImportFile, options: TenantImportCommandOptions): Promise<void> {
	if (read.tenant?.some(fields => fields !== undefined)) {
		// An export's created_at, last_login, logins_count, identities: Auth0's import job takes none of them.
		warn('the file is a users export: Auth0\'s import job sets created_at, last_login, logins_count and identities itself; the exported values are not sent');
	}

	const jobs = openTenantJobs(target);
	const progress = progressWriter();
	let result: TenantImportResult;
	try {
		result = await interruptible(async signal => importToTenant(jobs, read.entries, {
			connection: options.connection,
			upsert: options.upsert ?? false,
			problems: read.problems,
			onProgress: progress.say,
			onWaiting: progress.wait,
			signal,
		}));
	} catch (error) {
		progress.end();
		if (error instanceof TenantImportStopped) {
			reportImport(error.result, options.json ?? false);
			process.stderr.write(`${error.message}\n`);
			process.exitCode = 130;
			return;
		}

		// No such connection, not a database, disabled: nothing could be imported.
		if (error instanceof UserdeckError && error.fields.connection) {
			throw new UsageError(error.message);
		}

		throw error;
	}

	progress.end();
	reportImport(result, options.json ?? false);
	if (result.failed > 0) {
		process.exitCode = 1;
	}
}

// users export --tenant ---------------------------------------------------------

/**
 * Starts an export job (JSON, the whole profile) and follows it until its
 * file is ready: the download link. A job that fails, or completes without a
 * link, is an error; so is Ctrl-C (`signal`), naming the job that may still run.
 */
async function completedExport(jobs: TenantJobs, say: ((line: string) => void) | undefined, signal: AbortSignal): Promise<string> {
	let jobId: string | undefined;
	try {
		const started = await jobs.startExport({format: 'json', fields: profileFields.map(name => ({name}))}, signal);
		jobId = started.id;
		const done = await runToCompletion(jobs, started, 'export job', say, signal);
		if (!done.location) {
			throw new UserdeckError('UNSUPPORTED', `Auth0's export job ${done.id} completed without a download link`);
		}

		return done.location;
	} catch (error) {
		if (signal.aborted) {
			throw interrupted(jobs, jobId, 'export job');
		}

		throw error;
	}
}

/**
 * The users of a completed export's file, parsed as the local store's users,
 * one at a time as the download arrives (never the whole file, nor every
 * user, at once). A line that is not a profile stops it, naming the line.
 */
async function * exportedUsers(jobs: TenantJobs, location: string, say: ((line: string) => void) | undefined, signal: AbortSignal): AsyncGenerator<User> {
	// exportLines refuses a link that is not an https URL before any line is read.
	const file = exportFileName(URL.canParse(location) ? new URL(location).host : 'Auth0');
	let count = 0;
	say?.('export job: downloading…');
	try {
		for await (const line of jobs.exportLines(location, signal)) {
			let profile: unknown;
			try {
				profile = JSON.parse(line.text);
			} catch {
				throw new UserdeckError('UNSUPPORTED', `line ${groupDigits(line.number)} of ${file} is not JSON: the file is damaged; run the export again`);
			}

			if (typeof profile !== 'object' || profile === null || Array.isArray(profile) || typeof (profile as {user_id?: unknown}).user_id !== 'string') {
				throw new UserdeckError('UNSUPPORTED', `line ${groupDigits(line.number)} of ${file} is not a user profile (a JSON object with a user_id)`);
			}

			yield withoutNulls(userFrom(profile));
			count++;
			if (count % 1000 === 0) {
				say?.(`export job: downloaded ${groupDigits(count)} users…`);
			}
		}
	} catch (error) {
		if (signal.aborted) {
			throw interrupted(jobs, undefined, 'download of the export');
		}

		throw error;
	}
}

/** Auth0 writes a missing value as null in places; the store's profiles leave the key out. */
function withoutNulls(user: User): User {
	return Object.fromEntries(Object.entries(user).filter(([, value]) => value !== null)) as User;
}

/**
 * `users export --tenant`: an export job run to completion, then `write`
 * given its users as they are downloaded, to write as the export command
 * writes a store's (its output opened only once the job has its file).
 * Ctrl-C stops the job's polling or the download. When the users go to the
 * terminal the progress line shows (`outputOnTerminal`), it ends once the
 * job is done: a count rewritten among the profiles would garble them.
 */
export async function withTenantExportUsers<T>(target: TenantTarget, query: string | undefined, write: (users: AsyncIterable<User>) => Promise<T>, options: {outputOnTerminal?: boolean} = {}): Promise<T> {
	if (query !== undefined) {
		throw new UsageError('--query cannot narrow an export from a tenant: Auth0\'s export job has no search (it exports every user, or one connection\'s). Use users list --tenant with --query (up to 1,000 matches), or pull the tenant into a store and export from it with --query');
	}

	const jobs = openTenantJobs(target);
	const progress = progressWriter();
	try {
		return await interruptible(async signal => {
			const location = await completedExport(jobs, progress.say, signal);
			if (options.outputOnTerminal) {
				progress.end();
			}

			return write(exportedUsers(jobs, location, options.outputOnTerminal ? undefined : progress.say, signal));
		});
	} finally {
		progress.end();
	}
}

// pull ----------------------------------------------------------------------------

export type PullOptions = {tenant?: string; store?: string; force?: boolean};

export async function runPull(options: PullOptions): Promise<void> {
	if (options.store === undefined) {
		throw new UsageError('userdeck pull needs --store PATH: the local store to write the tenant\'s users into');
	}

	const target = resolveTarget({tenant: options.tenant});
	if (target.kind !== 'tenant') {
		throw new UsageError('userdeck pull copies a tenant: name it with --tenant NAME|DOMAIN, or AUTH0_DOMAIN with AUTH0_CLIENT_ID + AUTH0_CLIENT_SECRET (or AUTH0_ACCESS_TOKEN)');
	}

	const storePath = path.resolve(options.store);
	if (existsSync(storePath) && !options.force) {
		throw new UsageError(`${sanitize(options.store)} already exists: pass --force to replace it with a copy of ${target.domain} (its users, history and passwords are lost)`);
	}

	// --force replaces a store, never another store's journal, lock or backup.
	const conflict = await storeFileAt(storePath, []);
	if (conflict !== undefined && !mayReplace(conflict)) {
		throw new UsageError(`Refusing to pull into ${sanitize(options.store)}: it is ${sanitize(describeStoreFile(conflict))}`);
	}

	const jobs = openTenantJobs(target);
	const progress = progressWriter();
	const pulledAt = new Date();
	let copied: {users: User[]; connections: Connection[]; clients: Client[]};
	try {
		copied = await interruptible(async signal => {
			progress.say?.('reading the connections…');
			const connections = await jobs.connections(signal);
			progress.say?.('reading the applications…');
			const clients = await jobs.clients(signal);
			const location = await completedExport(jobs, progress.say, signal);
			const users: User[] = [];
			for await (const user of exportedUsers(jobs, location, progress.say, signal)) {
				users.push(user);
			}

			return {users, connections, clients};
		});
	} finally {
		progress.end();
	}

	const tables = emptyTables();
	const skipped: string[] = [];
	const put = <T>(table: 'users' | 'connections' | 'clients', key: string, row: T) => {
		const problem = rowProblem(table, row);
		if (problem === undefined) {
			(tables[table] as Map<string, T>).set(key, row);
		} else {
			skipped.push(`${table} ${sanitize(key)}${problem}`);
		}
	};

	for (const connection of copied.connections) {
		put('connections', connection.id, connection);
	}

	for (const client of copied.clients) {
		put('clients', client.client_id, client);
	}

	for (const user of copied.users) {
		put('users', user.user_id, user);
	}

	for (const line of skipped.slice(0, 20)) {
		warn(`not copied (the store cannot hold it): ${line}`);
	}

	if (skipped.length > 20) {
		warn(`… and ${groupDigits(skipped.length - 20)} more not copied`);
	}

	await writeSnapshot(storePath, tables, {force: options.force, origin: {tenant: target.domain, pulled_at: pulledAt.toISOString()}});
	printLine(`Pulled ${target.domain} into ${sanitize(options.store)}: ${groupDigits(tables.users.size)} users, ${groupDigits(tables.connections.size)} connections, ${groupDigits(tables.clients.size)} applications`);
	// Auth0 never exports password hashes.
	warn('Auth0 exports no passwords: the pulled users cannot sign in with userdeck login until an admin sets a password (Change Password)');
}
