// A batch (block, unblock, delete marked users) over a live tenant: the
// Management API has no batch call for these, so it is one call per user
// (block/unblock: GET, then PATCH only when the user is not already as asked;
// delete: DELETE), at most `batchConcurrency` in flight, each at background
// priority (a 429 waits for Auth0's reset, backing off, as every background
// call does: requester.ts). Each call is atomic on Auth0's side, so whatever
// stops the batch (Esc, a crash, a kill -9) leaves every user fully done or
// untouched; the users not reached are `notRun`, and running the batch again
// finishes them (those already done come back "unchanged").
//
// The result has the local batch's shape (user-batch.ts). What differs: the
// batch id stays in userdeck. Auth0 writes its own `sapi` event per call and
// the Management API offers no way to add details to it, so `batchIdNote`
// says the id is not in the tenant's logs.
import {UserdeckError} from '../domain/errors.js';
import {type BatchAction, type BatchFailure, type BatchOptions, type BatchProgress, type BatchResult, newBatchId} from '../services/user-batch.js';

/** Calls in flight at once: Auth0's Management API limits are per tenant (a few to 50 requests a second by plan), shared with every other admin and job. */
export const batchConcurrency = 4;

export const tenantBatchIdNote = 'not in Auth0\'s logs: its events cannot carry one';

/** Outcomes that end the batch: every other user would fail the same way (a missing scope, a refused token, a rate limit past its retries). */
const stopping = new Set(['FORBIDDEN', 'AUTH', 'RATE_LIMITED']);

export type TenantBatchCalls = {
	/** Whether the user changed (false: already as asked). */
	setBlocked(userId: string, blocked: boolean, signal: AbortSignal): Promise<boolean>;
	deleteUser(userId: string, signal: AbortSignal): Promise<void>;
};

/**
 * Runs `work` on each item, at most `limit` at once, in order of start;
 * resolves with the answers in the items' order. Stops starting new items
 * once `signal` aborts (those get `undefined`); the first thrown error
 * rejects after the calls in flight end.
 */
export async function inPool<T, R>(items: readonly T[], limit: number, signal: AbortSignal | undefined, work: (item: T, index: number) => Promise<R>): Promise<Array<R | undefined>> {
	const answers: Array<R | undefined> = Array.from({length: items.length});
	let next = 0;
	let failure: {error: unknown} | undefined;
	const worker = async (): Promise<void> => {
		while (next < items.length && !signal?.aborted && !failure) {
			const index = next++;
			try {
				// eslint-disable-next-line no-await-in-loop
				answers[index] = await work(items[index]!, index);
			} catch (error) {
				failure ??= {error};
			}
		}
	};

	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
	if (failure) {
		throw failure.error;
	}

	return answers;
}

export async function runTenantBatch(calls: TenantBatchCalls, action: BatchAction, userIds: readonly string[], options: BatchOptions = {}): Promise<BatchResult> {
	const batchId = options.batchId ?? newBatchId();
	const ids = [...new Set(userIds)];
	const counts = {succeeded: 0, unchanged: 0, failed: 0};
	const failures: BatchFailure[] = [];
	const done = new Set<string>();
	const reached = new Set<string>();
	const progress = (): BatchProgress => ({total: ids.length, processed: counts.succeeded + counts.unchanged + counts.failed, ...counts});
	// The admin's Esc, or a stop (below): the calls in flight are cancelled too (each is atomic on Auth0's side: it happened or not).
	const controller = new AbortController();
	const abort = (): void => {
		controller.abort();
	};

	options.signal?.addEventListener('abort', abort, {once: true});
	if (options.signal?.aborted) {
		abort();
	}

	let stopped: string | undefined;
	try {
		await inPool(ids, batchConcurrency, controller.signal, async userId => {
			let outcome: 'succeeded' | 'unchanged' | 'failed';
			try {
				if (action === 'delete') {
					// DELETE answers 204 also for a user already gone: Auth0 cannot tell "unchanged" apart here.
					await calls.deleteUser(userId, controller.signal);
					outcome = 'succeeded';
				} else {
					outcome = await calls.setBlocked(userId, action === 'block', controller.signal) ? 'succeeded' : 'unchanged';
				}
			} catch (error) {
				if (!(error instanceof UserdeckError)) {
					throw error;
				}

				if (error.code === 'CANCELLED' || controller.signal.aborted) {
					// Not reached (or not known to be): left for a rerun.
					return;
				}

				if (stopping.has(error.code)) {
					stopped ??= error.message;
					abort();
					return;
				}

				outcome = 'failed';
				failures.push({userId, reason: error.message});
			}

			reached.add(userId);
			counts[outcome]++;
			if (outcome !== 'failed') {
				done.add(userId);
			}

			await options.onProgress?.(progress());
		});
	} finally {
		options.signal?.removeEventListener('abort', abort);
	}

	return {
		...progress(),
		batchId,
		action,
		doneIds: ids.filter(id => done.has(id)),
		failures,
		notRun: ids.filter(id => !reached.has(id)),
		cancelled: stopped === undefined && reached.size < ids.length,
		stopped,
		batchIdNote: tenantBatchIdNote,
	};
}
