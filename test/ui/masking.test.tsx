// Masking personal data on screen (`M`, `--mask`, USERDECK_MASK=1), driven by
// keys over the demo store: the Users list, every tab of a user's page, the
// event viewer, the metadata editor and the status line show no email, name,
// phone, IP or city once masked, and `y` asks before copying unmasked data.
import {describe, expect, it} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {createDeck} from '../../source/ui/app-context.js';
import type {Navigation, UserTab} from '../../source/ui/state/navigation.js';
import {maskAtStart} from '../../source/cli/mask-option.js';
import {scopeTitles} from '../../source/ui/keymap.js';
import {helpLines} from '../../source/ui/overlays/help-overlay.js';
import {mockPorts, type RenderedDeck, screenFixture} from '../support/deck.js';
import {waitFor} from '../support/wait-for.js';

const fixture = screenFixture(60);

function service() {
	return fixture.store.service;
}

function users(): User[] {
	return service().listUsers();
}

function pick(description: string, test: (user: User) => boolean): User {
	const user = users().find(candidate => test(candidate));
	if (!user) {
		throw new Error(`The demo store has no user ${description}`);
	}

	return user;
}

/** The console, masked from its first frame (as `--mask` starts it). */
function renderMasked(navigation?: Navigation): RenderedDeck {
	return fixture.render(service(), {navigation, prepare: deck => deck.masking.dispatch({type: 'set', masked: true})});
}

function openMasked(user: User, tab: UserTab): RenderedDeck {
	return renderMasked({stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab}]});
}

/** Names long enough that finding one in a frame is not a coincidence. */
function names(user: User): string[] {
	return [user.name, user.given_name, user.family_name, user.nickname, user.username]
		.filter((value): value is string => typeof value === 'string' && [...value].length >= 5 && !value.includes('@'));
}

/** No user's full email anywhere in the frame, and no name, IP, phone or city of `user`. */
function expectNothingPersonal(frame: string, user?: User): void {
	for (const someone of users()) {
		if (someone.email) {
			expect(frame).not.toContain(someone.email);
		}
	}

	if (!user) {
		return;
	}

	for (const name of names(user)) {
		expect(frame).not.toContain(name);
	}

	for (const value of [user.last_ip, user.phone_number]) {
		if (value) {
			expect(frame).not.toContain(value);
		}
	}

	for (const event of service().history(user.user_id, Number.POSITIVE_INFINITY)) {
		if (event.ip) {
			expect(frame).not.toContain(event.ip);
		}

		const city = event.location_info?.city_name;
		if (city && city.length >= 4) {
			expect(frame).not.toContain(city);
		}
	}
}

const statusLine = (deck: RenderedDeck) => deck.lastFrame()!.split('\n').slice(-3).join(' ');

describe('the Users list', () => {
	it('M masks every email and name, shows MASKED in the header, and M shows them again', async () => {
		const deck = fixture.render(service());
		// The sorted list, not one still being sorted: the rows compared below must stay on screen.
		const plain = await deck.waitForFrame(/^(?![\s\S]*sorting…)[\s\S]*Latest Login/);
		expect(plain).not.toContain('MASKED');
		const shownEmails = users().filter(user => user.email && plain.includes(user.email));
		expect(shownEmails.length).toBeGreaterThan(3);

		deck.press('list.mask');
		const masked = await deck.waitForFrame('MASKED');
		expectNothingPersonal(masked);
		for (const user of shownEmails) {
			for (const name of names(user)) {
				expect(masked).not.toContain(name);
			}
		}

		expect(masked).toContain('•••@');
		expect(statusLine(deck)).toContain('Personal data masked');

		deck.press('list.mask');
		const again = await deck.waitForFrame(shownEmails[0]!.email!);
		expect(again).not.toContain('MASKED');
	});

	it('the key is in the footer and in help, on the list and on a user\'s page', async () => {
		const deck = fixture.render(service());
		const frame = await deck.waitForFrame('Latest Login');
		expect(frame.split('\n').at(-2)).toContain('M mask');
		for (const scope of ['list', 'user'] as const) {
			const lines = helpLines([scope]);
			const title = lines.findIndex(line => line.kind === 'title' && line.text === scopeTitles[scope]);
			const end = lines.findIndex((line, index) => index > title && line.kind === 'title');
			expect(lines.slice(title, end).some(line => line.keys === 'M' && line.text.startsWith('Mask personal data on screen'))).toBe(true);
		}
	});

	it('y asks first while masked: N copies nothing, y copies the user_id', async () => {
		const deck = renderMasked();
		await deck.waitForFrame('MASKED');
		deck.press('list.copy');
		const dialog = await deck.waitForFrame('Copy unmasked data?');
		expect(dialog).toContain('unmasked');
		expectNothingPersonal(dialog);
		// As tall as what it says, as the other dialogs: the keys are its last row, no blank rows under them.
		const rows = dialog.split('\n');
		expect(rows[rows.findIndex(row => row.includes('╰')) - 1]).toMatch(/copy nothing/);
		deck.stdin.write('n');
		await deck.waitForFrame('Nothing copied');
		expect(deck.ports.copy).not.toHaveBeenCalled();

		deck.press('list.copy');
		await deck.waitForFrame('Copy unmasked data?');
		deck.stdin.write('y');
		await waitFor(() => deck.ports.copy.mock.calls.length === 1);
		const copied = deck.ports.copy.mock.calls[0]![0];
		expect(users().some(user => user.user_id === copied)).toBe(true);
		await deck.waitForFrame('Copied to the clipboard');
	});

	it('a status message naming a user is masked: Block from the list', async () => {
		const store = await fixture.ownStore(20);
		const deck = fixture.render(store.service, {prepare: d => d.masking.dispatch({type: 'set', masked: true})});
		await deck.waitForFrame('MASKED');
		deck.press('list.actions');
		await deck.waitForFrame('Block User');
		deck.press('menu.select');
		const frame = await deck.waitForFrame(/Blocked \S+•••/);
		const blocked = store.service.listUsers().find(user => user.blocked && frame.includes('Blocked'));
		expect(blocked).toBeDefined();
		for (const user of store.service.listUsers()) {
			if (user.email) {
				expect(frame).not.toContain(user.email);
			}

			if (user.name && user.name.length >= 5) {
				expect(statusLine(deck)).not.toContain(user.name);
			}
		}
	});
});

