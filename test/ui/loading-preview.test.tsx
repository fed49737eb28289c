// A big store's first users show while it loads: in the store's order, said
// to be so, with how far loading got; then the console replaces them, sorted,
// with every user counted.
import {mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {generateDemo} from '../../source/demo/generate.js';
import {displayName} from '../../source/domain/user-factory.js';
import {UsersService} from '../../source/services/users-service.js';
import type {LoadPreview} from '../../source/store/load-preview.js';
import {Store, writeSnapshot} from '../../source/store/store.js';
import {Boot, type Ready} from '../../source/ui/boot.js';
import {groupDigits} from '../../source/domain/group-digits.js';
import {previewText} from '../../source/ui/loading-preview.js';
import {type LoadProgress, loadProgressReducer, startOfLoading} from '../../source/ui/loading-screen.js';
import {createState} from '../../source/ui/state/create-state.js';
import {fakeHasher, testActor} from '../support/fakes.js';
import {waitFor} from '../support/wait-for.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0)) {
		// eslint-disable-next-line no-await-in-loop
		await cleanup();
	}
});

describe('the first users while a store loads', () => {
	it('shows them in store order with progress, then the sorted console with every user', async () => {
		const users = 1500;
		const dir = mkdtempSync(path.join(tmpdir(), 'userdeck-preview-'));
		const file = path.join(dir, 'store.ndjson');
		await writeSnapshot(file, generateDemo({users, seed: 'preview', now: new Date(), passwordHash: await fakeHasher.hash('Demo-Passw0rd!')}));
		const progress = createState<LoadProgress, LoadProgress>(loadProgressReducer, startOfLoading);
		const preview = createState<LoadPreview | undefined, LoadPreview>((_state, next) => next, undefined);
		const ready = createState<Ready | undefined, Ready>((_state, next) => next, undefined);
		const rendered = render(<Boot progress={progress} preview={preview} ready={ready} storeLabel="big-store" />);
		cleanups.push(async () => {
			rendered.unmount();
			await rm(dir, {recursive: true, force: true});
		});
		expect(rendered.lastFrame()).toContain('Opening the store...');
		const store = await Store.open({
			path: file,
			sliceMs: 1,
			onProgress: (loaded, total) => progress.dispatch({loaded, total}),
			onPreview: next => preview.dispatch(next),
		});
		cleanups.push(async () => store.close());
		// The first users were drawn before the store was open, under a line saying what they are.
		const drawnWhileLoading = rendered.frames.length;
		const early = rendered.frames.slice(0, drawnWhileLoading).find(frame => /(Loading users… [\d,]+ of 1,500|All 1,500 users read) · .*first users in store order/.test(frame));
		expect(early).toBeDefined();
		const firstInStore = [...store.tables.users.values()].slice(0, 5);
		const rows = early!.split('\n').slice(4, 9);
		for (const [index, user] of firstInStore.entries()) {
			expect(rows[index]).toContain(displayName(user).slice(0, 12));
		}

		// No column is marked as sorted: the order is the store's.
		expect(early!.split('\n')[3]).not.toMatch(/[▲▼]/);

		const app = await import('../../source/ui/console-app.js');
		const service = new UsersService({store, actor: testActor, hasher: fakeHasher});
		ready.dispatch({deck: app.createDeck({service, ports: {copy: async () => ({ok: true, message: ''}), openUrl: async () => ({ok: true}), editText: async () => undefined}, exit() {}, storeLabel: 'big-store'}), app});
		await waitFor(() => (rendered.lastFrame() ?? '').includes('1,500 users  1/1,500') ? true : undefined);
		expect(rendered.lastFrame()).toContain('Sorted by Name ▲');
	});

	it('says when every user is read and the rest is loading', () => {
		const users = [{user_id: 'auth0|a'}] as unknown as LoadPreview['users'];
		const reading: LoadPreview = {users, usersRead: 340_000, usersTotal: 1_000_000, rowsRead: 340_010, rowsTotal: 3_000_000, usersDone: false};
		expect(previewText(reading, {loaded: 340_010, total: 3_000_000})).toMatch(/^Loading users… 340,000 of 1,000,000 · first users in store order/);
		const rest: LoadPreview = {...reading, usersRead: 1_000_000, rowsRead: 1_500_000, usersDone: true};
		expect(previewText(rest, {loaded: 1_500_000, total: 3_000_000})).toMatch(/^All 1,000,000 users read · loading history and devices 50%/);
	});

	it('groups digits as en-US does', () => {
		for (const value of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 123_456_789, -4321]) {
			expect(groupDigits(value)).toBe(value.toLocaleString('en-US'));
		}
	});
});
