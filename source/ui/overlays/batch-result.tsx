// What a batch did: how many users it changed, how many were already as
// asked, each failure with its reason, and what it did not reach (stopped by
// Esc or by the store). Scrolls like the event viewer; `y` copies it as JSON.
import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {useDeck, useShown} from '../app-context.js';
import {personalValues, shownDisplayName} from '../mask/user-personal.js';
import {type Shown, shownFor} from '../mask/shown.js';
import {copyUserData} from '../screens/copy-and-report.js';
import {Dialog, dialogInnerHeight, dialogInnerWidth, wantedWidth} from '../components/dialog.js';
import {keyHint, letterKey} from '../keymap.js';
import {theme} from '../theme.js';
import {groupDigits} from '../../domain/group-digits.js';
import type {BatchResult} from '../../services/users-service.js';
import type {UsersApi} from '../../services/users-api.js';
import {safeJson} from '../../terminal/safe-json.js';
import {sanitize} from '../../terminal/sanitize.js';
import {displayWidth, padEnd, truncate} from '../../terminal/text-width.js';
import {batchVerbs} from './batch-progress.js';
import type {OverlayProps} from './overlay-view.js';
import {useViewerKeys} from './use-viewer-keys.js';

const already: Record<BatchResult['action'], string> = {block: 'already blocked', unblock: 'already unblocked', delete: 'already gone'};

/** The summary line: "Deleted 998 of 1,000 users · 2 failed". */
export function batchSummary(result: BatchResult): string {
	const parts = [`${batchVerbs[result.action].done} ${groupDigits(result.succeeded)} of ${groupDigits(result.total)} user${result.total === 1 ? '' : 's'}`];
	if (result.unchanged > 0) {
		parts.push(`${groupDigits(result.unchanged)} ${already[result.action]}`);
	}

	if (result.failed > 0) {
		parts.push(`${groupDigits(result.failed)} failed`);
	}

	if (result.notRun.length > 0) {
		parts.push(`${groupDigits(result.notRun.length)} not done (${result.cancelled ? 'stopped' : 'the batch stopped'})`);
	}

	return parts.join(' · ');
}

/** Every line of the result, made safe for the terminal; names, emails and IPs masked when `shown` masks. */
export function batchResultLines(result: BatchResult, service: UsersApi, shown: Shown = shownFor(false)): string[] {
	const lines = [batchSummary(result)];
	if (result.stopped) {
		lines.push(`Stopped: ${result.stopped}`);
	}

	if (result.failed > 0 || result.notRun.length > 0) {
		lines.push('The users failed or not done stay marked: press a again to finish them.');
	}

	lines.push(`Batch ${result.batchId} (${result.batchIdNote ?? 'in each event\'s details as batch_id'})`);
	if (result.failures.length > 0) {
		lines.push(' ', `Failures (${groupDigits(result.failures.length)}):`);
		for (const failure of result.failures) {
			const user = service.user(failure.userId);
			const personal = user ? personalValues(user) : [];
			lines.push(`  ${shown.freeText(failure.userId, personal)}${user ? `  ${shownDisplayName(user, shown)}` : ''}: ${shown.freeText(failure.reason, personal)}`);
		}
	}

	// The failures' lines were made safe above; sanitizing them again changes nothing.
	return lines.map(line => sanitize(line));
}

export function BatchResultViewer({overlay, width, height}: OverlayProps<'batch-result'>) {
	const deck = useDeck();
	const shown = useShown();
	const lines = useMemo(() => batchResultLines(overlay.result, deck.service, shown), [overlay.result, deck.service, shown]);
	const wanted = useMemo(() => wantedWidth(Math.max(...lines.map(line => displayWidth(line))), 60, 100), [lines]);
	const inner = dialogInnerWidth(width, wanted);
	const innerHeight = dialogInnerHeight(height, Math.min(30, lines.length + 1));
	const visible = Math.max(1, innerHeight - 1);
	const offset = useViewerKeys(overlay, lines.length, visible, () => {
		const {result} = overlay;
		const report = {batch_id: result.batchId, action: result.action, total: result.total, succeeded: result.succeeded, unchanged: result.unchanged, failures: result.failures, not_done: result.notRun, stopped: result.stopped ?? null, ...(result.batchIdNote ? {batch_id_note: result.batchIdNote} : {})};
		// Reasons may quote personal data: while masked, copying asks first (as every copy of a user's data does).
		copyUserData(deck, safeJson(report), 'the batch result as JSON');
	});
	const page = lines.slice(offset, offset + visible);
	const scroll = lines.length > visible ? `${offset + 1}–${Math.min(lines.length, offset + visible)} of ${lines.length} · ${letterKey('viewer.down')}/${letterKey('viewer.up')} scroll · ` : '';
	return (
		<Dialog title="Batch result" tone={overlay.result.failed > 0 ? 'danger' : 'normal'} areaWidth={width} areaHeight={height} width={wanted} height={Math.min(30, lines.length + 1)}>
			<Box flexDirection="column">
				{page.map((line, index) => (
					<Text key={offset + index} wrap="truncate" color={offset + index === 0 ? undefined : (line.startsWith('  ') ? theme.danger : theme.muted)}>{padEnd(truncate(line, inner), inner)}</Text>
				))}
				<Text color={theme.muted} wrap="truncate">{truncate(`${scroll}${keyHint('viewer.copy')} copy · ${keyHint('viewer.close')} close`, inner)}</Text>
			</Box>
		</Dialog>
	);
}
