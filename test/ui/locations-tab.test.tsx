// The Locations tab over a real demo store: the braille map with its pins and
// the list of places, the list highlighting its place, zoom, pan (only while
// the map has focus), fit, leaving the map, resizing and the empty state; then
// the tab's pure parts (state, view commands, layout) on their own.
import {render} from 'ink-testing-library';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {generateDemo} from '../../source/demo/generate.js';
import type {LocationInfo, User} from '../../source/domain/types.js';
import type {Place} from '../../source/map/places.js';
import {projectToCell, mapFrame} from '../../source/map/projection.js';
import {defaultView, fitView, worldView} from '../../source/map/view.js';
import {displayWidth} from '../../source/terminal/text-width.js';
import {locationsLayout} from '../../source/ui/screens/tabs/locations-layout.js';
import {LocationsList} from '../../source/ui/screens/tabs/locations-list.js';
import {initialLocations, locationsReducer, mapCommand, mapPanStep, resolveView} from '../../source/ui/screens/tabs/locations-state.js';
import {focusedHint, locationsScopes, noLocationsMessage, unfocusedHint} from '../../source/ui/screens/tabs/locations-tab.js';
import type {Navigation, UserTab} from '../../source/ui/state/navigation.js';
import {keys} from '../support/keys.js';
import {fakeHasher, makeService, renderDeck, type RenderedDeck, resize, type TestStore} from '../support/deck.js';
import {waitFor} from '../support/wait-for.js';

let testStore: TestStore;
let rendered: RenderedDeck | undefined;

beforeAll(async () => {
	testStore = await makeService({users: 80});
});

afterEach(() => {
	rendered?.unmount();
	rendered = undefined;
});

afterAll(async () => {
	await testStore.cleanup();
});

function service() {
	return testStore.service;
}

function placesOf(user: User): Place[] {
	return service().locations(user.user_id);
}

function pick(description: string, test: (places: Place[]) => boolean): User {
	const user = service().listUsers().find(candidate => test(placesOf(candidate)));
	if (!user) {
		throw new Error(`The demo store has no user ${description}`);
	}

	return user;
}

function open(user: User): RenderedDeck {
	const navigation: Navigation = {stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab: 'locations'}]};
	rendered = renderDeck(service(), {navigation});
	return rendered;
}

function frameOf(deck: RenderedDeck): string {
	return deck.lastFrame() ?? '';
}

function tabOf(deck: RenderedDeck): UserTab | undefined {
	const screen = deck.deck.navigation.getState().stack.at(-1);
	return screen?.name === 'user' ? screen.tab : undefined;
}

/** The line of the map's top border, which carries the caption. */
function captionOf(frame: string): string {
	return frame.split('\n').find(line => line.includes('╭')) ?? '';
}

/** The map's rows, without the side borders (and without the list when it is beside). */
function mapRowsOf(frame: string): string[] {
	const lines = frame.split('\n');
	const top = lines.findIndex(line => line.includes('╭'));
	const bottom = lines.findIndex(line => line.includes('╰'));
	return lines.slice(top + 1, bottom).map(line => {
		const start = line.indexOf('│');
		return line.slice(start + 1, line.indexOf('│', start + 1));
	});
}

function zoomOf(frame: string): number {
	const match = /zoom ([\d.]+)×/.exec(captionOf(frame));
	if (!match) {
		throw new Error(`No zoom in the caption: ${captionOf(frame)}`);
	}

	return Number(match[1]);
}

function centreOf(frame: string): {lat: number; lon: number} {
	const match = /(\d+\.\d)°([NS]) (\d+\.\d)°([EW])/.exec(captionOf(frame));
	if (!match) {
		throw new Error(`No centre in the caption: ${captionOf(frame)}`);
	}

	return {lat: Number(match[1]) * (match[2] === 'S' ? -1 : 1), lon: Number(match[3]) * (match[4] === 'W' ? -1 : 1)};
}

/** The list row that carries the selection marker. */
function selectedRowOf(frame: string): string {
	return frame.split('\n').find(line => line.trimStart().startsWith('› ')) ?? '';
}

async function waitForCaption(deck: RenderedDeck, test: (caption: string) => boolean, what: string): Promise<string> {
	return waitFor(() => (test(captionOf(frameOf(deck))) ? frameOf(deck) : undefined), {
		message: () => `expected the caption to show ${what}, frame:\n${frameOf(deck)}`,
	});
}

