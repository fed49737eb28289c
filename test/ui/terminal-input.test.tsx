// Keys that arrive together are still keys; pastes are pastes (issue 13).
// A terminal under load, a multiplexer or SSH hands several keystrokes to one
// read; the console once took any such chunk for a paste, so Tab between the
// fields of Create User went into the Email field. With bracketed paste on, a
// paste comes between ESC[200~ and ESC[201~ and is text, never keys; outside
// it a chunk is the keys it was typed as, but no confirmation takes a key that
// came in one read with other input.
import {EventEmitter} from 'node:events';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {characterName, type KeyPress} from '../../source/ui/input/key-name.js';
import {maxPasteLength, TerminalInput} from '../../source/ui/input/terminal-input.js';
import {helpLines} from '../../source/ui/overlays/help-overlay.js';
import type {Navigation} from '../../source/ui/state/navigation.js';
import {mockPorts, type RenderedDeck, screenFixture} from '../support/deck.js';
import {fieldLine} from '../support/form-lines.js';
import {keys} from '../support/keys.js';
import {waitFor} from '../support/wait-for.js';

const paste = (text: string) => `\u001B[200~${text}\u001B[201~`;
const typedInOneRead = `person@example.com${keys.tab}Pa55-word!x${keys.tab}Pa55-word!x`;

const fixture = screenFixture(30, {storePerTest: true});

function open(navigation: Navigation, ports = mockPorts()): RenderedDeck {
	return fixture.render(fixture.store.service, {navigation, ports});
}

async function openCreateUser(): Promise<RenderedDeck> {
	const deck = open({stack: [{name: 'users'}, {name: 'create-user'}]});
	await deck.waitForFrame(/[ ›] Repeat Password/);
	return deck;
}

describe('Create User', () => {
	it('fills its three fields from email, Tab, password, Tab, password typed in one read', async () => {
		const deck = await openCreateUser();
		deck.stdin.write(typedInOneRead);
		await deck.waitForFrame(fieldLine('Repeat Password', '•'.repeat(11)));
		expect(deck.lastFrame()).toMatch(fieldLine('Email', 'person@example.com'));
		expect(deck.lastFrame()).toMatch(fieldLine('Password', '•'.repeat(11)));
		// The two passwords are the same: the form saves.
		deck.press('form.submit');
		await waitFor(() => fixture.store.service.listUsers().some(user => user.email === 'person@example.com'));
	});

	it('puts a bracketed paste of the same text into Email alone, its Tabs dropped', async () => {
		const deck = await openCreateUser();
		deck.stdin.write(paste(typedInOneRead));
		await deck.waitForFrame(fieldLine('Email', 'person@example.comPa55-word!xPa55-word!x'));
		expect(deck.lastFrame()).toMatch(/^› Email/m);
		expect(deck.lastFrame()).toMatch(fieldLine('Password', ''));
	});

	it('takes a paste that comes in several reads, its markers split from its text, as one paste', async () => {
		const deck = await openCreateUser();
		deck.stdin.write('\u001B[200~ab\tc');
		deck.stdin.write('\u001B[31md\re');
		deck.stdin.write('f\u001B[201~');
		deck.stdin.write(keys.tab);
		await deck.waitForFrame(/^› Password/m);
		// The colour code went whole, not just its ESC; Tab and Enter inside the paste did nothing.
		expect(deck.lastFrame()).toMatch(fieldLine('Email', 'abcdef'));
	});

	it('types into Email what comes after a paste in the same read', async () => {
		const deck = await openCreateUser();
		deck.stdin.write(`${paste('a\tb')}c${keys.tab}`);
		await deck.waitForFrame(/^› Password/m);
		expect(deck.lastFrame()).toMatch(fieldLine('Email', 'abc'));
	});
});

describe('the Delete confirmation', () => {
	let user: User;

	async function openDelete(): Promise<RenderedDeck> {
		user = fixture.store.service.listUsers().find(candidate => candidate.email !== undefined)!;
		const deck = open({stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab: 'details'}], overlay: {name: 'confirm-delete', userId: user.user_id}});
		await deck.waitForFrame('Yes, Delete It');
		return deck;
	}

	/**
	 * The user is still there once a key typed after what came before shows
	 * on screen; Backspace (taking that key back), then Enter pressed on its
	 * own: now it deletes.
	 */
	async function expectKeptThenDeleted(deck: RenderedDeck): Promise<void> {
		deck.stdin.write('x');
		await deck.waitForFrame(/x *│?$/m);
		expect(fixture.store.service.store.user(user.user_id)).toBeDefined();
		deck.stdin.write(keys.backspace);
		await deck.waitForFrame('press Enter');
		deck.stdin.write(keys.enter);
		await waitFor(() => fixture.store.service.store.user(user.user_id) === undefined);
	}

	it('never deletes on an Enter that came in the same read as the typed email', async () => {
		const deck = await openDelete();
		deck.stdin.write(`${user.email!}${keys.enter}`);
		await deck.waitForFrame('press Enter');
		deck.stdin.write(`${keys.backspace}${user.email!.at(-1)!}${keys.enter}`);
		await expectKeptThenDeleted(deck);
	});

	it('never takes a paste as its Enter, and deletes on a separate Enter after a pasted email', async () => {
		const deck = await openDelete();
		deck.stdin.write(paste(`${user.email!}\r`));
		await deck.waitForFrame('press Enter');
		deck.stdin.write(paste('\r'));
		deck.stdin.write(paste('\u001B[201~\r'));
		await expectKeptThenDeleted(deck);
	});
});

