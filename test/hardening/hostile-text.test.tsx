// Hostile text in every screen (issue 6): users whose every text field holds
// a string of the hostile corpus (and halves of split escape sequences in
// fields drawn side by side) are put straight into the store, as an
// attacker-controlled import would; the console then visits every screen and
// overlay over them, and every frame it wrote is scanned. After removing the
// console's own styling, no ESC, C0 (but newline), C1 or OSC may remain, nor
// any BiDi or invisible format character.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {defaultSeed} from '../../source/store/seed.js';
import {usersListModel} from '../../source/ui/state/users-list.js';
import {makeService, type RenderedDeck, renderDeck, type TestStore} from '../support/deck.js';
import {keys} from '../support/keys.js';
import {hostileStrings, splitPairs} from '../terminal/hostile-corpus.js';
import {frameScanner} from './support/frames.js';
import {
	fieldsOnScreen,
	type HostileRow,
	hostileFields,
	hostileRows,
	pairLogins,
	type PairRow,
	pairRows,
	putRows,
	rowsOfHostile,
	rowsOfPairs,
	type ScreenName,
} from './support/hostile-dataset.js';
import {figure, scaled, stress} from './support/scale.js';
import {ticks, until} from './support/until.js';
import {startWatchdog, type Watchdog} from './support/watchdog.js';

// npm test: every 34th row of the Latin square (each string in one of the 34 fields);
// stress: every row (each string in every field).
const stride = scaled(34, 1);

let testStore: TestStore;
let watchdog: Watchdog;
let deck: RenderedDeck;
let scanner: ReturnType<typeof frameScanner>;
let rows: HostileRow[];
let pairs: PairRow[];
const placements = new Map<ScreenName, number>();
const screensVisited = new Set<ScreenName>();
let pairsDrawn = 0;

beforeAll(async () => {
	watchdog = startWatchdog(scaled(20_000, 60_000));
	const now = new Date();
	testStore = await makeService({tables: defaultSeed()});
	rows = hostileRows(stride);
	pairs = pairRows();
	await putRows(testStore.store, [...rows.map(row => rowsOfHostile(row, now)), ...pairs.map(row => rowsOfPairs(row, now))]);
	deck = renderDeck(testStore.service);
	scanner = frameScanner(deck.frames);
}, 120_000);

afterAll(async () => {
	await watchdog?.stop();
	deck?.unmount();
	await testStore?.cleanup();
});

const frame = () => deck.lastFrame() ?? '';
const write = (text: string) => {
	deck.stdin.write(text);
};

async function show(expected: string | RegExp, what = String(expected)): Promise<string> {
	return until(() => {
		const current = frame();
		return (typeof expected === 'string' ? current.includes(expected) : expected.test(current)) ? current : undefined;
	}, {message: () => {
		const scan = scanner.next();
		return `expected ${what} in frame (raw ESC so far: ${scan.esc}, C1: ${scan.c1}, unsafe: ${scan.unsafe}):\n${frame()}`;
	}});
}

async function overlayClosed(): Promise<void> {
	await until(() => deck.deck.navigation.getState().overlay === undefined, {message: () => `overlay still open:\n${frame()}`});
}

/** Counts the string × field placements a screen showed for one hostile row. */
function visited(screen: ScreenName): void {
	screensVisited.add(screen);
	placements.set(screen, (placements.get(screen) ?? 0) + fieldsOnScreen[screen].length);
}

/** Pages down while the position line says there is more, waiting for each page. */
async function scrollThrough(position: RegExp): Promise<number> {
	let pages = 1;
	for (;;) {
		const match = position.exec(frame());
		if (!match || match[2] === match[3]) {
			return pages;
		}

		write(keys.pageDown);
		await until(() => {
			const next = position.exec(frame());
			return next !== null && next[0] !== match[0];
		}, {message: () => `the page did not move from ${match[0]}:\n${frame()}`});
		pages++;
	}
}

const linesPosition = /lines (\d+)–(\d+) of (\d+)/;
const viewerPosition = /(\d+)–(\d+) of (\d+) · j\/k/;

function openUser(userId: string, tab: 'details' | 'devices' | 'history' | 'locations' | 'raw'): void {
	deck.deck.navigation.dispatch({type: 'reset', screen: {name: 'users'}});
	deck.deck.navigation.dispatch({type: 'push', screen: {name: 'user', userId, tab}});
}

