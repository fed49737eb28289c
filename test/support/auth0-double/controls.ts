// The switches a test flips while the double runs: latency, injected
// failures, rate limiting, search lag, granted scopes, token lifetime, log
// retention and the pace of jobs. Every fault is counted in requests or
// bounded by an explicit window, so tests need not race the clock.
import type {OutgoingHttpHeaders} from 'node:http';
import type {Tenant} from './tenant.js';

/** Which requests a fault applies to; by default every request to /api/v2. */
export type RequestMatcher = {method?: string; path?: string | RegExp};

export type FailureSpec = RequestMatcher & {
	status: number;
	/** Defaults to Auth0's `{statusCode, error, message}` for the status. */
	body?: unknown;
	headers?: OutgoingHttpHeaders;
};

export type RateLimitSpec = RequestMatcher & {
	/** Refuse this many requests… */
	requests?: number;
	/** …or every request for this long (ms from now). One of the two is required. */
	forMs?: number;
	/** `x-ratelimit-reset`: seconds from now (default 2). */
	resetInSeconds?: number;
	/** `Retry-After` in seconds; null leaves the header out (Auth0 sends it only sometimes). Default: resetInSeconds. */
	retryAfterSeconds?: number | null;
};

export type JobPace = {
	/** Polls of GET /jobs/{id} a job stays `pending`, then `processing` (each ≥ 0). Default 1 and 1. */
	pendingPolls: number;
	processingPolls: number;
	/** Keeps every job `pending` until released: to test the 2-concurrent-imports limit. */
	hold: boolean;
};

type Fault<T> = {spec: T; remaining: number; until: number};

export class Controls {
	/** Added before each answer (ms). */
	latencyMs = 0;
	/** Scopes in tokens issued from now on (a token keeps the scopes it was issued with, as Auth0's do). */
	scopes: string[];
	/**
	 * expires_in of new tokens. The SDK renews a token 10 s before it expires,
	 * so a lifetime ≤ 10 s makes it fetch a new token for every request.
	 */
	tokenLifetimeSeconds = 86_400;
	/** The tenant's log retention (Auth0: 1–30 days by plan); older events are not returned. */
	logRetentionDays = 30;
	/** How long an export's download link works. */
	exportLinkLifetimeMs = 60_000;
	/** x-ratelimit-limit on every answer. */
	rateLimitPerWindow = 50;
	readonly jobs: JobPace = {pendingPolls: 1, processingPolls: 1, hold: false};
	#failures: Array<Fault<FailureSpec>> = [];
	#limits: Array<Fault<RateLimitSpec>> = [];
	#tokensValidFrom = 0;
	#issuedSerial = 0;
	readonly #tenant: Tenant;

	constructor(tenant: Tenant, scopes: string[]) {
		this.#tenant = tenant;
		this.scopes = scopes;
	}

	/** How far search lags writes (ms); `Infinity` holds writes until flushSearchIndex(). */
	get searchLagMs(): number {
		return this.#tenant.searchLagMs;
	}

	set searchLagMs(value: number) {
		this.#tenant.searchLagMs = value;
	}

	/** Makes every write so far visible to search. */
	flushSearchIndex(): void {
		this.#tenant.flushSearchIndex();
	}

	/** The next `count` matching requests fail with `spec.status` (after the latency). */
	failNext(count: number, spec: FailureSpec): void {
		this.#failures.push({spec, remaining: count, until: Number.POSITIVE_INFINITY});
	}

	/** Answers 429 with Auth0's rate-limit headers, for a number of requests or a time window. */
	rateLimit(spec: RateLimitSpec): void {
		if (spec.requests === undefined && spec.forMs === undefined) {
			throw new TypeError('rateLimit needs requests or forMs');
		}

		this.#limits.push({
			spec,
			remaining: spec.requests ?? Number.POSITIVE_INFINITY,
			until: spec.forMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + spec.forMs,
		});
	}

	/** Ends every injected failure and rate limit. */
	clearFaults(): void {
		this.#failures = [];
		this.#limits = [];
	}

	/** Every token issued so far answers 401 "Expired token…" from now on. */
	expireTokens(): void {
		this.#tokensValidFrom = this.#issuedSerial;
	}

	/** Lets held jobs move on (see `jobs.hold`). */
	releaseJobs(): void {
		this.jobs.hold = false;
	}

	/** @internal Tokens with this serial (`jti`) or a lower one count as expired. */
	get tokensValidFrom(): number {
		return this.#tokensValidFrom;
	}

	/** @internal Called by the server with each token's serial as it issues it. */
	noteTokenSerial(serial: number): void {
		this.#issuedSerial = serial;
	}

	/** @internal The failure for this request, if one is due (counts it). */
	takeFailure(method: string, path: string): FailureSpec | undefined {
		return take(this.#failures, method, path)?.spec;
	}

	/** @internal The rate limit for this request, if one is in force (counts it). */
	takeRateLimit(method: string, path: string): RateLimitSpec | undefined {
		return take(this.#limits, method, path)?.spec;
	}
}

function take<T extends RequestMatcher>(faults: Array<Fault<T>>, method: string, path: string): Fault<T> | undefined {
	const now = Date.now();
	for (let index = 0; index < faults.length; index++) {
		const fault = faults[index]!;
		if (fault.remaining <= 0 || fault.until <= now) {
			faults.splice(index--, 1);
			continue;
		}

		if (matches(fault.spec, method, path)) {
			fault.remaining--;
			return fault;
		}
	}

	return undefined;
}

function matches(matcher: RequestMatcher, method: string, path: string): boolean {
	if (matcher.method !== undefined && matcher.method.toUpperCase() !== method) {
		return false;
	}

	if (matcher.path === undefined) {
		return path.startsWith('/api/v2/');
	}

	return typeof matcher.path === 'string' ? path === matcher.path : matcher.path.test(path);
}
