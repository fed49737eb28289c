// Exactly one input owner at a time (STYLE.md §8): the overlay if there is one,
// else the top screen. Each owner registers a handler under its navigation
// entry. A key that arrives before the new owner has mounted (e.g. typed 1 ms
// after Enter opened a user) waits in a queue and goes to the new owner when it
// registers, never to the previous screen's handler.
import type {Scope} from '../keymap.js';
import type {KeyPress} from './key-name.js';

/** Returns true when it handled (consumed) the key. */
export type KeyHandler = (key: KeyPress) => boolean;

type Registration = {handler: KeyHandler; scopes: readonly Scope[]};

export class InputRouter {
	private readonly owners = new Map<object, Registration>();
	private readonly pending: KeyPress[] = [];
	private readonly scopeListeners = new Set<() => void>();
	private readonly currentOwner: () => object;
	private readonly fallback: KeyHandler;
	private drainScheduled = false;
	/** When the last key came (performance.now()): work that can wait waits for a pause. */
	lastKeyAt = Number.NEGATIVE_INFINITY;

	constructor(currentOwner: () => object, fallback: KeyHandler) {
		this.currentOwner = currentOwner;
		this.fallback = fallback;
	}

	register(owner: object, scopes: readonly Scope[], handler: KeyHandler): () => void {
		const registration = {handler, scopes};
		this.owners.set(owner, registration);
		this.notifyScopes();
		this.drainAfterCommit();
		return () => {
			if (this.owners.get(owner) === registration) {
				this.owners.delete(owner);
				this.notifyScopes();
			}
		};
	}

	handle(key: KeyPress): void {
		this.lastKeyAt = performance.now();
		this.pending.push(key);
		this.drain();
	}

	/** Delivers queued keys in order for as long as their owner is mounted. */
	drain(): void {
		while (this.pending.length > 0) {
			const registration = this.owners.get(this.currentOwner());
			if (!registration) {
				return;
			}

			const key = this.pending.shift()!;
			if (!registration.handler(key)) {
				this.fallback(key);
			}
		}
	}

	/**
	 * Owners register from a layout effect, inside React's commit. Keys that
	 * waited for the owner are delivered after it, in the next turn of the
	 * event loop: a key handled inside the commit that changes the owner again
	 * nests an update in it, and a paste of more than 50 such keys (digits and
	 * tabs on the User page) would pass React's limit of nested updates and
	 * take the console down. A turn, not a microtask, so a long paste does not
	 * hold up the terminal's output and timers. Keys that arrive meanwhile queue
	 * behind the waiting ones, so the order is kept.
	 */
	private drainAfterCommit(): void {
		if (this.pending.length === 0 || this.drainScheduled) {
			return;
		}

		this.drainScheduled = true;
		setImmediate(() => {
			this.drainScheduled = false;
			this.drain();
		});
	}

	/** The scopes of the current owner, for the footer's hints; `global` last. */
	activeScopes(): readonly Scope[] {
		return [...(this.owners.get(this.currentOwner())?.scopes ?? []), 'global'];
	}

	/** The scopes `owner` registered (a screen under an overlay: what its help lists first). */
	scopesOf(owner: object): readonly Scope[] {
		return this.owners.get(owner)?.scopes ?? [];
	}

	subscribeScopes = (listener: () => void): (() => void) => {
		this.scopeListeners.add(listener);
		return () => this.scopeListeners.delete(listener);
	};

	get pendingCount(): number {
		return this.pending.length;
	}

	private notifyScopes(): void {
		for (const listener of this.scopeListeners) {
			listener();
		}
	}
}