const describePlace = (place: Place) => `${place.city}, ${place.country}`;
/** Places in distinct cities on one continent: the default view is the fitted one, zoomed in. */
const oneRegion = (places: Place[]) => places.length >= 2 && places.length <= 3
	&& places.every(place => place.city !== '' && place.continentCode !== undefined && place.continentCode === places[0]!.continentCode);

describe('Locations tab', () => {
	it('draws the braille map with pins and lists the places, newest first', async () => {
		const user = pick('with two or three places', places => places.length >= 2 && places.length <= 3 && places.every(place => place.city !== ''));
		const places = placesOf(user);
		const deck = open(user);
		const frame = await deck.waitForFrame(places[0]!.city);
		const rows = mapRowsOf(frame);
		expect(rows.length).toBeGreaterThan(3);
		expect(rows.join('')).toMatch(/[\u2801-\u28FF]/);
		expect(rows.join('')).toMatch(/[●2-9+]/);
		// Nothing but land, water and pins inside the frame.
		expect(rows.join('')).toMatch(/^[\u2800-\u28FF ●2-9+]+$/);

		// The list is below the map at 100 columns.
		const lines = frame.split('\n');
		const listTop = lines.findIndex(line => line.includes('╰'));
		const rowOf = (place: Place) => lines.findIndex((line, index) => index > listTop && line.includes(place.city) && line.includes(place.country) && new RegExp(String.raw`\s${place.logins}\s`).test(line));
		for (const place of places) {
			expect(rowOf(place), place.city).toBeGreaterThan(-1);
		}

		// Newest first, the first selected, and the caption names it.
		expect(rowOf(places[0]!)).toBeLessThan(rowOf(places[1]!));
		expect(selectedRowOf(frame)).toContain(places[0]!.city);
		expect(captionOf(frame)).toContain(describePlace(places[0]!));
		expect(captionOf(frame)).toContain(`${places.length} places`);
		// Last seen: relative and absolute.
		expect(lines[rowOf(places[0]!)]).toMatch(/ago \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}\)/);
		// The footer offers the tab's keys.
		expect(frame).toContain('pan map');
		expect(frame).toContain(unfocusedHint.slice(0, 20));
	});

	it('moves the selection with j/k and the caption follows the highlighted place', async () => {
		const user = pick('with two or three places', places => places.length >= 2 && places.length <= 3 && places.every(place => place.city !== ''));
		const [first, second] = placesOf(user);
		const deck = open(user);
		await deck.waitForFrame(first!.city);
		deck.press('user.down');
		let frame = await waitForCaption(deck, caption => caption.includes(describePlace(second!)), second!.city);
		expect(selectedRowOf(frame)).toContain(second!.city);
		expect(tabOf(deck)).toBe('locations');

		deck.press('user.up');
		frame = await waitForCaption(deck, caption => caption.includes(describePlace(first!)), first!.city);
		expect(selectedRowOf(frame)).toContain(first!.city);
	});

	it('zooms with +, pans only once the map has focus, and 0 fits the pins again', async () => {
		const user = pick('with places in one region', oneRegion);
		const places = placesOf(user);
		const deck = open(user);
		const initial = await deck.waitForFrame(places[0]!.city);
		const initialCaption = captionOf(initial);
		const initialRows = mapRowsOf(initial);
		const zoom = zoomOf(initial);

		deck.press('locations.zoom-in');
		const doubled = (caption: string) => Math.abs((zoomOfCaption(caption) ?? 0) - zoom * 2) <= 0.15;
		const zoomed = await waitForCaption(deck, doubled, 'twice the zoom');
		expect(mapRowsOf(zoomed)).not.toEqual(initialRows);

		// Not focused: → is the page's, and switches tabs.
		deck.stdin.write(keys.right);
		await waitFor(() => tabOf(deck) === 'raw');
		deck.stdin.write(keys.left);
		await waitFor(() => tabOf(deck) === 'locations');
		// A tab opened again starts from its default view.
		let frame = await waitForCaption(deck, caption => caption === initialCaption, 'the initial view');
		expect(mapRowsOf(frame)).toEqual(initialRows);

		deck.press('locations.focus-map');
		frame = await deck.waitForFrame(focusedHint.slice(0, 30));
		expect(frame).toContain('map focused — arrows pan, Esc leaves');
		expect(frame).toContain('leave map');
		expect(frame).not.toContain('pan map');
		const before = centreOf(frame);

		deck.stdin.write(keys.right);
		frame = await waitForCaption(deck, caption => caption !== initialCaption, 'a new centre');
		expect(tabOf(deck)).toBe('locations');
		expect(centreOf(frame).lon).toBeGreaterThan(before.lon);
		expect(centreOf(frame).lat).toBeCloseTo(before.lat, 0);
		expect(mapRowsOf(frame)).not.toEqual(initialRows);

		// h pans back west; j pans south instead of moving the list.
		deck.type('h');
		frame = await waitForCaption(deck, caption => caption === initialCaption, 'the centre it started from');
		deck.press('map.zoom-in');
		await waitForCaption(deck, doubled, 'twice the zoom');
		const southBefore = centreOf(frameOf(deck)).lat;
		deck.type('j');
		frame = await waitForCaption(deck, caption => /°[NS]/.test(caption) && centreOfCaption(caption).lat < southBefore, 'a centre further south');
		expect(selectedRowOf(frame)).toContain(places[0]!.city);

		deck.press('map.fit');
		frame = await waitForCaption(deck, caption => caption === initialCaption, 'the fitted view');
		expect(mapRowsOf(frame)).toEqual(initialRows);
		// The fitted view shows every pin.
		expect(frame).not.toContain('off the view');
	});

	it('leaves the map with Esc (not the page) and with m; ←/→ switch tabs again', async () => {
		const user = pick('with places', places => places.length > 0 && places[0]!.city !== '');
		const deck = open(user);
		await deck.waitForFrame(placesOf(user)[0]!.city);
		deck.press('locations.focus-map');
		await deck.waitForFrame(focusedHint.slice(0, 30));
		deck.stdin.write(keys.escape);
		await deck.waitForFrame(unfocusedHint.slice(0, 20));
		expect(deck.deck.navigation.getState().stack).toHaveLength(2);
		expect(tabOf(deck)).toBe('locations');

		// Enter focuses too, and m leaves.
		deck.stdin.write(keys.enter);
		await deck.waitForFrame(focusedHint.slice(0, 30));
		deck.type('m');
		await deck.waitForFrame(unfocusedHint.slice(0, 20));

		deck.stdin.write(keys.left);
		await waitFor(() => tabOf(deck) === 'history');
		deck.stdin.write(keys.right);
		await waitFor(() => tabOf(deck) === 'locations');
		// Esc unfocused goes back to the list.
		await deck.waitForFrame(unfocusedHint.slice(0, 20));
		deck.stdin.write(keys.escape);
		await waitFor(() => deck.deck.navigation.getState().stack.length === 1);
	});

	it('acts on a burst key by key: "ml" focuses the map, then pans it east', async () => {
		const user = pick('with places', places => places.length > 0 && places[0]!.city !== '');
		const deck = open(user);
		const frame = await deck.waitForFrame(placesOf(user)[0]!.city);
		const before = centreOf(frame);
		deck.stdin.write('ml');
		const after = await waitForCaption(deck, caption => /°[NS]/.test(caption) && centreOfCaption(caption).lon !== before.lon, 'a new centre');
		expect(after).toContain(focusedHint.slice(0, 30));
		expect(tabOf(deck)).toBe('locations');
	});

	it('uses the space it gets: beside on a wide short terminal, below when narrow, never wider than the terminal', async () => {
		const user = pick('with two or three places', places => places.length >= 2 && places.length <= 3 && places.every(place => place.city !== ''));
		const [first] = placesOf(user);
		const deck = open(user);
		await deck.waitForFrame(first!.city);
		const longest = (frame: string) => Math.max(...frame.split('\n').map(line => displayWidth(line)));
		const besideList = (frame: string) => frame.split('\n').some(line => /[╮│].*\bCity\b.*Last seen/.test(line));

		resize(deck, 200, 24);
		let frame = await waitFor(() => (besideList(frameOf(deck)) ? frameOf(deck) : undefined), {message: () => `expected the list beside the map:\n${frameOf(deck)}`});
		expect(longest(frame)).toBeLessThanOrEqual(200);
		expect(frame).toContain(first!.city);

		resize(deck, 80, 24);
		frame = await waitFor(() => (!besideList(frameOf(deck)) && longest(frameOf(deck)) <= 80 ? frameOf(deck) : undefined), {message: () => `expected 80 columns:\n${frameOf(deck)}`});
		expect(frame.split('\n').length).toBeLessThanOrEqual(23);
		expect(mapRowsOf(frame).join('')).toMatch(/[\u2801-\u28FF]/);
		expect(frame).toContain(first!.city);

		resize(deck, 200, 60);
		frame = await waitFor(() => (mapRowsOf(frameOf(deck)).length > 30 ? frameOf(deck) : undefined), {message: () => `expected a tall map:\n${frameOf(deck)}`});
		expect(longest(frame)).toBeLessThanOrEqual(200);
		expect(frame.split('\n').length).toBeLessThanOrEqual(59);
		expect(frame).toContain(first!.city);
	});

	it('says so for a user with no login locations, and offers no map keys', async () => {
		const user = await service().createUser({
			email: 'nowhere.yet@example.test',
			password: 'Locations-Test-Passw0rd!',
			repeatPassword: 'Locations-Test-Passw0rd!',
			connection: 'Username-Password-Authentication',
		});
		expect(placesOf(user)).toEqual([]);
		const deck = open(user);
		const frame = await deck.waitForFrame(noLocationsMessage);
		expect(frame).not.toContain('╭');
		expect(frame).not.toContain('pan map');
		// The page's keys still work.
		deck.stdin.write(keys.right);
		await waitFor(() => tabOf(deck) === 'raw');
	});
});

