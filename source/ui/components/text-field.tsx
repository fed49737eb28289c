// A single-line text field view over a `TextFieldState`: exactly `width` cells,
// scrolled sideways so the cursor always stays visible, with an inverse cell as
// the cursor when focused. Masked fields draw one `•` per character and never
// the characters themselves, so a password cannot leak into any frame.
import {Text} from 'ink';
import {useRef} from 'react';
import type {TextFieldState} from '../state/text-field.js';
import {theme} from '../theme.js';
import {sanitize} from '../../terminal/sanitize.js';
import {displayWidth, padEnd} from '../../terminal/text-width.js';

export type TextFieldProps = {
	readonly state: TextFieldState;
	/** Cells the field takes; the text scrolls within them. */
	readonly width: number;
	readonly focused?: boolean;
	/** Draw `•` (or the given character) per character instead of the text: passwords. */
	readonly mask?: boolean | string;
	/** Shown dimmed while the field is empty and not focused. */
	readonly placeholder?: string;
};

export const maskCharacter = '•';

/** What the terminal shows for each character: the mask, or the character made safe. */
export function displayUnits(value: string, mask?: string): string[] {
	return [...value].map(char => mask ?? sanitize(char));
}

/**
 * The first unit to draw so that the cursor (a one-cell block after the text
 * when it sits at the end) fits within `width`, moving the previous window as
 * little as possible, the way lists follow their selection.
 */
export function scrollStart(unitWidths: readonly number[], cursor: number, previousStart: number, width: number): number {
	const cursorCell = Math.max(1, unitWidths[cursor] ?? 1);
	const widthBetween = (from: number, to: number) => {
		let sum = 0;
		for (let index = from; index < to; index++) {
			sum += unitWidths[index] ?? 0;
		}

		return sum;
	};

	let start = Math.max(0, Math.min(previousStart, cursor));
	while (start < cursor && widthBetween(start, cursor) + cursorCell > width) {
		start++;
	}

	// After a deletion, pull hidden text back in rather than leave blank cells at
	// the end. The cell after the text is always kept for the cursor, so stepping
	// left from the end does not shift the whole window by one.
	const total = widthBetween(0, unitWidths.length) + 1;
	while (start > 0 && total - widthBetween(0, start - 1) <= width) {
		start--;
	}

	return start;
}

export function TextField({state, width, focused = false, mask, placeholder}: TextFieldProps) {
	const startRef = useRef(0);
	if (width <= 0) {
		return null;
	}

	const maskWith = mask === true ? maskCharacter : (typeof mask === 'string' ? mask : undefined);
	const units = displayUnits(state.value, maskWith);
	if (units.length === 0 && !focused) {
		return <Text color={theme.muted} wrap="truncate">{padEnd(placeholder ?? '', width)}</Text>;
	}

	const widths = units.map(unit => displayWidth(unit));
	const cursor = Math.max(0, Math.min(state.cursor, units.length));
	// An unfocused field shows the beginning of its text, as a form's other fields do.
	const start = focused ? scrollStart(widths, cursor, startRef.current, width) : 0;
	startRef.current = start;

	let used = 0;
	let before = '';
	let atCursor = '';
	let after = '';
	for (let index = start; index < units.length; index++) {
		const unit = units[index]!;
		const unitWidth = widths[index]!;
		if (used + unitWidth > width) {
			break;
		}

		used += unitWidth;
		if (index < cursor || !focused) {
			before += unit;
		} else if (index === cursor) {
			atCursor = unit;
		} else {
			after += unit;
		}
	}

	if (focused && cursor === units.length && used < width) {
		atCursor = ' ';
		used++;
	}

	const rest = ' '.repeat(Math.max(0, width - used));
	return (
		<Text wrap="truncate">
			{before}
			{atCursor ? <Text inverse>{atCursor}</Text> : ''}
			{after}
			{rest}
		</Text>
	);
}
