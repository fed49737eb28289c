// A vertical menu inside a dialog.
import {Box, Text} from 'ink';
import type {MenuItem} from '../state/menu.js';
import {theme} from '../theme.js';
import {sanitize} from '../../terminal/sanitize.js';
import {padEnd, truncate} from '../../terminal/text-width.js';

export function MenuList({items, selected, width}: {readonly items: readonly MenuItem[]; readonly selected: number; readonly width: number}) {
	return (
		<Box flexDirection="column">
			{items.map((item, index) => {
				const isSelected = index === selected && item.enabled;
				const label = `${isSelected ? '› ' : '  '}${sanitize(item.label)}`;
				const note = item.note ? `  ${sanitize(item.note)}` : '';
				const text = padEnd(truncate(label + note, width), width);
				const color = !item.enabled ? theme.muted : (item.dangerous ? theme.danger : undefined);
				return (
					<Text
						key={item.id}
						wrap="truncate"
						color={isSelected ? theme.selectedText : color}
						backgroundColor={isSelected ? (item.dangerous ? theme.danger : theme.selectedBackground) : undefined}
					>
						{text}
					</Text>
				);
			})}
		</Box>
	);
}
