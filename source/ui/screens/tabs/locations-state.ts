// The Locations tab's state: the selected place in the list, whether the map has
// focus (arrows pan it instead of moving the list or switching tabs), and how the
// map is framed. The view is kept as a choice, not only as numbers: the default
// and the fitted view are worked out again for each size, so a resize keeps the
// pins in sight; only a view the operator zoomed or panned to is kept as is.
import {fitView, defaultView, panStep, panView, zoomView, type RegionPoint} from '../../../map/view.js';
import type {MapView} from '../../../map/types.js';
import {baseScale, clampView, parallelScale} from '../../../map/projection.js';
import {initialSelection, type SelectionAction, selectionReducer, type SelectionState} from './selection-state.js';
import type {BindingId} from '../../keymap.js';

export type ViewChoice =
	| {readonly kind: 'default'}
	| {readonly kind: 'fit'}
	| {readonly kind: 'custom'; readonly view: MapView};

export type LocationsState = {
	readonly list: SelectionState;
	readonly focused: boolean;
	readonly view: ViewChoice;
};

export type LocationsAction =
	| SelectionAction
	| {type: 'focus'; focused: boolean}
	| {type: 'view'; view: ViewChoice};

export const initialLocations: LocationsState = {list: initialSelection, focused: false, view: {kind: 'default'}};

export function locationsReducer(state: LocationsState, action: LocationsAction): LocationsState {
	switch (action.type) {
		case 'move':
		case 'reset': {
			const list = selectionReducer(state.list, action);
			return list === state.list ? state : {...state, list};
		}

		case 'focus': {
			return state.focused === action.focused ? state : {...state, focused: action.focused};
		}

		case 'view': {
			return state.view === action.view ? state : {...state, view: action.view};
		}
	}
}

/** The view a choice stands for at a size. */
export function resolveView(choice: ViewChoice, points: readonly RegionPoint[], cols: number, rows: number): MapView {
	switch (choice.kind) {
		case 'default': {
			return defaultView(points, cols, rows);
		}

		case 'fit': {
			return fitView(points, cols, rows);
		}

		case 'custom': {
			return clampView(choice.view, cols, rows);
		}
	}
}

/** Each press of + or - doubles or halves the scale. */
export const zoomFactor = 2;

/**
 * One arrow press: a quarter of what the map shows. When the whole world is
 * narrower than the frame (zoomed out on a wide, short area), that is a quarter
 * of the world's drawn width, not of the frame, or a press would swing the
 * globe round by half a turn.
 */
export function mapPanStep(view: MapView, cols: number, rows: number): {dx: number; dy: number} {
	const frame = panStep(cols, rows);
	const worldCols = (baseScale(cols * 2, rows * 4) * view.zoom * 2 * Math.PI * parallelScale(0)) / 2;
	return {dx: Math.min(frame.dx, Math.max(1, Math.round(worldCols / 4))), dy: frame.dy};
}

/**
 * The view after a map binding (zoom, pan, fit) from `current`, the view drawn
 * at `cols`×`rows`; undefined for any other binding.
 */
export function mapCommand(bindingId: BindingId | undefined, current: MapView, cols: number, rows: number): ViewChoice | undefined {
	const step = mapPanStep(current, cols, rows);
	const custom = (view: MapView): ViewChoice => ({kind: 'custom', view: clampView(view, cols, rows)});
	switch (bindingId) {
		case 'locations.zoom-in':
		case 'map.zoom-in': {
			return custom(zoomView(current, zoomFactor));
		}

		case 'locations.zoom-out':
		case 'map.zoom-out': {
			return custom(zoomView(current, 1 / zoomFactor));
		}

		case 'locations.fit':
		case 'map.fit': {
			return {kind: 'fit'};
		}

		case 'map.left': {
			return custom(panView(current, -step.dx, 0, cols, rows));
		}

		case 'map.right': {
			return custom(panView(current, step.dx, 0, cols, rows));
		}

		case 'map.up': {
			return custom(panView(current, 0, -step.dy, cols, rows));
		}

		case 'map.down': {
			return custom(panView(current, 0, step.dy, cols, rows));
		}

		default: {
			return undefined;
		}
	}
}
