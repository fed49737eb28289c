// What the terminal can send that once took the console down (found by the
// hostile-text and fuzz runs of issue 6), pinned as regressions:
// - Ink 6.8 threw on escape sequences it has no name for whose modifier says
//   Ctrl (Ctrl-F4 in xterm is ESC[1;5S; a pasted colour code ESC[5m);
// - a paste of more than 50 keys that each change the input owner (tab
//   switches on the User page) exceeded React's limit of nested updates.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {isKnownInput} from '../../source/ui/input/terminal-input.js';
import {renderDeck} from '../support/deck.js';
import {keys} from '../support/keys.js';
import {figure} from './support/scale.js';
import {copyStore, makeTemplate, type Template} from './support/store-copy.js';
import {until} from './support/until.js';

let template: Template;

beforeAll(async () => {
	template = await makeTemplate(12);
});

afterAll(async () => {
	await template?.cleanup();
});

/** Every CSI final byte, with the parameter forms terminals use for modifiers, and SS3. */
function escapeSequences(): string[] {
	const sequences: string[] = [];
	for (let final = 0x40; final <= 0x7E; final++) {
		const char = String.fromCharCode(final);
		for (const parameters of ['', '1', '5', '1;5', '1;2', '1;3', '2;5', '29;5', '27;5;9', '?1;2', '>0;1']) {
			sequences.push(`\u001B[${parameters}${char}`, `\u001B\u001B[${parameters}${char}`);
		}

		sequences.push(`\u001BO${char}`);
	}

	return sequences;
}

describe('escape sequences from the terminal', () => {
	it('none crashes the console, and keys still work after them', async () => {
		const copy = await copyStore(template);
		const deck = renderDeck(copy.service, {navigation: {stack: [{name: 'users'}, {name: 'user', userId: copy.service.listUsers()[0]!.user_id, tab: 'details'}]}});
		const sequences = escapeSequences();
		const crashes: string[] = [];
		try {
			await deck.waitForFrame('User Identity');
			for (const sequence of sequences) {
				try {
					deck.stdin.write(sequence);
				} catch (error) {
					crashes.push(`${JSON.stringify(sequence)}: ${String(error)}`);
				}
			}

			// Back to a known place, and the keys still work.
			deck.deck.navigation.dispatch({type: 'reset', screen: {name: 'users'}});
			await deck.waitForFrame('Sorted by');
			deck.stdin.write('j');
			await deck.waitForFrame(/ 2\/\d+ *$/m);
			figure('terminal input: escape sequences sent, crashes', `${sequences.length}, ${crashes.length}`);
			expect(crashes).toEqual([]);
		} finally {
			deck.unmount();
			await copy.cleanup();
		}
	});

	it('keeps the sequences of keys the console uses', () => {
		for (const sequence of ['\u001B', '\u001B\u001B', '\u001Bj', '\u001B[A', '\u001B[1;5B', '\u001BOC', '\u001B[H', '\u001B[F', '\u001B[Z', '\u001B[3~', '\u001B[5~', '\u001B[6;5~', '\u001B\u001B[A', 'plain text']) {
			expect(isKnownInput(sequence), JSON.stringify(sequence)).toBe(true);
		}

		for (const sequence of ['\u001B[1;5S', '\u001B[29;5~', '\u001B[5m', '\u001B[1;5G', '\u001B[200~', '\u001B[I', '\u001B]52;c;SGVsbG8=']) {
			expect(isKnownInput(sequence), JSON.stringify(sequence)).toBe(false);
		}
	});
});

describe('a long paste on the User page', () => {
	it('switches tab for every digit without exceeding React\'s update limit', async () => {
		const copy = await copyStore(template);
		const deck = renderDeck(copy.service, {navigation: {stack: [{name: 'users'}, {name: 'user', userId: copy.service.listUsers()[0]!.user_id, tab: 'details'}]}});
		const errors: unknown[] = [];
		const original = console.error;
		console.error = (...args: unknown[]) => {
			errors.push(args[0]);
		};

		try {
			await deck.waitForFrame('User Identity');
			// 64 tab switches in one chunk (React's limit is 50; Locations left out, its map is slow to draw), then Tab, Shift-Tab and Devices.
			const started = performance.now();
			deck.stdin.write(`${'1352'.repeat(16)}${keys.tab}${keys.shiftTab}2`);
			await until(() => {
				// Ink draws a render error in place of the console.
				const crash = errors.map(String).find(text => text.includes('Maximum update depth')) ?? /ERROR .*/.exec(deck.lastFrame() ?? '')?.[0];
				if (crash) {
					throw new Error(crash);
				}

				const top = deck.deck.navigation.getState().stack.at(-1);
				return top?.name === 'user' && top.tab === 'devices' && deck.deck.router.pendingCount === 0 && /u unlinks|No devices linked/.test(deck.lastFrame() ?? '');
			}, {timeout: 20_000, message: () => `stuck on ${JSON.stringify(deck.deck.navigation.getState().stack.at(-1))} with ${deck.deck.router.pendingCount} keys waiting:\n${deck.lastFrame() ?? ''}`});
			figure('terminal input: 67 tab switches pasted on the User page, handled in (ms)', Math.round(performance.now() - started));
			expect(errors.map(String).filter(text => text.includes('Maximum update depth'))).toEqual([]);
			expect(deck.lastFrame()).not.toContain('ERROR');
		} finally {
			console.error = original;
			deck.unmount();
			await copy.cleanup();
		}
	});
});
