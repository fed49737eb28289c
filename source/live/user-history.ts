// A user's history from `GET /api/v2/users/{id}/logs`, newest first, loaded
// page by page as far back as the window asked for (2 days, 7, 30, all).
// Auth0 keeps logs for 1–30 days depending on the plan and pages through at
// most 1,000 of a user's events: when the history stops short of the window,
// the state says where and why.
import {UserdeckError} from '../domain/errors.js';
import type {LogEvent} from '../domain/types.js';
import type {HistoryLoadable, HistoryReach, LoadStatus} from '../services/users-api.js';

export const LOG_PAGE_SIZE = 100;
export const LOG_EVENT_CAP = 1000;

export type FetchLogPage = (page: number, perPage: number, signal: AbortSignal) => Promise<{events: LogEvent[]; total: number | undefined}>;

export class UserHistory {
	private events: LogEvent[] = [];
	private pages = 0;
	private exhausted = false;
	private capped = false;
	private status: LoadStatus = 'loading';
	private error: UserdeckError | undefined;
	private controller: AbortController | undefined;
	private readonly fetchPage: FetchLogPage;
	private readonly changed: () => void;
	private readonly now: () => Date;
	private cached: {key: string; state: HistoryLoadable} | undefined;
	private version = 0;

	constructor(fetchPage: FetchLogPage, changed: () => void, now: () => Date) {
		this.fetchPage = fetchPage;
		this.changed = changed;
		this.now = now;
	}

	/** The events inside the window, loading older pages while the window reaches past them. */
	state(sinceMs = 2 * 24 * 3600 * 1000): HistoryLoadable {
		const cutoff = sinceMs === Number.POSITIVE_INFINITY ? '' : new Date(this.now().getTime() - sinceMs).toISOString();
		const oldest = this.events.at(-1)?.date;
		const reachesBack = oldest !== undefined && oldest < cutoff;
		if (!reachesBack && !this.exhausted && this.status !== 'error' && !this.controller) {
			this.loadNext();
		}

		const key = `${this.version} ${cutoff} ${this.controller ? 1 : 0}`;
		if (this.cached?.key === key) {
			return this.cached.state;
		}

		const data = this.events.filter(event => event.date >= cutoff);
		const state: HistoryLoadable = {
			status: this.controller ? 'loading' : this.status,
			data,
			error: this.error,
			retry: this.retry,
			reach: this.reach(cutoff),
		};
		this.cached = {key, state};
		return state;
	}

	all(): readonly LogEvent[] {
		return this.events;
	}

	readonly retry = (): void => {
		this.status = 'loading';
		this.error = undefined;
		this.loadNext();
		this.bump();
	};

	cancel(): void {
		this.controller?.abort();
		this.controller = undefined;
	}

	private reach(cutoff: string): HistoryReach {
		const oldest = this.events.at(-1)?.date;
		let limit: string | undefined;
		if (this.capped) {
			limit = `Auth0 lists at most ${LOG_EVENT_CAP.toLocaleString('en-US')} events per user: the history stops at ${oldest ?? 'the newest'}; older events need a log search`;
		} else if (this.exhausted && (oldest === undefined || cutoff === '' || oldest > cutoff)) {
			limit = oldest
				? `History ends at ${oldest}: Auth0 keeps a tenant's logs for 1–30 days, by plan`
				: 'Auth0 keeps a tenant\'s logs for 1–30 days, by plan';
		}

		return {loaded: this.events.length, more: !this.exhausted, limit};
	}

	private bump(): void {
		this.version++;
		this.changed();
	}

	private loadNext(): void {
		if ((this.pages + 1) * LOG_PAGE_SIZE > LOG_EVENT_CAP) {
			this.exhausted = true;
			this.capped = true;
			return;
		}

		const controller = new AbortController();
		this.controller = controller;
		const page = this.pages;
		this.fetchPage(page, LOG_PAGE_SIZE, controller.signal).then(result => {
			if (this.controller !== controller) {
				return;
			}

			this.controller = undefined;
			this.pages = page + 1;
			const seen = new Set(this.events.map(event => event.log_id));
			for (const event of result.events) {
				if (!seen.has(event.log_id)) {
					this.events.push(event);
				}
			}

			this.events.sort((a, b) => (a.date < b.date ? 1 : (a.date > b.date ? -1 : 0)));
			const reachable = Math.min(result.total ?? Number.POSITIVE_INFINITY, LOG_EVENT_CAP);
			if (result.events.length < LOG_PAGE_SIZE || this.pages * LOG_PAGE_SIZE >= reachable) {
				this.exhausted = true;
				this.capped = (result.total ?? 0) > LOG_EVENT_CAP;
			}

			this.status = 'loaded';
			this.error = undefined;
			this.bump();
		}, (error: unknown) => {
			if (this.controller !== controller) {
				return;
			}

			this.controller = undefined;
			this.status = 'error';
			this.error = error instanceof UserdeckError ? error : new UserdeckError('UNAVAILABLE', String(error));
			this.bump();
		});
	}
}
