// A tab whose content is a list of lines that scrolls when taller than the area
// (Details, Raw JSON): the movement keys scroll; the tab's own keys go to `onKey`.
import {useState} from 'react';
import {type BindingId, resolveBinding, type Scope} from '../../keymap.js';
import {createState, useContainer} from '../../state/create-state.js';
import {movementOf} from '../../state/scroll-window.js';
import {clampOffset, contentRows, initialScroll, scrollReducer} from './scroll-state.js';
import {type TabKeys, useTabKeys} from './tab-keys.js';

export function useScrollingTab(
	owner: TabKeys,
	scopes: readonly Scope[],
	lineCount: number,
	height: number,
	onKey: (bindingId: BindingId | undefined) => boolean,
): {offset: number; rows: number} {
	const [scroll] = useState(() => createState(scrollReducer, initialScroll));
	const state = useContainer(scroll);
	const rows = contentRows(lineCount, height);
	useTabKeys(owner, scopes, key => {
		const id = resolveBinding(scopes, key.name)?.id;
		if (onKey(id)) {
			return true;
		}

		const movement = movementOf(id);
		if (movement) {
			scroll.dispatch({type: 'scroll', movement, count: lineCount, rows});
			return true;
		}

		return false;
	});
	return {offset: clampOffset(state.offset, lineCount, rows), rows};
}
