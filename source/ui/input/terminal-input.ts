// What the terminal sends, between stdin and Ink's key handlers.
//
// Ink's parser splits a read at escape sequences and passes each piece on as
// one input event: "abc", ESC[A, "\t". This layer, which sits on Ink's
// internal input event emitter, adds three things:
//
// - Bracketed paste (turned on in terminal/modes.ts): everything between
//   ESC[200~ and ESC[201~, escape sequences included, is collected into one
//   paste. It reaches the key handler as one event (the closing ESC[201~,
//   with the text waiting in `takePaste`), so a paste is never read as keys.
// - Which keys came in the same read: a terminal under load, a multiplexer or
//   SSH hands several keystrokes to one read. They are still keys (the key
//   handler splits the text into them), but a confirmation must not take an
//   Enter or a `y` that came together with other input (`joinedBefore`).
// - Ink 6.8's useInput throws (reading `startsWith` of undefined) on an escape
//   sequence it has no name for whose modifier says Ctrl: Ctrl-F4 in xterm
//   (ESC[1;5S), Ctrl-Menu (ESC[29;5~), or a colour code (ESC[5m). The throw
//   happens inside Ink's stdin listener, before any handler of ours runs, and
//   takes the console down. Such sequences are never keys the console uses,
//   so they are dropped before Ink parses them. Upstream: vadimdemedes/ink#901,
//   fixed by ink#902 (merged after 6.8.0). Remove the drop (`isKnownInput`)
//   when the Ink in the lock file has that fix (a useInput handler given
//   ESC[1;5S no longer throws).
// - A terminal's answer to a query (OSC 11, the background colour, asked at
//   start-up: terminal/background.ts) that arrives after the console is up.
//   Ink splits it into ESC ], the text "11;rgb:…" and ESC \ (or BEL), and the
//   text would otherwise be read as typed keys ("/" filters, "g" jumps).
//   Upstream: vadimdemedes/ink#1013 (replies Ink does not name reach useInput
//   as text). Keep this while Ink's parser does not hold an OSC string whole.
import type {EventEmitter} from 'node:events';

