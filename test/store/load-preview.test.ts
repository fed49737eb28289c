// Opening a big store for a console: the first users are handed over as soon
// as they are read, before logs and devices, as the loaded store will hold
// them (the journal applied), and the reading pauses so the console can draw.
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {type LoadPreview, previewRows} from '../../source/store/load-preview.js';
import {slicePacer} from '../../source/store/pacer.js';
import {Store, writeSnapshot} from '../../source/store/store.js';
import {emptyTables, type Tables} from '../../source/store/tables.js';
import {makeLog, makeTempDir, makeUser} from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
let file: string;
const open: Store[] = [];

beforeEach(async () => {
	({dir, cleanup} = await makeTempDir());
	file = path.join(dir, 'store.ndjson');
});

afterEach(async () => {
	await Promise.all(open.splice(0).map(async store => store.close()));
	await cleanup();
});

function tablesWith(users: number, logsPerUser: number): Tables {
	const tables = emptyTables();
	for (let index = 0; index < users; index++) {
		const user = makeUser(`u${String(index).padStart(5, '0')}`);
		tables.users.set(user.user_id, user);
		for (let log = 0; log < logsPerUser; log++) {
			const event = makeLog(`l${index}-${log}`, user.user_id, `2025-01-0${1 + (log % 9)}T00:00:00.000Z`);
			tables.logs.set(event.log_id, event);
		}
	}

	return tables;
}

async function openWithPreviews(options: {columnsFileMinBytes?: number} = {}): Promise<{store: Store; previews: LoadPreview[]; atOpen: number}> {
	const previews: LoadPreview[] = [];
	const store = await Store.open({path: file, create: false, sliceMs: 8, onPreview: preview => previews.push(preview), ...options});
	open.push(store);
	return {store, previews, atOpen: previews.length};
}

/** Changes in the journal: one user renamed, one deleted, one deleted and created again, one created. */
async function changeInJournal(): Promise<void> {
	const writer = await Store.open({path: file, create: false});
	await writer.transact(tx => {
		tx.put('users', makeUser('u00003', {name: 'Renamed in the journal'}));
		tx.delete('users', 'auth0|u00005');
	});
	await writer.transact(tx => {
		tx.delete('users', 'auth0|u00007');
		tx.put('users', makeUser('new-one'));
	});
	await writer.transact(tx => {
		tx.put('users', makeUser('u00007', {name: 'Back again'}));
		tx.put('users', makeUser('new-one', {name: 'Created, then renamed'}));
	});
	await writer.close();
}

describe('opening with a preview', () => {
	test('hands over the first page of users before the logs are read, as the loaded store holds them', async () => {
		const users = 1000;
		await writeSnapshot(file, tablesWith(users, 5));
		await changeInJournal();
		const {store, previews} = await openWithPreviews();
		const firstPage = previews.find(preview => preview.users.length === previewRows);
		expect(firstPage).toBeDefined();
		// Only users so far: no log was read when the page was handed over.
		expect(firstPage!.rowsRead).toBeLessThanOrEqual(users);
		expect(firstPage!.usersRead).toBeLessThan(users);
		expect(firstPage!.usersTotal).toBe(users);
		const loaded = [...store.tables.users.values()];
		expect(firstPage!.users).toEqual(loaded.slice(0, previewRows));
		expect(firstPage!.users.map(user => user.name)).toContain('Renamed in the journal');
		expect(firstPage!.users.map(user => user.user_id)).not.toContain('auth0|u00005');
		expect(firstPage!.users.map(user => user.user_id)).not.toContain('auth0|u00007');
		const done = previews.find(preview => preview.usersDone);
		expect(done!.usersRead).toBe(users);
		expect(done!.rowsRead).toBeLessThan(done!.rowsTotal);
	});

	test('a store smaller than a page: every user, with those the journal created where a replay puts them', async () => {
		await writeSnapshot(file, tablesWith(10, 2));
		await changeInJournal();
		const {store, previews} = await openWithPreviews();
		const done = previews.find(preview => preview.usersDone)!;
		const loaded = [...store.tables.users.values()];
		expect(done.users).toEqual(loaded);
		expect(done.users.slice(-2).map(user => user.name)).toEqual(['Created, then renamed', 'Back again']);
	});

	for (const columnsFile of ['fits', 'is damaged'] as const) {
		test(`with a columns file beside the snapshot that ${columnsFile}: the first page from the first lines, every user handed over once`, async () => {
			const users = 1000;
			await writeSnapshot(file, tablesWith(users, 5));
			await (await Store.open({path: file, create: false, columnsFileMinBytes: 0})).close();
			await changeInJournal();
			if (columnsFile === 'is damaged') {
				const {readFile, writeFile} = await import('node:fs/promises');
				const bytes = await readFile(`${file}-columns`);
				bytes[bytes.length >> 1]! ^= 1;
				await writeFile(`${file}-columns`, bytes);
			}

			const {store, previews} = await openWithPreviews({columnsFileMinBytes: 0});
			expect(store.loadedFromColumns).toBe(columnsFile === 'fits');
			const firstPage = previews.find(preview => preview.users.length === previewRows)!;
			expect(firstPage.usersRead).toBeLessThan(users);
			const loaded = [...store.tables.users.values()];
			expect(firstPage.users.map(user => user.user_id)).toEqual(loaded.slice(0, previewRows).map(user => user.user_id));
			expect(firstPage.users.map(user => user.name)).toContain('Renamed in the journal');
			expect(Math.max(...previews.map(preview => preview.usersRead))).toBe(users);
			expect(previews.filter(preview => preview.usersDone)).toHaveLength(1);
		});
	}

	test('an empty store hands over an empty, finished preview', async () => {
		await writeSnapshot(file, emptyTables());
		const {previews} = await openWithPreviews();
		expect(previews.find(preview => preview.usersDone)).toMatchObject({users: [], usersTotal: 0});
	});
});

describe('the pacer', () => {
	test('pauses once a slice is used up, or at once when asked to draw soon', async () => {
		let clock = 0;
		const pace = slicePacer(8, () => clock);
		const calls = () => {
			for (let call = 0; call < 64; call++) {
				const paused = pace();
				if (paused) {
					return paused;
				}
			}

			return undefined;
		};

		expect(calls()).toBeUndefined();
		clock = 8;
		const paused = calls();
		expect(paused).toBeInstanceOf(Promise);
		await paused;
		expect(calls()).toBeUndefined();
		pace.soon();
		expect(pace()).toBeInstanceOf(Promise);
	});
});
