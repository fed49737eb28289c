// A menu in a dialog with a dimmed heading above it (Actions, Actions for
// marked users): as wide as the longest item or the heading wants, where the
// terminal has room; a heading wider than that wraps (three lines at most).
import {Box, Text} from 'ink';
import type {MenuItem} from '../state/menu.js';
import {theme} from '../theme.js';
import {displayWidth, truncate} from '../../terminal/text-width.js';
import {wrapAll} from '../../terminal/wrap-words.js';
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

/** At most this many lines of heading. */
const headingLines = 3;

export function MenuDialog({title, heading, items, selected, least, areaWidth, areaHeight}: MenuDialogProps) {
	const wanted = wantedWidth(Math.max(menuNaturalWidth(items), displayWidth(heading)), least);
	const inner = dialogInnerWidth(areaWidth, wanted);
	// A reason why the menu is short is read whole: wrapped where the dialog is
	// narrower, up to three lines (the last cut), so the menu always shows
	// whatever a stored name or id holds.
	const lines = wrapAll(heading, inner, headingLines - 1);
	return (
		<Dialog title={title} areaWidth={areaWidth} areaHeight={areaHeight} width={wanted} height={menuHeight(items, inner) + lines.length + 1}>
			<Box flexDirection="column">
				{lines.map((line, index) => <Text key={index} color={theme.muted} wrap="truncate">{truncate(line, inner)}</Text>)}
				<Text> </Text>
				<MenuList items={items} selected={selected} width={inner} />
			</Box>
		</Dialog>
	);
}
