// The `/` and `:` prompt line (k9s): the text with a cursor while it has focus,
// the filter in force when it does not, and under it, for a query that does
// not run, a caret at the offending character with the reason. Long text
// scrolls sideways to keep the cursor in view; nothing wraps.
import {Text} from 'ink';
import type {TextFieldState} from '../state/text-field.js';
import type {QueryProblem} from '../state/users-list.js';
import {theme} from '../theme.js';
import {sanitize} from '../../terminal/sanitize.js';
import {displayWidth, truncate} from '../../terminal/text-width.js';

export type PromptLineProps = {
	/** '/' for free text, ':' for the query syntax. */
	readonly symbol: string;
	readonly field: TextFieldState;
	/** Shows the cursor (the prompt has the keyboard). */
	readonly focused: boolean;
	readonly width: number;
};

export type PromptWindow = {readonly start: number; readonly end: number};

/**
 * The characters [start, end) of `chars` that fit in `room` cells with the
 * cursor (one cell, at `cursor`) visible, scrolling as little as needed.
 */
export function promptWindow(chars: readonly string[], cursor: number, room: number): PromptWindow {
	const widths = chars.map(char => displayWidth(char));
	const cursorWidth = widths[cursor] ?? 1;
	let start = 0;
	let before = widths.slice(0, cursor).reduce((sum, value) => sum + value, 0);
	while (start < cursor && before + cursorWidth > room) {
		before -= widths[start]!;
		start++;
	}

	let end = start;
	let used = 0;
	while (end < chars.length && used + widths[end]! <= room) {
		used += widths[end]!;
		end++;
	}

	return {start, end};
}

function prefixOf(symbol: string): string {
	return `${symbol} `;
}

/** What the prompt line shows of the field at `width`: the window, and where the cursor is. */
function layoutOf(symbol: string, field: TextFieldState, focused: boolean, width: number) {
	const prefix = prefixOf(symbol);
	const room = Math.max(1, width - displayWidth(prefix));
	const chars = [...field.value];
	const cursor = focused ? field.cursor : chars.length;
	const window = focused ? promptWindow(chars, cursor, room) : {start: 0, end: chars.length};
	return {prefix, room, chars, cursor, ...window};
}

export function PromptLine({symbol, field, focused, width}: PromptLineProps) {
	const {prefix, room, chars, cursor, start, end} = layoutOf(symbol, field, focused, width);
	const text = (from: number, to: number) => chars.slice(from, Math.max(from, to)).join('');
	if (!focused) {
		return (
			<Text wrap="truncate">
				<Text color={theme.accent}>{prefix}</Text>
				<Text>{truncate(field.value, room)}</Text>
			</Text>
		);
	}

	return (
		<Text wrap="truncate">
			<Text color={theme.accent} bold>{prefix}</Text>
			<Text>{text(start, Math.min(cursor, end))}</Text>
			<Text inverse>{chars[cursor] ?? ' '}</Text>
			<Text>{text(cursor + 1, end)}</Text>
		</Text>
	);
}

export type PromptProblemProps = {
	readonly symbol: string;
	readonly field: TextFieldState;
	/** The focused prompt line's width, so the caret lines up with what it shows. */
	readonly promptWidth: number;
	readonly width: number;
	readonly problem: QueryProblem;
};

/** The line under a query that does not run: a caret at the offending character, and why. */
export function PromptProblem({symbol, field, promptWidth, width, problem}: PromptProblemProps) {
	const {prefix, chars, start} = layoutOf(symbol, field, true, promptWidth);
	const position = [...field.value.slice(0, problem.position)].length;
	const before = chars.slice(start, Math.max(start, position)).join('');
	const column = displayWidth(prefix) + displayWidth(before);
	const caret = `${' '.repeat(Math.min(column, Math.max(0, width - 1)))}^ `;
	return <Text color={theme.danger} wrap="truncate">{truncate(caret + sanitize(problem.message), width)}</Text>;
}
