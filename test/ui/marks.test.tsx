// Marks and batch actions on the Users list (issue 18), pressed as keys and
// read from frames: Space marks and moves on, `*` marks what the filter
// matched (asking first for the whole list), Esc and Ctrl-\ clear, the header
// counts, marks outlive sorts, filters and other processes' deletes, and `a`
// acts on every marked user: Delete asks for their number typed, the result
// lists each failure, and Esc stops a batch with the users done left done.
import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {displayName} from '../../source/domain/user-factory.js';
import type {BatchOptions, BatchProgress} from '../../source/services/users-service.js';
import {sanitize} from '../../source/terminal/sanitize.js';
import {startBatch} from '../../source/ui/state/batch-run.js';
import {marksModel} from '../../source/ui/state/marks.js';
import {type RenderedDeck, screenFixture, type TestStore} from '../support/deck.js';
import {keys} from '../support/keys.js';
import {waitFor} from '../support/wait-for.js';

const fixture = screenFixture(60);

async function openList(store: TestStore = fixture.store): Promise<RenderedDeck> {
	const rendered = fixture.render(store.service);
	await rendered.waitForFrame(/\d+\/\d+/);
	return rendered;
}

const frameOf = (deck: RenderedDeck) => deck.lastFrame() ?? '';

/** The table's rows: the lines after the column titles, up to the footer. */
function rows(frame: string): string[] {
	const lines = frame.split('\n');
	const header = lines.findIndex(line => /^\s+Name\b/.test(line));
	return lines.slice(header + 1, -2);
}

function shown(user: User): string {
	return [...sanitize(displayName(user))].slice(0, 12).join('');
}

/** The row of `user`, if on screen. */
function rowOf(deck: RenderedDeck, user: User): string | undefined {
	return rows(frameOf(deck)).find(line => line.slice(2).startsWith(shown(user)));
}

function byName(store: TestStore = fixture.store): User[] {
	return store.service.listUsers({sort: {field: 'name', descending: false}});
}

async function waitForRow(deck: RenderedDeck, user: User, gutter: RegExp): Promise<void> {
	await waitFor(() => gutter.test(rowOf(deck, user)?.slice(0, 2) ?? ''), {message: () => `expected ${shown(user)}'s row to start with ${String(gutter)} in:\n${frameOf(deck)}`});
}

const overlayName = (deck: RenderedDeck) => deck.deck.navigation.getState().overlay?.name;

