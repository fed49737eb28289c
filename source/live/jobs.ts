// Auth0's long-running user jobs through the SDK (Management API v2, bulk
// user imports and exports): start one, poll its status, read its failed
// users, download an export. Errors are LiveErrors (the scope a 403 needs,
// no secret in any message), through the same requester as every other call.
//
// Waiting is the caller's time, not Auth0's: `sleep` is injectable, and the
// double moves a job on per poll, so tests never wait on a clock.
import type {Buffer} from 'node:buffer';
import {Readable} from 'node:stream';
import type {ReadableStream as WebReadableStream} from 'node:stream/web';
import {type ManagementClient, ManagementError} from 'auth0';
import type {Client, Connection} from '../domain/types.js';
import type {TenantTarget} from '../services/target.js';
import {calls, type CallName} from './calls.js';
import {ExportFileError, type ExportFileLine, exportFileLines} from './export-file-lines.js';
import {listClients, listConnections} from './directory-lists.js';
import {LiveError, redact, toLiveError} from './live-error.js';
import {managementClientFor, secretsOf} from './open-tenant.js';
import {abortableSleep, createRequester, type RateLimitNotice, type Requester} from './requester.js';

export type JobStatus = 'pending' | 'processing' | 'completed' | 'failed';

export type JobState = {
	readonly id: string;
	readonly status: JobStatus;
	readonly summary?: {readonly failed: number; readonly updated: number; readonly inserted: number; readonly total: number} | undefined;
	/** An export's download link, once completed. */
	readonly location?: string | undefined;
	/** Why a job failed as a whole. */
	readonly details?: string | undefined;
	readonly percentage?: number | undefined;
};

/** One user a job refused, as GET /jobs/{id}/errors gives it (hashes as `*****`). */
export type JobUserError = {readonly user: unknown; readonly errors: ReadonlyArray<{readonly code: string; readonly message: string; readonly path?: string | undefined}>};

export type TenantJobsOptions = {
	/** The fetch the SDK and the download use (tests: the default, which trusts the double through NODE_EXTRA_CA_CERTS). */
	readonly fetch?: typeof fetch;
	readonly timeoutSeconds?: number;
	/** Waits between polls and before a refused import is tried again; ends early (rejects) when `signal` aborts. */
	readonly sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
	readonly now?: () => Date;
	/** Milliseconds between two polls of a job. Default 2 s (Auth0's jobs take seconds to minutes). */
	readonly pollIntervalMs?: number;
	readonly onRateLimit?: (notice: RateLimitNotice) => void;
};

/** Auth0's answer to a third import job while two run (the double says it word for word). */
const activeImports = /active import users jobs/i;

function jobState(raw: Record<string, unknown>): JobState {
	const status = String(raw['status'] ?? '');
	if (!['pending', 'processing', 'completed', 'failed'].includes(status)) {
		throw new LiveError('UNAVAILABLE', `Auth0 answered job ${String(raw['id'])} with an unknown status ${JSON.stringify(status).slice(0, 40)}`);
	}

	const summary = raw['summary'] as Record<string, unknown> | undefined;
	const number = (value: unknown) => (typeof value === 'number' ? value : 0);
	return {
		id: String(raw['id'] ?? ''),
		status: status as JobStatus,
		...(summary ? {summary: {failed: number(summary['failed']), updated: number(summary['updated']), inserted: number(summary['inserted']), total: number(summary['total'])}} : {}),
		...(typeof raw['location'] === 'string' ? {location: raw['location']} : {}),
		...(typeof raw['status_details'] === 'string' ? {details: raw['status_details']} : {}),
		...(typeof raw['percentage_done'] === 'number' ? {percentage: raw['percentage_done']} : {}),
	};
}

export class TenantJobs {
	readonly domain: string;
	private readonly client: ManagementClient;
	private readonly requester: Requester;
	private readonly secrets: readonly string[];
	private readonly sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
	private readonly now: () => Date;
	private readonly fetchImpl: typeof fetch;
	readonly pollIntervalMs: number;

