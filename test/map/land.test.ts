import {geoContains} from 'd3-geo';
import type {Feature, MultiPolygon} from 'geojson';
import {beforeEach, describe, expect, it} from 'vitest';
import {buildLandLayer, clearLandLayerCache, landLayer, landLayerCacheSize, type LandLayer} from '../../source/map/land-layer.js';
import {fineDataBelowDegreesPerDot, landPolygon, loadLand, resolutionFor} from '../../source/map/land.js';
import {degreesPerDot, mapFrame, projectToDot} from '../../source/map/projection.js';
import {getDot} from '../../source/map/rasterize.js';
import type {MapView} from '../../source/map/types.js';
import {worldView} from '../../source/map/view.js';

function dotAt(layer: LandLayer, lat: number, lon: number): {x: number; y: number} {
	const dot = projectToDot(layer.frame, lon, lat);
	expect(dot, `${lat},${lon} is in the frame`).toBeDefined();
	return {x: Math.floor(dot!.x), y: Math.floor(dot!.y)};
}

function isLand(layer: LandLayer, lat: number, lon: number): boolean {
	const {x, y} = dotAt(layer, lat, lon);
	return getDot(layer.bitmap, x, y);
}

/** Land on the dot or one of its eight neighbours: a coastal city may sit on the water side of a coarse coast. */
function nearLand(layer: LandLayer, lat: number, lon: number): boolean {
	const {x, y} = dotAt(layer, lat, lon);
	for (let dy = -1; dy <= 1; dy++) {
		for (let dx = -1; dx <= 1; dx++) {
			if (getDot(layer.bitmap, x + dx, y + dy)) {
				return true;
			}
		}
	}

	return false;
}

const inland = {
	'Mongolia/Russia': [50, 90],
	Brazil: [-15, -50],
	'Central Africa': [5, 20],
	USA: [40, -100],
	Australia: [-25, 135],
	Sahara: [23, 10],
	Siberia: [65, 110],
	Canada: [55, -110],
} as const;

const ocean = {
	'Atlantic 0°N 30°W': [0, -30],
	'Indian 30°S 90°E': [-30, 90],
	'Pacific 30°N 150°W': [30, -150],
	'South Pacific 40°S 120°W': [-40, -120],
	'North Atlantic 40°N 40°W': [40, -40],
	'Pacific at the antimeridian 0°N 180°': [0, 179.9],
} as const;

const coastalCities = {
	Sydney: [-33.87, 151.21],
	'São Paulo': [-23.55, -46.63],
	Reykjavík: [64.15, -21.94],
	Nairobi: [-1.29, 36.82],
	Tokyo: [35.68, 139.69],
	Anchorage: [61.22, -149.9],
} as const;

describe('land against real geography', () => {
	for (const [cols, rows] of [
		[80, 24],
		[200, 60],
	] as const) {
		describe(`world view at ${cols}x${rows}`, () => {
			const layer = buildLandLayer(cols, rows, worldView());

			it.each(Object.entries(inland))('%s is land', (_name, [lat, lon]) => {
				expect(isLand(layer, lat, lon)).toBe(true);
			});

			it.each(Object.entries(ocean))('%s is water', (_name, [lat, lon]) => {
				expect(nearLand(layer, lat, lon)).toBe(false);
			});

			it.each(Object.entries(coastalCities))('%s is on land or next to it', (_name, [lat, lon]) => {
				expect(nearLand(layer, lat, lon)).toBe(true);
			});
		});
	}

	it.each(Object.entries(coastalCities))('%s is on land or next to it when zoomed in on', (_name, [lat, lon]) => {
		for (const zoom of [4, 16]) {
			const layer = buildLandLayer(80, 24, {centerLon: lon, centerLat: lat, zoom});
			expect(nearLand(layer, lat, lon)).toBe(true);
		}
	});

	it('shows open ocean as water when zoomed in on it', () => {
		for (const [lat, lon] of Object.values(ocean)) {
			const layer = buildLandLayer(80, 24, {centerLon: lon, centerLat: lat, zoom: 8});
			expect(nearLand(layer, lat, lon)).toBe(false);
		}
	});

	it('matches d3.geoContains away from the coasts', () => {
		// The naive method, on a sample of dots: the raster must agree wherever a
		// dot and its neighbours agree (on a coast, sampling may go either way).
		const layer = buildLandLayer(80, 24, worldView());
		const land = loadLand(layer.resolution);
		const reference: Feature<MultiPolygon> = {
			type: 'Feature',
			properties: {},
			geometry: {type: 'MultiPolygon', coordinates: land.map((polygon) => polygon.rings)},
		};
		const {bitmap, frame} = layer;
		let checked = 0;
		for (let y = 1; y < bitmap.height - 1; y += 3) {
			for (let x = 1; x < bitmap.width - 1; x += 5) {
				const position = frame.projection.invert?.([x + 0.5, y + 0.5]);
				const back = position ? frame.projection(position) : null;
				// Dots beyond the world's curved edge invert to some other longitude; they are not on the map.
				const onMap = back && Math.abs(back[0] - (x + 0.5)) < 1e-6 && Math.abs(back[1] - (y + 0.5)) < 1e-6;
				if (!position || !onMap || y + 0.5 < frame.bandTop + 1 || y + 0.5 > frame.bandBottom - 1) {
					continue;
				}

				const here = getDot(bitmap, x, y);
				let uniform = true;
				for (let dy = -1; dy <= 1; dy++) {
					for (let dx = -1; dx <= 1; dx++) {
						uniform &&= getDot(bitmap, x + dx, y + dy) === here;
					}
				}

				if (uniform) {
					expect(geoContains(reference, position), `dot ${x},${y} at ${position.join(',')}`).toBe(here);
					checked++;
				}
			}
		}

		expect(checked).toBeGreaterThan(400);
	});
});

