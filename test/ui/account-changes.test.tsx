// Change Password and Change Email in the console: opened from Actions, keys
// pressed, frames read.
import {describe, expect, test} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {primaryConnection} from '../../source/domain/user-factory.js';
import {sanitize} from '../../source/terminal/sanitize.js';
import type {UsersService} from '../../source/services/users-service.js';
import {chooseAccountAction} from '../support/actions-menu.js';
import {fakeHasher, type RenderedDeck, screenFixture} from '../support/deck.js';
import {waitFor} from '../support/wait-for.js';

/** The demo's password for every database user: their current one. */
const demoPassword = 'Demo-Passw0rd!';
/** Meets the demo's 'good' policy, is in no dictionary and has no personal information. */
const strongPassword = 'Zq9!vEcTor-77';

const fixture = screenFixture(30, {storePerTest: true});

function databaseUser(service: UsersService, connection = 'Username-Password-Authentication'): User {
	const user = service.listUsers().find(candidate => primaryConnection(candidate) === connection && candidate.email !== undefined);
	expect(user, `no user of ${connection} in the demo`).toBeDefined();
	return user!;
}

/** Opens the user's page, then Actions, and chooses `item`. */
async function choose(user: User, item: 'Change Password' | 'Change Email'): Promise<RenderedDeck> {
	const deck = fixture.render(fixture.store.service, {navigation: {stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab: 'details'}]}});
	await chooseAccountAction(deck, item);
	await deck.waitForFrame(item === 'Change Password' ? '› New Password' : /› Email +\S/);
	return deck;
}

/** The field's own line: its label, then its value. */
function fieldLine(frame: string, label: string): string {
	return frame.split('\n').find(line => new RegExp(`^[ ›] ${label}( |$)`).test(line)) ?? '';
}

async function typeMasked(deck: RenderedDeck, label: string, text: string): Promise<void> {
	deck.type(text);
	await waitFor(() => fieldLine(deck.lastFrame() ?? '', label).includes('•'.repeat([...text].length)) || undefined);
}

/** Types `password` into both fields and saves. */
async function saveTwice(deck: RenderedDeck, password: string): Promise<void> {
	await typeMasked(deck, 'New Password', password);
	deck.press('form.next');
	await typeMasked(deck, 'Repeat Password', password);
	deck.press('form.submit');
}

async function clearField(deck: RenderedDeck, label: string, length: number): Promise<void> {
	for (let index = 0; index < length; index++) {
		deck.stdin.write('\u007F');
	}

	await waitFor(() => !fieldLine(deck.lastFrame() ?? '', label).includes('•') || undefined);
}

describe('Change Password', () => {
	test('checks the policy live as the password is typed, masked, with the history left for the save', async () => {
		const user = databaseUser(fixture.store.service);
		const deck = await choose(user, 'Change Password');
		const empty = await deck.waitForFrame('checked on save');
		expect(empty).toContain('· At least 8 characters in length');
		expect(empty).toContain('· Not the current password or one of the 5 before it (checked on save)');
		expect(empty).toContain(`Change Password  for ${sanitize(user.name ?? user.email!)}`);

		await typeMasked(deck, 'New Password', 'abc');
		const weak = await deck.waitForFrame('✗ At least 8 characters in length');
		expect(weak).not.toContain('abc');
		await typeMasked(deck, 'New Password', 'Def9!xyz');
		const met = await deck.waitForFrame('✓ At least 8 characters in length');
		expect(met).toContain('✓ Contain at least 3 of the following 4 types');
		// The history is not judged while typing.
		expect(met).toContain('· Not the current password');
	});

	test('a repeat that differs is shown on leaving it', async () => {
		const user = databaseUser(fixture.store.service);
		const deck = await choose(user, 'Change Password');
		await typeMasked(deck, 'New Password', strongPassword);
		deck.press('form.next');
		await deck.waitForFrame('› Repeat Password');
		await typeMasked(deck, 'Repeat Password', `${strongPassword}x`);
		deck.press('form.prev');
		await deck.waitForFrame('✗ Passwords do not match');
	});

	test('the current password is refused on save: the history rule fails on the field, which gets the focus', async () => {
		const {service, store} = fixture.store;
		const user = databaseUser(service);
		const before = store.password(user.user_id)!.hash;
		const deck = await choose(user, 'Change Password');
		await saveTwice(deck, demoPassword);
		const refused = await deck.waitForFrame('✗ Password has previously been used');
		expect(refused).toContain('Not changed: Password has previously been used');
		expect(fieldLine(refused, 'New Password')).toMatch(/^› New Password/);
		expect(refused).not.toContain(demoPassword);
		expect(store.password(user.user_id)!.hash).toBe(before);

		// Changing the password takes the refusal away: the rule waits for the next save again.
		await clearField(deck, 'New Password', [...demoPassword].length);
		await deck.waitForFrame('· Not the current password');
	});

	test('a good password is saved, hashed, and the user\'s page comes back with the result', async () => {
		const {service, store} = fixture.store;
		const user = databaseUser(service);
		const deck = await choose(user, 'Change Password');
		await saveTwice(deck, strongPassword);
		const done = await deck.waitForFrame('Changed the password of');
		expect(done).toContain('User Identity');
		expect(done).not.toContain(strongPassword);
		const record = store.password(user.user_id)!;
		expect(record.hash).toBe(await fakeHasher.hash(strongPassword));
		expect(record.history).toEqual([await fakeHasher.hash(demoPassword)]);
	});

	test('is unavailable for a user of a social connection, and says why', async () => {
		const {service} = fixture.store;
		const social = service.listUsers().find(candidate => service.connectionByName(primaryConnection(candidate))?.strategy !== 'auth0');
		expect(social).toBeDefined();
		const deck = fixture.render(service, {navigation: {stack: [{name: 'users'}, {name: 'user', userId: social!.user_id, tab: 'details'}]}});
		await deck.waitForFrame('User Identity');
		deck.press('user.actions');
		const menu = await deck.waitForFrame('Change Password');
		expect(menu).toMatch(/unavailable: the user signs in with \S+, not a database/);
	});
});

