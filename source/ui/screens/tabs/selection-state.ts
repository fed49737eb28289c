// The selected row of a tab's table (Devices, History) and the window of rows
// shown. As with scroll-state, each action carries the count and rows of the
// render the key arrived in.
import {clamp, followSelection, type Movement, moveIndex} from '../../state/scroll-window.js';

export type SelectionState = {readonly selected: number; readonly offset: number};

export type SelectionAction = {type: 'move'; movement: Movement; count: number; rows: number} | {type: 'reset'};

export const initialSelection: SelectionState = {selected: 0, offset: 0};

export function selectionReducer(state: SelectionState, action: SelectionAction): SelectionState {
	switch (action.type) {
		case 'move': {
			const current = visibleSelection(state, action.count, action.rows);
			const selected = moveIndex(current.selected, action.movement, action.count, action.rows);
			const offset = followSelection(selected, current.offset, action.rows, action.count);
			return selected === state.selected && offset === state.offset ? state : {selected, offset};
		}

		case 'reset': {
			return state.selected === 0 && state.offset === 0 ? state : initialSelection;
		}
	}
}

/** The selection as drawn: rows may have gone (a device unlinked) or the window changed size. */
export function visibleSelection(state: SelectionState, count: number, rows: number): SelectionState {
	const selected = clamp(state.selected, 0, Math.max(0, count - 1));
	return {selected, offset: followSelection(selected, state.offset, Math.max(1, rows), count)};
}
