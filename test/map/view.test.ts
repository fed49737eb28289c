import {describe, expect, it} from 'vitest';
import {bandMiddleLat, latNorth, mapFrame, projectToDot} from '../../source/map/projection.js';
import {renderMap} from '../../source/map/render-map.js';
import type {MapView} from '../../source/map/types.js';
import {defaultView, fitMaxZoom, fitView, panStep, panView, singlePlaceZoom, worldView, zoomView} from '../../source/map/view.js';

const paris = {latitude: 48.86, longitude: 2.35};
const berlin = {latitude: 52.52, longitude: 13.4};
const madrid = {latitude: 40.42, longitude: -3.7};
const sydney = {latitude: -33.87, longitude: 151.21};
const newYork = {latitude: 40.71, longitude: -74.01};
const lisbon = {latitude: 38.72, longitude: -9.14};
const moscow = {latitude: 55.76, longitude: 37.62};
const oslo = {latitude: 59.91, longitude: 10.75};
const athens = {latitude: 37.98, longitude: 23.73};
const fiji = {latitude: -18.14, longitude: 178.44};
const samoa = {latitude: -13.83, longitude: -171.76};

/** Where a point lands in a frame, in dots, or undefined when off it. */
function dot(view: MapView, point: {latitude: number; longitude: number}, cols = 80, rows = 24) {
	return projectToDot(mapFrame(cols, rows, view), point.longitude, point.latitude);
}

describe('worldView and zoomView', () => {
	it('starts on the whole band at the prime meridian', () => {
		expect(worldView()).toEqual({centerLon: 0, centerLat: bandMiddleLat, zoom: 1});
	});

	it('zooms by a factor within 1 to 32, keeping the centre', () => {
		const view = {centerLon: 10, centerLat: 48, zoom: 2};
		expect(zoomView(view, 2)).toEqual({centerLon: 10, centerLat: 48, zoom: 4});
		expect(zoomView(view, 0.5)).toEqual({centerLon: 10, centerLat: 48, zoom: 1});
		expect(zoomView(view, 0.1).zoom).toBe(1);
		expect(zoomView(view, 100).zoom).toBe(32);
		expect(zoomView(view, Number.NaN)).toEqual(view);
		expect(zoomView(view, -2)).toEqual(view);
	});
});

describe('panView', () => {
	it('moves the centre to what was that many cells away', () => {
		const view = {centerLon: 10, centerLat: 40, zoom: 4};
		const east = panView(view, 10, 0, 80, 24);
		expect(east.centerLon).toBeGreaterThan(10);
		expect(east.zoom).toBe(4);
		// The new centre sat 10 cells (20 dots) right of the old one.
		const was = dot(view, {latitude: east.centerLat, longitude: east.centerLon});
		expect(was?.x).toBeCloseTo(80 + 20, 6);
		expect(was?.y).toBeCloseTo(48, 6);

		const south = panView(view, 0, 3, 80, 24);
		expect(south.centerLat).toBeLessThan(40);
		expect(south.centerLon).toBeCloseTo(10, 9);
		const below = dot(view, {latitude: south.centerLat, longitude: south.centerLon});
		expect(below?.y).toBeCloseTo(48 + 12, 6);

		// A key and its opposite return to the start.
		const back = panView(panView(view, 7, 0, 80, 24), -7, 0, 80, 24);
		expect(back.centerLon).toBeCloseTo(10, 6);
		expect(back.centerLat).toBeCloseTo(40, 6);
		const up = panView(panView(view, 0, -2, 80, 24), 0, 2, 80, 24);
		expect(up.centerLon).toBeCloseTo(10, 6);
		expect(up.centerLat).toBeCloseTo(40, 6);
	});

	it('wraps round the antimeridian', () => {
		let view: MapView = {centerLon: 170, centerLat: 0, zoom: 4};
		view = panView(view, 10, 0, 80, 24);
		expect(view.centerLon).toBeLessThan(0);
		expect(view.centerLon).toBeGreaterThanOrEqual(-180);
		// The whole globe round in steps comes back to the start.
		let around: MapView = {centerLon: 0, centerLat: 0, zoom: 1};
		let travelled = 0;
		for (let step = 0; step < 200 && travelled < 360; step++) {
			const next = panView(around, 4, 0, 80, 24);
			travelled += (next.centerLon - around.centerLon + 360) % 360;
			around = next;
		}

		expect(travelled).toBeGreaterThanOrEqual(360);
		expect(Math.abs(around.centerLon)).toBeLessThanOrEqual(180);
	});

	it('stops at the band in latitude', () => {
		let view: MapView = {centerLon: 0, centerLat: 40, zoom: 4};
		for (let step = 0; step < 50; step++) {
			view = panView(view, 0, -6, 80, 24);
		}

		// The frame's top row is the band's north edge, 80°N.
		expect(mapFrame(80, 24, view).bandTop).toBeCloseTo(0, 6);
		expect(dot(view, {latitude: latNorth, longitude: 0})?.y).toBeCloseTo(0, 6);
		// In the world view the band is all shown: vertical panning changes nothing.
		const world = worldView();
		expect(panView(world, 0, 5, 80, 24).centerLat).toBeCloseTo(world.centerLat, 9);
	});

	it('steps a quarter of the view per key', () => {
		expect(panStep(80, 24)).toEqual({dx: 20, dy: 6});
		expect(panStep(2, 1)).toEqual({dx: 1, dy: 1});
	});
});

