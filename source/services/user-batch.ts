// One admin action (block, unblock, delete) over many users: the marked rows
// of the Users list. To the caller it is a run of per-user operations sharing
// a batch id, each with its own outcome, which is what a live tenant offers
// too (one Management API call per user). Against the local store the users
// go in chunks, each chunk one transaction: every user in it is changed with
// its event, or none is. So a crash, a kill -9 or another process holding the
// lock leaves each user fully done or untouched, and running the batch again
// finishes the rest (users already done are "unchanged", not failures). The
// event loop gets a turn between chunks, so the console keeps drawing and an
// AbortSignal stops the batch between two chunks.
import {setImmediate as nextTurn} from 'node:timers/promises';
import {isUserdeckError} from '../domain/errors.js';
import {failureStatus} from '../domain/management-api.js';
import type {JsonObject} from '../domain/types.js';
import type {Transaction} from '../store/store.js';
import {randomAlphanumeric} from './ids.js';
import type {ServiceContext} from './service-context.js';
import type {UserAdministration} from './user-administration.js';

export type BatchAction = 'block' | 'unblock' | 'delete';

export const batchActionNames: Record<BatchAction, string> = {
	block: 'block user',
	unblock: 'unblock user',
	delete: 'delete user',
};

/** A user the action could not be done to, and why (a rule's refusal, or the store's error). */
export type BatchFailure = {readonly userId: string; readonly reason: string};

export type BatchProgress = {
	readonly total: number;
	/** Users the batch has dealt with so far (done, unchanged or failed). */
	readonly processed: number;
	readonly succeeded: number;
	readonly unchanged: number;
	readonly failed: number;
};

export type BatchResult = BatchProgress & {
	readonly batchId: string;
	readonly action: BatchAction;
	/** Users changed, or already as asked (blocked, unblocked, deleted): nothing is left to do for them. */
	readonly doneIds: readonly string[];
	readonly failures: readonly BatchFailure[];
	/** Users not reached: the batch was cancelled or stopped. Running the batch on them finishes it. */
	readonly notRun: readonly string[];
	readonly cancelled: boolean;
	/** Why the batch stopped before the end (the store locked by another process, a disk error; a tenant: a missing scope, a rate limit). */
	readonly stopped?: string | undefined;
	/** Where the batch id is not recorded, why (a tenant: Auth0's events cannot carry it); undefined when each event's details hold it. */
	readonly batchIdNote?: string | undefined;
};

export type BatchOptions = {
	/** Defaults to a new one; give the same one to a rerun to tie its events to the first run. */
	readonly batchId?: string;
	readonly signal?: AbortSignal;
	/** Told after each chunk; the batch waits for the promise it returns, if any. */
	readonly onProgress?: (progress: BatchProgress) => void | Promise<void>;
	/** Users per transaction. Default 25: small enough that a chunk takes a few milliseconds at any store size. */
	readonly chunkSize?: number;
};

export const defaultBatchChunk = 25;

/** A batch id in the shape of Auth0's job ids. */
export function newBatchId(): string {
	return `batch_${randomAlphanumeric(16)}`;
}

type Outcome = 'succeeded' | 'unchanged' | 'failed';

export class UserBatch {
	private readonly context: ServiceContext;
	private readonly administration: UserAdministration;

	constructor(context: ServiceContext, administration: UserAdministration) {
		this.context = context;
		this.administration = administration;
	}

	async run(action: BatchAction, userIds: readonly string[], options: BatchOptions = {}): Promise<BatchResult> {
		const batchId = options.batchId ?? newBatchId();
		const ids = [...new Set(userIds)];
		const chunkSize = Math.max(1, options.chunkSize ?? defaultBatchChunk);
		const doneIds: string[] = [];
		const failures: BatchFailure[] = [];
		const counts = {succeeded: 0, unchanged: 0, failed: 0};
		const progress = (): BatchProgress => ({total: ids.length, processed: counts.succeeded + counts.unchanged + counts.failed, ...counts});
		let next = 0;
		let stopped: string | undefined;
		while (next < ids.length) {
			if (options.signal?.aborted) {
				break;
			}

			const chunk = ids.slice(next, next + chunkSize);
			let outcomes: Array<{userId: string; outcome: Outcome; reason?: string}>;
			try {
				// eslint-disable-next-line no-await-in-loop
				outcomes = await this.context.store.transact(tx => chunk.map(userId => {
					try {
						return {userId, outcome: this.stage(tx, action, userId, batchId)};
					} catch (error) {
						if (!isUserdeckError(error)) {
							throw error;
						}

						// A refusal is that user's alone: logged in the same transaction, the others go on.
						tx.put('logs', this.failureEvent(action, userId, error.message, batchId, error.code));
						return {userId, outcome: 'failed' as const, reason: error.message};
					}
				}));
			} catch (error) {
				// Nothing of this chunk was written: it and the rest are left for a rerun.
				stopped = error instanceof Error ? error.message : String(error);
				break;
			}

			for (const {userId, outcome, reason} of outcomes) {
				counts[outcome]++;
				if (outcome === 'failed') {
					failures.push({userId, reason: reason ?? 'failed'});
				} else {
					doneIds.push(userId);
				}
			}

			next += chunk.length;
			// eslint-disable-next-line no-await-in-loop
			await options.onProgress?.(progress());
			// Keys and frames get their turn between two chunks.
			// eslint-disable-next-line no-await-in-loop
			await nextTurn();
		}

		return {
			...progress(),
			batchId,
			action,
			doneIds,
			failures,
			notRun: ids.slice(next),
			cancelled: stopped === undefined && next < ids.length,
			stopped,
		};
	}

	/** Stages one user's change and event; throws a UserdeckError (having staged nothing) when its rules refuse. */
	private stage(tx: Transaction, action: BatchAction, userId: string, batchId: string): Outcome {
		const details: JsonObject = {batch_id: batchId};
		if (action === 'delete') {
			// Deleting a user who is gone (a rerun after a crash, another admin) leaves what was asked: nothing to log.
			if (!this.context.store.tables.users.has(userId)) {
				return 'unchanged';
			}

			this.administration.stageDelete(tx, userId, details);
			return 'succeeded';
		}

		return this.administration.stageSetBlocked(tx, userId, action === 'block', details).changed ? 'succeeded' : 'unchanged';
	}

	private failureEvent(action: BatchAction, userId: string, reason: string, batchId: string, code: string) {
		const name = batchActionNames[action];
		const user = this.context.readableUser(userId);
		return this.context.event(action === 'delete' ? 'fdu' : 'fapi', {
			description: `${name} failed: ${reason}`,
			user,
			userName: user ? undefined : userId,
			details: {...this.context.audit(name, userId, 'failure', failureStatus(code)), reason, batch_id: batchId},
		});
	}
}
