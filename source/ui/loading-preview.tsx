// While a big store loads: the first users, as soon as they are read, under
// a line that says what they are. They are in the store's own order (the
// list's sort needs every user), so no column is marked as sorted; the list
// proper, sorted and with its keys, replaces this once the store is open.
// The rows are plain text in one block (no badge colours): the terminal's
// first frame of a table is costly to lay out and style, and this one is
// drawn while the store is still being read.
import {Box, Text} from 'ink';
import {useMemo} from 'react';
import type {LoadPreview} from '../store/load-preview.js';
import {sanitize} from '../terminal/sanitize.js';
import {truncate} from '../terminal/text-width.js';
import {tableLayout} from './components/user-columns.js';
import {groupDigits} from '../domain/group-digits.js';
import {headerText, rowSegments} from './components/user-table.js';
import type {LoadProgress} from './loading-screen.js';
import {theme} from './theme.js';
import {shownFor} from './mask/shown.js';

/** What the info line says: how far loading got, and that the order is not the list's yet. */
export function previewText(preview: LoadPreview, progress: LoadProgress): string {
	if (!preview.usersDone) {
		return `Loading users… ${groupDigits(preview.usersRead)} of ${groupDigits(preview.usersTotal)} · first users in store order; sorted once loaded`;
	}

	const rest = progress.total ? `${Math.floor((Math.min(progress.loaded, progress.total) / progress.total) * 100)}%` : '';
	return `All ${groupDigits(preview.usersTotal)} users read · loading history and devices ${rest} · first users in store order; sorted once loaded`;
}

export type LoadingPreviewProps = {
	readonly preview: LoadPreview;
	readonly progress: LoadProgress;
	readonly storeLabel: string;
	readonly width: number;
	readonly height: number;
	/** Personal data masked (`--mask`): the console's masking starts with the first frame. */
	readonly masked?: boolean;
};

/** Lines besides the rows: title, blank, info line, column titles. */
const chromeLines = 4;

export function LoadingPreview({preview, progress, storeLabel, width, height, masked = false}: LoadingPreviewProps) {
	const layout = useMemo(() => tableLayout(width), [width]);
	const now = useMemo(() => new Date(), []);
	const rows = preview.users.slice(0, Math.max(1, height - chromeLines));
	return (
		<Box flexDirection="column" width={width}>
			<Text bold color={theme.header} wrap="truncate">{truncate(` userdeck  ${sanitize(storeLabel)}${masked ? '  MASKED' : ''}`, width)}</Text>
			<Text color={theme.accent} wrap="truncate">{truncate(' Users', width)}</Text>
			<Text color={theme.muted} wrap="truncate">{truncate(previewText(preview, progress), width)}</Text>
			<Text bold color={theme.accent} wrap="truncate">{headerText(layout, undefined)}</Text>
			<Text wrap="truncate">{rows.map(user => rowSegments(user, layout, now, false, shownFor(masked)).map(segment => segment.text).join('')).join('\n')}</Text>
		</Box>
	);
}
