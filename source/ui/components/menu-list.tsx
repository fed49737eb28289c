// A vertical menu inside a dialog. An item's note (a detail, or why it is
// unavailable) stands beside its label when both fit, else beneath it,
// wrapped: a reason is read whole, never cut.
import {Box, Text} from 'ink';
import type {MenuItem} from '../state/menu.js';
import {theme} from '../theme.js';
import {sanitize} from '../../terminal/sanitize.js';
import {displayWidth, padEnd, truncate} from '../../terminal/text-width.js';
import {wrapAll} from '../../terminal/wrap-words.js';

const noteIndent = '    ';

/** The lines an item takes at `width` (the selection marker takes the same room as its absence). */
export function menuItemLines(item: MenuItem, width: number, selected = false): string[] {
	const label = `${selected ? '› ' : '  '}${sanitize(item.label)}`;
	const note = item.note ? sanitize(item.note) : '';
	const oneLine = note ? `${label}  ${note}` : label;
	if (displayWidth(oneLine) <= width) {
		return [oneLine];
	}

	return [truncate(label, width), ...wrapAll(note, width - noteIndent.length).map(line => noteIndent + line)];
}

/** How many lines the menu takes at `width`. */
export function menuHeight(items: readonly MenuItem[], width: number): number {
	return items.reduce((sum, item) => sum + menuItemLines(item, width).length, 0);
}

/** The width at which every item fits on one line. */
export function menuNaturalWidth(items: readonly MenuItem[]): number {
	return Math.max(0, ...items.map(item => displayWidth(menuItemLines(item, Number.POSITIVE_INFINITY)[0]!)));
}

export function MenuList({items, selected, width}: {readonly items: readonly MenuItem[]; readonly selected: number; readonly width: number}) {
	return (
		<Box flexDirection="column">
			{items.flatMap((item, index) => {
				const isSelected = index === selected && item.enabled;
				const color = !item.enabled ? theme.muted : (item.dangerous ? theme.danger : undefined);
				return menuItemLines(item, width, isSelected).map((line, row) => (
					<Text
						key={`${item.id}-${row}`}
						wrap="truncate"
						color={isSelected ? theme.selectedText : color}
						backgroundColor={isSelected ? (item.dangerous ? theme.danger : theme.selectedBackground) : undefined}
					>
						{padEnd(line, width)}
					</Text>
				));
			})}
		</Box>
	);
}
