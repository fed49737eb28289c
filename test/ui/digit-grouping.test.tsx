// Login counts in the console are grouped as every other count (and as the CLI prints them). Issue 20.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateDemo} from '../../source/demo/generate.js';
import {fakeHasher, makeService, type RenderedDeck, renderDeck, type TestStore} from '../support/deck.js';

let testStore: TestStore;
let rendered: RenderedDeck | undefined;
let userId: string;

beforeAll(async () => {
	const tables = generateDemo({users: 12, seed: 'grouping', now: new Date(), passwordHash: await fakeHasher.hash('Demo-Passw0rd!')});
	const user = [...tables.users.values()][0]!;
	userId = user.user_id;
	tables.users.set(userId, {...user, logins_count: 12_345});
	testStore = await makeService({tables});
});

afterAll(async () => {
	rendered?.unmount();
	await testStore.cleanup();
});

describe('login counts in the console', () => {
	it('are grouped on the Users list and the Details tab', async () => {
		rendered = renderDeck(testStore.service);
		await rendered.waitForFrame(/ 12,345 /);
		rendered.unmount();
		rendered = renderDeck(testStore.service, {navigation: {stack: [{name: 'users'}, {name: 'user', userId, tab: 'details'}]}});
		expect(await rendered.waitForFrame('User Identity')).toMatch(/Logins +12,345\b/);
	});
});
