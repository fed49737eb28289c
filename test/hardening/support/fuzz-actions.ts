// What the keystroke fuzz does to the console: the actions fast-check
// generates, weighted toward navigation, and how each one reaches the fake
// terminal. Pastes are generated as (size, seed, kind) and built when they are
// sent, so a 1 MB paste shrinks as a number and costs nothing to generate.
import fc from 'fast-check';
import {sequenceOf} from '../../support/keys.js';

export type PasteKind = 'text' | 'controls' | 'escapes' | 'unicode';

/** The chunks the issue names (and the confirmation text plus Enter), sent at a confirmation. */
export const confirmationChunks = ['dy', 'y\r', 'yes\r', 'EMAIL\r', 'EMAIL\n', 'EMAIL\r\n'] as const;

export type FuzzAction =
	| {readonly type: 'key'; readonly name: string}
	| {readonly type: 'burst'; readonly keys: readonly string[]}
	/** Characters in one read, as typed fast or pasted where bracketed paste is off: keys. */
	| {readonly type: 'text'; readonly text: string}
	/** A bracketed paste (the console turns bracketed paste on): text, never keys. */
	| {readonly type: 'paste'; readonly size: number; readonly seed: number; readonly kind: PasteKind}
	| {readonly type: 'resize'; readonly columns: number; readonly rows: number}
	| {readonly type: 'tick'; readonly count: number}
	| {readonly type: 'settle'}
	/** Types the open delete confirmation's expected text, one key at a time (what a careful admin does). */
	| {readonly type: 'type-confirmation'}
	/** Sends one of `confirmationChunks` at whatever is open: in one read, or as a bracketed paste. */
	| {readonly type: 'paste-confirmation'; readonly chunk: (typeof confirmationChunks)[number]; readonly bracketed?: boolean};

export const navigationKeys = ['j', 'k', 'down', 'up', 'pagedown', 'pageup', 'g', 'G', 'home', 'end', 'tab', 'shift-tab', 'left', 'right', '1', '2', '3', '4', '5', 'enter', 'escape'] as const;
export const commandKeys = ['a', 'c', '?', 'q', '/', ':', 's', 'S', 'y', 'o', 'e', 'u', 'w', 'm', '+', '-', '0', 'space', 'backspace', 'ctrl-s', 'ctrl-u', 'ctrl-c', 'n', 'x', 'h', 'l', 'ctrl-b', 'ctrl-f', 'ctrl-w', 'delete'] as const;
const burstKeys = ['j', 'k', 'g', 'G', '1', '2', '3', '4', '5', 'a', 'y', 'n', 'e', 'u', 'w', '/', 'x', ' ', '\r', '\t', '\u007F'] as const;

const key = (names: readonly string[]) => fc.constantFrom(...names).map((name): FuzzAction => ({type: 'key', name}));
const keyAction = (name: string): FuzzAction => ({type: 'key', name});
/** Time for React to draw what the keys before opened (the keys themselves never need it: they wait for their owner). */
const tick: FuzzAction = {type: 'tick', count: 2};

/** Opening each text field, then pasting into it. */
function intoTextField(paste: fc.Arbitrary<FuzzAction>): fc.Arbitrary<FuzzAction[]> {
	const openers: FuzzAction[][] = [
		// The filter and query prompts.
		[keyAction('escape'), tick, keyAction('/')],
		[keyAction('escape'), tick, keyAction(':')],
		// Create User: Email, Password, Repeat Password.
		[keyAction('c')],
		[keyAction('c'), keyAction('tab')],
		[keyAction('c'), keyAction('tab'), keyAction('tab')],
		// The delete confirmation (from the list: a, last item, Enter).
		[keyAction('a'), keyAction('G'), keyAction('enter')],
		// The metadata editor, with the cursor inside the first value.
		[keyAction('enter'), keyAction('1'), keyAction('e'), keyAction('down'), keyAction('end'), keyAction('left')],
	];
	return fc.tuple(fc.constantFrom(...openers), paste, fc.constantFrom<FuzzAction[]>([], [keyAction('ctrl-s')], [keyAction('enter')], [{type: 'settle'}]))
		.map(([open, action, after]) => [...open, action, ...after]);
}

export type FuzzOptions = {maxPaste: number; maxLength: number};