describe('fitView', () => {
	it('centres a single place at the single-place zoom', () => {
		const view = fitView([sydney], 80, 24);
		expect(view.zoom).toBe(singlePlaceZoom);
		expect(view.centerLon).toBeCloseTo(sydney.longitude, 6);
		expect(view.centerLat).toBeCloseTo(sydney.latitude, 6);
		// Two logins from the same city are still one place.
		expect(fitView([paris, {latitude: 48.85, longitude: 2.36}], 80, 24).zoom).toBe(singlePlaceZoom);
	});

	it('shows every pin, off the edges, as close as it can', () => {
		for (const [cols, rows] of [
			[80, 24],
			[200, 60],
			[60, 40],
		] as const) {
			const points = [lisbon, moscow, oslo, athens];
			const view = fitView(points, cols, rows);
			expect(view.zoom).toBeGreaterThan(2);
			expect(view.zoom).toBeLessThan(fitMaxZoom);
			const dots = points.map((point) => dot(view, point, cols, rows));
			for (const found of dots) {
				expect(found).toBeDefined();
				expect(found!.x).toBeGreaterThanOrEqual(cols * 2 * 0.1 - 1e-6);
				expect(found!.x).toBeLessThanOrEqual(cols * 2 * 0.9 + 1e-6);
				expect(found!.y).toBeGreaterThanOrEqual(rows * 4 * 0.1 - 1e-6);
				expect(found!.y).toBeLessThanOrEqual(rows * 4 * 0.9 + 1e-6);
			}

			// Tight: the pins touch the margin on one axis.
			const xs = dots.map((found) => found!.x);
			const ys = dots.map((found) => found!.y);
			const touchesX = Math.abs(Math.max(...xs) - cols * 2 * 0.9) < 0.5 || Math.abs(Math.min(...xs) - cols * 2 * 0.1) < 0.5;
			const touchesY = Math.abs(Math.max(...ys) - rows * 4 * 0.9) < 0.5 || Math.abs(Math.min(...ys) - rows * 4 * 0.1) < 0.5;
			expect(touchesX || touchesY).toBe(true);
		}
	});

	it('fits places on both sides of the antimeridian as neighbours', () => {
		const view = fitView([fiji, samoa], 80, 24);
		expect(Math.abs(view.centerLon)).toBeGreaterThan(170);
		expect(view.zoom).toBeGreaterThan(4);
		const rendered = renderMap({cols: 80, rows: 24, view, pins: [{key: 'fiji', ...fiji}, {key: 'samoa', ...samoa}]});
		expect(rendered.hidden).toEqual([]);
		const [west, east] = [...rendered.pinCells].sort((a, b) => a.col - b.col);
		expect(west?.keys).toEqual(['fiji']);
		expect(east?.keys).toEqual(['samoa']);
	});

	it('falls back to the world for no usable points, and never zooms out past it', () => {
		expect(fitView([], 80, 24)).toEqual(worldView());
		expect(fitView([{latitude: Number.NaN, longitude: 3}], 80, 24)).toEqual(worldView());
		const aroundTheWorld = [-150, -90, -30, 30, 90, 150].map((longitude) => ({latitude: 10, longitude}));
		expect(fitView(aroundTheWorld, 80, 24).zoom).toBe(1);
		// Two places on opposite sides: closer than the world only as far as the margin allows.
		const spread = fitView([sydney, newYork, paris], 80, 24);
		expect(spread.zoom).toBeGreaterThanOrEqual(1);
		expect(renderMap({cols: 80, rows: 24, view: spread, pins: [sydney, newYork, paris].map((point, index) => ({key: String(index), ...point}))}).hidden).toEqual([]);
		expect(fitView([paris, berlin], 80, 24).zoom).toBe(fitMaxZoom);
	});

	it('fits pins beyond the band at its edge', () => {
		const view = fitView([{latitude: 85, longitude: 20}, {latitude: 70, longitude: 25}], 80, 24);
		const rendered = renderMap({cols: 80, rows: 24, view, pins: [{key: 'a', latitude: 85, longitude: 20}, {key: 'b', latitude: 70, longitude: 25}]});
		expect(rendered.hidden).toEqual([]);
	});
});

describe('defaultView', () => {
	it('fits places on one continent', () => {
		const view = defaultView(
			[
				{...paris, continentCode: 'EU'},
				{...berlin, continentCode: 'EU'},
			],
			80,
			24,
		);
		expect(view).toEqual(fitView([paris, berlin], 80, 24));
		expect(view.zoom).toBeGreaterThan(1);
	});

	it('shows the world when places span continents', () => {
		expect(
			defaultView(
				[
					{...paris, continentCode: 'EU'},
					{...newYork, continentCode: 'NA'},
				],
				80,
				24,
			),
		).toEqual(worldView());
	});

	it('judges by distance when continents are unknown', () => {
		expect(defaultView([paris, berlin, madrid], 80, 24).zoom).toBeGreaterThan(2);
		expect(defaultView([paris, sydney], 80, 24)).toEqual(worldView());
		expect(defaultView([], 80, 24)).toEqual(worldView());
	});
});
