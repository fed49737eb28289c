// The frame writer's output, played on a small terminal emulator: whatever
// frames follow each other, the screen ends up exactly as if each frame had
// been painted whole (every cell's character and style), and a line whose start
// did not change is rewritten only from where it changes.
import {EventEmitter} from 'node:events';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {displayWidth} from '../../source/terminal/text-width.js';
import {FrameWriter, lineTail} from '../../source/ui/frame-writer.js';

const columns = 40;
const screenRows = 6;

type Cell = {char: string; style: string};

/** A terminal that understands what Ink and the frame writer send: cursor moves, erasing, colours. */
class Screen {
	cells: Cell[][] = Array.from({length: screenRows}, () => this.blankLine());
	private row = 0;
	private column = 0;
	private style: Record<string, string> = {};

	private blankLine(): Cell[] {
		return Array.from({length: columns}, () => ({char: ' ', style: ''}));
	}

	private styleKey(): string {
		return Object.entries(this.style).sort().map(([key, value]) => `${key}=${value}`).join(',');
	}

	private sgr(parameters: string): void {
		const codes = parameters === '' ? [0] : parameters.split(';').map(Number);
		for (const code of codes) {
			if (code === 0) {
				this.style = {};
			} else if (code === 1 || code === 2) {
				this.style.weight = String(code);
			} else if (code === 22) {
				delete this.style.weight;
			} else if (code === 7) {
				this.style.inverse = '1';
			} else if (code === 27) {
				delete this.style.inverse;
			} else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) {
				this.style.fg = String(code);
			} else if (code === 39) {
				delete this.style.fg;
			} else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) {
				this.style.bg = String(code);
			} else if (code === 49) {
				delete this.style.bg;
			}
		}
	}

	write(data: string): void {
		let index = 0;
		while (index < data.length) {
			if (data[index] === '\u001B') {
				const match = /^\u001B\[([\d;?]*)([A-Za-z])/.exec(data.slice(index));
				if (!match) {
					throw new Error(`unexpected escape at ${JSON.stringify(data.slice(index, index + 10))}`);
				}

				const [sequence, parameters = '', command] = match;
				index += sequence.length;
				if (command === 'H') {
					const [row = '1', column = '1'] = parameters.split(';');
					this.row = Number(row) - 1;
					this.column = Number(column) - 1;
				} else if (command === 'K') {
					const from = parameters === '2' ? 0 : this.column;
					for (let column = from; column < columns; column++) {
						this.cells[this.row]![column] = {char: ' ', style: ''};
					}
				} else if (command === 'J') {
					this.cells = Array.from({length: screenRows}, () => this.blankLine());
				} else if (command === 'm') {
					this.sgr(parameters);
				}

				continue;
			}

			// One grapheme cluster at a time, as a terminal lays them out.
			const [cluster] = new Intl.Segmenter().segment(data.slice(index, index + 16));
			const text = cluster!.segment;
			index += text.length;
			const width = displayWidth(text);
			if (this.column + width > columns) {
				throw new Error('a line ran past the screen');
			}

			this.cells[this.row]![this.column] = {char: text, style: this.styleKey()};
			for (let extra = 1; extra < width; extra++) {
				this.cells[this.row]![this.column + extra] = {char: '', style: this.styleKey()};
			}

			// Autowrap is off while the console runs: the cursor stays on the last
			// column, so an erase after a full-width line would take its last character.
			this.column = Math.min(this.column + width, columns - 1);
		}
	}

	text(): string[] {
		return this.cells.map(line => line.map(cell => `${cell.char}${cell.style ? `{${cell.style}}` : ''}`).join(''));
	}
}

class Target extends EventEmitter {
	readonly columns = columns;
	readonly rows = screenRows;
	readonly screen = new Screen();
	write(data: string): boolean {
		this.screen.write(data);
		return true;
	}
}

