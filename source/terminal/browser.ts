import {readFileSync} from 'node:fs';
import path from 'node:path';
import {checkBrowserUrl} from './safe-url.js';
import {sanitize} from './sanitize.js';

export type BrowserResult = {readonly ok: true} | {readonly ok: false; readonly message: string};

/** The part of a `ChildProcess` this module watches (a plain EventEmitter in tests). */
export type LauncherProcess = {
	readonly exitCode: number | null;
	readonly signalCode?: string | null;
	/** The launcher's command, used to name it in messages. */
	readonly spawnfile?: string;
	// `any` mirrors EventEmitter's own listener type, so a real ChildProcess fits.
	on(event: string, listener: (...args: any[]) => void): unknown;
	off(event: string, listener: (...args: any[]) => void): unknown;
};

export type BrowserDeps = {
	readonly open: (target: string, options: {readonly wait: false}) => Promise<LauncherProcess>;
	readonly platform: NodeJS.Platform;
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly isWsl: () => boolean;
	/** How long a launcher may take to fail before we count it as started. */
	readonly settleMs: number;
	/** The whole budget, from the call to the verdict. */
	readonly timeoutMs: number;
};

const copyHint = 'Copy the URL instead.';

function failure(reason: string): BrowserResult {
	return {ok: false, message: `${reason} ${copyHint}`};
}

function detectWsl(): boolean {
	try {
		return /microsoft/i.test(readFileSync('/proc/sys/kernel/osrelease', 'utf8'));
	} catch {
		return false;
	}
}

// On Linux and the BSDs, xdg-open needs an X11 or Wayland session; without one
// (SSH, containers, CI) it fails after `open` has already resolved. macOS,
// Windows, WSL (which opens the Windows browser) and Android (Termux) open
// URLs without one.
function missingDisplay(deps: Pick<BrowserDeps, 'platform' | 'env' | 'isWsl'>): string | undefined {
	if (deps.platform === 'darwin' || deps.platform === 'win32' || deps.platform === 'android') {
		return undefined;
	}

	if (deps.env['DISPLAY'] || deps.env['WAYLAND_DISPLAY'] || deps.isWsl()) {
		return undefined;
	}

	return 'no graphical display (DISPLAY is not set)';
}

function launcherName(child: LauncherProcess): string {
	return child.spawnfile ? sanitize(path.basename(child.spawnfile)) : 'the opener';
}

function exitVerdict(child: LauncherProcess, code: number | null, signal: string | null | undefined): BrowserResult {
	if (code === 0) {
		return {ok: true};
	}

	const how = code === null ? `was stopped by ${sanitize(String(signal ?? 'a signal'))}` : `exited with code ${code}`;
	return failure(`Could not open a browser (${launcherName(child)} ${how}).`);
}

function errorText(error: unknown): string {
	return sanitize(error instanceof Error ? error.message : String(error));
}

/** Resolves with `undefined` when `promise` takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<undefined>(resolve => {
		timer = setTimeout(resolve, ms, undefined);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

// `open` resolves once the launcher has spawned, before it knows whether a
// browser started: xdg-open without a browser exits with code 3 about 100 ms
// later. A launcher that exits non-zero within the settle time is a failure;
// one that exits 0, or is still running (it became the browser), is a success.
async function watchLauncher(child: LauncherProcess, settleMs: number): Promise<BrowserResult> {
	// A ChildProcess 'error' without a listener would crash the console later.
	child.on('error', () => {});

	// It may have ended while `open` was resolving, before these listeners existed.
	if (child.exitCode !== null || child.signalCode) {
		return exitVerdict(child, child.exitCode, child.signalCode);
	}

	return new Promise(resolve => {
		const finish = (result: BrowserResult) => {
			clearTimeout(timer);
			child.off('exit', onExit);
			child.off('error', onError);
			resolve(result);
		};

		const onExit = (code: number | null, signal: string | null) => {
			finish(exitVerdict(child, code, signal));
		};

		const onError = (error: unknown) => {
			finish(failure(`Could not open a browser (${launcherName(child)} failed: ${errorText(error)}).`));
		};

		const timer = setTimeout(() => {
			finish({ok: true});
		}, settleMs);
		child.on('exit', onExit);
		child.on('error', onError);
	});
}

// `open` and what it imports load at the first link opened, not with the
// console (see the clipboard's note).
const open: BrowserDeps['open'] = async (target, options) => {
	const {default: loaded} = await import('open');
	return loaded(target, options);
};

/**
 * Opens a web address in the user's browser, and says so only when a browser
 * plausibly started: refused URLs never reach `open`, a missing display fails
 * at once, and a launcher that fails within `settleMs` is reported. Always
 * settles within `timeoutMs` (4 s by default, so the console reports within 5 s).
 */
export async function openInBrowser(url: string, deps: Partial<BrowserDeps> = {}): Promise<BrowserResult> {
	const {
		open: openTarget = open,
		platform = process.platform,
		env = process.env,
		isWsl = detectWsl,
		settleMs = 1500,
		timeoutMs = 4000,
	} = deps;
	const deadline = Date.now() + timeoutMs;

	const checked = checkBrowserUrl(url);
	if (!checked.ok) {
		return {ok: false, message: `Refused to open this URL: ${checked.reason}.`};
	}

	const noDisplay = missingDisplay({platform, env, isWsl});
	if (noDisplay !== undefined) {
		return failure(`No browser available: ${noDisplay}.`);
	}

	let child: LauncherProcess | undefined;
	try {
		// `Promise.resolve().then` turns a synchronous throw into a rejection.
		child = await within(Promise.resolve().then(async () => openTarget(checked.url, {wait: false})), timeoutMs);
	} catch (error) {
		return failure(`Could not open a browser (${errorText(error)}).`);
	}

	if (child === undefined) {
		return failure(`Could not open a browser (the opener did not start within ${Math.round(timeoutMs / 1000)} s).`);
	}

	return watchLauncher(child, Math.max(0, Math.min(settleMs, deadline - Date.now())));
}
