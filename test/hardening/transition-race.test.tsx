// Transition race (issue 6): for every screen change, the next key is sent in
// the same synchronous turn (0), after a microtask, and after one and two
// macrotask turns (setImmediate), and must act on the new screen, never on
// the one that is going away. Each case starts a fresh console on a fresh
// copy of a store, and checks an effect only the new screen can produce.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {User} from '../../source/domain/types.js';
import type {Navigation, Overlay} from '../../source/ui/state/navigation.js';
import {usersListModel} from '../../source/ui/state/users-list.js';
import {type RenderedDeck, renderDeck} from '../support/deck.js';
import {keys} from '../support/keys.js';
import {figure, stress} from './support/scale.js';
import {copyStore, makeTemplate, type StoreCopy, type Template} from './support/store-copy.js';
import {ticks, until} from './support/until.js';

let template: Template;
let userId: string;

beforeAll(async () => {
	template = await makeTemplate(20);
	const copy = await copyStore(template);
	const {service} = copy;
	// One user every case can use: devices, recent history, places, and Sign in as User available.
	const user = service.listUsers({sort: {field: 'user_id', descending: false}}).find((candidate: User) => !candidate.blocked
		&& candidate.email !== undefined
		&& service.devices(candidate.user_id).length > 0
		&& service.history(candidate.user_id).length >= 2
		&& service.locations(candidate.user_id).length > 0
		&& service.impersonationOptions(candidate.user_id).allowed);
	await copy.cleanup();
	if (!user) {
		throw new Error('the demo store has no user with devices, history, places and Sign in as User');
	}

	userId = user.user_id;
}, 60_000);

afterAll(async () => {
	await template?.cleanup();
});

type Context = {deck: RenderedDeck; copy: StoreCopy; overlaysSeen: Set<string>};

type Case = {
	readonly name: string;
	readonly start: (copy: StoreCopy) => Navigation;
	/** Drawn once the starting screen is ready for keys. */
	readonly ready: string | RegExp;
	/** The key(s) that change the screen, each written on its own. */
	readonly change: string | readonly string[];
	/** The next key. */
	readonly probe: string;
	/** True once the probe acted on the new screen. */
	readonly reached: (context: Context) => boolean;
};

const users = (): Navigation => ({stack: [{name: 'users'}]});
const page = (tab: 'details' | 'devices' | 'history' | 'locations' | 'raw', overlay?: Overlay): Navigation => ({
	stack: [{name: 'users'}, {name: 'user', userId, tab}],
	overlay,
});
const top = ({deck}: Context) => deck.deck.navigation.getState().stack.at(-1);
const overlayName = ({deck}: Context) => deck.deck.navigation.getState().overlay?.name;
const onTab = (tab: string) => (context: Context) => {
	const screen = top(context);
	return screen?.name === 'user' && screen.tab === tab && overlayName(context) === undefined;
};

const listMovedDown = (context: Context) => top(context)?.name === 'users'
	&& overlayName(context) === undefined
	&& usersListModel(context.deck.deck).state.getState().selected === 1;
const copied = (test: (text: string) => boolean) => ({deck}: Context) => deck.ports.copy.mock.calls.some(([text]) => test(text));
const frameShows = (expected: string | RegExp) => ({deck}: Context) => {
	const frame = deck.lastFrame() ?? '';
	return typeof expected === 'string' ? frame.includes(expected) : expected.test(frame);
};

