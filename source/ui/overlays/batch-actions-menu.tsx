// `a` with marked users: Block, Unblock, Delete or Export all of them. The
// users are those marked when `a` was pressed (still there now); the menu
// names how many, and how many are already in the state asked for.
import {Box, Text} from 'ink';
import {useDeck, useStoreRevision} from '../app-context.js';
import {Dialog, dialogInnerWidth, wantedWidth} from '../components/dialog.js';
import {MenuList, menuHeight, menuNaturalWidth} from '../components/menu-list.js';
import {startBatch} from '../state/batch-run.js';
import type {MenuItem} from '../state/menu.js';
import {theme} from '../theme.js';
import {groupDigits} from '../../domain/group-digits.js';
import type {UsersService} from '../../services/users-service.js';
import {truncate} from '../../terminal/text-width.js';
import type {OverlayProps} from './overlay-view.js';
import {useMenuKeys} from './use-menu-keys.js';

export type BatchActionId = 'block' | 'unblock' | 'delete' | 'export';

/** "12 users", "1 user". */
export function usersCount(count: number): string {
	return `${groupDigits(count)} user${count === 1 ? '' : 's'}`;
}

/** The users of `userIds` the store still has. */
export function presentUsers(service: UsersService, userIds: readonly string[]): string[] {
	return userIds.filter(id => service.user(id) !== undefined);
}

export function batchActionItems(service: UsersService, userIds: readonly string[]): Array<MenuItem<BatchActionId>> {
	const present = presentUsers(service, userIds);
	const blocked = present.filter(id => service.user(id)?.blocked).length;
	const count = usersCount(present.length);
	const none = present.length === 0;
	return [
		{id: 'block', label: `Block ${count}`, enabled: !none, note: blocked > 0 ? `${groupDigits(blocked)} already blocked` : 'sign-ins fail with "user is blocked"'},
		{id: 'unblock', label: `Unblock ${count}`, enabled: !none, note: `${groupDigits(blocked)} blocked now`},
		{id: 'delete', label: `Delete ${count}`, enabled: !none, dangerous: true, note: 'permanent · type the number to confirm'},
		{id: 'export', label: `Export ${count}`, enabled: !none, note: 'to a new file, NDJSON or CSV'},
	];
}

export function BatchActionsMenu({overlay, width, height}: OverlayProps<'batch-actions'>) {
	const deck = useDeck();
	useStoreRevision();
	const items = batchActionItems(deck.service, overlay.userIds);
	const selected = useMenuKeys(overlay, () => batchActionItems(deck.service, overlay.userIds), action => {
		const userIds = presentUsers(deck.service, overlay.userIds);
		switch (action) {
			case 'block':
			case 'unblock': {
				// Reversible, and chosen with Enter from a menu that names the count: no further question.
				void startBatch(deck, action, userIds);
				break;
			}

			case 'delete': {
				deck.navigation.dispatch({type: 'open-overlay', overlay: {name: 'batch-delete', userIds}});
				break;
			}

			case 'export': {
				deck.navigation.dispatch({type: 'open-overlay', overlay: {name: 'batch-export', userIds}});
				break;
			}
		}
	});

	const heading = `${usersCount(presentUsers(deck.service, overlay.userIds).length)} marked`;
	const wanted = wantedWidth(menuNaturalWidth(items), 56);
	const inner = dialogInnerWidth(width, wanted);
	return (
		<Dialog title="Actions for marked users" areaWidth={width} areaHeight={height} width={wanted} height={menuHeight(items, inner) + 2}>
			<Box flexDirection="column">
				<Text color={theme.muted} wrap="truncate">{truncate(heading, inner)}</Text>
				<Text> </Text>
				<MenuList items={items} selected={selected} width={inner} />
			</Box>
		</Dialog>
	);
}
