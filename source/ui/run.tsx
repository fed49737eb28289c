// The console's entry point owns the terminal: it enters the alternate screen,
// hides the cursor, turns autowrap off and bracketed paste on (terminal/modes.ts),
// and restores all of them on quit, Ctrl-C, SIGTERM, SIGHUP, on an uncaught
// error, which it prints (sanitized) after the screen is restored, while
// suspended (Ctrl-Z, SIGTSTP) and while $EDITOR has the terminal.
import {render} from 'ink';
import path from 'node:path';
import type {OpenedTenantService} from '../live/open-tenant.js';
import {openLocalService, type OpenedLocalService} from '../services/open-local-service.js';
import type {Target} from '../services/target.js';
import type {LoadPreview} from '../store/store.js';
import {historyFile, historyTargetId, openHistoryFile} from '../store/history-file.js';
import {backgroundFromColorfgbg, backgroundQuery, readTerminalReplies} from '../terminal/background.js';
import {colorEnabled} from '../terminal/color-support.js';
import {enterConsole, leaveConsole} from '../terminal/modes.js';
import {sanitize} from '../terminal/sanitize.js';
import {collectAfterLoad} from './collect-after-load.js';
import {FrameWriter} from './frame-writer.js';
import {inkRenderOptions} from './ink-options.js';
import {Boot, type ConsoleApp, type Ready} from './boot.js';
import {loadProgressReducer, startOfLoading} from './loading-screen.js';
import {createState} from './state/create-state.js';
import {applyTheme, type ThemeName} from './theme.js';

/**
 * How long after its start-up queries the console waits, at most, for the
 * terminal's answers before drawing the console over a store that loaded
 * sooner (see runConsole): a terminal answers in milliseconds (over SSH, a
 * round trip), and one that does not answer at all is rare.
 */
const replyWaitMs = 250;

export type ConsoleOptions = {
	/** The local store or a live tenant (cli/target-option.ts resolves it). */
	target: Target;
	/** The palette ('auto': from the terminal's background); colours themselves follow NO_COLOR and FORCE_COLOR. */
	theme?: ThemeName | 'auto';
	/** Create a local store even in a folder others can write to. */
	force?: boolean | undefined;
	/** Mask personal data on screen from the start (`--mask`, USERDECK_MASK=1); `M` toggles it. */
	masked?: boolean | undefined;
};

