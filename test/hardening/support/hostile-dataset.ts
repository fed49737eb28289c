// A store full of hostile text, written the way an attacker-controlled import
// would: rows put straight into the store, with no validation of their text.
//
// The corpus's strings are laid out as a Latin square over the fields: row r
// puts string r + f into field f, so the rows 0…N-1 together put every string
// into every field. `npm test` takes every `stride`-th row (each string then
// lands in a few fields); `npm run stress` takes them all. Split pairs (a
// sequence cut in two) go into fields that are drawn side by side.
import type {Client, Connection, DeviceCredential, LogEvent, User} from '../../../source/domain/types.js';
import type {Store} from '../../../source/store/store.js';
import {hostileStrings, splitPairs} from '../../terminal/hostile-corpus.js';

export const hostileFields = [
	'name',
	'email',
	'nickname',
	'given_name',
	'family_name',
	'username',
	'phone_number',
	'user_id',
	'last_ip',
	'picture',
	'multifactor',
	'user_metadata key',
	'user_metadata value',
	'app_metadata key',
	'app_metadata value',
	'connection name',
	'social connection name',
	'identity provider',
	'profileData key',
	'profileData value',
	'client name',
	'client callback',
	'device name',
	'log description',
	'log user_agent',
	'log client_name',
	'log connection',
	'log ip',
	'log city',
	'log country',
	'log subdivision',
	'log type',
	'log details',
	'log user_name',
] as const;

export type HostileField = (typeof hostileFields)[number];

/** The screens and overlays of the console, and which fields each one draws. */
export const fieldsOnScreen = {
	'list': ['name', 'email', 'connection name'],
	'header': ['name', 'email', 'user_id', 'connection name'],
	'details': ['email', 'connection name', 'social connection name', 'identity provider', 'user_id', 'last_ip', 'phone_number', 'username', 'multifactor', 'user_metadata key', 'user_metadata value', 'app_metadata key', 'app_metadata value', 'profileData key', 'profileData value'],
	'metadata editor': ['user_metadata key', 'user_metadata value'],
	'devices': ['device name', 'client name'],
	'unlink confirmation': ['device name', 'client name'],
	'history': ['log client_name', 'log connection', 'log ip', 'log city', 'log country', 'log type'],
	'event viewer': ['log description', 'log user_agent', 'log client_name', 'log connection', 'log ip', 'log city', 'log country', 'log subdivision', 'log type', 'log details', 'log user_name'],
	'locations': ['log city', 'log country'],
	'raw json': ['name', 'email', 'nickname', 'given_name', 'family_name', 'username', 'phone_number', 'user_id', 'last_ip', 'picture', 'multifactor', 'user_metadata key', 'user_metadata value', 'app_metadata key', 'app_metadata value', 'connection name', 'social connection name', 'identity provider', 'profileData key', 'profileData value'],
	'actions menu': ['name', 'user_id'],
	'impersonate picker': ['client name', 'client callback'],
	'ticket popup': ['client name'],
	'delete confirmation': ['name', 'email'],
	'status line': ['name', 'user_id', 'device name'],
	'create user form': ['connection name', 'client name'],
} as const satisfies Record<string, readonly HostileField[]>;

export type ScreenName = keyof typeof fieldsOnScreen;

export type HostileRow = {
	readonly row: number;
	readonly values: Readonly<Record<HostileField, string>>;
	readonly userId: string;
	readonly clientId: string;
	readonly deviceIds: readonly [string, string];
};

/** Row `row` of the Latin square: field f holds string (row + f) mod N. */
export function hostileRow(row: number, strings: readonly string[] = hostileStrings): HostileRow {
	const values = Object.fromEntries(hostileFields.map((field, index) => [field, strings[(row + index) % strings.length]!])) as Record<HostileField, string>;
	return {
		row,
		values,
		userId: `auth0|h${row}-${values.user_id}`,
		clientId: `cli_h${row}`,
		deviceIds: [`dcr_h${row}a`, `dcr_h${row}b`],
	};
}