async function visitUser(row: HostileRow): Promise<void> {
	const {userId} = row;
	openUser(userId, 'details');
	await show('User Identity');
	visited('header');
	await scrollThrough(linesPosition);
	visited('details');

	// The metadata editor, and saving it: most hostile keys are refused, with
	// the key quoted in the error the editor shows.
	write('e');
	await show('Edit user_metadata');
	write(keys.ctrlS);
	await until(() => deck.deck.navigation.getState().overlay === undefined || /user_metadata(?:: | must | is )/.test(frame()), {message: frame});
	if (deck.deck.navigation.getState().overlay) {
		write(keys.escape);
		await overlayClosed();
	}

	visited('metadata editor');

	write('2');
	await show('u unlinks');
	visited('devices');
	write('u');
	await show('Unlink device');
	visited('unlink confirmation');
	// The device goes away behind the console's back (another process): the
	// confirmation then fails, and the error names the device and the user.
	await testStore.store.transact(tx => {
		tx.delete('devices', row.deviceIds[0]);
	});
	write('y');
	await show('✗ No device');
	write('u');
	await show('Unlink device');
	write('y');
	await show(/✓ Unlinked/);
	visited('status line');

	write('3');
	await show(/Past 2 days · \d+ events?/);
	visited('history');
	for (const [index] of testStore.service.history(userId).entries()) {
		if (index > 0) {
			write('j');
		}

		write(keys.enter);
		await show(viewerPosition, 'the event viewer');
		await scrollThrough(viewerPosition);
		write(keys.escape);
		await overlayClosed();
	}

	visited('event viewer');

	write('4');
	await show('Last seen');
	visited('locations');

	write('5');
	await show('"user_id"');
	await scrollThrough(linesPosition);
	visited('raw json');

	write('a');
	await show('Block User');
	visited('actions menu');
	write('j');
	write(keys.enter);
	await show('Choose the application');
	visited('impersonate picker');
	write(keys.enter);
	await show('One-time URL for');
	visited('ticket popup');
	write(keys.escape);
	await overlayClosed();

	write('a');
	await show('Block User');
	write('G');
	write(keys.enter);
	await show('Yes, Delete It');
	// What the admin types is drawn too. (Its ESC bytes are left out: Ink
	// reads ESC ESC as the Esc key, so they would close the dialog.)
	write(row.values.email.replaceAll('\u001B', ''));
	await ticks(2);
	visited('delete confirmation');
	write(keys.escape);
	await overlayClosed();

	write('?');
	await show('─ Keys ─');
	write(keys.escape);
	await overlayClosed();

	write('a');
	await show('Block User');
	write(keys.enter);
	await show('BLOCKED');
	await show(/✓ Blocked/);
	expect(testStore.store.user(userId)?.blocked).toBe(true);
	expect(scanner.next().esc, scanner.scan.samples.join('\n')).toBe(0);
}

async function visitPairs(row: PairRow, withLocations: boolean): Promise<void> {
	// Each screen shows the next of the row's pairs in order (the last row holds fewer).
	let drawnInRow = 0;
	const drawn = (count: number) => {
		const taken = Math.min(count, row.pairs.length - drawnInRow);
		drawnInRow += taken;
		pairsDrawn += taken;
	};

	// name|email sat side by side in the list.
	drawn(1);
	openUser(row.userId, 'devices');
	await show('u unlinks');
	drawn(1);
	write('3');
	await show(/Past 2 days/);
	drawn(pairLogins);
	if (!withLocations) {
		return;
	}

	write('4');
	await show('Last seen');
	// The list may show a few places at a time: move through all of them (the caption names the selected one too).
	for (let index = 1; index < testStore.service.locations(row.userId).length; index++) {
		const frames = deck.frames.length;
		write('j');
		await until(() => deck.frames.length > frames || undefined);
	}

	drawn(pairLogins);
}

async function pageThroughList(): Promise<number> {
	// Groups 2 and 3: the selected row and the count, as scrollThrough expects.
	const position = / ()(\d+)\/(\d+) *$/m;
	write('g');
	await show(/ 1\/\d+ *$/m, 'the first row selected');
	return scrollThrough(position);
}

