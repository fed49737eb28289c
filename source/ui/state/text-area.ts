// A multi-line text editor as a pure function of the key pressed (the inline
// user_metadata editor). Pastes keep their line breaks but lose other controls.
import type {KeyPress} from '../input/key-name.js';
import {printable} from './text-field.js';

export type TextAreaState = {readonly lines: readonly string[]; readonly row: number; readonly col: number};

export const maxTextAreaLength = 64 * 1024;

export function textAreaOf(text: string): TextAreaState {
	const lines = text.split('\n');
	return {lines, row: 0, col: 0};
}

export function textOf(state: TextAreaState): string {
	return state.lines.join('\n');
}

function length(line: string | undefined): number {
	return [...(line ?? '')].length;
}

export function editTextArea(state: TextAreaState, key: KeyPress): TextAreaState | undefined {
	const {lines, row, col} = state;
	const line = [...(lines[row] ?? '')];
	const replaceLines = (start: number, deleteCount: number, ...inserted: string[]) => {
		const next = [...lines];
		next.splice(start, deleteCount, ...inserted);
		return next;
	};

	switch (key.name) {
		case 'up': {
			return row === 0 ? state : {...state, row: row - 1, col: Math.min(col, length(lines[row - 1]))};
		}

		case 'down': {
			return row >= lines.length - 1 ? state : {...state, row: row + 1, col: Math.min(col, length(lines[row + 1]))};
		}

		case 'left': {
			if (col > 0) {
				return {...state, col: col - 1};
			}

			return row > 0 ? {...state, row: row - 1, col: length(lines[row - 1])} : state;
		}

		case 'right': {
			if (col < line.length) {
				return {...state, col: col + 1};
			}

			return row < lines.length - 1 ? {...state, row: row + 1, col: 0} : state;
		}

		case 'home':
		case 'ctrl-a': {
			return {...state, col: 0};
		}

		case 'end':
		case 'ctrl-e': {
			return {...state, col: line.length};
		}

		case 'pageup': {
			return {...state, row: Math.max(0, row - 10), col: 0};
		}

		case 'pagedown': {
			return {...state, row: Math.min(lines.length - 1, row + 10), col: 0};
		}

		case 'enter': {
			const before = line.slice(0, col).join('');
			const after = line.slice(col).join('');
			const indent = /^\s*/.exec(before)?.[0] ?? '';
			return {lines: replaceLines(row, 1, before, indent + after), row: row + 1, col: indent.length};
		}

		case 'tab': {
			return insert(state, '  ');
		}

		case 'backspace': {
			if (col > 0) {
				line.splice(col - 1, 1);
				return {lines: replaceLines(row, 1, line.join('')), row, col: col - 1};
			}

			if (row === 0) {
				return state;
			}

			const previous = lines[row - 1] ?? '';
			return {lines: replaceLines(row - 1, 2, previous + line.join('')), row: row - 1, col: length(previous)};
		}

		default: {
			if (key.name === 'space') {
				return insert(state, ' ');
			}

			if (key.name.startsWith('ctrl-') || key.input.length === 0 || key.name === 'escape' || key.name === 'shift-tab') {
				return undefined;
			}

			// A paste keeps its line breaks (CR LF or CR become LF); other controls go.
			const text = key.input.replaceAll(/\r\n?/g, '\n').split('\n').map(part => printable(part)).join('\n');
			return insert(state, text);
		}
	}
}

function insert(state: TextAreaState, text: string): TextAreaState {
	const total = state.lines.reduce((sum, line) => sum + line.length + 1, 0);
	const room = Math.max(0, maxTextAreaLength - total);
	const clipped = [...text].slice(0, room).join('');
	if (clipped === '') {
		return state;
	}

	const line = [...(state.lines[state.row] ?? '')];
	const before = line.slice(0, state.col).join('');
	const after = line.slice(state.col).join('');
	const parts = (before + clipped + after).split('\n');
	const next = [...state.lines];
	next.splice(state.row, 1, ...parts);
	const insertedLines = clipped.split('\n');
	const row = state.row + insertedLines.length - 1;
	const col = insertedLines.length === 1 ? state.col + [...clipped].length : [...insertedLines.at(-1)!].length;
	return {lines: next, row, col};
}
