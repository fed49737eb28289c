// The Actions menu (`a`): Block or Unblock, Sign in as User, Delete User.
// "Sign in as User" is listed only when its conditions hold; otherwise the
// menu says why not (FACTS.md §7).
import {Box, Text} from 'ink';
import {useState} from 'react';
import {useDeck, useKeyHandler, useStoreRevision} from '../app-context.js';
import {Dialog, dialogInnerWidth, wantedWidth} from '../components/dialog.js';
import {MenuList, menuHeight, menuNaturalWidth} from '../components/menu-list.js';
import {splitBurst} from '../input/key-name.js';
import {resolveBinding} from '../keymap.js';
import {createState, useContainer} from '../state/create-state.js';
import {firstEnabled, type MenuItem, moveMenu} from '../state/menu.js';
import {movementOf} from '../state/scroll-window.js';
import {theme} from '../theme.js';
import type {UsersApi} from '../../services/users-api.js';
import {displayName} from '../../domain/user-factory.js';
import {sanitize} from '../../terminal/sanitize.js';
import {displayWidth, truncate} from '../../terminal/text-width.js';
import type {OverlayProps} from './overlay-view.js';

export type ActionId = 'block' | 'unblock' | 'impersonate' | 'delete';

export function actionItems(service: UsersApi, userId: string): Array<MenuItem<ActionId>> {
	const user = service.user(userId);
	if (!user) {
		return [];
	}

	const options = service.impersonationOptions(userId);
	return [
		user.blocked
			? {id: 'unblock', label: 'Unblock User', enabled: true, note: 'restores access'}
			: {id: 'block', label: 'Block User', enabled: true, note: 'sign-ins fail with "user is blocked"'},
		options.allowed
			? {id: 'impersonate', label: 'Sign in as User', enabled: true, note: `one-time URL · ${options.clients.length} application${options.clients.length === 1 ? '' : 's'}`}
			: {id: 'impersonate', label: 'Sign in as User', enabled: false, note: `unavailable: ${options.reason}`},
		{id: 'delete', label: 'Delete User', enabled: true, dangerous: true, note: 'permanent'},
	];
}

export function ActionsMenu({overlay, width, height}: OverlayProps<'actions'>) {
	const deck = useDeck();
	useStoreRevision();
	const items = actionItems(deck.service, overlay.userId);
	const [selection] = useState(() => createState((_: number, next: number) => next, firstEnabled(items)));
	const selected = useContainer(selection);
	const user = deck.service.user(overlay.userId);

	useKeyHandler(overlay, ['menu'], key => {
		for (const press of splitBurst(key)) {
			const id = resolveBinding(['menu'], press.name)?.id;
			const current = actionItems(deck.service, overlay.userId);
			const movement = movementOf(id);
			if (movement) {
				selection.dispatch(moveMenu(current, selection.getState(), movement));
			} else if (id === 'menu.close') {
				deck.navigation.dispatch({type: 'close-overlay'});
				return true;
			} else if (id === 'menu.select' && !key.isPaste) {
				const item = current[selection.getState()];
				if (item?.enabled) {
					void choose(item.id);
				}

				return true;
			}
		}

		return true;
	});

	async function choose(action: ActionId) {
		const {navigation, service} = deck;
		switch (action) {
			case 'block':
			case 'unblock': {
				navigation.dispatch({type: 'close-overlay'});
				await deck.attempt(
					async () => action === 'block' ? service.blockUser(overlay.userId) : service.unblockUser(overlay.userId),
					user => `${action === 'block' ? 'Blocked' : 'Unblocked'} ${displayName(user)}`,
				);
				break;
			}

			case 'impersonate': {
				navigation.dispatch({type: 'open-overlay', overlay: {name: 'impersonate', userId: overlay.userId}});
				break;
			}

			case 'delete': {
				navigation.dispatch({type: 'open-overlay', overlay: {name: 'confirm-delete', userId: overlay.userId}});
				break;
			}
		}
	}

	const heading = user ? sanitize(`${displayName(user)} · ${user.user_id}`) : 'This user no longer exists';
	// As wide as the longest item or the heading wants (a reason on one line where the terminal has room).
	const wanted = wantedWidth(Math.max(menuNaturalWidth(items), displayWidth(heading)), 64);
	const inner = dialogInnerWidth(width, wanted);
	return (
		<Dialog title="Actions" areaWidth={width} areaHeight={height} width={wanted} height={menuHeight(items, inner) + 2}>
			<Box flexDirection="column">
				<Text color={theme.muted} wrap="truncate">{truncate(heading, inner)}</Text>
				<Text> </Text>
				<MenuList items={items} selected={selected} width={inner} />
			</Box>
		</Dialog>
	);
}