export function fuzzSequence(options: FuzzOptions): fc.Arbitrary<FuzzAction[]> {
	// Code points, not fc.string: its slice analysis of 'binary' strings costs more than the console's run.
	const codePoint = fc.oneof({arbitrary: fc.integer({min: 0, max: 0xFF}), weight: 3}, {arbitrary: fc.integer({min: 0, max: 0x10_FFFF}), weight: 1});
	const smallText = fc.array(codePoint, {maxLength: 24}).map((codes): FuzzAction => ({type: 'text', text: String.fromCodePoint(...codes)}));
	const bigPaste = fc.record({
		size: fc.oneof({arbitrary: fc.integer({min: 1, max: 1000}), weight: 3}, {arbitrary: fc.integer({min: 1, max: options.maxPaste}), weight: 1}),
		seed: fc.integer({min: 0, max: 0x7FFF_FFFF}),
		kind: fc.constantFrom<PasteKind>('text', 'controls', 'escapes', 'unicode'),
	}).map((paste): FuzzAction => ({type: 'paste', ...paste}));
	const paste = fc.oneof({arbitrary: smallText, weight: 3}, {arbitrary: bigPaste, weight: 1});
	const single = fc.oneof(
		{arbitrary: key(navigationKeys), weight: 30},
		{arbitrary: key(commandKeys), weight: 10},
		{arbitrary: fc.array(fc.constantFrom(...burstKeys), {minLength: 2, maxLength: 8}).map((keys): FuzzAction => ({type: 'burst', keys})), weight: 6},
		{arbitrary: paste, weight: 3},
		{arbitrary: fc.record({columns: fc.integer({min: 20, max: 250}), rows: fc.integer({min: 8, max: 80})}).map((size): FuzzAction => ({type: 'resize', ...size})), weight: 4},
		{arbitrary: fc.integer({min: 0, max: 3}).map((count): FuzzAction => ({type: 'tick', count})), weight: 6},
		{arbitrary: fc.constant<FuzzAction>({type: 'settle'}), weight: 2},
		{arbitrary: fc.constant<FuzzAction>({type: 'type-confirmation'}), weight: 2},
		{arbitrary: fc.tuple(fc.constantFrom(...confirmationChunks), fc.boolean()).map(([chunk, bracketed]): FuzzAction => ({type: 'paste-confirmation', chunk, bracketed})), weight: 2},
	).map(action => [action]);
	const macros = fc.oneof(
		intoTextField(paste),
		// Delete the selected user the careful way: a, Delete, type the email, Enter.
		fc.constant<FuzzAction[]>([keyAction('a'), keyAction('G'), keyAction('enter'), tick, {type: 'type-confirmation'}, keyAction('enter'), {type: 'settle'}]),
		// The same from the last row of the list.
		fc.constant<FuzzAction[]>([keyAction('escape'), tick, keyAction('G'), keyAction('a'), keyAction('G'), keyAction('enter'), tick, {type: 'type-confirmation'}, keyAction('enter'), {type: 'settle'}]),
		// Destructive safety: paste a confirming chunk at each confirmation; nothing may be deleted or unlinked.
		fc.tuple(
			fc.constantFrom<FuzzAction[]>(
				[keyAction('a'), keyAction('G'), keyAction('enter'), tick],
				[keyAction('escape'), tick, keyAction('G'), keyAction('a'), keyAction('G'), keyAction('enter'), tick],
				[keyAction('enter'), keyAction('2'), keyAction('u'), tick],
			),
			fc.constantFrom(...confirmationChunks),
			fc.boolean(),
		).map(([open, chunk, bracketed]): FuzzAction[] => [...open, {type: 'paste-confirmation', chunk, bracketed}, {type: 'settle'}]),
		// Open a user and unlink a device: y confirms a single key press.
		fc.constant<FuzzAction[]>([keyAction('enter'), keyAction('2'), keyAction('u'), tick, keyAction('y'), {type: 'settle'}]),
	);
	return fc.array(fc.oneof({arbitrary: single, weight: 8}, {arbitrary: macros, weight: 1}), {minLength: 1, maxLength: options.maxLength})
		.map(groups => groups.flat());
}

/** A small deterministic PRNG (mulberry32): the paste's text follows from its seed. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6D2B79F5) >>> 0;
		let value = state;
		value = Math.imul(value ^ (value >>> 15), value | 1);
		value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
		return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const printableAscii = Array.from({length: 95}, (_, index) => String.fromCharCode(32 + index));
const alphabets: Record<PasteKind, readonly string[]> = {
	text: printableAscii,
	controls: [...printableAscii, ...Array.from({length: 32}, (_, index) => String.fromCharCode(index)), '\u007F', ...Array.from({length: 32}, (_, index) => String.fromCharCode(0x80 + index)), '\u202E', '\u2066', '\u200B', '\u200D', '\u2028', '\uFEFF', '\u2060', '\u180E', '\uFFF9'],
	escapes: [...printableAscii, '\u001B[2J', '\u001B]52;c;SGVsbG8=\u0007', '\u001B[A', '\u001B[B', '\u001B[1;5S', '\u001B[31m', '\u001B', '\u001B\u001B', '\u001BP$q"p\u001B\\', '\u009B31m', '\r', '\n', '\t'],
	unicode: [...'aé山田👩‍💻🏳️‍🌈e\u0301Z\u0335\u0322עברית مرحبا\uD800\uDC00\u{1F600}'.split(''), ...printableAscii.slice(0, 20)],
};

/** The text of a generated paste. */
export function pasteText(size: number, seed: number, kind: PasteKind): string {
	const next = random(seed);
	const alphabet = alphabets[kind];
	const parts: string[] = [];
	let length = 0;
	while (length < size) {
		const part = alphabet[Math.floor(next() * alphabet.length)]!;
		parts.push(part);
		length += part.length;
	}

	return parts.join('').slice(0, size);
}

/** A paste as a terminal with bracketed paste on sends it. */
export function bracketedPaste(text: string): string {
	return `\u001B[200~${text}\u001B[201~`;
}

/** The bytes a key name is sent as. */
export function keyBytes(name: string): string {
	if (name === 'delete') {
		return '\u001B[3~';
	}

	return sequenceOf(name);
}

/** A short description of a sequence, for failure reports. */
export function describeSequence(actions: readonly FuzzAction[]): string {
	return actions.map(action => {
		switch (action.type) {
			case 'key': {
				return action.name;
			}

			case 'burst': {
				return `burst(${JSON.stringify(action.keys.join(''))})`;
			}

			case 'text': {
				return `chunk(${JSON.stringify(action.text)})`;
			}

			case 'paste': {
				return `paste(${action.kind}, ${action.size} chars, seed ${action.seed})`;
			}

			case 'resize': {
				return `resize(${action.columns}x${action.rows})`;
			}

			case 'tick': {
				return `tick(${action.count})`;
			}

			case 'paste-confirmation': {
				return `${action.bracketed ? 'paste' : 'chunk'}-confirmation(${JSON.stringify(action.chunk)})`;
			}

			default: {
				return action.type;
			}
		}
	}).join(' ');
}
