// A batch running: how far it is, and Esc to stop it. The batch yields between
// chunks, so this redraws as it goes; stopping waits for the chunk in hand,
// whose users are then done, and leaves the rest untouched and marked.
import {Box, Text} from 'ink';
import {useDeck, useKeyHandler} from '../app-context.js';
import {Dialog, dialogInnerWidth} from '../components/dialog.js';
import {keyHint, resolveBinding} from '../keymap.js';
import {batchRunModel, stopBatch} from '../state/batch-run.js';
import {useContainer} from '../state/create-state.js';
import {theme} from '../theme.js';
import {groupDigits} from '../../domain/group-digits.js';
import type {BatchAction} from '../../services/users-service.js';
import {truncate} from '../../terminal/text-width.js';
import type {OverlayProps} from './overlay-view.js';

export const batchVerbs: Record<BatchAction, {running: string; done: string}> = {
	block: {running: 'Blocking', done: 'Blocked'},
	unblock: {running: 'Unblocking', done: 'Unblocked'},
	delete: {running: 'Deleting', done: 'Deleted'},
};

/** `[#####-----]` for the share done. */
export function progressBar(done: number, total: number, width: number): string {
	const cells = Math.max(1, width - 2);
	const filled = total === 0 ? cells : Math.min(cells, Math.floor(done / total * cells));
	return `[${'#'.repeat(filled)}${'-'.repeat(cells - filled)}]`;
}

export function BatchProgressDialog({overlay, width, height}: OverlayProps<'batch-progress'>) {
	const deck = useDeck();
	const run = useContainer(batchRunModel(deck));
	useKeyHandler(overlay, ['batch'], key => {
		if (resolveBinding(['batch'], key.name)?.id === 'batch.cancel') {
			stopBatch(deck);
		}

		// Nothing else reaches the screens beneath while the batch runs; Ctrl-C still quits (each chunk is done or untouched).
		return key.name !== 'ctrl-c';
	});

	const inner = dialogInnerWidth(width, 60);
	const processed = run?.progress.processed ?? overlay.total;
	const failed = run?.progress.failed ?? 0;
	const line = `${batchVerbs[overlay.action].running} ${groupDigits(processed)} of ${groupDigits(overlay.total)} users${failed > 0 ? ` · ${groupDigits(failed)} failed` : ''}`;
	return (
		<Dialog title="Marked users" tone={overlay.action === 'delete' ? 'danger' : 'normal'} areaWidth={width} areaHeight={height} width={60} height={4}>
			<Box flexDirection="column">
				<Text wrap="truncate">{truncate(line, inner)}</Text>
				<Text color={theme.accent} wrap="truncate">{progressBar(processed, overlay.total, inner)}</Text>
				<Text> </Text>
				<Text color={theme.muted} wrap="truncate">{truncate(run?.stopping ? 'Stopping once the users in hand are done…' : `${keyHint('batch.cancel')} stops (users done stay done; the rest stay marked)`, inner)}</Text>
			</Box>
		</Dialog>
	);
}