const styles = ['', '\u001B[90m', '\u001B[1m\u001B[36m', '\u001B[44m\u001B[37m', '\u001B[7m'];
const closers: Record<string, string> = {'': '', '\u001B[90m': '\u001B[39m', '\u001B[1m\u001B[36m': '\u001B[39m\u001B[22m', '\u001B[44m\u001B[37m': '\u001B[39m\u001B[49m', '\u001B[7m': '\u001B[27m'};
const pieces = ['a', 'b', ' ', '  ', '1/10,000', 'é', 'e\u0301', '界', '▲', '…', '›', '🙂', 'users', '0'];

/** A line as Ink writes one: styled segments, at most `columns` wide. */
const line = fc.array(fc.record({style: fc.constantFrom(...styles), parts: fc.array(fc.constantFrom(...pieces), {minLength: 1, maxLength: 4})}), {maxLength: 5}).map(segments => {
	let width = 0;
	let out = '';
	for (const segment of segments) {
		let text = '';
		for (const part of segment.parts) {
			if (width + displayWidth(part) > columns) {
				break;
			}

			text += part;
			width += displayWidth(part);
		}

		if (text) {
			out += `${segment.style}${text}${closers[segment.style]}`;
		}
	}

	return out;
});

/** A frame, or the previous frame with some lines changed at their end (as a counter or a selection changes). */
const frames = fc.array(fc.array(line, {minLength: 1, maxLength: screenRows}), {minLength: 1, maxLength: 6});

function painted(frame: string[]): string[] {
	const target = new Target();
	// Each line on a blank screen: no erase that could take a character back.
	target.screen.write(frame.map((text, row) => `\u001B[${row + 1};1H\u001B[0m${text}\u001B[0m`).join(''));
	return target.screen.text();
}

describe('FrameWriter', () => {
	it('leaves the screen as if every frame were painted whole', () => {
		fc.assert(fc.property(frames, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...pieces)), {maxLength: 8}), (sequence, edits) => {
			const target = new Target();
			const writer = new FrameWriter(target as unknown as NodeJS.WriteStream);
			// Besides the random frames, small edits at the end of lines of the last one.
			const last = [...sequence.at(-1)!];
			for (const [at, piece] of edits) {
				const row = at % last.length;
				if (displayWidth(last[row]!.replace(/\u001B\[[\d;]*m/g, '')) + displayWidth(piece) <= columns) {
					last[row] = `${last[row]!}${piece}`;
				}
			}

			for (const frame of [...sequence, last, sequence[0]!]) {
				writer.write(`${frame.join('\n')}\n`);
				expect(target.screen.text()).toEqual(painted(frame));
			}
		}), {numRuns: 300});
	});

	it('rewrites a long line only from where it changed', () => {
		const before = `\u001B[90mSorted by Name ▲\u001B[39m${' '.repeat(60)}\u001B[90m10,000 users  1/10,000 \u001B[39m`;
		const after = before.replace('1/10,000', '2/10,000');
		const tail = lineTail(2, before, after)!;
		expect(tail.length).toBeLessThan(50);
		expect(tail).toContain('2/10,000');
		expect(tail.startsWith('\u001B[3;')).toBe(true);
		// Lines that differ from their first character are left to a whole rewrite.
		expect(lineTail(0, 'abc', 'xbc')).toBeUndefined();
		// Columns count display cells: a wide character takes two.
		expect(lineTail(0, 'ab界c', 'ab界d')).toBe('\u001B[1;5H\u001B[0m\u001B[Kd\u001B[0m');
		// An accent is never written apart from its letter: the cut goes before the letter.
		expect(lineTail(0, 'xye!', 'xye\u0301!')).toBe('\u001B[1;3H\u001B[0m\u001B[Ke\u0301!\u001B[0m');
		// Nor is a style lost: the colours in force at the cut are set again.
		expect(lineTail(0, '\u001B[44mab\u001B[49m', '\u001B[44mac\u001B[49m')).toBe('\u001B[1;2H\u001B[0m\u001B[K\u001B[44mc\u001B[49m\u001B[0m');
	});
});

