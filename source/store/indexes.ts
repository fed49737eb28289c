// Lookups the console and the services need on every keystroke, kept up to
// date change by change so no query scans a table: users by email within a
// connection and the blocked count. A user's log events (oldest first) and
// devices are their tables' own (log-table.ts, record-table.ts): each user's
// rows are one run of row numbers there. An array handed out by `logsOf` or
// `devicesOf` never changes afterwards, so a view can compare it by identity.
import type {LogEvent} from '../domain/types.js';
import type {UserColumns} from './sealed-user.js';
import {LogTable, type OpenedLogs} from './log-table.js';
import {DeviceTable, type OpenedDevices, PasswordTable} from './record-table.js';
import type {LogProblem} from './sealed-log.js';
import type {Change, Tables} from './tables.js';
import {keyOf} from './tables.js';

export type {OpenedDevices} from './record-table.js';
/** A device that could not be read: which, and what is wrong (` is not valid JSON`). */
export type DeviceProblem = OpenedDevices['problems'][number];

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
	//
	// Made at the first lookup, not at load: at a million users it is a
	// second of work and 60 MB that a session which creates, imports or signs
	// in nobody never needs (a load from the columns file takes three). From
	// then on it is kept change by change.
	#byEmail: Map<string, string | string[]> | undefined;
	/** The users table the indexes were built over (the same map for the state's life). */
	#users: ReadonlyMap<string, UserColumns> = new Map();
	/** The logs and devices tables the indexes were built over: they keep each user's rows themselves. */
	#logs = new LogTable();
	#devices = new DeviceTable();
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

		// Tables a snapshot read made are column tables already (snapshot-file.ts sealColumns).
		const logs = tables.logs instanceof LogTable ? tables.logs : LogTable.from(tables.logs);
		const devices = tables.devices instanceof DeviceTable ? tables.devices : DeviceTable.from(tables.devices);
		tables.logs = logs;
		tables.devices = devices;
		if (!(tables.passwords instanceof PasswordTable)) {
			tables.passwords = PasswordTable.from(tables.passwords);
		}

		indexes.#logs = logs;
		indexes.#devices = devices;
		return indexes;
	}

	userIdByEmail(connection: string, email: string): string | undefined {
		const ids = this.#emails().get(email.toLowerCase());
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
		return this.#devices.devicesOf(userId);
	}

	/** The ids of all the user's devices, readable or not (a delete removes them all). */
	deviceIdsOf(userId: string): readonly string[] {
		return this.#devices.deviceIdsOf(userId);
	}

	/**
	 * Applies one entry's changes to `tables` and to the indexes. Values must
	 * already be valid rows (they come from a parsed journal line).
	 */
	apply(tables: Tables, changes: readonly Change[]): void {
		for (const change of changes) {
			const map = tables[change.table] as Map<string, unknown>;
			if (change.table !== 'users') {
				// The other tables keep what is looked up in them themselves.
				if (change.op === 'put') {
					map.set((keyOf[change.table] as (row: unknown) => string)(change.value), change.value);
				} else {
					map.delete(change.key);
				}

				continue;
			}

			if (change.op === 'put') {
				const key = change.value.user_id;
				const old = tables.users.get(key);
				// An existing key keeps its place in the table (Map order).
				tables.users.set(key, change.value);
				if (old !== undefined) {
					this.#removeUser(old);
				}

				this.#addUser(change.value);
			} else {
				const old = tables.users.get(change.key);
				if (old !== undefined) {
					tables.users.delete(change.key);
					this.#removeUser(old);
				}
			}
		}
	}

	#emails(): Map<string, string | string[]> {
		if (this.#byEmail === undefined) {
			const byEmail = new Map<string, string | string[]>();
			for (const user of this.#users.values()) {
				addEmail(byEmail, user);
			}

			this.#byEmail = byEmail;
		}

		return this.#byEmail;
	}

	#addUser(user: UserColumns): void {
		if (user.blocked === true) {
			this.#blocked++;
		}

		if (this.#byEmail !== undefined) {
			addEmail(this.#byEmail, user);
		}
	}

	#removeUser(user: UserColumns): void {
		if (user.blocked === true) {
			this.#blocked--;
		}

		const byEmail = this.#byEmail;
		if (byEmail !== undefined && user.email !== undefined && user.identities.length > 0) {
			const key = user.email.toLowerCase();
			const ids = byEmail.get(key);
			if (ids === user.user_id) {
				byEmail.delete(key);
			} else if (Array.isArray(ids)) {
				const rest = ids.filter(id => id !== user.user_id);
				byEmail.set(key, rest.length === 1 ? rest[0]! : rest);
			}
		}
	}
}

function addEmail(byEmail: Map<string, string | string[]>, user: UserColumns): void {
	if (user.email !== undefined && user.identities.length > 0) {
		const key = user.email.toLowerCase();
		const ids = byEmail.get(key);
		if (ids === undefined) {
			byEmail.set(key, user.user_id);
		} else if (typeof ids === 'string') {
			if (ids !== user.user_id) {
				byEmail.set(key, [ids, user.user_id]);
			}
		} else if (!ids.includes(user.user_id)) {
			byEmail.set(key, [...ids, user.user_id]);
		}
	}
}
