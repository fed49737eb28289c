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

/**
 * Asks each question in turn and returns the answers. The terminal is in raw
 * mode (no echo) before the first question shows and stays so until the last
 * answer: a key typed as soon as a question appears, or between two questions,
 * is never echoed by the terminal itself.
 */
export async function promptHidden(questions: readonly string[], input: ReadStream = process.stdin as ReadStream, output: NodeJS.WritableStream = process.stderr): Promise<string[]> {
	if (!input.isTTY) {
		throw new UserdeckError('VALIDATION', 'Standard input is not a terminal: nothing can be asked');
	}

	const wasRaw = input.isRaw;
	input.setRawMode(true);
	input.setEncoding('utf8');
	input.resume();
	const pending: string[] = [];
	const onData = (chunk: string) => {
		pending.push(chunk);
		wake?.();
	};

	let wake: (() => void) | undefined;
	let ended = false;
	const onEnd = () => {
		ended = true;
		wake?.();
	};

	input.on('data', onData);
	input.on('end', onEnd);
	try {
		const answers: string[] = [];
		for (const question of questions) {
			output.write(question);
			// eslint-disable-next-line no-await-in-loop
			answers.push(await readAnswer());
		}

		return answers;
	} finally {
		input.off('data', onData);
		input.off('end', onEnd);
		input.setRawMode(wasRaw);
		input.pause();
	}

	/** Characters up to Enter, from what has arrived and what arrives next. */
	async function readAnswer(): Promise<string> {
		let typed: string[] = [];
		for (;;) {
			const chunk = pending.shift();
			if (chunk === undefined) {
				if (ended) {
					output.write('\n');
					throw new PromptCancelled('Cancelled: the input closed');
				}

				// eslint-disable-next-line no-await-in-loop
				await new Promise<void>(resolve => {
					wake = resolve;
				});
				wake = undefined;
				continue;
			}

			// A bracketed paste is text: its markers go, its characters stay.
			const text = chunk.replaceAll(pasteMarkers, '');
			// Other escape sequences (arrows, function keys) are not part of a password.
			if (text.startsWith('\u001B')) {
				continue;
			}

			const chars = [...text];
			for (const [index, char] of chars.entries()) {
				if (char === '\r' || char === '\n') {
					output.write('\n');
					// What came after Enter in the same read is the next answer's.
					const rest = chars.slice(index + (char === '\r' && chars[index + 1] === '\n' ? 2 : 1)).join('');
					if (rest !== '') {
						pending.unshift(rest);
					}

					return typed.join('');
				}

				if (char === '\u0003' || char === '\u0004') {
					output.write('\n');
					throw new PromptCancelled('Cancelled: nothing was changed');
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
		}
	}
}