describe('marking users', () => {
	it('Space marks the selected user and moves down, again unmarks; the header counts them; PgDn still pages', async () => {
		const [first, second] = byName();
		const deck = await openList();
		deck.press('list.mark');
		await waitForRow(deck, first!, /^ \*$/);
		await waitForRow(deck, second!, /^› $/);
		expect(frameOf(deck).split('\n')[0]).toMatch(/1 marked/);
		deck.press('list.mark');
		await waitForRow(deck, second!, /^ \*$/);
		await deck.waitForFrame('2 marked');
		deck.press('list.up');
		await waitForRow(deck, second!, /^›\*$/);
		deck.press('list.mark');
		await waitForRow(deck, second!, /^  $/);
		await deck.waitForFrame('1 marked');
		// Space no longer pages; PgDn does.
		expect(frameOf(deck)).toMatch(/ 3\/60/);
		deck.stdin.write(keys.pageDown);
		await waitFor(() => !/ 3\/60/.test(frameOf(deck)));
	});

	it('show in the ? help, from the keymap', async () => {
		const deck = await openList();
		deck.press('global.help');
		const help = await deck.waitForFrame('Keys');
		expect(help).toMatch(/│ +Space +Mark or unmark the selected user and move down/);
		expect(help).toMatch(/│ +\* +Mark every user the filter or query matched/);
		expect(help).toMatch(/│ +Esc +Clear the marks; with none, the \/ text, then the : query/);
		expect(help).toMatch(/│ +Ctrl-\\ +Clear the marks/);
		expect(help).toMatch(/│ +a +Actions for the selected user, or for every marked user/);
	});

	it('* marks what a small filter matched at once and says so; the whole list is asked about first', async () => {
		const deck = await openList();
		const target = byName()[5]!;
		const text = target.user_id.slice(-8);
		const matching = byName().filter(user => [user.name, user.email, user.user_id].some(field => field?.toLowerCase().includes(text.toLowerCase())));
		deck.press('list.filter');
		deck.type(text);
		deck.press('filter.accept');
		await deck.waitForFrame(`${matching.length} of 60 users`);
		deck.press('list.mark-all');
		await deck.waitForFrame(`Marked ${matching.length} user${matching.length === 1 ? '' : 's'} matching /${text}`);
		await deck.waitForFrame(`${matching.length} marked`);
		await waitForRow(deck, target, /^.\*$/);

		// Esc clears the marks first, then (pressed again) the filter.
		deck.press('list.clear');
		await deck.waitForFrame('Cleared');
		await waitFor(() => !frameOf(deck).split('\n')[0]!.includes('marked'));
		expect(frameOf(deck)).toContain(`${matching.length} of 60 users`);
		deck.press('list.clear');
		await deck.waitForFrame(/ 60 users +\d+\/60/);

		deck.press('list.mark-all');
		await deck.waitForFrame('Mark 60 users (the whole list)?');
		deck.press('confirm.no');
		await waitFor(() => overlayName(deck) === undefined);
		expect(marksModel(deck.deck).getState().size).toBe(0);
		deck.press('list.mark-all');
		await deck.waitForFrame('Mark 60 users (the whole list)?');
		deck.press('confirm.yes');
		await deck.waitForFrame('60 marked');
		// Ctrl-\ clears them too.
		deck.press('list.clear-marks');
		await deck.waitForFrame('Cleared 60 marks');
		expect(marksModel(deck.deck).getState().size).toBe(0);
	});

	it('keeps marks by user_id across sorts and filters, and drops a user another process deletes', async () => {
		const store = await fixture.ownStore(30);
		const deck = await openList(store);
		const [first, second] = byName(store);
		deck.press('list.mark');
		deck.press('list.mark');
		await deck.waitForFrame('2 marked');
		deck.press('list.reverse');
		// Reversed, they are the last two rows.
		deck.press('list.last');
		await waitForRow(deck, first!, /^.\*$/);
		await waitForRow(deck, second!, /^.\*$/);
		// A filter that hides them keeps them marked.
		deck.press('list.filter');
		deck.type('zzzz-nobody');
		await deck.waitForFrame('No users match');
		expect(frameOf(deck).split('\n')[0]).toMatch(/2 marked/);
		deck.press('filter.cancel');
		await deck.waitForFrame(/ 30 users +\d+\/30/);
		deck.press('list.last');
		await waitForRow(deck, first!, /^.\*$/);

		// Another process (a second service over the same file) deletes one.
		const {Store} = await import('../../source/store/store.js');
		const {UsersService} = await import('../../source/services/users-service.js');
		const other = await Store.open({path: store.store.path});
		try {
			await new UsersService({store: other, actor: {user_id: 'cli|other', email: 'other@example.test'}}).deleteUser(first!.user_id);
		} finally {
			await other.close();
		}

		await store.store.refresh();
		await deck.waitForFrame('1 marked');
		expect([...marksModel(deck.deck).getState()]).toEqual([second!.user_id]);
	});
});

/** Actions for the 2 marked users → Export, the file name replaced by `file`, Enter. Returns the dialog's first frame (the name offered). */
async function exportTo(deck: RenderedDeck, file: string): Promise<string> {
	deck.press('list.actions');
	await deck.waitForFrame('Export 2 users');
	for (let index = 0; index < 3; index++) {
		deck.press('menu.down');
	}

	deck.press('menu.select');
	const offered = await deck.waitForFrame('Export marked users');
	deck.stdin.write(keys.ctrlU);
	deck.stdin.write(file);
	await deck.waitForFrame('(CSV)');
	deck.press('export.submit');
	return offered;
}

