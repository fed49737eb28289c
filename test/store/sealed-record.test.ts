// Password records and devices read from a snapshot stay in the file until
// read (source/store/sealed-record.ts): the scanner must file a line exactly
// as JSON.parse reads it or leave it to the parse; a store reads them through
// its accessors, reports a damaged one by name, and keeps them readable
// across writes and compactions.
import {writeFile} from 'node:fs/promises';
import {describe, expect, test} from 'vitest';
import {generateDemo} from '../../source/demo/generate.js';
import type {DeviceCredential, PasswordRecord} from '../../source/domain/types.js';
import {validatorOf} from '../../source/store/schema.js';
import {
	openSealedRecord, openStoredRecord, SealedDevice, sealDeviceLine, SealedPassword, sealPasswordLine,
} from '../../source/store/sealed-record.js';
import {writeSnapshotFile} from '../../source/store/snapshot-file.js';
import {StoreError} from '../../source/store/store.js';
import {emptyTables, type Tables} from '../../source/store/tables.js';
import {makeDevice, makeUser, plainRows, readLines, sealLines, storeFolderPerTest} from './fixtures.js';

const folder = storeFolderPerTest();
const {openStore, sources} = folder;

type Sealed = SealedPassword | SealedDevice | undefined;

/** Seals each line as the snapshot reader would: undefined where it must be parsed whole. */
async function seal(lines: readonly string[]): Promise<Sealed[]> {
	return sealLines(folder.dir, lines, sources, (bytes, start, end, source, offset) => sealPasswordLine(bytes, start, end, source, offset) ?? sealDeviceLine(bytes, start, end, source, offset));
}

const passwordLine = (record: unknown) => `["passwords",${JSON.stringify(record)}]`;
const deviceLine = (device: unknown) => `["devices",${JSON.stringify(device)}]`;

/** What a sealed row was filed by must be what JSON.parse gives, and opening it gives the row itself. */
function expectAgrees(sealed: Sealed, line: string): void {
	const [table, row] = JSON.parse(line) as [string, Record<string, unknown>];
	if (sealed instanceof SealedPassword) {
		expect(table).toBe('passwords');
		expect(sealed.user_id).toBe(row.user_id);
		expect(sealed.imported).toBe(Object.hasOwn(row, 'imported'));
		expect(JSON.parse(sealed.json()!)).toEqual(row);
	} else {
		expect(sealed).toBeInstanceOf(SealedDevice);
		expect(table).toBe('devices');
		expect(sealed!.id).toBe(row.id);
		expect(sealed!.user_id).toBe(row.user_id);
		expect(JSON.parse(sealed!.json()!)).toEqual(row);
	}
}

