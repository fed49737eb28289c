import {describe, expect, it} from 'vitest';
import {bandMiddleLat, clampView, latNorth, latSouth, mapFrame, projectToCell, projectToDot, wrapLon} from '../../source/map/projection.js';
import {worldView} from '../../source/map/view.js';

// Natural Earth 1 as published (Šavrič, Patterson, Jenny 2015), written out
// here so the expected cells do not come from the code under test.
function naturalEarth(lonDeg: number, latDeg: number): [number, number] {
	const lambda = (lonDeg * Math.PI) / 180;
	const phi = (latDeg * Math.PI) / 180;
	const p2 = phi ** 2;
	const x = lambda * (0.8707 - 0.131979 * p2 - 0.013791 * p2 ** 2 + 0.003971 * p2 ** 5 - 0.001529 * p2 ** 6);
	const y = phi * (1.007226 + 0.015085 * p2 - 0.044475 * p2 ** 3 + 0.028874 * p2 ** 4 - 0.005916 * p2 ** 5);
	return [x, y];
}

/** The world view by the rules: the band 60°S–80°N fitted into the frame (contain), centred. */
function expectedWorldCell(cols: number, rows: number, lat: number, lon: number): {col: number; row: number; x: number; y: number} {
	const width = cols * 2;
	const height = rows * 4;
	const [edgeX] = naturalEarth(180, 0);
	const [, top] = naturalEarth(0, 80);
	const [, bottom] = naturalEarth(0, -60);
	const scale = Math.min(width / (2 * edgeX), height / (top - bottom));
	const bandTop = (height - scale * (top - bottom)) / 2;
	const [x, y] = naturalEarth(lon, lat);
	const dotX = width / 2 + scale * x;
	const dotY = bandTop + scale * (top - y);
	return {col: Math.floor(dotX / 2), row: Math.floor(dotY / 4), x: dotX, y: dotY};
}

const cities = {
	sydney: [-33.87, 151.21],
	saoPaulo: [-23.55, -46.63],
	reykjavik: [64.15, -21.94],
	nairobi: [-1.29, 36.82],
	tokyo: [35.68, 139.69],
	anchorage: [61.22, -149.9],
} as const;

describe('world view projection', () => {
	for (const [cols, rows] of [
		[80, 24],
		[200, 60],
		[120, 80],
	] as const) {
		it(`puts known cities in their cells at ${cols}x${rows}`, () => {
			const frame = mapFrame(cols, rows, worldView());
			for (const [lat, lon] of Object.values(cities)) {
				const expected = expectedWorldCell(cols, rows, lat, lon);
				expect(projectToCell(frame, lon, lat)).toEqual({col: expected.col, row: expected.row});
				const dot = projectToDot(frame, lon, lat);
				expect(dot?.x).toBeCloseTo(expected.x, 6);
				expect(dot?.y).toBeCloseTo(expected.y, 6);
			}
		});
	}

	it('keeps the cities where a reader expects them at 80x24', () => {
		const frame = mapFrame(80, 24, worldView());
		const cell = (name: keyof typeof cities) => {
			const [lat, lon] = cities[name];
			const found = projectToCell(frame, lon, lat);
			expect(found).toBeDefined();
			return found!;
		};

		expect(cell('tokyo').col).toBeGreaterThan(cell('nairobi').col);
		expect(cell('nairobi').col).toBeGreaterThan(cell('saoPaulo').col);
		expect(cell('saoPaulo').col).toBeGreaterThan(cell('anchorage').col);
		expect(cell('sydney').col).toBeGreaterThan(60);
		expect(cell('sydney').row).toBeGreaterThan(cell('nairobi').row);
		expect(cell('saoPaulo').row).toBeGreaterThan(cell('nairobi').row);
		for (const northern of ['reykjavik', 'anchorage'] as const) {
			expect(cell(northern).row).toBeLessThan(cell('tokyo').row);
			expect(cell(northern).row).toBeLessThanOrEqual(6);
		}

		// The band is 60°S–80°N and fills the width: the map needs 18 of the 24 rows, centred.
		expect(projectToCell(frame, 0, latNorth)?.row).toBe(3);
		expect(projectToCell(frame, 0, latSouth)?.row).toBe(20);
	});

	it('centres the world view on the middle of the band', () => {
		const [, top] = naturalEarth(0, latNorth);
		const [, bottom] = naturalEarth(0, latSouth);
		expect(naturalEarth(0, bandMiddleLat)[1]).toBeCloseTo((top + bottom) / 2, 9);
	});
});

