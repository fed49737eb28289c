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

/**
 * Makes `events` (Ink's internal stdin event emitter) drop input events that
 * are unknown escape sequences. Returns the function that undoes it.
 */
export function guardInputEvents(events: EventEmitter): () => void {
	const original = events.emit;
	const guarded = function (this: EventEmitter, event: string | symbol, ...args: unknown[]): boolean {
		if (event === 'input' && typeof args[0] === 'string' && !isKnownInput(args[0])) {
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
