// The jobs' lists of a tenant's connections (checkpoint paging: `from`,
// `take`) and applications (offset paging: `page`, `per_page`), read by
// `pull` and `users import --tenant`, over the Auth0 double through the real
// SDK: every item once, whatever falls on a page boundary, a 429 between two
// pages, or a list that changes while it is read.
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {generateDemo} from '../../source/demo/generate.js';
import type {Client, Connection} from '../../source/domain/types.js';
import {TenantJobs} from '../../source/live/jobs.js';
import {type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {requestsTo} from '../contract/sdk.js';

let double: Auth0Double;
/** Called before each request the jobs send (its URL), to change the tenant between two pages. */
let beforeRequest: ((url: URL) => void) | undefined;

const hookedFetch: typeof fetch = async (input, init) => {
	beforeRequest?.(new URL(input instanceof Request ? input.url : String(input)));
	return fetch(input, init);
};

function jobs(): TenantJobs {
	return new TenantJobs({kind: 'tenant', domain: double.domain, credentials: {kind: 'client-credentials', clientId: double.clientId, clientSecret: double.clientSecret}}, {fetch: hookedFetch, sleep: async () => {}, onRateLimit() {}});
}

const demo = generateDemo({users: 0, seed: 'paging', now: new Date('2026-01-01T00:00:00Z'), passwordHash: '-'});
const database = [...demo.connections.values()].find(connection => connection.strategy === 'auth0')!;
const someClient = [...demo.clients.values()][0]!;
const connection = (index: number): Connection => ({...database, id: `con_${String(index).padStart(16, '0')}`, name: `connection-${index}`});
const client = (index: number): Client => ({...someClient, client_id: `client${String(index).padStart(4, '0')}`, name: `app-${index}`});

beforeAll(async () => {
	// 200 connections: the second page of 100 ends the list exactly; 199 applications (the double adds its own): two full pages.
	double = await startAuth0Double({users: 0, connections: Array.from({length: 200}, (_, index) => connection(index)), clients: Array.from({length: 199}, (_, index) => client(index))});
});

afterEach(() => {
	beforeRequest = undefined;
	double.controls.clearFaults();
});

afterAll(async () => {
	await double?.close();
});

const ids = (list: Connection[]) => list.map(each => each.id);
const clientIds = (list: Client[]) => list.map(each => each.client_id);

describe('paging through connections and applications', () => {
	it('reads each once when the last page is full', async () => {
		const connections = await jobs().connections();
		expect(ids(connections)).toEqual(double.tenant.connections.map(each => each.id));
		const clients = await jobs().clients();
		expect(clientIds(clients)).toEqual(double.tenant.clients.map(each => each.client_id));
	});

	it('a 429 between two pages: each once, and the pages already read are not asked for again', async () => {
		let connectionPages = 0;
		beforeRequest = url => {
			if (url.pathname === '/api/v2/connections' && ++connectionPages === 2) {
				double.controls.rateLimit({requests: 1, path: '/api/v2/connections', retryAfterSeconds: 0});
			}
		};

		const before = requestsTo(double, '/api/v2/connections').length;
		const connections = await jobs().connections();
		expect(ids(connections)).toEqual(double.tenant.connections.map(each => each.id));
		const sent = requestsTo(double, '/api/v2/connections').slice(before);
		// Page 1, page 2 refused, page 2 again: the retry keeps the checkpoint.
		expect(sent.map(request => [request.status, request.query['from'] ?? null])).toEqual([[200, null], [429, sent[1]!.query['from']], [200, sent[1]!.query['from']]]);
		expect(sent[1]!.query['from']).toBeDefined();

		let clientPages = 0;
		beforeRequest = url => {
			if (url.pathname === '/api/v2/clients' && ++clientPages === 2) {
				double.controls.rateLimit({requests: 1, path: '/api/v2/clients', retryAfterSeconds: 0});
			}
		};

		const clientsBefore = requestsTo(double, '/api/v2/clients').length;
		const clients = await jobs().clients();
		expect(clientIds(clients)).toEqual(double.tenant.clients.map(each => each.client_id));
		expect(requestsTo(double, '/api/v2/clients').slice(clientsBefore).map(request => [request.status, request.query['page']])).toEqual([[200, '0'], [429, '1'], [200, '1'], [200, '2']]);
	});

	it('an application added while the list is read (offset paging shifts): still each once', async () => {
		let pages = 0;
		const added = client(9999);
		beforeRequest = url => {
			// Another admin creates an application between our first and second page; the list
			// puts it before our offset, so the second page starts with the first page's last.
			if (url.pathname === '/api/v2/clients' && ++pages === 2) {
				double.tenant.clients.unshift(added);
			}
		};

		try {
			const clients = await jobs().clients();
			const seen = clientIds(clients);
			expect(seen.length).toBe(new Set(seen).size);
		} finally {
			double.tenant.clients.splice(double.tenant.clients.indexOf(added), 1);
		}
	});
});
