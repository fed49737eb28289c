// `userdeck users import FILE --tenant T`: the file checked here first (the
// local import's rules: an error is found before a job is spent on it), the
// acceptable users sent to Auth0's user import jobs (POST
// /api/v2/jobs/users-imports), split into parts that fit Auth0's 500 KB
// request limit, at most 2 jobs at a time (Auth0 runs 2 per tenant and
// answers a third with 429: a wait, never a failure), each polled until done,
// the users a job refused read from GET /jobs/{id}/errors.
//
// Stopped (Ctrl-C), it stops polling and says which jobs are still running
// on Auth0's side: a job cannot be cancelled once started.
import {Buffer} from 'node:buffer';
import {UserdeckError} from '../domain/errors.js';
import type {ImportError} from '../domain/import/import-error.js';
import {redactEntry} from '../domain/import/import-error.js';
import {groupDigits} from '../domain/group-digits.js';
import {checkImportEntries, importConnectionProblem} from '../services/import-users.js';
import {LiveError} from './live-error.js';
import type {JobState, TenantJobs} from './jobs.js';

/** Auth0 refuses a request whose content is over 512,000 bytes ("Payload content length greater than maximum allowed: 512000"). */
export const importRequestLimit = 512_000;
/**
 * Room left for what surrounds the file in the multipart request: the
 * boundaries, each part's headers (the file's name and type), connection_id,
 * upsert and send_completion_email. About 600 bytes with the SDK; 8 KiB
 * leaves room for a longer boundary or another field.
 */
export const multipartAllowance = 8192;
/** The largest users file one job gets. */
export const maxPartBytes = importRequestLimit - multipartAllowance;
/** Auth0 runs at most 2 import jobs per tenant at once. */
export const maxConcurrentJobs = 2;

export type TenantImportOptions = {
	readonly connection: string;
	readonly upsert: boolean;
	/** Per entry, problems found reading an export file (auth0-export.ts). */
	readonly problems?: ReadonlyArray<readonly ImportError[]> | undefined;
	/** Largest users file per job (tests: smaller). Default `maxPartBytes`. */
	readonly partBytes?: number;
	/** What the jobs are doing, a line at a time ("job 2/5: processing…"), for a terminal. */
	readonly onProgress?: ((line: string) => void) | undefined;
	/** Told when a job waits on Auth0 (a 429), with the same line as `onProgress` would get; without it, `onProgress` is. */
	readonly onWaiting?: ((line: string) => void) | undefined;
	/** Aborted: polling stops (the jobs started go on at Auth0); the run rejects with TenantImportStopped. */
	readonly signal?: AbortSignal | undefined;
};

/** One refused user: by its place in the file when known (an entry Auth0 refused is found again by its email). */
export type TenantImportFailure = {
	readonly index: number | undefined;
	readonly email?: string | undefined;
	/** The entry as the file gave it, secrets redacted (as Auth0's /errors shows it). */
	readonly user: unknown;
	readonly errors: ReadonlyArray<{readonly code: string; readonly message: string; readonly path?: string | undefined; readonly reason?: string | undefined}>;
};

export type ImportJobReport = {
	readonly part: number;
	id?: string | undefined;
	/** Entries (by index in the file) this job was given. */
	readonly first: number;
	readonly last: number;
	readonly users: number;
	status: JobState['status'] | 'not started';
	details?: string | undefined;
};

export type TenantImportResult = {
	readonly tenant: string;
	readonly connection: string;
	readonly connection_id: string;
	readonly total: number;
	created: number;
	updated: number;
	failed: number;
	readonly failures: TenantImportFailure[];
	readonly jobs: ImportJobReport[];
};

/** Ctrl-C while jobs ran: what was done, and the jobs still running at Auth0. */
export class TenantImportStopped extends Error {
	override name = 'TenantImportStopped';
	readonly result: TenantImportResult;
	readonly running: ImportJobReport[];
	readonly notStarted: ImportJobReport[];

	constructor(result: TenantImportResult) {
		const running = result.jobs.filter(job => job.id !== undefined && (job.status === 'pending' || job.status === 'processing'));
		const notStarted = result.jobs.filter(job => job.id === undefined);
		super(stoppedMessage(result.tenant, running, notStarted, result.jobs.length));
		this.result = result;
		this.running = running;
		this.notStarted = notStarted;
	}
}

function range(job: ImportJobReport): string {
	return job.first === job.last ? `users[${job.first}]` : `users[${job.first}]–users[${job.last}]`;
}

