// Natural Earth 1, rotated so the view's longitude is the central meridian.
// Why this projection: at 160×~70 dots a compromise projection keeps the
// continents' familiar shapes (equirectangular stretches Canada, Greenland and
// Russia two to five times sideways at 60–80°N, spending the top rows on them).
// It is pseudo-cylindrical, so y depends on latitude alone: the latitude crop is
// a horizontal strip (whole dot rows), vertical pan is a shift in y, and zoom
// is a scale. Rotating the central meridian makes horizontal pan wrap around the
// globe for free, with d3 cutting polygons at the view's own antimeridian.
import {geoNaturalEarth1, geoNaturalEarth1Raw, type GeoProjection} from 'd3-geo';
import type {MapView} from './types.js';

/** The band of latitudes the map shows: no Antarctica, no polar sea. */
export const latNorth = 80;
export const latSouth = -60;
export const minZoom = 1;
export const maxZoom = 32;

const radians = Math.PI / 180;

/** Natural Earth's x per radian of longitude at a latitude (its parallels shrink towards the poles). */
export function parallelScale(lat: number): number {
	return geoNaturalEarth1Raw(1, lat * radians)[0];
}

/** Natural Earth's unscaled y (north up) of a latitude. */
export function rawY(lat: number): number {
	return geoNaturalEarth1Raw(0, lat * radians)[1];
}

export function latFromRawY(y: number): number {
	const invert = geoNaturalEarth1Raw.invert;
	if (!invert) {
		throw new Error('d3-geo: geoNaturalEarth1Raw has no invert');
	}

	return invert(0, y)[1] / radians;
}

const yNorth = rawY(latNorth);
const ySouth = rawY(latSouth);
const halfWidth = Math.PI * parallelScale(0);

/** Dots per unscaled unit at zoom 1: the whole band fits the frame (contain). */
export function baseScale(width: number, height: number): number {
	return Math.min(width / (2 * halfWidth), height / (yNorth - ySouth));
}

/** The latitude whose y is midway through the band: the world view's centre. */
export const bandMiddleLat = latFromRawY((yNorth + ySouth) / 2);

/** Longitude in [-180, 180). */
export function wrapLon(lon: number): number {
	return ((((lon + 180) % 360) + 360) % 360) - 180;
}

export function clampLat(lat: number): number {
	return Math.min(latNorth, Math.max(latSouth, lat));
}

function finiteOr(value: number, fallback: number): number {
	return Number.isFinite(value) ? value : fallback;
}

/**
 * Keeps a view drawable at a size: zoom within range, longitude wrapped, and the
 * frame inside the band vertically (centred on it when the band is shorter than the frame).
 */
export function clampView(view: MapView, cols: number, rows: number): MapView {
	const width = Math.max(1, cols) * 2;
	const height = Math.max(1, rows) * 4;
	const zoom = Math.min(maxZoom, Math.max(minZoom, finiteOr(view.zoom, minZoom)));
	const scale = baseScale(width, height) * zoom;
	const halfFrame = height / 2 / scale;
	let centerY: number;
	if (2 * halfFrame >= yNorth - ySouth) {
		centerY = (yNorth + ySouth) / 2;
	} else {
		centerY = Math.min(yNorth - halfFrame, Math.max(ySouth + halfFrame, rawY(clampLat(finiteOr(view.centerLat, bandMiddleLat)))));
	}

	return {centerLon: wrapLon(finiteOr(view.centerLon, 0)), centerLat: latFromRawY(centerY), zoom};
}

/** A view laid out on a bitmap of `cols*2` × `rows*4` dots. */
export type MapFrame = {
	readonly cols: number;
	readonly rows: number;
	readonly width: number;
	readonly height: number;
	/** The clamped view. */
	readonly view: MapView;
	/** Dots per unscaled Natural Earth unit. */
	readonly scale: number;
	/** Dot y of the equator (x of the central meridian is `width / 2`). */
	readonly equatorY: number;
	/** Dot y of the band's north and south edges (may lie outside the bitmap when zoomed). */
	readonly bandTop: number;
	readonly bandBottom: number;
	/**
	 * d3 projection into dot coordinates; streams are cut at the view's
	 * antimeridian (not clipped to the frame: cropping whole dot rows is cheaper).
	 * No resampling: a land edge is at most tens of kilometres, and its bend as a
	 * great circle is far below a dot at any zoom allowed, so edges are straight
	 * lines in the plane, as in the land layer's fast path.
	 */
	readonly projection: GeoProjection;
};