	constructor(target: TenantTarget, options: TenantJobsOptions = {}) {
		this.domain = target.domain;
		this.client = managementClientFor(target, options);
		this.secrets = secretsOf(target);
		this.sleep = options.sleep ?? abortableSleep;
		this.now = options.now ?? (() => new Date());
		this.fetchImpl = options.fetch ?? fetch;
		this.pollIntervalMs = options.pollIntervalMs ?? 2000;
		const common = {domain: target.domain, secrets: this.secrets, now: this.now, sleep: this.sleep, onRateLimit: options.onRateLimit};
		this.requester = createRequester(common);
	}

	private async call<T>(name: CallName, work: (remote: {abortSignal: AbortSignal; maxRetries: 0}) => Promise<T>, signal?: AbortSignal): Promise<T> {
		return this.requester.run(name, async abortSignal => work({abortSignal, maxRetries: 0}), {signal});
	}

	/** Every connection of the tenant (database, social, enterprise): an import names one, a pull copies them. */
	async connections(signal?: AbortSignal): Promise<Connection[]> {
		return listConnections(this.client, async work => this.call('listConnections', work, signal));
	}

	async clients(signal?: AbortSignal): Promise<Client[]> {
		return listClients(this.client, async work => this.call('listClients', work, signal));
	}

	/**
	 * Starts an import job. Auth0 runs at most 2 per tenant and answers a third
	 * with 429: that is a wait, never a failure (so this call handles its 429s
	 * itself rather than through the requester, whose retries are counted). `onWaiting` is told each time
	 * (for the progress line), and the job is asked again after a poll interval
	 * (or Auth0's reset time, when later), until it starts or `signal` aborts.
	 */
	async startImport(file: Buffer, options: {connectionId: string; upsert: boolean; onWaiting?: (reason: string) => void; signal?: AbortSignal}): Promise<JobState> {
		const {signal} = options;
		for (;;) {
			if (signal?.aborted) {
				throw new LiveError('CANCELLED', `Cancelled ${calls.createImportJob.doing}`);
			}

			let failure: unknown;
			try {
				// eslint-disable-next-line no-await-in-loop
				const created = await this.client.jobs.usersImports.create({
					users: file,
					connection_id: options.connectionId,
					upsert: options.upsert,
					send_completion_email: false,
				}, {maxRetries: 0, ...(signal ? {abortSignal: signal} : {})});
				return jobState(created as Record<string, unknown>);
			} catch (error) {
				failure = error;
			}

			// Auth0's "There are 2 active import users jobs" is read from its body; the LiveError says "rate limited".
			const said = failure instanceof ManagementError && typeof (failure.body as {message?: unknown} | undefined)?.message === 'string' ? (failure.body as {message: string}).message : '';
			const error = toLiveError(failure, {call: calls.createImportJob, domain: this.domain, secrets: this.secrets, now: this.now(), aborted: signal?.aborted === true});
			if (!(error instanceof LiveError) || error.code !== 'RATE_LIMITED') {
				throw error;
			}

			options.onWaiting?.(activeImports.test(said) ? 'Auth0 runs 2 import jobs at a time: waiting for one to finish' : 'rate limited by Auth0: waiting');
			const wait = Math.max(this.pollIntervalMs, (error.retryAt?.getTime() ?? 0) - this.now().getTime());
			try {
				// eslint-disable-next-line no-await-in-loop
				await this.sleep(wait, signal);
			} catch {
				throw new LiveError('CANCELLED', `Cancelled ${calls.createImportJob.doing}`);
			}
		}
	}

	async startExport(request: {format: 'json' | 'csv'; fields?: ReadonlyArray<{name: string; export_as?: string}>; connectionId?: string}, signal?: AbortSignal): Promise<JobState> {
		const created = await this.call('createExportJob', async remote => this.client.jobs.usersExports.create({
			format: request.format,
			...(request.fields ? {fields: request.fields.map(field => ({...field}))} : {}),
			...(request.connectionId ? {connection_id: request.connectionId} : {}),
		}, remote), signal);
		return jobState(created as Record<string, unknown>);
	}

	async job(id: string, signal?: AbortSignal): Promise<JobState> {
		return jobState(await this.call('getJob', async remote => this.client.jobs.get(id, remote), signal) as Record<string, unknown>);
	}

