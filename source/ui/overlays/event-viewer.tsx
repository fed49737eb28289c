// History → Enter: one log event's full JSON, scrollable, `y` copies it
// (masked on screen while masking is on; `y` then asks first).
import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {useDeck, useShown} from '../app-context.js';
import {personalValues} from '../mask/user-personal.js';
import {copyUserData} from '../screens/copy-and-report.js';
import {Dialog, dialogInnerHeight, dialogInnerWidth, wantedWidth} from '../components/dialog.js';
import {jsonLines, lineText} from '../components/json-lines.js';
import {JsonView} from '../components/json-view.js';
import {theme} from '../theme.js';
import {eventName} from '../../domain/log-codes.js';
import {safeJson} from '../../terminal/safe-json.js';
import {sanitize} from '../../terminal/sanitize.js';
import {displayWidth, truncate} from '../../terminal/text-width.js';
import type {OverlayProps} from './overlay-view.js';
import {useViewerKeys} from './use-viewer-keys.js';
import {keyHint, letterKey} from '../keymap.js';

export function EventViewer({overlay, width, height}: OverlayProps<'event'>) {
	const deck = useDeck();
	const shown = useShown();
	// Masked, a description that quotes the user's name loses it too.
	const lines = useMemo(
		() => jsonLines(shown.json(overlay.event, personalValues(overlay.event.user_id === undefined ? undefined : deck.service.user(overlay.event.user_id)))),
		[overlay.event, shown, deck],
	);
	// Wide enough for the longest line (a user agent) where the terminal has room.
	const wanted = useMemo(() => wantedWidth(Math.max(...lines.map(line => displayWidth(lineText(line)))), 100), [lines]);
	const innerHeight = dialogInnerHeight(height, 40);
	const inner = dialogInnerWidth(width, wanted);
	const visible = Math.max(1, innerHeight - 1);
	const offset = useViewerKeys(overlay, lines.length, visible, () => {
		copyUserData(deck, safeJson(overlay.event), 'the event\'s JSON');
	});

	const title = `${eventName(overlay.event.type)} · ${overlay.event.date}`;
	return (
		<Dialog title={sanitize(title)} areaWidth={width} areaHeight={height} width={wanted} height={40}>
			<Box flexDirection="column">
				<JsonView lines={lines} offset={offset} height={visible} width={inner} />
				<Text color={theme.muted} wrap="truncate">
					{truncate(`${offset + 1}–${Math.min(lines.length, offset + visible)} of ${lines.length} · ${letterKey('viewer.down')}/${letterKey('viewer.up')} scroll · ${keyHint('viewer.copy')} copy · ${keyHint('viewer.close')} close`, inner)}
				</Text>
			</Box>
		</Dialog>
	);
}
