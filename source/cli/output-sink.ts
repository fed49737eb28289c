// Where a long command's output goes: a stream written a piece at a time,
// waiting for 'drain' when it is full (a pipe to a slow reader holds the
// command, not the command's memory), and stopping quietly when the reader has
// gone (`userdeck users list | head`: EPIPE), as cat, grep or ls do: the
// command ends with exit 0 and says nothing (main.ts).
import type {Writable} from 'node:stream';
import type {Sink} from '../services/export-users.js';

/** The reader of the output went away (EPIPE, or the stream was closed): not a failure of the command. */
export class OutputClosed extends Error {
	constructor() {
		super('The output was closed by its reader');
		this.name = 'OutputClosed';
	}
}

type Watch = {error: NodeJS.ErrnoException | undefined};

const watched = new WeakMap<Writable, Watch>();

/**
 * Keeps an error of `out` (an EPIPE may come after the last write) from
 * crashing the process with a stack trace; the next write through a sink
 * throws it instead. Once per stream, however many commands run.
 */
export function watchOutput(out: Writable): Watch {
	let watch = watched.get(out);
	if (!watch) {
		const state: Watch = {error: undefined};
		out.on('error', (error: NodeJS.ErrnoException) => {
			state.error ??= error;
		});
		watched.set(out, state);
		watch = state;
	}

	return watch;
}

function check(out: Writable, watch: Watch): void {
	if (watch.error && watch.error.code !== 'EPIPE') {
		throw watch.error;
	}

	if (watch.error || out.destroyed) {
		throw new OutputClosed();
	}
}

/** A sink over `out` that waits for 'drain' when `write` says the stream is full, and throws OutputClosed once its reader has gone. */
export function writableSink(out: Writable): Sink {
	const watch = watchOutput(out);
	return text => {
		check(out, watch);
		if (out.write(text)) {
			return undefined;
		}

		return new Promise<void>(resolve => {
			const done = () => {
				out.off('drain', done);
				out.off('close', done);
				out.off('error', done);
				resolve();
			};

			out.on('drain', done);
			out.on('close', done);
			out.on('error', done);
		}).then(() => {
			check(out, watch);
		});
	};
}

/** Pieces of text gathered into writes of about this many characters: a write per row would be a system call per row. */
const batchSize = 64 * 1024;

export type BatchedSink = {
	/** Adds text; a promise when the batch went out and the stream is full. */
	readonly write: Sink;
	/** Writes what is gathered. */
	flush(): Promise<void> | undefined;
};

/** Gathers small writes (a row, a profile) into fewer, larger ones through `sink`. */
export function batchedSink(sink: Sink, size = batchSize): BatchedSink {
	let pending: string[] = [];
	let length = 0;
	const flush = () => {
		if (length === 0) {
			return undefined;
		}

		const text = pending.join('');
		pending = [];
		length = 0;
		return sink(text);
	};

	return {
		write(text) {
			pending.push(text);
			length += text.length;
			return length >= size ? flush() : undefined;
		},
		flush,
	};
}