/** The rows to use: every `stride`-th. With stride 1, every string is in every field. */
export function hostileRows(stride: number, strings: readonly string[] = hostileStrings): HostileRow[] {
	const rows: HostileRow[] = [];
	for (let row = 0; row < strings.length; row += stride) {
		rows.push(hostileRow(row, strings));
	}

	return rows;
}

/**
 * Fields drawn next to each other, for the halves of split sequences: a user
 * carries one pair in name|email and device|application, and two in each of
 * its extra logins (application|identity provider in History, city|country
 * in Locations).
 */
export const adjacentPairs = [
	['name', 'email'],
	['device name', 'client name'],
	['log client_name', 'log connection'],
	['log city', 'log country'],
] as const satisfies ReadonlyArray<readonly [HostileField, HostileField]>;

/** Extra logins per user carrying split pairs. */
export const pairLogins = 4;
const pairsPerUser = 2 + 2 * pairLogins;

export type PairRow = {
	readonly userId: string;
	readonly clientId: string;
	readonly pairs: ReadonlyArray<readonly [string, string]>;
};

/** The split pairs, ten to a user. */
export function pairRows(pairs: ReadonlyArray<readonly [string, string]> = splitPairs): PairRow[] {
	const rows: PairRow[] = [];
	for (let index = 0; index < pairs.length; index += pairsPerUser) {
		const number = rows.length;
		rows.push({userId: `auth0|p${number}`, clientId: `cli_p${number}`, pairs: pairs.slice(index, index + pairsPerUser)});
	}

	return rows;
}

const benign: Record<HostileField, string> = {
	'name': 'Pair User',
	'email': 'pair@example.com',
	'nickname': 'pair',
	'given_name': 'Pair',
	'family_name': 'User',
	'username': 'pair',
	'phone_number': '+15555550100',
	'user_id': 'x',
	'last_ip': '203.0.113.7',
	'picture': 'https://example.com/p.png',
	'multifactor': 'guardian',
	'user_metadata key': 'plan',
	'user_metadata value': 'pro',
	'app_metadata key': 'tier',
	'app_metadata value': 'gold',
	'connection name': 'Username-Password-Authentication',
	'social connection name': 'github',
	'identity provider': 'github',
	'profileData key': 'login',
	'profileData value': 'pair',
	'client name': 'Pair App',
	'client callback': 'cb',
	'device name': 'Mozilla/5.0',
	'log description': 'Successful login',
	'log user_agent': 'Mozilla/5.0',
	'log client_name': 'Pair App',
	'log connection': 'Username-Password-Authentication',
	'log ip': '203.0.113.7',
	'log city': 'Lisbon',
	'log country': 'Portugal',
	'log subdivision': 'Lisboa',
	'log type': 'fp',
	'log details': 'none',
	'log user_name': 'pair@example.com',
};

type Rows = {
	users: User[];
	connections: Connection[];
	clients: Client[];
	devices: DeviceCredential[];
	logs: LogEvent[];
};

