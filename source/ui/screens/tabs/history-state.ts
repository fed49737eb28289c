// The History tab's state: how far back it looks (the Dashboard's 2 days,
// widened with `w`) and the selected event.
import {initialSelection, type SelectionAction, selectionReducer, type SelectionState} from './selection-state.js';

const day = 24 * 60 * 60 * 1000;

export type HistoryWindow = {
	/** For the caption: "Past 2 days". */
	readonly label: string;
	/** For the empty message: "in the past 2 days". */
	readonly phrase: string;
	readonly ms: number;
};

/** 2 days as the Dashboard; `w` goes on to 7 days, 30 days, everything, then back to 2 days. */
export const historyWindows: readonly HistoryWindow[] = [
	{label: 'Past 2 days', phrase: 'in the past 2 days', ms: 2 * day},
	{label: 'Past 7 days', phrase: 'in the past 7 days', ms: 7 * day},
	{label: 'Past 30 days', phrase: 'in the past 30 days', ms: 30 * day},
	{label: 'All time', phrase: 'at all', ms: Number.POSITIVE_INFINITY},
];

export type HistoryState = {
	/** Index into historyWindows. */
	readonly window: number;
	readonly selection: SelectionState;
};

export type HistoryAction = {type: 'widen'} | {type: 'select'; action: SelectionAction};

export const initialHistory: HistoryState = {window: 0, selection: initialSelection};

export function historyReducer(state: HistoryState, action: HistoryAction): HistoryState {
	switch (action.type) {
		case 'widen': {
			// Another window is another list: start again from the newest event.
			return {window: (state.window + 1) % historyWindows.length, selection: initialSelection};
		}

		case 'select': {
			const selection = selectionReducer(state.selection, action.action);
			return selection === state.selection ? state : {...state, selection};
		}
	}
}

export function historyWindow(state: HistoryState): HistoryWindow {
	return historyWindows[state.window] ?? historyWindows[0]!;
}
