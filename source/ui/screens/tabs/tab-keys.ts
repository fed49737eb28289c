// How a tab of the User page takes keys without being an input owner itself.
//
// The page (UserScreen) is the one owner registered with the router. Each page
// instance makes a `TabKeys` slot and hands it to the active tab as `owner`,
// with the page's scopes as `parentScopes`. The tab calls
// `useTabKeys(owner, [...its scopes, ...parentScopes], handler)`, the same
// shape as `useKeyHandler`: the page registers with those scopes (so the footer
// and help show the tab's keys), and for every key calls the tab's handler
// first; only what the tab leaves (returns false for) becomes a page key (tab
// switching, Esc, a, y, o). A tab that needs arrows for itself, like the focused
// map, simply puts its scope first and consumes them.
import {useLayoutEffect} from 'react';
import type {KeyHandler} from '../../input/input-router.js';
import type {Scope} from '../../keymap.js';
import {createState, type StateContainer} from '../../state/create-state.js';

export type TabKeys = {
	/** The active tab's full scopes (its own first, then the page's); undefined while no tab has registered. */
	readonly scopes: StateContainer<readonly Scope[] | undefined, readonly Scope[] | undefined>;
	/** The active tab's latest handler; read when a key arrives, never captured. */
	handler: KeyHandler | undefined;
};

/** The props every tab of the User page gets besides its own. */
export type TabInput = {
	readonly owner: TabKeys;
	readonly parentScopes: readonly Scope[];
};

export function createTabKeys(): TabKeys {
	return {
		scopes: createState<readonly Scope[] | undefined, readonly Scope[] | undefined>((_state, scopes) => scopes, undefined),
		handler: undefined,
	};
}

/** Makes the calling tab the page's key handler while it is mounted. */
export function useTabKeys(owner: TabKeys, scopes: readonly Scope[], handler: KeyHandler): void {
	useLayoutEffect(() => {
		owner.handler = handler;
	});
	// The joined names are the scopes' identity: a new array with the same names changes nothing.
	const scopeKey = scopes.join(' ');
	useLayoutEffect(() => {
		owner.scopes.dispatch(scopes);
	}, [owner, scopeKey]);
	useLayoutEffect(() => () => {
		owner.handler = undefined;
		owner.scopes.dispatch(undefined);
	}, [owner]);
}
