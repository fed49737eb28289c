// Unlinking a device revokes its refresh token: a y/N confirmation (the user
// can sign in again on that device, so it is not the type-to-confirm kind).
import {Box, Text} from 'ink';
import {useDeck, useKeyHandler, useShown} from '../app-context.js';
import {Dialog, dialogInnerWidth} from '../components/dialog.js';
import {isDeliberate} from '../input/key-name.js';
import {keyHint, resolveBinding} from '../keymap.js';
import {theme} from '../theme.js';
import {sanitize} from '../../terminal/sanitize.js';
import {truncate} from '../../terminal/text-width.js';
import type {OverlayProps} from './overlay-view.js';

export function ConfirmUnlink({overlay, width, height}: OverlayProps<'confirm-unlink'>) {
	const deck = useDeck();
	const shown = useShown();
	const device = deck.service.device(overlay.deviceId);
	const client = device ? deck.service.client(device.client_id) : undefined;

	useKeyHandler(overlay, ['confirm'], key => {
		// Yes is one key pressed on its own, never a paste or a key joined with others: "y\r" confirms nothing.
		const id = key.isPaste ? undefined : resolveBinding(['confirm'], key.name)?.id;
		if (id === 'confirm.yes' && isDeliberate(key)) {
			deck.navigation.dispatch({type: 'close-overlay'});
			void deck.attempt(
				async () => deck.service.unlinkDevice(overlay.userId, overlay.deviceId),
				() => ({text: `Unlinked ${device?.device_name ?? overlay.deviceId}: its refresh token is revoked`, personal: device ? [device.device_name] : []}),
			);
		} else if (id === 'confirm.no') {
			deck.navigation.dispatch({type: 'close-overlay'});
		}

		return true;
	});

	const inner = dialogInnerWidth(width, 64);
	return (
		<Dialog title="Unlink device" tone="danger" areaWidth={width} areaHeight={height} width={64} height={5}>
			<Box flexDirection="column">
				<Text wrap="truncate">{truncate(`Unlink ${device ? shown.name(device.device_name) : sanitize(overlay.deviceId)}?`, inner)}</Text>
				<Text color={theme.muted} wrap="truncate">{truncate(`Application: ${sanitize(client?.name ?? device?.client_id ?? 'unknown')}`, inner)}</Text>
				<Text wrap="truncate">{truncate('Its refresh token is revoked; the user must sign in again there.', inner)}</Text>
				<Text> </Text>
				<Text wrap="truncate"><Text bold color={theme.danger}>{keyHint('confirm.yes')}</Text> unlink   <Text bold>{keyHint('confirm.no')}</Text> keep</Text>
			</Box>
		</Dialog>
	);
}
