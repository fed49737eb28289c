// A store is held in memory, and its users, passwords and devices take about
// 1.75 bytes of V8 heap per byte of their lines (a million demo users: 1.2 GB
// of such lines, 2.1 GB of heap). Log events stay in the file until read
// (store/sealed-log.ts) and take about 270 bytes of heap each, whatever their
// size (1.5 million of them: 1.3 GB on disk, 0.4 GB of heap). Node's default
// heap limit depends on the machine (4.1 GB on the 24 GB one the benchmark
// runs on): a store past it would not load at all, and one near it runs with
// the garbage collector working all the time (pauses of up to 1.6 s between
// keys, measured at a million users when logs were parsed). So before opening
// a big store, userdeck runs itself again with a heap sized for it, if the
// machine has the memory; the first process only waits and passes on the exit
// code. Small stores, the usual case, never pay for this.
import {spawn} from 'node:child_process';
import {closeSync, fstatSync, readSync} from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import {openRegularSync} from '../store/io.js';
import {storePaths} from '../store/store-paths.js';
import {optionFromArguments} from './option-from-arguments.js';

/** Heap to ask for, per byte of rows held parsed: the rows and room for the collector and the views (1.4 × what they take). */
const heapPerStoreByte = 2.5;
/** Heap to ask for per log event left in the file (1.5 × what one takes). */
const heapPerLogRow = 400;
/** What the heap limit holds besides old objects (V8's young generation, 48 MB) and the program itself. */
const runtimeBytes = 64 * 2 ** 20;
/** Never more than this share of the machine's memory. */
const memoryShare = 0.75;
/** Set in the relaunched process, so it never relaunches again. */
export const relaunchedVariable = 'USERDECK_HEAP_RELAUNCHED';

export type HeapInputs = {
	readonly storeBytes: number;
	/** How many of the store's rows are log events, and about how many bytes they take (see logRowsOf). */
	readonly logRows?: number;
	readonly logBytes?: number;
	readonly heapLimitBytes: number;
	readonly totalMemoryBytes: number;
};

/** The heap limit (MB) to run with for this store, or undefined when the current one will do. */
export function heapPlanMb({storeBytes, logRows = 0, logBytes = 0, heapLimitBytes, totalMemoryBytes}: HeapInputs): number | undefined {
	const parsedBytes = Math.max(0, storeBytes - logBytes);
	const wanted = (parsedBytes * heapPerStoreByte) + (logRows * heapPerLogRow) + runtimeBytes;
	if (wanted <= heapLimitBytes) {
		return undefined;
	}

	const limit = Math.min(wanted, totalMemoryBytes * memoryShare);
	// The machine has no more to give.
	if (limit <= heapLimitBytes) {
		return undefined;
	}

	return Math.floor(limit / 2 ** 20);
}

const headerBytes = 64 * 1024;
const tailBytes = 1024 * 1024;

/**
 * How many log events the snapshot's header counts, and about how many bytes
 * they take: their count times the average length of the log lines in the
 * file's last megabyte (logs are the last table). Zero for anything it cannot
 * read: all bytes then count as parsed rows, which asks for more heap, never less.
 */
export function logRowsOf(file: string): {logRows: number; logBytes: number} {
	const none = {logRows: 0, logBytes: 0};
	let fd: number;
	try {
		// Not a plain open: a FIFO at the store path would wait forever for a
		// writer, before the store's own check could refuse it.
		fd = openRegularSync(file);
	} catch {
		return none;
	}

	try {
		const size = fstatSync(fd).size;
		const head = Buffer.alloc(Math.min(size, headerBytes));
		readSync(fd, head, 0, head.length, 0);
		const newline = head.indexOf(10);
		const header = JSON.parse(head.toString('utf8', 0, newline === -1 ? head.length : newline)) as {counts?: {logs?: unknown}};
		const logRows = header.counts?.logs;
		if (typeof logRows !== 'number' || !Number.isSafeInteger(logRows) || logRows <= 0) {
			return none;
		}

		const tail = Buffer.alloc(Math.min(size, tailBytes));
		readSync(fd, tail, 0, tail.length, size - tail.length);
		// The first line may be cut: only whole lines after the first newline count.
		const lines = tail.toString('latin1', tail.indexOf(10) + 1).split('\n');
		let count = 0;
		let bytes = 0;
		for (const line of lines) {
			if (line.startsWith('["logs",')) {
				count++;
				bytes += line.length + 1;
			}
		}

		return count === 0 ? none : {logRows, logBytes: Math.min(size, Math.round(logRows * (bytes / count)))};
	} catch {
		return none;
	} finally {
		closeSync(fd);
	}
}

function sizeOf(file: string): number {
	try {
		const fd = openRegularSync(file);
		try {
			return fstatSync(fd).size;
		} finally {
			closeSync(fd);
		}
	} catch {
		return 0;
	}
}

/**
 * When the store at `storePath` needs a bigger heap than this process has,
 * runs the same command again with one (same arguments, same terminal) and
 * resolves with its exit code; otherwise resolves with undefined and the
 * caller goes on.
 */
export async function relaunchForStore(storePath: string): Promise<number | undefined> {
	if (process.env[relaunchedVariable]) {
		return undefined;
	}

	const files = storePaths(storePath);
	const mb = heapPlanMb({
		storeBytes: sizeOf(files.file) + sizeOf(files.journal),
		...logRowsOf(files.file),
		heapLimitBytes: v8.getHeapStatistics().heap_size_limit,
		totalMemoryBytes: os.totalmem(),
	});
	if (mb === undefined) {
		return undefined;
	}

	const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${mb}`, ...process.argv.slice(1)], {
		stdio: 'inherit',
		env: {...process.env, [relaunchedVariable]: '1'},
	});
	// Ctrl-C and a closed terminal reach both processes (one process group):
	// this one waits for the other to end. A signal sent to this one alone is passed on.
	const passOn = (signal: NodeJS.Signals) => {
		child.kill(signal);
	};

	const ignore = () => undefined;
	process.on('SIGINT', ignore);
	process.on('SIGHUP', ignore);
	process.on('SIGTERM', passOn);
	try {
		return await new Promise<number>((resolve, reject) => {
			child.once('error', reject);
			child.once('exit', (code, signal) => {
				resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0));
			});
		});
	} finally {
		process.off('SIGINT', ignore);
		process.off('SIGHUP', ignore);
		process.off('SIGTERM', passOn);
	}
}

/**
 * The store named by `--store PATH` or `--store=PATH` anywhere in the
 * arguments (the last one wins, as in commander), as given; undefined when
 * there is none (the default store then applies). Arguments after `--` are
 * not options.
 */
export function storeFromArguments(args: readonly string[]): string | undefined {
	return optionFromArguments(args, 'store');
}