describe('Locations tab: a well-travelled user', () => {
	let own: TestStore;
	let traveller: User;
	const hostileCity = 'Evil\u001B[2J\u001B]0;owned\u0007ville';
	// Newest first: Versailles is 20 km from Paris, so the two share a cell at world zoom.
	const cities: Array<Pick<LocationInfo, 'city_name' | 'country_name' | 'country_code' | 'continent_code' | 'latitude' | 'longitude'>> = [
		{city_name: 'Paris', country_name: 'France', country_code: 'FR', continent_code: 'EU', latitude: 48.86, longitude: 2.35},
		{city_name: 'Versailles', country_name: 'France', country_code: 'FR', continent_code: 'EU', latitude: 48.8, longitude: 2.13},
		{city_name: 'Sydney', country_name: 'Australia', country_code: 'AU', continent_code: 'OC', latitude: -33.87, longitude: 151.21},
		{city_name: hostileCity, country_name: 'Nowhere\u009B1m', country_code: 'XX', continent_code: 'AF', latitude: 0, longitude: 20},
		{city_name: 'Suva', country_name: 'Fiji', country_code: 'FJ', continent_code: 'OC', latitude: -18.14, longitude: 178.44},
		{city_name: 'Anchorage', country_name: 'United States', country_code: 'US', continent_code: 'NA', latitude: 61.22, longitude: -149.9},
	];

	beforeAll(async () => {
		const now = Date.now();
		const tables = generateDemo({users: 3, seed: 'locations', now: new Date(now), passwordHash: await fakeHasher.hash('Demo-Passw0rd!')});
		traveller = [...tables.users.values()][0]!;
		for (const [id, log] of tables.logs) {
			if (log.user_id === traveller.user_id) {
				tables.logs.delete(id);
			}
		}

		// Oldest first, as the log is kept.
		for (const [index, city] of [...cities].reverse().entries()) {
			const log_id = `locations-test-${index}`;
			tables.logs.set(log_id, {
				log_id,
				date: new Date(now - (cities.length - index) * 3_600_000).toISOString(),
				type: 's',
				user_id: traveller.user_id,
				location_info: {...city, country_code3: city.country_code, time_zone: 'UTC'},
			});
		}

		own = await makeService({tables});
	});

	afterAll(async () => {
		await own.cleanup();
	});

	function openTraveller(): RenderedDeck {
		rendered = renderDeck(own.service, {navigation: {stack: [{name: 'users'}, {name: 'user', userId: traveller.user_id, tab: 'locations'}]}});
		return rendered;
	}

	it('merges places that share a cell into a counted pin, and scrolls the list to the last place', async () => {
		expect(own.service.locations(traveller.user_id).map(place => place.city)).toEqual(cities.map(city => city.city_name));
		const deck = openTraveller();
		let frame = await deck.waitForFrame('Paris');
		expect(captionOf(frame)).toMatch(/zoom 1×/);
		expect(captionOf(frame)).toContain('6 places');
		// Paris and Versailles: one pin counting two.
		expect(mapRowsOf(frame).join('')).toContain('2');
		expect(mapRowsOf(frame).join('').match(/●/g)?.length).toBe(4);

		deck.press('user.last');
		frame = await waitForCaption(deck, caption => caption.includes('Anchorage, United States'), 'Anchorage');
		expect(selectedRowOf(frame)).toContain('Anchorage');
		// The list shows a window of the places: the first has scrolled away.
		expect(frame.split('\n').some(line => line.includes('Paris') && !line.includes('╭'))).toBe(false);
		deck.press('user.first');
		frame = await waitForCaption(deck, caption => caption.includes('Paris, France'), 'Paris');
		expect(selectedRowOf(frame)).toContain('Paris');
	});

	it('sanitizes city and country names from the store in the list and the caption', async () => {
		const deck = openTraveller();
		await deck.waitForFrame('Paris');
		deck.press('user.down');
		deck.press('user.down');
		deck.press('user.down');
		const frame = await waitForCaption(deck, caption => caption.includes('Evil'), 'the hostile city');
		expect(selectedRowOf(frame)).toContain('Evil');
		expect(selectedRowOf(frame)).toContain('Nowhere');
		expect(frame).not.toMatch(/[\u001B\u0007\u009B]/);
	});
});

