// Moving the map: world, fit, zoom and pan, as pure functions of a view.
import {bandMiddleLat, baseScale, clampLat, clampView, latFromRawY, maxZoom, minZoom, parallelScale, rawY, wrapLon} from './projection.js';
import type {MapView} from './types.js';

const radians = Math.PI / 180;

/** The whole band of latitudes, centred on the prime meridian. */
export function worldView(): MapView {
	return {centerLon: 0, centerLat: bandMiddleLat, zoom: 1};
}

export function zoomView(view: MapView, factor: number): MapView {
	const zoom = Math.min(maxZoom, Math.max(minZoom, view.zoom * (Number.isFinite(factor) && factor > 0 ? factor : 1)));
	return {...view, zoom};
}

/**
 * Moves the view's centre by whole cells: positive `dxCells` shows what lies
 * east, positive `dyCells` what lies south. Longitude wraps round the globe;
 * latitude stops at the band's edge.
 */
export function panView(view: MapView, dxCells: number, dyCells: number, cols: number, rows: number): MapView {
	const current = clampView(view, cols, rows);
	const scale = baseScale(cols * 2, rows * 4) * current.zoom;
	// Dots per degree of longitude at the centre's latitude: Natural Earth's parallels shrink towards the poles.
	const dotsPerDegree = scale * parallelScale(current.centerLat) * radians;
	const centerLon = current.centerLon + (dxCells * 2) / dotsPerDegree;
	const centerLat = latFromRawY(rawY(current.centerLat) - (dyCells * 4) / scale);
	return clampView({centerLon, centerLat, zoom: current.zoom}, cols, rows);
}

/** One press of an arrow key: a quarter of the view, at least one cell. */
export function panStep(cols: number, rows: number): {dx: number; dy: number} {
	return {dx: Math.max(1, Math.round(cols / 4)), dy: Math.max(1, Math.round(rows / 4))};
}

export type GeoPoint = {
	readonly latitude: number;
	readonly longitude: number;
};

/** A lone place is shown with its surroundings (a country and its neighbours), not as close as the data allows. */
export const singlePlaceZoom = 4;
/** Fitting never zooms closer than this: pins in one city still show the region. */
export const fitMaxZoom = 8;
/** Pins closer than this (degrees) count as one place when fitting. */
const samePlaceSpan = 0.5;

function validPoints<Point extends GeoPoint>(points: readonly Point[]): Point[] {
	return points.filter((point) => Number.isFinite(point.latitude) && Number.isFinite(point.longitude));
}

/**
 * The shortest arc of longitudes holding every point, as its centre and width:
 * the complement of the widest gap between neighbours, so pins on both sides of
 * the antimeridian (Fiji and Samoa) fit as neighbours.
 */
function longitudeArc(longitudes: readonly number[]): {center: number; span: number} {
	const sorted = longitudes.map((lon) => wrapLon(lon)).sort((a, b) => a - b);
	const first = sorted[0] ?? 0;
	let gapStart = sorted.at(-1) ?? 0;
	let widest = first + 360 - gapStart;
	for (let index = 1; index < sorted.length; index++) {
		const gap = sorted[index]! - sorted[index - 1]!;
		if (gap > widest) {
			widest = gap;
			gapStart = sorted[index - 1]!;
		}
	}

	const span = 360 - widest;
	// The arc starts where the widest gap ends.
	const start = gapStart + widest;
	return {center: wrapLon(start + span / 2), span};
}

/**
 * The view that shows every point with a margin, as close as `fitMaxZoom`.
 * One place gets `singlePlaceZoom` centred on it; no points gives the world.
 */
export function fitView(points: readonly GeoPoint[], cols: number, rows: number): MapView {
	const valid = validPoints(points);
	if (valid.length === 0) {
		return clampView(worldView(), cols, rows);
	}

	const arc = longitudeArc(valid.map((point) => point.longitude));
	const latitudes = valid.map((point) => clampLat(point.latitude));
	const south = Math.min(...latitudes);
	const north = Math.max(...latitudes);
	if (arc.span < samePlaceSpan && north - south < samePlaceSpan) {
		return clampView({centerLon: arc.center, centerLat: (south + north) / 2, zoom: singlePlaceZoom}, cols, rows);
	}

	const width = cols * 2;
	const height = rows * 4;
	const scale = baseScale(width, height);
	// Unscaled Natural Earth extents around the arc's centre meridian.
	let halfWidth = 0;
	for (const point of valid) {
		const lon = wrapLon(point.longitude - arc.center);
		halfWidth = Math.max(halfWidth, Math.abs(lon * radians * parallelScale(clampLat(point.latitude))));
	}

	const top = rawY(north);
	const bottom = rawY(south);
	// A tenth of the frame on each side, and at least a cell, so pins stay off the edge.
	const marginX = Math.max(2, width * 0.1);
	const marginY = Math.max(4, height * 0.1);
	const fitX = halfWidth > 0 ? (width / 2 - marginX) / (scale * halfWidth) : Infinity;
	const fitY = top > bottom ? (height / 2 - marginY) / (scale * ((top - bottom) / 2)) : Infinity;
	const zoom = Math.min(fitMaxZoom, Math.max(minZoom, Math.min(fitX, fitY)));
	return clampView({centerLon: arc.center, centerLat: latFromRawY((top + bottom) / 2), zoom}, cols, rows);
}

export type RegionPoint = GeoPoint & {
	/** Two-letter continent code (`location_info.continent_code`), when known. */
	readonly continentCode?: string;
};

/** Below this zoom a fit is no closer than the world view: the places span continents. */
const regionalZoom = 2;

/**
 * The map's opening view: the places fitted when they lie in one region, the
 * world otherwise. One region means one continent when every place knows its
 * continent, else a fit at least twice as close as the world.
 */
export function defaultView(points: readonly RegionPoint[], cols: number, rows: number): MapView {
	const valid = validPoints(points);
	if (valid.length === 0) {
		return clampView(worldView(), cols, rows);
	}

	const fitted = fitView(valid, cols, rows);
	const continents = new Set(valid.map((point) => point.continentCode ?? ''));
	const oneRegion = continents.has('') ? fitted.zoom >= regionalZoom : continents.size === 1;
	return oneRegion ? fitted : clampView(worldView(), cols, rows);
}
