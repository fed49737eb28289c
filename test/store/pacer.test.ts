// Background work in turns (store/pacer.ts runInTurns, crc-checker.ts crcOf):
// between its slices it waits for what its gate says goes first (the store's
// own operations, while a columns file is written).
import {setImmediate as nextTurn} from 'node:timers/promises';
import zlib from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {crcOf} from '../../source/store/crc-checker.js';
import type {Gate} from '../../source/store/pacer.js';
import {runInTurns} from '../../source/store/pacer.js';

/** A gate closed until `open` is called, counting how often it was asked. */
function heldGate(): {gate: Gate; open: () => void; asked: () => number} {
	let release: (() => void) | undefined;
	const held = new Promise<void>(resolve => {
		release = resolve;
	});
	let open = false;
	let asked = 0;
	return {
		gate() {
			asked++;
			return open ? undefined : held;
		},
		open() {
			open = true;
			release!();
		},
		asked: () => asked,
	};
}

async function turns(count: number): Promise<void> {
	for (let turn = 0; turn < count; turn++) {
		// eslint-disable-next-line no-await-in-loop
		await nextTurn();
	}
}

describe('background work in turns', () => {
	it('runInTurns goes no further than its first slice while its gate is closed, and to the end once open', async () => {
		let steps = 0;
		function * task(): Generator<undefined, string> {
			for (let step = 0; step < 5; step++) {
				steps++;
				// Each step its own slice: the clock says the slice is over.
				const end = performance.now() + 2;
				while (performance.now() < end) {
					// Busy, as a slice of work is.
				}

				yield;
			}

			return 'done';
		}

		const {gate, open, asked} = heldGate();
		const running = runInTurns(task(), 1, gate);
		await turns(20);
		const before = steps;
		expect(before).toBeLessThan(5);
		expect(asked()).toBe(1);
		open();
		await expect(running).resolves.toBe('done');
		expect(steps).toBe(5);
	});

	it('crcOf waits for its gate between slices, and gives the same CRC', async () => {
		const bytes = new Uint8Array(9 * 1024 * 1024).map((_, index) => index * 7);
		const {gate, open, asked} = heldGate();
		let finished = false;
		const crc = crcOf(bytes, 0, gate).then(value => {
			finished = true;
			return value;
		});
		await turns(20);
		expect(finished).toBe(false);
		expect(asked()).toBe(1);
		open();
		expect(await crc).toBe(zlib.crc32(bytes));
	});
});
