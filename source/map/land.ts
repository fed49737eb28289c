// Natural Earth land from the world-atlas package, decoded once per resolution.
// The JSON is read from node_modules at run time (the bundle keeps it external).
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import type {Position} from 'geojson';
import {feature} from 'topojson-client';
import type {GeometryCollection, Topology} from 'topojson-specification';

export type LandResolution = '110m' | '50m';

/**
 * One land polygon. Its rings are unwrapped: each vertex's longitude is within
 * 180° of the one before, so a polygon across the antimeridian (Eurasia with
 * Chukotka, Fiji) is one continuous shape whose longitudes run past 180. d3
 * reads such coordinates as the same points; the fast path can project them
 * without a seam when the view's own antimeridian is out of sight.
 */
export type LandPolygon = {
	readonly rings: Position[][];
	/** Bounding box; west and east are unwrapped, so east may exceed 180. */
	readonly west: number;
	readonly east: number;
	readonly south: number;
	readonly north: number;
	/** Whether the outer ring goes round a pole (Antarctica): it cannot be unwrapped. */
	readonly aroundPole: boolean;
};

const require = createRequire(import.meta.url);
const loaded = new Map<LandResolution, readonly LandPolygon[]>();

export function loadLand(resolution: LandResolution): readonly LandPolygon[] {
	const cached = loaded.get(resolution);
	if (cached) {
		return cached;
	}

	const path = require.resolve(`world-atlas/land-${resolution}.json`);
	const topology = JSON.parse(readFileSync(path, 'utf8')) as Topology<{land: GeometryCollection}>;
	const land = feature(topology, topology.objects.land);
	const polygons: LandPolygon[] = [];
	for (const item of land.features) {
		const {geometry} = item;
		if (geometry.type === 'Polygon') {
			polygons.push(landPolygon(geometry.coordinates));
		} else if (geometry.type === 'MultiPolygon') {
			for (const rings of geometry.coordinates) {
				polygons.push(landPolygon(rings));
			}
		}
	}

	loaded.set(resolution, polygons);
	return polygons;
}

/** Longitude difference in [-180, 180). */
function lonStep(from: number, to: number): number {
	return ((((to - from + 180) % 360) + 360) % 360) - 180;
}

/** The ring with continuous longitudes, starting from the first vertex moved next to `near`. */
function unwrapRing(ring: Position[], near: number): Position[] {
	const [firstLon = 0] = ring[0] ?? [];
	let lon = near + lonStep(near, firstLon);
	let previous = firstLon;
	return ring.map(([vertexLon = 0, lat = 0]) => {
		lon += lonStep(previous, vertexLon);
		previous = vertexLon;
		return [lon, lat];
	});
}

export function landPolygon(rings: Position[][]): LandPolygon {
	const [outer = [], ...holes] = rings;
	const [firstLon = 0] = outer[0] ?? [];
	const unwrapped = unwrapRing(outer, firstLon);
	let west = Infinity;
	let east = -Infinity;
	let south = Infinity;
	let north = -Infinity;
	for (const [lon = 0, lat = 0] of unwrapped) {
		west = Math.min(west, lon);
		east = Math.max(east, lon);
		south = Math.min(south, lat);
		north = Math.max(north, lat);
	}

	const [lastLon = firstLon] = unwrapped.at(-1) ?? [];
	// A closed ring that comes back 360° away from where it started went round a pole.
	const aroundPole = Math.abs(lastLon - firstLon) > 180;
	if (aroundPole) {
		return {rings, west: -180, east: 180, south, north, aroundPole};
	}

	// Moves the shape by whole turns so its middle is within ±180°: Eurasia,
	// unwrapped from a vertex in Chukotka, would otherwise sit near -270°.
	const turn = 360 * Math.round((west + east) / 2 / 360);
	const middle = (west + east) / 2 - turn;
	const shifted = turn === 0 ? unwrapped : unwrapped.map(([lon = 0, lat = 0]) => [lon - turn, lat]);
	// Holes lie inside the outer ring, so they unwrap next to its middle.
	return {rings: [shifted, ...holes.map((hole) => unwrapRing(hole, middle))], west: west - turn, east: east - turn, south, north, aroundPole};
}

/**
 * Natural Earth's scales are 1:110M and 1:50M: a millimetre of map is about 1°
 * and 0.45°. Each set is used where a dot is closest to its millimetre, switching
 * at their geometric mean: finer data on a coarse grid only adds specks of
 * islands, coarser data on a fine grid shows straight-cut coasts.
 */
export const fineDataBelowDegreesPerDot = 0.67;

export function resolutionFor(degreesPerDot: number): LandResolution {
	return degreesPerDot < fineDataBelowDegreesPerDot ? '50m' : '110m';
}