describe('cropping', () => {
	it('drops Antarctica and the polar sea: nothing is drawn outside the band', () => {
		// At 80x24 the band is shorter than the frame, so rows above and below it exist.
		const layer = buildLandLayer(80, 24, worldView());
		const top = Math.ceil(layer.frame.bandTop - 0.5);
		const bottom = Math.ceil(layer.frame.bandBottom - 0.5);
		expect(top).toBeGreaterThan(0);
		expect(bottom).toBeLessThan(layer.bitmap.height);
		const outside = [...layer.bitmap.dots.subarray(0, top * layer.bitmap.width), ...layer.bitmap.dots.subarray(bottom * layer.bitmap.width)];
		expect(outside.every((dot) => dot === 0)).toBe(true);
		// Inside the band, the land reaches its edges: Greenland in the north, Tierra del Fuego's latitude is -55.
		const firstRow = [...layer.bitmap.dots.subarray(top * layer.bitmap.width, (top + 1) * layer.bitmap.width)];
		expect(firstRow.some((dot) => dot === 1)).toBe(true);
		expect(isLand(layer, -54, -68.5) || nearLand(layer, -54, -68.5)).toBe(true);
	});
});

describe('the antimeridian', () => {
	const chukotkaEast = [66, -172] as const;
	const chukotkaWest = [66, 172] as const;
	const beringSea = [56, -178] as const;

	it('unwraps a ring across 180° into one continuous shape', () => {
		const fijiLike = landPolygon([
			[
				[178, -16],
				[-178, -16],
				[-178, -18],
				[178, -18],
				[178, -16],
			],
			[
				[179.5, -16.5],
				[179.5, -17.5],
				[-179.5, -17.5],
				[-179.5, -16.5],
				[179.5, -16.5],
			],
		]);
		expect(fijiLike.aroundPole).toBe(false);
		expect(fijiLike.east - fijiLike.west).toBeCloseTo(4, 9);
		const [outer = [], hole = []] = fijiLike.rings;
		const lons = (ring: number[][]) => ring.map(([lon = 0]) => lon);
		// The hole stays inside the outer ring's longitudes.
		expect(Math.min(...lons(hole))).toBeGreaterThan(Math.min(...lons(outer)));
		expect(Math.max(...lons(hole))).toBeLessThan(Math.max(...lons(outer)));
		const polar = landPolygon([[[-180, -70], [-60, -72], [60, -75], [180, -70], [180, -90], [-180, -90], [-180, -70]]]);
		expect(polar.aroundPole).toBe(true);
	});

	it('keeps polygons across 180° continuous in the data', () => {
		const land = loadLand('110m');
		// Afro-Eurasia reaches past 180° (Chukotka) in one piece; Antarctica goes round the pole.
		const eurasia = land.find((polygon) => polygon.west < 0 && polygon.east > 180);
		expect(eurasia).toBeDefined();
		expect(eurasia!.west).toBeGreaterThan(-30);
		expect(eurasia!.east).toBeGreaterThan(189);
		expect(eurasia!.east - eurasia!.west).toBeLessThan(360);
		for (const polygon of land) {
			expect(Math.abs((polygon.west + polygon.east) / 2)).toBeLessThanOrEqual(180);
		}

		expect(land.filter((polygon) => polygon.aroundPole).map((polygon) => polygon.north < -60)).toEqual([true]);
	});

	it('cuts land at the edges of the world view', () => {
		const layer = buildLandLayer(200, 60, worldView());
		expect(isLand(layer, ...chukotkaEast)).toBe(true);
		expect(isLand(layer, ...chukotkaWest)).toBe(true);
		// Near the left and right ends of the 400 dots (the world's edge curves in at 66°N).
		expect(dotAt(layer, ...chukotkaEast).x).toBeLessThan(60);
		expect(dotAt(layer, ...chukotkaWest).x).toBeGreaterThan(340);
		expect(nearLand(layer, ...beringSea)).toBe(false);
	});

	it('joins both sides in a view centred on the Pacific', () => {
		for (const view of [
			{centerLon: 180, centerLat: 60, zoom: 4},
			{centerLon: -170, centerLat: 0, zoom: 1},
			{centerLon: 175, centerLat: 60, zoom: 2},
		]) {
			const layer = buildLandLayer(200, 60, view);
			expect(isLand(layer, ...chukotkaEast)).toBe(true);
			expect(isLand(layer, ...chukotkaWest)).toBe(true);
			expect(dotAt(layer, ...chukotkaEast).x).toBeGreaterThan(dotAt(layer, ...chukotkaWest).x);
			expect(nearLand(layer, ...beringSea)).toBe(false);
		}
	});

	it('draws the same land by the fast path as through d3 alone', () => {
		const views: MapView[] = [
			worldView(),
			{centerLon: 170, centerLat: 0, zoom: 1},
			{centerLon: -150, centerLat: 30, zoom: 1.3},
			{centerLon: 180, centerLat: 60, zoom: 4},
			{centerLon: -175, centerLat: -15, zoom: 6},
			{centerLon: 10, centerLat: 48, zoom: 8},
			{centerLon: -74, centerLat: 41, zoom: 32},
		];
		for (const view of views) {
			for (const [cols, rows] of [
				[80, 24],
				[200, 60],
			] as const) {
				const fast = buildLandLayer(cols, rows, view);
				const reference = buildLandLayer(cols, rows, view, {d3Only: true});
				let differing = 0;
				for (const [index, dot] of fast.bitmap.dots.entries()) {
					differing += dot === reference.bitmap.dots[index] ? 0 : 1;
				}

				expect(differing, `${cols}x${rows} ${JSON.stringify(view)}`).toBe(0);
			}
		}
	});
});

