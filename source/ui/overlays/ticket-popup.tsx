// Sign in as User, step 2: the one-time URL with its expiry, and two actions:
// copy to the clipboard, open in the browser. The URL always stays visible for
// manual copying, whatever the clipboard or browser did.
import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {useDeck, useKeyHandler} from '../app-context.js';
import {keyHint, resolveBinding} from '../keymap.js';
import {theme} from '../theme.js';
import {sanitize} from '../../terminal/sanitize.js';
import {displayWidth, truncate} from '../../terminal/text-width.js';
import {wrapAll} from '../../terminal/wrap-words.js';
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

	// Over plain SSH without OSC 52 the URL on screen is the only way out, so it
	// stands alone: on rows of the terminal's full width with nothing else on
	// them (no border, no padding), so a mouse selection or `tmux capture-pane
	// -J` yields exactly the URL when it fits on one row. The panel spans the
	// width with rules above and below instead of a box.
	const textWidth = Math.max(1, width - 2);
	const intro = wrapAll(`One-time URL for ${sanitize(overlay.clientName)} · ${remaining(overlay.expiresAt, now)} · works once. It stands alone on the lines below: select it to copy it by hand.`, textWidth);
	const message = wrapAll(outcome ? sanitize(outcome.message) : 'The URL stays here for manual copying.', textWidth);
	const hints = {copy: keyHint('ticket.copy'), open: keyHint('ticket.open'), close: keyHint('ticket.close')};
	const keys = `  ${hints.copy} copy to clipboard   ${hints.open} open in browser   ${hints.close} close`;
	const allRows = chunk(sanitize(overlay.url), width);
	// A URL taller than the area (an application's callback can be any length)
	// would push the keys out of it: show what fits, and say that y copies the rest.
	const fixed = 2 + intro.length + 3 + message.length;
	const room = Math.max(1, height - fixed);
	const urlRows = allRows.length <= room
		? allRows
		: [...allRows.slice(0, room - 1), truncate(` … and ${allRows.length - room + 1} more lines: y copies the whole URL`, width)];
	const total = Math.min(height, fixed + urlRows.length);
	const top = Math.max(0, Math.floor((height - total) / 3));
	const blank = (key: string) => <Text key={key}>{' '.repeat(width)}</Text>;
	const prose = (key: string, text: string, color?: string) => (
		<Text key={key} wrap="truncate">
			<Text color={color}>{` ${text}`}</Text>
			{' '.repeat(Math.max(0, width - 1 - displayWidth(text)))}
		</Text>
	);
	const title = ' Sign in as User ';
	const rows = [
		<Text key="rule-top" color={theme.accent} bold wrap="truncate">{truncate(`──${title}${'─'.repeat(Math.max(0, width - 2 - title.length))}`, width)}</Text>,
		...intro.map((line, index) => prose(`intro-${index}`, line)),
		blank('before-url'),
		...urlRows.map((row, index) => (
			<Text key={`url-${index}`} wrap="truncate">
				<Text color={theme.accent}>{row}</Text>
				{' '.repeat(Math.max(0, width - displayWidth(row)))}
			</Text>
		)),
		blank('after-url'),
		<Text key="keys" wrap="truncate">
			<Text bold color={theme.accent}>  {hints.copy}</Text> copy to clipboard   <Text bold color={theme.accent}>{hints.open}</Text> open in browser   <Text bold>{hints.close}</Text> close{' '.repeat(Math.max(0, width - displayWidth(keys)))}
		</Text>,
		...message.map((line, index) => prose(`message-${index}`, line, outcome ? (outcome.ok ? theme.success : theme.danger) : theme.muted)),
		<Text key="rule-bottom" color={theme.accent} wrap="truncate">{'─'.repeat(width)}</Text>,
	];
	return (
		<Box position="absolute" marginTop={top} width={width} height={total} flexDirection="column" overflow="hidden">
			{rows.slice(0, total)}
		</Box>
	);
}
