// The Actions menu (`a`): Block or Unblock, Sign in as User, Change
// Password, Change Email, Delete User. "Sign in as User" is listed only when
// its conditions hold (FACTS.md §7), and Change Password only for users of a
// database connection; otherwise the menu says why not.
import {useDeck, useShown, useStoreRevision} from '../app-context.js';
import {personalValues, shownDisplayName} from '../mask/user-personal.js';
import {MenuDialog} from '../components/menu-dialog.js';
import type {MenuItem} from '../state/menu.js';
import {useEffect} from 'react';
import {refreshConnections, type UsersApi} from '../../services/users-api.js';
import {displayName} from '../../domain/user-factory.js';
import type {OverlayProps} from './overlay-view.js';
import {useMenuKeys} from './use-menu-keys.js';

export type ActionId = 'block' | 'unblock' | 'change-password' | 'change-email' | 'impersonate' | 'delete';

export function actionItems(service: UsersApi, userId: string): Array<MenuItem<ActionId>> {
	const user = service.user(userId);
	if (!user) {
		// Listed, but its profile in the store file cannot be read: deleting the row is all there is to do.
		return service.userProblem?.(userId) === undefined ? [] : [{id: 'delete', label: 'Delete User', enabled: true, dangerous: true, note: 'its profile cannot be read; removes the row'}];
	}

	const options = service.impersonationOptions(userId);
	const password = service.passwordChangeOptions(userId);
	return [
		user.blocked
			? {id: 'unblock', label: 'Unblock User', enabled: true, note: 'restores access'}
			: {id: 'block', label: 'Block User', enabled: true, note: 'sign-ins fail with "user is blocked"'},
		options.allowed
			? {id: 'impersonate', label: 'Sign in as User', enabled: true, note: `one-time URL · ${options.clients.length} application${options.clients.length === 1 ? '' : 's'}`}
			: {id: 'impersonate', label: 'Sign in as User', enabled: false, note: `unavailable: ${options.reason}`},
		password.allowed
			? {id: 'change-password', label: 'Change Password', enabled: true, note: `checked against ${password.connection.name}'s policy`}
			: {id: 'change-password', label: 'Change Password', enabled: false, note: `unavailable: ${password.reason}`},
		{id: 'change-email', label: 'Change Email', enabled: true, note: 'unique within the connection; verified or not'},
		{id: 'delete', label: 'Delete User', enabled: true, dangerous: true, note: 'permanent'},
	];
}

export function ActionsMenu({overlay, width, height}: OverlayProps<'actions'>) {
	const deck = useDeck();
	const shown = useShown();
	useStoreRevision();
	// Change Password reads the connection's policy: the tenant's current one.
	useEffect(() => {
		refreshConnections(deck.service);
	}, [deck.service]);
	const items = actionItems(deck.service, overlay.userId);
	const user = deck.service.user(overlay.userId);
	const selected = useMenuKeys(overlay, () => actionItems(deck.service, overlay.userId), action => {
		void choose(action);
	});

	async function choose(action: ActionId) {
		const {navigation, service} = deck;
		switch (action) {
			case 'block':
			case 'unblock': {
				navigation.dispatch({type: 'close-overlay'});
				await deck.attempt(
					async () => action === 'block' ? service.blockUser(overlay.userId) : service.unblockUser(overlay.userId),
					user => ({text: `${action === 'block' ? 'Blocked' : 'Unblocked'} ${displayName(user)}`, personal: personalValues(user)}),
				);
				break;
			}

			case 'change-password':
			case 'change-email': {
				// A screen of its own (the overlay closes with the push); Esc or a save comes back here.
				navigation.dispatch({type: 'push', screen: {name: action, userId: overlay.userId}});
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

	const problem = user ? undefined : deck.service.userProblem?.(overlay.userId);
	const heading = user
		? `${shownDisplayName(user, shown)} · ${shown.freeText(user.user_id)}`
		: (problem === undefined ? 'This user no longer exists' : `This user's profile cannot be read: ${shown.freeText(problem)}`);
	// As wide as the longest item or the heading wants (a reason on one line where the terminal has room).
	return <MenuDialog title="Actions" heading={heading} items={items} selected={selected} least={64} areaWidth={width} areaHeight={height} />;
}
