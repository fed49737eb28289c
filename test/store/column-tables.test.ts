// The logs, passwords and devices tables keep the rows read from the
// snapshot as columns (source/store/column-table.ts, log-table.ts,
// record-table.ts): each user's events, devices and password must read
// exactly as an independent reader of the files has them (JSON.parse of
// every line, then the journal), after loads, writes from two processes,
// compactions by either and reloads; keys whose hashes collide must be told
// apart; damage is reported as before.
import {writeFile} from 'node:fs/promises';
import {describe, expect, test} from 'vitest';
import type {DeviceCredential, LogEvent, PasswordRecord} from '../../source/domain/types.js';
import {describeLogProblem, isSealed} from '../../source/store/sealed-log.js';
import {defaultSeed} from '../../source/store/seed.js';
import {type OpenOptions, type Store, StoreError, writeSnapshot} from '../../source/store/store.js';
import {makeDevice, makeLog, makeUser, readLines, referenceRows, storeFolderPerTest} from './fixtures.js';

/** Two ids whose 32-bit FNV-1a hashes are equal (found by search): the table must not take one for the other. */
const collidingIds = ['log-163378', 'log-1200306'] as const;

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6D_2B_79_F5) | 0;
		let value = Math.imul(state ^ (state >>> 15), 1 | state);
		value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
		return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
	};
}

async function referenceLogs(file: string): Promise<Map<string, LogEvent>> {
	return referenceRows<LogEvent>(file, 'logs', event => event.log_id);
}

/** Each user's events, oldest first; events of the same date in the order they were written. */
function byUser(logs: ReadonlyMap<string, LogEvent>): Map<string, LogEvent[]> {
	const users = new Map<string, LogEvent[]>();
	for (const event of logs.values()) {
		if (event.user_id !== undefined) {
			users.set(event.user_id, [...users.get(event.user_id) ?? [], event]);
		}
	}

	for (const events of users.values()) {
		// Array.prototype.sort is stable.
		events.sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
	}

	return users;
}

async function expectAgreement(store: Store, file: string, userIds: readonly string[]): Promise<void> {
	const reference = await referenceLogs(file);
	expect(store.tables.logs.size).toBe(reference.size);
	expect(new Set(store.tables.logs.keys())).toEqual(new Set(reference.keys()));
	const users = byUser(reference);
	for (const userId of userIds) {
		expect(store.logsOf(userId), userId).toEqual(users.get(userId) ?? []);
		expect(store.logProblemsOf(userId), userId).toEqual([]);
	}
}