function rowsFor(ids: {userId: string; clientId: string; deviceIds: readonly [string, string]; connectionId: string}, values: Record<HostileField, string>, now: Date): Rows {
	const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
	const {userId, clientId} = ids;
	const user: User = {
		user_id: userId,
		email: values.email,
		email_verified: true,
		username: values.username,
		phone_number: values.phone_number,
		created_at: minutesAgo(10_000),
		updated_at: minutesAgo(60),
		identities: [
			{connection: values['connection name'], provider: 'auth0', user_id: userId.slice(6), isSocial: false},
			{
				connection: values['social connection name'],
				provider: values['identity provider'],
				user_id: 'gh-1',
				isSocial: true,
				profileData: {[values['profileData key']]: values['profileData value'], followers: 3},
			},
		],
		app_metadata: {[values['app_metadata key']]: values['app_metadata value']},
		user_metadata: {[values['user_metadata key']]: values['user_metadata value']},
		picture: values.picture,
		name: values.name,
		nickname: values.nickname,
		multifactor: [values.multifactor],
		last_ip: values.last_ip,
		last_login: minutesAgo(10),
		logins_count: 7,
		given_name: values.given_name,
		family_name: values.family_name,
	};
	const connection: Connection = {
		id: ids.connectionId,
		name: values['connection name'],
		strategy: 'auth0',
		enabled_clients: [clientId],
		options: {passwordPolicy: 'none'},
	};
	const client: Client = {client_id: clientId, name: values['client name'], app_type: 'regular_web', callbacks: [`https://app.example/cb/${values['client callback']}`]};
	const devices = ids.deviceIds.map((id, index): DeviceCredential => ({
		id,
		device_name: index === 0 ? values['device name'] : `${values['device name']} (2)`,
		device_id: `${id}-device`,
		type: 'refresh_token',
		user_id: userId,
		client_id: clientId,
	}));
	const base = {
		client_id: clientId,
		client_name: values['log client_name'],
		connection: values['log connection'],
		ip: values['log ip'],
		user_id: userId,
		user_name: values['log user_name'],
		user_agent: values['log user_agent'],
		description: values['log description'],
		details: {note: values['log details']},
	};
	const logs: LogEvent[] = [
		{
			log_id: `log_${userId}_type`,
			date: minutesAgo(30),
			type: values['log type'],
			...base,
		},
		{
			log_id: `log_${userId}_login`,
			date: minutesAgo(20),
			type: 's',
			...base,
			location_info: {
				country_code: 'PT',
				country_code3: 'PRT',
				country_name: values['log country'],
				city_name: values['log city'],
				latitude: 38.72,
				longitude: -9.14,
				time_zone: 'Europe/Lisbon',
				continent_code: 'EU',
				subdivision_code: '11',
				subdivision_name: values['log subdivision'],
			},
		},
	];
	return {users: [user], connections: [connection], clients: [client], devices, logs};
}

/** The rows of one Latin-square row. */
export function rowsOfHostile(row: HostileRow, now: Date): Rows {
	return rowsFor({...row, connectionId: `con_h${row.row}`}, {...row.values}, now);
}

/** The rows of one user carrying split pairs. */
export function rowsOfPairs(row: PairRow, now: Date): Rows {
	const number = row.userId.slice(7);
	const values = {...benign, 'connection name': `Pair-DB-${number}`};
	const [nameEmail, deviceClient, ...logins] = row.pairs;
	if (nameEmail) {
		[values.name, values.email] = nameEmail;
	}

	if (deviceClient) {
		[values['device name'], values['client name']] = deviceClient;
	}

	const rows = rowsFor({userId: row.userId, clientId: row.clientId, deviceIds: [`dcr_p${number}a`, `dcr_p${number}b`], connectionId: `con_p${number}`}, values, now);
	for (let index = 0; index < logins.length; index += 2) {
		const [client, connection] = logins[index]!;
		const [city, country] = logins[index + 1] ?? ['Porto', 'Portugal'];
		rows.logs.push({
			log_id: `log_${row.userId}_pair${index}`,
			date: new Date(now.getTime() - (40 + index) * 60_000).toISOString(),
			type: 's',
			client_id: row.clientId,
			client_name: client,
			connection,
			user_id: row.userId,
			// A subdivision of its own keeps each login a place of its own, whatever the city's text.
			location_info: {country_code: 'PT', country_code3: 'PRT', country_name: country, city_name: city, latitude: 41 + index, longitude: -8, time_zone: 'Europe/Lisbon', continent_code: 'EU', subdivision_code: `P${index}`},
		});
	}

	return rows;
}

/** Puts the rows into the store, bypassing the service (and so every validation of text). */
export async function putRows(store: Store, all: readonly Rows[]): Promise<void> {
	// Several transactions, so no single journal line is enormous.
	for (let start = 0; start < all.length; start += 20) {
		await store.transact(tx => {
			for (const rows of all.slice(start, start + 20)) {
				for (const connection of rows.connections) {
					tx.put('connections', connection);
				}

				for (const client of rows.clients) {
					tx.put('clients', client);
				}

				for (const user of rows.users) {
					tx.put('users', user);
				}

				for (const device of rows.devices) {
					tx.put('devices', device);
				}

				for (const log of rows.logs) {
					tx.put('logs', log);
				}
			}
		});
	}
}
