// Ink 6.8's useInput throws (reading `startsWith` of undefined) on an escape
// sequence it has no name for whose modifier says Ctrl: Ctrl-F4 in xterm
// (ESC[1;5S), Ctrl-Menu (ESC[29;5~), or a pasted colour code (ESC[5m). The
// throw happens inside Ink's stdin listener, before any handler of ours runs,
// and takes the console down. Such sequences are never keys the console uses,
// so they are dropped before Ink parses them.
import type {EventEmitter} from 'node:events';

// Escape, Alt plus one character, and the sequences of the keys in the keymap
// (arrows, Home, End, PgUp, PgDn, Insert, Delete, Shift-Tab), with or without
// modifiers and an extra ESC (Alt). Ink names every one of them.
const knownSequence = /^\u001B(?:\u001B?|.|\u001B?\[(?:1;\d{1,3})?[A-DFHZ]|\u001B?\[[1-8](?:;\d{1,3})?~|\u001B?O[A-DFH])$/su;

/** Whether Ink may be given `data` (one input event: a run of text, or one escape sequence). */
export function isKnownInput(data: string): boolean {
	return !data.startsWith('\u001B') || knownSequence.test(data);
}

const oscStart = '\u001B]';
const stringTerminator = '\u001B\\';
const bell = '\u0007';

/**
 * Makes `events` (Ink's internal stdin event emitter) drop input events that
 * are unknown escape sequences, and a terminal's answer to a query (OSC 11,
 * the background colour, asked at start-up) that arrives after the console is
 * up. Ink splits such an answer into ESC ], the text "11;rgb:…" and ESC \, and
 * the text would otherwise be read as typed keys ("/" filters, "g" jumps).
 * Returns the function that undoes it.
 */
export function guardInputEvents(events: EventEmitter): () => void {
	const original = events.emit;
	// 'held': ESC ] came and waits for what follows in the same read (Ink emits
	// a read's events at once); 'answer': inside an answer, until BEL or ESC \.
	let osc: 'none' | 'held' | 'answer' = 'none';
	const emitInput = (target: EventEmitter, data: string) => original.call(target, 'input', data);
	const guarded = function (this: EventEmitter, event: string | symbol, ...args: unknown[]): boolean {
		const data = args[0];
		if (event !== 'input' || typeof data !== 'string') {
			return original.call(this, event, ...args);
		}

		if (osc === 'held') {
			osc = 'none';
			if (/^\d+;/.test(data)) {
				osc = 'answer';
			} else {
				// ESC then ] typed quickly: both are keys after all.
				emitInput(this, oscStart);
			}
		}

		if (osc === 'answer') {
			if (data === stringTerminator) {
				osc = 'none';
				return false;
			}

			if (!data.startsWith('\u001B')) {
				const end = data.indexOf(bell);
				if (end === -1) {
					return false;
				}

				osc = 'none';
				const rest = data.slice(end + 1);
				return rest === '' ? false : guarded.call(this, event, rest);
			}

			osc = 'none';
		}

		if (data === oscStart) {
			osc = 'held';
			queueMicrotask(() => {
				if (osc === 'held') {
					osc = 'none';
					emitInput(events, oscStart);
				}
			});
			return false;
		}

		if (!isKnownInput(data)) {
			return false;
		}

		return original.call(this, event, ...args);
	};
	events.emit = guarded as EventEmitter['emit'];
	return () => {
		if (events.emit === guarded) {
			events.emit = original;
		}
	};
}
