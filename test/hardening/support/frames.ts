// Scans what the console wrote for anything a terminal would act on. The
// console's own styling (SGR, `ESC[…m`) is removed first; whatever else remains
// of ESC, C0 (but \n), DEL or C1 came from data and is a leak.
import {findUnsafeCharacters} from '../../terminal/unsafe-characters.js';

const styling = /\u001B\[[\d;]*m/g;

export type FrameScan = {
	frames: number;
	characters: number;
	/** Raw ESC bytes. */
	esc: number;
	/** C0 controls other than ESC and \n, and DEL. */
	c0: number;
	/** U+0080–U+009F. */
	c1: number;
	/** OSC openers: ESC ] or U+009D. */
	osc: number;
	/** Anything findUnsafeCharacters objects to: the above plus BiDi, invisible format characters, lone surrogates. */
	unsafe: number;
	/** The first offending excerpts, escaped, for the failure message. */
	samples: string[];
};

export function emptyScan(): FrameScan {
	return {frames: 0, characters: 0, esc: 0, c0: 0, c1: 0, osc: 0, unsafe: 0, samples: []};
}

function visible(text: string): string {
	return JSON.stringify(text);
}

/** Adds `frames` to `scan` (in place) and returns it. */
export function scanFrames(frames: readonly string[], scan: FrameScan = emptyScan()): FrameScan {
	for (const raw of frames) {
		const frame = raw.replaceAll(styling, '');
		scan.frames++;
		scan.characters += frame.length;
		for (let index = 0; index < frame.length; index++) {
			const code = frame.charCodeAt(index);
			const bad = code === 0x1B || (code < 0x20 && code !== 0x0A) || code === 0x7F || (code >= 0x80 && code <= 0x9F);
			if (!bad) {
				continue;
			}

			if (code === 0x1B) {
				scan.esc++;
				if (frame[index + 1] === ']') {
					scan.osc++;
				}
			} else if (code >= 0x80) {
				scan.c1++;
				if (code === 0x9D) {
					scan.osc++;
				}
			} else {
				scan.c0++;
			}

			if (scan.samples.length < 5) {
				scan.samples.push(visible(frame.slice(Math.max(0, index - 30), index + 30)));
			}
		}

		const unsafe = findUnsafeCharacters(frame, {allowNewline: true});
		scan.unsafe += unsafe.length;
		if (unsafe.length > 0 && scan.samples.length < 5) {
			const at = Number(/at (\d+)/.exec(unsafe[0]!)?.[1] ?? 0);
			const characters = [...frame];
			scan.samples.push(`${unsafe[0]}: ${visible(characters.slice(Math.max(0, at - 30), at + 30).join(''))}`);
		}
	}

	return scan;
}

/** Scans the frames a console wrote since the last call (ink-testing-library keeps them all in one array). */
export function frameScanner(frames: readonly string[]): {scan: FrameScan; next(): FrameScan} {
	const scan = emptyScan();
	let checked = 0;
	return {
		scan,
		next() {
			scanFrames(frames.slice(checked), scan);
			checked = frames.length;
			return scan;
		},
	};
}