export async function runConsole(options: ConsoleOptions): Promise<void> {
	const {stdout, stdin} = process;
	if (!stdin.isTTY || !stdout.isTTY) {
		throw new Error('The console needs a terminal; for scripts use the commands (userdeck --help)');
	}

	let instance: ReturnType<typeof render> | undefined;
	let restored = false;
	const restore = () => {
		if (!restored) {
			restored = true;
			stdout.write(leaveConsole);
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

	// The theme: the one asked for, else COLORFGBG's guess, else dark; in
	// 'auto' the terminal is asked too, and its answer, if it comes while the
	// store loads, decides before the console is drawn. Start-up never waits for it.
	const color = colorEnabled(stdout);
	const setting = options.theme ?? 'auto';
	applyTheme({name: setting === 'auto' ? backgroundFromColorfgbg(process.env.COLORFGBG) ?? 'dark' : setting, color});
	let awaitingReplies = setting === 'auto' && color;
	let typedWhileLoading: Buffer[] = [];
	let consoleShown = false;
	/** Called once the terminal's answers to the start-up queries are in. */
	let repliesTaken: (() => void) | undefined;
	const takeReplies = () => {
		const replies = readTerminalReplies(Buffer.concat(typedWhileLoading).toString('latin1'));
		typedWhileLoading = [Buffer.from(replies.keys, 'latin1')];
		if (replies.background && !consoleShown) {
			applyTheme({name: replies.background, color});
		}

		awaitingReplies &&= !replies.finished;
	};

	// Raw mode at once: keys typed while the store loads wait for the console
	// instead of being echoed over the screen.
	stdin.setRawMode(true);
	// Keys typed while loading are kept for the console, except Ctrl-C, which
	// quits at once (raw mode turns it into a byte instead of a signal).
	// Read with 'readable' as Ink does (not 'data', whose flowing mode would
	// lose keys at the hand-over, and not paused, which stops the tty handle).
	const onLoadingKey = () => {
		let chunk: Buffer | string | null;
		while ((chunk = stdin.read() as Buffer | string | null) !== null) {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			if (bytes.includes(3)) {
				onSignal('SIGINT');
			}

			typedWhileLoading.push(bytes);
		}

		if (awaitingReplies) {
			takeReplies();
			if (!awaitingReplies) {
				repliesTaken?.();
			}
		}
	};

	stdin.on('readable', onLoadingKey);

	// The first frame comes before the store is read: a million users take
	// seconds, and the screen shows how far loading got meanwhile.
	const {target} = options;
	// The header never lets a live tenant pass for a local store.
	// (A tenant's header also carries LIVE: the label only names it.)
	const storeLabel = target.kind === 'local' ? path.basename(target.storePath) : (target.name ? `${target.name} · ${target.domain}` : target.domain);
	stdout.write(enterConsole + (awaitingReplies ? backgroundQuery : ''));
	const queriedAt = performance.now();
	const frames = new FrameWriter(stdout);
	// Ctrl-Z (or SIGTSTP from the shell): the terminal goes back to the shell,
	// then the process stops; `fg` brings the console back, painted whole.
	// Windows has no job control (and Node cannot listen for these signals there).
	const jobControl = process.platform !== 'win32';
	const onSuspend = () => {
		if (restored || !jobControl) {
			return;
		}

		stdout.write(leaveConsole);
		stdin.setRawMode(false);
		process.kill(process.pid, 'SIGSTOP');
	};

	const onContinue = () => {
		if (restored) {
			return;
		}

		stdin.setRawMode(true);
		stdout.write(enterConsole);
		frames.redraw();
	};

	if (jobControl) {
		process.on('SIGTSTP', onSuspend);
		process.on('SIGCONT', onContinue);
	}

	const progress = createState(loadProgressReducer, startOfLoading);
	const ready = createState<Ready | undefined, Ready>((_state, next) => next, undefined);
	const preview = createState<LoadPreview | undefined, LoadPreview>((_state, next) => next, undefined);
	const booting = render(<Boot progress={progress} preview={preview} ready={ready} storeLabel={storeLabel} masked={options.masked === true} />, {...inkRenderOptions, stdout: frames as unknown as NodeJS.WriteStream});
	instance = booting;

	// The rest of the console loads once a big store's first users are drawn
	// (loading it sooner holds them up: both take turns on the one thread),
	// or once a small store is open.
	let loadingApp: Promise<ConsoleApp> | undefined;
	const loadApp = async () => {
		loadingApp ??= import('./console-app.js');
		return loadingApp;
	};

	// The prompts' history, read while the store loads; a problem with it is a warning, never a stop.
	const historyErrors: string[] = [];
	let reportHistoryError = (message: string) => {
		historyErrors.push(message);
	};

	const openingHistory = openHistoryFile(historyFile(historyTargetId(target)), message => {
		reportHistoryError(message);
	});
	let opened: OpenedLocalService | OpenedTenantService;
	let app: ConsoleApp;
	try {
		// A live tenant has its own door (live/open-tenant.ts).
		opened = target.kind === 'tenant' ? await (await import('../live/open-tenant.js')).openTenant(target, {source: 'console'}) : await openLocalService(target, {
			source: 'console',
			force: options.force,
			onProgress: (loaded, total) => progress.dispatch({loaded, total}),
			onPreview(next) {
				preview.dispatch(next);
				if (next.users.length > 0) {
					setImmediate(() => {
						void loadApp().catch(() => undefined);
					});
				}
			},
			// Reading a big store pauses every slice, so keys and frames get their turn.
			sliceMs: 8,
		});
		app = await loadApp();
	} catch (error) {
		// A refused store: the terminal goes back to how it was, then the error prints.
		stdin.off('readable', onLoadingKey);
		stdin.pause();
		booting.unmount();
		frames.detach();
		restore();
		stdin.setRawMode(false);
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
		process.off('SIGINT', onSignal);
		process.off('SIGTSTP', onSuspend);
		process.off('SIGCONT', onContinue);
		process.off('uncaughtException', onFatal);
		process.off('unhandledRejection', onFatal);
		throw error;
	}

	// A big store read from its lines leaves V8 a heap of gigabytes to collect
	// once: done here, while the loading screen is up, instead of as pauses of
	// up to 1.6 s between keys in the first seconds of using the list (measured
	// at a million users). A load from the columns file leaves little (see
	// collect-after-load.ts).
	const {service} = opened;
	await collectAfterLoad(service.userCount() ?? 0, 'loadLeftGarbage' in opened && opened.loadLeftGarbage);

	const stopWatching = opened.watch();
	const {history, warning: historyWarning} = await openingHistory;
	try {
		const deck = app.createDeck({
			service,
			history,
			ports: {
				copy: async text => app.copyToClipboard(text),
				openUrl: async url => app.openInBrowser(url),
				editText: async (text, fileName) => app.editInExternalEditor(text, fileName, {
					suspend() {
						stdout.write(leaveConsole);
					},
					resume() {
						stdout.write(enterConsole);
						frames.redraw();
					},
				}),
				redraw: () => frames.redraw(),
				suspend: onSuspend,
			},
			exit: () => booting.unmount(),
			storeLabel,
			masked: options.masked === true,
		});
		for (const warning of [...opened.warnings, ...(historyWarning ? [historyWarning] : []), ...historyErrors]) {
			deck.report('error', warning);
		}

		reportHistoryError = message => deck.report('error', message);

		// The console is drawn in the palette the terminal's answer asks for: a
		// store that loaded before the answer came waits for it a little. Every
		// terminal answers the device-attributes query sent after the colour
		// query, which ends the wait at once whether or not it knows OSC 11; one
		// that answers nothing costs a small store at most replyWaitMs from the
		// query (the loading screen is up meanwhile, drawn before any answer).
		const left = replyWaitMs - (performance.now() - queriedAt);
		if (awaitingReplies && left > 0) {
			await new Promise<void>(resolve => {
				const timer = setTimeout(resolve, left);
				repliesTaken = () => {
					clearTimeout(timer);
					resolve();
				};
			});
		}

		// Hand the keys typed meanwhile to Ink, which reads stdin from here on
		// (an answer to the background query still on its way is dropped by input/terminal-input.ts).
		stdin.off('readable', onLoadingKey);
		takeReplies();
		consoleShown = true;
		const typed = Buffer.concat(typedWhileLoading);
		if (typed.length > 0) {
			stdin.unshift(typed);
		}

		ready.dispatch({deck, app});
		await booting.waitUntilExit();
	} finally {
		stopWatching();
		frames.detach();
		restore();
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
		process.off('SIGINT', onSignal);
		process.off('SIGTSTP', onSuspend);
		process.off('SIGCONT', onContinue);
		process.off('uncaughtException', onFatal);
		process.off('unhandledRejection', onFatal);
		// The last entry typed is on disk before the process ends.
		await history.flush();
		const waiting = 'closing' in opened ? opened.closing() : undefined;
		if (waiting) {
			// Back in the shell, a wait of a few seconds says what it is for.
			process.stderr.write(`userdeck: ${waiting}…\n`);
		}

		await opened.close();
	}
}
