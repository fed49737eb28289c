// Where a long command's output goes: a stream written a piece at a time,
// waiting for 'drain' when it is full (a pipe to a slow reader holds the
// command, not the command's memory), and stopping quietly when the reader has
// gone (`userdeck users list | head`: EPIPE), as cat, grep or ls do: the
// command ends with exit 0 and says nothing (main.ts).
import type {Writable} from 'node:stream';
import type {Sink} from '../services/export-users.js';

/** The output ended: its reader went away (EPIPE, not a failure of the command), or a failure already reported. */
export class OutputClosed extends Error {
	constructor() {
		super('The output was closed by its reader');
		this.name = 'OutputClosed';
	}
}

type Watch = {
	closed: boolean;
	failure: Error | undefined;
	/** Says a failure once, as it happens (an error may come after the command's last write). */
	report: ((error: Error) => void) | undefined;
};

const watched = new WeakMap<Writable, Watch>();

/**
 * Keeps an error of `out` from crashing the process with a stack trace: an
 * EPIPE (the reader went away; it may come after the last write) closes the
 * output quietly; any other error (a full disk) is given to `report`, when
 * there is one, or else thrown by the next write through a sink. Listens
 * once per stream, however many commands run; a `report` given (main.ts, as
 * each command starts) starts the stream's state afresh.
 */
export function watchOutput(out: Writable, report?: (error: Error) => void): void {
	let watch = watched.get(out);
	if (!watch) {
		const state: Watch = {closed: false, failure: undefined, report: undefined};
		out.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EPIPE') {
				state.closed = true;
			} else if (!state.failure) {
				state.failure = error;
				state.report?.(error);
			}
		});
		watched.set(out, state);
		watch = state;
	}

	if (report) {
		watch.closed = false;
		watch.failure = undefined;
		watch.report = report;
	}
}

function check(out: Writable): void {
	const watch = watched.get(out)!;
	if (watch.failure) {
		// Already said by `report`: the command only has to stop.
		if (watch.report) {
			throw new OutputClosed();
		}

		throw watch.failure;
	}

	if (watch.closed || out.destroyed) {
		throw new OutputClosed();
	}
}

/** A sink over `out` that waits for 'drain' when `write` says the stream is full, and throws OutputClosed once its reader has gone. */
export function writableSink(out: Writable): Sink {
	watchOutput(out);
	return text => {
		check(out);
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
			check(out);
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
