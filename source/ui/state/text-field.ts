// Editing a single-line text field, as a pure function of the key pressed.
// Pasted chunks are inserted without their control characters (a pasted "\r"
// never submits a form, a pasted ESC never reaches the store).
import {unsafeCharacters} from '../../terminal/unsafe-characters.js';
import type {KeyPress} from '../input/key-name.js';

export type TextFieldState = {readonly value: string; readonly cursor: number};

export const emptyField: TextFieldState = {value: '', cursor: 0};

export function fieldOf(value: string): TextFieldState {
	return {value, cursor: [...value].length};
}

// Exactly what `sanitize` would escape on one line (unsafe-characters.ts), so
// what is typed is drawn as typed; a field holds one line, so LF is dropped too.
const unsafe = unsafeCharacters('unsafe');

export function printable(text: string): string {
	return text.replaceAll(unsafe, '');
}

/** Fields refuse input beyond this many characters: a 1 MB paste is cut, not stored. */
export const maxFieldLength = 4096;

/** The new state, or undefined when the key is not an editing key. */
export function editField(state: TextFieldState, key: KeyPress): TextFieldState | undefined {
	const chars = [...state.value];
	switch (key.name) {
		case 'backspace': {
			if (state.cursor === 0) {
				return state;
			}

			chars.splice(state.cursor - 1, 1);
			return {value: chars.join(''), cursor: state.cursor - 1};
		}

		case 'ctrl-d': {
			chars.splice(state.cursor, 1);
			return {value: chars.join(''), cursor: state.cursor};
		}

		case 'left': {
			return {...state, cursor: Math.max(0, state.cursor - 1)};
		}

		case 'right': {
			return {...state, cursor: Math.min(chars.length, state.cursor + 1)};
		}

		case 'home':
		case 'ctrl-a': {
			return {...state, cursor: 0};
		}

		case 'end':
		case 'ctrl-e': {
			return {...state, cursor: chars.length};
		}

		case 'ctrl-u': {
			return {value: chars.slice(state.cursor).join(''), cursor: 0};
		}

		case 'ctrl-w': {
			let start = state.cursor;
			while (start > 0 && chars[start - 1] === ' ') {
				start--;
			}

			while (start > 0 && chars[start - 1] !== ' ') {
				start--;
			}

			chars.splice(start, state.cursor - start);
			return {value: chars.join(''), cursor: start};
		}

		default: {
			if (key.name === 'space' || (!key.name.startsWith('ctrl-') && key.input.length > 0 && !isNamedKey(key.name))) {
				const text = [...printable(key.input)].slice(0, Math.max(0, maxFieldLength - chars.length));
				if (text.length === 0) {
					return state;
				}

				chars.splice(state.cursor, 0, ...text);
				return {value: chars.join(''), cursor: state.cursor + text.length};
			}

			return undefined;
		}
	}
}

const namedKeys = new Set(['up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end', 'enter', 'tab', 'shift-tab', 'backspace', 'escape']);

function isNamedKey(name: string): boolean {
	return namedKeys.has(name);
}
