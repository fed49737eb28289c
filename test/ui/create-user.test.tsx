import {render} from 'ink-testing-library';
import {describe, expect, test} from 'vitest';
import {primaryConnection} from '../../source/domain/user-factory.js';
import {createDeck, DeckProvider} from '../../source/ui/app-context.js';
import {CreateUserScreen} from '../../source/ui/screens/create-user-screen.js';
import type {BindingId} from '../../source/ui/keymap.js';
import {displayWidth} from '../../source/terminal/text-width.js';
import {mockPorts, type RenderedDeck, screenFixture} from '../support/deck.js';
import {keys} from '../support/keys.js';
import {waitFor} from '../support/wait-for.js';

const database = 'Username-Password-Authentication';
const kinds = 'Contain at least 3 of the following 4 types of characters: lower case letters (a-z), upper case letters (A-Z), numbers (i.e. 0-9), special characters (e.g. !@#$%^&*)';
const kindsStart = 'Contain at least 3 of the following 4 types of characters:';
/** Meets the demo's 'good' policy, is in no dictionary and has no personal information. */
const strongPassword = 'Zq9!vEcTor-77';

const fixture = screenFixture(30, {storePerTest: true});

async function openForm(): Promise<RenderedDeck> {
	const view = fixture.render(fixture.store.service, {navigation: {stack: [{name: 'users'}, {name: 'create-user'}]}});
	await view.waitForFrame(/[ ›] Repeat Password/);
	return view;
}

/** Waits until the form has taken every key typed so far (the frame shows `expected`). */
async function typeInto(deck: RenderedDeck, text: string, expected: string | RegExp) {
	deck.type(text);
	await deck.waitForFrame(expected);
}

async function fill(deck: RenderedDeck, values: {email: string; password: string; repeat?: string}) {
	await typeInto(deck, values.email, values.email);
	deck.press('form.next');
	await typeInto(deck, values.password, fieldLine('Password', '•'.repeat([...values.password].length)));
	deck.press('form.next');
	const repeat = values.repeat ?? values.password;
	await typeInto(deck, repeat, fieldLine('Repeat Password', '•'.repeat([...repeat].length)));
}

