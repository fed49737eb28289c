// The scroll position of a tab that shows text (Details, Raw JSON). The count of
// lines and the rows on screen come with each action, from the render the key
// arrived in, so a burst of keys moves from the container's current offset.
import {clamp, type Movement, moveIndex} from '../../state/scroll-window.js';

export type ScrollState = {readonly offset: number};

export type ScrollAction = {type: 'scroll'; movement: Movement; count: number; rows: number} | {type: 'top'};

export const initialScroll: ScrollState = {offset: 0};

export function scrollReducer(state: ScrollState, action: ScrollAction): ScrollState {
	switch (action.type) {
		case 'scroll': {
			const offset = clampOffset(state.offset, action.count, action.rows);
			// The offset moves over the positions where the window is full: 0 … count − rows.
			const next = moveIndex(offset, action.movement, maxOffset(action.count, action.rows) + 1, action.rows);
			return next === state.offset ? state : {offset: next};
		}

		case 'top': {
			return state.offset === 0 ? state : initialScroll;
		}
	}
}

export function maxOffset(count: number, rows: number): number {
	return Math.max(0, count - Math.max(1, rows));
}

/** The offset to draw with: content may have shrunk, or the window grown, since it was set. */
export function clampOffset(offset: number, count: number, rows: number): number {
	return clamp(offset, 0, maxOffset(count, rows));
}

/**
 * How many rows of content a `height`-row area shows: all of them when the
 * content fits, else one less, for the position line beneath.
 */
export function contentRows(count: number, height: number): number {
	return count > height ? Math.max(1, height - 1) : height;
}
