// A tenant's connections and applications, read a page at a time, each page
// its own call through the caller's requester: a 429 between two pages
// retries that page (with its checkpoint), not the whole list from the first
// page again. Each item is kept once, by id: GET /clients pages by offset,
// so an application created while the list is read can shift the next page
// back onto the last one's items (one created or deleted then may also be
// missed: offset paging cannot tell; Auth0 offers no checkpoint for
// clients in the SDK's list).
import type {ManagementClient} from 'auth0';
import type {Client, Connection} from '../domain/types.js';
import {clientFrom, connectionFrom} from './from-auth0.js';

/** What the requester hands each call: the SDK's request options. */
export type Remote = {abortSignal: AbortSignal; maxRetries: 0};

/** Runs one call of the list through the requester (its retries, its errors, its cancellation). */
export type PageRunner = <T>(work: (remote: Remote) => Promise<T>) => Promise<T>;

const pageSize = 100;

/** GET /connections by checkpoint (`from`, `take`), every page; `strategy` narrows it. */
export async function listConnections(api: ManagementClient, run: PageRunner, query: {strategy?: 'auth0'} = {}): Promise<Connection[]> {
	const found = new Map<string, Connection>();
	let from: string | undefined;
	for (;;) {
		const checkpoint = from;
		// eslint-disable-next-line no-await-in-loop
		const page = await run(async remote => api.connections.list({...query, take: pageSize, ...(checkpoint === undefined ? {} : {from: checkpoint})}, remote));
		for (const raw of page.data) {
			const connection = connectionFrom(raw);
			if (!found.has(connection.id)) {
				found.set(connection.id, connection);
			}
		}

		const next = (page.response as {next?: unknown}).next;
		// A checkpoint that does not move on would ask for the same page for ever.
		if (!page.hasNextPage() || typeof next !== 'string' || next === checkpoint) {
			return [...found.values()];
		}

		from = next;
	}
}

/** GET /clients by offset (`page`, `per_page`), every page, with the fields a copy and the views use. */
export async function listClients(api: ManagementClient, run: PageRunner): Promise<Client[]> {
	const found = new Map<string, Client>();
	for (let number = 0; ; number++) {
		const pageNumber = number;
		// eslint-disable-next-line no-await-in-loop
		const page = await run(async remote => api.clients.list({page: pageNumber, per_page: pageSize, fields: 'client_id,name,app_type,callbacks', include_fields: true}, remote));
		for (const raw of page.data) {
			const client = clientFrom(raw);
			if (!found.has(client.client_id)) {
				found.set(client.client_id, client);
			}
		}

		if (!page.hasNextPage()) {
			return [...found.values()];
		}
	}
}
