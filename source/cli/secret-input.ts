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
	output.write(prompt);
	const wasRaw = input.isRaw;
	input.setRawMode(true);
	input.setEncoding('utf8');
	return new Promise<string>((resolve, reject) => {
		let value = '';
		const finish = (cancelled: boolean) => {
			input.off('data', onData);
			input.off('end', onEnd);
			input.setRawMode(wasRaw);
			input.pause();
			output.write('\n');
			if (cancelled) {
				reject(new Error('Cancelled: nothing was saved'));
			} else {
				resolve(value);
			}
		};

		const onEnd = () => {
			finish(true);
		};

		const onData = (chunk: string) => {
			for (const char of chunk.replaceAll(escapeSequence, '')) {
				if (char === '\r' || char === '\n') {
					finish(false);
					return;
				}

				if (char === '\u0003' || (char === '\u0004' && value === '')) {
					finish(true);
					return;
				}

				if (char === '\u0004') {
					finish(false);
					return;
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
		};

		input.on('data', onData);
		input.on('end', onEnd);
		input.resume();
	});
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
