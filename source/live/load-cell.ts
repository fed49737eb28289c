// One remote read's state for synchronous views: `read` answers at once with
// what is known and starts the load the first time; when it lands (or fails)
// the owner is told, and the next `read` sees it. A retry or a newer load
// cancels the one running. The state object changes only when the state
// does, so a view can compare it by identity.
import {UserdeckError} from '../domain/errors.js';
import type {Loadable} from '../services/users-api.js';

export class LoadCell<T> {
	private snapshot: Loadable<T>;
	private controller: AbortController | undefined;
	private started = false;
	private readonly load: (signal: AbortSignal) => Promise<T>;
	private readonly changed: () => void;

	constructor(load: (signal: AbortSignal) => Promise<T>, changed: () => void) {
		this.load = load;
		this.changed = changed;
		this.snapshot = {status: 'loading', data: undefined, retry: this.retry};
	}

	/** The state now; starts the first load. */
	read(): Loadable<T> {
		if (!this.started) {
			this.start();
		}

		return this.snapshot;
	}

	/** The state now, without starting anything. */
	peek(): Loadable<T> | undefined {
		return this.started ? this.snapshot : undefined;
	}

	/** Loads again (cancelling a load in flight), keeping the data shown meanwhile. */
	readonly retry = (): void => {
		this.start();
		this.changed();
	};

	/** The server's answer from elsewhere (a write's response): loaded, and no load needed. */
	set(data: T): void {
		this.controller?.abort();
		this.controller = undefined;
		this.started = true;
		this.snapshot = {status: 'loaded', data, retry: this.retry};
		this.changed();
	}

	cancel(): void {
		this.controller?.abort();
		this.controller = undefined;
	}

	private start(): void {
		this.started = true;
		this.controller?.abort();
		const controller = new AbortController();
		this.controller = controller;
		if (this.snapshot.status !== 'loading') {
			this.snapshot = {status: 'loading', data: this.snapshot.data, retry: this.retry};
		}

		this.load(controller.signal).then(data => {
			if (this.controller === controller) {
				this.controller = undefined;
				this.snapshot = {status: 'loaded', data, retry: this.retry};
				this.changed();
			}
		}, (error: unknown) => {
			if (this.controller !== controller) {
				return;
			}

			this.controller = undefined;
			const failure = error instanceof UserdeckError ? error : new UserdeckError('VALIDATION', error instanceof Error ? error.message : String(error));
			this.snapshot = {status: 'error', data: this.snapshot.data, error: failure, retry: this.retry};
			this.changed();
		});
	}
}