function zoomOfCaption(caption: string): number | undefined {
	const match = /zoom ([\d.]+)×/.exec(caption);
	return match ? Number(match[1]) : undefined;
}

function centreOfCaption(caption: string): {lat: number; lon: number} {
	return centreOf(caption);
}

describe('Locations list', () => {
	it('sanitizes the place names from the store', () => {
		const place: Place = {
			key: 'xx//evil',
			city: 'Evil\u001B[2J\u001B]0;pwned\u0007City',
			country: 'Bad\u009BCountry\r',
			countryCode: 'XX',
			latitude: 10,
			longitude: 10,
			logins: 3,
			lastSeen: '2026-01-01T00:00:00.000Z',
		};
		const {lastFrame, unmount} = render(
			<LocationsList places={[place]} selected={0} offset={0} rows={1} width={90} now={new Date('2026-01-02T00:00:00Z')} latest={place.key} hidden={new Set()} />,
		);
		const frame = lastFrame() ?? '';
		unmount();
		expect(frame).toContain('Evil');
		expect(frame).toContain('Bad');
		expect(frame).not.toMatch(/[\u001B\u0007\u009B\r]/);
		expect(frame).toContain('1 day ago');
	});
});

describe('Locations state', () => {
	const points = [
		{latitude: 51.5, longitude: -0.1, continentCode: 'EU'},
		{latitude: 48.9, longitude: 2.4, continentCode: 'EU'},
	];

	it('moves the selection within the list and keeps focus and view apart', () => {
		let state = locationsReducer(initialLocations, {type: 'move', movement: 'down', count: 3, rows: 2});
		expect(state.list.selected).toBe(1);
		state = locationsReducer(state, {type: 'move', movement: 'last', count: 3, rows: 2});
		expect(state.list).toEqual({selected: 2, offset: 1});
		state = locationsReducer(state, {type: 'move', movement: 'down', count: 3, rows: 2});
		expect(state.list.selected).toBe(2);
		const focused = locationsReducer(state, {type: 'focus', focused: true});
		expect(focused.focused).toBe(true);
		expect(focused.list).toBe(state.list);
		expect(locationsReducer(focused, {type: 'focus', focused: true})).toBe(focused);
		const fitted = locationsReducer(focused, {type: 'view', view: {kind: 'fit'}});
		expect(fitted.view).toEqual({kind: 'fit'});
		expect(fitted.focused).toBe(true);
	});

	it('resolves the default and fitted views per size, and keeps a custom view clamped', () => {
		expect(resolveView({kind: 'default'}, points, 78, 9)).toEqual(defaultView(points, 78, 9));
		expect(resolveView({kind: 'fit'}, points, 198, 46)).toEqual(fitView(points, 198, 46));
		const custom = resolveView({kind: 'custom', view: {centerLon: 400, centerLat: 0, zoom: 1000}}, points, 78, 9);
		expect(custom.zoom).toBeLessThanOrEqual(32);
		expect(custom.centerLon).toBeCloseTo(40, 6);
	});

	it('turns the map keys into views: zoom doubles and halves, arrows pan, 0 fits, other keys are not map keys', () => {
		const start = fitView(points, 78, 9);
		const zoomIn = mapCommand('locations.zoom-in', start, 78, 9);
		expect(zoomIn?.kind === 'custom' && zoomIn.view.zoom).toBeCloseTo(start.zoom * 2, 6);
		const zoomOut = mapCommand('map.zoom-out', start, 78, 9);
		expect(zoomOut?.kind === 'custom' && zoomOut.view.zoom).toBeCloseTo(start.zoom / 2, 6);
		expect(mapCommand('locations.fit', start, 78, 9)).toEqual({kind: 'fit'});
		expect(mapCommand('map.fit', start, 78, 9)).toEqual({kind: 'fit'});
		const east = mapCommand('map.right', start, 78, 9);
		const west = mapCommand('map.left', start, 78, 9);
		const north = mapCommand('map.up', start, 78, 9);
		const south = mapCommand('map.down', start, 78, 9);
		expect(east?.kind === 'custom' && east.view.centerLon).toBeGreaterThan(start.centerLon);
		expect(west?.kind === 'custom' && west.view.centerLon).toBeLessThan(start.centerLon);
		expect(north?.kind === 'custom' && north.view.centerLat).toBeGreaterThan(start.centerLat);
		expect(south?.kind === 'custom' && south.view.centerLat).toBeLessThan(start.centerLat);
		for (const id of ['user.up', 'user.next-tab', 'locations.focus-map', 'map.leave', undefined] as const) {
			expect(mapCommand(id, start, 78, 9)).toBeUndefined();
		}
	});

	it('pans a short wide world by a quarter of the world, not of the frame', () => {
		// At 78×9 the whole world is about 40 columns wide; a quarter of the frame would be half a turn.
		const world = resolveView({kind: 'default'}, [], 78, 9);
		expect(world).toEqual(mapFrame(78, 9, worldView()).view);
		const step = mapPanStep(world, 78, 9);
		const frame = mapFrame(78, 9, world);
		const west = projectToCell(frame, -180, 0)!;
		const east = projectToCell(frame, 179.9, 0)!;
		const worldCols = east.col - west.col + 1;
		expect(worldCols).toBeLessThan(60);
		expect(step.dx).toBeLessThanOrEqual(Math.ceil(worldCols / 4));
		const moved = mapCommand('map.right', world, 78, 9);
		const degrees = moved?.kind === 'custom' ? moved.view.centerLon - world.centerLon : 0;
		expect(degrees).toBeGreaterThan(60);
		expect(degrees).toBeLessThan(110);
		// Zoomed in, the frame is the smaller: a quarter of the frame.
		expect(mapPanStep({...world, zoom: 8}, 78, 9).dx).toBe(Math.round(78 / 4));
	});

	it('claims the map scope only while the map has focus, and no map keys without places', () => {
		expect(locationsScopes(false, 3, ['user'])).toEqual(['locations', 'user']);
		expect(locationsScopes(true, 3, ['user'])).toEqual(['map', 'user']);
		expect(locationsScopes(true, 0, ['user'])).toEqual(['user']);
	});
});

