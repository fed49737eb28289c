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
	return {name: keyName(input, key), input, isPaste: [...input].length > 1};
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

	if (key.return) {
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
 * repeat or a fast typist) into single presses, for owners where each character
 * is a command (lists, viewers). Control characters in a burst are dropped, so a
 * pasted "\r" is never an Enter. Confirmations never use this: a paste there is
 * one event that confirms nothing.
 */
export function splitBurst(key: KeyPress): KeyPress[] {
	if (!key.isPaste) {
		return [key];
	}

	const presses: KeyPress[] = [];
	for (const char of key.input) {
		if (char >= ' ' && char !== '\u007F') {
			presses.push({name: char === ' ' ? 'space' : char, input: char, isPaste: false});
		}
	}

	return presses;
}
