import {beforeEach, describe, expect, it} from 'vitest';
import {clearLandLayerCache, landLayer} from '../../source/map/land-layer.js';
import {mapText, pinChar, pinGlyph, renderMap} from '../../source/map/render-map.js';
import type {MapPin, MapRender} from '../../source/map/types.js';
import {worldView} from '../../source/map/view.js';

const places: MapPin[] = [
	{key: 'sydney', latitude: -33.87, longitude: 151.21, lastSeen: '2024-05-01T10:00:00.000Z'},
	{key: 'sao-paulo', latitude: -23.55, longitude: -46.63, lastSeen: '2024-05-03T10:00:00.000Z'},
	{key: 'nairobi', latitude: -1.29, longitude: 36.82, lastSeen: '2024-04-01T10:00:00.000Z'},
	{key: 'tokyo', latitude: 35.68, longitude: 139.69, lastSeen: '2024-05-02T10:00:00.000Z'},
];

function cellText(render: MapRender, col: number, row: number): string {
	return [...(mapText(render)[row] ?? '')][col] ?? '';
}

beforeEach(() => {
	clearLandLayerCache();
});

describe('renderMap', () => {
	it.each([
		[80, 24],
		[200, 60],
		[97, 31],
	])('draws exactly %ix%i cells as runs of one kind', (cols, rows) => {
		const render = renderMap({cols, rows, view: worldView(), pins: places});
		expect(render.lines).toHaveLength(rows);
		for (const segments of render.lines) {
			expect(segments.map((segment) => [...segment.text].length).reduce((a, b) => a + b, 0)).toBe(cols);
			for (const [index, segment] of segments.entries()) {
				expect(segment.text.length).toBeGreaterThan(0);
				// Runs are maximal: neighbours differ in kind.
				expect(segment.kind).not.toBe(segments[index - 1]?.kind);
				const chars = [...segment.text];
				switch (segment.kind) {
					case 'water': {
						expect(chars.every((char) => char === ' ')).toBe(true);
						break;
					}

					case 'land': {
						expect(chars.every((char) => char.codePointAt(0)! > 0x2800 && char.codePointAt(0)! <= 0x28ff)).toBe(true);
						break;
					}

					default: {
						expect(chars.every((char) => char === pinGlyph || /^[2-9+]$/.test(char))).toBe(true);
					}
				}
			}
		}

		const land = render.lines.flat().filter((segment) => segment.kind === 'land');
		expect(land.length).toBeGreaterThan(rows / 2);
	});

	it('pins each place in its cell, the newest login as pin-latest', () => {
		const render = renderMap({cols: 80, rows: 24, view: worldView(), pins: places});
		expect(render.hidden).toEqual([]);
		expect(render.pinCells).toHaveLength(4);
		const byKey = new Map(render.pinCells.map((cell) => [cell.keys[0], cell]));
		expect(byKey.get('sao-paulo')?.kind).toBe('pin-latest');
		expect(byKey.get('sydney')?.kind).toBe('pin');
		for (const cell of render.pinCells) {
			expect(cell.char).toBe(pinGlyph);
			expect(cellText(render, cell.col, cell.row)).toBe(pinGlyph);
		}

		// Tokyo is north-east of Nairobi, Sydney south-east of both.
		const tokyo = byKey.get('tokyo')!;
		const nairobi = byKey.get('nairobi')!;
		const sydney = byKey.get('sydney')!;
		expect(tokyo.col).toBeGreaterThan(nairobi.col);
		expect(tokyo.row).toBeLessThan(nairobi.row);
		expect(sydney.row).toBeGreaterThan(nairobi.row);
	});

	it('highlights the selected place over the latest one', () => {
		const render = renderMap({cols: 80, rows: 24, view: worldView(), pins: places, highlight: 'nairobi'});
		const kinds = Object.fromEntries(render.pinCells.map((cell) => [cell.keys[0], cell.kind]));
		expect(kinds).toEqual({'sydney': 'pin', 'sao-paulo': 'pin-latest', 'nairobi': 'pin-highlight', 'tokyo': 'pin'});
		expect(renderMap({cols: 80, rows: 24, view: worldView(), pins: places, highlight: 'sao-paulo'}).pinCells.find((cell) => cell.keys[0] === 'sao-paulo')?.kind).toBe(
			'pin-highlight',
		);
		// An explicit latest wins over the dates.
		const explicit = renderMap({cols: 80, rows: 24, view: worldView(), pins: places, latest: 'tokyo'});
		expect(explicit.pinCells.find((cell) => cell.keys[0] === 'tokyo')?.kind).toBe('pin-latest');
		expect(explicit.pinCells.find((cell) => cell.keys[0] === 'sao-paulo')?.kind).toBe('pin');
	});

	it('merges places that share a cell and counts them', () => {
		const nearParis = (index: number): MapPin => ({key: `paris-${index}`, latitude: 48.85 + index * 0.01, longitude: 2.35 + index * 0.01});
		for (const [count, char] of [
			[2, '2'],
			[5, '5'],
			[9, '9'],
			[10, '+'],
			[14, '+'],
		] as const) {
			const pins = Array.from({length: count}, (_, index) => nearParis(index));
			const render = renderMap({cols: 80, rows: 24, view: worldView(), pins, highlight: 'paris-1'});
			expect(render.pinCells).toHaveLength(1);
			expect(render.pinCells[0]).toMatchObject({char, kind: 'pin-highlight'});
			expect(render.pinCells[0]?.keys).toEqual(pins.map((pin) => pin.key));
			expect(cellText(render, render.pinCells[0]!.col, render.pinCells[0]!.row)).toBe(char);
		}

		// Zoomed in, the same places separate.
		const zoomed = renderMap({cols: 80, rows: 24, view: {centerLon: 2.4, centerLat: 48.9, zoom: 32}, pins: [nearParis(0), nearParis(9)]});
		expect(zoomed.pinCells).toHaveLength(2);
		// The same key twice is one place.
		expect(renderMap({cols: 80, rows: 24, view: worldView(), pins: [nearParis(0), nearParis(0)]}).pinCells[0]?.char).toBe(pinGlyph);
		expect(pinChar(1)).toBe('●');
	});

	it('lists pins outside a zoomed view as hidden, and never draws them on an edge', () => {
		const render = renderMap({cols: 80, rows: 24, view: {centerLon: 10, centerLat: 48, zoom: 4}, pins: places});
		expect(render.hidden.toSorted()).toEqual(['nairobi', 'sao-paulo', 'sydney', 'tokyo']);
		expect(render.pinCells).toEqual([]);
	});

	it('draws pins at ±180° and beyond the band without crashing or wrapping', () => {
		const edgePins: MapPin[] = [
			{key: 'east', latitude: 0, longitude: 180},
			{key: 'west', latitude: 0, longitude: -180},
			{key: 'north', latitude: 85, longitude: 0},
			{key: 'pole', latitude: 90, longitude: 100},
			{key: 'south', latitude: -89, longitude: 0},
			{key: 'nan', latitude: Number.NaN, longitude: 0},
		];
		const render = renderMap({cols: 80, rows: 24, view: worldView(), pins: edgePins});
		const at = (key: string) => render.pinCells.find((cell) => cell.keys.includes(key));
		expect(at('east')?.col).toBe(79);
		expect(at('west')?.col).toBe(0);
		expect(at('north')?.row).toBe(3);
		expect(at('pole')?.row).toBe(3);
		expect(at('south')?.row).toBe(20);
		expect(render.hidden).toEqual(['nan']);
		for (const view of [
			{centerLon: 180, centerLat: 70, zoom: 32},
			{centerLon: -180, centerLat: -60, zoom: 1},
			{centerLon: 179.999, centerLat: 0, zoom: 2},
		]) {
			const edge = renderMap({cols: 80, rows: 24, view, pins: edgePins});
			expect(edge.lines).toHaveLength(24);
		}
	});

	it('draws pins on a copy: the cached land stays clean', () => {
		const plain = mapText(renderMap({cols: 80, rows: 24, view: worldView()}));
		const pinned = renderMap({cols: 80, rows: 24, view: worldView(), pins: places});
		expect(mapText(pinned)).not.toEqual(plain);
		expect(mapText(renderMap({cols: 80, rows: 24, view: worldView()}))).toEqual(plain);
		// And reuses the cached layer.
		const layer = landLayer(80, 24, worldView());
		renderMap({cols: 80, rows: 24, view: worldView(), pins: places});
		expect(landLayer(80, 24, worldView())).toBe(layer);
	});

	it('reports the view it drew', () => {
		const render = renderMap({cols: 80, rows: 24, view: {centerLon: 190, centerLat: 89, zoom: 64}, pins: []});
		expect(render.view.zoom).toBe(32);
		expect(render.view.centerLon).toBeCloseTo(-170, 9);
		expect(render.view.centerLat).toBeLessThan(80);
	});
});
