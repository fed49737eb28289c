// `*` over many users: marking is harmless and Esc undoes it, but what is
// marked is what `a` acts on next, so past a hundred users (or the whole
// list) the count is asked about first, y/N.
import {Box, Text} from 'ink';
import {type Deck, useDeck, useKeyHandler} from '../app-context.js';
import {Dialog, dialogInnerWidth} from '../components/dialog.js';
import {isDeliberate} from '../input/key-name.js';
import {keyHint, resolveBinding} from '../keymap.js';
import {marksModel} from '../state/marks.js';
import {groupDigits} from '../../domain/group-digits.js';
import {sanitize} from '../../terminal/sanitize.js';
import {truncate} from '../../terminal/text-width.js';
import {usersCount} from './batch-actions-menu.js';
import type {OverlayProps} from './overlay-view.js';

/** Marks the users and says so, with the new total. */
export function markAll(deck: Deck, userIds: readonly string[], what: string): void {
	const marks = marksModel(deck);
	marks.dispatch({type: 'add', userIds});
	deck.report('success', `Marked ${usersCount(userIds.length)} ${what} · ${groupDigits(marks.getState().size)} marked`);
}

export function ConfirmMarkAll({overlay, width, height}: OverlayProps<'confirm-mark-all'>) {
	const deck = useDeck();
	useKeyHandler(overlay, ['confirm'], key => {
		const id = key.isPaste ? undefined : resolveBinding(['confirm'], key.name)?.id;
		if (id === 'confirm.yes' && isDeliberate(key)) {
			deck.navigation.dispatch({type: 'close-overlay'});
			markAll(deck, overlay.userIds, overlay.what);
		} else if (id === 'confirm.no') {
			deck.navigation.dispatch({type: 'close-overlay'});
		}

		return true;
	});

	const inner = dialogInnerWidth(width, 56);
	return (
		<Dialog title="Mark users" areaWidth={width} areaHeight={height} width={56} height={3}>
			<Box flexDirection="column">
				<Text wrap="truncate">{truncate(sanitize(`Mark ${usersCount(overlay.userIds.length)} ${overlay.what}?`), inner)}</Text>
				<Text> </Text>
				<Text wrap="truncate"><Text bold>{keyHint('confirm.yes')}</Text> mark them   <Text bold>{keyHint('confirm.no')}</Text> leave the marks as they are</Text>
			</Box>
		</Dialog>
	);
}