describe('a user\'s page, masked', () => {
	const rich = () => pick('with history, devices, metadata and a phone or IP', user =>
		user.email !== undefined
		&& service().history(user.user_id, Number.POSITIVE_INFINITY).some(event => event.location_info)
		&& service().devices(user.user_id).length > 0
		&& Object.keys(user.user_metadata ?? {}).length > 0
		&& user.last_ip !== undefined);

	it('Details: header, identity, metadata values and provider attributes are masked; keys stay', async () => {
		const user = rich();
		const deck = openMasked(user, 'details');
		const frame = await deck.waitForFrame('User Identity');
		expect(frame).toContain('MASKED');
		expectNothingPersonal(frame, user);
		expect(frame).toMatch(/Email\s+\S+•••@/);
		expect(frame).toMatch(/Last IP\s+\d+\.•••/);
		// Metadata keys are visible, their values masked.
		const key = Object.keys(user.user_metadata!)[0]!;
		deck.press('user.last');
		const rest = await deck.waitForFrame('Identity Provider Attributes');
		const all = `${frame}\n${rest}`;
		expect(all).toContain(`"${key}"`);
		for (const value of Object.values(user.user_metadata!)) {
			if (typeof value === 'string' && value.length >= 4) {
				expect(all).not.toContain(`"${value}"`);
			}
		}

		expectNothingPersonal(rest, user);
	});

	it('Devices, History, Locations and Raw JSON show nothing personal', async () => {
		const user = rich();
		const deck = openMasked(user, 'details');
		await deck.waitForFrame('User Identity');
		for (const [key, ready] of [['user.tab-2', /\d+ devices?/], ['user.tab-3', /\d+ events?/], ['user.tab-4', /countr(y|ies) \(masked\)/], ['user.tab-5', '"user_id"']] as const) {
			deck.press(key);
			// eslint-disable-next-line no-await-in-loop
			const frame = await deck.waitForFrame(ready);
			expect(frame).toContain('MASKED');
			expectNothingPersonal(frame, user);
		}

		// Raw JSON to its end: every line, not only the first screen.
		const seen: string[] = [deck.lastFrame()!];
		for (let page = 0; page < 10; page++) {
			deck.press('user.page-down');
			// eslint-disable-next-line no-await-in-loop
			seen.push(await waitFor(() => deck.lastFrame()));
		}

		expectNothingPersonal(seen.join('\n'), user);
	});

	it('History keeps only the country in From and the network in IP; the event viewer masks the event, and y asks first', async () => {
		const user = rich();
		const deck = openMasked(user, 'history');
		const frame = await deck.waitForFrame(/\d+ events?/);
		expectNothingPersonal(frame, user);
		const countries = service().history(user.user_id, Number.POSITIVE_INFINITY).map(event => event.location_info?.country_name).filter(Boolean);
		expect(countries.length).toBeGreaterThan(0);
		deck.press('history.open');
		const viewer = await deck.waitForFrame('"log_id"');
		expectNothingPersonal(viewer, user);
		deck.press('viewer.copy');
		await deck.waitForFrame('Copy unmasked data?');
		expect(deck.ports.copy).not.toHaveBeenCalled();
		deck.stdin.write('y');
		await waitFor(() => deck.ports.copy.mock.calls.length === 1);
		expect(deck.ports.copy.mock.calls[0]![0]).toContain('"log_id"');
	});

	it('Locations pins countries, never a city', async () => {
		const user = rich();
		const deck = openMasked(user, 'locations');
		const frame = await deck.waitForFrame(/countr(y|ies) \(masked\)/);
		expectNothingPersonal(frame, user);
		const country = service().history(user.user_id, Number.POSITIVE_INFINITY).find(event => event.type === 's' && event.location_info)?.location_info?.country_name;
		expect(country).toBeDefined();
		expect(frame).toContain(country);
		// M shows the cities again.
		deck.press('user.mask');
		await deck.waitForFrame(/\d+ places?/);
	});

	it('the metadata editor shows the keys, masks the values and edits nothing', async () => {
		const user = rich();
		const deck = openMasked(user, 'details');
		await deck.waitForFrame('User Identity');
		deck.press('details.edit');
		const editor = await deck.waitForFrame('values hidden, read-only');
		expect(editor).toContain(`"${Object.keys(user.user_metadata!)[0]!}"`);
		expectNothingPersonal(editor, user);
		deck.stdin.write('x');
		await deck.waitForFrame('nothing can be edited here');
		deck.press('editor.save');
		deck.press('editor.cancel');
		await waitFor(() => deck.deck.navigation.getState().overlay === undefined);
		expect(service().user(user.user_id)?.user_metadata).toEqual(user.user_metadata);
	});

	it('y on the page asks first, and copies the user_id on y; on Raw JSON the whole profile, unmasked', async () => {
		const user = rich();
		const deck = openMasked(user, 'details');
		await deck.waitForFrame('User Identity');
		deck.press('user.copy');
		await deck.waitForFrame('Copy unmasked data?');
		deck.stdin.write('y');
		await waitFor(() => deck.ports.copy.mock.calls.length === 1);
		expect(deck.ports.copy).toHaveBeenCalledWith(user.user_id);

		// Raw JSON: the profile as stored, after the same question.
		deck.press('user.tab-5');
		await deck.waitForFrame('"user_id"');
		deck.press('raw.copy');
		await deck.waitForFrame('Copy unmasked data?');
		expect(deck.ports.copy).toHaveBeenCalledTimes(1);
		deck.stdin.write('y');
		await waitFor(() => deck.ports.copy.mock.calls.length === 2);
		expect(deck.ports.copy.mock.calls[1]![0]).toContain(user.email);
	});
});

