// What every screen can reach: the service (the only writer), navigation,
// the status line, the input router, and the side-effect ports (clipboard,
// browser, editor) that tests replace at this boundary.
import {createContext, type ReactNode, useContext, useLayoutEffect, useMemo, useRef, useSyncExternalStore} from 'react';
import {isUserdeckError} from '../domain/errors.js';
import {memoryHistory, type PromptHistory} from '../domain/prompt-history.js';
import type {UsersApi} from '../services/users-api.js';
import {sanitize} from '../terminal/sanitize.js';
import type {KeyPress} from './input/key-name.js';
import {type KeyHandler, InputRouter} from './input/input-router.js';
import {resolveBinding, type Scope} from './keymap.js';
import {createState, type StateContainer} from './state/create-state.js';
import {initialNavigation, type Navigation, type NavigationAction, navigationReducer} from './state/navigation.js';
import {initialStatus, type Status, type StatusAction, type StatusKind, statusReducer} from './state/status.js';
import {type MaskingAction, maskingReducer} from './state/masking.js';
import {type Shown, shownFor} from './mask/shown.js';

export type CopyResult = {ok: true; message: string} | {ok: false; message: string};
export type OpenResult = {ok: true} | {ok: false; message: string};

export type Ports = {
	copy(text: string): Promise<CopyResult>;
	openUrl(url: string): Promise<OpenResult>;
	/**
	 * Edits text in $VISUAL/$EDITOR; resolves with the new text, or undefined when
	 * no external editor is configured (the console then edits inline).
	 */
	editText?: (text: string, fileName: string) => Promise<string | undefined>;
	/** Clears the terminal and paints the whole frame again (Ctrl-L). */
	redraw?: () => void;
	/** Gives the terminal back to the shell and stops the process until `fg` (Ctrl-Z). */
	suspend?: () => void;
};

export type DeckDependencies = {
	service: UsersApi;
	ports: Ports;
	now?: () => Date;
	/** Called when the user quits. */
	exit: () => void;
	initialNavigation?: Navigation;
	storeLabel?: string;
	/** The `/` and `:` prompts' history; in memory when not given. */
	history?: PromptHistory;
	/** Start with personal data masked (`--mask`, USERDECK_MASK=1). */
	masked?: boolean;
};

/** A status message, and the personal values it quotes (masked on screen while masking is on). */
export type Message = string | {readonly text: string; readonly personal: readonly string[]};

export type Deck = {
	readonly service: UsersApi;
	readonly ports: Ports;
	readonly now: () => Date;
	readonly exit: () => void;
	readonly storeLabel: string;
	/** The `/` and `:` prompts' history (saved per store by run.tsx). */
	readonly history: PromptHistory;
	readonly navigation: StateContainer<Navigation, NavigationAction>;
	readonly status: StateContainer<Status, StatusAction>;
	/** Whether personal data is masked on screen. */
	readonly masking: StateContainer<boolean, MaskingAction>;
	readonly router: InputRouter;
	/**
	 * Reports a result or an error on the status line, for the current input
	 * owner: it goes when another owner takes over. Returns its serial, for
	 * `dismiss`. A message quoting personal data names it, for the masking.
	 */
	report(kind: StatusKind, message: Message): number;
	/** Takes a reported message away once its action's state has moved on (if it is still shown). */
	dismiss(serial: number): void;
	/** Runs an operation; its error, if any, goes to the status line, never a crash. */
	attempt<T>(operation: () => Promise<T> | T, success?: (value: T) => Message): Promise<T | undefined>;
	/** Per-app state containers that outlive a screen (e.g. the list's selection). */
	memo<T>(key: string, create: () => T): T;
};