describe('the Unlink confirmation', () => {
	it('takes no y that came in one read with the key that opened it', async () => {
		const owner = fixture.store.service.listUsers().find(candidate => fixture.store.service.devices(candidate.user_id).length > 0)!;
		const [device] = fixture.store.service.devices(owner.user_id);
		const deck = open({stack: [{name: 'users'}, {name: 'user', userId: owner.user_id, tab: 'devices'}]});
		await deck.waitForFrame('u unlinks');
		deck.stdin.write('uy');
		await waitFor(() => deck.deck.navigation.getState().overlay?.name === 'confirm-unlink');
		await deck.waitForFrame('Unlink ');
		expect(fixture.store.service.store.tables.devices.has(device!.id)).toBe(true);
		deck.stdin.write('y');
		await waitFor(() => !fixture.store.service.store.tables.devices.has(device!.id));
	});
});

describe('keys in one read', () => {
	it('are named as the same keys sent one per read', async () => {
		const deck = open({stack: [{name: 'users'}]});
		await deck.waitForFrame('Sorted by');
		const seen: KeyPress[] = [];
		deck.deck.router.handle = press => {
			seen.push(press);
		};

		// Every character but ESC (which starts a sequence): each alone, then each after an "x" in one chunk.
		const characters = Array.from({length: 128}, (_, code) => String.fromCharCode(code)).filter(character => character !== '\u001B');
		for (const character of characters) {
			seen.length = 0;
			deck.stdin.write(character);
			const alone = seen.map(press => press.name);
			seen.length = 0;
			deck.stdin.write(`x${character}`);
			const joined = seen.map(press => press.name);
			if (alone.length > 0) {
				expect(joined, JSON.stringify(character)).toEqual(['x', ...alone]);
				expect(characterName(character), JSON.stringify(character)).toBe(alone[0]);
			}
		}
	});

	it('mark every key of a multi-key read as joined, and a key alone in its read as not', async () => {
		const deck = open({stack: [{name: 'users'}]});
		await deck.waitForFrame('Sorted by');
		const seen: KeyPress[] = [];
		deck.deck.router.handle = press => {
			seen.push(press);
		};

		deck.stdin.write(keys.enter);
		deck.stdin.write(`a${keys.down}${keys.enter}`);
		deck.stdin.write(`${keys.down}${keys.enter}`);
		expect(seen.map(press => [press.name, press.joined])).toEqual([
			['enter', false],
			['a', false], ['down', true], ['enter', true],
			['down', false], ['enter', true],
		]);
	});
});

describe('Esc and a key in one read', () => {
	it('are Esc, then the key, whatever the key (Ink dropped the Esc before a ":")', async () => {
		const deck = open({stack: [{name: 'users'}]});
		await deck.waitForFrame('Sorted by');
		deck.stdin.write('/');
		deck.stdin.write(paste('abc'));
		await deck.waitForFrame(/^\/ abc/m);
		// Esc closes the filter prompt (clearing it), ":" opens the query prompt.
		deck.stdin.write('\u001B:');
		await deck.waitForFrame(/^: *\S* *\d+ users/m);
		// Esc closes that one; Enter, back on the list, opens the selected user.
		deck.stdin.write(`\u001B${keys.enter}`);
		await deck.waitForFrame('User Identity');
	});
});

describe('Ctrl-L', () => {
	it('asks the terminal for a whole redraw, whatever screen or overlay has the keys, and help lists it', async () => {
		const redraw = vi.fn();
		const deck = open({stack: [{name: 'users'}, {name: 'create-user'}], overlay: {name: 'help'}}, mockPorts({redraw}));
		await deck.waitForFrame('Keys');
		deck.stdin.write('\u000C');
		await waitFor(() => redraw.mock.calls.length === 1);
		expect(deck.deck.navigation.getState().overlay?.name).toBe('help');
		expect(helpLines(['list']).some(line => line.keys === 'Ctrl-L' && /Redraw/.test(line.text))).toBe(true);
	});
});

describe('TerminalInput', () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	function attached() {
		const stdin = new EventEmitter();
		const events = new EventEmitter();
		const terminal = new TerminalInput();
		const received: Array<{data: string; pasted: string | undefined}> = [];
		events.on('input', (data: string) => {
			received.push({data, pasted: terminal.takePaste()});
		});
		terminal.attach(stdin, events);
		return {stdin, events, received};
	}

	it('ends a paste whose end marker never comes once the terminal has been silent a while', () => {
		vi.useFakeTimers();
		const {events, received} = attached();
		events.emit('input', '\u001B[200~');
		events.emit('input', 'half a paste');
		expect(received).toEqual([]);
		vi.advanceTimersByTime(5000);
		expect(received.map(event => event.pasted)).toEqual(['half a paste']);
		// The keyboard is back.
		events.emit('input', 'j');
		expect(received.at(-1)).toEqual({data: 'j', pasted: undefined});
	});

	it('keeps at most maxPasteLength characters of one paste', () => {
		const {events, received} = attached();
		events.emit('input', '\u001B[200~');
		for (let index = 0; index < 3; index++) {
			events.emit('input', 'p'.repeat(maxPasteLength / 2));
		}

		events.emit('input', '\u001B[201~');
		expect(received.map(event => event.pasted?.length)).toEqual([maxPasteLength]);
	});

	it('drops the escape sequences Ink cannot name, outside a paste', () => {
		const {events, received} = attached();
		for (const sequence of ['\u001B[1;5S', '\u001B[5m', '\u001B[201~', '\u001B[A']) {
			events.emit('input', sequence);
		}

		expect(received.map(event => event.data)).toEqual(['\u001B[A']);
	});
});
