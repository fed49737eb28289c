// A damaged log event in the store: the History tab shows the user's other
// events and says, on a line of its own, that one could not be read and why;
// `users logs` warns on stderr.
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {LogEvent, User} from '../../source/domain/types.js';
import {UsersService} from '../../source/services/users-service.js';
import {Store} from '../../source/store/store.js';
import type {Navigation} from '../../source/ui/state/navigation.js';
import {runCli} from '../support/cli.js';
import {fakeHasher, makeService, type RenderedDeck, renderDeck, testActor, type TestStore} from '../support/deck.js';

let testStore: TestStore;
let store: Store;
let service: UsersService;
let user: User;
let damaged: LogEvent;
let kept: LogEvent[];
let rendered: RenderedDeck | undefined;

beforeAll(async () => {
	testStore = await makeService({users: 40});
	const candidate = testStore.service.listUsers().find(each => testStore.service.history(each.user_id).length >= 2);
	if (!candidate) {
		throw new Error('The demo store has no user with 2 events in the past 2 days');
	}

	user = candidate;
	const [newest, ...older] = testStore.service.history(user.user_id);
	damaged = newest!;
	kept = older;
	const file = path.join(testStore.dir, 'store.ndjson');
	const text = await readFile(file, 'utf8');
	const prefix = `["logs",{"log_id":"${damaged!.log_id}","date":"${damaged!.date}","type":"`;
	expect(text).toContain(prefix);
	// The event's type becomes a number: valid JSON, but not a log event.
	await writeFile(file, text.replace(prefix, `["logs",{"log_id":"${damaged!.log_id}","date":"${damaged!.date}","type":5,"was":"`));
	store = await Store.open({path: file});
	service = new UsersService({store, actor: testActor, hasher: fakeHasher});
});

afterEach(() => {
	rendered?.unmount();
	rendered = undefined;
});

afterAll(async () => {
	await store.close();
	await testStore.cleanup();
});

describe('a damaged log event', () => {
	it('is left out of History, which says so and why', async () => {
		expect(service.history(user.user_id).map(event => event.log_id)).toEqual(kept.map(event => event.log_id));
		const navigation: Navigation = {stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab: 'history'}]};
		rendered = renderDeck(service, {navigation});
		const count = `${kept.length} event${kept.length === 1 ? '' : 's'}`;
		await rendered.waitForFrame(new RegExp(`Past 2 days · ${count}[\\s\\S]*1 event could not be read \\(the store is damaged\\): \\.type must be string in logs row "${damaged.log_id.slice(0, 10)}`));
	});

	it('is counted on the Locations tab, whose places leave it out', async () => {
		const navigation: Navigation = {stack: [{name: 'users'}, {name: 'user', userId: user.user_id, tab: 'locations'}]};
		rendered = renderDeck(service, {navigation});
		await rendered.waitForFrame(/1 unreadable event left out/);
	});

	it('is named on stderr by users logs, which prints the others', () => {
		const result = runCli(['users', 'logs', user.user_id, '--json', '--store', path.join(testStore.dir, 'store.ndjson')]);
		expect(result.code).toBe(0);
		expect((JSON.parse(result.stdout) as LogEvent[]).map(event => event.log_id)).toEqual(kept.map(event => event.log_id));
		expect(result.stderr).toBe(`userdeck: warning: an event could not be read and is left out: logs row "${damaged.log_id}".type must be string\n`);
	});
});
