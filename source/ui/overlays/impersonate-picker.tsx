// Sign in as User, step 1: choose the application to sign in to.
import {Box, Text} from 'ink';
import {useState} from 'react';
import {useDeck, useKeyHandler, useStoreRevision} from '../app-context.js';
import {Dialog, dialogInnerWidth, wantedWidth} from '../components/dialog.js';
import {MenuList, menuHeight, menuNaturalWidth} from '../components/menu-list.js';
import {splitBurst} from '../input/key-name.js';
import {resolveBinding} from '../keymap.js';
import {createState, useContainer} from '../state/create-state.js';
import {type MenuItem, moveMenu} from '../state/menu.js';
import {movementOf} from '../state/scroll-window.js';
import {theme} from '../theme.js';
import type {UsersApi} from '../../services/users-api.js';
import {sanitize} from '../../terminal/sanitize.js';
import {displayWidth, truncate} from '../../terminal/text-width.js';
import {wrapAll} from '../../terminal/wrap-words.js';
import type {OverlayProps} from './overlay-view.js';

function clientItems(service: UsersApi, userId: string): {items: MenuItem[]; reason?: string} {
	if (!service.user(userId)) {
		return {items: [], reason: 'This user no longer exists'};
	}

	const options = service.impersonationOptions(userId);
	if (!options.allowed) {
		return {items: [], reason: options.reason};
	}

	return {
		items: options.clients.map(client => ({
			id: client.client_id,
			label: client.name,
			enabled: true,
			note: client.callbacks[0],
		})),
	};
}

export function ImpersonatePicker({overlay, width, height}: OverlayProps<'impersonate'>) {
	const deck = useDeck();
	useStoreRevision();
	const {items, reason} = clientItems(deck.service, overlay.userId);
	const [selection] = useState(() => createState((_: number, next: number) => next, 0));
	const selected = useContainer(selection);
	const [busy, setBusy] = useState(false);

	useKeyHandler(overlay, ['menu'], key => {
		for (const press of splitBurst(key)) {
			const id = resolveBinding(['menu'], press.name)?.id;
			const movement = movementOf(id);
			if (movement) {
				selection.dispatch(moveMenu(clientItems(deck.service, overlay.userId).items, selection.getState(), movement));
			} else if (id === 'menu.close') {
				deck.navigation.dispatch({type: 'close-overlay'});
				return true;
			} else if (id === 'menu.select' && !busy) {
				const item = clientItems(deck.service, overlay.userId).items[selection.getState()];
				if (item) {
					setBusy(true);
					void issue(item.id);
				}
			}
		}

		return true;
	});

	async function issue(clientId: string) {
		const ticket = await deck.attempt(async () => deck.service.impersonate(overlay.userId, clientId));
		setBusy(false);
		if (ticket) {
			deck.navigation.dispatch({
				type: 'open-overlay',
				overlay: {name: 'ticket', userId: overlay.userId, url: ticket.url, expiresAt: ticket.expiresAt, clientName: ticket.client.name},
			});
		}
	}

	const reasonText = reason ? sanitize(reason) : '';
	const wanted = wantedWidth(reason ? displayWidth(reasonText) : menuNaturalWidth(items), 72);
	const inner = dialogInnerWidth(width, wanted);
	const reasonLines = reason ? wrapAll(reasonText, inner) : [];
	return (
		<Dialog title="Sign in as User" areaWidth={width} areaHeight={height} width={wanted} height={(reason ? reasonLines.length : Math.max(1, menuHeight(items, inner))) + 2}>
			<Box flexDirection="column">
				<Text color={theme.muted} wrap="truncate">{truncate(reason ? '' : 'Choose the application to sign in to:', inner)}</Text>
				<Text> </Text>
				{reason
					? reasonLines.map((line, index) => <Text key={index} color={theme.warning} wrap="truncate">{line}</Text>)
					: <MenuList items={items} selected={selected} width={inner} />}
			</Box>
		</Dialog>
	);
}
