// Turns Ink's (input, key) pair into one canonical name the keymap understands.
import type {Key} from 'ink';

export type KeyPress = {
	/** Canonical name: 'up', 'enter', 'shift-tab', 'ctrl-s', 'space', or the character typed. */
	readonly name: string;
	/** The raw text Ink delivered: one character, or a whole pasted chunk. */
	readonly input: string;
	/** True when several characters arrived in one chunk (a paste or a burst). */
	readonly isPaste: boolean;
};

export function keyPress(input: string, key: Key): KeyPress {
	const isPaste = [...input].length > 1;
	// A chunk of several characters is text, never a named key: a fast burst
	// spelling "end" or "tab" must not act as End or Tab.
	return {name: isPaste && !isSequenceKey(key) ? 'paste' : keyName(input, key), input, isPaste};
}

/**
 * The presses in one key event. A terminal sends Alt+x as ESC x, which is
 * also what Esc followed at once by x looks like (a fast typist, or a
 * multiplexer or SSH joining two reads): Ink reports it as x with `meta`. No
 * binding uses Alt, so it is read as Esc, then x, and the x reaches the screen
 * the Esc went back to instead of acting on the one it left.
 */
export function keyPresses(input: string, key: Key): KeyPress[] {
	const afterEscape = key.meta && !key.escape && ([...input].length === 1 || key.return || key.tab || key.backspace || key.delete);
	if (!afterEscape) {
		return [keyPress(input, key)];
	}

	return [{name: 'escape', input: '\u001B', isPaste: false}, keyPress(input, {...key, meta: false})];
}

/** Keys Ink decoded from an escape sequence (arrows, Home, PgUp, Shift-Tab): never a paste. */
function isSequenceKey(key: Key): boolean {
	return key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.home || key.end || (key.tab && key.shift);
}

export function keyName(input: string, key: Key): string {
	if (key.upArrow) {
		return 'up';
	}

	if (key.downArrow) {
		return 'down';
	}

	if (key.leftArrow) {
		return 'left';
	}

	if (key.rightArrow) {
		return 'right';
	}

	if (key.pageUp) {
		return 'pageup';
	}

	if (key.pageDown) {
		return 'pagedown';
	}

	if (key.home) {
		return 'home';
	}

	if (key.end) {
		return 'end';
	}

	// A terminal in cooked mode before raw mode was set sends Enter as \n.
	if (key.return || input === '\n' || input === '\r') {
		return 'enter';
	}

	if (key.tab) {
		return key.shift ? 'shift-tab' : 'tab';
	}

	// Ink 6 reports the Backspace key as `delete` (STYLE.md §13); both delete left.
	if (key.backspace || key.delete) {
		return 'backspace';
	}

	if (key.escape) {
		return 'escape';
	}

	if (key.ctrl && input.length === 1) {
		return `ctrl-${input.toLowerCase()}`;
	}

	if (input === ' ') {
		return 'space';
	}

	return input;
}

/**
 * Splits a burst of typed characters (keys that arrived in one chunk under key
 * repeat, a fast typist or a multiplexer) into single presses, for owners where
 * each character is a command (lists, menus, viewers): "jjj\r" is three moves
 * and an Enter. Other control characters in a burst are dropped. Text fields and
 * confirmations never use this: there a paste is one event that submits and
 * confirms nothing.
 */
export function splitBurst(key: KeyPress): KeyPress[] {
	if (!key.isPaste) {
		return [key];
	}

	// Typing never gets this far ahead of the console: a longer chunk is a paste,
	// and a paste is not a string of commands (half a megabyte pasted on the User
	// page was half a million tab switches and map pans, a minute's frozen console).
	if (key.input.length > maxBurstKeys) {
		return [];
	}

	const presses: KeyPress[] = [];
	for (const char of key.input) {
		const name = burstKeys[char] ?? (char >= ' ' && char !== '\u007F' && !/[\u0080-\u009F]/.test(char) ? char : undefined);
		if (name) {
			presses.push({name: name === ' ' ? 'space' : name, input: char, isPaste: false});
		}
	}

	return presses;
}

/** The longest chunk read as typed keys; longer ones are pastes. */
export const maxBurstKeys = 256;

const burstKeys: Record<string, string> = {'\r': 'enter', '\n': 'enter', '\t': 'tab', '\u007F': 'backspace', '\b': 'backspace'};