const cases: readonly Case[] = [
	// Screens.
	{name: 'list → user (Enter)', start: users, ready: 'Sorted by', change: keys.enter, probe: '2', reached: context => top(context)?.name === 'user' && onTab('devices')(context)},
	{name: 'user → list (Esc)', start: () => page('details'), ready: 'User Identity', change: keys.escape, probe: 'j', reached: listMovedDown},
	{name: 'list → create (c)', start: users, ready: 'Sorted by', change: 'c', probe: 'x', reached: frameShows(/Email\s+x/)},
	{name: 'create → list (Esc)', start: () => ({stack: [{name: 'users'}, {name: 'create-user'}]}), ready: 'Create User', change: keys.escape, probe: 'j', reached: listMovedDown},
	// Tabs.
	{name: 'details → devices (2)', start: () => page('details'), ready: 'User Identity', change: '2', probe: 'u', reached: context => overlayName(context) === 'confirm-unlink'},
	{name: 'details → devices (Tab)', start: () => page('details'), ready: 'User Identity', change: keys.tab, probe: 'u', reached: context => overlayName(context) === 'confirm-unlink'},
	{name: 'details → devices (→)', start: () => page('details'), ready: 'User Identity', change: keys.right, probe: 'u', reached: context => overlayName(context) === 'confirm-unlink'},
	{name: 'details → history (3)', start: () => page('details'), ready: 'User Identity', change: '3', probe: 'w', reached: frameShows('Past 7 days')},
	{name: 'details → locations (4)', start: () => page('details'), ready: 'User Identity', change: '4', probe: 'm', reached: frameShows('map focused')},
	{name: 'details → raw JSON (5)', start: () => page('details'), ready: 'User Identity', change: '5', probe: 'y', reached: copied(text => text.startsWith('{'))},
	{name: 'details → raw JSON (Shift-Tab)', start: () => page('details'), ready: 'User Identity', change: keys.shiftTab, probe: 'y', reached: copied(text => text.startsWith('{'))},
	{name: 'details → raw JSON (←)', start: () => page('details'), ready: 'User Identity', change: keys.left, probe: 'y', reached: copied(text => text.startsWith('{'))},
	{name: 'devices → details (1)', start: () => page('devices'), ready: 'u unlinks', change: '1', probe: 'e', reached: context => overlayName(context) === 'edit-metadata'},
	{name: 'raw JSON → history (Tab, Tab, Tab)', start: () => page('raw'), ready: '"user_id"', change: [keys.tab, keys.tab, keys.tab], probe: 'w', reached: frameShows('Past 7 days')},
	// Opening overlays.
	{name: 'list → actions (a)', start: users, ready: 'Sorted by', change: 'a', probe: 'G', reached: frameShows('› Delete User')},
	{name: 'user → actions (a)', start: () => page('details'), ready: 'User Identity', change: 'a', probe: 'G', reached: frameShows('› Delete User')},
	{name: 'list → help (?)', start: users, ready: 'Sorted by', change: '?', probe: 'q', reached: context => context.overlaysSeen.has('help') && overlayName(context) === undefined && !context.deck.exited()},
	{name: 'devices → unlink (u)', start: () => page('devices'), ready: 'u unlinks', change: 'u', probe: 'y', reached: ({copy}) => copy.service.devices(userId).length < copy.store.devicesOf(userId).length + 1 && copy.store.revision > 0},
	{name: 'history → event viewer (Enter)', start: () => page('history'), ready: 'Past 2 days', change: keys.enter, probe: 'y', reached: copied(text => text.includes('"log_id"'))},
	{name: 'details → metadata editor (e)', start: () => page('details'), ready: 'User Identity', change: 'e', probe: 'x', reached: frameShows('x{')},
	{name: 'list → filter prompt (/)', start: users, ready: 'Sorted by', change: '/', probe: 'x', reached: context => usersListModel(context.deck.deck).state.getState().prompt?.field.value === 'x'},
	{name: 'actions → delete confirmation (G, Enter)', start: () => page('details', {name: 'actions', userId}), ready: 'Block User', change: ['G', keys.enter], probe: 'x', reached: frameShows(/│x\s/)},
	{name: 'actions → Sign in as User (j, Enter)', start: () => page('details', {name: 'actions', userId}), ready: 'Block User', change: ['j', keys.enter], probe: keys.escape, reached: context => context.overlaysSeen.has('impersonate') && overlayName(context) === undefined},
	// Closing overlays.
	{name: 'help → list (?)', start: () => ({stack: [{name: 'users'}], overlay: {name: 'help'}}), ready: '─ Keys ─', change: '?', probe: 'j', reached: listMovedDown},
	{name: 'actions → list (Esc)', start: () => ({stack: [{name: 'users'}], overlay: {name: 'actions', userId}}), ready: 'Block User', change: keys.escape, probe: 'j', reached: listMovedDown},
	{name: 'event viewer → history (Esc)', start: copy => page('history', {name: 'event', event: copy.service.history(userId)[0]!}), ready: '· j/k scroll', change: keys.escape, probe: 'w', reached: frameShows('Past 7 days')},
	{name: 'unlink confirmation → devices (n)', start: copy => page('devices', {name: 'confirm-unlink', userId, deviceId: copy.service.devices(userId)[0]!.id}), ready: 'Unlink device', change: 'n', probe: '3', reached: onTab('history')},
	{name: 'delete confirmation → user (Esc)', start: () => page('details', {name: 'confirm-delete', userId}), ready: 'Yes, Delete It', change: keys.escape, probe: '2', reached: onTab('devices')},
	{name: 'metadata editor → user (Esc)', start: () => page('details', {name: 'edit-metadata', userId}), ready: 'Edit user_metadata', change: keys.escape, probe: '2', reached: onTab('devices')},
	{name: 'Sign in as User → user (Esc)', start: () => page('details', {name: 'impersonate', userId}), ready: 'Choose the application', change: keys.escape, probe: '2', reached: onTab('devices')},
	{name: 'ticket popup → user (Esc)', start: () => page('details', {name: 'ticket', userId, url: 'https://app.example/callback?userdeck_ticket=x', expiresAt: new Date(Date.now() + 60_000).toISOString(), clientName: 'App'}), ready: 'One-time URL for', change: keys.escape, probe: '2', reached: onTab('devices')},
];

