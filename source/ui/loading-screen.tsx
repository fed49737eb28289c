// What the console shows while the store loads: a million users take seconds
// to read, and the screen is drawn from the start with how far loading got,
// instead of staying blank. The title line is the app header's.
import {Box, Text} from 'ink';
import {sanitize} from '../terminal/sanitize.js';
import {truncate} from '../terminal/text-width.js';
import {groupDigits} from '../domain/group-digits.js';
import {useWindowSize} from './hooks/use-window-size.js';
import {type StateContainer, useContainer} from './state/create-state.js';
import {theme} from './theme.js';

export type LoadProgress = {readonly loaded: number; readonly total: number | undefined};

export const startOfLoading: LoadProgress = {loaded: 0, total: undefined};

export function loadProgressReducer(state: LoadProgress, next: LoadProgress): LoadProgress {
	return next.loaded === state.loaded && next.total === state.total ? state : next;
}

// Plain ASCII on purpose: the first non-ASCII text measured sets up Intl's
// segmenter and an emoji pattern (tens of milliseconds), which the first
// frame need not wait for.
export function loadingText({loaded, total}: LoadProgress): string {
	if (total === undefined || total === 0) {
		return 'Opening the store...';
	}

	if (loaded >= total) {
		return `Read ${groupDigits(total)} rows; indexing...`;
	}

	return `Loading the store... ${Math.floor((loaded / total) * 100)}%  (${groupDigits(loaded)} of ${groupDigits(total)} rows)`;
}

export function LoadingScreen({progress, storeLabel}: {readonly progress: StateContainer<LoadProgress, LoadProgress>; readonly storeLabel: string}) {
	const state = useContainer(progress);
	const {columns} = useWindowSize();
	return (
		<Box flexDirection="column" width={columns}>
			<Text bold color={theme.header} wrap="truncate">{truncate(` userdeck  ${sanitize(storeLabel)}`, columns)}</Text>
			<Text> </Text>
			<Text color={theme.muted} wrap="truncate">{truncate(`  ${loadingText(state)}`, columns)}</Text>
			<Text color={theme.muted} wrap="truncate">{truncate('  Ctrl-C quits', columns)}</Text>
		</Box>
	);
}