describe('Change Email', () => {
	test('saves a new email, unverified unless Verified is toggled on', async () => {
		const {service} = fixture.store;
		const user = databaseUser(service);
		const deck = await choose(user, 'Change Email');
		const form = deck.lastFrame() ?? '';
		expect(fieldLine(form, 'Email')).toContain(user.email);
		expect(form).toContain('[ ] not verified');
		deck.stdin.write('\u0015');
		await waitFor(() => !fieldLine(deck.lastFrame() ?? '', 'Email').includes(user.email!) || undefined);
		deck.type('New.Address@Example.com');
		await waitFor(() => fieldLine(deck.lastFrame() ?? '', 'Email').includes('New.Address@Example.com') || undefined);
		deck.press('form.next');
		await deck.waitForFrame('› Verified');
		deck.press('form.choose-next');
		await deck.waitForFrame('[x] verified');
		deck.press('form.submit');
		await deck.waitForFrame('Changed the email of');
		const done = await deck.waitForFrame('(verified)');
		expect(done).toContain('new.address@example.com');
		expect(service.user(user.user_id)).toMatchObject({email: 'new.address@example.com', email_verified: true});
	});

	test('an email another user of the connection has is refused on the field', async () => {
		const {service} = fixture.store;
		const [first, second] = service.listUsers().filter(candidate => primaryConnection(candidate) === 'Username-Password-Authentication' && candidate.email !== undefined);
		const deck = await choose(first!, 'Change Email');
		deck.stdin.write('\u0015');
		await waitFor(() => !fieldLine(deck.lastFrame() ?? '', 'Email').includes(first!.email!) || undefined);
		deck.type(second!.email!.toUpperCase());
		await waitFor(() => fieldLine(deck.lastFrame() ?? '', 'Email').includes(second!.email!.toUpperCase().slice(0, 20)) || undefined);
		deck.press('form.submit');
		const refused = await deck.waitForFrame('✗ The specified new email already exists');
		expect(refused).toContain('Not changed: The specified new email already exists');
		expect(fieldLine(refused, 'Email')).toMatch(/^› Email/);
		expect(service.user(first!.user_id)!.email).toBe(first!.email);
	});
});

describe('while personal data is masked', () => {
	test('the forms name the user masked, Change Email starts empty, and the result quotes them masked', async () => {
		const {service} = fixture.store;
		const user = databaseUser(service);
		const deck = fixture.render(service, {
			navigation: {stack: [{name: 'users'}, {name: 'change-email', userId: user.user_id}]},
			prepare: own => own.masking.dispatch({type: 'set', masked: true}),
		});
		const form = await deck.waitForFrame(/› Email/);
		expect(form).not.toContain(user.email);
		expect(form).toContain(`Change Email  for ${user.name![0]}•`);
		expect(fieldLine(form, 'Email').trim()).toBe('› Email');
		deck.type('masked.new@example.com');
		await waitFor(() => fieldLine(deck.lastFrame() ?? '', 'Email').includes('masked.new@example.com') || undefined);
		deck.press('form.submit');
		const done = await deck.waitForFrame('Changed the email of');
		expect(done).not.toContain('masked.new@example.com');
		expect(service.user(user.user_id)!.email).toBe('masked.new@example.com');
	});
});
