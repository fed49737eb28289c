// `a` with marked users: Block, Unblock, Delete or Export all of them. The
// users are those marked when `a` was pressed (still there now); the menu
// names how many, and how many are already in the state asked for.
import {useMemo, useRef} from 'react';
import {useDeck, useStoreRevision} from '../app-context.js';
import {MenuDialog} from '../components/menu-dialog.js';
import {startBatch} from '../state/batch-run.js';
import type {MenuItem} from '../state/menu.js';
import {groupDigits} from '../../domain/group-digits.js';
import type {UsersApi} from '../../services/users-api.js';
import type {OverlayProps} from './overlay-view.js';
import {useMenuKeys} from './use-menu-keys.js';

export type BatchActionId = 'block' | 'unblock' | 'delete' | 'export';

/** "12 users", "1 user". */
export function usersCount(count: number): string {
	return `${groupDigits(count)} user${count === 1 ? '' : 's'}`;
}

/** The users of `userIds` the store still has. */
export function presentUsers(service: UsersApi, userIds: readonly string[]): string[] {
	// A tenant holds only the pages loaded: its answer to each call says who is gone.
	// By the list's columns: a million marks must not parse a million profiles.
	const users = service.usersById();
	return service.remoteUsers ? [...userIds] : userIds.filter(id => users.has(id));
}

/** The menu, and the users it is for (those of `userIds` still there). */
export function batchActionItems(service: UsersApi, userIds: readonly string[]): {items: Array<MenuItem<BatchActionId>>; present: string[]} {
	const present = presentUsers(service, userIds);
	const users = service.usersById();
	const blocked = present.filter(id => (users.get(id) ?? service.user(id))?.blocked).length;
	const count = usersCount(present.length);
	const none = present.length === 0;
	const items: Array<MenuItem<BatchActionId>> = [
		{id: 'block', label: `Block ${count}`, enabled: !none, note: blocked > 0 ? `${groupDigits(blocked)} already blocked` : 'sign-ins fail with "user is blocked"'},
		{id: 'unblock', label: `Unblock ${count}`, enabled: !none, note: `${groupDigits(blocked)} blocked now`},
		{id: 'delete', label: `Delete ${count}`, enabled: !none, dangerous: true, note: 'permanent · type the number to confirm'},
		{id: 'export', label: `Export ${count}`, enabled: !none, note: 'to a new file, NDJSON or CSV'},
	];
	return {items, present};
}

export function BatchActionsMenu({overlay, width, height}: OverlayProps<'batch-actions'>) {
	const deck = useDeck();
	const revision = useStoreRevision();
	// Once per change of the store: reading a thousand users costs milliseconds.
	const menu = useMemo(() => batchActionItems(deck.service, overlay.userIds), [deck.service, overlay.userIds, revision]);
	const latest = useRef(menu);
	latest.current = menu;
	const {items} = menu;
	const selected = useMenuKeys(overlay, () => latest.current.items, action => {
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

	const heading = `${usersCount(menu.present.length)} marked`;
	return <MenuDialog title="Actions for marked users" heading={heading} items={items} selected={selected} least={56} areaWidth={width} areaHeight={height} />;
}
