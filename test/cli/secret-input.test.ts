// The hidden prompt of `tenants add` (issue 17), over a stand-in terminal:
// nothing of the secret is written back, editing keys edit, escape sequences
// (arrows, a bracketed paste's marks) are not part of it, Ctrl-C cancels.
import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {promptHidden, promptHiddenAll} from '../../source/cli/secret-input.js';

/** A terminal's input: a stream with raw mode, recording the modes it was put in. */
function terminalInput() {
	const stream = new PassThrough() as PassThrough & {isRaw: boolean; setRawMode(mode: boolean): unknown; modes: boolean[]};
	stream.isRaw = false;
	stream.modes = [];
	stream.setRawMode = (mode: boolean) => {
		stream.isRaw = mode;
		stream.modes.push(mode);
		return stream;
	};

	return stream;
}

function terminalOutput() {
	const written: string[] = [];
	return {written, stream: {write: (text: string) => written.push(text)} as unknown as NodeJS.WriteStream};
}

describe('promptHidden', () => {
	it('returns what was typed, echoing only the prompt and the final newline, and leaves raw mode as it was', async () => {
		const input = terminalInput();
		const output = terminalOutput();
		const answer = promptHidden('Secret: ', input as unknown as NodeJS.ReadStream, output.stream);
		input.write('abX');
		input.write('\u007Fc\u001B[D\u001B[200~pasted\u001B[201~\r');
		expect(await answer).toBe('abcpasted');
		expect(output.written).toEqual(['Secret: ', '\n']);
		expect(input.modes).toEqual([true, false]);
	});

	it('starts over on Ctrl-U, ends on Ctrl-D after text', async () => {
		const input = terminalInput();
		const answer = promptHidden('Secret: ', input as unknown as NodeJS.ReadStream, terminalOutput().stream);
		input.write('wrong\u0015right\u0004');
		expect(await answer).toBe('right');
	});

	it.each([['Ctrl-C', 'half\u0003'], ['Ctrl-D on an empty line', '\u0004'], ['the end of input', undefined]])('cancels on %s', async (_name, keys) => {
		const input = terminalInput();
		const answer = promptHidden('Secret: ', input as unknown as NodeJS.ReadStream, terminalOutput().stream);
		if (keys === undefined) {
			input.end();
		} else {
			input.write(keys);
		}

		await expect(answer).rejects.toThrow('Cancelled: nothing was saved');
	});

	it('asks several questions with the terminal raw from before the first until the last, keys typed ahead going to the next', async () => {
		const input = terminalInput();
		const output = terminalOutput();
		const answers = promptHiddenAll(['New: ', 'Repeat: '], input as unknown as NodeJS.ReadStream, output.stream);
		expect(input.isRaw).toBe(true);
		input.write('First-1!\r\nSecond-2!\r');
		expect(await answers).toEqual(['First-1!', 'Second-2!']);
		expect(output.written).toEqual(['New: ', '\n', 'Repeat: ', '\n']);
		expect(input.modes).toEqual([true, false]);
	});
});
