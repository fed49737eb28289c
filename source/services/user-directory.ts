// The Users area's reads: what screens and commands ask about users, their
// devices and logs, connections and applications. Each is a question the
// Management API also answers, so another backend can answer it the same way.
import {UserdeckError} from '../domain/errors.js';
import {damagedUserError} from './users-api.js';
import {compileSearch} from '../domain/search/index.js';
import {compareUsers, type UserSort} from '../domain/sort.js';
import type {Client, Connection, DeviceCredential, ListUser, LogEvent, User} from '../domain/types.js';
import {placesFromLogs, type Place} from '../map/places.js';
import type {LogProblem} from '../store/store.js';
import type {ServiceContext} from './service-context.js';

export class UserDirectory {
	private readonly context: ServiceContext;

	constructor(context: ServiceContext) {
		this.context = context;
	}

	/** Where the users live, as the header names it (the store's path). */
	get sourceLabel(): string {
		return this.context.store.path;
	}

	/** A number that changes whenever the users, their devices or logs change (own writes or another process's). */
	get revision(): number {
		return this.context.store.revision;
	}

	/** Calls `listener` after each change (see `revision`); returns the unsubscribe. */
	subscribe(listener: () => void): () => void {
		return this.context.store.subscribe(listener);
	}

	/**
	 * The user with this id, or undefined when there is none (any more), or
	 * when the store file's profile of them is damaged: `userProblem` says so,
	 * and commands that need the user (`findUser`, `getUser`) fail with it.
	 */
	user(userId: string): User | undefined {
		return this.context.readableUser(userId);
	}

	/** Why the user's profile cannot be read from the store file, or undefined. */
	userProblem(userId: string): string | undefined {
		return this.context.store.userProblem(userId);
	}

	/** How many users there are (no scan). */
	userCount(): number {
		return this.context.store.tables.users.size;
	}

	/** Every user by user_id, as the list sorts and filters them: their list columns (not copied: read, never change). */
	usersById(): ReadonlyMap<string, ListUser> {
		return this.context.store.tables.users;
	}

	/** The ids of the users changed since `revision`, or undefined when that is no longer known (see Store.changedUsersSince). */
	changedUsersSince(revision: number): ReadonlySet<string> | undefined {
		return this.context.store.changedUsersSince(revision);
	}

	/** A device credential by id (any user's), or undefined. */
	device(deviceId: string): DeviceCredential | undefined {
		return this.context.store.device(deviceId);
	}

	/**
	 * A user by user_id or, failing that, by email (any case, any connection).
	 * One email may belong to a user in each of several connections: then no
	 * guess is made, and the error lists them so the caller can pick a user_id.
	 */
	findUser(idOrEmail: string): User {
		const problem = this.context.store.userProblem(idOrEmail);
		if (problem !== undefined) {
			throw damagedUserError(idOrEmail, problem);
		}

		const byId = this.context.store.user(idOrEmail);
		if (byId) {
			return byId;
		}

		const matches = idOrEmail.includes('@') ? this.usersByEmail(idOrEmail) : [];
		if (matches.length === 1) {
			return matches[0]!;
		}

		if (matches.length > 1) {
			const list = matches.map(user => `${user.user_id} (${user.identities.map(identity => identity.connection).join(', ')})`).join(', ');
			throw new UserdeckError('CONFLICT', `${matches.length} users have the email ${idOrEmail}: ${list}; give a user_id`);
		}

		throw new UserdeckError('NOT_FOUND', idOrEmail.includes('@') ? `No user with id or email ${idOrEmail}` : `No user with id ${idOrEmail}`);
	}

	/** The users with this email (any case), one per connection at most, by the store's index. */
	usersByEmail(email: string): User[] {
		const users = new Map<string, User>();
		for (const connection of this.context.store.tables.connections.values()) {
			const user = this.context.store.userByEmail(connection.name, email);
			if (user) {
				users.set(user.user_id, user);
			}
		}

		return [...users.values()];
	}

	listUsers(options: {query?: string; sort?: UserSort} = {}): User[] {
		const matches = compileSearch(options.query ?? '');
		const users: User[] = [];
		for (const id of this.context.store.tables.users.keys()) {
			// One profile at a time, parsed from the store file when sealed (store/sealed-user.ts).
			const user = this.context.store.user(id)!;
			if (matches(user)) {
				users.push(user);
			}
		}

		if (options.sort) {
			const sort = options.sort;
			users.sort((a, b) => compareUsers(a, b, sort));
		}

		return users;
	}

	/** How many users are blocked (the store keeps the count; no scan). */
	blockedCount(): number {
		return this.context.store.blockedCount();
	}

	connections(): Connection[] {
		return [...this.context.store.tables.connections.values()];
	}

	databaseConnections(): Connection[] {
		return this.connections().filter(connection => connection.strategy === 'auth0');
	}

	clients(): Client[] {
		return [...this.context.store.tables.clients.values()];
	}

	/**
	 * The client_id an admin means by `idOrName`: a client_id, else an
	 * application's exact name. An unknown value is returned as it is, for the
	 * operation to refuse in its own words (and log, as a misdirected redemption
	 * is); a name two applications share is an error that lists their ids.
	 */
	resolveClientId(idOrName: string): string {
		if (this.context.store.tables.clients.has(idOrName)) {
			return idOrName;
		}

		const named = this.clients().filter(client => client.name === idOrName);
		if (named.length > 1) {
			throw new UserdeckError('CONFLICT', `${named.length} applications are named ${idOrName}: ${named.map(client => client.client_id).join(', ')}; give a client_id`);
		}

		return named[0]?.client_id ?? idOrName;
	}

	devices(userId: string): DeviceCredential[] {
		// Listed is enough: the devices of a user whose profile is damaged are still read.
		if (!this.context.store.tables.users.has(userId)) {
			this.context.getUser(userId);
		}

		return [...this.context.store.devicesOf(userId)];
	}

	/** The user's events since `sinceMs` ago (default 2 days, as the Dashboard), newest first. */
	history(userId: string, sinceMs = 2 * 24 * 3600 * 1000): LogEvent[] {
		const logs = this.context.store.logsOf(userId);
		const cutoff = sinceMs === Number.POSITIVE_INFINITY ? '' : new Date(this.context.now().getTime() - sinceMs).toISOString();
		const events: LogEvent[] = [];
		// Logs are chronological: walk back from the newest and stop at the window's edge.
		for (let index = logs.length - 1; index >= 0; index--) {
			const event = logs[index]!;
			if (event.date < cutoff) {
				break;
			}

			events.push(event);
		}

		return events;
	}

	/** Why some of the user's events could not be read (a damaged store); `history` and `locations` leave them out. */
	historyProblems(userId: string): readonly LogProblem[] {
		return this.context.store.logProblemsOf(userId);
	}

	locations(userId: string): Place[] {
		return placesFromLogs(this.context.store.logsOf(userId));
	}
}