function stoppedMessage(tenant: string, running: readonly ImportJobReport[], notStarted: readonly ImportJobReport[], parts: number): string {
	const lines = ['Stopped waiting for the import jobs.'];
	if (running.length > 0) {
		lines.push(`Still running on ${tenant} (Auth0 cannot cancel an import job; it finishes on its own):`);
		for (const job of running) {
			lines.push(`  ${job.id} (job ${job.part}/${parts}, ${range(job)})`);
		}

		lines.push('See how they end in the Auth0 Dashboard, or with GET /api/v2/jobs/{id} and /errors.');
	}

	if (notStarted.length > 0) {
		lines.push(`Not sent: ${notStarted.map(job => range(job)).join(', ')}`);
	}

	return lines.join('\n');
}

function emailOf(entry: unknown): string | undefined {
	const email = typeof entry === 'object' && entry !== null ? (entry as {email?: unknown}).email : undefined;
	return typeof email === 'string' ? email : undefined;
}

type Part = {readonly indexes: number[]; readonly file: Buffer};

/** The accepted entries as JSON-array files of at most `limit` bytes each, in file order; an entry too big alone is refused. */
export function splitIntoParts(entries: readonly unknown[], indexes: readonly number[], limit: number): {parts: Part[]; tooBig: number[]} {
	const parts: Part[] = [];
	const tooBig: number[] = [];
	let current: {indexes: number[]; json: string[]; bytes: number} = {indexes: [], json: [], bytes: 2};
	const flush = () => {
		if (current.indexes.length > 0) {
			parts.push({indexes: current.indexes, file: Buffer.from(`[${current.json.join(',')}]`)});
		}

		current = {indexes: [], json: [], bytes: 2};
	};

	for (const index of indexes) {
		const json = JSON.stringify(entries[index]);
		const bytes = Buffer.byteLength(json);
		if (bytes + 2 > limit) {
			tooBig.push(index);
			continue;
		}

		const added = bytes + (current.indexes.length > 0 ? 1 : 0);
		if (current.bytes + added > limit) {
			flush();
		}

		current.indexes.push(index);
		current.json.push(json);
		current.bytes += bytes + (current.indexes.length > 1 ? 1 : 0);
	}

	flush();
	return {parts, tooBig};
}