	/** Polls until the job completes or fails, telling `onState` each answer; waits `pollIntervalMs` between polls. */
	async waitFor(id: string, onState: (state: JobState) => void, signal?: AbortSignal): Promise<JobState> {
		for (;;) {
			// eslint-disable-next-line no-await-in-loop
			const state = await this.job(id, signal);
			onState(state);
			if (state.status === 'completed' || state.status === 'failed') {
				return state;
			}

			try {
				// eslint-disable-next-line no-await-in-loop
				await this.sleep(this.pollIntervalMs, signal);
			} catch {
				throw new LiveError('CANCELLED', `Cancelled ${calls.getJob.doing}`);
			}
		}
	}

	/** The users a completed import refused (none: Auth0 answers 204, the SDK undefined). */
	async jobErrors(id: string, signal?: AbortSignal): Promise<JobUserError[]> {
		const answer: unknown = await this.call('getJobErrors', async remote => this.client.jobs.errors.get(id, remote), signal);
		if (!Array.isArray(answer)) {
			return [];
		}

		return answer.map(entry => {
			const raw = entry as {user?: unknown; errors?: unknown};
			const errors = Array.isArray(raw.errors) ? raw.errors as Array<Record<string, unknown>> : [];
			return {
				user: raw.user,
				errors: errors.map(error => ({code: String(error['code'] ?? 'ERROR'), message: String(error['message'] ?? ''), ...(typeof error['path'] === 'string' ? {path: error['path']} : {})})),
			};
		});
	}

	/**
	 * The lines of a completed export as they arrive (export-file-lines.ts:
	 * gunzipped and cut as the download comes, never held whole), blank lines
	 * left out, each with its line number in the file. The link is fetched
	 * only over https and without the Management API token (it is a signed
	 * link to a file host). A file cut short, not gzip or damaged, or a
	 * download that breaks off, is a LiveError naming which.
	 */
	async *exportLines(location: string, signal?: AbortSignal): AsyncGenerator<ExportFileLine> {
		let url: URL;
		try {
			url = new URL(location);
		} catch {
			throw new LiveError('UNAVAILABLE', 'Auth0 answered the export job with a download link that is not a URL');
		}

		if (url.protocol !== 'https:') {
			throw new LiveError('UNAVAILABLE', `Auth0 answered the export job with a ${url.protocol.replace(/:$/, '')} download link; userdeck downloads only over https`);
		}

		let response: Response;
		try {
			response = await this.fetchImpl(url, {signal});
		} catch (error) {
			if (signal?.aborted) {
				throw new LiveError('CANCELLED', 'Cancelled downloading the export');
			}

			throw new LiveError('UNAVAILABLE', `Could not download the export from ${url.host}: ${redact((error as Error).message, this.secrets)}`);
		}

		if (!response.ok || !response.body) {
			const why = response.status === 403 ? ': the download link has expired (Auth0\'s export links are short-lived); run the export again' : '';
			throw new LiveError('UNAVAILABLE', `The export's download from ${url.host} answered ${response.status}${why}`, {status: response.status});
		}

		const body = Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
		try {
			yield * exportFileLines(body, exportFileName(url.host));
		} catch (error) {
			if (signal?.aborted) {
				throw new LiveError('CANCELLED', 'Cancelled downloading the export');
			}

			if (error instanceof ExportFileError) {
				throw new LiveError('UNAVAILABLE', redact(error.message, this.secrets));
			}

			throw error;
		} finally {
			body.destroy();
		}
	}
}

/** How messages name an export's file. */
export function exportFileName(host: string): string {
	return `Auth0's export file from ${host}`;
}

/** The jobs of a tenant as the commands open them (a test replaces this to skip the waits between polls). */
export function openTenantJobs(target: TenantTarget, options: TenantJobsOptions = {}): TenantJobs {
	return new TenantJobs(target, {
		// A command has no status line: its waits go to stderr, as its other notices.
		onRateLimit(notice) {
			process.stderr.write(`userdeck: ${notice.message}\n`);
		},
		...options,
	});
}
