// A tiny synchronous state container (reducer + subscribe), read by views through
// useSyncExternalStore. Key handlers read `getState()` at the moment a key arrives,
// so a burst of keys never acts on a stale render's closure (STYLE.md §13).
import {useSyncExternalStore} from 'react';

export type StateContainer<S, A> = {
	getState(): S;
	dispatch(action: A): void;
	subscribe(listener: () => void): () => void;
};

export function createState<S, A>(reducer: (state: S, action: A) => S, initial: S): StateContainer<S, A> {
	let state = initial;
	const listeners = new Set<() => void>();
	return {
		getState: () => state,
		dispatch(action) {
			const next = reducer(state, action);
			if (next !== state) {
				state = next;
				for (const listener of listeners) {
					listener();
				}
			}
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}

export function useContainer<S, A>(container: StateContainer<S, A>): S {
	return useSyncExternalStore(container.subscribe, container.getState, container.getState);
}
