// Deleting marked users is permanent and may be many: the admin types how many
// ("12", or "1,000" as the dialog writes it) and presses Enter on its own, as
// the single Delete asks for the email. A paste or a joined "12\r" deletes nothing.
import {Box, Text} from 'ink';
import {useDeck, useStoreRevision} from '../app-context.js';
import {Dialog, dialogInnerWidth} from '../components/dialog.js';
import {TextField} from '../components/text-field.js';
import {keyHint} from '../keymap.js';
import {startBatch} from '../state/batch-run.js';
import {theme} from '../theme.js';
import {groupDigits} from '../../domain/group-digits.js';
import {truncate} from '../../terminal/text-width.js';
import {presentUsers, usersCount} from './batch-actions-menu.js';
import type {OverlayProps} from './overlay-view.js';
import {useTypedConfirmation} from './use-typed-confirmation.js';

/** Whether `typed` is the number `count`, with or without its thousands commas. */
export function isCountConfirmed(count: number, typed: string): boolean {
	const text = typed.trim();
	return count > 0 && (text === String(count) || text === groupDigits(count));
}

export function ConfirmBatchDelete({overlay, width, height}: OverlayProps<'batch-delete'>) {
	const deck = useDeck();
	useStoreRevision();
	const count = presentUsers(deck.service, overlay.userIds).length;
	const value = useTypedConfirmation(overlay, typed => {
		// The number asked for is the number there now: if another process deleted some meanwhile, the admin confirms the new one.
		const userIds = presentUsers(deck.service, overlay.userIds);
		if (isCountConfirmed(userIds.length, typed)) {
			void startBatch(deck, 'delete', userIds);
		}
	});

	const inner = dialogInnerWidth(width, 60);
	const confirmed = isCountConfirmed(count, value.value);
	return (
		<Dialog title="Delete marked users" tone="danger" areaWidth={width} areaHeight={height} width={60} height={6}>
			<Box flexDirection="column">
				<Text wrap="truncate">{truncate(count === 0 ? 'None of the marked users exists any more. Press Esc.' : `Delete ${usersCount(count)}?`, inner)}</Text>
				<Text color={theme.danger} wrap="truncate">{truncate('This action cannot be undone.', inner)}</Text>
				<Text wrap="truncate">{truncate(`Type ${groupDigits(count)} (the number of users) to confirm:`, inner)}</Text>
				<TextField state={value} focused width={inner} />
				<Text> </Text>
				<Box>
					<Text bold color={confirmed ? theme.selectedText : theme.muted} backgroundColor={confirmed ? theme.danger : undefined}>
						{` Delete ${usersCount(count)} `}
					</Text>
					<Text color={theme.muted}>{confirmed ? `  press ${keyHint('confirm-delete.submit')}` : '  (type the number first)'}  {keyHint('confirm-delete.cancel')} cancels</Text>
				</Box>
			</Box>
		</Dialog>
	);
}
