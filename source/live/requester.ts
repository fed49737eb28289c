// Every Management API call goes through here: it turns the SDK's errors
// into LiveErrors (live-error.ts) and handles 429s itself. The SDK is built
// with `maxRetries: 0`, so a rate-limited call never sits in its silent
// retries while the admin waits: the notice says "rate limited by Auth0,
// retrying at 14:02:31" and the call is made again at that time (background
// loads also back off exponentially). A cancelled call stops waiting at once.
import {UserdeckError} from '../domain/errors.js';
import {type CallName, calls} from './calls.js';
import {LiveError, toLiveError} from './live-error.js';
import {clockTime} from './rate-limit.js';

export type RequestKind = 'interactive' | 'background';

export type RateLimitNotice = {readonly call: CallName; readonly retryAt: Date; readonly message: string};

export type RequesterOptions = {
	readonly domain: string;
	/** Strings no message may contain (client secret, access token). */
	readonly secrets: readonly string[];
	readonly now?: () => Date;
	/** Waits `ms`, ending early (rejecting) when `signal` aborts. Tests replace it. */
	readonly sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
	/** Told when a call is rate limited and will be retried (for the status line). */
	readonly onRateLimit?: (notice: RateLimitNotice) => void;
	/** Retries after 429s, per call. Default: 3 interactive, 6 background. */
	readonly rateLimitRetries?: {readonly interactive: number; readonly background: number};
};

export type Requester = {
	run<T>(name: CallName, work: (signal: AbortSignal) => Promise<T>, options?: {signal?: AbortSignal | undefined; kind?: RequestKind}): Promise<T>;
};

/** Waits `ms`; rejects at once when `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) {
			reject(signal.reason);
			return;
		}

		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', abort);
			resolve();
		}, ms);
		const abort = (): void => {
			clearTimeout(timer);
			reject(signal?.reason);
		};

		signal?.addEventListener('abort', abort, {once: true});
	});
}

export function createRequester(options: RequesterOptions): Requester {
	const now = options.now ?? (() => new Date());
	const sleep = options.sleep ?? abortableSleep;
	const retries = options.rateLimitRetries ?? {interactive: 3, background: 6};
	return {
		async run(name, work, {signal, kind = 'interactive'} = {}) {
			const call = calls[name];
			for (let attempt = 0; ; attempt++) {
				const controller = new AbortController();
				const forward = (): void => {
					controller.abort(signal?.reason);
				};

				if (signal?.aborted) {
					throw new LiveError('CANCELLED', `Cancelled ${call.doing}`);
				}

				signal?.addEventListener('abort', forward, {once: true});
				let failure: UserdeckError;
				try {
					// eslint-disable-next-line no-await-in-loop
					return await work(controller.signal);
				} catch (error) {
					failure = toLiveError(error, {call, domain: options.domain, secrets: options.secrets, now: now(), aborted: signal?.aborted === true});
				} finally {
					signal?.removeEventListener('abort', forward);
				}

				const limit = kind === 'interactive' ? retries.interactive : retries.background;
				if (!(failure instanceof LiveError) || failure.code !== 'RATE_LIMITED' || attempt >= limit) {
					throw failure;
				}

				const backoff = kind === 'background' ? 1000 * (2 ** attempt) : 1000;
				const retryAt = new Date(Math.max(failure.retryAt?.getTime() ?? 0, now().getTime() + (failure.retryAt ? 0 : backoff), kind === 'background' ? now().getTime() + backoff : 0));
				options.onRateLimit?.({call: name, retryAt, message: `rate limited by Auth0, retrying at ${clockTime(retryAt)}`});
				try {
					// eslint-disable-next-line no-await-in-loop
					await sleep(Math.max(0, retryAt.getTime() - now().getTime()), signal);
				} catch {
					throw new LiveError('CANCELLED', `Cancelled ${call.doing}`);
				}
			}
		},
	};
}
