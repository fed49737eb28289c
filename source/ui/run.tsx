// The console's entry point owns the terminal: it enters the alternate screen,
// hides the cursor, and restores both on quit, Ctrl-C, SIGTERM, SIGHUP and on an
// uncaught error, which it prints (sanitized) after the screen is restored.
import {render} from 'ink';
import path from 'node:path';
import {currentActor} from '../cli/context.js';
import {UsersService} from '../services/users-service.js';
import {Store} from '../store/store.js';
import {copyToClipboard} from '../terminal/clipboard.js';
import {openInBrowser} from '../terminal/browser.js';
import {sanitize} from '../terminal/sanitize.js';
import {App} from './app.js';
import {createDeck, DeckProvider} from './app-context.js';
import {editInExternalEditor} from './external-editor.js';
import {FrameWriter} from './frame-writer.js';

const enterAltScreen = '\u001B[?1049h\u001B[H';
const leaveAltScreen = '\u001B[?1049l';
const hideCursor = '\u001B[?25l';
const showCursor = '\u001B[?25h';

export type ConsoleOptions = {storePath: string};

export async function runConsole(options: ConsoleOptions): Promise<void> {
	const {stdout, stdin} = process;
	if (!stdin.isTTY || !stdout.isTTY) {
		throw new Error('The console needs a terminal; for scripts use the commands (userdeck --help)');
	}

	let restored = false;
	const restore = () => {
		if (!restored) {
			restored = true;
			stdout.write(showCursor + leaveAltScreen);
		}
	};

	const onSignal = (signal: NodeJS.Signals) => {
		instance?.unmount();
		restore();
		process.exit(signal === 'SIGINT' ? 130 : 143);
	};

	const onFatal = (error: unknown) => {
		instance?.unmount();
		restore();
		process.stderr.write(`userdeck: ${sanitize(error instanceof Error ? error.stack ?? error.message : String(error))}\n`);
		process.exit(1);
	};

	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	process.on('SIGINT', onSignal);
	process.on('uncaughtException', onFatal);
	process.on('unhandledRejection', onFatal);

	// Raw mode at once: keys typed while the store loads wait for the console
	// instead of being echoed over the screen.
	stdin.setRawMode(true);

	// Open the store before taking over the screen so a refused store prints a
	// plain error and leaves the terminal as it was.
	let store: Store;
	try {
		store = await Store.open({path: options.storePath});
	} catch (error) {
		stdin.setRawMode(false);
		throw error;
	}

	const stopWatching = store.watch();
	const service = new UsersService({store, actor: currentActor('console')});

	let instance: ReturnType<typeof render> | undefined;
	stdout.write(enterAltScreen + hideCursor);
	const frames = new FrameWriter(stdout);
	try {
		const deck = createDeck({
			service,
			ports: {
				copy: async text => copyToClipboard(text),
				openUrl: async url => openInBrowser(url),
				editText: async (text, fileName) => editInExternalEditor(text, fileName, {
					suspend() {},
					resume() {
						stdout.write(enterAltScreen + hideCursor);
						frames.invalidate();
					},
				}),
			},
			exit: () => instance?.unmount(),
			storeLabel: path.basename(options.storePath),
		});
		for (const warning of store.warnings) {
			deck.report('error', warning);
		}

		instance = render(
			<DeckProvider deck={deck}>
				<App />
			</DeckProvider>,
			{stdout: frames as unknown as NodeJS.WriteStream, exitOnCtrlC: false, patchConsole: false, maxFps: 60},
		);
		await instance.waitUntilExit();
	} finally {
		stopWatching();
		frames.detach();
		restore();
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
		process.off('SIGINT', onSignal);
		process.off('uncaughtException', onFatal);
		process.off('unhandledRejection', onFatal);
		await store.close();
	}
}
