// NO_COLOR (no-color.org) in the console: frames carry no colour at all, and
// what colour told (blocked users, errors, the selected row, the latest pin)
// is still there as a word or a glyph. Issue 20.
import chalk from 'chalk';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {latestPinGlyph, pinGlyph} from '../../source/map/render-map.js';
import {colorEnabled} from '../../source/terminal/color-support.js';
import {applyTheme} from '../../source/ui/theme.js';
import {waitFor} from '../support/wait-for.js';
import {makeService, type RenderedDeck, renderDeck, type TestStore} from '../support/deck.js';

let testStore: TestStore;
let rendered: RenderedDeck | undefined;
const chalkLevel = chalk.level;

beforeAll(async () => {
	testStore = await makeService({users: 80});
	// The test's stdout is no terminal, so chalk (Ink's colours) would draw
	// none whatever the theme said: here it draws as on a truecolour terminal.
	chalk.level = 3;
});

afterEach(() => {
	rendered?.unmount();
	rendered = undefined;
	applyTheme({name: 'dark', color: true});
});

afterAll(async () => {
	chalk.level = chalkLevel;
	await testStore.cleanup();
});

/** The colour parameters of every SGR sequence in a frame (foreground, background, their resets). */
function colourCodes(frame: string): string[] {
	const found: string[] = [];
	for (const match of frame.matchAll(/\u001B\[([\d;]*)m/g)) {
		const parameters = match[1]!.split(';').map(Number);
		for (let index = 0; index < parameters.length; index++) {
			const code = parameters[index]!;
			if ((code >= 30 && code <= 49) || (code >= 90 && code <= 107)) {
				found.push(match[1]!);
				// 38;5;n and 38;2;r;g;b carry their colour in the next parameters.
				break;
			}
		}
	}

	return found;
}

function plain(frame: string): string {
	return frame.replaceAll(/\u001B\[[\d;]*m/g, '');
}

function blockedTraveller(): User {
	const user = testStore.service.listUsers().find(candidate => candidate.blocked && testStore.service.locations(candidate.user_id).length >= 2);
	if (!user) {
		throw new Error('The demo store has no blocked user with two places');
	}

	return user;
}

/** The frames a user sees: the list filtered to a blocked user, an error, the user's page and its map. */
async function walk(): Promise<string[]> {
	const user = blockedTraveller();
	const frames: string[] = [];
	rendered = renderDeck(testStore.service);
	const deck = rendered;
	// Frames hold SGR sequences here: the waits read them without.
	const settle = async (expected: RegExp | string) => waitFor(() => {
		const frame = deck.lastFrame() ?? '';
		const text = plain(frame);
		return (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) ? frame : undefined;
	}, {message: () => `expected ${String(expected)} in frame:\n${plain(deck.lastFrame() ?? '')}`});
	await settle('Users');
	rendered.press('list.filter');
	rendered.type(user.email!);
	frames.push(await settle(/› .*BLOCKED/));
	rendered.deck.report('error', 'The store is locked by another process');
	frames.push(await settle('✗ The store is locked by another process'));
	rendered.press('filter.accept');
	rendered.press('list.open');
	frames.push(await settle(/BLOCKED[\s\S]*Blocked/));
	rendered.press('user.tab-4');
	await settle('Last seen');
	// The latest place is listed first and selected; the selection draws over
	// the latest pin, so the next place is selected to show both.
	rendered.press('user.down');
	frames.push(await settle(/  \S .*\n› \S /));
	return frames;
}

describe('NO_COLOR', () => {
	it('is read as no-color.org and Node.js read it: FORCE_COLOR first, then NO_COLOR, then the terminal', () => {
		const terminal = {isTTY: true};
		expect(colorEnabled(terminal, {})).toBe(true);
		expect(colorEnabled(terminal, {NO_COLOR: '1'})).toBe(false);
		expect(colorEnabled(terminal, {NO_COLOR: ''})).toBe(true);
		expect(colorEnabled(terminal, {NO_COLOR: '1', FORCE_COLOR: '1'})).toBe(true);
		expect(colorEnabled(terminal, {FORCE_COLOR: '0'})).toBe(false);
		expect(colorEnabled(terminal, {TERM: 'dumb'})).toBe(false);
		expect(colorEnabled({isTTY: false}, {})).toBe(false);
		expect(colorEnabled({isTTY: false}, {FORCE_COLOR: ''})).toBe(true);
	});

	it('draws frames without colour, with the words and glyphs that colour stood for', async () => {
		applyTheme({name: 'dark', color: colorEnabled({isTTY: true}, {NO_COLOR: '1'})});
		const frames = await walk();
		for (const frame of frames) {
			expect(colourCodes(frame)).toEqual([]);
		}

		// Bold and reverse video stay (they are no colours); the text is read without them.
		const [list, error, page, map] = frames.map(frame => plain(frame));

		// The selected row's marker and the blocked user's badge.
		expect(list).toMatch(/› .*BLOCKED/);
		expect(error).toContain('✗ The store is locked by another process');
		expect(page).toMatch(/Access\s+Blocked/);
		// The latest login's place: its own glyph on the map and in the list beside it.
		expect(map!.split(latestPinGlyph).length - 1, map).toBeGreaterThanOrEqual(2);
	});

	it('marks dangerous keys in the help with ! instead of red', async () => {
		applyTheme({name: 'dark', color: false});
		const user = blockedTraveller();
		rendered = renderDeck(testStore.service, {navigation: {stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab: 'devices'}]}});
		await rendered.waitForFrame('5 Raw JSON');
		rendered.press('global.help');
		const help = plain(await rendered.waitForFrame('Keys'));
		expect(help).toMatch(/│! u +Unlink the selected device/);
		expect(help).toMatch(/│  Esc +Back to the Users list/);
	});

	it('draws the same frames in colour when colours are on (so the check above can fail)', async () => {
		applyTheme({name: 'dark', color: true});
		const frames = await walk();
		for (const frame of frames) {
			expect(colourCodes(frame).length).toBeGreaterThan(0);
		}

		const map = plain(frames[3]!);
		expect(map).toContain(pinGlyph);
		expect(map).not.toContain(latestPinGlyph);
	});
});
