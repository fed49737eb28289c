// One frame of the map as plain data: rows of segments tagged with what they
// show, for the Ink tab to colour. Land comes from the cached layer; pins are
// drawn over it on each call.
import {brailleChar} from './braille.js';
import {landLayer} from './land-layer.js';
import {projectToCell} from './projection.js';
import type {CellKind, MapPin, MapRender, MapSegment, MapView, PinCell} from './types.js';

export type RenderMapOptions = {
	readonly cols: number;
	readonly rows: number;
	readonly view: MapView;
	readonly pins?: readonly MapPin[];
	/** Key of the selected place (drawn as `pin-highlight`). */
	readonly highlight?: string;
	/** Key of the most recent login's place; by default the pin with the newest `lastSeen`. */
	readonly latest?: string;
};

export const pinGlyph = '●';
/** The most recent login's place where colours are off (NO_COLOR): colour alone cannot tell it. */
export const latestPinGlyph = '◆';
/** Water is left blank: spaces copy and measure better than the empty braille pattern. */
const waterChar = ' ';

export function pinChar(count: number): string {
	if (count <= 1) {
		return pinGlyph;
	}

	return count <= 9 ? String(count) : '+';
}

function newestKey(pins: readonly MapPin[]): string | undefined {
	let best: MapPin | undefined;
	let bestTime = -Infinity;
	for (const pin of pins) {
		const time = pin.lastSeen === undefined ? Number.NaN : Date.parse(pin.lastSeen);
		if (!Number.isNaN(time) && time > bestTime) {
			best = pin;
			bestTime = time;
		}
	}

	return best?.key;
}

/** The selection matters more than recency: the highlighted place wins a shared cell. */
function pinKind(keys: readonly string[], highlight: string | undefined, latest: string | undefined): PinCell['kind'] {
	if (highlight !== undefined && keys.includes(highlight)) {
		return 'pin-highlight';
	}

	return latest !== undefined && keys.includes(latest) ? 'pin-latest' : 'pin';
}

export function renderMap(options: RenderMapOptions): MapRender {
	const layer = landLayer(options.cols, options.rows, options.view);
	const {frame} = layer;
	const pins = options.pins ?? [];
	const latest = options.latest ?? newestKey(pins);

	const byCell = new Map<number, {col: number; row: number; keys: string[]}>();
	const hidden: string[] = [];
	for (const pin of pins) {
		const cell = projectToCell(frame, pin.longitude, pin.latitude);
		if (!cell) {
			hidden.push(pin.key);
			continue;
		}

		const index = cell.row * frame.cols + cell.col;
		const entry = byCell.get(index);
		if (entry) {
			if (!entry.keys.includes(pin.key)) {
				entry.keys.push(pin.key);
			}
		} else {
			byCell.set(index, {...cell, keys: [pin.key]});
		}
	}

	const pinCells: PinCell[] = [...byCell.values()]
		.sort((a, b) => a.row - b.row || a.col - b.col)
		.map(({col, row, keys}) => ({col, row, keys, char: pinChar(keys.length), kind: pinKind(keys, options.highlight, latest)}));
	const pinAt = new Map<number, PinCell>(pinCells.map((cell) => [cell.row * frame.cols + cell.col, cell]));

	const lines: MapSegment[][] = [];
	for (let row = 0; row < frame.rows; row++) {
		const segments: MapSegment[] = [];
		let text = '';
		let kind: CellKind | undefined;
		for (let col = 0; col < frame.cols; col++) {
			const index = row * frame.cols + col;
			const pin = pinAt.get(index);
			const bits = layer.cells[index] ?? 0;
			const cellKind: CellKind = pin ? pin.kind : bits === 0 ? 'water' : 'land';
			const char = pin ? pin.char : bits === 0 ? waterChar : brailleChar(bits);
			if (cellKind !== kind && kind !== undefined) {
				segments.push({text, kind});
				text = '';
			}

			kind = cellKind;
			text += char;
		}

		if (kind !== undefined) {
			segments.push({text, kind});
		}

		lines.push(segments);
	}

	return {lines, pinCells, hidden, view: frame.view};
}

/** The frame as plain text, one string per row (for tests and logs). */
export function mapText(render: MapRender): string[] {
	return render.lines.map((segments) => segments.map((segment) => segment.text).join(''));
}
