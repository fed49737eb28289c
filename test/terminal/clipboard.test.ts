import {afterEach, describe, expect, test, vi} from 'vitest';
import {copiedMessage, copyToClipboard, osc52Message, unavailableMessage} from '../../source/terminal/clipboard.js';
import {maxOsc52Payload, osc52Sequence, writeOsc52} from '../../source/terminal/osc52.js';

/** A stand-in for process.stdout that records what was written. */
function fakeOutput(isTTY: boolean) {
	const written: string[] = [];
	return {isTTY, written, write: (chunk: string) => written.push(chunk)};
}

// clipboardy's error without a display: it blames xsel, not the missing display.
const noDisplayError = new Error('Couldn\'t find the `xsel` binary and fallback didn\'t work. On Debian/Ubuntu you can install xsel with: sudo apt install xsel');

function failingClipboard() {
	const calls: string[] = [];
	return {
		calls,
		clipboardy: {
			async write(text: string) {
				calls.push(text);
				throw noDisplayError;
			},
		},
	};
}

function workingClipboard() {
	const calls: string[] = [];
	return {
		calls,
		clipboardy: {
			async write(text: string) {
				calls.push(text);
			},
		},
	};
}

const url = 'https://login.example.com/impersonate?ticket=abc';
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

afterEach(() => {
	vi.useRealTimers();
});

describe('copyToClipboard', () => {
	test('uses the system clipboard when it works, and writes nothing to the terminal', async () => {
		const {clipboardy, calls} = workingClipboard();
		const stdout = fakeOutput(true);
		const result = await copyToClipboard(url, {clipboardy, stdout, env: {}});
		expect(result).toEqual({ok: true, via: 'clipboard', message: copiedMessage});
		expect(calls).toEqual([url]);
		expect(stdout.written).toEqual([]);
	});

	test('without a display, on a terminal, falls back to OSC 52 and says so', async () => {
		const {clipboardy, calls} = failingClipboard();
		const stdout = fakeOutput(true);
		const result = await copyToClipboard(url, {clipboardy, stdout, env: {}});
		expect(calls).toEqual([url]);
		expect(result).toEqual({ok: true, via: 'osc52', message: osc52Message});
		expect(osc52Message).toBe('Sent to the terminal\'s clipboard (OSC 52); if your terminal doesn\'t support it, copy the URL shown');
		expect(stdout.written).toEqual([`\u001B]52;c;${base64(url)}\u0007`]);
	});

	test('without a display and not on a terminal, never claims success and writes nothing', async () => {
		const {clipboardy} = failingClipboard();
		const stdout = fakeOutput(false);
		const result = await copyToClipboard(url, {clipboardy, stdout, env: {}});
		expect(result).toEqual({ok: false, message: unavailableMessage});
		expect(unavailableMessage).toBe('Clipboard unavailable (no display, output is not a terminal): copy the text shown');
		expect(stdout.written).toEqual([]);
	});

	test('a stream without isTTY (a pipe or file) counts as not a terminal', async () => {
		const {clipboardy} = failingClipboard();
		const written: string[] = [];
		const result = await copyToClipboard(url, {clipboardy, stdout: {write: (chunk: string) => written.push(chunk)}, env: {}});
		expect(result.ok).toBe(false);
		expect(written).toEqual([]);
	});

	test('inside tmux, the sequence is wrapped in tmux passthrough', async () => {
		const {clipboardy} = failingClipboard();
		const stdout = fakeOutput(true);
		await copyToClipboard(url, {clipboardy, stdout, env: {TMUX: '/tmp/tmux-1000/default,123,0'}});
		expect(stdout.written).toEqual([`\u001BPtmux;\u001B\u001B]52;c;${base64(url)}\u0007\u001B\\`]);
	});

	test('text too large for the terminal is refused, not half-copied', async () => {
		const {clipboardy} = failingClipboard();
		const stdout = fakeOutput(true);
		const result = await copyToClipboard('x'.repeat(200_000), {clipboardy, stdout, env: {}});
		expect(result).toEqual({ok: false, message: 'Clipboard unavailable and the text is too large for the terminal\'s clipboard (267 KB encoded, at most 100 KB): copy the text shown'});
		expect(stdout.written).toEqual([]);
	});

	test('multi-line JSON with control characters is copied intact, and only as base64', async () => {
		const {clipboardy} = failingClipboard();
		const stdout = fakeOutput(true);
		const json = JSON.stringify({name: 'x\u001B]52;c;evil\u0007', note: 'a\u009Bb'}, null, 2);
		await copyToClipboard(json, {clipboardy, stdout, env: {}});
		const [written] = stdout.written;
		expect(written).toMatch(/^\u001B\]52;c;[A-Za-z\d+/]+=*\u0007$/);
		const payload = written!.slice('\u001B]52;c;'.length, -1);
		expect(Buffer.from(payload, 'base64').toString('utf8')).toBe(json);
	});

	test('a clipboard program that hangs is abandoned after the timeout', async () => {
		vi.useFakeTimers();
		const stdout = fakeOutput(true);
		const result = copyToClipboard(url, {clipboardy: {write: async () => new Promise<void>(() => {})}, stdout, env: {}});
		await vi.advanceTimersByTimeAsync(3000);
		expect(await result).toEqual({ok: true, via: 'osc52', message: osc52Message});
	});

	test('a clipboard program that throws synchronously still falls back', async () => {
		const stdout = fakeOutput(false);
		const throwing = {
			write(): Promise<void> {
				throw new Error('boom');
			},
		};
		expect(await copyToClipboard(url, {clipboardy: throwing, stdout, env: {}})).toEqual({ok: false, message: unavailableMessage});
	});
});

describe('writeOsc52', () => {
	test('writes the sequence to a terminal', () => {
		const stdout = fakeOutput(true);
		expect(writeOsc52(stdout, 'héllo', {})).toEqual({ok: true});
		expect(stdout.written).toEqual([osc52Sequence('héllo', {})]);
		expect(osc52Sequence('héllo', {})).toBe(`\u001B]52;c;${base64('héllo')}\u0007`);
	});

	test('never writes to something that is not a terminal', () => {
		const stdout = fakeOutput(false);
		expect(writeOsc52(stdout, 'hello', {})).toEqual({ok: false, message: 'output is not a terminal'});
		expect(stdout.written).toEqual([]);

		// A file or pipe stream has no isTTY at all.
		const written: string[] = [];
		expect(writeOsc52({write: (chunk: string) => written.push(chunk)}, 'hello', {}).ok).toBe(false);
		expect(written).toEqual([]);
	});

	test('accepts a payload right at the limit and refuses one byte more', () => {
		// 3 bytes of text become 4 base64 characters.
		const atLimit = 'x'.repeat(maxOsc52Payload / 4 * 3);
		expect(writeOsc52(fakeOutput(true), atLimit, {}).ok).toBe(true);
		expect(writeOsc52(fakeOutput(true), `${atLimit}x`, {}).ok).toBe(false);
	});
});
