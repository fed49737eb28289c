// A frozen event loop cannot fail a test: no timer fires, and vitest's own
// timeout never triggers. The watchdog runs in a worker thread and, when the
// main thread has not beaten for `limitMs`, writes what it was doing to stderr
// and kills the process, so a freeze ends the run as a failure. It also
// reports the longest block it saw.
import {Worker} from 'node:worker_threads';

export type Watchdog = {
	/** What the test is doing now, for the message. */
	step(label: string): void;
	/** The longest the event loop went without a beat, in ms (beats every 20 ms). */
	longestBlockMs(): number;
	stop(): Promise<void>;
};

const labelBytes = 512;

const workerSource = `
const {workerData} = require('node:worker_threads');
const {writeSync} = require('node:fs');
const beat = new Float64Array(workerData.buffer, 0, 1);
const label = new Uint8Array(workerData.buffer, 8, ${labelBytes});
setInterval(() => {
	const silent = Date.now() - beat[0];
	if (silent > workerData.limitMs) {
		const end = label.indexOf(0);
		const doing = Buffer.from(label.slice(0, end === -1 ? label.length : end)).toString('utf8');
		writeSync(2, '\\nwatchdog: the event loop has been blocked for ' + silent + ' ms (limit ' + workerData.limitMs + ' ms) while: ' + doing + '\\n');
		process.kill(process.pid, 'SIGKILL');
	}
}, 250);
`;

export function startWatchdog(limitMs: number): Watchdog {
	const buffer = new SharedArrayBuffer(8 + labelBytes);
	const beat = new Float64Array(buffer, 0, 1);
	const label = new Uint8Array(buffer, 8, labelBytes);
	beat[0] = Date.now();
	let last = performance.now();
	let longest = 0;
	const timer = setInterval(() => {
		const now = performance.now();
		longest = Math.max(longest, now - last);
		last = now;
		beat[0] = Date.now();
	}, 20);
	timer.unref();
	const worker = new Worker(workerSource, {eval: true, workerData: {buffer, limitMs}});
	worker.unref();
	return {
		step(text) {
			const bytes = Buffer.from(text.slice(0, labelBytes / 4), 'utf8');
			label.fill(0);
			label.set(bytes.subarray(0, labelBytes));
		},
		longestBlockMs: () => Math.round(longest),
		async stop() {
			clearInterval(timer);
			await worker.terminate();
		},
	};
}
