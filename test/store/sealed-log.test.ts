// Log events read from a snapshot stay in the file until a user's are read
// (source/store/sealed-log.ts): what is filed at load, what is checked when,
// how damage is reported, and that compactions and reloads keep them readable
// without holding old files open.
import {existsSync, readlinkSync, readdirSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import {describe, expect, test} from 'vitest';
import type {JsonObject, LogEvent} from '../../source/domain/types.js';
import {validatorOf} from '../../source/store/schema.js';
import {describeLogProblem, isSealed, openSealedLog, openStoredLog, type SealedLog, sealLogLine} from '../../source/store/sealed-log.js';
import {writeSnapshotFile} from '../../source/store/snapshot-file.js';
import {emptyTables} from '../../source/store/tables.js';
import {makeLog, makeUser, readLines, sealLines, storeFolderPerTest} from './fixtures.js';

const folder = storeFolderPerTest();
const {openStore, sources} = folder;

/** Seals each line as the snapshot reader would: undefined where it must be parsed whole. */
async function seal(lines: readonly string[]): Promise<Array<SealedLog | undefined>> {
	return sealLines(folder.dir, lines, sources, sealLogLine);
}

function row(event: Record<string, unknown>): string {
	return `["logs",${JSON.stringify(event)}]`;
}

const base = {log_id: 'log-1', date: '2025-01-02T03:04:05.678Z', type: 's'};

/** The store file's descriptors this process holds open, deleted ones included (Linux; elsewhere as expected, unchecked). */
function openDescriptorsOf(target: string, expected: string[]): string[] {
	if (!existsSync('/proc/self/fd')) {
		return expected;
	}

	const found: string[] = [];
	for (const fd of readdirSync('/proc/self/fd')) {
		try {
			const link = readlinkSync(`/proc/self/fd/${fd}`);
			if (link === target || link === `${target} (deleted)`) {
				found.push(link);
			}
		} catch {}
	}

	return found;
}

describe('sealLogLine', () => {
	test('files a canonical line by id, date and top-level user, and reads back the same event', async () => {
		const event = {...base, description: 'Success Login', user_id: 'auth0|abc', details: {nested: {user_id: 'not this one'}, text: 'a "quoted" \\ back\nslash, ünïcödé 日本 🙂'}, isMobile: false};
		const [sealed] = await seal([row(event)]);
		expect(sealed).toBeDefined();
		expect({log_id: sealed!.log_id, date: sealed!.date, user_id: sealed!.user_id}).toEqual({log_id: 'log-1', date: base.date, user_id: 'auth0|abc'});
		expect(sealed!.json()).toBe(JSON.stringify(event));
		expect(openSealedLog(sealed!, validatorOf('logs'))).toEqual({ok: true, event});
	});

	test('takes the user from the top level only, wherever it is among the keys', async () => {
		const [nestedFirst, nestedOnly, asValue, noUser] = await seal([
			row({...base, details: {user_id: 'nested'}, user_id: 'auth0|top'}),
			row({...base, details: {user_id: 'nested', list: [{user_id: 'deeper'}]}}),
			row({...base, description: 'user_id', user_name: 'user_id'}),
			row(base),
		]);
		expect(nestedFirst?.user_id).toBe('auth0|top');
		expect(nestedOnly).toBeDefined();
		expect(nestedOnly?.user_id).toBeUndefined();
		expect(asValue).toBeDefined();
		expect(asValue?.user_id).toBeUndefined();
		expect(noUser?.user_id).toBeUndefined();
	});

	test('leaves to the full parse what it cannot read cheaply and surely', async () => {
		const results = await seal([
			// Another key order.
			row({date: base.date, log_id: 'log-1', type: 's'}),
			// Escapes or non-ASCII in the id or date.
			'["logs",{"log_id":"log\\u002d1","date":"2025-01-02","type":"s"}]',
			row({...base, log_id: 'lög'}),
			// A user that is not a plain string.
			row({...base, user_id: null}),
			row({...base, user_id: 42}),
			row({...base, user_id: 'auth0|\u00e9'}),
			'["logs",{"log_id":"log-1","date":"d","user_id":"a\\"b","type":"s"}]',
			// A key spelled with escapes might be the user.
			'["logs",{"log_id":"log-1","date":"d","type":"s","user\\u005fid":"auth0|x"}]',
			// Something after the object, or no closing bracket.
			'["logs",{"log_id":"log-1","date":"d","type":"s"},{}]',
			'["logs",{"log_id":"log-1","date":"d","type":"s"}',
			// An empty id (the schema refuses it; the parse reports it at load).
			row({...base, log_id: ''}),
			// Other tables.
			'["users",{"user_id":"auth0|a"}]',
		]);
		expect(results).toEqual(results.map(() => undefined));
	});

	test('an event that does not match the schema, is not JSON, or names its key twice is reported when read', async () => {
		const validate = validatorOf('logs');
		const [wrongType, broken, twice, control] = await seal([
			row({...base, user_id: 'auth0|a', type: 5}),
			'["logs",{"log_id":"log-1","date":"d","user_id":"auth0|a","type":"s",,"x":1}]',
			'["logs",{"log_id":"log-1","date":"d","user_id":"auth0|a","type":"s","log_id":"log-2"}]',
			// A raw control character in an event without a user: still this event's own damage, not the store's.
			'["logs",{"log_id":"log-1","date":"d","type":"s","description":"a\u0001c"}]',
		]);
		expect(control).toBeDefined();
		expect(openSealedLog(control!, validate)).toEqual({ok: false, problem: ' is not valid JSON'});
		expect(openSealedLog(wrongType!, validate)).toEqual({ok: false, problem: '.type must be string'});
		expect(openSealedLog(broken!, validate)).toEqual({ok: false, problem: ' is not valid JSON'});
		expect(openSealedLog(twice!, validate)).toMatchObject({ok: false, problem: expect.stringMatching(/names its log_id, date or user_id twice/) as unknown});
		expect(() => openStoredLog(wrongType!)).toThrow('logs row "log-1".type must be string');
	});

	test('round-trips random events exactly', async () => {
		let seed = 20_261_126;
		const next = () => {
			seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
			return seed / 2_147_483_648;
		};

		const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '\n', '\t', '{', '}', '[', ']', ':', ',', 'é', '日', '🙂', '\u0000', '\u001B', 'user_id'];
		const text = () => Array.from({length: Math.floor(next() * 12)}, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
		const value = (depth: number): unknown => {
			const pick = next();
			if (depth > 2 || pick < 0.4) {
				return text();
			}

			if (pick < 0.55) {
				return Math.round(next() * 1e6) / 100;
			}

			if (pick < 0.6) {
				return next() < 0.5 ? null : next() < 0.5;
			}

			if (pick < 0.8) {
				return Array.from({length: Math.floor(next() * 4)}, () => value(depth + 1));
			}

			return Object.fromEntries(Array.from({length: Math.floor(next() * 4)}, () => [next() < 0.2 ? 'user_id' : text(), value(depth + 1)]));
		};

		const events: LogEvent[] = Array.from({length: 300}, (_, index) => {
			const event: LogEvent = {log_id: `log-${index}`, date: new Date(1_700_000_000_000 + (index * 1000)).toISOString(), type: 's'};
			if (next() < 0.5) {
				event.description = text();
			}

			const details = value(0);
			event.details = typeof details === 'object' && details !== null && !Array.isArray(details) ? details as JsonObject : {value: details} as JsonObject;

			if (next() < 0.7) {
				event.user_id = `auth0|${index}`;
			}

			event.user_name = text();
			return event;
		});
		const sealed = await seal(events.map(event => row(event)));
		const validate = validatorOf('logs');
		for (const [index, event] of events.entries()) {
			expect(sealed[index], `event ${index}`).toBeDefined();
			expect(sealed[index]!.user_id).toBe(event.user_id);
			expect(openSealedLog(sealed[index]!, validate)).toEqual({ok: true, event});
		}
	});
});

describe('a store with sealed log events', () => {
	async function writeStore(logs: LogEvent[]): Promise<void> {
		const tables = emptyTables();
		for (const user of [makeUser('a'), makeUser('b')]) {
			tables.users.set(user.user_id, user);
		}

		for (const log of logs) {
			tables.logs.set(log.log_id, log);
		}

		await writeSnapshotFile(folder.file, tables, 0);
	}

	const logs = [
		makeLog('l2', 'auth0|a', '2025-01-02T00:00:00.000Z'),
		makeLog('l1', 'auth0|a', '2025-01-01T00:00:00.000Z'),
		makeLog('m1', 'auth0|b', '2025-01-01T00:00:00.000Z'),
		makeLog('anonymous', undefined, '2025-01-01T00:00:00.000Z', 'fu'),
	];

	test('files them unparsed and reads a user\'s in date order, the same array each time', async () => {
		await writeStore(logs);
		const store = await openStore();
		expect([...store.tables.logs.values()].every(log => isSealed(log))).toBe(true);
		const first = store.logsOf('auth0|a');
		expect(first).toEqual([logs[1], logs[0]]);
		expect(store.logsOf('auth0|a')).toBe(first);
		expect(store.logsOf('auth0|b')).toEqual([logs[2]]);
		expect(store.logProblemsOf('auth0|a')).toEqual([]);

		await store.transact(tx => {
			tx.put('logs', makeLog('l3', 'auth0|a', '2025-01-03T00:00:00.000Z'));
			tx.delete('logs', 'l1');
		});
		expect(store.logsOf('auth0|a').map(log => log.log_id)).toEqual(['l2', 'l3']);
		expect(first.map(log => log.log_id)).toEqual(['l1', 'l2']);
	});

	test('a damaged event loads, is left out and reported when read, and is written back as it was', async () => {
		await writeStore(logs);
		const lines = await readLines(folder.file);
		const damaged = [
			'["logs",{"log_id":"l2","date":"2025-01-02T00:00:00.000Z","type":5,"user_id":"auth0|a"}]',
			'["logs",{"log_id":"l1","date":"2025-01-01T00:00:00.000Z","type":"s","user_id":"auth0|a",,}]',
		];
		const replaced = lines.map(line => line.startsWith('["logs",{"log_id":"l2"') ? damaged[0]! : (line.startsWith('["logs",{"log_id":"l1"') ? damaged[1]! : line));
		expect(replaced).not.toEqual(lines);
		await writeFile(folder.file, `${replaced.join('\n')}\n`);

		const store = await openStore();
		expect(store.logsOf('auth0|a')).toEqual([]);
		expect(store.logProblemsOf('auth0|a').map(problem => describeLogProblem(problem))).toEqual([
			'logs row "l1" is not valid JSON',
			'logs row "l2".type must be string',
		]);
		expect(store.logsOf('auth0|b')).toEqual([logs[2]]);

		await store.compact();
		const after = await readLines(folder.file);
		for (const line of damaged) {
			expect(after).toContain(line);
		}

		expect(store.logProblemsOf('auth0|a')).toHaveLength(2);
	});

	test('a compaction re-points them at the new file and lets the old one go', async () => {
		await writeStore(logs);
		const store = await openStore();
		expect(openDescriptorsOf(folder.file, [folder.file])).toEqual([folder.file]);
		await store.transact(tx => {
			tx.put('logs', makeLog('l3', 'auth0|a', '2025-01-03T00:00:00.000Z'));
		});
		await store.compact();
		// The old snapshot is gone (renamed over); no descriptor keeps it.
		expect(openDescriptorsOf(folder.file, [folder.file])).toEqual([folder.file]);
		expect(store.logsOf('auth0|a').map(log => log.log_id)).toEqual(['l1', 'l2', 'l3']);
		expect(store.logsOf('auth0|b')).toEqual([logs[2]]);

		// And again, from the file the first compaction wrote.
		await store.compact();
		expect(openDescriptorsOf(folder.file, [folder.file])).toEqual([folder.file]);
		const reopened = await openStore();
		expect(reopened.logsOf('auth0|a').map(log => openStoredLog(log).log_id)).toEqual(['l1', 'l2', 'l3']);
		expect(JSON.parse(JSON.stringify([...reopened.tables.logs.values()]))).toEqual([...store.tables.logs.values()].map(log => openStoredLog(log)));
	});

	test('a reload after another process compacted reads the new file and closes the old one', async () => {
		await writeStore(logs);
		const reader = await openStore();
		expect(reader.logsOf('auth0|b')).toEqual([logs[2]]);
		const writer = await openStore();
		await writer.transact(tx => {
			tx.put('logs', makeLog('m2', 'auth0|b', '2025-01-05T00:00:00.000Z'));
		});
		await writer.compact();
		await reader.refresh();
		expect(reader.logsOf('auth0|b').map(log => log.log_id)).toEqual(['m1', 'm2']);
		expect(reader.logsOf('auth0|a').map(log => log.log_id)).toEqual(['l1', 'l2']);
		// One descriptor each for the reader and the writer, none for the replaced file.
		expect(openDescriptorsOf(folder.file, [folder.file, folder.file])).toEqual([folder.file, folder.file]);
		await reader.close();
		await writer.close();
		expect(openDescriptorsOf(folder.file, [])).toEqual([]);
	});
});