export function createDeck(dependencies: DeckDependencies): Deck {
	const navigation = createState(navigationReducer, dependencies.initialNavigation ?? initialNavigation);
	const status = createState(statusReducer, initialStatus);
	const masking = createState(maskingReducer, dependencies.masked ?? false);
	const memos = new Map<string, unknown>();
	const currentOwner = (): object => {
		const state = navigation.getState();
		return state.overlay ?? state.stack.at(-1) ?? state;
	};

	const deck: Deck = {
		service: dependencies.service,
		ports: dependencies.ports,
		now: dependencies.now ?? (() => new Date()),
		exit: dependencies.exit,
		storeLabel: dependencies.storeLabel ?? dependencies.service.sourceLabel,
		history: dependencies.history ?? memoryHistory(),
		navigation,
		status,
		masking,
		router: new InputRouter(currentOwner, key => globalKeys(deck, key)),
		report(kind, message) {
			const {text, personal} = typeof message === 'string' ? {text: message, personal: []} : message;
			status.dispatch({type: 'set', kind, message: sanitize(text), personal, owner: currentOwner()});
			return status.getState().serial;
		},
		dismiss(serial) {
			status.dispatch({type: 'dismiss', serial});
		},
		async attempt(operation, success) {
			try {
				const value = await operation();
				if (success) {
					deck.report('success', success(value));
				}

				return value;
			} catch (error) {
				deck.report('error', errorMessage(error));
				return undefined;
			}
		},
		memo<T>(key: string, create: () => T): T {
			if (!memos.has(key)) {
				memos.set(key, create());
			}

			return memos.get(key) as T;
		},
	};
	// A message belongs to its action: the next dialog, screen or tab takes it away.
	navigation.subscribe(() => {
		status.dispatch({type: 'owner-changed', owner: currentOwner()});
	});
	return deck;
}

export function errorMessage(error: unknown): string {
	if (isUserdeckError(error)) {
		return error.message;
	}

	return error instanceof Error ? error.message : String(error);
}

/** Keys no owner consumed: help and quit. */
function globalKeys(deck: Deck, key: KeyPress): boolean {
	const id = resolveBinding(['global'], key.name)?.id;
	// Ctrl-C quits whatever the config file binds.
	if (key.name === 'ctrl-c' || id === 'global.quit') {
		deck.exit();
		return true;
	}

	if (id === 'global.help') {
		const {overlay} = deck.navigation.getState();
		deck.navigation.dispatch(overlay?.name === 'help' ? {type: 'close-overlay'} : {type: 'open-overlay', overlay: {name: 'help'}});
		return true;
	}

	return false;
}

const DeckContext = createContext<Deck | undefined>(undefined);

export function DeckProvider({deck, children}: {readonly deck: Deck; readonly children: ReactNode}) {
	return <DeckContext.Provider value={deck}>{children}</DeckContext.Provider>;
}

export function useDeck(): Deck {
	const deck = useContext(DeckContext);
	if (!deck) {
		throw new Error('useDeck outside DeckProvider');
	}

	return deck;
}

/**
 * Makes the component the input owner while `owner` (its navigation entry) is
 * current. The handler should read state from containers (getState), not from
 * render-time values, so a burst of keys never sees a stale closure.
 */
export function useKeyHandler(owner: object, scopes: readonly Scope[], handler: KeyHandler): void {
	const {router} = useDeck();
	const latest = useRef(handler);
	useLayoutEffect(() => {
		latest.current = handler;
	});
	const scopeKey = scopes.join(' ');
	useLayoutEffect(() => router.register(owner, scopes, key => latest.current(key)), [router, owner, scopeKey]);
}

type RevisionSource = {subscribe(listener: () => void): () => void; readonly revision: number};

/**
 * The store's change notices, handed to the views one turn of the event loop
 * later and all at once. The store tells its listeners as an operation ends,
 * before its caller resumes: rendering then would hold up the caller (an
 * action waiting to report "saved") by a whole frame. All views in one
 * callback render as one frame; one callback each would give one frame each,
 * the later ones held back by Ink's frame rate.
 */
const deferredNotices = new WeakMap<RevisionSource, (listener: () => void) => () => void>();

function deferredSubscribe(source: RevisionSource): (listener: () => void) => () => void {
	let subscribe = deferredNotices.get(source);
	if (!subscribe) {
		const listeners = new Set<() => void>();
		let scheduled = false;
		let unsubscribe: (() => void) | undefined;
		const deliver = () => {
			scheduled = false;
			for (const listener of [...listeners]) {
				listener();
			}
		};

		subscribe = listener => {
			listeners.add(listener);
			unsubscribe ??= source.subscribe(() => {
				if (!scheduled) {
					scheduled = true;
					setImmediate(deliver);
				}
			});
			return () => {
				listeners.delete(listener);
				if (listeners.size === 0) {
					unsubscribe?.();
					unsubscribe = undefined;
				}
			};
		};

		deferredNotices.set(source, subscribe);
	}

	return subscribe;
}

/** How the views show personal data: masked or not, as deck.masking says (re-renders when it changes). */
export function useShown(): Shown {
	const {masking} = useDeck();
	return shownFor(useSyncExternalStore(masking.subscribe, masking.getState, masking.getState));
}

/** Re-renders when the store changes (own writes or another process's). */
export function useStoreRevision(): number {
	const {service} = useDeck();
	return useSyncExternalStore(deferredSubscribe(service), () => service.revision);
}
