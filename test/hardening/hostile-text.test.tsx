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
	adjacentPairs,
	fieldsOnScreen,
	type HostileRow,
	hostileFields,
	hostileRows,
	type PairRow,
	pairRows,
	putRows,
	rowsOfHostile,
	rowsOfPairs,
	type ScreenName,
} from './support/hostile-dataset.js';
import {figure, scaled} from './support/scale.js';
import {ticks, until} from './support/until.js';

// npm test: every 17th row of the Latin square (each string in 2 of the 34 fields);
// stress: every row (each string in every field).
const stride = scaled(17, 1);

let testStore: TestStore;
let deck: RenderedDeck;
let scanner: ReturnType<typeof frameScanner>;
let rows: HostileRow[];
let pairs: PairRow[];
const placements = new Map<ScreenName, number>();
const screensVisited = new Set<ScreenName>();
let pairPlacements = 0;

beforeAll(async () => {
	const now = new Date();
	testStore = await makeService({tables: defaultSeed()});
	rows = process.env['HROWS'] ? process.env['HROWS'].split(',').map(Number).map(n => hostileRows(1)[n]!) : hostileRows(stride);
	pairs = pairRows();
	await putRows(testStore.store, [...rows.map(row => rowsOfHostile(row, now)), ...pairs.map(row => rowsOfPairs(row, now))]);
	deck = renderDeck(testStore.service);
	scanner = frameScanner(deck.frames);
}, 120_000);

afterAll(async () => {
	deck?.unmount();
	await testStore?.cleanup();
});

const frame = () => deck.lastFrame() ?? '';
const write = (text: string) => {
	deck.stdin.write(text);
};