export function mapFrame(cols: number, rows: number, view: MapView): MapFrame {
	const width = Math.max(1, Math.floor(cols)) * 2;
	const height = Math.max(1, Math.floor(rows)) * 4;
	const clamped = clampView(view, width / 2, height / 4);
	const scale = baseScale(width, height) * clamped.zoom;
	const translateY = height / 2 + scale * rawY(clamped.centerLat);
	const bandTop = translateY - scale * yNorth;
	const bandBottom = translateY - scale * ySouth;
	const projection = geoNaturalEarth1()
		.rotate([-clamped.centerLon, 0])
		.scale(scale)
		.translate([width / 2, translateY])
		.precision(0);
	return {cols: width / 2, rows: height / 4, width, height, view: clamped, scale, equatorY: translateY, bandTop, bandBottom, projection};
}

/**
 * A longitude/latitude in dot coordinates (fractional), or undefined when outside the frame.
 * Latitudes beyond the band are drawn at its edge; a point on the frame's edge
 * (±180° in the world view) is kept on the bitmap instead of falling off by rounding.
 */
export function projectToDot(frame: MapFrame, lon: number, lat: number): {x: number; y: number} | undefined {
	if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
		return undefined;
	}

	// Keep ±180 as given: wrapping 180 to -180 would move a pin to the other edge.
	const longitude = lon >= -180 && lon <= 180 ? lon : wrapLon(lon);
	const point = frame.projection([longitude, clampLat(lat)]);
	if (!point) {
		return undefined;
	}

	const x = snapToEdge(point[0], frame.width);
	const y = snapToEdge(point[1], frame.height);
	return x === undefined || y === undefined ? undefined : {x, y};
}

const edgeTolerance = 0.5;

function snapToEdge(value: number, size: number): number | undefined {
	if (value >= 0 && value < size) {
		return value;
	}

	if (value >= -edgeTolerance && value < 0) {
		return 0;
	}

	if (value >= size && value <= size + edgeTolerance) {
		return size - 0.5;
	}

	return undefined;
}

/** The cell a longitude/latitude falls in, or undefined when outside the frame. */
export function projectToCell(frame: MapFrame, lon: number, lat: number): {col: number; row: number} | undefined {
	const dot = projectToDot(frame, lon, lat);
	return dot ? {col: Math.floor(dot.x / 2), row: Math.floor(dot.y / 4)} : undefined;
}

/** Degrees of longitude per dot at the equator: how fine the land data needs to be. */
export function degreesPerDot(frame: MapFrame): number {
	return 1 / (frame.scale * parallelScale(0) * radians);
}

/** The latitudes and longitudes the frame can show, to skip land that cannot appear. */
export function visibleBounds(frame: MapFrame): {south: number; north: number; west: number; east: number} {
	// One dot of margin, for rings crossing the frame edge.
	const halfFrame = (frame.height / 2 + 1) / frame.scale;
	const centerY = rawY(frame.view.centerLat);
	const north = latFromRawY(Math.min(yNorth, centerY + halfFrame));
	const south = latFromRawY(Math.max(ySouth, centerY - halfFrame));
	// Parallels are shortest at the latitude farthest from the equator, so that one decides the longitude span.
	const shortest = parallelScale(Math.max(Math.abs(north), Math.abs(south)));
	const halfSpan = (frame.width / 2 + 1) / (frame.scale * shortest) / radians;
	if (halfSpan >= 180) {
		return {south, north, west: -180, east: 180};
	}

	// May run past ±180; callers compare longitudes on the circle.
	return {south, north, west: frame.view.centerLon - halfSpan, east: frame.view.centerLon + halfSpan};
}
