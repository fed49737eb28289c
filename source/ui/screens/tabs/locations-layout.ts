// Where the Locations tab puts the map and the list of places. The map draws
// in a frame (a border line above and below, one column each side); the list
// goes below it, or beside it on a wide terminal when that gives the map the
// larger scale: a world map is about 2.4 times as wide as tall, so on a tall
// wide terminal the list beside it would leave the map's lower half empty.
import {baseScale} from '../../../map/projection.js';

export type LocationsLayout = {
	readonly mode: 'beside' | 'below';
	/** The map's drawing area inside its frame, in cells. */
	readonly mapCols: number;
	readonly mapRows: number;
	/** The frame around the map, in cells. */
	readonly frameWidth: number;
	readonly frameHeight: number;
	readonly listWidth: number;
	/** Place rows the list shows (its column titles take one more line). */
	readonly listRows: number;
};

/** Below this width the list always goes below the map. */
export const besideMinWidth = 120;
/** The list's width beside the map: the place, logins and "2 days ago (2026-11-25 15:36)". */
const besideListMin = 66;
const besideListMax = 80;
const gapBeside = 1;
/** Border lines above and below the map, and the list's column titles. */
const frameLines = 2;
const listTitleLines = 1;
/** Below the map, the list takes at most this share of the rows while the map needs them. */
const belowListShare = 0.3;

/** Zoom 1 scale (dots per unit) of a map area: bigger is a bigger world. */
function scaleOf(cols: number, rows: number): number {
	return baseScale(Math.max(1, cols) * 2, Math.max(1, rows) * 4);
}

/**
 * Width over height of the whole band of latitudes the map draws, in dots
 * (baseScale is bound by the width of a very tall area, by the height of a very wide one).
 */
export const worldAspect = baseScale(1_000_000, 1000) / baseScale(1000, 1_000_000);

function below(width: number, height: number, places: number): LocationsLayout {
	const mapCols = Math.max(1, width - 2);
	const room = Math.max(0, height - frameLines - listTitleLines);
	// Rows the whole world needs at this width: more only helps when zoomed in.
	const worldRows = Math.ceil((mapCols * 2) / worldAspect / 4);
	const share = Math.max(1, Math.floor(room * belowListShare));
	const listRows = Math.min(places, Math.max(share, room - worldRows), Math.max(0, room - 1));
	return {
		mode: 'below',
		mapCols,
		mapRows: Math.max(1, room - listRows),
		frameWidth: width,
		frameHeight: Math.max(1, room - listRows) + frameLines,
		listWidth: width,
		listRows: Math.max(0, listRows),
	};
}

function beside(width: number, height: number): LocationsLayout {
	const listWidth = Math.min(besideListMax, Math.max(besideListMin, Math.round(width * 0.4)));
	const frameWidth = width - listWidth - gapBeside;
	const mapRows = Math.max(1, height - frameLines);
	return {
		mode: 'beside',
		mapCols: Math.max(1, frameWidth - 2),
		mapRows,
		frameWidth,
		frameHeight: mapRows + frameLines,
		listWidth,
		listRows: Math.max(0, height - listTitleLines),
	};
}

export function locationsLayout(width: number, height: number, places: number): LocationsLayout {
	const under = below(width, height, places);
	if (width < besideMinWidth) {
		return under;
	}

	const side = beside(width, height);
	return scaleOf(side.mapCols, side.mapRows) >= scaleOf(under.mapCols, under.mapRows) ? side : under;
}
