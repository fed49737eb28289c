// The batch the console is running (at most one): what the progress dialog
// shows and how Esc stops it. The batch runs in the service; this starts it,
// follows its progress, and when it ends unmarks the users it is done with
// (the failed and the not reached stay marked, so `a` again finishes them)
// and shows the result.
import {errorMessage, type Deck} from '../app-context.js';
import type {BatchAction, BatchProgress, BatchResult} from '../../services/users-service.js';
import {createState, type StateContainer} from './create-state.js';
import {marksModel} from './marks.js';

export type BatchRun = {
	readonly action: BatchAction;
	readonly progress: BatchProgress;
	readonly controller: AbortController;
	/** Esc was pressed: the batch stops once the users in hand are done. */
	readonly stopping: boolean;
};

export function batchRunModel(deck: Pick<Deck, 'memo'>): StateContainer<BatchRun | undefined, BatchRun | undefined> {
	return deck.memo('batch-run', () => createState((_: BatchRun | undefined, next: BatchRun | undefined) => next, undefined));
}

/** Asks the running batch to stop between two chunks. */
export function stopBatch(deck: Pick<Deck, 'memo'>): void {
	const model = batchRunModel(deck);
	const run = model.getState();
	if (run && !run.stopping) {
		run.controller.abort();
		model.dispatch({...run, stopping: true});
	}
}

/** Runs `action` over the users with the progress dialog up; resolves with the result once it is shown. */
export async function startBatch(deck: Deck, action: BatchAction, userIds: readonly string[]): Promise<BatchResult | undefined> {
	const model = batchRunModel(deck);
	if (model.getState()) {
		deck.report('error', 'A batch is already running');
		return undefined;
	}

	const controller = new AbortController();
	const total = new Set(userIds).size;
	model.dispatch({action, controller, stopping: false, progress: {total, processed: 0, succeeded: 0, unchanged: 0, failed: 0}});
	deck.navigation.dispatch({type: 'open-overlay', overlay: {name: 'batch-progress', action, total}});
	try {
		const result = await deck.service.runBatch(action, userIds, {
			signal: controller.signal,
			onProgress(progress) {
				const run = model.getState();
				if (run) {
					model.dispatch({...run, progress});
				}
			},
		});
		marksModel(deck).dispatch({type: 'remove', userIds: result.doneIds});
		deck.navigation.dispatch({type: 'open-overlay', overlay: {name: 'batch-result', result}});
		return result;
	} catch (error) {
		deck.navigation.dispatch({type: 'close-overlay'});
		deck.report('error', errorMessage(error));
		return undefined;
	} finally {
		model.dispatch(undefined);
	}
}
