// A store whose password records and devices are read from its snapshot
// (store/sealed-record.ts): the service reads them through the store, a
// damaged device is an error naming the row, never a quietly shorter list,
// and deleting its user still removes it.
import {writeFile} from 'node:fs/promises';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {UsersService} from '../../source/services/users-service.js';
import {defaultSeed} from '../../source/store/seed.js';
import {writeSnapshotFile} from '../../source/store/snapshot-file.js';
import {Store} from '../../source/store/store.js';
import {fakeHasher, testActor} from '../support/fakes.js';
import {makeDevice, makeTempDir, makeUser, readLines} from '../store/fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
let store: Store;

beforeEach(async () => {
	({dir, cleanup} = await makeTempDir());
	const file = `${dir}/store.ndjson`;
	const tables = defaultSeed();
	for (const id of ['a', 'b']) {
		tables.users.set(`auth0|${id}`, makeUser(id));
		tables.passwords.set(`auth0|${id}`, {user_id: `auth0|${id}`, hash: await fakeHasher.hash(`Pass-${id}-1234`), history: [], updated_at: '2025-01-01T00:00:00.000Z'});
	}

	for (const device of [makeDevice('d1', 'auth0|a'), makeDevice('d2', 'auth0|a'), makeDevice('d3', 'auth0|b')]) {
		tables.devices.set(device.id, device);
	}

	await writeSnapshotFile(file, tables, 0);
	// d1's type is not one the schema knows: damage only reading the row finds.
	const lines = (await readLines(file)).map(line => line.startsWith('["devices",{"id":"d1"') ? line.replace('"refresh_token"', '"phone"') : line);
	await writeFile(file, `${lines.join('\n')}\n`);
	store = await Store.open({path: file});
});

afterEach(async () => {
	await store.close();
	await cleanup();
});

describe('a store read from its snapshot', () => {
	test('the service reads devices and passwords through the store; a damaged device is named, and goes with its user', async () => {
		const service = new UsersService({store, actor: testActor, hasher: fakeHasher});
		expect(service.devices('auth0|b')).toEqual([makeDevice('d3', 'auth0|b')]);
		expect(service.device('d2')).toEqual(makeDevice('d2', 'auth0|a'));
		expect(() => service.devices('auth0|a')).toThrow(/devices row "d1"\.type must be/);
		// The console's Devices tab reads the state: it says what is wrong instead of throwing.
		const state = service.devicesState('auth0|a');
		expect(state.status).toBe('error');
		expect(state.error?.code).toBe('DAMAGED');
		expect(state.error?.message).toMatch(/devices row "d1"\.type must be/);
		expect(() => service.device('d1')).toThrow(/devices row "d1"\.type must be/);

		await service.unlinkDevice('auth0|b', 'd3');
		expect(service.devices('auth0|b')).toEqual([]);

		await service.deleteUser('auth0|a');
		expect(store.tables.devices.size).toBe(0);
		expect(store.password('auth0|a')).toBeUndefined();
		expect(store.password('auth0|b')?.hash).toBe(await fakeHasher.hash('Pass-b-1234'));
	});
});