it('draws no escape sequence, control or BiDi character from stored text on any screen', async () => {
	const started = performance.now();
	watchdog.step('paging through the Users list');
	await pageThroughList();
	for (let index = 0; index < rows.length; index++) {
		visited('list');
	}

	// Filtered: the pair users' names all start with "name ".
	// Enter keeps the filter and gives the keys back to the list, which is then
	// paged like the whole one (a `g` typed into the open prompt would be text).
	write('/');
	write('name');
	await show(/\d+ of \d+ users/);
	write(keys.enter);
	await until(() => usersListModel(deck.deck).state.getState().prompt === undefined || undefined);
	await pageThroughList();
	write('/');
	await until(() => usersListModel(deck.deck).state.getState().prompt !== undefined || undefined);
	write(keys.escape);
	await until(() => usersListModel(deck.deck).state.getState().prompt === undefined || undefined);

	for (const row of rows) {
		watchdog.step(`visiting the user of Latin-square row ${row.row}`);
		await visitUser(row);
	}

	// The Locations map is slow to draw: under npm test, one pair user in four goes there.
	for (const [index, row] of pairs.entries()) {
		watchdog.step(`visiting split pairs of ${row.userId}`);
		await visitPairs(row, index % scaled(4, 1) === 0);
	}

	// Create User: every database connection's name and the applications it serves.
	watchdog.step('cycling through the connections of Create User');
	deck.deck.navigation.dispatch({type: 'reset', screen: {name: 'users'}});
	write('c');
	await show('Create User');
	write(keys.tab);
	write(keys.tab);
	write(keys.tab);
	for (let index = 0; index < testStore.service.databaseConnections().length; index++) {
		const frames = deck.frames.length;
		write(keys.right);
		await until(() => deck.frames.length > frames || undefined);
	}

	for (let index = 0; index < rows.length; index++) {
		visited('create user form');
	}

	// Hostile text pasted into the filter and query prompts is drawn too,
	// pasted as a terminal with bracketed paste on sends it. A string holding
	// the paste end marker (ESC[201~) ends its paste early, and the rest comes
	// as keys, as it would from a real terminal: an Esc among them closes the
	// prompt and hands the rest to the list, so the prompt is opened again, on
	// a plain Users list, before each paste. This runs last, as those keys may
	// act on the store.
	const container = usersListModel(deck.deck).state;
	let pasted = 0;
	let sent = 0;
	for (const symbol of ['/', ':']) {
		const mode = symbol === '/' ? 'text' : 'query';
		// Under npm test, the two prompts share the strings between them.
		const pastes = hostileStrings.filter((candidate, index) => candidate.length > 1 && candidate.length < 5000 && (stress || index % 2 === (symbol === '/' ? 0 : 1)));
		for (const text of pastes) {
			const navigation = deck.deck.navigation.getState();
			if (navigation.overlay || navigation.stack.length > 1) {
				deck.deck.navigation.dispatch({type: 'reset', screen: {name: 'users'}});
			}

			// Keys wait for the list to take the input (it does once drawn); the paste must reach its prompt.
			if (container.getState().prompt?.mode !== mode) {
				write(keys.escape);
				write(symbol);
				await until(() => container.getState().prompt?.mode === mode && deck.deck.router.pendingCount === 0, {message: () => `no ${symbol} prompt:\n${frame()}`});
			}

			watchdog.step(`pasting ${JSON.stringify(text.slice(0, 40))} into the ${symbol} prompt`);
			const before = container.getState().prompt?.field;
			const frames = deck.frames.length;
			sent++;
			write(`\u001B[200~${text}\u001B[201~`);
			await until(() => deck.deck.router.pendingCount === 0, {message: () => `the paste waits for its owner:\n${frame()}`});
			if (container.getState().prompt?.field !== before) {
				pasted++;
				await until(() => deck.frames.length > frames || undefined, {message: () => `nothing drawn after pasting ${JSON.stringify(text)}`});
			}

			write(keys.ctrlU);
		}
	}

	// Most strings hold text the prompt keeps (some are only controls, which it drops).
	expect(pasted).toBeGreaterThan(sent * 0.6);

	const scan = scanner.next();
	const total = [...placements.values()].reduce((sum, count) => sum + count, 0);
	figure('hostile text: distinct strings', hostileStrings.length);
	figure('hostile text: split pairs', splitPairs.length);
	figure('hostile text: fields', hostileFields.length);
	figure('hostile text: users (Latin-square rows)', rows.length);
	figure('hostile text: screens and overlays visited', `${screensVisited.size} (${[...screensVisited].join(', ')}) + help`);
	figure('hostile text: string × field × screen placements checked', total);
	figure('hostile text: split pairs drawn side by side', `${pairsDrawn} of ${splitPairs.length}`);
	figure('hostile text: pastes into the prompts (that changed them)', `${sent} (${pasted})`);
	figure('hostile text: frames scanned', scan.frames);
	figure('hostile text: characters scanned', scan.characters);
	figure('hostile text: raw ESC / C0 / C1 / OSC / unsafe found', `${scan.esc} / ${scan.c0} / ${scan.c1} / ${scan.osc} / ${scan.unsafe}`);
	figure('hostile text: longest event-loop block (ms)', watchdog.longestBlockMs());
	figure('hostile text: time (s)', ((performance.now() - started) / 1000).toFixed(1));

	expect(screensVisited.size).toBe(Object.keys(fieldsOnScreen).length);
	expect(scan.samples, scan.samples.join('\n')).toEqual([]);
	expect({esc: scan.esc, c0: scan.c0, c1: scan.c1, osc: scan.osc, unsafe: scan.unsafe}).toEqual({esc: 0, c0: 0, c1: 0, osc: 0, unsafe: 0});
	expect(pairsDrawn).toBeGreaterThanOrEqual(scaled(Math.floor(splitPairs.length * 0.6), splitPairs.length));
// Generous: the test waits for what it checks, and only a hang should reach this.
}, scaled(600_000, 1_800_000));
