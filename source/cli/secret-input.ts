// Reads a secret without it ever being an argument (which other local users
// see in the process list and the shell keeps in its history): standard
// input when it is piped, else a prompt on the terminal that echoes nothing,
// as ssh and sudo ask for a password (not even its length shows).
import {readStdin} from './output.js';
import {UsageError} from './usage-error.js';

/** Arrow keys, function keys and bracketed-paste marks: a paste's own text is kept, its marks are not. */
const escapeSequence = /\u001B(?:\[[\d;?]*[~A-Za-z]|O[A-Za-z]|.)?/g;

/** The secret typed at a prompt on `input` (a terminal), echoing nothing; Ctrl-C or Ctrl-D on an empty line cancels. */
export async function promptHidden(prompt: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
	const [answer = ''] = await promptHiddenAll([prompt], input, output);
	return answer;
}

/**
 * Asks each prompt in turn (a new password, then its repeat), echoing nothing.
 * The terminal is raw before the first prompt shows and stays raw until the
 * last answer: a key typed as soon as a prompt appears, or between two, is
 * never echoed by the terminal itself. Keys typed ahead after an Enter, in the
 * same read, are the next answer's.
 */
export async function promptHiddenAll(prompts: readonly string[], input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string[]> {
	const wasRaw = input.isRaw;
	input.setRawMode(true);
	input.setEncoding('utf8');
	const pending: string[] = [];
	let ended = false;
	let wake: (() => void) | undefined;
	const onData = (chunk: string) => {
		pending.push(chunk.replaceAll(escapeSequence, ''));
		wake?.();
	};

	const onEnd = () => {
		ended = true;
		wake?.();
	};

	input.on('data', onData);
	input.on('end', onEnd);
	input.resume();

	/** The characters up to Enter, from what has arrived and what arrives next. */
	const answer = async (): Promise<string> => {
		let value = '';
		for (;;) {
			const chunk = pending.shift();
			if (chunk === undefined) {
				if (ended) {
					throw new Error('Cancelled: nothing was saved');
				}

				// eslint-disable-next-line no-await-in-loop
				await new Promise<void>(resolve => {
					wake = resolve;
				});
				wake = undefined;
				continue;
			}

			const chars = [...chunk];
			for (const [index, char] of chars.entries()) {
				if (char === '\r' || char === '\n' || (char === '\u0004' && value !== '')) {
					const rest = chars.slice(index + (char === '\r' && chars[index + 1] === '\n' ? 2 : 1)).join('');
					if (rest !== '') {
						pending.unshift(rest);
					}

					return value;
				}

				if (char === '\u0003' || char === '\u0004') {
					throw new Error('Cancelled: nothing was saved');
				}

				if (char === '\u007F' || char === '\b') {
					value = [...value].slice(0, -1).join('');
				} else if (char === '\u0015') {
					// Ctrl-U, as in a shell: start over.
					value = '';
				} else if (char >= ' ') {
					value += char;
				}
			}
		}
	};

	const answers: string[] = [];
	try {
		for (const prompt of prompts) {
			output.write(prompt);
			try {
				// eslint-disable-next-line no-await-in-loop
				answers.push(await answer());
			} finally {
				output.write('\n');
			}
		}

		return answers;
	} finally {
		input.off('data', onData);
		input.off('end', onEnd);
		input.setRawMode(wasRaw);
		input.pause();
	}
}

/** A secret from standard input (piped: its first line, the final newline dropped) or from a hidden prompt on a terminal. */
export async function readSecret(what: string): Promise<string> {
	if (process.stdin.isTTY) {
		return promptHidden(`${what} (not shown): `);
	}

	const text = await readStdin();
	if (text.includes('\n')) {
		throw new UsageError(`Standard input holds more than one line: give the ${what.toLowerCase()} alone, on one line`);
	}

	return text.replace(/\r$/, '');
}
