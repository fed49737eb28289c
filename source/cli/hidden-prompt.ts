// Asks for a secret in the terminal without showing it: the terminal in raw
// mode, one `*` per character typed, Backspace and Ctrl-U to correct, Enter to
// finish, Ctrl-C or Ctrl-D to give up. The question goes to standard error, so
// standard output stays the command's result. Small enough to own: a prompt
// library (@inquirer/password and its core) would bring a renderer and its
// dependencies into the bundle for these two questions.
import type {ReadStream} from 'node:tty';
import {UserdeckError} from '../domain/errors.js';

const pasteMarkers = /\u001B\[20[01]~/g;

/** A prompt the person gave up on (Ctrl-C, Ctrl-D, or the input closed). */
export class PromptCancelled extends Error {
	override name = 'PromptCancelled';
}

export async function promptHidden(question: string, input: ReadStream = process.stdin as ReadStream, output: NodeJS.WritableStream = process.stderr): Promise<string> {
	if (!input.isTTY) {
		throw new UserdeckError('VALIDATION', 'Standard input is not a terminal: nothing can be asked');
	}

	output.write(question);
	const wasRaw = input.isRaw;
	input.setRawMode(true);
	input.setEncoding('utf8');
	input.resume();
	let typed: string[] = [];
	try {
		return await new Promise<string>((resolve, reject) => {
			const finish = (error?: Error) => {
				input.off('data', onData);
				input.off('end', onEnd);
				output.write('\n');
				if (error) {
					reject(error);
				} else {
					resolve(typed.join(''));
				}
			};

			const onEnd = () => {
				finish(new PromptCancelled('Cancelled: the input closed'));
			};

			const onData = (chunk: string) => {
				// A bracketed paste is text: its markers go, its characters stay.
				const text = chunk.replaceAll(pasteMarkers, '');
				// Other escape sequences (arrows, function keys) are not part of a password.
				if (text.startsWith('\u001B')) {
					return;
				}

				for (const char of text) {
					if (char === '\r' || char === '\n') {
						finish();
						return;
					}

					if (char === '\u0003' || char === '\u0004') {
						finish(new PromptCancelled('Cancelled: nothing was changed'));
						return;
					}

					if (char === '\u007F' || char === '\b') {
						if (typed.length > 0) {
							typed = typed.slice(0, -1);
							output.write('\b \b');
						}
					} else if (char === '\u0015') {
						output.write('\b \b'.repeat(typed.length));
						typed = [];
					} else if (char >= ' ') {
						typed.push(char);
						output.write('*');
					}
				}
			};

			input.on('data', onData);
			input.on('end', onEnd);
		});
	} finally {
		input.setRawMode(wasRaw);
		input.pause();
	}
}
