// Block, unblock and delete over many users at once (issue 18): outcomes per
// user, failures with their reasons, one admin event per user carrying the
// batch id, cancellation between chunks, and a stop (the store locked by
// another process) that leaves each user done or untouched for a rerun.
import {mkdtempSync} from 'node:fs';
import {readFile, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {LogEvent} from '../../source/domain/types.js';
import {type BatchProgress, UsersService} from '../../source/services/users-service.js';
import {Store} from '../../source/store/store.js';
import {storedEvents} from '../support/events.js';
import {fakeHasher, testActor} from '../support/fakes.js';
import {makeUser} from '../store/rows.js';

let dir: string;
let file: string;
let store: Store;
let service: UsersService;
const ids = Array.from({length: 12}, (_, index) => `auth0|batch-${String(index).padStart(2, '0')}`);

function events(): LogEvent[] {
	return storedEvents(store);
}

function eventsOf(batchId: string): LogEvent[] {
	return events().filter(event => event.details?.['batch_id'] === batchId);
}

beforeEach(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-batch-'));
	file = path.join(dir, 'store.ndjson');
	store = await Store.open({path: file});
	service = new UsersService({store, actor: testActor, hasher: fakeHasher});
	await store.transact(tx => {
		for (const id of ids) {
			tx.put('users', makeUser(id.slice('auth0|'.length)));
		}
	});
});

afterEach(async () => {
	await store.close();
	await rm(dir, {recursive: true, force: true});
});

describe('runBatch', () => {
	it('blocks every user, one event each with the shared batch id, and says which were already blocked', async () => {
		await service.blockUser(ids[0]!);
		const progress: BatchProgress[] = [];
		const result = await service.runBatch('block', ids, {chunkSize: 5, onProgress(step) {
			progress.push(step);
		}});
		expect(result).toMatchObject({action: 'block', total: 12, processed: 12, succeeded: 11, unchanged: 1, failed: 0, cancelled: false, notRun: []});
		expect(result.batchId).toMatch(/^batch_[A-Za-z\d]{16}$/);
		expect(ids.every(id => service.user(id)?.blocked)).toBe(true);
		const logged = eventsOf(result.batchId);
		expect(logged.map(event => event.user_id).sort()).toEqual(ids);
		expect(logged.every(event => event.type === 'sapi' && (event.details?.['actor'] as {email: string}).email === testActor.email)).toBe(true);
		expect(logged.filter(event => event.details?.['unchanged'] === true).map(event => event.user_id)).toEqual([ids[0]]);
		// One progress report per chunk of 5.
		expect(progress.map(step => step.processed)).toEqual([5, 10, 12]);
	});

	it('lists each failure with its reason, logs it with the batch id, and does the others', async () => {
		const missing = 'auth0|nobody-here';
		const result = await service.runBatch('block', [ids[0]!, missing, ids[1]!]);
		expect(result).toMatchObject({succeeded: 2, failed: 1, failures: [{userId: missing, reason: `No user with id ${missing}`}]});
		expect(result.doneIds).toEqual([ids[0], ids[1]]);
		const failure = eventsOf(result.batchId).find(event => event.type === 'fapi');
		expect(failure).toMatchObject({user_name: missing, details: {result: 'failure', batch_id: result.batchId, reason: `No user with id ${missing}`}});
	});

	it('deletes every user with its password, one sdu event each; a user already gone is left as asked, without an event', async () => {
		const result = await service.runBatch('delete', [...ids, 'auth0|gone-already']);
		expect(result).toMatchObject({succeeded: 12, unchanged: 1, failed: 0});
		expect(ids.some(id => service.user(id))).toBe(false);
		expect(ids.some(id => store.tables.passwords.has(id))).toBe(false);
		const logged = eventsOf(result.batchId);
		expect(logged).toHaveLength(12);
		expect(logged.every(event => event.type === 'sdu')).toBe(true);
	});

	it('stops between chunks when cancelled: the users done stay done, the rest untouched, and a rerun finishes them', async () => {
		const controller = new AbortController();
		const first = await service.runBatch('delete', ids, {
			chunkSize: 4,
			signal: controller.signal,
			onProgress(step) {
				if (step.processed === 4) {
					controller.abort();
				}
			},
		});
		expect(first).toMatchObject({cancelled: true, succeeded: 4, notRun: ids.slice(4)});
		expect(ids.filter(id => service.user(id))).toEqual(ids.slice(4));

		const rerun = await service.runBatch('delete', ids, {batchId: first.batchId});
		expect(rerun).toMatchObject({succeeded: 8, unchanged: 4, failed: 0, cancelled: false});
		expect(service.userCount()).toBe(0);
		// The rerun's events carry the same id: one event per user over both runs.
		expect(eventsOf(first.batchId).map(event => event.user_id).sort()).toEqual(ids);
	});

	it('stops when another process holds the lock, writing nothing of the chunk it could not lock; a rerun finishes the rest', async () => {
		const other = await Store.open({path: file});
		const locked = await Store.open({path: file, lockTimeoutMs: 50});
		const batchService = new UsersService({store: locked, actor: testActor, hasher: fakeHasher});
		let release: () => void = () => {};
		let holding: Promise<void> | undefined;
		const held = new Promise<void>(resolve => {
			release = resolve;
		});
		try {
			const result = await batchService.runBatch('block', ids, {
				chunkSize: 5,
				async onProgress(step) {
					if (step.processed === 5 && !holding) {
						// Another process takes the lock and keeps it past the batch's patience.
						let taken: () => void = () => {};
						const isTaken = new Promise<void>(resolve => {
							taken = resolve;
						});
						holding = other.transact(async () => {
							taken();
							await held;
						});
						await isTaken;
					}
				},
			});
			expect(result.stopped).toMatch(/in use by another userdeck process/);
			expect(result).toMatchObject({succeeded: 5, cancelled: false, notRun: ids.slice(5)});
			await locked.refresh();
			expect(ids.map(id => locked.user(id)?.blocked ?? false)).toEqual(ids.map((_, index) => index < 5));
			release();
			await holding;
			const rerun = await batchService.runBatch('block', result.notRun, {batchId: result.batchId});
			expect(rerun).toMatchObject({succeeded: 7, failed: 0, stopped: undefined});
			await store.refresh();
			expect(ids.every(id => store.user(id)?.blocked)).toBe(true);
		} finally {
			release();
			await holding;
			await other.close();
			await locked.close();
		}
	});
});

describe('exportUsers', () => {
	it('writes the users to a new 0600 file (NDJSON, or CSV by the name) and refuses an existing file or the store', async () => {
		const ndjson = path.join(dir, 'marked.ndjson');
		expect(await service.exportUsers(ids.slice(0, 3), ndjson)).toEqual({file: ndjson, count: 3});
		const lines = (await readFile(ndjson, 'utf8')).trim().split('\n').map(line => JSON.parse(line) as {user_id: string});
		expect(lines.map(line => line.user_id)).toEqual(ids.slice(0, 3));
		expect((await stat(ndjson)).mode & 0o777).toBe(0o600);

		const csv = path.join(dir, 'marked.csv');
		await service.exportUsers(ids.slice(0, 2), csv);
		expect((await readFile(csv, 'utf8')).split('\n')[0]).toMatch(/user_id/);

		await expect(service.exportUsers(ids, ndjson)).rejects.toThrow(/already exists/);
		await expect(service.exportUsers(ids, file)).rejects.toThrow(/Refusing to export to .*: it is the store file of store /);
	});
});
