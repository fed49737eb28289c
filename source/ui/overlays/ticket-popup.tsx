// Sign in as User, step 2: the one-time URL with its expiry, and two actions:
// copy to the clipboard, open in the browser. The URL always stays visible for
// manual copying, whatever the clipboard or browser did.
import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {useDeck, useKeyHandler} from '../app-context.js';
import {Dialog, dialogInnerHeight, dialogInnerWidth} from '../components/dialog.js';
import {keyHint, resolveBinding} from '../keymap.js';
import {theme} from '../theme.js';
import {sanitize} from '../../terminal/sanitize.js';
import {truncate} from '../../terminal/text-width.js';
import type {OverlayProps} from './overlay-view.js';

/** Splits text into rows of `width` characters (URLs have no spaces to wrap at). */
export function chunk(text: string, width: number): string[] {
	const chars = [...text];
	const rows: string[] = [];
	for (let index = 0; index < chars.length; index += width) {
		rows.push(chars.slice(index, index + width).join(''));
	}

	return rows;
}

function remaining(expiresAt: string, now: Date): string {
	const seconds = Math.round((new Date(expiresAt).getTime() - now.getTime()) / 1000);
	if (seconds <= 0) {
		return 'expired';
	}

	return `expires in ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function TicketPopup({overlay, width, height}: OverlayProps<'ticket'>) {
	const deck = useDeck();
	const [outcome, setOutcome] = useState<{ok: boolean; message: string} | undefined>();
	const [now, setNow] = useState(() => deck.now());
	useEffect(() => {
		const timer = setInterval(() => {
			setNow(deck.now());
		}, 1000);
		timer.unref?.();
		return () => {
			clearInterval(timer);
		};
	}, [deck]);

	useKeyHandler(overlay, ['ticket'], key => {
		const id = key.isPaste ? undefined : resolveBinding(['ticket'], key.name)?.id;
		if (id === 'ticket.close') {
			deck.navigation.dispatch({type: 'close-overlay'});
		} else if (id === 'ticket.copy') {
			void act(async () => deck.ports.copy(overlay.url));
		} else if (id === 'ticket.open') {
			void act(async () => {
				const result = await deck.ports.openUrl(overlay.url);
				return result.ok ? {ok: true, message: 'Opened in the browser'} : result;
			});
		}

		return true;
	});

	async function act(action: () => Promise<{ok: boolean; message: string}>) {
		try {
			const result = await action();
			setOutcome(result);
			deck.report(result.ok ? 'success' : 'error', result.message);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			setOutcome({ok: false, message});
			deck.report('error', message);
		}
	}

	const inner = dialogInnerWidth(width, 76);
	// A URL taller than the dialog (an application's callback can be any length)
	// would push the title and the keys out of it: show what fits, and say that
	// y copies the rest.
	const allRows = chunk(sanitize(overlay.url), inner);
	const room = Math.max(1, dialogInnerHeight(height, allRows.length + 6) - 5);
	const urlRows = allRows.length <= room
		? allRows
		: [...allRows.slice(0, room - 1), truncate(`… and ${allRows.length - room + 1} more lines: y copies the whole URL`, inner)];
	return (
		<Dialog title="Sign in as User" areaWidth={width} areaHeight={height} width={76} height={urlRows.length + 6}>
			<Box flexDirection="column">
				<Text wrap="truncate">{truncate(`One-time URL for ${sanitize(overlay.clientName)} · ${remaining(overlay.expiresAt, now)} · works once`, inner)}</Text>
				<Text> </Text>
				{urlRows.map((row, index) => <Text key={index} color={theme.accent}>{row}</Text>)}
				<Text> </Text>
				<Text wrap="truncate"><Text bold color={theme.accent}>{keyHint('ticket.copy')}</Text> copy to clipboard   <Text bold color={theme.accent}>{keyHint('ticket.open')}</Text> open in browser   <Text bold>{keyHint('ticket.close')}</Text> close</Text>
				<Text color={outcome ? (outcome.ok ? theme.success : theme.danger) : theme.muted} wrap="truncate">
					{truncate(outcome ? sanitize(outcome.message) : 'The URL stays here for manual copying.', inner)}
				</Text>
			</Box>
		</Dialog>
	);
}
