import {describe, expect, it} from 'vitest';
import {timeRender} from '../../source/map/time-render.js';
import {worldView} from '../../source/map/view.js';

describe('timeRender', () => {
	it('reports medians of fresh and cached frames', () => {
		const timing = timeRender(80, 24, worldView(), {runs: 3});
		expect(timing.runs).toBe(3);
		expect(Number.isFinite(timing.medianMs)).toBe(true);
		expect(Number.isFinite(timing.cachedMedianMs)).toBe(true);
		expect(timing.medianMs).toBeGreaterThan(0);
	});
});
