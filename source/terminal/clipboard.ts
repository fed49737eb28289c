import {type TerminalOutput, writeOsc52} from './osc52.js';

// clipboardy (with execa and the platform detection under it, about 70
// modules) loads at the first copy, not with the console: compiling it took
// 100–250 ms right after the first frame, while the list was being sorted.
const clipboardy: ClipboardDeps['clipboardy'] = {
	async write(text) {
		const {default: loaded} = await import('clipboardy');
		return loaded.write(text);
	},
};

export type ClipboardResult =
	| {readonly ok: true; readonly via: 'clipboard' | 'osc52'; readonly message: string}
	| {readonly ok: false; readonly message: string};

export type ClipboardDeps = {
	readonly clipboardy: {write(text: string): Promise<void>};
	readonly stdout: TerminalOutput;
	readonly env: Readonly<Record<string, string | undefined>>;
	/** How long the clipboard program may take before we fall back. */
	readonly timeoutMs: number;
};

export const copiedMessage = 'Copied to the clipboard';
export const osc52Message = 'Sent to the terminal\'s clipboard (OSC 52); if your terminal doesn\'t support it, copy the URL shown';
export const unavailableMessage = 'Clipboard unavailable (no display, output is not a terminal): copy the text shown';

async function writeWithin(write: () => Promise<void>, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => {
			reject(new Error('the clipboard program did not answer'));
		}, ms);
	});
	try {
		await Promise.race([Promise.resolve().then(write), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Copies `text` where the user can paste it. Tries the system clipboard
 * (clipboardy) first; where that cannot work (no display: SSH, containers; its
 * error then wrongly blames a missing xsel) and the output is a terminal, asks
 * the terminal to copy with OSC 52, and says so, since that cannot be
 * confirmed. Never claims a copy that did not happen, and never writes OSC 52
 * to a file or pipe.
 */
export async function copyToClipboard(text: string, deps: Partial<ClipboardDeps> = {}): Promise<ClipboardResult> {
	const {
		clipboardy: clipboard = clipboardy,
		stdout = process.stdout,
		env = process.env,
		timeoutMs = 3000,
	} = deps;

	try {
		await writeWithin(async () => clipboard.write(text), timeoutMs);
		return {ok: true, via: 'clipboard', message: copiedMessage};
	} catch {
		// The clipboard program's own error is misleading without a display; the fallback says what happened instead.
	}

	if (stdout.isTTY !== true) {
		return {ok: false, message: unavailableMessage};
	}

	const sent = writeOsc52(stdout, text, env);
	if (!sent.ok) {
		return {ok: false, message: `Clipboard unavailable and ${sent.message}: copy the text shown`};
	}

	return {ok: true, via: 'osc52', message: osc52Message};
}
