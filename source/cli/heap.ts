// A store is held in memory whole, and takes about 1.35 bytes of V8 heap per
// byte of its file (a million demo users: 2.5 GB on disk, 3.4 GB of heap).
// Node's default heap limit depends on the machine (4.3 GB on the 24 GB one
// the benchmark runs on): a store past about 2.5 GB would not load at all, and
// one near the limit runs with the garbage collector working all the time
// (pauses of up to 1.6 s between keys at a million users). So before opening
// a big store, userdeck runs itself again with a heap sized for it, if the
// machine has the memory; the first process only waits and passes on the exit
// code. Small stores, the usual case, never pay for this.
import {spawn} from 'node:child_process';
import {statSync} from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import {storePaths} from '../store/store-paths.js';

/** Heap to ask for, per byte of the store's files: the store itself and room for the collector and the views. */
const heapPerStoreByte = 3;
/** What the heap limit holds besides old objects (V8's young generation, 48 MB) and the program itself. */
const runtimeBytes = 64 * 2 ** 20;
/** Never more than this share of the machine's memory. */
const memoryShare = 0.75;
/** Set in the relaunched process, so it never relaunches again. */
export const relaunchedVariable = 'USERDECK_HEAP_RELAUNCHED';

export type HeapInputs = {
	readonly storeBytes: number;
	readonly heapLimitBytes: number;
	readonly totalMemoryBytes: number;
};

/** The heap limit (MB) to run with for this store, or undefined when the current one will do. */
export function heapPlanMb({storeBytes, heapLimitBytes, totalMemoryBytes}: HeapInputs): number | undefined {
	const wanted = storeBytes * heapPerStoreByte + runtimeBytes;
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

function sizeOf(file: string): number {
	try {
		return statSync(file).size;
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
	let found: string | undefined;
	for (let index = 0; index < args.length; index++) {
		const arg = args[index]!;
		if (arg === '--') {
			break;
		}

		if (arg === '--store' && index + 1 < args.length) {
			found = args[++index];
		} else if (arg.startsWith('--store=')) {
			found = arg.slice('--store='.length);
		}
	}

	return found;
}
