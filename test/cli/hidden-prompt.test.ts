// The CLI's hidden prompt over a stand-in terminal: what it returns, what it
// shows (one * a character, never the text), and that it gives the terminal back.
import {PassThrough} from 'node:stream';
import type {ReadStream} from 'node:tty';
import {describe, expect, test} from 'vitest';
import {PromptCancelled, promptHidden} from '../../source/cli/hidden-prompt.js';

function fakeTerminal() {
	const input = Object.assign(new PassThrough(), {
		isTTY: true,
		isRaw: false,
		setRawMode(mode: boolean) {
			input.isRaw = mode;
			return input;
		},
	});
	const output = new PassThrough();
	let shown = '';
	output.on('data', (chunk: Buffer) => {
		shown += chunk.toString('utf8');
	});
	return {input, output, shown: () => shown};
}

describe('promptHidden', () => {
	test('returns what was typed, corrected with Backspace and Ctrl-U, and shows only stars', async () => {
		const terminal = fakeTerminal();
		const answer = promptHidden(['New password: '], terminal.input as unknown as ReadStream, terminal.output);
		expect(terminal.input.isRaw).toBe(true);
		terminal.input.write('wrong');
		terminal.input.write('\u0015');
		terminal.input.write('Secret-1!x\u007F');
		terminal.input.write('\u001B[A');
		terminal.input.write('\r');
		await expect(answer).resolves.toEqual(['Secret-1!']);
		expect(terminal.shown()).toMatch(/^New password: \*{5}/);
		expect(terminal.shown()).not.toContain('Secret');
		expect(terminal.input.isRaw).toBe(false);
	});

	test('keeps the terminal raw between questions, and keys typed ahead in one read go to the next answer', async () => {
		const terminal = fakeTerminal();
		const answers = promptHidden(['New password: ', 'Repeat new password: '], terminal.input as unknown as ReadStream, terminal.output);
		terminal.input.write('First-1!\rSecond-2!\r');
		await expect(answers).resolves.toEqual(['First-1!', 'Second-2!']);
		expect(terminal.shown()).toBe('New password: ********\nRepeat new password: *********\n');
	});

	test('a bracketed paste is text', async () => {
		const terminal = fakeTerminal();
		const answer = promptHidden(['? '], terminal.input as unknown as ReadStream, terminal.output);
		terminal.input.write('\u001B[200~Pasted-9!\u001B[201~\r');
		await expect(answer).resolves.toEqual(['Pasted-9!']);
	});

	test('Ctrl-C cancels and restores the terminal', async () => {
		const terminal = fakeTerminal();
		const answer = promptHidden(['? '], terminal.input as unknown as ReadStream, terminal.output);
		terminal.input.write('abc\u0003');
		await expect(answer).rejects.toBeInstanceOf(PromptCancelled);
		expect(terminal.input.isRaw).toBe(false);
	});
});
