// `*`: mark every user the filter or query matched. In memory the matches are
// all at hand. A tenant's list holds only the pages loaded so far, so there
// "every match" first loads the pages not yet loaded, up to Auth0's
// 1,000-result cap (which the dialog names before anything loads), and marks
// once the last one has landed: all of them, or, if a page fails or the query
// changes on the way, none (never a part that looks like the whole).
import {groupDigits} from '../../domain/group-digits.js';
import type {RemoteInfo, RemoteQuery, RemoteUserList} from '../../list/remote-source.js';
import type {Deck} from '../app-context.js';
import {marksModel} from './marks.js';

function usersCount(count: number): string {
	return `${groupDigits(count)} user${count === 1 ? '' : 's'}`;
}

/** Marks the users and says so, with the new total. `total`: the matches when more matched than could be marked (the cap). */
export function markAll(deck: Pick<Deck, 'memo' | 'service' | 'report'>, userIds: readonly string[], what: string, total?: number): void {
	const marks = marksModel(deck);
	marks.dispatch({type: 'add', userIds});
	const marked = total !== undefined && total > userIds.length
		? `the first ${groupDigits(userIds.length)} of ${usersCount(total)}`
		: usersCount(userIds.length);
	deck.report('success', `Marked ${marked} ${what} · ${groupDigits(marks.getState().size)} marked`);
}

type Job = {readonly cancel: () => void; readonly progress: () => string};

/** The `*` still loading its matches, if any (one per console). */
function jobs(deck: Pick<Deck, 'memo'>): {current?: Job | undefined} {
	return deck.memo('remote-mark-all', () => ({}));
}

/** While `*` is loading a tenant's matches: what the status line says about it; else undefined. */
export function markAllLoading(deck: Pick<Deck, 'memo'>): string | undefined {
	return jobs(deck).current?.progress();
}

function sameQuery(a: RemoteQuery, b: RemoteQuery): boolean {
	return a.q === b.q && a.sort === b.sort;
}

function loadingText(info: RemoteInfo, loaded: number): string {
	return `Loading the matches to mark them: ${groupDigits(loaded)} of ${groupDigits(info.reachable ?? loaded)}…`;
}

/**
 * Loads every page of the tenant's query not loaded yet (at most the cap),
 * then marks every user loaded. Called from a key handler (never a render).
 */
export function markEveryMatch(deck: Pick<Deck, 'memo' | 'service' | 'report'>, remote: RemoteUserList, what: string): void {
	const registry = jobs(deck);
	const {query} = remote.info();
	let stopped = false;
	let unsubscribe = () => {};
	const stop = () => {
		stopped = true;
		unsubscribe();
		if (registry.current === job) {
			registry.current = undefined;
		}
	};

	/** True once the job is over (marked, or nothing marked and why said). */
	const step = (): boolean => {
		const info = remote.info();
		if (!sameQuery(info.query, query) || info.queryPending) {
			deck.report('info', 'Nothing marked: the query changed while its matches were loading');
			return true;
		}

		if (info.status === 'error') {
			deck.report('error', `Nothing marked: ${info.error?.message ?? 'a page of matches could not be loaded'}`);
			return true;
		}

		if (info.status === 'loaded' && !info.more) {
			markAll(deck, remote.loadedUsers().map(user => user.user_id), what, info.capped ? info.total : undefined);
			return true;
		}

		// Every page the query reaches (never past the cap), asked again at
		// every change: a reload (`r`) starts the query's pages over.
		remote.ensureRows(Number.POSITIVE_INFINITY);
		return false;
	};

	const job: Job = {
		cancel: stop,
		progress: () => loadingText(remote.info(), remote.loadedUsers().length),
	};
	registry.current?.cancel();
	if (step()) {
		return;
	}

	registry.current = job;
	deck.report('info', job.progress());
	unsubscribe = remote.subscribe(() => {
		if (stopped) {
			return;
		}

		if (step()) {
			stop();
		} else {
			deck.report('info', job.progress());
		}
	});
}
