// A store whose file holds a damaged profile (issue 19: profiles are read when
// asked for, not at load): the console keeps the user on the list, its page
// says what is wrong instead of crashing, and Actions offers Delete, which
// removes the row.
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {generateDemo} from '../../source/demo/generate.js';
import {UsersService} from '../../source/services/users-service.js';
import {Store, writeSnapshot} from '../../source/store/store.js';
import type {Navigation} from '../../source/ui/state/navigation.js';
import {renderDeck, type RenderedDeck} from '../support/deck.js';
import {fakeHasher, testActor} from '../support/fakes.js';
import {waitFor} from '../support/wait-for.js';
import {makeTempDir} from '../store/fixtures.js';

describe('a damaged profile in the console', () => {
	let dir: string;
	let cleanup: () => Promise<void>;
	let store: Store;
	let service: UsersService;
	let rendered: RenderedDeck | undefined;
	let victim: {user_id: string; email: string};

	beforeEach(async () => {
		({dir, cleanup} = await makeTempDir('userdeck-damaged-'));
		const file = path.join(dir, 'store.ndjson');
		const tables = generateDemo({users: 30, seed: 'damaged', now: new Date(), passwordHash: await fakeHasher.hash('Demo-Passw0rd!')});
		const user = [...tables.users.values()].find(candidate => candidate.email !== undefined && candidate.email_verified !== undefined)!;
		victim = {user_id: user.user_id, email: user.email!};
		await writeSnapshot(file, tables);
		const text = await readFile(file, 'utf8');
		const line = text.split('\n').find(each => each.startsWith(`["users",{"user_id":${JSON.stringify(user.user_id)}`))!;
		await writeFile(file, text.replace(line, line.replace(`"email_verified":${String(user.email_verified)}`, '"email_verified":"maybe"')));
		store = await Store.open({path: file, create: false});
		service = new UsersService({store, actor: testActor, hasher: fakeHasher});
	});

	afterEach(async () => {
		rendered?.unmount();
		rendered = undefined;
		await store.close();
		await cleanup();
	});

	it('shows the user page\'s problem, and Actions deletes the row after the email is typed', async () => {
		expect(service.usersById().has(victim.user_id)).toBe(true);
		const navigation: Navigation = {stack: [{name: 'users'}, {name: 'user', userId: victim.user_id, tab: 'details'}]};
		rendered = renderDeck(service, {navigation});
		await rendered.waitForFrame(/profile cannot be read: users row "auth0\|/);

		// Back on the list the user is still there; Actions on them offers Delete alone.
		rendered.press('user.back');
		await rendered.waitForFrame('Sorted by');
		rendered.deck.navigation.dispatch({type: 'open-overlay', overlay: {name: 'actions', userId: victim.user_id}});
		await rendered.waitForFrame(/profile cannot be read/);
		const frame = rendered.lastFrame() ?? '';
		expect(frame).toContain('Delete User');
		expect(frame).not.toContain('Block User');
		rendered.press('menu.select');
		await rendered.waitForFrame('Yes, Delete It');
		rendered.type(victim.email);
		await rendered.waitForFrame('press Enter');
		rendered.press('confirm-delete.submit');
		await waitFor(() => !store.tables.users.has(victim.user_id));
		await rendered.waitForFrame(/Deleted /);
	});
});