describe('the column tables (logs, passwords, devices)', () => {
	const folder = storeFolderPerTest();
	const open = async (options: Partial<OpenOptions> = {}): Promise<Store> => folder.openStore({create: false, ...options});

	// Users a0…a9 in the users table; g0 and g1 only in events (deleted users keep their history).
	const userIds = [...Array.from({length: 10}, (_, index) => `auth0|a${index}`), 'auth0|g0', 'auth0|g1'];
	const day = (index: number): string => new Date(Date.UTC(2025, 0, 1) + (index * 3_600_000)).toISOString();

	async function writeStore(events: readonly LogEvent[]): Promise<void> {
		const tables = defaultSeed();
		for (let index = 0; index < 10; index++) {
			const user = makeUser(`a${index}`);
			tables.users.set(user.user_id, user);
		}

		for (const event of events) {
			tables.logs.set(event.log_id, event);
		}

		await writeSnapshot(folder.file, tables);
	}

	test('each user\'s events read as an independent reader has them, after writes from two processes, compactions by either and reloads', async () => {
		const next = random(19);
		const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
		let made = 0;
		// Dates repeat (two events of an hour) and come out of order, as imports and clocks make them.
		const event = (): LogEvent => makeLog(`log-${made++}`, next() < 0.1 ? undefined : pick(userIds), day(Math.floor(next() * 60)), pick(['s', 'f', 'sapi']));
		await writeStore([...Array.from({length: 150}, () => event()), makeLog(collidingIds[0], 'auth0|a1', day(3)), makeLog(collidingIds[1], 'auth0|a1', day(3))]);

		const a = await open({compactAfterBytes: 6 * 1024});
		const b = await open({compactAfterBytes: 1 << 30});
		await expectAgreement(a, folder.file, userIds);
		for (let step = 0; step < 120; step++) {
			const writer = step % 3 === 0 ? b : a;
			const existing = [...writer.tables.logs.keys()];
			await writer.transact(tx => {
				tx.put('logs', event());
				if (step % 4 === 1) {
					// Never done by userdeck itself, but a journal may say so: the table must follow.
					tx.delete('logs', pick(existing));
				}
			});
			if (step % 25 === 24) {
				await b.compact();
			}

			if (step % 30 === 29) {
				await a.refresh();
				await b.refresh();
				await expectAgreement(a, folder.file, userIds);
				await expectAgreement(b, folder.file, userIds);
			}
		}

		await a.refresh();
		await b.refresh();
		await expectAgreement(a, folder.file, userIds);
		await expectAgreement(b, folder.file, userIds);
		await a.compact();
		await expectAgreement(a, folder.file, userIds);
		// A third process reading the compacted file: its events are filed from the file again.
		const third = await open();
		await expectAgreement(third, folder.file, userIds);
		expect([...third.tables.logs.values()].every(log => isSealed(log))).toBe(true);
	});

	test('ids whose hashes collide are told apart: found, read and deleted one at a time', async () => {
		const [first, second] = collidingIds;
		await writeStore([makeLog(first, 'auth0|a1', day(1)), makeLog('other', 'auth0|a2', day(2)), makeLog(second, 'auth0|a2', day(3))]);
		const store = await open();
		expect(store.tables.logs.get(first)).toMatchObject({log_id: first, user_id: 'auth0|a1', date: day(1)});
		expect(store.tables.logs.get(second)).toMatchObject({log_id: second, user_id: 'auth0|a2', date: day(3)});
		expect(store.logsOf('auth0|a2').map(log => log.log_id)).toEqual(['other', second]);
		await store.transact(tx => {
			tx.delete('logs', second);
		});
		expect(store.tables.logs.has(second)).toBe(false);
		expect(store.tables.logs.has(first)).toBe(true);
		expect(store.logsOf('auth0|a1').map(log => log.log_id)).toEqual([first]);
		expect(store.logsOf('auth0|a2').map(log => log.log_id)).toEqual(['other']);
		await store.compact();
		const reopened = await open();
		expect([...reopened.tables.logs.keys()]).toEqual([first, 'other']);
	});

	test('users whose ids share a hash keep their own events and devices, in every table of the load', async () => {
		// Neither is in the users table (deleted users keep their history): each is numbered from the line's bytes.
		const [first, second] = collidingIds;
		const tables = defaultSeed();
		tables.users.set('auth0|a1', makeUser('a1'));
		for (const [id, user, at] of [['e1', first, 1], ['e2', second, 2], ['e3', 'auth0|a1', 3], ['e4', first, 4], ['e5', second, 5]] as const) {
			tables.logs.set(id, makeLog(id, user, day(at)));
		}

		for (const [id, user] of [['dev-1', second], ['dev-2', first], ['dev-3', second]] as const) {
			tables.devices.set(id, makeDevice(id, user));
		}

		await writeSnapshot(folder.file, tables);
		const store = await open();
		expect(store.logsOf(first).map(log => log.log_id)).toEqual(['e1', 'e4']);
		expect(store.logsOf(second).map(log => log.log_id)).toEqual(['e2', 'e5']);
		expect(store.logsOf('auth0|a1').map(log => log.log_id)).toEqual(['e3']);
		expect(store.devicesOf(first).map(device => device.id)).toEqual(['dev-2']);
		expect(store.devicesOf(second).map(device => device.id)).toEqual(['dev-1', 'dev-3']);
		expect(store.logsOf('auth0|nobody')).toEqual([]);
	});

	test('an id filed twice in the snapshot is refused at load, even when another id shares its hash', async () => {
		const [first, second] = collidingIds;
		await writeStore([makeLog(first, 'auth0|a1', day(1)), makeLog(second, 'auth0|a1', day(2)), makeLog('x', undefined, day(3))]);
		const lines = await readLines(folder.file);
		const again = lines.find(line => line.includes(`"log_id":"${first}"`))!;
		const at = lines.findIndex(line => line.includes('"log_id":"x"'));
		await writeFile(folder.file, `${[...lines.slice(0, at), again, ...lines.slice(at + 1)].join('\n')}\n`);
		const error = await open().catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(StoreError);
		expect((error as StoreError).message).toMatch(new RegExp(`line ${at + 1}: logs\\[2\\] has the same log_id as an earlier row \\("${first}"\\)`));
	});

	test('events out of date order in the file read oldest first, those of the same date in file order; later events merge in by date', async () => {
		await writeStore([
			makeLog('late', 'auth0|a1', day(9)),
			makeLog('tie-1', 'auth0|a1', day(5)),
			makeLog('early', 'auth0|a1', day(1)),
			makeLog('tie-2', 'auth0|a1', day(5)),
		]);
		const store = await open();
		expect(store.logsOf('auth0|a1').map(log => log.log_id)).toEqual(['early', 'tie-1', 'tie-2', 'late']);
		await store.transact(tx => {
			tx.put('logs', makeLog('tie-3', 'auth0|a1', day(5)));
			tx.put('logs', makeLog('earliest', 'auth0|a1', day(0)));
		});
		expect(store.logsOf('auth0|a1').map(log => log.log_id)).toEqual(['earliest', 'early', 'tie-1', 'tie-2', 'tie-3', 'late']);
	});

	test('a user\'s events are the same array until they change', async () => {
		await writeStore([makeLog('one', 'auth0|a1', day(1)), makeLog('two', 'auth0|a2', day(1))]);
		const store = await open();
		const first = store.logsOf('auth0|a1');
		expect(store.logsOf('auth0|a1')).toBe(first);
		const other = store.logsOf('auth0|a2');
		await store.transact(tx => {
			tx.put('logs', makeLog('three', 'auth0|a1', day(2)));
		});
		expect(store.logsOf('auth0|a1')).not.toBe(first);
		expect(first.map(log => log.log_id)).toEqual(['one']);
		expect(store.logsOf('auth0|a2')).toBe(other);
	});

	test('a line not in the canonical form is parsed at load and read with the rest', async () => {
		await writeStore([makeLog('one', 'auth0|a1', day(1)), makeLog('two', 'auth0|a1', day(2)), makeLog('three', 'auth0|a1', day(3))]);
		const lines = await readLines(folder.file);
		await writeFile(folder.file, `${lines.map(line => line.includes('"log_id":"two"') ? line.replace('["logs",', '["logs", ') : line).join('\n')}\n`);
		const store = await open();
		expect(store.logsOf('auth0|a1').map(log => log.log_id)).toEqual(['one', 'two', 'three']);
		expect(store.tables.logs.size).toBe(3);
		expect(isSealed(store.tables.logs.get('two')!)).toBe(false);
		await store.compact();
		expect(await readLines(folder.file)).toContain(`["logs",${JSON.stringify(makeLog('two', 'auth0|a1', day(2)))}]`);
	});

	test('an event that names its id twice, or cannot be parsed, is left out and reported when read', async () => {
		await writeStore([makeLog('one', 'auth0|a1', day(1)), makeLog('two', 'auth0|a1', day(2)), makeLog('three', 'auth0|a1', day(3))]);
		const lines = await readLines(folder.file);
		await writeFile(folder.file, `${lines.map(line => line.includes('"log_id":"two"')
			? line.replace(/}]$/, ',"log_id":"renamed"}]')
			: (line.includes('"log_id":"three"') ? line.replace('"type":"s"', '"type":"s",,') : line)).join('\n')}\n`);
		const store = await open();
		expect(store.logsOf('auth0|a1').map(log => log.log_id)).toEqual(['one']);
		expect(store.logProblemsOf('auth0|a1').map(problem => describeLogProblem(problem))).toEqual([
			'logs row "two" names its log_id, date or user_id twice (filed as "two")',
			'logs row "three" is not valid JSON',
		]);
	});

	test('each user\'s devices and password read as an independent reader has them, after writes from two processes, compactions by either and reloads', async () => {
		const next = random(7);
		const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
		const owners = userIds.slice(0, 10);
		let made = 0;
		const device = (): DeviceCredential => makeDevice(`dcr_${made++}`, pick(owners));
		const password = (userId: string): PasswordRecord => ({user_id: userId, hash: `$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$${'h'.repeat(20)}${made++}`, history: [], updated_at: day(made % 50), ...(next() < 0.3 ? {imported: {algorithm: 'bcrypt'}} : {})} as PasswordRecord);
		const tables = defaultSeed();
		for (const userId of owners) {
			tables.users.set(userId, makeUser(userId.slice('auth0|'.length)));
			if (next() < 0.7) {
				tables.passwords.set(userId, password(userId));
			}
		}

		for (const row of [...Array.from({length: 40}, () => device()), makeDevice(collidingIds[0], 'auth0|a1'), makeDevice(collidingIds[1], 'auth0|a2')]) {
			tables.devices.set(row.id, row);
		}

		await writeSnapshot(folder.file, tables);
		const expectRecords = async (store: Store): Promise<void> => {
			const devices = await referenceRows<DeviceCredential>(folder.file, 'devices', row => row.id);
			const passwords = await referenceRows<PasswordRecord>(folder.file, 'passwords', row => row.user_id);
			expect(store.tables.devices.size).toBe(devices.size);
			expect(store.tables.passwords.size).toBe(passwords.size);
			for (const userId of owners) {
				const own = [...devices.values()].filter(row => row.user_id === userId);
				// Order within a user: the table's, which a replacement keeps; compared as sets of rows where a move may reorder.
				expect(new Set(store.devicesOf(userId).map(row => JSON.stringify(row))), userId).toEqual(new Set(own.map(row => JSON.stringify(row))));
				expect([...store.deviceIdsOf(userId)].sort(), userId).toEqual(own.map(row => row.id).sort());
				expect(store.password(userId), userId).toEqual(passwords.get(userId));
			}

			for (const [id, row] of devices) {
				expect(store.device(id), id).toEqual(row);
			}

			const imported = [...store.importedPasswords()].map(row => row.user_id).sort();
			expect(imported).toEqual([...passwords.values()].filter(row => row.imported !== undefined).map(row => row.user_id).sort());
		};

		const a = await open({compactAfterBytes: 6 * 1024});
		const b = await open({compactAfterBytes: 1 << 30});
		await expectRecords(a);
		for (let step = 0; step < 90; step++) {
			const writer = step % 3 === 0 ? b : a;
			const existing = [...writer.tables.devices.keys()];
			await writer.transact(tx => {
				const choice = next();
				if (choice < 0.35) {
					tx.put('devices', device());
				} else if (choice < 0.55 && existing.length > 0) {
					tx.delete('devices', pick(existing));
				} else if (choice < 0.7 && existing.length > 0) {
					// A device renamed keeps its place among its user's; one given to another user moves.
					const id = pick(existing);
					const row = writer.device(id)!;
					tx.put('devices', next() < 0.5 ? {...row, device_name: `renamed ${step}`} : {...row, user_id: pick(owners)});
				} else if (choice < 0.9) {
					tx.put('passwords', password(pick(owners)));
				} else {
					tx.delete('passwords', pick(owners));
				}
			});
			if (step % 25 === 24) {
				await b.compact();
			}

			if (step % 30 === 29) {
				await a.refresh();
				await b.refresh();
				await expectRecords(a);
				await expectRecords(b);
			}
		}

		await a.refresh();
		await a.compact();
		await expectRecords(a);
		await expectRecords(await open());
	});

	test('a device renamed keeps its place among its user\'s devices, before and after a reload', async () => {
		const tables = defaultSeed();
		tables.users.set('auth0|a1', makeUser('a1'));
		for (const id of ['d1', 'd2', 'd3']) {
			tables.devices.set(id, makeDevice(id, 'auth0|a1'));
		}

		await writeSnapshot(folder.file, tables);
		const store = await open();
		const first = store.devicesOf('auth0|a1');
		expect(store.devicesOf('auth0|a1')).toBe(first);
		await store.transact(tx => {
			tx.put('devices', {...makeDevice('d2', 'auth0|a1'), device_name: 'renamed'});
			tx.put('devices', makeDevice('d4', 'auth0|a1'));
		});
		expect(store.devicesOf('auth0|a1').map(row => `${row.id} ${row.device_name}`)).toEqual(['d1 Mozilla/5.0', 'd2 renamed', 'd3 Mozilla/5.0', 'd4 Mozilla/5.0']);
		expect(first.map(row => row.id)).toEqual(['d1', 'd2', 'd3']);
		await store.compact();
		const reopened = await open();
		expect(reopened.devicesOf('auth0|a1').map(row => `${row.id} ${row.device_name}`)).toEqual(['d1 Mozilla/5.0', 'd2 renamed', 'd3 Mozilla/5.0', 'd4 Mozilla/5.0']);
	});
});
