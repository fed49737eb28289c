// A micro-benchmark of one map frame, for `npm run bench`.
import {clearLandLayerCache} from './land-layer.js';
import {renderMap} from './render-map.js';
import type {MapPin, MapView} from './types.js';

export type RenderTiming = {
	/** Median of frames drawn from scratch (projection, fill, encoding, pins), after a few warm-up frames; the land data is loaded beforehand. */
	readonly medianMs: number;
	/** Median of frames whose land layer is cached: what a highlight change or a redraw costs. */
	readonly cachedMedianMs: number;
	readonly runs: number;
};

const warmUpRuns = 5;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function timeRender(cols: number, rows: number, view: MapView, options: {runs?: number; pins?: readonly MapPin[]} = {}): RenderTiming {
	const runs = Math.max(1, options.runs ?? 20);
	const draw = () => renderMap({cols, rows, view, pins: options.pins ?? []});
	// Loads and decodes the atlas, as the running console would have, and lets
	// the JIT settle: the first frames are several times slower than the rest.
	for (let run = 0; run < warmUpRuns; run++) {
		clearLandLayerCache();
		draw();
	}

	const cold: number[] = [];
	const cached: number[] = [];
	for (let run = 0; run < runs; run++) {
		clearLandLayerCache();
		let start = performance.now();
		draw();
		cold.push(performance.now() - start);
		start = performance.now();
		draw();
		cached.push(performance.now() - start);
	}

	return {medianMs: median(cold), cachedMedianMs: median(cached), runs};
}
