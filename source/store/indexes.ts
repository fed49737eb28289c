// Lookups the console and the services need on every keystroke, kept up to
// date change by change so no query scans a table: users by email within a
// connection, a user's log events (oldest first; the logs table keeps them,
// log-table.ts) and a user's devices. The per-user lists are copied on
// write: an array handed out by `logsOf` or `devicesOf` never changes
// afterwards, so a view can compare it by identity.
import type {DeviceCredential, LogEvent} from '../domain/types.js';
import type {UserColumns} from './sealed-user.js';
import {validatorOf} from './schema.js';
import {LogTable, type OpenedLogs} from './log-table.js';
import type {LogProblem} from './sealed-log.js';
import {openSealedRecord, SealedDevice, type StoredDevice} from './sealed-record.js';
import type {Change, TableName, Tables} from './tables.js';
import {keyOf} from './tables.js';

const none: readonly never[] = Object.freeze([]);


/** A device that could not be read: which, and what is wrong (` is not valid JSON`). */
export type DeviceProblem = {readonly id: string; readonly problem: string};
/** A user's devices as read: the ones that could be, and why any others could not. */
export type OpenedDevices = {readonly devices: readonly DeviceCredential[]; readonly problems: readonly DeviceProblem[]};
const noDevices: OpenedDevices = Object.freeze({devices: none, problems: none});

function hasConnection(user: UserColumns | undefined, connection: string): boolean {
	return user !== undefined && user.identities.some(identity => identity.connection === connection);
}

export class Indexes {
	// Users by lower-cased email, whatever their connections: the key is the
	// user's own email string when it is in lower case already (toLowerCase
	// gives it back), where `connection\0email` keys made a million more
	// strings. An array holds the users an email has in several connections
	// (and the rare duplicates within one, so deleting one keeps the other);
	// a lookup picks by connection.
	readonly #byEmail = new Map<string, string | string[]>();
	/** The users table the indexes were built over (the same map for the state's life). */
	#users: ReadonlyMap<string, UserColumns> = new Map();
	/** The logs table the indexes were built over: it keeps each user's events itself. */
	#logs = new LogTable();
	readonly #devices = new Map<string, StoredDevice[]>();
	/** Each list with sealed devices, read once (as #opened). */
	readonly #openedDevices = new WeakMap<readonly StoredDevice[], OpenedDevices>();
	/** Lists already copied in the current batch (undefined while building: nothing is shared yet). */
	#fresh: Set<unknown[]> | undefined;
	#blocked = 0;

	/** Indexes all rows; with `pace`, pauses between slices so a console stays responsive while a big store loads. */
	static async build(tables: Tables, pace?: () => Promise<void> | undefined): Promise<Indexes> {
		const indexes = new Indexes();
		indexes.#users = tables.users;
		for (const user of tables.users.values()) {
			indexes.#addUser(user);
			const paused = pace?.();
			if (paused) {
				await paused;
			}
		}

		const logs = tables.logs instanceof LogTable ? tables.logs : LogTable.from(tables.logs);
		tables.logs = logs;
		indexes.#logs = logs;
		for (const device of tables.devices.values()) {
			indexes.#addDevice(device);
			const paused = pace?.();
			if (paused) {
				await paused;
			}
		}

		return indexes;
	}

	userIdByEmail(connection: string, email: string): string | undefined {
		const ids = this.#byEmail.get(email.toLowerCase());
		if (typeof ids === 'string') {
			return hasConnection(this.#users.get(ids), connection) ? ids : undefined;
		}

		return ids?.find(id => hasConnection(this.#users.get(id), connection));
	}

	/** How many users are blocked: kept change by change, as the header shows it on every frame. */
	get blockedCount(): number {
		return this.#blocked;
	}

	/** The user's events, oldest first; an event that cannot be read is left out (see logProblemsOf). */
	logsOf(userId: string): readonly LogEvent[] {
		return this.#openLogs(userId).events;
	}

	/** Why events of the user's that `logsOf` leaves out could not be read (damage in the store). */
	logProblemsOf(userId: string): readonly LogProblem[] {
		return this.#openLogs(userId).problems;
	}

	#openLogs(userId: string): OpenedLogs {
		return this.#logs.logsOf(userId);
	}

	/** The user's devices, read; a device that cannot be read is left out and said why (the store makes that an error). */
	devicesOf(userId: string): OpenedDevices {
		const list = this.#devices.get(userId);
		if (list === undefined) {
			return noDevices;
		}

		let opened = this.#openedDevices.get(list);
		if (opened === undefined) {
			opened = list.some(device => device instanceof SealedDevice) ? openDevices(list) : {devices: list as DeviceCredential[], problems: none};
			this.#openedDevices.set(list, opened);
		}

		return opened;
	}

	/** The ids of all the user's devices, readable or not (a delete removes them all). */
	deviceIdsOf(userId: string): readonly string[] {
		return (this.#devices.get(userId) ?? none).map(device => device.id);
	}

	/**
	 * Applies one entry's changes to `tables` and to the indexes. Values must
	 * already be valid rows (they come from a parsed journal line).
	 */
	apply(tables: Tables, changes: readonly Change[]): void {
		this.#fresh = new Set();
		try {
			for (const change of changes) {
				if (change.table === 'logs') {
					// The logs table keeps each user's events itself (log-table.ts).
					if (change.op === 'put') {
						tables.logs.set(change.value.log_id, change.value);
					} else {
						tables.logs.delete(change.key);
					}

					continue;
				}

				const map = tables[change.table] as Map<string, unknown>;
				if (change.op === 'put') {
					const key = (keyOf[change.table] as (row: unknown) => string)(change.value);
					const old = map.get(key);
					// An existing key keeps its place in the table (Map order).
					map.set(key, change.value);
					if (old === undefined) {
						this.#add(change.table, change.value);
					} else {
						this.#replace(change.table, old, change.value);
					}
				} else {
					const old = map.get(change.key);
					if (old !== undefined) {
						map.delete(change.key);
						this.#remove(change.table, old);
					}
				}
			}

		} finally {
			this.#fresh = undefined;
		}
	}

	#add(table: TableName, row: unknown): void {
		if (table === 'users') {
			this.#addUser(row as UserColumns);
		} else if (table === 'devices') {
			this.#addDevice(row as StoredDevice);
		}
	}

	#remove(table: TableName, row: unknown): void {
		if (table === 'users') {
			this.#removeUser(row as UserColumns);
		} else if (table === 'devices') {
			this.#removeDevice(row as StoredDevice);
		}
	}

	#replace(table: TableName, old: unknown, row: unknown): void {
		if (table === 'devices' && (old as StoredDevice).user_id === (row as StoredDevice).user_id) {
			// Keep the device's place among the user's devices, as in the table.
			const list = this.#writable(this.#devices, (row as StoredDevice).user_id);
			const index = list.indexOf(old as StoredDevice);
			if (index !== -1) {
				list[index] = row as StoredDevice;
				return;
			}
		}

		this.#remove(table, old);
		this.#add(table, row);
	}

