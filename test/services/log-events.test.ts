// The events userdeck writes itself look like Auth0's: log ids in Auth0's
// numeric form, admin events (sapi / fapi …) with the calling client and the
// Management API call in details.request / details.response beside the
// actor, action, target and result, and logins with user_agent and isMobile.
import {mkdtempSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {auth0LogIdPattern} from '../../source/domain/log-id.js';
import type {LogEvent} from '../../source/domain/types.js';
import {importUsers} from '../../source/services/import-users.js';
import {UsersService} from '../../source/services/users-service.js';
import {storedEvents} from '../support/events.js';
import {Store} from '../../source/store/store.js';
import {fakeHasher, testActor} from '../support/fakes.js';

const connection = 'Username-Password-Authentication';
const clock = new Date('2026-11-20T10:00:00.000Z');
const client = {client_id: 'userdeck-cli', client_name: 'userdeck CLI'};
let dir: string;
let store: Store;
let service: UsersService;

beforeEach(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-logs-'));
	store = await Store.open({path: path.join(dir, 'store.ndjson')});
	service = new UsersService({store, actor: testActor, hasher: fakeHasher, now: () => clock, client, userAgent: 'userdeck/0.1.0 (test)'});
});

afterEach(async () => {
	await store.close();
	await rm(dir, {recursive: true, force: true});
});

const events = (): LogEvent[] => storedEvents(store);
const last = (type: string) => events().filter(event => event.type === type).at(-1)!;

describe('events userdeck writes', () => {
	it('have numeric log ids in Auth0\'s form: 900, the date\'s digits, a sequence, random digits; all different', async () => {
		const user = await service.createUser({email: 'ana@example.com', password: 'Sturdy-Pass-42', repeatPassword: 'Sturdy-Pass-42', connection});
		await service.blockUser(user.user_id);
		await service.unblockUser(user.user_id);
		const ids = events().map(event => event.log_id);
		expect(ids).toHaveLength(3);
		for (const id of ids) {
			expect(id).toMatch(auth0LogIdPattern);
			expect(id.slice(0, 20)).toBe('90020261120100000000');
		}

		expect(new Set(ids).size).toBe(3);
	});

	it('admin events carry the calling client and the Management API call beside actor, action, target and result', async () => {
		const user = await service.createUser({email: 'bo@example.com', password: 'Sturdy-Pass-42', repeatPassword: 'Sturdy-Pass-42', connection});
		await service.blockUser(user.user_id);
		const blocked = last('sapi');
		expect(blocked).toMatchObject({client_id: 'userdeck-cli', client_name: 'userdeck CLI', user_id: user.user_id});
		expect(blocked.details).toEqual({
			actor: testActor,
			action: 'block user',
			target: user.user_id,
			result: 'success',
			request: {method: 'patch', path: `/api/v2/users/${encodeURIComponent(user.user_id)}`, channel: 'api'},
			response: {statusCode: 200},
		});
		expect(last('ss').details).toMatchObject({request: {method: 'post', path: '/api/v2/users'}, response: {statusCode: 201}});

		await expect(service.blockUser('auth0|nobody')).rejects.toThrow();
		expect(last('fapi')).toMatchObject({client_id: 'userdeck-cli', details: {action: 'block user', result: 'failure', response: {statusCode: 404}}});

		await service.deleteUser(user.user_id);
		expect(last('sdu').details).toMatchObject({request: {method: 'delete'}, response: {statusCode: 204}});
	});

	it('an import\'s events are the import job\'s call', async () => {
		await importUsers(service, [{email: 'cy@example.com'}, {email: 'nope'}], {connection});
		expect(last('sapi')).toMatchObject({client_name: 'userdeck CLI', details: {action: 'import user', request: {method: 'post', path: '/api/v2/jobs/users-imports'}, response: {statusCode: 201}}});
		// Refusals too (whether logged per user or per run), as the same job's call.
		expect(last('fapi')).toMatchObject({client_name: 'userdeck CLI', details: {result: 'failure', request: {path: '/api/v2/jobs/users-imports'}}});
	});

	it('logins carry user_agent and isMobile: the application\'s, or userdeck\'s own when none is given', async () => {
		await service.createUser({email: 'di@example.com', password: 'Sturdy-Pass-42', repeatPassword: 'Sturdy-Pass-42', connection});
		const clientId = service.clients()[0]!.client_id;
		await service.signIn({email: 'di@example.com', password: 'Sturdy-Pass-42', clientId});
		expect(last('s')).toMatchObject({user_agent: 'userdeck/0.1.0 (test)', isMobile: false, client_id: clientId});
		const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
		await service.signIn({email: 'di@example.com', password: 'Sturdy-Pass-42', clientId, userAgent: iphone});
		expect(last('s')).toMatchObject({user_agent: iphone, isMobile: true});
		await expect(service.signIn({email: 'di@example.com', password: 'wrong', clientId})).rejects.toThrow();
		expect(last('fp')).toMatchObject({user_agent: 'userdeck/0.1.0 (test)', isMobile: false});
	});
});
