// Keys of the read-only viewers (help, an event's JSON): scroll, copy, close.
import {useState} from 'react';
import {useDeck, useKeyHandler} from '../app-context.js';
import {splitBurst} from '../input/key-name.js';
import {resolveBinding} from '../keymap.js';
import {createState, useContainer} from '../state/create-state.js';
import {moveIndex, movementOf} from '../state/scroll-window.js';
import type {Overlay} from '../state/navigation.js';

/** Registers the viewer as input owner; returns the first visible line. */
export function useViewerKeys(overlay: Overlay, lineCount: number, visible: number, copy?: () => void): number {
	const deck = useDeck();
	const maxOffset = Math.max(0, lineCount - visible);
	const [scroll] = useState(() => createState((_: number, next: number) => next, 0));
	const offset = useContainer(scroll);
	// A viewer without anything to copy (the help) takes its keys in its own scope: no `y` in its footer.
	const scope = copy ? 'viewer' : 'help';
	useKeyHandler(overlay, [scope], key => {
		for (const press of splitBurst(key)) {
			const id = resolveBinding([scope], press.name)?.id;
			const movement = movementOf(id);
			if (movement) {
				scroll.dispatch(Math.min(maxOffset, moveIndex(scroll.getState(), movement, maxOffset + 1, visible)));
			} else if (id === 'viewer.copy') {
				copy?.();
			} else if (id === 'viewer.close' || id === 'help.close') {
				deck.navigation.dispatch({type: 'close-overlay'});
				return true;
			}
		}

		return true;
	});
	return Math.min(offset, maxOffset);
}
