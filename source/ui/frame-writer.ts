// A stdout for Ink that repaints only the lines that changed.
//
// Ink 6.8's own `incrementalRendering` is off by one line when a frame ends with a
// newline (it does whenever the frame is shorter than the terminal, which it must
// be: a full-height frame makes Ink clear the whole screen on every render). The
// frame then drifts one line down and leaves a stale line behind. So Ink runs in
// its standard mode (erase the previous frame, write the new one) into this
// stream, which takes each frame apart and, since the console owns the alternate
// screen and the frame starts at its top-left corner, rewrites only the changed
// lines with absolute cursor positioning. A selection move costs two lines.
import {EventEmitter} from 'node:events';

// ansi-escapes' eraseLines(n): n × "erase line" with "cursor up" between, then "cursor to column 1".
const erasePrefix = /^(?:\u001B\[2K(?:\u001B\[1A)?)+\u001B\[G/;
// Writes made only of CSI sequences (cursor show/hide) or OSC strings (OSC 52).
const controlOnly = /^(?:\u001B\[[\d;?]*[A-Za-z]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\))*$/;

export class FrameWriter extends EventEmitter {
	readonly isTTY = true;
	private previous: string[] = [];
	private readonly target: NodeJS.WriteStream;
	private readonly onResize = () => {
		// Terminals reflow or clear on resize: paint everything again.
		this.invalidate();
		this.emit('resize');
	};

	constructor(target: NodeJS.WriteStream) {
		super();
		this.target = target;
		target.on('resize', this.onResize);
	}

	get columns(): number {
		return this.target.columns;
	}

	get rows(): number {
		return this.target.rows;
	}

	/** Forget what is on screen (after an external editor or a resize): the next frame is painted whole. */
	invalidate(): void {
		this.previous = [];
		this.target.write('\u001B[H\u001B[2J');
	}

	detach(): void {
		this.target.off('resize', this.onResize);
	}

	write(chunk: string | Uint8Array, encoding?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void): boolean {
		const done = typeof encoding === 'function' ? encoding : callback;
		const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
		const match = erasePrefix.exec(text);
		// Ink's first frame comes without the erase prefix (it erases 0 lines).
		if (!match && controlOnly.test(text)) {
			// Cursor visibility, OSC 52 and other sequences: pass through.
			return this.target.write(text, done);
		}

		const frame = match ? text.slice(match[0].length) : text;
		return this.target.write(this.diff(frame), done);
	}

	/** The bytes that turn the previous frame into this one. */
	diff(frame: string): string {
		const lines = frame.endsWith('\n') ? frame.slice(0, -1).split('\n') : frame.split('\n');
		if (frame === '') {
			lines.length = 0;
		}

		let out = '';
		for (let index = 0; index < lines.length; index++) {
			if (lines[index] !== this.previous[index]) {
				// Reset attributes first: a style left open by the previous content must not bleed.
				out += `\u001B[${index + 1};1H\u001B[0m${lines[index]}\u001B[0m\u001B[K`;
			}
		}

		for (let index = lines.length; index < this.previous.length; index++) {
			out += `\u001B[${index + 1};1H\u001B[2K`;
		}

		this.previous = lines;
		return out;
	}

	end(): void {
		this.detach();
	}
}
