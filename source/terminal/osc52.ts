// OSC 52 asks the terminal itself to set the clipboard, which works over SSH
// and in containers where no clipboard program can reach a display. The text
// travels base64-encoded, so nothing in it can be read as a control sequence.

/** Where OSC 52 is written: a terminal's output stream. */
export type TerminalOutput = {
	readonly isTTY?: boolean;
	write(chunk: string): unknown;
};

export type Osc52Result = {readonly ok: true} | {readonly ok: false; readonly message: string};

// Terminals cap the sequence (xterm's default allows about 100 KB; some far less);
// beyond that they drop it silently, so we refuse instead of claiming a copy.
export const maxOsc52Payload = 100_000;

/** The base64 payload for `text`, as OSC 52 carries it. */
export function osc52Payload(text: string): string {
	return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * The escape sequence that sets the clipboard ("c") to `text`. Inside tmux it
 * is wrapped in tmux's DCS passthrough, where each ESC of the inner sequence
 * is doubled, so tmux forwards it to the outer terminal.
 */
export function osc52Sequence(text: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
	return sequenceFor(osc52Payload(text), env);
}

function sequenceFor(payload: string, env: Readonly<Record<string, string | undefined>>): string {
	const sequence = `\u001B]52;c;${payload}\u0007`;
	if (env['TMUX']) {
		return `\u001BPtmux;${sequence.replaceAll('\u001B', '\u001B\u001B')}\u001B\\`;
	}

	return sequence;
}

/**
 * Writes `text` to the terminal's clipboard with OSC 52. Writes nothing when
 * `stream` is not a terminal (a file or pipe would keep the raw sequence) or
 * when the payload is larger than terminals accept. Safe while Ink renders:
 * the sequence prints nothing and does not move the cursor.
 */
export function writeOsc52(
	stream: TerminalOutput,
	text: string,
	env: Readonly<Record<string, string | undefined>> = process.env,
): Osc52Result {
	if (stream.isTTY !== true) {
		return {ok: false, message: 'output is not a terminal'};
	}

	const payload = osc52Payload(text);
	const size = payload.length;
	if (size > maxOsc52Payload) {
		return {
			ok: false,
			message: `the text is too large for the terminal's clipboard (${Math.ceil(size / 1000)} KB encoded, at most ${maxOsc52Payload / 1000} KB)`,
		};
	}

	stream.write(sequenceFor(payload, env));
	return {ok: true};
}
