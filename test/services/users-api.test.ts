// The one door, local side: the store's service answers every state read as
// loaded at once (so views built for a remote backend draw the store as
// today), says where its users live and what it offers, and `settled` hands
// commands the data without waiting.
import {mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {type Loadable, settled, type UsersApi} from '../../source/services/users-api.js';
import {UsersService} from '../../source/services/users-service.js';
import {Store} from '../../source/store/store.js';
import {fakeHasher, testActor} from '../support/fakes.js';
import {UserdeckError} from '../../source/domain/errors.js';

let dir: string;
let store: Store;
let service: UsersService;

beforeEach(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-api-'));
	store = await Store.open({path: path.join(dir, 'store.ndjson')});
	service = new UsersService({store, actor: testActor, hasher: fakeHasher});
});

afterEach(async () => {
	await store.close();
	await rm(dir, {recursive: true, force: true});
});

describe('the local service behind UsersApi', () => {
	it('names its store and offers every local feature', () => {
		expect(service.source).toEqual({kind: 'local', label: store.path});
		expect(service.capabilities.signInAsUser).toEqual({available: true});
		expect(service.capabilities.ownAuditEvents).toBe(true);
		expect((service as UsersApi).remoteUsers).toBeUndefined();
		expect(service.notice()).toBeUndefined();
	});

	it('answers state reads as loaded at once, and a missing user as an error', async () => {
		const password = 'Correct-Horse-9-Battery';
		const user = await service.createUser({email: 'a@example.com', password, repeatPassword: password, connection: 'Username-Password-Authentication'});
		expect(service.userState(user.user_id)).toMatchObject({status: 'loaded', data: user});
		expect(service.devicesState(user.user_id)).toMatchObject({status: 'loaded', data: []});
		expect(service.historyState(user.user_id).status).toBe('loaded');
		expect(service.historyState(user.user_id).data?.map(event => event.type)).toContain('ss');
		expect(service.connectionsState().data).toEqual(service.connections());
		expect(service.clientsState().data).toEqual(service.clients());
		expect(service.userState('auth0|missing')).toMatchObject({status: 'error', error: {code: 'NOT_FOUND'}});
		expect(await settled(service, () => service.devicesState(user.user_id))).toEqual([]);
		await expect(settled(service, () => service.devicesState('auth0|missing'))).rejects.toThrow('No user with id auth0|missing');
	});
});

describe('settled', () => {
	it('waits for a loading state to land, and throws its error', async () => {
		const listeners = new Set<() => void>();
		let state: Loadable<number> = {status: 'loading', data: undefined, retry() {}};
		const source = {subscribe(listener: () => void) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		}};
		const value = settled(source, () => state);
		state = {status: 'loaded', data: 7, retry() {}};
		for (const listener of listeners) {
			listener();
		}

		expect(await value).toBe(7);
		expect(listeners.size).toBe(0);
		state = {status: 'loading', data: undefined, retry() {}};
		const failing = settled(source, () => state);
		state = {status: 'error', data: undefined, error: new UserdeckError('UNAVAILABLE', 'down'), retry() {}};
		for (const listener of listeners) {
			listener();
		}

		await expect(failing).rejects.toThrow('down');
	});
});
