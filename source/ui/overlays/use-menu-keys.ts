// Keys of a menu dialog (Actions, the marked users' Actions): move over the
// enabled items, choose with Enter (never from a paste), close with Esc.
import {useState} from 'react';
import {useDeck, useKeyHandler} from '../app-context.js';
import {splitBurst} from '../input/key-name.js';
import {resolveBinding} from '../keymap.js';
import {createState, useContainer} from '../state/create-state.js';
import {firstEnabled, type MenuItem, moveMenu} from '../state/menu.js';
import {movementOf} from '../state/scroll-window.js';
import type {Overlay} from '../state/navigation.js';

/**
 * Registers the menu as input owner; returns the selected index. `items` is
 * read when a key arrives, so a key acts on the menu as it is then.
 */
export function useMenuKeys<Id extends string>(overlay: Overlay, items: () => ReadonlyArray<MenuItem<Id>>, choose: (id: Id) => void): number {
	const deck = useDeck();
	const [selection] = useState(() => createState((_: number, next: number) => next, firstEnabled(items())));
	const selected = useContainer(selection);
	useKeyHandler(overlay, ['menu'], key => {
		for (const press of splitBurst(key)) {
			const id = resolveBinding(['menu'], press.name)?.id;
			const current = items();
			const movement = movementOf(id);
			if (movement) {
				selection.dispatch(moveMenu(current, selection.getState(), movement));
			} else if (id === 'menu.close') {
				deck.navigation.dispatch({type: 'close-overlay'});
				return true;
			} else if (id === 'menu.select' && !key.isPaste) {
				const item = current[selection.getState()];
				if (item?.enabled) {
					choose(item.id);
				}

				return true;
			}
		}

		return true;
	});
	return selected;
}