const showTimes = new Map<string, number>();
async function show(expected: string | RegExp, what = String(expected)): Promise<string> {
	const t0 = performance.now();
	try { return await until(() => {
		const current = frame();
		return (typeof expected === 'string' ? current.includes(expected) : expected.test(current)) ? current : undefined;
	}, {message: () => `expected ${what} in frame:\n${frame()}`}); } finally { showTimes.set(what, (showTimes.get(what) ?? 0) + performance.now() - t0); }
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

let lastMark = 0;
function mark(label: string) { const now = performance.now(); if (process.env['HROWS']) console.log('step', label, Math.round(now - lastMark)); lastMark = now; }
async function visitUser(row: HostileRow): Promise<void> {
	const {userId} = row;
	openUser(userId, 'details');
	await show('User Identity');
	mark(3);
	visited('header');
	await scrollThrough(linesPosition);
	mark(5);
	visited('details');

	// The metadata editor, and saving it: most hostile keys are refused, with
	// the key quoted in the error the editor shows.
	write('e');
	await show('Edit user_metadata');
	mark(11);
	write(keys.ctrlS);
	await until(() => deck.deck.navigation.getState().overlay === undefined || /user_metadata(?:: | must | is )/.test(frame()), {message: frame});
	mark(13);
	if (deck.deck.navigation.getState().overlay) {
		write(keys.escape);
		await overlayClosed();
	mark(16);
	}

	visited('metadata editor');

	write('2');
	await show('u unlinks');
	mark(22);
	visited('devices');
	write('u');
	await show('Unlink device');
	mark(25);
	visited('unlink confirmation');
	// The device goes away behind the console's back (another process): the
	// confirmation then fails, and the error names the device and the user.
	await testStore.store.transact(tx => {
		tx.delete('devices', row.deviceIds[0]);
	});
	write('y');
	await show('✗ No device');
	mark(33);
	write('u');
	await show('Unlink device');
	mark(35);
	write('y');
	await show(/✓ Unlinked/);
	mark(37);
	visited('status line');

	write('3');
	await show(/Past 2 days · \d+ events?/);
	mark(41);
	visited('history');
	for (const [index] of testStore.service.history(userId).entries()) {
		if (index > 0) {
			write('j');
		}

		write(keys.enter);
		await show(viewerPosition, 'the event viewer');
	mark(49);
		await scrollThrough(viewerPosition);
	mark(50);
		write(keys.escape);
		await overlayClosed();
	mark(52);
	}

	visited('event viewer');

	write('4');
	await show('Last seen');
	mark(58);
	visited('locations');

	write('5');
	await show('"user_id"');
	mark(62);
	await scrollThrough(linesPosition);
	mark(63);
	visited('raw json');

	write('a');
	await show('Block User');
	mark(67);
	visited('actions menu');
	write('j');
	write(keys.enter);
	await show('Choose the application');
	mark(71);
	visited('impersonate picker');
	write(keys.enter);
	await show('One-time URL for');
	mark(74);
	visited('ticket popup');
	write(keys.escape);
	await overlayClosed();
	mark(77);

	write('a');
	await show('Block User');
	mark(80);
	write('G');
	write(keys.enter);
	await show('Yes, Delete It');
	mark(83);
	// What the admin types (or pastes) is drawn too.
	write(row.values.email);
	await ticks(2);
	mark(86);
	visited('delete confirmation');
	write(keys.escape);
	await overlayClosed();
	mark(89);

	write('?');
	await show('─ Keys ─');
	mark(92);
	write(keys.escape);
	await overlayClosed();
	mark(94);

	write('a');
	await show('Block User');
	mark(97);
	write(keys.enter);
	await show('BLOCKED');
	mark(99);
	await show(/✓ Blocked/);
	mark(100);
	expect(scanner.next().esc, scanner.scan.samples.join('\n')).toBe(0);
}

async function visitPairs(row: PairRow): Promise<void> {
	openUser(row.userId, 'devices');
	await show('u unlinks');
	write('3');
	await show(/Past 2 days/);
	write('4');
	await show('Last seen');
	// name|email in the list, device|application, application|identity provider, city|country.
	pairPlacements += row.pairs.length;
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
	await pageThroughList();
	visited('list');

	// Filtered: the pair users' names all start with "name ".
	write('/');
	write('name');
	await show(/\d+ of \d+ users/);
	await pageThroughList();
	write(keys.escape);
	await until(() => usersListModel(deck.deck).state.getState().prompt === undefined);

	for (const row of rows) {
		const t0 = performance.now();
		await visitUser(row);
		console.log('row', row.row, Math.round(performance.now() - t0), Object.values(row.values).reduce((n, v) => n + v.length, 0));
	}

	for (const row of pairs) {
		await visitPairs(row);
	}

	// Create User: every database connection's name and the applications it serves.
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

	// Hostile text pasted into the filter and query prompts is drawn too. Ink
	// splits a chunk at its escape sequences, and an ESC ESC in it is the Esc
	// key (no terminal can tell them apart without bracketed paste), which
	// closes the prompt and hands the rest to the list: so the prompt is opened
	// again, on a plain Users list, before each paste. This runs last, as those
	// keys may act on the store.
	const container = usersListModel(deck.deck).state;
	for (const symbol of ['/', ':']) {
		for (const text of hostileStrings.filter(candidate => candidate.length > 1 && candidate.length < 5000)) {
			const navigation = deck.deck.navigation.getState();
			if (navigation.overlay || navigation.stack.length > 1) {
				deck.deck.navigation.dispatch({type: 'reset', screen: {name: 'users'}});
			}

			if (container.getState().prompt?.mode !== (symbol === '/' ? 'text' : 'query')) {
				write(keys.escape);
				write(symbol);
			}

			const frames = deck.frames.length;
			write(text);
			await until(() => deck.frames.length > frames || undefined, {message: () => `nothing drawn after pasting ${JSON.stringify(text)}`});
			write(keys.ctrlU);
		}
	}

	console.log([...showTimes].map(([k, v]) => `${k}: ${Math.round(v)}`).join('\n'));
	const scan = scanner.next();
	const total = [...placements.values()].reduce((sum, count) => sum + count, 0);
	figure('hostile text: distinct strings', hostileStrings.length);
	figure('hostile text: split pairs', splitPairs.length);
	figure('hostile text: fields', hostileFields.length);
	figure('hostile text: users (Latin-square rows)', rows.length);
	figure('hostile text: screens and overlays visited', `${screensVisited.size} (${[...screensVisited].join(', ')}) + help`);
	figure('hostile text: string × field × screen placements checked', total);
	figure('hostile text: split pairs × adjacent fields checked', pairPlacements * 4 + splitPairs.length);
	figure('hostile text: frames scanned', scan.frames);
	figure('hostile text: characters scanned', scan.characters);
	figure('hostile text: raw ESC / C0 / C1 / OSC / unsafe found', `${scan.esc} / ${scan.c0} / ${scan.c1} / ${scan.osc} / ${scan.unsafe}`);
	figure('hostile text: time (s)', ((performance.now() - started) / 1000).toFixed(1));

	expect(screensVisited.size).toBe(Object.keys(fieldsOnScreen).length);
	expect(scan.samples, scan.samples.join('\n')).toEqual([]);
	expect({esc: scan.esc, c0: scan.c0, c1: scan.c1, osc: scan.osc, unsafe: scan.unsafe}).toEqual({esc: 0, c0: 0, c1: 0, osc: 0, unsafe: 0});
	// The split pairs sat side by side in four pairs of fields.
	expect(adjacentPairs).toHaveLength(4);
}, scaled(120_000, 1_800_000));
