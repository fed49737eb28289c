// Whether the terminal's background is light or dark, from what the terminal
// says: COLORFGBG (set by rxvt, Konsole and others: "foreground;background"
// colour indexes), and the answer to OSC 11 ("what is your background
// colour?"), which most terminals give. The OSC 11 query is followed by a
// Device Attributes query (DA1), which every terminal answers, in order: once
// the DA1 answer is in, no OSC 11 answer is coming (tmux 3.3 and the Linux
// console give none), so nobody waits for one.
export type Background = 'light' | 'dark';

/** Asks for the background colour, then for the device attributes (the end marker). */
export const backgroundQuery = '\u001B]11;?\u001B\\\u001B[c';

/**
 * COLORFGBG's background: its last field, an ANSI colour index. As Vim reads
 * it: 0–6 and 8 are dark, 7 and 9–15 light; "default" or anything else says nothing.
 */
export function backgroundFromColorfgbg(value: string | undefined): Background | undefined {
	const last = value?.split(';').at(-1);
	if (last === undefined || !/^\d{1,2}$/.test(last)) {
		return undefined;
	}

	const index = Number(last);
	if (index > 15) {
		return undefined;
	}

	return index <= 6 || index === 8 ? 'dark' : 'light';
}

// rgb:RRRR/GGGG/BBBB with 1 to 4 hex digits a channel (rgba: adds alpha), ended by BEL or ST.
const backgroundReply = /\u001B\]11;rgba?:([\da-f]{1,4})\/([\da-f]{1,4})\/([\da-f]{1,4})(?:\/[\da-f]{1,4})?(?:\u0007|\u001B\\)/i;
const attributesReply = /\u001B\[\?[\d;]*c/;

function channel(hex: string): number {
	return Number.parseInt(hex, 16) / ((16 ** hex.length) - 1);
}

export type TerminalReplies = {
	/** The background the OSC 11 answer gives, if it was among the input. */
	readonly background: Background | undefined;
	/** Whether the DA1 answer came: the terminal has answered all it will. */
	readonly finished: boolean;
	/** The input without the answers: the keys typed meanwhile. */
	readonly keys: string;
};

/** Finds the answers to backgroundQuery in what was read from the terminal (latin1 or UTF-8 text). */
export function readTerminalReplies(input: string): TerminalReplies {
	let keys = input;
	let background: Background | undefined;
	const colour = backgroundReply.exec(keys);
	if (colour) {
		const [, red, green, blue] = colour;
		// Relative luminance (Rec. 709 weights) over the channels as given.
		const luminance = (0.2126 * channel(red!)) + (0.7152 * channel(green!)) + (0.0722 * channel(blue!));
		background = luminance > 0.5 ? 'light' : 'dark';
		keys = keys.slice(0, colour.index) + keys.slice(colour.index + colour[0].length);
	}

	const attributes = attributesReply.exec(keys);
	if (attributes) {
		keys = keys.slice(0, attributes.index) + keys.slice(attributes.index + attributes[0].length);
	}

	return {background, finished: attributes !== null, keys};
}
