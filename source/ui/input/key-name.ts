// Turns Ink's (input, key) pair into one canonical name the keymap understands.
import type {Key} from 'ink';

export type KeyPress = {
	/** Canonical name: 'up', 'enter', 'shift-tab', 'ctrl-s', 'space', the character typed, or 'paste'. */
	readonly name: string;
	/** The raw text: one key's character or sequence, or the whole paste. */
	readonly input: string;
	/** True for a paste: text to insert, never a key or a command. */
	readonly isPaste: boolean;
	/**
	 * True when the key came in one read with other input (typed ahead, or
	 * joined by the terminal, a multiplexer or SSH under load). It is still a
	 * key, but no confirmation may take it (`isDeliberate`).
	 */
	readonly joined?: boolean;
};

/**
 * Whether a key was pressed on its own: no paste, and alone in its read, so
 * it came after whatever was typed before it. Only such a key confirms a
 * destructive action ("email\r" in one read types the email and confirms nothing).
 */
export function isDeliberate(key: KeyPress): boolean {
	return !key.isPaste && key.joined !== true;
}

/** A paste (bracketed by the terminal, or too long to be typing): text, never keys. */
export function pastePress(text: string): KeyPress {
	return {name: 'paste', input: text, isPaste: true};
}

export function keyPress(input: string, key: Key, joined = false): KeyPress {
	return {name: keyName(input, key), input, isPaste: false, joined};
}

/**
 * The presses in one key event of Ink's. Ink passes each escape sequence on
 * alone, and the text between them as one event: "ab\tc" when a terminal
 * under load, a multiplexer or SSH joins keystrokes into one read. That text
 * is the keys it was typed as (Tab moves to the next field, Enter submits),
 * each marked `joined`. A run longer than anyone types between two reads
 * (`maxBurstKeys`) is a paste from a terminal without bracketed paste.
 */
export function keyPresses(input: string, key: Key, joinedBefore = false): KeyPress[] {
	const characters = [...input];
	if (characters.length > 1 && !isSequenceKey(key) && !key.meta) {
		if (characters.length > maxBurstKeys) {
			return [pastePress(input)];
		}

		return characters.map(character => ({name: characterName(character), input: character, isPaste: false, joined: true}));
	}

	// Esc and a key typed at once come as two events (terminal-input.ts).
	return [keyPress(input, key, joinedBefore)];
}

/** The key name of one character typed, as keyName gives it for the same character alone. */
export function characterName(character: string): string {
	const named = characterNames[character];
	if (named) {
		return named;
	}

	const code = character.codePointAt(0)!;
	// Ctrl plus a letter: 1 is Ctrl-A, 26 Ctrl-Z.
	if (code >= 1 && code <= 26) {
		return `ctrl-${String.fromCharCode(code + 96)}`;
	}

	return character;
}

// NUL (Ctrl-Space, Ctrl-@) as Ink names it alone.
// FS (0x1C) is Ctrl-\ (k9s's "clear marks"); Ink gives it no name.
const characterNames: Record<string, string> = {'\r': 'enter', '\n': 'enter', '\t': 'tab', '\u007F': 'backspace', '\b': 'backspace', ' ': 'space', '\u0000': 'ctrl-`', '\u001C': 'ctrl-\\'};

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

	return input === '\u001C' ? 'ctrl-\\' : input;
}

/**
 * The presses a key event is as commands, for owners where each key is a
 * command (lists, menus, viewers): a key is itself; a paste is text and
 * commands nothing (pasted "jjj\r" neither moves nor opens).
 */
export function splitBurst(key: KeyPress): KeyPress[] {
	return key.isPaste ? [] : [key];
}

/** The longest run of text between two reads taken as typed keys; a longer one is a paste. */
export const maxBurstKeys = 256;