// Escape, Alt plus one character, and the sequences of the keys in the keymap
// (arrows, Home, End, PgUp, PgDn, Insert, Delete, Shift-Tab), with or without
// modifiers and an extra ESC (Alt). Ink names every one of them.
const knownSequence = /^\u001B(?:\u001B?|.|\u001B?\[(?:1;\d{1,3})?[A-DFHZ]|\u001B?\[[1-8](?:;\d{1,3})?~|\u001B?O[A-DFH])$/su;

const escapeAndKey = /^\u001B([^\u001B])$/su;

const oscStart = '\u001B]';
const stringTerminator = '\u001B\\';
const bell = '\u0007';

export const pasteStart = '\u001B[200~';
export const pasteEnd = '\u001B[201~';

/**
 * The most of one paste that is kept (the rest is dropped): text fields hold
 * 4,096 characters, the metadata editor a few pages; a paste of a whole file
 * must not be held in memory twice over.
 */
export const maxPasteLength = 1024 * 1024;

/**
 * A paste whose end marker does not come (a terminal that drops it, a
 * connection cut mid-paste) ends after this long without input, so the
 * keyboard is not lost to it for good.
 */
const pasteSilenceMs = 1000;

// A pasted escape sequence, whole: CSI (ESC [ … final), OSC and the other
// string sequences up to their terminator (BEL or ESC \\, or the end of the
// paste), or ESC and one character.
const pastedEscape = /\u001B(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[^[\]PX^_])?/gsu;

/**
 * A paste's text without the escape sequences in it (text copied from a
 * terminal can carry colour codes): whole sequences go, so no "[31m" is left
 * behind. Other control characters are left to the field, which drops them
 * (a single-line field) or keeps line breaks (the metadata editor).
 */
export function cleanPaste(text: string): string {
	return text.includes('\u001B') ? text.replaceAll(pastedEscape, '') : text;
}

/** Whether Ink may be given `data` (one input event: a run of text, or one escape sequence). */
export function isKnownInput(data: string): boolean {
	return !data.startsWith('\u001B') || knownSequence.test(data);
}

export class TerminalInput {
	private pasting = false;
	/**
	 * 'held': ESC ] came and waits for what follows in the same read (Ink
	 * emits a read's events at once); 'answer': inside a terminal's answer,
	 * until BEL or ESC \.
	 */
	private osc: 'none' | 'held' | 'answer' = 'none';
	private pasteParts: string[] = [];
	private pasteLength = 0;
	private pasteTimer: NodeJS.Timeout | undefined;
	private completedPaste: string | undefined;
	/** Input events (a key, a run of text, a paste) delivered since the current read began. */
	private keysInRead = 0;
	private deliver: ((data: string) => void) | undefined;

	/**
	 * Starts decoding what `stdin` delivers through `events` (Ink's internal
	 * input event emitter). Returns the function that stops it.
	 */
	attach(stdin: EventEmitter, events: EventEmitter): () => void {
		const original = events.emit;
		const onRead = () => {
			this.keysInRead = 0;
		};

		// Before Ink's own listener, which reads the data and emits its events.
		stdin.prependListener('readable', onRead);
		const deliver = (data: string) => {
			original.call(events, 'input', data);
		};

		this.deliver = deliver;
		const decoding = (event: string | symbol, ...args: unknown[]): boolean => {
			if (event === 'input' && typeof args[0] === 'string') {
				return this.input(args[0], deliver);
			}

			return original.call(events, event, ...args);
		};

		events.emit = decoding as EventEmitter['emit'];
		return () => {
			stdin.off('readable', onRead);
			clearTimeout(this.pasteTimer);
			this.deliver = undefined;
			if (events.emit === decoding) {
				events.emit = original;
			}
		};
	}

	/** Whether other keys or a paste came before the key being handled now, in the same read. */
	get joinedBefore(): boolean {
		return this.keysInRead > 0;
	}

	/**
	 * The paste the event being handled now completes (the event itself is the
	 * closing ESC[201~), or undefined when it is no paste. Taken once.
	 */
	takePaste(): string | undefined {
		const text = this.completedPaste;
		this.completedPaste = undefined;
		return text;
	}

	/** One input event from Ink's parser. Returns whether it reached the key handlers. */
	input(data: string, deliver: (data: string) => void): boolean {
		if (this.pasting) {
			if (data === pasteEnd) {
				this.finishPaste(deliver);
				return true;
			}

			if (this.pasteLength < maxPasteLength) {
				const part = data.slice(0, maxPasteLength - this.pasteLength);
				this.pasteParts.push(part);
				this.pasteLength += part.length;
			}

			this.armPasteTimer();
			return false;
		}

		if (data === pasteStart) {
			this.pasting = true;
			this.pasteParts = [];
			this.pasteLength = 0;
			this.armPasteTimer();
			return false;
		}

		if (this.osc === 'held') {
			this.osc = 'none';
			if (/^\d+;/.test(data)) {
				this.osc = 'answer';
			} else {
				// ESC then ] typed quickly: both are keys after all.
				this.deliverKey('\u001B', deliver);
				this.deliverKey(']', deliver);
			}
		}

		if (this.osc === 'answer') {
			if (data === stringTerminator) {
				this.osc = 'none';
				return false;
			}

			if (!data.startsWith('\u001B')) {
				const end = data.indexOf(bell);
				if (end === -1) {
					return false;
				}

				this.osc = 'none';
				const rest = data.slice(end + 1);
				return rest === '' ? false : this.input(rest, deliver);
			}

			this.osc = 'none';
		}

		if (data === oscStart) {
			this.osc = 'held';
			queueMicrotask(() => {
				if (this.osc === 'held') {
					this.osc = 'none';
					this.deliverKey('\u001B', deliver);
					this.deliverKey(']', deliver);
				}
			});
			return false;
		}

		if (!isKnownInput(data)) {
			return false;
		}

		// Esc and a key typed at once (a fast typist, or a multiplexer or SSH
		// joining two reads) is ESC x, which is also how a terminal sends Alt+x.
		// Ink names it x with Alt for letters and digits, and drops the ESC for
		// anything else (Esc then ":" was ":" in the prompt Esc was to close).
		// No binding uses Alt: it is Esc, then the key.
		const afterEscape = escapeAndKey.exec(data);
		if (afterEscape) {
			this.deliverKey('\u001B', deliver);
			this.deliverKey(afterEscape[1]!, deliver);
			return true;
		}

		this.deliverKey(data, deliver);
		return true;
	}

	private deliverKey(data: string, deliver: (data: string) => void): void {
		try {
			deliver(data);
		} finally {
			this.keysInRead++;
		}
	}

	private finishPaste(deliver: (data: string) => void): void {
		clearTimeout(this.pasteTimer);
		this.pasteTimer = undefined;
		this.pasting = false;
		const text = cleanPaste(this.pasteParts.join(''));
		this.pasteParts = [];
		this.pasteLength = 0;
		this.completedPaste = text;
		try {
			deliver(pasteEnd);
		} finally {
			// Not taken (no handler mounted): it must not be mistaken for the next event's.
			this.completedPaste = undefined;
			this.keysInRead++;
		}
	}

	private armPasteTimer(): void {
		clearTimeout(this.pasteTimer);
		this.pasteTimer = setTimeout(() => {
			if (this.pasting && this.deliver) {
				this.finishPaste(this.deliver);
			}
		}, pasteSilenceMs);
		this.pasteTimer.unref?.();
	}
}