	/**
	 * A user's first row: a list of one, made at its size. An empty list grown
	 * by push reserves room for 17 rows (144 bytes); a million users' lists of
	 * one or two took 200 MB that way.
	 */
	#start<T>(lists: Map<string, T[]>, userId: string, row: T): void {
		const created = [row];
		lists.set(userId, created);
		this.#fresh?.add(created);
	}

	/** The user's list, safe to change: copied once per batch so handed-out arrays stay as they were. */
	#writable<T>(lists: Map<string, T[]>, userId: string): T[] {
		const list = lists.get(userId);
		if (!list) {
			const created: T[] = [];
			lists.set(userId, created);
			this.#fresh?.add(created);
			return created;
		}

		if (!this.#fresh || this.#fresh.has(list)) {
			return list;
		}

		const copy = [...list];
		lists.set(userId, copy);
		this.#fresh.add(copy);
		return copy;
	}

	#addUser(user: UserColumns): void {
		if (user.blocked === true) {
			this.#blocked++;
		}

		if (user.email !== undefined && user.identities.length > 0) {
			const key = user.email.toLowerCase();
			const ids = this.#byEmail.get(key);
			if (ids === undefined) {
				this.#byEmail.set(key, user.user_id);
			} else if (typeof ids === 'string') {
				if (ids !== user.user_id) {
					this.#byEmail.set(key, [ids, user.user_id]);
				}
			} else if (!ids.includes(user.user_id)) {
				this.#byEmail.set(key, [...ids, user.user_id]);
			}
		}
	}

	#removeUser(user: UserColumns): void {
		if (user.blocked === true) {
			this.#blocked--;
		}

		if (user.email !== undefined && user.identities.length > 0) {
			const key = user.email.toLowerCase();
			const ids = this.#byEmail.get(key);
			if (ids === user.user_id) {
				this.#byEmail.delete(key);
			} else if (Array.isArray(ids)) {
				const rest = ids.filter(id => id !== user.user_id);
				this.#byEmail.set(key, rest.length === 1 ? rest[0]! : rest);
			}
		}
	}

	#addDevice(device: StoredDevice): void {
		if (!this.#devices.has(device.user_id)) {
			this.#start(this.#devices, device.user_id, device);
			return;
		}

		this.#writable(this.#devices, device.user_id).push(device);
	}

	#removeDevice(device: StoredDevice): void {
		if (!this.#devices.get(device.user_id)?.includes(device)) {
			return;
		}

		const list = this.#writable(this.#devices, device.user_id);
		list.splice(list.indexOf(device), 1);
		if (list.length === 0) {
			this.#devices.delete(device.user_id);
		}
	}
}

/** Each row of a user's list read: the ones that could be, and which could not and why. */
function openList<Row, Sealed extends Row, Value>(list: readonly Row[], isSealedRow: (row: Row) => row is Sealed, open: (row: Sealed) => {ok: true; value: Value} | {ok: false; problem: string}): {values: Value[]; problems: Array<{row: Sealed; problem: string}>} {
	const values: Value[] = [];
	const problems: Array<{row: Sealed; problem: string}> = [];
	for (const row of list) {
		if (!isSealedRow(row)) {
			values.push(row as unknown as Value);
			continue;
		}

		const opened = open(row);
		if (opened.ok) {
			values.push(opened.value);
		} else {
			problems.push({row, problem: opened.problem});
		}
	}

	return {values, problems};
}

function openDevices(list: readonly StoredDevice[]): OpenedDevices {
	const validate = validatorOf('devices');
	const {values, problems} = openList<StoredDevice, SealedDevice, DeviceCredential>(list, device => device instanceof SealedDevice, device => openSealedRecord(device, validate));
	return {devices: values, problems: problems.map(({row, problem}) => ({id: row.id, problem}))};
}
