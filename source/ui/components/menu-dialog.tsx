// A menu in a dialog with a dimmed heading above it (Actions, Actions for
// marked users): as wide as the longest item or the heading wants, where the
// terminal has room.
import {Box, Text} from 'ink';
import type {MenuItem} from '../state/menu.js';
import {theme} from '../theme.js';
import {displayWidth, truncate} from '../../terminal/text-width.js';
import {Dialog, dialogInnerWidth, wantedWidth} from './dialog.js';
import {MenuList, menuHeight, menuNaturalWidth} from './menu-list.js';

export type MenuDialogProps = {
	readonly title: string;
	/** Terminal-safe already. */
	readonly heading: string;
	readonly items: readonly MenuItem[];
	readonly selected: number;
	/** The least inner width. */
	readonly least: number;
	readonly areaWidth: number;
	readonly areaHeight: number;
};

export function MenuDialog({title, heading, items, selected, least, areaWidth, areaHeight}: MenuDialogProps) {
	const wanted = wantedWidth(Math.max(menuNaturalWidth(items), displayWidth(heading)), least);
	const inner = dialogInnerWidth(areaWidth, wanted);
	return (
		<Dialog title={title} areaWidth={areaWidth} areaHeight={areaHeight} width={wanted} height={menuHeight(items, inner) + 2}>
			<Box flexDirection="column">
				<Text color={theme.muted} wrap="truncate">{truncate(heading, inner)}</Text>
				<Text> </Text>
				<MenuList items={items} selected={selected} width={inner} />
			</Box>
		</Dialog>
	);
}