describe('toggling on a user\'s page, and Create User', () => {
	it('M on the page masks its header and tab at once, and M shows them again', async () => {
		const user = pick('with an email and a last IP', candidate => candidate.email !== undefined && candidate.last_ip !== undefined);
		const deck = fixture.render(service(), {navigation: {stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab: 'details'}]}});
		const plain = await deck.waitForFrame('User Identity');
		expect(plain).toContain(user.email);
		expect(plain).toContain(user.last_ip);
		deck.press('user.mask');
		const masked = await deck.waitForFrame('MASKED');
		expectNothingPersonal(masked, user);
		deck.press('user.mask');
		await deck.waitForFrame(user.email!);
	});

	it('Create User shows what the admin types; the messages after it are masked', async () => {
		const store = await fixture.ownStore(10);
		const deck = fixture.render(store.service, {navigation: {stack: [{name: 'users'}, {name: 'create-user'}]}, prepare: d => d.masking.dispatch({type: 'set', masked: true})});
		await deck.waitForFrame(/[ ›] Repeat Password/);
		const email = 'masked.person@example.org';
		deck.type(email);
		await deck.waitForFrame(email);
		for (const _ of [1, 2]) {
			deck.press('form.next');
			deck.type('Sturdy-Pass-42');
		}

		await deck.waitForFrame(/Repeat Password +•{14}/);
		deck.press('form.submit');
		const created = await deck.waitForFrame('User Identity');
		expect(created).toContain('MASKED');
		expect(created).not.toContain(email);
		expect(created).toContain('m•••@e•••.org');
	});
});

describe('masked from the start', () => {
	it('--mask and USERDECK_MASK decide, the flag first; a value that is neither on nor off is refused', () => {
		expect(maskAtStart(undefined, {})).toBe(false);
		expect(maskAtStart(true, {})).toBe(true);
		expect(maskAtStart(undefined, {USERDECK_MASK: '1'})).toBe(true);
		expect(maskAtStart(undefined, {USERDECK_MASK: 'off'})).toBe(false);
		expect(() => maskAtStart(undefined, {USERDECK_MASK: 'maybe'})).toThrow(/USERDECK_MASK is "maybe"/);
		// --no-mask over the environment over the config file's `masking`.
		expect(maskAtStart(false, {USERDECK_MASK: '1'}, true)).toBe(false);
		expect(maskAtStart(undefined, {}, true)).toBe(true);
		expect(maskAtStart(undefined, {USERDECK_MASK: '0'}, true)).toBe(false);
	});

	it('a deck created masked draws its first frame masked', async () => {
		const deck = createDeck({service: service(), ports: mockPorts(), exit() {}, masked: true});
		expect(deck.masking.getState()).toBe(true);
		const rendered = fixture.render(service(), {prepare: own => own.masking.dispatch({type: 'set', masked: deck.masking.getState()})});
		const frame = await rendered.waitForFrame('Latest Login');
		expect(frame).toContain('MASKED');
		expectNothingPersonal(frame);
	});
});