describe('Locations layout', () => {
	const total = (layout: ReturnType<typeof locationsLayout>) => (layout.mode === 'below' ? layout.frameHeight + 1 + layout.listRows : layout.frameHeight);

	it('puts the list below the map on 80 columns and fills the height exactly', () => {
		for (const places of [1, 3, 4, 20]) {
			const layout = locationsLayout(80, 15, places);
			expect(layout.mode).toBe('below');
			expect(layout.frameWidth).toBe(80);
			expect(layout.mapCols).toBe(78);
			expect(layout.listRows).toBeLessThanOrEqual(places);
			expect(layout.listRows).toBeGreaterThan(0);
			expect(total(layout)).toBe(15);
			expect(layout.mapRows).toBeGreaterThanOrEqual(8);
		}
	});

	it('puts the list beside the map when that draws the bigger world, below when the terminal is tall', () => {
		const short = locationsLayout(200, 15, 3);
		expect(short.mode).toBe('beside');
		expect(short.frameWidth + 1 + short.listWidth).toBe(200);
		expect(short.listWidth).toBeGreaterThanOrEqual(66);
		expect(short.frameHeight).toBe(15);

		const tall = locationsLayout(200, 51, 3);
		expect(tall.mode).toBe('below');
		expect(tall.listRows).toBe(3);
		expect(total(tall)).toBe(51);
		// The world at 198 columns needs about 42 rows; the map gets them.
		expect(tall.mapRows).toBeGreaterThanOrEqual(42);

		expect(locationsLayout(119, 15, 3).mode).toBe('below');
	});

	it('gives a long list more rows when the map has more than the world needs', () => {
		const layout = locationsLayout(80, 60, 30);
		expect(layout.mapRows).toBeGreaterThanOrEqual(Math.ceil(156 / 2.5 / 4));
		expect(layout.listRows).toBeGreaterThan(Math.floor(57 * 0.3));
		expect(total(layout)).toBe(60);
	});
});
