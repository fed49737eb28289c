// Key overrides from the config file go through the one keymap table, so the
// keys that act, the footer and the `?` help all show the user's keys (issue 20).
import {mkdtempSync, writeFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {loadConfig} from '../../source/cli/config-file.js';
import {applyKeyOverrides} from '../../source/ui/keymap.js';
import {makeService, type RenderedDeck, renderDeck, type TestStore} from '../support/deck.js';
import {keys} from '../support/keys.js';
import {waitFor} from '../support/wait-for.js';

let testStore: TestStore;
let rendered: RenderedDeck | undefined;
let dir: string;

beforeAll(async () => {
	testStore = await makeService({users: 20});
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-keys-'));
});

afterEach(() => {
	rendered?.unmount();
	rendered = undefined;
	applyKeyOverrides({});
});

afterAll(async () => {
	await testStore.cleanup();
	await rm(dir, {recursive: true, force: true});
});

function footer(deck: RenderedDeck): string {
	return (deck.lastFrame() ?? '').split('\n').at(-2) ?? '';
}

describe('key overrides from the config file', () => {
	it('change which keys act, the footer and the help', async () => {
		const file = path.join(dir, 'config.yaml');
		writeFileSync(file, 'keys:\n  list.create: n\n  list.quit: [x, ctrl-q]\n  global.help: h\n');
		await loadConfig(file, {});
		const deck = renderDeck(testStore.service);
		rendered = deck;
		await deck.waitForFrame('Sorted by');

		// The footer shows the user's keys, not the defaults.
		expect(footer(deck)).toMatch(/\bn create\b/);
		expect(footer(deck)).toMatch(/\bx\/Ctrl-Q quit\b/);
		expect(footer(deck)).toMatch(/\bh help\b/);
		expect(footer(deck)).not.toMatch(/\bc create\b|\bq quit\b|\? help/);

		// The old keys do nothing; the new ones act.
		deck.stdin.write('c');
		deck.stdin.write('q');
		deck.stdin.write('n');
		await waitFor(() => (deck.deck.navigation.getState().stack.at(-1)?.name === 'create-user' ? true : undefined));
		expect(deck.exited()).toBe(false);
		deck.stdin.write(keys.escape);
		await deck.waitForFrame('Sorted by');

		// Help lists them.
		deck.stdin.write('h');
		expect(await deck.waitForFrame('Keys')).toMatch(/│ +n +Create User/);
		// Page down until the lines are in view, however long the help has grown.
		const seen: string[] = [];
		await waitFor(() => {
			const frame = deck.lastFrame() ?? '';
			seen.push(frame);
			if (/│ +h +Show or hide this help/.test(frame)) {
				return true;
			}

			deck.stdin.write(keys.pageDown);
			return undefined;
		});
		expect(seen.join('\n')).toMatch(/│ +x Ctrl-Q +Quit\b/);
		deck.stdin.write(keys.escape);
		await waitFor(() => (deck.deck.navigation.getState().overlay ? undefined : true));

		deck.stdin.write('x');
		await waitFor(() => (deck.exited() ? true : undefined));
	});

	it('show in the hints written on screens too', async () => {
		const file = path.join(dir, 'hints.yaml');
		writeFileSync(file, 'keys:\n  devices.unlink: U\n  details.edit: E\n');
		await loadConfig(file, {});
		const user = testStore.service.listUsers().find(candidate => testStore.service.devices(candidate.user_id).length > 0)!;
		const deck = renderDeck(testStore.service, {navigation: {stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab: 'details'}]}});
		rendered = deck;
		await deck.waitForFrame('E edits user_metadata');
		deck.press('user.tab-2');
		await deck.waitForFrame('U unlinks the selected one');
	});
});