describe('FrameWriter after a resize or a clear', () => {
	const frameOf = (lines: string[]) => `${lines.join('\n')}\n`;
	const erase = (count: number) => `${'\u001B[2K\u001B[1A'.repeat(count - 1)}\u001B[2K\u001B[G`;
	// What Ink writes after a frame as tall as the (now shorter) terminal: ansi-escapes' clearTerminal and the frame.
	const clearTerminal = '\u001B[2J\u001B[3J\u001B[H';

	it('paints the whole frame when Ink clears the terminal before it, every time it does', () => {
		fc.assert(fc.property(frames, sequence => {
			const target = new Target();
			const writer = new FrameWriter(target as unknown as NodeJS.WriteStream);
			writer.write(frameOf(sequence[0]!));
			for (const frame of sequence) {
				// Ink clears and writes each frame while its last one was as tall as the terminal.
				writer.write(clearTerminal + frameOf(frame));
				expect(target.screen.text()).toEqual(painted(frame));
			}
		}), {numRuns: 200});
	});

	it('paints the last frame whole when the terminal is resized and no new frame comes', () => {
		const target = new Target();
		const writer = new FrameWriter(target as unknown as NodeJS.WriteStream);
		const frame = ['\u001B[1m userdeck\u001B[22m', ' Users', 'Sorted by Name ▲', '› Ada'];
		writer.write(frameOf(frame));
		// The terminal lost what it showed (tmux clears on a shrink; others reflow).
		target.screen.write('\u001B[2J');
		target.emit('resize');
		expect(target.screen.text()).toEqual(painted(frame));
		// The next frame (the re-render at the new size) is diffed against what is on screen now.
		const next = [...frame.slice(0, 3), '› Ada Lovelace'];
		writer.write(erase(5) + frameOf(next));
		expect(target.screen.text()).toEqual(painted(next));
	});

	it('paints the first frame after a resize whole, even when only its ends changed', () => {
		const target = new Target();
		const writer = new FrameWriter(target as unknown as NodeJS.WriteStream);
		const frame = ['header 1/10', 'row one', 'row two'];
		writer.write(frameOf(frame));
		let written = '';
		writer.once('resize', () => {
			// The terminal was cleared; the screens draw for the new size in the same turn.
			target.screen.write('\u001B[2J');
			const next = ['header 1/10 ', 'row one', 'row two'];
			writer.write(erase(4) + frameOf(next));
			written = target.screen.text().join('\n');
		});
		target.emit('resize');
		expect(written).toEqual(painted(['header 1/10 ', 'row one', 'row two']).join('\n'));
	});

	it('never writes below the last row of the terminal', () => {
		const target = new Target();
		const writer = new FrameWriter(target as unknown as NodeJS.WriteStream);
		const tall = Array.from({length: screenRows + 3}, (_, index) => `line ${index}`);
		writer.write(frameOf(tall));
		expect(target.screen.text()).toEqual(painted(tall.slice(0, screenRows)));
		writer.write(erase(tall.length + 1) + frameOf(tall.slice(0, 2)));
		expect(target.screen.text()).toEqual(painted(tall.slice(0, 2)));
	});

	it('redraws the whole screen on request (Ctrl-L), whatever the terminal shows', () => {
		const target = new Target();
		const writer = new FrameWriter(target as unknown as NodeJS.WriteStream);
		const frame = ['one', '\u001B[7mtwo\u001B[27m', 'three'];
		writer.write(frameOf(frame));
		// Another program wrote over the screen (a `wall` message, a background job).
		target.screen.write('\u001B[2;1Hgarbage\u001B[5;1Hmore');
		writer.redraw();
		expect(target.screen.text()).toEqual(painted(frame));
	});
});
