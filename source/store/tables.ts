// The store's tables and the changes a transaction stages. Knows nothing of Ink.
import type {
	Client,
	Connection,
	DeviceCredential,
	ImpersonationTicket,
	LogEvent,
	PasswordRecord,
	User,
} from '../domain/types.js';
import type {StoredLog} from './sealed-log.js';
import type {StoredDevice, StoredPassword} from './sealed-record.js';
import type {SealedUser} from './sealed-user.js';

export type Row = {
	users: User;
	connections: Connection;
	clients: Client;
	logs: LogEvent;
	devices: DeviceCredential;
	passwords: PasswordRecord;
	tickets: ImpersonationTicket;
};

export type TableName = keyof Row;

/** A user as the users table holds it: the profile, or its list columns until it is read (sealed-user.ts). */
export type StoredUser = User | SealedUser;

/**
 * What the tables hold: rows, except that a log event, a user, a password
 * record or a device read from a snapshot may still be sealed (see
 * sealed-log.ts, sealed-user.ts, sealed-record.ts): read them through the
 * store's accessors (`user`, `password`, `device`, `logsOf`, `devicesOf`).
 */
export type Stored = Omit<Row, 'logs' | 'users' | 'passwords' | 'devices'> & {logs: StoredLog; users: StoredUser; passwords: StoredPassword; devices: StoredDevice};

export const tableNames = [
	'connections',
	'clients',
	'users',
	'passwords',
	'devices',
	'tickets',
	'logs',
] as const satisfies readonly TableName[];

/** The primary key of each table. */
export const keyOf: {[T in TableName]: (row: Stored[T]) => string} = {
	users: row => row.user_id,
	connections: row => row.id,
	clients: row => row.client_id,
	logs: row => row.log_id,
	devices: row => row.id,
	passwords: row => row.user_id,
	tickets: row => row.id,
};

/** Tables hold rows in insertion order (logs are chronological). */
export type Tables = {[T in TableName]: Map<string, Stored[T]>};

/** Tables made in memory (the demo generator's), where every row is parsed. */
export type RowTables = {[T in TableName]: Map<string, Row[T]>};

export type Change =
	| {[T in TableName]: {op: 'put'; table: T; value: Row[T]}}[TableName]
	| {op: 'delete'; table: TableName; key: string};

/** One journal entry: the changes of one operation, applied all or nothing. */
export type JournalEntry = {
	seq: number;
	time: string;
	changes: Change[];
};

export function emptyTables(): RowTables {
	return {
		users: new Map(),
		connections: new Map(),
		clients: new Map(),
		logs: new Map(),
		devices: new Map(),
		passwords: new Map(),
		tickets: new Map(),
	};
}
