// What the double's tenant holds: users, their log events and devices, the
// connections and applications, and a search index that may lag the writes
// (Auth0's user search is eventually consistent: "search results are
// available within seconds of a change", https://auth0.com/docs/manage-users/user-search).
import {createHash, randomBytes} from 'node:crypto';
import {auth0LogId} from '../../../source/domain/log-id.js';
import type {Client, Connection, DeviceCredential, JsonObject, LogEvent, User} from '../../../source/domain/types.js';

export type PasswordRecord = {hashes: string[]};

type PendingIndexChange = {at: number; userId: string; user: User | undefined};

export class Tenant {
	readonly users = new Map<string, User>();
	readonly connections: Connection[];
	readonly clients: Client[];
	readonly devices = new Map<string, DeviceCredential>();
	/** Per user, oldest first. */
	readonly logs = new Map<string, LogEvent[]>();
	/** SHA-256 digests of each user's passwords, newest first: only for password_history. Test data, never real secrets. */
	readonly passwords = new Map<string, PasswordRecord>();
	/** What search sees: the users as of the last index change that is due. */
	readonly #indexed = new Map<string, User>();
	#pending: PendingIndexChange[] = [];
	#indexVersion = 0;
	#logSequence = 0;
	/** How far search lags writes, in ms; Infinity holds every change until `flushSearchIndex()`. */
	searchLagMs = 0;
	readonly hostname: string;
	readonly now: () => number;

	/** The password every given database user starts with (the demo's), for password_history. */
	readonly #initialPassword: string | undefined;

	constructor(options: {users: Iterable<User>; connections: Connection[]; clients: Client[]; devices: Iterable<DeviceCredential>; logs: Iterable<LogEvent>; hostname: string; now: () => number; initialPassword?: string}) {
		this.#initialPassword = options.initialPassword;
		this.connections = options.connections;
		this.clients = options.clients;
		this.hostname = options.hostname;
		this.now = options.now;
		for (const user of options.users) {
			this.users.set(user.user_id, user);
			this.#indexed.set(user.user_id, user);
		}

		for (const device of options.devices) {
			this.devices.set(device.id, device);
		}

		const events = [...options.logs].sort((a, b) => a.date.localeCompare(b.date));
		for (const event of events) {
			if (event.user_id !== undefined) {
				this.#userLog(event.user_id).push(event);
			}
		}
	}

	/** Stores a write and schedules it for search, `searchLagMs` from now. */
	put(user: User): void {
		this.users.set(user.user_id, user);
		this.#schedule(user.user_id, user);
	}

	remove(userId: string): void {
		this.users.delete(userId);
		this.passwords.delete(userId);
		for (const [id, device] of this.devices) {
			if (device.user_id === userId) {
				this.devices.delete(id);
			}
		}

		this.#schedule(userId, undefined);
	}

	/** The users search sees now: every due index change applied, in write order. */
	searchable(): IterableIterator<User> {
		const now = this.now();
		let applied = 0;
		for (const change of this.#pending) {
			if (change.at > now) {
				break;
			}

			this.#apply(change);
			applied++;
		}

		this.#pending = this.#pending.slice(applied);
		return this.#indexed.values();
	}

	/** Makes every pending write searchable at once. */
	flushSearchIndex(): void {
		for (const change of this.#pending) {
			this.#apply(change);
		}

		this.#pending = [];
	}

	/** Moves on whenever search would see something new: for caching search results. */
	get indexVersion(): number {
		return this.#indexVersion;
	}

	get pendingIndexChanges(): number {
		return this.#pending.length;
	}

	connectionByName(name: string): Connection | undefined {
		return this.connections.find(connection => connection.name === name);
	}

	connectionById(id: string): Connection | undefined {
		return this.connections.find(connection => connection.id === id);
	}

	userByEmail(email: string, connection: string): User | undefined {
		const folded = email.toLowerCase();
		for (const user of this.users.values()) {
			if (user.email?.toLowerCase() === folded && user.identities.some(identity => identity.connection === connection)) {
				return user;
			}
		}

		return undefined;
	}

	logsOf(userId: string): readonly LogEvent[] {
		return this.logs.get(userId) ?? [];
	}

	/** Appends an event to the user's log as Auth0 would write it (ids in Auth0's form). */
	log(user: User, event: Omit<LogEvent, 'log_id' | 'date' | 'user_id' | 'user_name' | 'hostname'>): LogEvent {
		const date = new Date(this.now()).toISOString();
		const full: LogEvent = {
			log_id: auth0LogId(date, ++this.#logSequence, () => randomBytes(1)[0]! % 10),
			date,
			...event,
			hostname: this.hostname,
			user_id: user.user_id,
			user_name: user.email ?? user.username ?? user.user_id,
		};
		this.#userLog(user.user_id).push(full);
		return full;
	}

	/** A `sapi` event for a Management API write on `user`, with the request as Auth0 records it. */
	logApiCall(user: User, options: {description: string; method: string; path: string; status: number; clientId: string; body?: JsonObject}): void {
		const client = this.clients.find(candidate => candidate.client_id === options.clientId);
		this.log(user, {
			type: 'sapi',
			description: options.description,
			client_id: options.clientId,
			...(client ? {client_name: client.name} : {}),
			ip: '127.0.0.1',
			details: {
				request: {
					method: options.method,
					path: options.path,
					channel: 'api',
					...(options.body ? {body: options.body} : {}),
				},
				response: {statusCode: options.status},
			},
		});
	}

	rememberPassword(userId: string, password: string): void {
		const record = this.#passwordRecord(userId) ?? {hashes: []};
		record.hashes = [digest(userId, password), ...record.hashes].slice(0, 25);
		this.passwords.set(userId, record);
	}

	usedPassword(userId: string, password: string, size: number): boolean {
		const record = this.#passwordRecord(userId);
		return record !== undefined && record.hashes.slice(0, size).includes(digest(userId, password));
	}

	#passwordRecord(userId: string): PasswordRecord | undefined {
		const known = this.passwords.get(userId);
		if (known !== undefined || this.#initialPassword === undefined || !userId.startsWith('auth0|')) {
			return known;
		}

		return {hashes: [digest(userId, this.#initialPassword)]};
	}

	#schedule(userId: string, user: User | undefined): void {
		const change = {at: this.now() + this.searchLagMs, userId, user};
		if (this.searchLagMs <= 0 && this.#pending.length === 0) {
			this.#apply(change);
		} else {
			this.#pending.push(change);
		}
	}

	#apply(change: PendingIndexChange): void {
		this.#indexVersion++;
		if (change.user === undefined) {
			this.#indexed.delete(change.userId);
		} else {
			this.#indexed.set(change.userId, change.user);
		}
	}

	#userLog(userId: string): LogEvent[] {
		let list = this.logs.get(userId);
		if (list === undefined) {
			list = [];
			this.logs.set(userId, list);
		}

		return list;
	}
}

function digest(userId: string, password: string): string {
	return createHash('sha256').update(`${userId}\u0000${password}`).digest('hex');
}
