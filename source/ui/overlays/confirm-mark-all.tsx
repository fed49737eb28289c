// `*` over many users: marking is harmless and Esc undoes it, but what is
// marked is what `a` acts on next, so past a hundred users (or the whole
// list) the count is asked about first, y/N. Over a tenant whose query
// matches more users than Auth0 lets a query reach (1,000), it says so before
// anything is marked: only the first 1,000 can be, and refining the query
// reaches the rest.
import {Box, Text} from 'ink';
import {useDeck, useKeyHandler} from '../app-context.js';
import {Dialog, dialogInnerWidth} from '../components/dialog.js';
import {isDeliberate} from '../input/key-name.js';
import {keyHint, resolveBinding} from '../keymap.js';
import {markAll, markEveryMatch} from '../state/mark-all.js';
import {groupDigits} from '../../domain/group-digits.js';
import {sanitize} from '../../terminal/sanitize.js';
import {truncate} from '../../terminal/text-width.js';
import {usersCount} from './batch-actions-menu.js';
import type {OverlayProps} from './overlay-view.js';

export function ConfirmMarkAll({overlay, width, height}: OverlayProps<'confirm-mark-all'>) {
	const deck = useDeck();
	useKeyHandler(overlay, ['confirm'], key => {
		const id = key.isPaste ? undefined : resolveBinding(['confirm'], key.name)?.id;
		if (id === 'confirm.yes' && isDeliberate(key)) {
			deck.navigation.dispatch({type: 'close-overlay'});
			const remote = deck.service.remoteUsers;
			if (overlay.userIds) {
				markAll(deck, overlay.userIds, overlay.what);
			} else if (remote) {
				markEveryMatch(deck, remote, overlay.what);
			}
		} else if (id === 'confirm.no') {
			deck.navigation.dispatch({type: 'close-overlay'});
		}

		return true;
	});

	const inner = dialogInnerWidth(width, 56);
	const capped = overlay.total > overlay.count;
	const lines = capped
		? [
			`Only the first ${groupDigits(overlay.count)} of ${usersCount(overlay.total)} can be marked`,
			sanitize(overlay.what),
			`(Auth0 lists at most ${groupDigits(overlay.count)} matches of a query).`,
			'Refine the query to reach the rest.',
		]
		: [sanitize(`Mark ${usersCount(overlay.count)} ${overlay.what}?`)];
	const yes = capped ? `mark the first ${groupDigits(overlay.count)}` : 'mark them';
	const no = capped ? 'mark none' : 'leave the marks as they are';
	return (
		<Dialog title="Mark users" areaWidth={width} areaHeight={height} width={56} height={lines.length + 2}>
			<Box flexDirection="column">
				{lines.map((line, index) => <Text key={index} wrap="truncate">{truncate(line, inner)}</Text>)}
				<Text> </Text>
				<Text wrap="truncate"><Text bold>{keyHint('confirm.yes')}</Text> {yes}   <Text bold>{keyHint('confirm.no')}</Text> {no}</Text>
			</Box>
		</Dialog>
	);
}
