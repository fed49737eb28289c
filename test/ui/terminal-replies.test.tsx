// The answer to the background query (OSC 11) can come after the console is
// up (a slow link): it must not be read as keys ("/" would open the filter,
// "g" jump to the top). Issue 20.
import {describe, expect, it} from 'vitest';
import {type RenderedDeck, screenFixture} from '../support/deck.js';
import {keys} from '../support/keys.js';

const fixture = screenFixture(30);

async function listAtSecondRow(): Promise<RenderedDeck> {
	const deck = fixture.render(fixture.store.service);
	await deck.waitForFrame('Sorted by');
	deck.press('list.down');
	await deck.waitForFrame(/ 2\/30 *$/m);
	return deck;
}

describe('a late answer to the background query', () => {
	for (const [ending, answer] of [
		['ST', '\u001B]11;rgb:ffff/ffff/ffff\u001B\\'],
		['BEL', '\u001B]11;rgb:fdfd/f6f6/e3e3\u0007'],
	] as const) {
		it(`ended by ${ending} is no keys, and keys after it still work`, async () => {
			const deck = await listAtSecondRow();
			// The answer, then a key in the same read, as a terminal may send them.
			deck.stdin.write(`${answer}j`);
			await deck.waitForFrame(/ 3\/30 *$/m);
			expect(deck.lastFrame()).not.toMatch(/^\/ /m);
			expect(deck.lastFrame()).toContain('Sorted by');
		});
	}

	it('holds nothing back after ESC ] typed alone: the next key works', async () => {
		const deck = await listAtSecondRow();
		deck.stdin.write(`${keys.escape}]`);
		deck.stdin.write('j');
		await deck.waitForFrame(/ 3\/30 *$/m);
	});
});
