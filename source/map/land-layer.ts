// The land of one frame, rasterised and encoded, cached per size and view:
// redrawing for a moved highlight or a key that does not change the view costs
// only the pin overlay.
import {geoStream, type GeoStream} from 'd3-geo';
import {encodeBraille} from './braille.js';
import {loadLand, resolutionFor, type LandPolygon, type LandResolution} from './land.js';
import {degreesPerDot, mapFrame, visibleBounds, type MapFrame} from './projection.js';
import {createBitmap, fillRings, keepSmallRings, type Bitmap, type Ring} from './rasterize.js';
import type {MapView} from './types.js';

export type LandLayer = {
	readonly frame: MapFrame;
	readonly resolution: LandResolution;
	readonly bitmap: Bitmap;
	/** Braille bits per cell, row-major (`frame.cols` per row). */
	readonly cells: Uint8Array;
};

/** Collects the projected rings, already cut by d3 at the view's antimeridian. */
function ringCollector(rings: Ring[]): GeoStream {
	let current: number[] | undefined;
	return {
		point(x, y) {
			current?.push(x, y);
		},
		lineStart() {
			current = [];
		},
		lineEnd() {
			if (current && current.length >= 6) {
				rings.push(current);
			}

			current = undefined;
		},
		polygonStart() {},
		polygonEnd() {},
	};
}

const radians = Math.PI / 180;
/** Keeps the fast path off polygons that merely touch the view's antimeridian; d3 decides those. */
const seamMargin = 1e-6;
const shifts = [0, -360, 360] as const;

/**
 * How to draw a polygon: the longitude shifts to project it directly with, or
 * 'd3' when the view's antimeridian cuts it within sight, or [] when it is out of sight.
 * Directly means as one continuous shape: where the seam is out of sight, what
 * lies beyond it is off the frame too, so only the d3 path needs to cut there.
 */
function plan(polygon: LandPolygon, frame: MapFrame, bounds: ReturnType<typeof visibleBounds>): readonly number[] | 'd3' {
	if (polygon.north < bounds.south || polygon.south > bounds.north) {
		return [];
	}

	const center = frame.view.centerLon;
	const seamInSight = bounds.east - bounds.west >= 360;
	if (polygon.aroundPole) {
		return 'd3';
	}

	if (seamInSight) {
		const shift = shifts.find((candidate) => polygon.west - center + candidate > -180 + seamMargin && polygon.east - center + candidate < 180 - seamMargin);
		return shift === undefined ? 'd3' : [shift];
	}

	// Every copy of the polygon that meets the window; copies 360° apart never overlap.
	return shifts.filter((shift) => polygon.west + shift <= bounds.east && polygon.east + shift >= bounds.west);
}

/**
 * Projects a polygon that the seam does not cut, vertex by vertex: the same
 * Natural Earth formula as d3's (geoNaturalEarth1Raw, inlined to skip an array
 * per vertex) without d3's stream machinery. Parity with d3 is tested.
 */
function projectDirectly(frame: MapFrame, polygon: LandPolygon, shift: number, rings: Ring[]): void {
	const centerX = frame.width / 2;
	const {scale, equatorY} = frame;
	const offset = shift - frame.view.centerLon;
	for (const ring of polygon.rings) {
		if (ring.length < 3) {
			continue;
		}

		const flat = new Float64Array(ring.length * 2);
		for (let index = 0; index < ring.length; index++) {
			const position = ring[index]!;
			const lambda = (position[0]! + offset) * radians;
			const phi = position[1]! * radians;
			const phi2 = phi * phi;
			const phi4 = phi2 * phi2;
			flat[2 * index] = centerX + scale * lambda * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)));
			flat[2 * index + 1] = equatorY - scale * phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)));
		}

		rings.push(flat);
	}
}

export type ProjectOptions = {
	/** Send every polygon, unfiltered, through d3's stream: the reference the fast path and the filter are tested against. */
	readonly d3Only?: boolean;
};

/**
 * The land's rings in dot coordinates. Polygons the view cannot show are
 * skipped by their bounding box; polygons the view's antimeridian cuts within
 * sight go through d3's projection stream, which splits them at the seam; the
 * rest are projected directly, the same formula at a fraction of the cost.
 */
export function projectLandRings(frame: MapFrame, polygons: readonly LandPolygon[], options: ProjectOptions = {}): Ring[] {
	const bounds = visibleBounds(frame);
	const rings: Ring[] = [];
	const stream = frame.projection.stream(ringCollector(rings));
	for (const polygon of polygons) {
		const how = options.d3Only ? 'd3' : plan(polygon, frame, bounds);
		if (how === 'd3') {
			geoStream({type: 'Polygon', coordinates: polygon.rings}, stream);
		} else {
			for (const shift of how) {
				projectDirectly(frame, polygon, shift, rings);
			}
		}
	}

	return rings;
}

/**
 * Blanks the rows beyond the band (Antarctica, the polar sea). Cheaper than
 * d3's clip rectangle, which costs more per vertex than the fill saves.
 */
function cropToBand(bitmap: Bitmap, frame: MapFrame): void {
	const top = Math.min(bitmap.height, Math.max(0, Math.ceil(frame.bandTop - 0.5)));
	const bottom = Math.min(bitmap.height, Math.max(0, Math.ceil(frame.bandBottom - 0.5)));
	bitmap.dots.fill(0, 0, top * bitmap.width);
	bitmap.dots.fill(0, bottom * bitmap.width);
}

export type BuildOptions = ProjectOptions & {
	/** Overrides the choice by dot size (for comparing the two data sets). */
	readonly resolution?: LandResolution;
};

export function buildLandLayer(cols: number, rows: number, view: MapView, options: BuildOptions = {}): LandLayer {
	const frame = mapFrame(cols, rows, view);
	const resolution = options.resolution ?? resolutionFor(degreesPerDot(frame));
	const rings = projectLandRings(frame, loadLand(resolution), options);
	const bitmap = createBitmap(frame.width, frame.height);
	fillRings(bitmap, rings);
	keepSmallRings(bitmap, rings);
	cropToBand(bitmap, frame);
	return {frame, resolution, bitmap, cells: encodeBraille(bitmap)};
}

const cacheSize = 8;
const cache = new Map<string, LandLayer>();

function cacheKey(cols: number, rows: number, view: MapView): string {
	return `${cols}x${rows}@${view.centerLon.toFixed(6)},${view.centerLat.toFixed(6)}x${view.zoom.toFixed(6)}`;
}

/** The land layer for a size and view, from a small LRU cache. */
export function landLayer(cols: number, rows: number, view: MapView): LandLayer {
	const frame = mapFrame(cols, rows, view);
	const key = cacheKey(frame.cols, frame.rows, frame.view);
	const hit = cache.get(key);
	if (hit) {
		// Re-insert to mark it most recently used.
		cache.delete(key);
		cache.set(key, hit);
		return hit;
	}

	const layer = buildLandLayer(frame.cols, frame.rows, frame.view);
	cache.set(key, layer);
	if (cache.size > cacheSize) {
		const oldest = cache.keys().next().value;
		if (oldest !== undefined) {
			cache.delete(oldest);
		}
	}

	return layer;
}

export function clearLandLayerCache(): void {
	cache.clear();
}

export function landLayerCacheSize(): number {
	return cache.size;
}