describe('resolution', () => {
	it('uses 110m for the world and 50m once a dot is finer than about 0.67°', () => {
		expect(buildLandLayer(80, 24, worldView()).resolution).toBe('110m');
		expect(buildLandLayer(200, 60, worldView()).resolution).toBe('110m');
		expect(buildLandLayer(80, 24, {centerLon: 10, centerLat: 48, zoom: 4}).resolution).toBe('50m');
		expect(resolutionFor(fineDataBelowDegreesPerDot * 1.01)).toBe('110m');
		expect(resolutionFor(fineDataBelowDegreesPerDot * 0.99)).toBe('50m');
		expect(degreesPerDot(mapFrame(80, 24, worldView()))).toBeCloseTo(360 / 160, 6);
	});

	it('shows more coast with 50m where it applies', () => {
		// Zoomed on the Aegean, 50m has islands 110m lacks.
		const view = {centerLon: 25, centerLat: 38, zoom: 16};
		const coarse = buildLandLayer(80, 24, view, {resolution: '110m'});
		const fine = buildLandLayer(80, 24, view, {resolution: '50m'});
		const land = fine.bitmap.dots.reduce((sum, dot) => sum + dot, 0);
		let differing = 0;
		for (const [index, dot] of fine.bitmap.dots.entries()) {
			differing += dot === coarse.bitmap.dots[index] ? 0 : 1;
		}

		expect(fine.resolution).toBe('50m');
		expect(differing).toBeGreaterThan(land * 0.05);
	});
});

describe('landLayer cache', () => {
	beforeEach(() => {
		clearLandLayerCache();
	});

	it('returns the cached layer for the same size and view', () => {
		const first = landLayer(80, 24, worldView());
		expect(landLayer(80, 24, worldView())).toBe(first);
		// A view that clamps to the same one shares the entry.
		expect(landLayer(80, 24, {...worldView(), centerLat: 70})).toBe(first);
		expect(landLayer(81, 24, worldView())).not.toBe(first);
	});

	it('keeps the eight most recently used layers', () => {
		const first = landLayer(80, 24, worldView());
		for (let index = 1; index <= 7; index++) {
			landLayer(80, 24, {centerLon: index * 10, centerLat: 0, zoom: 2});
		}

		// Using the first again makes it the newest; the next insertion evicts the view at 10°.
		expect(landLayer(80, 24, worldView())).toBe(first);
		const second = landLayer(80, 24, {centerLon: 10, centerLat: 0, zoom: 2});
		landLayer(80, 24, {centerLon: 100, centerLat: 0, zoom: 2});
		expect(landLayerCacheSize()).toBe(8);
		expect(landLayer(80, 24, worldView())).toBe(first);
		expect(landLayer(80, 24, {centerLon: 10, centerLat: 0, zoom: 2})).toBe(second);
	});
});
