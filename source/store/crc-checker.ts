// CRC-32s of a columns file's sections (columns-file.ts), computed in a
// worker thread while the main thread builds the tables from them.
//
// At a million users the check is 300 MB of CRC-32, 135 ms of the main
// thread: a sixth of a load that the console waits for. Read into shared
// memory, the sections are checked by a worker at the same time as the load
// files them (two cores here), and nothing the load made is used until every
// check has passed. A section not in shared memory, or a worker that cannot
// start or stops, is checked on the main thread instead, in slices: the
// answer never depends on the worker.
import {Worker} from 'node:worker_threads';
import {setImmediate as nextTurn} from 'node:timers/promises';
import zlib from 'node:zlib';
import type {Gate} from './pacer.js';

/** CRC-32s per slice of the main thread's own check, between turns of the event loop. */
const sliceBytes = 4 * 1024 * 1024;

/** The CRC-32 of `bytes` (continuing `crc`), on this thread, a turn of the event loop between slices (and `gate`'s wait, if any). */
export async function crcOf(bytes: Uint8Array, crc = 0, gate?: Gate): Promise<number> {
	for (let start = 0; start < bytes.length; start += sliceBytes) {
		crc = zlib.crc32(bytes.subarray(start, start + sliceBytes), crc);
		if (start + sliceBytes < bytes.length) {
			// eslint-disable-next-line no-await-in-loop
			await nextTurn();
			// eslint-disable-next-line no-await-in-loop
			await gate?.();
		}
	}

	return crc;
}

// CommonJS, evaluated: the worker needs no file of its own beside the bundle.
const workerSource = `
const {parentPort} = require('node:worker_threads');
const zlib = require('node:zlib');
parentPort.on('message', ({id, bytes}) => {
	parentPort.postMessage({id, crc: zlib.crc32(bytes)});
});
`;

type Pending = {readonly bytes: Uint8Array; readonly resolve: (crc: number) => void};

export class CrcChecker {
	#worker: Worker | undefined;
	readonly #pending = new Map<number, Pending>();
	#next = 0;

	/** With `useWorker` false, every check runs on the main thread (small files: a worker costs a thread's start). */
	constructor(useWorker = true) {
		if (!useWorker) {
			return;
		}

		try {
			const worker = new Worker(workerSource, {eval: true});
			worker.unref();
			worker.on('message', ({id, crc}: {id: number; crc: number}) => {
				const pending = this.#pending.get(id);
				this.#pending.delete(id);
				pending?.resolve(crc);
			});
			const lost = () => {
				this.#lost();
			};

			worker.on('error', lost);
			worker.on('exit', lost);
			this.#worker = worker;
		} catch {
			// No worker (resources, a policy): the main thread checks.
			this.#worker = undefined;
		}
	}

	/** The CRC-32 of `bytes`: from the worker when they are shared memory, else computed here. */
	async crcOf(bytes: Uint8Array): Promise<number> {
		const worker = this.#worker;
		if (worker === undefined || !(bytes.buffer instanceof SharedArrayBuffer)) {
			return crcOf(bytes);
		}

		const id = this.#next++;
		return new Promise<number>(resolve => {
			this.#pending.set(id, {bytes, resolve});
			worker.postMessage({id, bytes});
		});
	}

	/** Stops the worker. Checks still pending never settle: call it once their answers are no longer wanted. */
	close(): void {
		const worker = this.#worker;
		this.#worker = undefined;
		this.#pending.clear();
		void worker?.terminate();
	}

	/** The worker is gone (stopped, failed): what it had not answered is checked here. */
	#lost(): void {
		this.#worker = undefined;
		const pending = [...this.#pending.values()];
		this.#pending.clear();
		for (const {bytes, resolve} of pending) {
			void crcOf(bytes).then(resolve);
		}
	}
}
