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
// Upstream: no report matches this case exactly; the nearest is
// vadimdemedes/ink#1023 (the incremental diff's cursor arithmetic off by one
// row around the trailing newline). The full-height clear is Ink 6's
// `outputHeight >= rows` (vadimdemedes/ink#450; Ink 7 clears only on overflow,
// see ink#971). Remove this writer when Ink's own incrementalRendering keeps a
// rows-1 frame in place through selection moves and resizes in tmux (the
// real-terminal tests), and the rows-1 rule when the Ink in use clears only
// on overflow.
// A line whose start did not change is rewritten from where it changes (the
// list's position counter, "41/1,000,000", is the end of a long line).
//
// The diff is only right while the screen holds what this writer last wrote.
// A resize breaks that (the terminal crops, reflows or clears), and so does
// Ink itself: after a frame as tall as the new, shorter terminal it writes
// "clear the terminal" and the whole frame. Both make the next paint a whole
// one. Lines past the bottom are never written (the cursor would stay on the
// last row and overwrite it), and the console turns the terminal's autowrap
// off (terminal-modes.ts), so the frame Ink draws between a resize and the
// re-render at the new size, laid out for the old width, is cut at the edge
// instead of wrapping and scrolling the screen.
import {EventEmitter} from 'node:events';
import {displayWidth} from '../terminal/text-width.js';

// ansi-escapes' eraseLines(n): n × "erase line" with "cursor up" between, then "cursor to column 1".
const erasePrefix = /^(?:\u001B\[2K(?:\u001B\[1A)?)+\u001B\[G/;
// ansi-escapes' clearTerminal (ESC[2J ESC[3J ESC[H; on Windows ESC[2J ESC[0f), which Ink
// writes before a frame once the previous one was at least as tall as the terminal.
const clearPrefix = /^(?:\u001B\[[23]J|\u001B\[H|\u001B\[0f)+/;
// Writes made only of CSI sequences (cursor show/hide) or OSC strings (OSC 52).
const controlOnly = /^(?:\u001B\[[\d;?]*[A-Za-z]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\))*$/;
const clearScreen = '\u001B[H\u001B[2J';

export class FrameWriter extends EventEmitter {
	readonly isTTY = true;
	/** The frame's lines as last written: what the screen shows, cut to its size. */
	private previous: string[] = [];
	/** Whether the screen may no longer show `previous`: the next paint clears it and writes every line. */
	private stale = false;
	private readonly target: NodeJS.WriteStream;
	private readonly onResize = () => {
		this.stale = true;
		// Ink and the screens draw for the new size now; when that frame does
		// not come at once (Ink throttles its writes), the last one is painted
		// whole meanwhile, so the screen and what the diff assumes agree again.
		this.emit('resize');
		if (this.stale) {
			this.redraw();
		}
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

	/**
	 * Clears the screen and paints the last frame again, every line (Ctrl-L,
	 * coming back from an external editor, a resize).
	 */
	redraw(): void {
		this.stale = true;
		this.target.write(this.diff(this.previous.join('\n')));
	}

	detach(): void {
		this.target.off('resize', this.onResize);
	}

	write(chunk: string | Uint8Array, encoding?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void): boolean {
		const done = typeof encoding === 'function' ? encoding : callback;
		const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
		const erase = erasePrefix.exec(text);
		if (erase) {
			return this.target.write(this.diff(text.slice(erase[0].length)), done);
		}

		const clear = clearPrefix.exec(text);
		if (clear) {
			this.stale = true;
			return this.target.write(this.diff(text.slice(clear[0].length)), done);
		}

		// Ink's first frame comes without the erase prefix (it erases 0 lines).
		if (controlOnly.test(text)) {
			// Cursor visibility, OSC 52 and other sequences: pass through.
			return this.target.write(text, done);
		}

		return this.target.write(this.diff(text), done);
	}

	/** The bytes that turn the screen into this frame. */
	diff(frame: string): string {
		const lines = frame.endsWith('\n') ? frame.slice(0, -1).split('\n') : frame.split('\n');
		if (frame === '') {
			lines.length = 0;
		}

		const stale = this.stale;
		const before = stale ? [] : this.previous;
		this.stale = false;
		// A terminal that reports no size (a test's stream) is taken as tall enough.
		const rows = this.target.rows > 0 ? this.target.rows : Number.POSITIVE_INFINITY;
		let out = stale ? clearScreen : '';
		for (let index = 0; index < lines.length && index < rows; index++) {
			const line = lines[index]!;
			const old = before[index];
			if (stale ? line !== '' : line !== old) {
				// Reset attributes first: a style left open by the previous content must not bleed.
				// Erase the whole line, then write: a terminal then keeps no trailing blanks
				// of the old content as part of the line, so a copy of it (tmux capture-pane
				// -J, a selection) is exactly the text (the Sign in as User URL); and with
				// autowrap off the cursor stays on the last column after a full-width line,
				// where an erase after it would take that character.
				const whole = `\u001B[${index + 1};1H\u001B[2K\u001B[0m${line}\u001B[0m`;
				const tail = old === undefined ? undefined : lineTail(index, old, line);
				out += tail !== undefined && tail.length < whole.length ? tail : whole;
			}
		}

		for (let index = lines.length; index < before.length && index < rows; index++) {
			out += `\u001B[${index + 1};1H\u001B[2K`;
		}

		this.previous = lines;
		return out;
	}

	end(): void {
		this.detach();
	}
}

/**
 * The bytes that rewrite `line` from where it starts to differ from
 * `before`: the cursor goes to that column, the rest of the old line is
 * erased, the styles in force there are set again, and the rest is written. Undefined when the lines differ from the
 * start. The cut is made only before an escape sequence or a printable ASCII
 * character, so it never splits a sequence or a cluster (a wide character, an
 * accent after its letter).
 */
export function lineTail(row: number, before: string, line: string): string | undefined {
	let common = 0;
	const limit = Math.min(before.length, line.length);
	while (common < limit && before.charCodeAt(common) === line.charCodeAt(common)) {
		common++;
	}

	let cut = 0;
	let styles = '';
	let stylesAtCut = '';
	let index = 0;
	while (index <= common && index < line.length) {
		const code = line.charCodeAt(index);
		const safe = code === 0x1B || (code >= 0x20 && code < 0x7F);
		if (safe) {
			cut = index;
			stylesAtCut = styles;
		}

		if (code === 0x1B) {
			const sequence = escapeAt(line, index);
			if (!/^\u001B\[[\d;]*m$/.test(sequence)) {
				// A hyperlink or anything but colours: its state could not be set again here.
				break;
			}

			styles += sequence;
			index += sequence.length;
		} else {
			index++;
		}
	}

	if (index <= common && index === line.length) {
		// The new line is the old one cut short: clear after it.
		cut = line.length;
		stylesAtCut = styles;
	}

	if (cut === 0) {
		return undefined;
	}

	const column = displayWidth(line.slice(0, cut).replace(escapes, '')) + 1;
	return `\u001B[${row + 1};${column}H\u001B[0m\u001B[K${stylesAtCut}${line.slice(cut)}\u001B[0m`;
}

const escapes = /\u001B\[[\d;?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[@-Z\\-_]/g;

/** The escape sequence that starts at `index` (CSI, OSC, or a two-character one). */
function escapeAt(text: string, index: number): string {
	const match = /^(?:\u001B\[[\d;?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[@-Z\\-_])/.exec(text.slice(index, index + 256));
	return match ? match[0] : text[index]!;
}
