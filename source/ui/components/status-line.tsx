// The result or error of the last operation. Every operation error lands here.
// Messages fade after a while (errors stay longer), as k9s's flash line does,
// and go with the next dialog or screen (state/status.ts). A long message
// wraps onto up to three lines, taken from the body, instead of being cut.
import {Box, Text} from 'ink';
import {useEffect, useSyncExternalStore} from 'react';
import {useContainer} from '../state/create-state.js';
import {useDeck, useShown, useStoreRevision} from '../app-context.js';
import {type Shown, shownFor} from '../mask/shown.js';
import {theme} from '../theme.js';
import type {Status} from '../state/status.js';
import {truncate} from '../../terminal/text-width.js';
import {wrapAll} from '../../terminal/wrap-words.js';


export const statusLifetimeMs = {info: 6000, success: 6000, error: 15_000, progress: 60_000} as const;

export function StatusLine({width}: {readonly width: number}) {
	const {status, service} = useDeck();
	const current = useContainer(status);
	const shown = useShown();
	// What a remote backend is waiting for ("rate limited by Auth0, retrying at 14:02:31") shows when no message does.
	useStoreRevision();
	const notice = current.message ? undefined : service.notice();
	useEffect(() => {
		if (!current.message) {
			return;
		}

		const timer = setTimeout(() => {
			if (status.getState().serial === current.serial) {
				status.dispatch({type: 'clear'});
			}
		}, statusLifetimeMs[current.kind]);
		timer.unref?.();
		return () => {
			clearTimeout(timer);
		};
	}, [status, current]);
	if (notice) {
		return (
			<Box flexDirection="column" width={width}>
				<Text color={theme.warning} wrap="truncate">{truncate(notice, width)}</Text>
			</Box>
		);
	}

	const lines = statusLines(current, width, shown);
	const color = {info: theme.muted, success: theme.success, error: theme.danger, progress: theme.warning}[current.kind];
	return (
		<Box flexDirection="column" width={width}>
			{lines.map((line, index) => <Text key={index} color={color} wrap="truncate">{line}</Text>)}
		</Box>
	);
}

/** At most this many lines: a longer message is cut on the last one (the body keeps the rest of the screen). */
export const maxStatusLines = 3;

/**
 * The status line's lines at a width: a message too long for one line wraps
 * instead of being cut. While masking is on, the personal values it quotes,
 * and any email or IP in it, are masked.
 */
export function statusLines(status: Status, width: number, shown: Shown = shownFor(false)): string[] {
	if (!status.message) {
		return [' '];
	}

	const prefix = status.kind === 'error' ? '✗ ' : (status.kind === 'success' ? '✓ ' : '');
	const lines = wrapAll(prefix + shown.freeText(status.message, status.personal), width, maxStatusLines);
	return lines.length <= maxStatusLines
		? lines
		: [...lines.slice(0, maxStatusLines - 1), truncate(lines.slice(maxStatusLines - 1).join(' '), width)];
}

/**
 * How many lines the status line takes at `width`, for the frame to give the
 * body the rest. A number, so the frame re-renders only when it changes, not
 * at every message.
 */
export function useStatusLineCount(width: number): number {
	const {status} = useDeck();
	const shown = useShown();
	const count = () => statusLines(status.getState(), width, shown).length;
	return useSyncExternalStore(status.subscribe, count, count);
}

