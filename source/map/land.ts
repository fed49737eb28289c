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

/**
 * The ring with continuous longitudes, starting from the first vertex moved
 * next to `near`. Each vertex moves by whole turns only, so a ring that needs
 * no move (nearly all of them) is returned as it is, without a copy. Indexed
 * loops without destructuring: this runs once per vertex of the 50m land
 * (1,419 polygons) while the Locations tab waits, in code not yet optimized.
 */
function unwrapRing(ring: Position[], near: number): Position[] {
	const firstLon = ring[0]?.[0] ?? 0;
	let offset = 360 * Math.round((near + lonStep(near, firstLon) - firstLon) / 360);
	let previous = firstLon;
	let moved: Position[] | undefined = offset === 0 ? undefined : [];
	for (let index = 0; index < ring.length; index++) {
		const vertex = ring[index]!;
		const vertexLon = vertex[0] ?? 0;
		const step = vertexLon - previous;
		// Crossing the antimeridian adds or takes a turn.
		if (step >= 180) {
			offset -= 360;
		} else if (step < -180) {
			offset += 360;
		}

		previous = vertexLon;
		if (moved === undefined && offset !== 0) {
			moved = ring.slice(0, index);
		}

		moved?.push(offset === 0 ? vertex : [vertexLon + offset, vertex[1] ?? 0]);
	}

	return moved ?? ring;
}

export function landPolygon(rings: Position[][]): LandPolygon {
	const outer = rings[0] ?? [];
	const holes = rings.slice(1);
	const firstLon = outer[0]?.[0] ?? 0;
	const unwrapped = unwrapRing(outer, firstLon);
	let west = Infinity;
	let east = -Infinity;
	let south = Infinity;
	let north = -Infinity;
	for (let index = 0; index < unwrapped.length; index++) {
		const vertex = unwrapped[index]!;
		const lon = vertex[0] ?? 0;
		const lat = vertex[1] ?? 0;
		if (lon < west) {
			west = lon;
		}

		if (lon > east) {
			east = lon;
		}

		if (lat < south) {
			south = lat;
		}

		if (lat > north) {
			north = lat;
		}
	}

	const lastLon = unwrapped.at(-1)?.[0] ?? firstLon;
	// A closed ring that comes back 360° away from where it started went round a pole.
	const aroundPole = Math.abs(lastLon - firstLon) > 180;
	if (aroundPole) {
		return {rings, west: -180, east: 180, south, north, aroundPole};
	}

	// Moves the shape by whole turns so its middle is within ±180°: Eurasia,
	// unwrapped from a vertex in Chukotka, would otherwise sit near -270°.
	const turn = 360 * Math.round((west + east) / 2 / 360);
	const middle = (west + east) / 2 - turn;
	const shifted = turn === 0 ? unwrapped : unwrapped.map(vertex => [(vertex[0] ?? 0) - turn, vertex[1] ?? 0]);
	// Holes lie inside the outer ring, so they unwrap next to its middle.
	return {rings: [shifted, ...holes.map(hole => unwrapRing(hole, middle))], west: west - turn, east: east - turn, south, north, aroundPole};
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
