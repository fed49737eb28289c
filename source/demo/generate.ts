// The demo store: a tenant with applications, connections, users and their
// history, generated deterministically from a seed. Pure: no I/O, no clock, no
// Math.random; timestamps are relative to `now`, so the History tab (past 2
// days) is never empty for an active user whenever the store is generated.
import {auth0LogId} from '../domain/log-id.js';
import {emptyTables, type RowTables} from '../store/tables.js';
import type {Organization} from './accounts.js';
import {buildCatalog, type ConnectionKey, isDatabaseConnection} from './catalog.js';
import {createUserFactory, type DemoUserPlan} from './demo-user.js';
import type {HistoryDetail, LogSink, UserStatus} from './history.js';
import {createRandom, type Random} from './random.js';

export {demoSummary, type DemoSummary} from './summary.js';

/** The password of every demo database user. The CLI hashes it once for all of them. */
export const DEMO_PASSWORD = 'Demo-Passw0rd!';

export type DemoOptions = {
	users: number;
	seed: string | number;
	now: Date;
	/** The hash of DEMO_PASSWORD, shared by every database user. */
	passwordHash: string;
};

/**
 * Users with a full history (days of sessions, trips, admin writes). Past this,
 * every n-th user keeps a full history and the rest only their last sign-in, so
 * memory and time grow by a small constant per user.
 */
export const fullHistoryUsers = 5000;

const connectionShares: ReadonlyArray<readonly [ConnectionKey, number]> = [
	['database', 0.52],
	['google', 0.2],
	['github', 0.1],
	['partners', 0.07],
	['apple', 0.04],
	['legacy', 0.04],
	['analytics', 0.03],
];
const blockedShare = 0.05;
/** Of database users (not Legacy-DB): about 10% of all users. */
const pendingShareOfDatabase = 0.16;

export function generateDemo(options: DemoOptions): RowTables {
	const {users, passwordHash} = options;
	const now = options.now.getTime();
	if (!Number.isSafeInteger(users) || users < 0) {
		throw new RangeError(`users must be a whole number ≥ 0, got ${users}`);
	}

	if (Number.isNaN(now)) {
		throw new RangeError('now must be a valid date');
	}

	const root = createRandom(options.seed);
	const catalog = buildCatalog(root.fork('catalog'));
	const tables = emptyTables();
	for (const connection of Object.values(catalog.connections)) {
		tables.connections.set(connection.id, connection);
	}

	for (const client of Object.values(catalog.clients)) {
		tables.clients.set(client.client_id, client);
	}

	const organizations = root.fork('organizations');
	const organization = (name: string, domain: string): Organization => ({id: `org_${organizations.alphanumeric(16)}`, name, domain});
	const sink: LogSink = {events: [], times: []};
	const addUser = createUserFactory({
		catalog,
		tables,
		sink,
		now,
		passwordHash,
		partnerOrganizations: [
			organization('Contoso', 'contoso.example'),
			organization('Fabrikam', 'fabrikam.example'),
			organization('Northwind Traders', 'northwind.example'),
			organization('Tailspin Toys', 'tailspin.example'),
			organization('Wide World Importers', 'wideworld.example'),
		],
		staffOrganization: organization('Acme', 'acme.example'),
	});

	const plans = createPlanner(root.fork('plans'), users);
	for (let index = 0; index < users; index++) {
		addUser(root.fork(index), plans(index));
	}

	writeLogs(tables, sink, root.fork('log-ids'));
	return tables;
}

/**
 * Connection and status by index, from two Weyl sequences (i·φ and i·√2 mod 1):
 * the shares hold for every prefix of users, so 40 users or a million get the
 * same mix of connections, blocked and never-logged-in people.
 */
function createPlanner(random: Random, users: number): (index: number) => DemoUserPlan {
	const connectionOffset = random.next();
	const statusOffset = random.next();
	const stride = Math.max(1, Math.ceil(users / fullHistoryUsers));
	return index => {
		const connection = band(fraction(connectionOffset + index * 0.618_033_988_749_894_9));
		const roll = fraction(statusOffset + index * 0.414_213_562_373_095_1);
		const blocked = roll >= 1 - blockedShare;
		let status: UserStatus = blocked ? 'blocked' : 'active';
		if (connection === 'legacy') {
			status = 'dormant';
		} else if (!blocked && isDatabaseConnection(connection) && roll < pendingShareOfDatabase) {
			status = 'pending';
		}

		const detail: HistoryDetail = index % stride === 0 ? 'full' : 'light';
		return {connection, status, blocked, detail};
	};
}

function band(value: number): ConnectionKey {
	let remaining = value;
	for (const [key, share] of connectionShares) {
		remaining -= share;
		if (remaining < 0) {
			return key;
		}
	}

	return 'database';
}

function fraction(value: number): number {
	return value - Math.floor(value);
}

/**
 * Inserts the events oldest first (the store's per-user index relies on it) and
 * gives them Auth0-style ids: 56 digits that sort like the events, "900", the
 * time, a sequence number and random digits.
 */
function writeLogs(tables: RowTables, sink: LogSink, random: Random): void {
	const {events, times} = sink;
	const order = new Uint32Array(events.length);
	for (let index = 0; index < order.length; index++) {
		order[index] = index;
	}

	// Stable: events at the same instant keep the order they were written in.
	order.sort((a, b) => (times[a] ?? 0) - (times[b] ?? 0) || a - b);
	for (let sequence = 0; sequence < order.length; sequence++) {
		const event = events[order[sequence]!];
		if (event === undefined) {
			continue;
		}

		event.log_id = logId(event.date, sequence, random);
		tables.logs.set(event.log_id, event);
	}
}

/** Auth0's form (log-id.ts), from the demo's seeded random. */
function logId(date: string, sequence: number, random: Random): string {
	return auth0LogId(date, sequence, () => Math.floor(random.next() * 10));
}