const demo = generateDemo({users: 400, seed: 'sealed-record', now: new Date('2026-12-01T00:00:00.000Z'), passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA'});
const record = (extra: Record<string, unknown> = {}) => ({user_id: 'auth0|a', hash: '$argon2id$x', history: [], updated_at: '2026-01-01T00:00:00.000Z', ...extra});
const imported = {algorithm: 'bcrypt'};

describe('the scanner', () => {
	test('files every demo password record and device as JSON.parse reads it, and opens it to the row', async () => {
		const lines = [...[...demo.passwords.values()].map(passwordLine), ...[...demo.devices.values()].map(deviceLine)];
		expect(demo.passwords.size).toBeGreaterThan(100);
		expect(demo.devices.size).toBeGreaterThan(100);
		const sealed = await seal(lines);
		const validate = {passwords: validatorOf('passwords'), devices: validatorOf('devices')};
		for (const [index, line] of lines.entries()) {
			expect(sealed[index], line).toBeDefined();
			expectAgrees(sealed[index], line);
			const opened = sealed[index] instanceof SealedPassword ? openSealedRecord(sealed[index], validate.passwords) : openSealedRecord(sealed[index] as SealedDevice, validate.devices);
			expect(opened).toEqual({ok: true, value: JSON.parse(line)[1] as unknown});
		}
	});

	test('notes a top-level imported, not one inside the history', async () => {
		const [plain, withImported, inHistory] = await seal([
			passwordLine(record()),
			passwordLine(record({imported})),
			passwordLine(record({history: [{hash: 'old', imported}]})),
		]);
		expect([plain, withImported, inHistory].map(sealed => (sealed as SealedPassword).imported)).toEqual([false, true, false]);
	});

	test('leaves to the parse what it cannot read exactly', async () => {
		const lines = [
			// Not the canonical form.
			'["passwords", {"user_id":"auth0|a","hash":"h","history":[],"updated_at":"d"}]',
			'["passwords",{ "user_id":"auth0|a","hash":"h","history":[],"updated_at":"d"}]',
			'["passwords",{"user_id":"auth0|a", "hash":"h","history":[],"updated_at":"d"}]',
			'["passwords",{"hash":"h","user_id":"auth0|a","history":[],"updated_at":"d"}]',
			'["devices",{"user_id":"auth0|a","id":"d1","device_name":"n","device_id":"x","type":"refresh_token","client_id":"c"}]',
			// Ids spelled with escapes or beyond ASCII, or empty.
			'["passwords",{"user_id":"auth0|\\u0061","hash":"h","history":[],"updated_at":"d"}]',
			'["passwords",{"user_id":"auth0|é","hash":"h","history":[],"updated_at":"d"}]',
			'["passwords",{"user_id":"","hash":"h","history":[],"updated_at":"d"}]',
			'["devices",{"id":"d1","user_id":"auth0|\\"","device_name":"n","device_id":"x","type":"refresh_token","client_id":"c"}]',
			// Keys spelled with escapes, or twice (JSON.parse keeps the last).
			'["passwords",{"user_id":"auth0|a","hash":"h","history":[],"updated_at":"d","\\u0069mported":{"algorithm":"md5"}}]',
			'["passwords",{"user_id":"auth0|a","hash":"h","history":[],"updated_at":"d","user_\\u0069d":"auth0|b"}]',
			'["passwords",{"user_id":"auth0|a","hash":"h","history":[],"updated_at":"d","user_id":"auth0|b"}]',
			'["passwords",{"user_id":"auth0|a","hash":"h","imported":{"algorithm":"md5"},"history":[],"updated_at":"d","imported":{"algorithm":"md5"}}]',
			'["devices",{"id":"d1","device_name":"n","device_id":"x","type":"refresh_token","user_id":"auth0|a","client_id":"c","id":"d2"}]',
			'["devices",{"id":"d1","device_name":"n","device_id":"x","type":"refresh_token","user_id":"auth0|a","client_id":"c","user_id":"auth0|b"}]',
			// A device with no user, or one not a string.
			'["devices",{"id":"d1","device_name":"n","device_id":"x","type":"refresh_token","client_id":"c"}]',
			'["devices",{"id":"d1","device_name":"n","device_id":"x","type":"refresh_token","user_id":7,"client_id":"c"}]',
			// Not ending as a row does.
			'["passwords",{"user_id":"auth0|a","hash":"h","history":[],"updated_at":"d"},1]',
			'["passwords",{"user_id":"auth0|a","hash":"h","history":[],"updated_at":"d"}',
			'["passwords",{"user_id":"auth0|a","hash":"h","history":[],"updated_at":"d"}}]',
			'["passwords",{"user_id":"auth0|a","hash":"h","history":[],"updated_at":"d"]',
			'["passwords",{"user_id":"auth0|a","hash":"h","history":[,"updated_at":"d"}]',
		];
		const sealed = await seal(lines);
		for (const [index, line] of lines.entries()) {
			expect(sealed[index], line).toBeUndefined();
		}
	});

	test('damage it cannot see is found when the row is read, and named', async () => {
		const [wrongType, broken, rawTab, changed] = await seal([
			passwordLine(record({hash: 5})),
			'["passwords",{"user_id":"auth0|a","hash":tru,"history":[],"updated_at":"d"}]',
			// A raw control character inside a value the scanner passes over.
			'["passwords",{"user_id":"auth0|a","hash":"h\tx","history":[],"updated_at":"d"}]',
			'["devices",{"id":"d1","device_name":"n","device_id":"x","type":"phone","user_id":"auth0|a","client_id":"c"}]',
		]);
		expect(openSealedRecord(wrongType as SealedPassword, validatorOf('passwords'))).toEqual({ok: false, problem: '.hash must be string'});
		expect(openSealedRecord(broken as SealedPassword, validatorOf('passwords'))).toEqual({ok: false, problem: ' is not valid JSON'});
		expect(openSealedRecord(rawTab as SealedPassword, validatorOf('passwords'))).toEqual({ok: false, problem: ' is not valid JSON'});
		expect(openSealedRecord(changed as SealedDevice, validatorOf('devices'))).toMatchObject({ok: false});
		expect(() => openStoredRecord(wrongType as SealedPassword)).toThrow('passwords row "auth0|a".hash must be string');
		expect(() => openStoredRecord(changed as SealedDevice)).toThrow(/^devices row "d1"\.type must be/);
	});

	test('random records: whatever it files is what JSON.parse reads', async () => {
		let seed = 20_261_207;
		const next = () => {
			seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
			return seed / 2_147_483_648;
		};

		const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
		const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '\n', '{', '}', '[', ']', ':', ',', 'é', '🙂', 'user_id', 'imported', 'id'];
		const text = () => Array.from({length: Math.floor(next() * 8)}, () => pick(alphabet)).join('');
		const value = (depth: number): unknown => {
			const chosen = next();
			if (depth > 2 || chosen < 0.4) {
				return text();
			}

			if (chosen < 0.5) {
				return Math.round(next() * 1e6) / 100;
			}

			if (chosen < 0.55) {
				return next() < 0.5 ? null : next() < 0.5;
			}

			if (chosen < 0.75) {
				return Array.from({length: Math.floor(next() * 3)}, () => value(depth + 1));
			}

			return Object.fromEntries(Array.from({length: Math.floor(next() * 3)}, () => [pick(['user_id', 'imported', 'id', text()]), value(depth + 1)]));
		};

		// Canonical lines with random members, then some with their bytes mangled.
		const lines: string[] = [];
		for (let index = 0; index < 600; index++) {
			const isPassword = next() < 0.5;
			const row: Record<string, unknown> = isPassword ? {user_id: next() < 0.9 ? `auth0|${index}` : text()} : {id: next() < 0.9 ? `dev_${index}` : text()};
			for (let member = Math.floor(next() * 5); member > 0; member--) {
				row[pick(['user_id', 'imported', 'id', 'hash', text()])] = value(0);
			}

			if (!isPassword && next() < 0.8) {
				row.user_id = `auth0|${Math.floor(next() * 50)}`;
			}

			let line = isPassword ? passwordLine(row) : deviceLine(row);
			if (next() < 0.3) {
				const at = Math.floor(next() * line.length);
				line = `${line.slice(0, at)}${pick([' ', '"', '\\', ',', '}', '\\u0069', ':'])}${line.slice(at + 1)}`;
			}

			// As the file holds it (a cut surrogate pair becomes U+FFFD, as the reader would see it).
			lines.push(Buffer.from(line).toString('utf8'));
		}

		const sealed = await seal(lines);
		let filed = 0;
		for (const [index, line] of lines.entries()) {
			if (sealed[index] === undefined) {
				continue;
			}

			filed++;
			let parsed: unknown;
			try {
				parsed = JSON.parse(line);
			} catch {
				// Damage inside a value: found when the row is read (' is not valid JSON' or the schema).
				continue;
			}

			expectAgrees(sealed[index], line);
			expect(parsed).toBeDefined();
		}

		// Many are left to the parse (ids beyond ASCII, keys twice, mangled bytes); enough are filed to mean something.
		expect(filed).toBeGreaterThan(150);
	});
});

describe('a store with sealed password records and devices', () => {
	async function writeDemo(): Promise<Tables> {
		const tables = demo as unknown as Tables;
		await writeSnapshotFile(folder.file, tables, 0);
		return tables;
	}

	test('reads each through the accessors as it was written, across writes and compactions', async () => {
		await writeDemo();
		const store = await openStore();
		expect([...store.tables.passwords.values()].every(row => row instanceof SealedPassword)).toBe(true);
		expect([...store.tables.devices.values()].every(row => row instanceof SealedDevice)).toBe(true);
		const owner = [...demo.devices.values()][0]!.user_id;
		const devicesOf = (userId: string) => [...demo.devices.values()].filter(device => device.user_id === userId);
		for (const [userId, expected] of demo.passwords) {
			expect(store.password(userId)).toEqual(expected);
		}

		for (const [id, expected] of demo.devices) {
			expect(store.device(id)).toEqual(expected);
		}

		const first = store.devicesOf(owner);
		expect(first).toEqual(devicesOf(owner));
		expect(store.devicesOf(owner)).toBe(first);

		// A write: the handed-out array stays as it was; a new one has the change.
		const added = makeDevice('dev_new', owner);
		await store.transact(tx => {
			tx.put('devices', added);
			tx.put('passwords', {user_id: owner, hash: '$argon2id$new', history: [], updated_at: '2026-12-02T00:00:00.000Z'});
		});
		expect(first).toEqual(devicesOf(owner));
		expect(store.devicesOf(owner)).toEqual([...devicesOf(owner), added]);
		expect(store.password(owner)!.hash).toBe('$argon2id$new');

		await store.compact();
		const reopened = await openStore();
		expect(plainRows(reopened.tables)).toEqual(plainRows(store.tables));
		expect(reopened.devicesOf(owner)).toEqual([...devicesOf(owner), added]);
		for (const [userId, expected] of demo.passwords) {
			expect(store.password(userId)).toEqual(userId === owner ? expect.objectContaining({hash: '$argon2id$new'}) : expected);
		}
	});

	test('a damaged record is reported by name, written back as it was, and a user delete removes a damaged device', async () => {
		const tables = emptyTables();
		for (const user of [makeUser('a'), makeUser('b')]) {
			tables.users.set(user.user_id, user);
		}

		tables.passwords.set('auth0|a', record() as PasswordRecord);
		tables.passwords.set('auth0|b', record({user_id: 'auth0|b', hash: 'h', imported}) as PasswordRecord);
		for (const device of [makeDevice('d1', 'auth0|a'), makeDevice('d2', 'auth0|a'), makeDevice('d3', 'auth0|b')]) {
			tables.devices.set(device.id, device);
		}

		await writeSnapshotFile(folder.file, tables as unknown as Tables, 0);
		const damaged = {
			password: '["passwords",{"user_id":"auth0|a","hash":5,"history":[],"updated_at":"d"}]',
			device: '["devices",{"id":"d1","device_name":"n","device_id":"x","type":"phone","user_id":"auth0|a","client_id":"c"}]',
		};
		const lines = (await readLines(folder.file)).map(line => line.startsWith('["passwords",{"user_id":"auth0|a"') ? damaged.password : (line.startsWith('["devices",{"id":"d1"') ? damaged.device : line));
		await writeFile(folder.file, `${lines.join('\n')}\n`);

		const store = await openStore();
		const corrupt = (pattern: string) => expect.objectContaining({name: 'StoreError', code: 'CORRUPT', message: expect.stringContaining(pattern) as unknown}) as unknown;
		expect(() => store.password('auth0|a')).toThrow(StoreError);
		expect(() => store.password('auth0|a')).toThrow(corrupt('passwords row "auth0|a".hash must be string'));
		expect(() => store.device('d1')).toThrow(corrupt('devices row "d1".type must be'));
		expect(() => store.devicesOf('auth0|a')).toThrow(corrupt('devices row "d1".type must be'));
		expect(store.devicesOf('auth0|b')).toEqual([makeDevice('d3', 'auth0|b')]);
		expect(store.password('auth0|b')).toMatchObject({hash: 'h', imported});
		// Only imported records are opened for the sign-in's timing: the damaged plain one is never read.
		expect([...store.importedPasswords()].map(row => row.user_id)).toEqual(['auth0|b']);

		await store.compact();
		const after = await readLines(folder.file);
		expect(after).toContain(damaged.password);
		expect(after).toContain(damaged.device);

		expect(store.deviceIdsOf('auth0|a')).toEqual(['d1', 'd2']);
		await store.transact(tx => {
			for (const id of store.deviceIdsOf('auth0|a')) {
				tx.delete('devices', id);
			}
		});
		expect(store.devicesOf('auth0|a')).toEqual([]);
		expect(store.tables.devices.has('d1')).toBe(false);
	});
});

describe('the demo rows', () => {
	test('are the kind the scanner files (so the figures in bench/ measure it)', () => {
		const password = [...demo.passwords.values()][0]!;
		const device: DeviceCredential = [...demo.devices.values()][0]!;
		expect(passwordLine(password).startsWith('["passwords",{"user_id":"')).toBe(true);
		expect(deviceLine(device).startsWith('["devices",{"id":"')).toBe(true);
	});
});
