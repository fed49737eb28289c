import {it} from 'vitest';
import {hostileStrings, splitPairs} from '../terminal/hostile-corpus.js';
import {makeService, renderDeck} from '../support/deck.js';

it('scratch', async () => {
	console.log('strings', hostileStrings.length, 'pairs', splitPairs.length, 'FORCE_COLOR', process.env.FORCE_COLOR, process.stdout.isTTY);
	const t = await makeService({users: 40});
	const d = renderDeck(t.service);
	await d.waitForFrame('users');
	const start = performance.now();
	for (let i = 0; i < 50; i++) { d.press('list.down'); }
	await d.waitForFrame('/40');
	console.log('frames', d.frames.length, 'time', performance.now() - start);
	console.log(JSON.stringify(d.frames.at(-1)).slice(0, 600));
	console.log(d.frames.some(f => f.includes('\u001b')));
	d.unmount();
	await t.cleanup();
});
