// The root: frame (header, screen, footer, status line), the screen switch and
// the overlay switch. Keys enter in exactly one place and go to one owner.
import {Box, useInput, useStdin} from 'ink';
import {useLayoutEffect, useState} from 'react';
import {useDeck} from './app-context.js';
import {Footer} from './components/footer.js';
import {Header} from './components/header.js';
import {StatusLine, useStatusLineCount} from './components/status-line.js';
import {useWindowSize} from './hooks/use-window-size.js';
import {keyPresses, pastePress} from './input/key-name.js';
import {TerminalInput} from './input/terminal-input.js';
import {resolveBinding} from './keymap.js';
import {OverlayView} from './overlays/overlay-view.js';
import {ChangeEmailScreen} from './screens/change-email-screen.js';
import {ChangePasswordScreen} from './screens/change-password-screen.js';
import {CreateUserScreen} from './screens/create-user-screen.js';
import {UserScreen} from './screens/user-screen.js';
import {UsersListScreen} from './screens/users-list-screen.js';
import {useContainer} from './state/create-state.js';
import {topScreen} from './state/navigation.js';

/** Lines the frame takes besides the screen: two of header, footer, and the status line's first. */
export const chromeHeight = 4;

export function App() {
	const deck = useDeck();
	const {columns, rows} = useWindowSize();
	const navigation = useContainer(deck.navigation);
	const statusLineCount = useStatusLineCount(columns);
	const {stdin, internal_eventEmitter: inputEvents} = useStdin();
	const [terminal] = useState(() => new TerminalInput());
	useLayoutEffect(() => terminal.attach(stdin, inputEvents), [terminal, stdin, inputEvents]);
	useInput((input, key) => {
		const pasted = terminal.takePaste();
		if (pasted !== undefined) {
			deck.router.handle(pastePress(pasted));
			return;
		}

		for (const press of keyPresses(input, key, terminal.joinedBefore)) {
			// The terminal's own keys act at once, whatever has the input.
			const id = resolveBinding(['global'], press.name)?.id;
			if (id === 'global.redraw') {
				deck.ports.redraw?.();
			} else if (id === 'global.suspend') {
				deck.ports.suspend?.();
			} else {
				deck.router.handle(press);
			}
		}
	});
	// Ink 6 clears the whole screen on every frame once a frame is as tall as
	// the terminal, so the frame is one line shorter than the window.
	const height = rows - 1;
	// A status message that wraps takes its extra lines from the body.
	const bodyHeight = Math.max(3, height - chromeHeight - (statusLineCount - 1));
	const screen = topScreen(navigation);
	return (
		<Box flexDirection="column" width={columns} height={height}>
			<Header width={columns} navigation={navigation} />
			<Box height={bodyHeight} width={columns} flexDirection="column" overflow="hidden">
				{screen.name === 'users' && <UsersListScreen screen={screen} width={columns} height={bodyHeight} />}
				{screen.name === 'create-user' && <CreateUserScreen screen={screen} width={columns} height={bodyHeight} />}
				{screen.name === 'user' && <UserScreen key={screen.userId} screen={screen} width={columns} height={bodyHeight} />}
				{screen.name === 'change-password' && <ChangePasswordScreen key={screen.userId} screen={screen} width={columns} height={bodyHeight} />}
				{screen.name === 'change-email' && <ChangeEmailScreen key={screen.userId} screen={screen} width={columns} height={bodyHeight} />}
				{navigation.overlay && <OverlayView overlay={navigation.overlay} width={columns} height={bodyHeight} />}
			</Box>
			<Footer width={columns} />
			<StatusLine width={columns} />
		</Box>
	);
}