// 0, 1 and 2 ticks (macrotask turns: setImmediate); under npm run stress, a microtask too.
const delays = [
	{name: 'same turn', wait: async () => {}},
	...(stress ? [{name: 'a microtask', wait: async () => Promise.resolve()}] : []),
	{name: '1 tick', wait: async () => ticks(1)},
	{name: '2 ticks', wait: async () => ticks(2)},
];

const outcomes = new Map<string, {reached: number; total: number}>();

async function runCase(testCase: Case, wait: () => Promise<void>): Promise<boolean> {
	const copy = await copyStore(template);
	const deck = renderDeck(copy.service, {navigation: testCase.start(copy)});
	const overlaysSeen = new Set<string>();
	const stop = deck.deck.navigation.subscribe(() => {
		const name = deck.deck.navigation.getState().overlay?.name;
		if (name) {
			overlaysSeen.add(name);
		}
	});
	const context: Context = {deck, copy, overlaysSeen};
	try {
		await deck.waitForFrame(testCase.ready);
		// The starting owner has registered (it did before drawing); send the change, then the probe.
		for (const key of typeof testCase.change === 'string' ? [testCase.change] : testCase.change) {
			deck.stdin.write(key);
		}

		await wait();
		deck.stdin.write(testCase.probe);
		try {
			await until(() => testCase.reached(context), {timeout: 2000});
			return true;
		} catch {
			return false;
		}
	} finally {
		stop();
		deck.unmount();
		await copy.cleanup();
	}
}

describe('the key after a screen change reaches the new screen', () => {
	for (const testCase of cases) {
		it.each(delays)(`${testCase.name}, next key after $name`, async ({name, wait}) => {
			const reached = await runCase(testCase, wait);
			const tally = outcomes.get(name) ?? {reached: 0, total: 0};
			outcomes.set(name, {reached: tally.reached + (reached ? 1 : 0), total: tally.total + 1});
			expect(reached, `${testCase.name}: the probe ${JSON.stringify(testCase.probe)} did not act on the new screen`).toBe(true);
		});
	}

	it('reports the figures', () => {
		let reached = 0;
		let total = 0;
		for (const [name, tally] of outcomes) {
			figure(`transition race: next key after ${name}`, `${tally.reached} of ${tally.total}`);
			reached += tally.reached;
			total += tally.total;
		}

		figure('transition race: screen changes × delays reaching the new screen', `${reached} of ${total} (${cases.length} changes × ${delays.length} delays)`);
		expect(total).toBe(cases.length * delays.length);
	});
});