describe('actions on marked users', () => {
	it('deletes them once their number is typed, Enter on its own, and shows the result', async () => {
		const store = await fixture.ownStore(30);
		const deck = await openList(store);
		const [first, second, third] = byName(store);
		deck.press('list.mark');
		deck.press('list.mark');
		deck.press('list.mark');
		await deck.waitForFrame('3 marked');
		deck.press('list.actions');
		await deck.waitForFrame('Actions for marked users');
		for (const label of ['Block 3 users', 'Unblock 3 users', 'Delete 3 users', 'Export 3 users']) {
			expect(frameOf(deck)).toContain(label);
		}

		deck.press('menu.down');
		deck.press('menu.down');
		deck.press('menu.select');
		await deck.waitForFrame('Type 3 (the number of users) to confirm:');
		// The wrong number, or the right one joined with Enter in one read, deletes nothing.
		deck.type('2');
		deck.press('confirm-delete.submit');
		deck.press('confirm-delete.cancel');
		await waitFor(() => overlayName(deck) === undefined);
		deck.press('list.actions');
		await deck.waitForFrame('Actions for marked users');
		deck.press('menu.down');
		deck.press('menu.down');
		deck.press('menu.select');
		await deck.waitForFrame('Type 3');
		deck.stdin.write('3\r');
		await deck.waitForFrame('press Enter');
		expect(store.service.user(first!.user_id)).toBeDefined();
		deck.press('confirm-delete.submit');
		await deck.waitForFrame('Deleted 3 of 3 users');
		await deck.waitForFrame(/Batch batch_\w{16}/);
		for (const user of [first, second, third]) {
			expect(store.service.user(user!.user_id)).toBeUndefined();
		}

		deck.press('viewer.close');
		await waitFor(() => overlayName(deck) === undefined);
		expect(frameOf(deck).split('\n')[0]).not.toMatch(/marked/);
		expect(frameOf(deck)).toContain('27 users');
	});

	it('exports them to the file named, 0600, and says where it went', async () => {
		const store = await fixture.ownStore(30);
		const deck = await openList(store);
		const [first, second] = byName(store);
		deck.press('list.mark');
		deck.press('list.mark');
		await deck.waitForFrame('2 marked');
		const file = path.join(store.dir, 'marked.csv');
		const offered = await exportTo(deck, file);
		// Offered: a new file in the folder the console started from.
		expect(offered).toMatch(/userdeck-users-\d{8}-\d{6}\.ndjson/);
		await deck.waitForFrame('Exported 2 users to');
		expect(frameOf(deck).replaceAll('\n', '')).toContain(file);
		const lines = readFileSync(file, 'utf8').trim().split('\n');
		expect(lines).toHaveLength(3);
		expect(lines.slice(1).map(line => line.split(',')[0])).toEqual([first!.user_id, second!.user_id]);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		// Marks stay: an export changes no one.
		expect(marksModel(deck.deck).getState().size).toBe(2);

		// The same name again is refused, and the dialog stays for another.
		await exportTo(deck, file);
		await deck.waitForFrame('already exists');
		expect(overlayName(deck)).toBe('batch-export');
	});

	it('lists each failure with its reason and keeps the failed users marked', async () => {
		const store = await fixture.ownStore(30);
		const deck = await openList(store);
		const [first] = byName(store);
		const missing = 'auth0|no-such-user';
		marksModel(deck.deck).dispatch({type: 'add', userIds: [first!.user_id, missing]});
		void startBatch(deck.deck, 'block', [first!.user_id, missing]);
		await deck.waitForFrame('Blocked 1 of 2 users · 1 failed');
		await deck.waitForFrame(`${missing}: No user with id ${missing}`);
		await deck.waitForFrame('stay marked');
		expect(store.service.user(first!.user_id)?.blocked).toBe(true);
		expect([...marksModel(deck.deck).getState()]).toEqual([missing]);
	});

	it('Esc stops a running batch after the users in hand: those stay done, the rest untouched and marked', async () => {
		const store = await fixture.ownStore(30);
		const {service} = store;
		const run = service.runBatch.bind(service);
		let release: () => void = () => {};
		const gate = new Promise<void>(resolve => {
			release = resolve;
		});
		// Chunks of 2, the first one's progress held until the test has pressed Esc.
		vi.spyOn(service, 'runBatch').mockImplementation(async (action, ids, options: BatchOptions = {}) => run(action, ids, {
			...options,
			chunkSize: 2,
			async onProgress(progress: BatchProgress) {
				await options.onProgress?.(progress);
				await gate;
			},
		}));
		const deck = await openList(store);
		const marked = byName(store).slice(0, 6);
		for (let index = 0; index < marked.length; index++) {
			deck.press('list.mark');
		}

		await deck.waitForFrame('6 marked');
		deck.press('list.actions');
		await deck.waitForFrame('Block 6 users');
		deck.press('menu.select');
		await deck.waitForFrame('Blocking 2 of 6 users');
		deck.press('batch.cancel');
		await deck.waitForFrame('Stopping once the users in hand are done');
		release();
		await deck.waitForFrame('Blocked 2 of 6 users · 4 not done (stopped)');
		expect(marked.map(user => service.user(user.user_id)?.blocked ?? false)).toEqual([true, true, false, false, false, false]);
		expect(new Set(marksModel(deck.deck).getState())).toEqual(new Set(marked.slice(2).map(user => user.user_id)));
	});
});
