// Escape sequences named once (STYLE.md §14), and pressing keys by binding id.
import {bindingById, type BindingId} from '../../source/ui/keymap.js';

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	shiftTab: '\u001B[Z',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
	backspace: '\u007F',
	space: ' ',
	ctrlS: '\u0013',
	ctrlC: '\u0003',
	ctrlU: '\u0015',
	ctrlBackslash: '\u001C',
} as const;

const byName: Record<string, string> = {
	up: keys.up,
	down: keys.down,
	left: keys.left,
	right: keys.right,
	enter: keys.enter,
	escape: keys.escape,
	tab: keys.tab,
	'shift-tab': keys.shiftTab,
	pageup: keys.pageUp,
	pagedown: keys.pageDown,
	home: keys.home,
	end: keys.end,
	backspace: keys.backspace,
	space: keys.space,
	'ctrl-\\': keys.ctrlBackslash,
};

/** The bytes a terminal sends for a canonical key name ('ctrl-s' → \x13). */
export function sequenceOf(name: string): string {
	if (byName[name]) {
		return byName[name];
	}

	if (name.startsWith('ctrl-') && name.length === 6) {
		return String.fromCodePoint(name.codePointAt(5)! - 96);
	}

	return name;
}

/** The bytes for a binding's first key. */
export function keyFor(bindingId: BindingId): string {
	return sequenceOf(bindingById(bindingId).keys[0]!);
}