describe('edges', () => {
	const frame = mapFrame(80, 24, worldView());

	it('keeps ±180° on their own edges of the world view', () => {
		expect(projectToCell(frame, -180, 0)).toEqual({col: 0, row: expectedWorldCell(80, 24, 0, 0).row});
		expect(projectToCell(frame, 180, 0)).toEqual({col: 79, row: expectedWorldCell(80, 24, 0, 0).row});
		expect(projectToCell(frame, -179.9, 0)?.col).toBe(0);
		expect(projectToCell(frame, 179.9, 0)?.col).toBe(79);
		// Out-of-range longitudes are the same meridians.
		expect(projectToCell(frame, 190, 10)).toEqual(projectToCell(frame, -170, 10));
		expect(projectToCell(frame, -200, 10)).toEqual(projectToCell(frame, 160, 10));
	});

	it('draws latitudes beyond the band on its edge', () => {
		expect(projectToCell(frame, 20, 85)).toEqual(projectToCell(frame, 20, latNorth));
		expect(projectToCell(frame, 20, 90)).toEqual(projectToCell(frame, 20, latNorth));
		expect(projectToCell(frame, -40, -89)).toEqual(projectToCell(frame, -40, latSouth));
		// Natural Earth's meridians curve in towards the poles: 180° at the band's south edge is inside the frame's edge.
		const corner = expectedWorldCell(80, 24, latSouth, 180);
		expect(corner.col).toBeLessThan(79);
		expect(projectToCell(frame, 180, -89)).toEqual({col: corner.col, row: 20});
	});

	it('returns nothing for coordinates that are not numbers', () => {
		expect(projectToDot(frame, Number.NaN, 0)).toBeUndefined();
		expect(projectToDot(frame, 0, Number.POSITIVE_INFINITY)).toBeUndefined();
	});

	it('wraps across the antimeridian in a view centred near it', () => {
		const pacific = mapFrame(80, 24, {centerLon: 170, centerLat: 0, zoom: 4});
		const east = projectToCell(pacific, -175, 0);
		const west = projectToCell(pacific, 165, 0);
		expect(east).toBeDefined();
		expect(west).toBeDefined();
		// 15° east of the centre is right of the middle column, not on the far left.
		expect(east!.col).toBeGreaterThan(40);
		expect(east!.col).toBeLessThan(60);
		expect(west!.col).toBeLessThan(40);
		expect(west!.col).toBeGreaterThan(30);
		// 180 and -180 are the same meridian, away from any edge here.
		expect(projectToCell(pacific, 180, 0)).toEqual(projectToCell(pacific, -180, 0));
	});

	it('leaves out points beyond a zoomed frame', () => {
		const europe = mapFrame(80, 24, {centerLon: 10, centerLat: 48, zoom: 4});
		expect(projectToCell(europe, 10, 48)).toEqual({col: 40, row: 12});
		expect(projectToDot(europe, 151.21, -33.87)).toBeUndefined();
		expect(projectToDot(europe, 10, 85)).toBeUndefined();
		expect(projectToDot(europe, 10, -89)).toBeUndefined();
	});
});

describe('clampView', () => {
	it('wraps the longitude and bounds the zoom', () => {
		expect(wrapLon(190)).toBe(-170);
		expect(wrapLon(-190)).toBe(170);
		expect(wrapLon(540)).toBe(-180);
		const view = clampView({centerLon: 370, centerLat: 0, zoom: 1000}, 80, 24);
		expect(view.centerLon).toBeCloseTo(10, 9);
		expect(view.zoom).toBe(32);
		expect(clampView({centerLon: 0, centerLat: 0, zoom: 0.1}, 80, 24).zoom).toBe(1);
	});

	it('centres the band when it is shorter than the frame', () => {
		expect(clampView({centerLon: 0, centerLat: 70, zoom: 1}, 80, 24).centerLat).toBeCloseTo(bandMiddleLat, 9);
	});

	it('keeps a zoomed frame inside the band', () => {
		const north = mapFrame(80, 24, {centerLon: 0, centerLat: 89, zoom: 4});
		expect(north.bandTop).toBeCloseTo(0, 6);
		const south = mapFrame(80, 24, {centerLon: 0, centerLat: -89, zoom: 4});
		expect(south.bandBottom).toBeCloseTo(south.height, 6);
		// Inside the band a centre is kept as asked.
		expect(mapFrame(80, 24, {centerLon: 0, centerLat: 40, zoom: 4}).view.centerLat).toBeCloseTo(40, 9);
	});

	it('turns nonsense into a drawable view', () => {
		const view = clampView({centerLon: Number.NaN, centerLat: Number.NaN, zoom: Number.NaN}, 80, 24);
		expect(view).toEqual({centerLon: 0, centerLat: bandMiddleLat, zoom: 1});
	});

	it('is idempotent', () => {
		const once = clampView({centerLon: -200, centerLat: 75, zoom: 3}, 100, 30);
		const twice = clampView(once, 100, 30);
		expect(twice.centerLon).toBeCloseTo(once.centerLon, 9);
		expect(twice.centerLat).toBeCloseTo(once.centerLat, 9);
		expect(twice.zoom).toBe(once.zoom);
	});
});