/** Imports `entries` into the tenant's connection through import jobs; refused users are reported, not thrown. */
export async function importToTenant(jobs: TenantJobs, entries: readonly unknown[], options: TenantImportOptions): Promise<TenantImportResult> {
	const {signal, onProgress} = options;
	const connections = await jobs.connections(signal);
	const connection = connections.find(candidate => candidate.name === options.connection);
	// Whether it is enabled is Auth0's to say (a job on a disabled one is refused): tenants created
	// since 2025 leave enabled_clients out of GET /connections, so an empty list proves nothing here.
	const problem = connection?.strategy === 'auth0' ? undefined : importConnectionProblem(connection, options.connection);
	if (problem !== undefined || !connection) {
		const message = problem ?? `No connection named ${options.connection}`;
		throw new UserdeckError('VALIDATION', `${message} (on ${jobs.domain})`, {connection: [message]});
	}

	const result: TenantImportResult = {tenant: jobs.domain, connection: connection.name, connection_id: connection.id, total: entries.length, created: 0, updated: 0, failed: 0, failures: [], jobs: []};
	const {items} = checkImportEntries(entries, options.problems, {forTenant: true});
	const accepted: number[] = [];
	for (const item of items) {
		if ('failure' in item) {
			result.failures.push({index: item.index, email: item.failure.email, user: redactEntry(entries[item.index]), errors: item.failure.errors});
		} else {
			accepted.push(item.index);
		}
	}

	const limit = options.partBytes ?? maxPartBytes;
	const {parts, tooBig} = splitIntoParts(entries, accepted, limit);
	for (const index of tooBig) {
		result.failures.push({index, email: emailOf(entries[index]), user: redactEntry(entries[index]), errors: [{code: 'MAX_LENGTH', message: `The user alone is larger than an import job's file can be (${groupDigits(limit)} bytes: Auth0 takes at most 500 KB per request)`}]});
	}

	for (const [number, part] of parts.entries()) {
		result.jobs.push({part: number + 1, first: part.indexes[0]!, last: part.indexes.at(-1)!, users: part.indexes.length, status: 'not started'});
	}

	const say = (report: ImportJobReport, text: string) => onProgress?.(`job ${report.part}/${parts.length}: ${text}`);
	let next = 0;
	// A job refused for good (a missing scope, a bad connection) stops the other worker taking new parts; its own job is still followed.
	let halted = false;
	const worker = async (): Promise<void> => {
		try {
			await work();
		} catch (error) {
			halted = true;
			throw error;
		}
	};

	const work = async (): Promise<void> => {
		while (next < parts.length && !signal?.aborted && !halted) {
			const number = next++;
			const part = parts[number]!;
			const report = result.jobs[number]!;
			say(report, `sending ${groupDigits(part.indexes.length)} users…`);
			// eslint-disable-next-line no-await-in-loop
			const started = await jobs.startImport(part.file, {
				connectionId: connection.id,
				upsert: options.upsert,
				signal,
				onWaiting(reason) {
					if (options.onWaiting) {
						options.onWaiting(`job ${report.part}/${parts.length}: ${reason}…`);
					} else {
						say(report, `${reason}…`);
					}
				},
			});
			report.id = started.id;
			report.status = started.status;
			// eslint-disable-next-line no-await-in-loop
			const done = await jobs.waitFor(started.id, state => {
				report.status = state.status;
				if (state.status === 'pending' || state.status === 'processing') {
					say(report, `${state.status}${state.percentage === undefined ? '' : ` ${state.percentage}%`}…`);
				}
			}, signal);
			if (done.status === 'failed') {
				report.details = done.details;
				say(report, 'failed');
				for (const index of part.indexes) {
					result.failures.push({index, email: emailOf(entries[index]), user: redactEntry(entries[index]), errors: [{code: 'JOB_FAILED', message: `Auth0's import job ${done.id} failed${done.details ? `: ${done.details}` : ''}`}]});
				}

				continue;
			}

			const summary = done.summary ?? {inserted: 0, updated: 0, failed: 0, total: part.indexes.length};
			result.created += summary.inserted;
			result.updated += summary.updated;
			say(report, `completed: ${groupDigits(summary.inserted)} created, ${groupDigits(summary.updated)} updated, ${groupDigits(summary.failed)} failed`);
			if (summary.failed > 0) {
				// eslint-disable-next-line no-await-in-loop
				const refused = await jobs.jobErrors(started.id, signal);
				result.failures.push(...placeRefusals(refused, part.indexes, entries));
			}
		}
	};

	const workers = Array.from({length: Math.min(maxConcurrentJobs, parts.length)}, async () => worker());
	const outcomes = await Promise.allSettled(workers);
	const finish = () => {
		result.failures.sort((a, b) => (a.index ?? Number.MAX_SAFE_INTEGER) - (b.index ?? Number.MAX_SAFE_INTEGER));
		result.failed = result.failures.length;
	};

	finish();
	const failure = outcomes.find(outcome => outcome.status === 'rejected');
	if (signal?.aborted) {
		throw new TenantImportStopped(result);
	}

	if (failure) {
		const error = failure.reason as unknown;
		const completed = result.jobs.filter(job => job.status === 'completed').length;
		const running = result.jobs.some(job => job.id !== undefined && (job.status === 'pending' || job.status === 'processing'));
		if (error instanceof LiveError && (completed > 0 || running)) {
			// What was done before the error, and the jobs that go on at Auth0 without us.
			const done = `Before that, ${completed} of ${result.jobs.length} jobs completed: ${groupDigits(result.created)} created, ${groupDigits(result.updated)} updated.`;
			throw new LiveError(error.code, [error.message, done, ...(running ? [new TenantImportStopped(result).message] : [])].join('\n'), {status: error.status, errorCode: error.errorCode});
		}

		throw error;
	}

	return result;
}

/** Auth0's refused users, each found again in the part by its email (first unmatched entry with it, in file order); undefined when none matches. */
function placeRefusals(refused: ReadonlyArray<{user: unknown; errors: TenantImportFailure['errors']}>, indexes: readonly number[], entries: readonly unknown[]): TenantImportFailure[] {
	const unplaced = new Set(indexes);
	return refused.map(entry => {
		const email = emailOf(entry.user);
		let index: number | undefined;
		if (email !== undefined) {
			index = indexes.find(candidate => unplaced.has(candidate) && emailOf(entries[candidate])?.toLowerCase() === email.toLowerCase());
		}

		if (index !== undefined) {
			unplaced.delete(index);
		}

		return {index, email, user: entry.user, errors: entry.errors};
	});
}
