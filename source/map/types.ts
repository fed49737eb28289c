// The map's data shapes. Kept free of Ink so the tab renders plain segments.

/** Where the map looks: the longitude and latitude at the frame's centre, and the zoom (1 = whole world). */
export type MapView = {
	readonly centerLon: number;
	readonly centerLat: number;
	readonly zoom: number;
};

/** What a terminal cell shows, for the view to pick a colour. */
export type CellKind = 'land' | 'water' | 'pin' | 'pin-highlight' | 'pin-latest';

/** A run of neighbouring cells of one kind on a line; cheaper for Ink than one `<Text>` per cell. */
export type MapSegment = {
	readonly text: string;
	readonly kind: CellKind;
};

/** A place to pin; `key` identifies it for highlighting and in `PinCell.keys`. */
export type MapPin = {
	readonly key: string;
	readonly latitude: number;
	readonly longitude: number;
	/** ISO 8601; the newest pin is drawn as `pin-latest`. */
	readonly lastSeen?: string;
};

/** A cell holding one or more pins (places that fall in the same cell are merged). */
export type PinCell = {
	readonly col: number;
	readonly row: number;
	/** `●` for one place, `2`…`9` for that many, `+` for more. */
	readonly char: string;
	readonly kind: 'pin' | 'pin-highlight' | 'pin-latest';
	/** The pins' keys in the order they were given. */
	readonly keys: readonly string[];
};

export type MapRender = {
	/** One array of segments per row; each line's segments add up to exactly `cols` characters. */
	readonly lines: ReadonlyArray<readonly MapSegment[]>;
	readonly pinCells: readonly PinCell[];
	/** Keys of pins outside the frame (only when zoomed in; latitudes beyond the map's band are drawn at its edge). */
	readonly hidden: readonly string[];
	/** The view actually drawn: the requested one, clamped to the map's band and zoom range. */
	readonly view: MapView;
};