/** A pattern for a field's own line: its label, then the start of its value. */
function fieldLine(label: string, value: string): RegExp {
	return new RegExp(`^[ ›] ${label} +${value.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`)}`, 'm');
}

/** The lines beneath a field, up to the next field's label: where its errors and hints belong. */
function blockOf(frame: string, label: 'Email' | 'Password' | 'Repeat Password' | 'Connection'): string[] {
	const lines = frame.split('\n');
	const isField = (line: string, name: string) => new RegExp(`^[ ›] ${name}( |$)`).test(line);
	const start = lines.findIndex(line => isField(line, label));
	expect(start, `no ${label} line in:\n${frame}`).toBeGreaterThanOrEqual(0);
	const labels = ['Email', 'Password', 'Repeat Password', 'Connection'];
	let end = start + 1;
	while (end < lines.length && !labels.some(name => isField(lines[end]!, name)) && lines[end]!.trim() !== '') {
		end++;
	}

	return lines.slice(start, end);
}

/** Submits with Ctrl-S and waits for this submit's failure to reach the frame. */
async function submitAndWaitForFailure(deck: RenderedDeck): Promise<string> {
	const serial = deck.deck.status.getState().serial;
	deck.press('form.submit');
	const status = await waitFor(() => {
		const current = deck.deck.status.getState();
		return current.serial > serial && current.kind !== 'progress' ? current : undefined;
	});
	expect(status.kind).toBe('error');
	return deck.waitForFrame('Not created:');
}

/** Presses a binding and waits until the frame changed. */
async function pressAndRender(deck: RenderedDeck, bindingId: BindingId) {
	const before = deck.lastFrame();
	deck.press(bindingId);
	await waitFor(() => deck.lastFrame() !== before);
}

/** Moves the focus to the select and presses → until `name` is chosen. */
async function chooseConnection(deck: RenderedDeck, name: string) {
	for (let step = 0; step < 4 && !/^› Connection/m.test(deck.lastFrame() ?? ''); step++) {
		// eslint-disable-next-line no-await-in-loop
		await pressAndRender(deck, 'form.next');
	}

	const names = fixture.store.service.databaseConnections().map(connection => connection.name);
	expect(names).toContain(name);
	for (let step = 0; step < names.length && !(deck.lastFrame() ?? '').includes(`◂ ${name} ▸`); step++) {
		// eslint-disable-next-line no-await-in-loop
		await pressAndRender(deck, 'form.choose-next');
	}

	await deck.waitForFrame(`◂ ${name} ▸`);
}

function userCount(): number {
	return fixture.store.service.store.tables.users.size;
}

describe('Create User', () => {
	test('shows the fields and, for each connection, the applications it is enabled for', async () => {
		const deck = await openForm();
		const frame = deck.lastFrame()!;
		expect(frame).toMatch(/^› Email$/m);
		expect(frame).toMatch(/^ {2}Password$/m);
		expect(frame).toContain(`${database} — enabled for Acme Web, Acme Mobile`);
		await chooseConnection(deck, 'Legacy-DB');
		expect(deck.lastFrame()).toContain('◂ Legacy-DB ▸ — not enabled for any application (disabled)');
	});

	test('a bad email is shown beneath the email field', async () => {
		const deck = await openForm();
		const before = userCount();
		await fill(deck, {email: 'not-an-email', password: strongPassword});
		const frame = await submitAndWaitForFailure(deck);
		expect(blockOf(frame, 'Email').join('\n')).toContain('✗ Email is not valid');
		expect(blockOf(frame, 'Repeat Password').join('\n')).not.toContain('✗');
		expect(userCount()).toBe(before);
	});

	test('a mismatch is shown beneath Repeat Password, values are kept, and fixing it creates the user', async () => {
		const deck = await openForm();
		await fill(deck, {email: 'mismatch@example.com', password: strongPassword, repeat: `${strongPassword}x`});
		const frame = await submitAndWaitForFailure(deck);
		expect(blockOf(frame, 'Repeat Password').join('\n')).toContain('✗ Passwords do not match');
		// Every value stays; the focus lands on the field to fix.
		expect(frame).toMatch(fieldLine('Email', 'mismatch@example.com'));
		expect(frame).toMatch(fieldLine('Password', '•'.repeat(strongPassword.length)));
		expect(frame).toMatch(new RegExp(`^› Repeat Password +•{${strongPassword.length + 1}}$`, 'm'));

		deck.stdin.write(keys.backspace);
		await deck.waitForFrame(new RegExp(`^› Repeat Password +•{${strongPassword.length}}$`, 'm'));
		deck.press('form.submit');
		await waitFor(() => fixture.store.service.store.userByEmail(database, 'mismatch@example.com'));
	});

	test('a mismatch shows beneath Repeat Password when the field is left, before any submit', async () => {
		const deck = await openForm();
		await fill(deck, {email: 'early@example.com', password: strongPassword, repeat: `${strongPassword}x`});
		expect(blockOf(deck.lastFrame()!, 'Repeat Password').join('\n')).not.toContain('✗');
		deck.press('form.next');
		const frame = await deck.waitForFrame(/^› Connection/m);
		expect(blockOf(frame, 'Repeat Password').join('\n')).toContain('✗ Passwords do not match');
		expect(deck.deck.status.getState().serial).toBe(0);
	});

	test('the submit\'s message goes once the field it spoke of is fixed', async () => {
		const deck = await openForm();
		await fill(deck, {email: 'fixing@example.com', password: strongPassword, repeat: `${strongPassword}x`});
		const frame = await submitAndWaitForFailure(deck);
		expect(frame.split('\n').at(-1)).toContain('Not created: Passwords do not match');
		deck.stdin.write(keys.backspace);
		await deck.waitForFrame(new RegExp(`^› Repeat Password +•{${strongPassword.length}}$`, 'm'));
		await waitFor(() => deck.deck.status.getState().message === '');
		await waitFor(() => (deck.lastFrame()!.includes('Not created') ? undefined : true));
	});

	test('a create error is not carried to the next screen, and the success message is the new page\'s', async () => {
		const deck = await openForm();
		await fill(deck, {email: 'not-an-email', password: strongPassword});
		await submitAndWaitForFailure(deck);
		deck.press('form.cancel');
		await waitFor(() => deck.deck.navigation.getState().stack.at(-1)?.name === 'users');
		expect(deck.deck.status.getState().message).toBe('');
		await waitFor(() => (deck.lastFrame()!.includes('Not created') ? undefined : true));
	});

	describe('each policy level shows its unmet rules beneath Password, in the Dashboard\'s words', () => {
		test('good (the default connection): length and 3 of 4 kinds', async () => {
			const deck = await openForm();
			await fill(deck, {email: 'weak@example.com', password: 'abc'});
			const block = blockOf(await submitAndWaitForFailure(deck), 'Password');
			expect(block.join('\n')).toContain('✗ At least 8 characters in length');
			// The long rule is wrapped at words: read as one text, it is the Dashboard's sentence.
			expect(block.map(line => line.trim()).join(' ')).toContain(`✗ ${kinds}`);
			expect(fixture.store.service.store.userByEmail(database, 'weak@example.com')).toBeUndefined();
		});

		test('good: a common password and one with personal information', async () => {
			const deck = await openForm();
			await fill(deck, {email: 'ann.smith@example.com', password: 'Password1'});
			let block = blockOf(await submitAndWaitForFailure(deck), 'Password').join('\n');
			expect(block).toContain('✗ Password is too common');
			expect(block).toContain('✓ At least 8 characters in length');
			expect(block).toContain(`✓ ${kindsStart}`);

			// The focus is on Password, the first field in error: clear it and try the user's name.
			await deck.waitForFrame(/^› Password/m);
			deck.stdin.write(keys.ctrlU);
			await deck.waitForFrame(/^› Password *$/m);
			deck.press('form.next');
			deck.stdin.write(keys.ctrlU);
			await deck.waitForFrame(/^› Repeat Password *$/m);
			deck.press('form.prev');
			await typeInto(deck, 'Smith-2024x', fieldLine('Password', '•'.repeat(11)));
			deck.press('form.next');
			await typeInto(deck, 'Smith-2024x', fieldLine('Repeat Password', '•'.repeat(11)));
			block = blockOf(await submitAndWaitForFailure(deck), 'Password').join('\n');
			expect(block).toContain("✗ Password must not contain any part of the user's personal information");
			expect(block).toContain('✓ Not one of the most common passwords');
			expect(fixture.store.service.store.userByEmail(database, 'ann.smith@example.com')).toBeUndefined();
		});

		test('fair: each missing kind', async () => {
			const deck = await openForm();
			await chooseConnection(deck, 'Analytics-DB');
			deck.press('form.next');
			await deck.waitForFrame(/^› Email/m);
			await fill(deck, {email: 'fair@example.com', password: 'abcdefgh'});
			const block = blockOf(await submitAndWaitForFailure(deck), 'Password').join('\n');
			expect(block).toContain('✓ At least 8 characters in length');
			expect(block).toContain('✓ Lower case letters (a-z)');
			expect(block).toContain('✗ Upper case letters (A-Z)');
			expect(block).toContain('✗ Numbers (i.e. 0-9)');
		});

		test('excellent with a minimum of 12: length and identical characters', async () => {
			const deck = await openForm();
			await chooseConnection(deck, 'Partners-DB');
			deck.press('form.next');
			await deck.waitForFrame(/^› Email/m);
			await fill(deck, {email: 'partner@example.com', password: 'aaaBBB111'});
			const block = blockOf(await submitAndWaitForFailure(deck), 'Password').join('\n');
			expect(block).toContain('✗ At least 12 characters in length');
			expect(block).toContain('✗ No more than 2 identical characters in a row (e.g., "aaa" not allowed)');
			expect(block).toMatch(new RegExp(`✓ ${kindsStart}|✓ At least 3 of 4 kinds`));
		});

		test('low, on a disabled connection: the length rule and "The connection is disabled"', async () => {
			const deck = await openForm();
			await chooseConnection(deck, 'Legacy-DB');
			deck.press('form.next');
			await deck.waitForFrame(/^› Email/m);
			await fill(deck, {email: 'legacy@example.com', password: 'abc'});
			const frame = await submitAndWaitForFailure(deck);
			expect(blockOf(frame, 'Password').join('\n')).toContain('✗ At least 6 characters in length');
			expect(blockOf(frame, 'Connection').join('\n')).toContain('✗ The connection is disabled');
		});
	});

	test('the checklist follows the password as it is typed', async () => {
		const deck = await openForm();
		deck.press('form.next');
		await deck.waitForFrame(/^› Password/m);
		expect(blockOf(deck.lastFrame()!, 'Password').join('\n')).toContain('· At least 8 characters in length');
		await typeInto(deck, 'abcdefgh', '✓ At least 8 characters in length');
		expect(blockOf(deck.lastFrame()!, 'Password').join('\n')).toContain(`✗ ${kindsStart}`);
		await typeInto(deck, 'A1', `✓ ${kindsStart}`);
	});

	test('a duplicate email is shown beneath the email field', async () => {
		const existing = fixture.store.service.listUsers().find(user => primaryConnection(user) === database && user.email);
		expect(existing).toBeDefined();
		const deck = await openForm();
		const before = userCount();
		await fill(deck, {email: existing!.email!.toUpperCase(), password: strongPassword});
		const frame = await submitAndWaitForFailure(deck);
		expect(blockOf(frame, 'Email').join('\n')).toContain('✗ The user already exists.');
		expect(userCount()).toBe(before);
	});

	test('a disabled connection is shown beneath the connection', async () => {
		const deck = await openForm();
		await fill(deck, {email: 'legacy-ok@example.com', password: strongPassword});
		await chooseConnection(deck, 'Legacy-DB');
		const frame = await submitAndWaitForFailure(deck);
		expect(blockOf(frame, 'Connection').join('\n')).toContain('✗ The connection is disabled');
		expect(fixture.store.service.store.userByEmail('Legacy-DB', 'legacy-ok@example.com')).toBeUndefined();
		// The values stay for another try on another connection.
		expect(frame).toMatch(fieldLine('Email', 'legacy-ok@example.com'));
	});

	test('success creates the user and opens its page', async () => {
		const deck = await openForm();
		await fill(deck, {email: 'New.Person@Example.com', password: strongPassword});
		deck.press('form.submit');
		const created = await waitFor(() => fixture.store.service.store.userByEmail(database, 'new.person@example.com'));
		await waitFor(() => {
			const top = deck.deck.navigation.getState().stack.at(-1);
			return top?.name === 'user' && top.userId === created.user_id && top.tab === 'details';
		});
		expect(deck.deck.navigation.getState().stack.map(screen => screen.name)).toEqual(['users', 'user']);
		expect(deck.deck.status.getState()).toMatchObject({kind: 'success'});
		expect(deck.deck.status.getState().message).toContain('Created user new.person@example.com');
		await deck.waitForFrame('Created user');
	});

	test('Enter walks down the form and submits from the last field', async () => {
		const deck = await openForm();
		await typeInto(deck, 'walker@example.com', 'walker@example.com');
		deck.stdin.write(keys.enter);
		await deck.waitForFrame(/^› Password/m);
		await typeInto(deck, strongPassword, fieldLine('Password', '•'.repeat(strongPassword.length)));
		deck.stdin.write(keys.enter);
		await deck.waitForFrame(/^› Repeat Password/m);
		await typeInto(deck, strongPassword, fieldLine('Repeat Password', '•'.repeat(strongPassword.length)));
		deck.stdin.write(keys.enter);
		await deck.waitForFrame(/^› Connection/m);
		expect(deck.deck.status.getState().serial).toBe(0);
		expect(fixture.store.service.store.userByEmail(database, 'walker@example.com')).toBeUndefined();
		deck.stdin.write(keys.enter);
		await waitFor(() => fixture.store.service.store.userByEmail(database, 'walker@example.com'));
	});

	test('Ctrl-S submits from the first field', async () => {
		const deck = await openForm();
		await fill(deck, {email: 'ctrl-s@example.com', password: strongPassword});
		deck.press('form.prev');
		deck.press('form.prev');
		await deck.waitForFrame(/^› Email/m);
		deck.stdin.write(keys.ctrlS);
		await waitFor(() => fixture.store.service.store.userByEmail(database, 'ctrl-s@example.com'));
	});

	test('typed passwords never appear in any frame or status, through failure and success', async () => {
		const deck = await openForm();
		const password = 'Hush-Hush-9x';
		const repeat = 'Quiet-Quiet-8y';
		await fill(deck, {email: 'secret@example.com', password, repeat});
		await submitAndWaitForFailure(deck);
		// Back to the repeat field (it has the focus after the failure), retyped to match.
		await deck.waitForFrame(/^› Repeat Password/m);
		deck.stdin.write(keys.ctrlU);
		await deck.waitForFrame(/^› Repeat Password *$/m);
		await typeInto(deck, password, fieldLine('Repeat Password', '•'.repeat(password.length)));
		deck.press('form.submit');
		await waitFor(() => fixture.store.service.store.userByEmail(database, 'secret@example.com'));
		await deck.waitForFrame('Created user');
		const output = deck.frames.join('\n');
		expect(deck.frames.length).toBeGreaterThan(10);
		for (const secret of [password, repeat, 'Hush', 'Quiet']) {
			expect(output).not.toContain(secret);
		}

		expect(output).toContain('•'.repeat(password.length));
	});

	test('Esc goes back to the list without creating anything', async () => {
		const deck = await openForm();
		const before = userCount();
		await typeInto(deck, 'gone@example.com', 'gone@example.com');
		deck.press('form.cancel');
		await waitFor(() => deck.deck.navigation.getState().stack.length === 1);
		expect(deck.deck.navigation.getState().stack[0]).toEqual({name: 'users'});
		expect(userCount()).toBe(before);
	});

	test('a pasted "abc\\r" goes into Email as "abc" and submits nothing', async () => {
		const deck = await openForm();
		// Bracketed paste, as the terminal sends it (the console turns it on).
		deck.stdin.write('\u001B[200~abc\r\u001B[201~');
		await deck.waitForFrame(fieldLine('Email', 'abc'));
		deck.type('d');
		await deck.waitForFrame(fieldLine('Email', 'abcd'));
		expect(deck.lastFrame()).toMatch(/^› Email/m);
		expect(deck.lastFrame()).not.toContain('Not created');
		expect(deck.deck.status.getState().serial).toBe(0);
	});

	test('a key typed right after the form opens goes into Email', async () => {
		const deck = fixture.render(fixture.store.service);
		await waitFor(() => deck.deck.router.activeScopes().length > 1);
		// Pushed and typed in the same tick: the form has not rendered yet.
		deck.deck.navigation.dispatch({type: 'push', screen: {name: 'create-user'}});
		deck.stdin.write('q');
		await deck.waitForFrame(fieldLine('Email', 'q'));
		expect(deck.exited()).toBe(false);
	});

	test('space and arrows choose the connection only on the select; in text fields they edit', async () => {
		const deck = await openForm();
		await typeInto(deck, 'a b', 'a b');
		deck.press('form.choose-prev');
		deck.type('X');
		await deck.waitForFrame(fieldLine('Email', 'a Xb'));
		expect(deck.lastFrame()).toContain(`${database} — enabled for`);

		// On the select (Shift-Tab wraps round to it), space and → choose the next, ← the previous.
		const [first, second, third] = fixture.store.service.databaseConnections().map(connection => connection.name);
		expect(first).toBe(database);
		deck.press('form.prev');
		await deck.waitForFrame(`◂ ${first} ▸`);
		deck.stdin.write(keys.space);
		await deck.waitForFrame(`◂ ${second} ▸`);
		deck.stdin.write(keys.right);
		await deck.waitForFrame(`◂ ${third} ▸`);
		deck.stdin.write(keys.left);
		await deck.waitForFrame(`◂ ${second} ▸`);
		expect(deck.lastFrame()).toMatch(fieldLine('Email', 'a Xb'));
	});
});

describe('Create User layout', () => {
	async function renderScreen(width: number, height: number) {
		const deck = createDeck({service: fixture.store.service, ports: mockPorts(), exit() {}, initialNavigation: {stack: [{name: 'users'}, {name: 'create-user'}]}});
		const screen = deck.navigation.getState().stack[1]!;
		const rendered = render(
			<DeckProvider deck={deck}>
				<CreateUserScreen screen={screen as {name: 'create-user'}} width={width} height={height} />
			</DeckProvider>,
		);
		const frame = () => rendered.lastFrame() ?? '';
		await waitFor(() => frame().includes('Repeat Password'));
		return {deck, rendered, frame};
	}

	function expectFits(frame: string, width: number, height: number) {
		const lines = frame.split('\n');
		expect(lines.length).toBeLessThanOrEqual(height);
		for (const line of lines) {
			expect(displayWidth(line), line).toBeLessThanOrEqual(width);
		}
	}

	test.each([[80, 19], [100, 19], [160, 43]])('fits %ix%i on every connection with every error shown', async (width, height) => {
		const {deck, rendered, frame} = await renderScreen(width, height);
		const press = async (name: string, input = '') => {
			const before = frame();
			deck.router.handle({name, input, isPaste: false});
			await waitFor(() => frame() !== before);
		};

		try {
			// An unmet password and a mismatching repeat, then the select.
			await press('tab');
			await press('a', 'a');
			await press('tab');
			await press('b', 'b');
			await press('tab');
			for (const {name} of fixture.store.service.databaseConnections()) {
				while (!frame().includes(`◂ ${name} ▸`)) {
					// eslint-disable-next-line no-await-in-loop
					await press('right');
				}

				const serial = deck.status.getState().serial;
				deck.router.handle({name: 'ctrl-s', input: 's', isPaste: false});
				// eslint-disable-next-line no-await-in-loop
				await waitFor(() => deck.status.getState().serial > serial && deck.status.getState().kind === 'error');
				// eslint-disable-next-line no-await-in-loop
				await waitFor(() => /^› Email/m.test(frame()) && frame().includes('✗ Email is required'));
				expectFits(frame(), width, height);
				expect(frame()).toContain('✗ Passwords do not match');
				expect(frame()).toMatch(/✗ At least \d+ characters? in length/);
				expect(frame()).toMatch(/^ {2}Connection/m);
				if (name === 'Legacy-DB') {
					expect(frame()).toContain('✗ The connection is disabled');
				}

				// The failure put the focus on Email; Shift-Tab wraps round to the select.
				// eslint-disable-next-line no-await-in-loop
				await press('shift-tab');
			}
		} finally {
			rendered.unmount();
		}
	});

	test('the long kinds rule stays readable at 80 columns', async () => {
		const {deck, rendered, frame} = await renderScreen(80, 19);
		try {
			deck.router.handle({name: 'tab', input: '\t', isPaste: false});
			deck.router.handle({name: 'a', input: 'a', isPaste: false});
			await waitFor(() => frame().includes('✗ At least 8'));
			const text = frame().split('\n').map(line => line.trim()).join(' ');
			expect(text).toMatch(/✗ (Contain at least 3 of the following 4 types of characters: lower case letters \(a-z\), upper case letters \(A-Z\), numbers \(i\.e\. 0-9\), special characters \(e\.g\. !@#\$%\^&\*\)|At least 3 of 4 kinds: lower case \(a-z\), upper case \(A-Z\), numbers \(0-9\), special \(e\.g\. !@#\$%\^&\*\))/);
			expect(frame()).not.toContain('…');
		} finally {
			rendered.unmount();
		}
	});
});
