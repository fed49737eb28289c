// Every operation of the Users area. This module is the only writer of the store:
// screens and CLI commands call it and never stage changes themselves.
// Each admin operation writes exactly one log event (success or failure) with
// the actor, action, target and result, as OWASP's logging cheat sheet asks.
import {createHash, randomBytes, timingSafeEqual} from 'node:crypto';
import {setTimeout as delay} from 'node:timers/promises';
import {normalizeEmail, validateEmail} from '../domain/email.js';
import {type FieldErrors, UserdeckError} from '../domain/errors.js';
import {mergeMetadata, validateMetadataPatch} from '../domain/metadata.js';
import {checkPassword, MAX_PASSWORD_BYTES, passwordsDoNotMatch} from '../domain/password-policy.js';
import {compileSearch} from '../domain/search/index.js';
import {compareUsers, type UserSort} from '../domain/sort.js';
import type {
	Client,
	Connection,
	DeviceCredential,
	ImpersonationTicket,
	JsonObject,
	LogEvent,
	PasswordRecord,
	User,
} from '../domain/types.js';
import {newDatabaseUser, orderUserFields, primaryConnection} from '../domain/user-factory.js';
import {placesFromLogs, type Place} from '../map/places.js';
import type {LogProblem, Store, Transaction} from '../store/store.js';
import {newDatabaseUserId, newLogId, newTicketSecret} from './ids.js';
import {verificationCostKey, verifyImportedHash} from './imported-hash.js';
import {failureStatus, managementApiCall} from '../domain/management-api.js';
import {isMobileUserAgent} from '../domain/user-agent.js';
import {argon2Hasher, type PasswordHasher} from './password-hasher.js';

/** What the even-time password check knows of the store's kinds of hash (UsersService.verifyEvenly). */
type CheckTiming = {
	records: number;
	passwords: unknown;
	/** One imported hash per costly kind of verification. */
	costly: Map<string, PasswordRecord>;
	/** How long the slowest account's check takes, once timed. */
	target: number | undefined;
	/** The first check while it times the kinds. */
	measuring: Promise<void> | undefined;
};

/** Who is operating the console or the CLI; recorded on every admin log event. */
export type Actor = {user_id: string; email: string};

export type ServiceOptions = {
	store: Store;
	actor: Actor;
	hasher?: PasswordHasher;
	now?: () => Date;
	/** Tenant host name recorded on log events. */
	hostname?: string;
	/** The application the admin works through, recorded on admin events as Auth0 records the calling client. */
	client?: {client_id: string; client_name: string};
	/** The user agent of sign-ins that give none (the CLI's own). */
	userAgent?: string;
};

export type CreateUserInput = {
	email: string;
	password: string;
	repeatPassword: string;
	connection: string;
};

export type SignInInput = {email: string; password: string; clientId: string; ip?: string; userAgent?: string};

export type ImpersonationOptions =
	| {allowed: true; clients: Client[]}
	| {allowed: false; reason: string};

export type IssuedTicket = {url: string; expiresAt: string; client: Client};

export type RedeemedProfile = User & {impersonated: true; impersonator: Actor};

/** Auth0's default lifetime of an impersonation link. */
export const TICKET_LIFETIME_MS = 120_000;
const TICKET_PARAMETER = 'userdeck_ticket';
const ticketPattern = /^[\w-]{43}$/;
const genericTicketError = 'The ticket is invalid, expired, already used or issued for another application';

export class UsersService {
	readonly store: Store;
	readonly actor: Actor;
	private readonly hasher: PasswordHasher;
	private readonly now: () => Date;
	private readonly hostname: string;
	private readonly callingClient: {client_id: string; client_name: string};
	private readonly userAgent: string;
	private dummyHash: Promise<string> | undefined;

	constructor(options: ServiceOptions) {
		this.store = options.store;
		this.actor = options.actor;
		this.hasher = options.hasher ?? argon2Hasher;
		this.now = options.now ?? (() => new Date());
		this.hostname = options.hostname ?? 'userdeck.local';
		this.callingClient = options.client ?? {client_id: 'userdeck', client_name: 'userdeck'};
		this.userAgent = options.userAgent ?? 'userdeck';
	}

	/**
	 * Loads the password hasher ahead of a create or sign-in the user is about
	 * to submit, so the first one does not wait for it on the event loop.
	 */
	prepareForPasswords(): void {
		this.hasher.prepare?.();
	}

	// Reads --------------------------------------------------------------------
	// Screens read through these, never through `store`: each is a question the
	// Management API also answers, so another backend can answer it the same way.

	/** Where the users live, as the header names it (the store's path). */
	get sourceLabel(): string {
		return this.store.path;
	}

	/** A number that changes whenever the users, their devices or logs change (own writes or another process's). */
	get revision(): number {
		return this.store.revision;
	}

	/** Calls `listener` after each change (see `revision`); returns the unsubscribe. */
	subscribe(listener: () => void): () => void {
		return this.store.subscribe(listener);
	}

	/** The user with this id, or undefined when there is none (any more). */
	user(userId: string): User | undefined {
		return this.store.user(userId);
	}

	/** How many users there are (no scan). */
	userCount(): number {
		return this.store.tables.users.size;
	}

	/** Every user by user_id, as the list sorts and filters them (not copied: read, never change). */
	usersById(): ReadonlyMap<string, User> {
		return this.store.tables.users;
	}

	/** The ids of the users changed since `revision`, or undefined when that is no longer known (see Store.changedUsersSince). */
	changedUsersSince(revision: number): ReadonlySet<string> | undefined {
		return this.store.changedUsersSince(revision);
	}

	/** A device credential by id (any user's), or undefined. */
	device(deviceId: string): DeviceCredential | undefined {
		return this.store.tables.devices.get(deviceId);
	}

	getUser(userId: string): User {
		const user = this.store.user(userId);
		if (!user) {
			throw new UserdeckError('NOT_FOUND', `No user with id ${userId}`);
		}

		return user;
	}

	/**
	 * A user by user_id or, failing that, by email (any case, any connection).
	 * One email may belong to a user in each of several connections: then no
	 * guess is made, and the error lists them so the caller can pick a user_id.
	 */
	findUser(idOrEmail: string): User {
		const byId = this.store.user(idOrEmail);
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
		for (const connection of this.store.tables.connections.values()) {
			const user = this.store.userByEmail(connection.name, email);
			if (user) {
				users.set(user.user_id, user);
			}
		}

		return [...users.values()];
	}

	listUsers(options: {query?: string; sort?: UserSort} = {}): User[] {
		const matches = compileSearch(options.query ?? '');
		const users: User[] = [];
		for (const user of this.store.tables.users.values()) {
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
		return this.store.blockedCount();
	}

	connections(): Connection[] {
		return [...this.store.tables.connections.values()];
	}

	databaseConnections(): Connection[] {
		return this.connections().filter(connection => connection.strategy === 'auth0');
	}

	clients(): Client[] {
		return [...this.store.tables.clients.values()];
	}

	client(clientId: string): Client | undefined {
		return this.store.tables.clients.get(clientId);
	}

	/**
	 * The client_id an admin means by `idOrName`: a client_id, else an
	 * application's exact name. An unknown value is returned as it is, for the
	 * operation to refuse in its own words (and log, as a misdirected redemption
	 * is); a name two applications share is an error that lists their ids.
	 */
	resolveClientId(idOrName: string): string {
		if (this.store.tables.clients.has(idOrName)) {
			return idOrName;
		}

		const named = this.clients().filter(client => client.name === idOrName);
		if (named.length > 1) {
			throw new UserdeckError('CONFLICT', `${named.length} applications are named ${idOrName}: ${named.map(client => client.client_id).join(', ')}; give a client_id`);
		}

		return named[0]?.client_id ?? idOrName;
	}

	connectionByName(name: string): Connection | undefined {
		for (const connection of this.store.tables.connections.values()) {
			if (connection.name === name) {
				return connection;
			}
		}

		return undefined;
	}

	devices(userId: string): DeviceCredential[] {
		this.getUser(userId);
		return [...this.store.devicesOf(userId)];
	}

	/** The user's events since `sinceMs` ago (default 2 days, as the Dashboard), newest first. */
	history(userId: string, sinceMs = 2 * 24 * 3600 * 1000): LogEvent[] {
		const logs = this.store.logsOf(userId);
		const cutoff = sinceMs === Number.POSITIVE_INFINITY ? '' : new Date(this.now().getTime() - sinceMs).toISOString();
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
		return this.store.logProblemsOf(userId);
	}

	locations(userId: string): Place[] {
		return placesFromLogs(this.store.logsOf(userId));
	}

	// Create -------------------------------------------------------------------

	async createUser(input: CreateUserInput): Promise<User> {
		const email = normalizeEmail(input.email);
		const connection = this.connectionByName(input.connection);
		const fields = this.createUserErrors(input, email, connection);
		if (Object.keys(fields).length > 0 || !connection) {
			const first = Object.values(fields).flat()[0] ?? 'Invalid input';
			await this.logFailure('fs', 'create user', email, first, {connection: input.connection});
			throw new UserdeckError('VALIDATION', first, fields);
		}

		const passwordHash = await this.hasher.hash(input.password);
		try {
			return await this.store.transact(tx => {
				// Rules are checked again under the lock: another process may have
				// created the same email or disabled the connection meanwhile.
				const current = this.connectionByName(connection.name);
				if (!current || current.enabled_clients.length === 0) {
					throw new UserdeckError('VALIDATION', 'The connection is disabled', {connection: ['The connection is disabled']});
				}

				if (this.store.userByEmail(current.name, email)) {
					throw new UserdeckError('CONFLICT', 'The user already exists.', {email: ['The user already exists.']});
				}

				const now = this.now();
				const user = newDatabaseUser({id: newDatabaseUserId(), email, connection: current.name, now});
				tx.put('users', user);
				tx.put('passwords', {user_id: user.user_id, hash: passwordHash, history: [], updated_at: now.toISOString()});
				tx.put('logs', this.event('ss', {
					description: 'Created by an administrator',
					user,
					connection: current,
					details: this.audit('create user', user.user_id, 'success'),
				}));
				return user;
			});
		} catch (error) {
			if (error instanceof UserdeckError) {
				await this.logFailure('fs', 'create user', email, error.message, {connection: connection.name});
			}

			throw error;
		}
	}

	/** The rules a new user must meet, per form field. Empty when all pass. */
	createUserErrors(input: CreateUserInput, email = normalizeEmail(input.email), connection = this.connectionByName(input.connection)): FieldErrors {
		const fields: FieldErrors = {};
		const add = (field: keyof FieldErrors, message: string) => {
			(fields[field] ??= []).push(message);
		};

		const emailError = validateEmail(input.email);
		if (emailError) {
			add('email', emailError);
		}

		if (!connection) {
			add('connection', input.connection ? `No connection named ${input.connection}` : 'Choose a connection');
		} else if (connection.strategy !== 'auth0') {
			add('connection', `${connection.name} is not a database connection: users can only be created in database connections`);
		} else if (connection.enabled_clients.length === 0) {
			add('connection', 'The connection is disabled');
		}

		if (input.password.length === 0) {
			add('password', 'Password is required');
		} else if (Buffer.byteLength(input.password) > MAX_PASSWORD_BYTES) {
			add('password', `Password is too long (at most ${MAX_PASSWORD_BYTES} bytes)`);
		} else if (connection) {
			for (const rule of checkPassword(input.password, connection.options ?? {}, {email})) {
				add('password', rule.message);
			}
		}

		if (input.password !== input.repeatPassword) {
			add('repeatPassword', passwordsDoNotMatch);
		}

		if (!emailError && connection && this.store.userByEmail(connection.name, email)) {
			add('email', 'The user already exists.');
		}

		return fields;
	}

	// Admin writes -------------------------------------------------------------

	async blockUser(userId: string): Promise<User> {
		return (await this.setBlocked(userId, true)).user;
	}

	async unblockUser(userId: string): Promise<User> {
		return (await this.setBlocked(userId, false)).user;
	}

	/**
	 * Blocks or unblocks; `changed` is false when the user already was in that
	 * state (decided under the lock, so two admins racing both learn the truth).
	 * The request is still one admin action with its event, but the profile is
	 * left as it was (its updated_at too).
	 */
	async setBlocked(userId: string, blocked: boolean): Promise<{user: User; changed: boolean}> {
		const action = blocked ? 'block user' : 'unblock user';
		return this.adminWrite('fapi', action, userId, tx => {
			const user = this.getUser(userId);
			const changed = (user.blocked ?? false) !== blocked;
			const updated = changed ? orderUserFields({...user, blocked, updated_at: this.now().toISOString()}) : user;
			if (changed) {
				tx.put('users', updated);
			}

			// A ticket refused while the user was blocked would work again after an
			// unblock within its 2 minutes: blocking ends the user's tickets.
			let ended = 0;
			if (blocked) {
				for (const ticket of this.store.tables.tickets.values()) {
					if (ticket.user_id === userId) {
						tx.delete('tickets', ticket.id);
						ended++;
					}
				}
			}

			tx.put('logs', this.event('sapi', {
				description: `${blocked ? 'Block user' : 'Unblock user'}${changed ? '' : ` (already ${blocked ? 'blocked' : 'unblocked'})`}`,
				user,
				details: {...this.audit(action, userId, 'success'), ...(changed ? {} : {unchanged: true}), ...(ended > 0 ? {tickets_ended: ended} : {})},
			}));
			return {user: updated, changed};
		});
	}

	async deleteUser(userId: string): Promise<void> {
		const action = 'delete user';
		await this.adminWrite('fdu', action, userId, tx => {
			const user = this.getUser(userId);
			tx.delete('users', userId);
			tx.delete('passwords', userId);
			for (const device of this.store.devicesOf(userId)) {
				tx.delete('devices', device.id);
			}

			for (const ticket of this.store.tables.tickets.values()) {
				if (ticket.user_id === userId) {
					tx.delete('tickets', ticket.id);
				}
			}

			tx.put('logs', this.event('sdu', {
				description: 'Deleted by an administrator',
				user,
				details: this.audit(action, userId, 'success'),
			}));
		});
	}

	async updateMetadata(userId: string, patch: unknown): Promise<User> {
		const action = 'update user_metadata';
		return this.adminWrite('fapi', action, userId, tx => {
			const user = this.getUser(userId);
			const problem = validateMetadataPatch(patch, user.user_metadata);
			if (problem) {
				throw new UserdeckError('VALIDATION', problem, {metadata: [problem]});
			}

			const patchObject = patch as JsonObject;
			const merged = mergeMetadata(user.user_metadata, patchObject);
			const updated = orderUserFields({...user, user_metadata: merged, updated_at: this.now().toISOString()});
			tx.put('users', updated);
			tx.put('logs', this.event('sapi', {
				description: 'Update user_metadata',
				user,
				// Keys only: metadata values may be personal data.
				details: {...this.audit(action, userId, 'success'), keys: Object.keys(patchObject)},
			}));
			return updated;
		});
	}

	async unlinkDevice(userId: string, deviceId: string): Promise<void> {
		const action = 'unlink device';
		await this.adminWrite('fapi', action, userId, tx => {
			const user = this.getUser(userId);
			const device = this.store.tables.devices.get(deviceId);
			if (!device || device.user_id !== userId) {
				throw new UserdeckError('NOT_FOUND', `No device ${deviceId} for user ${userId}`);
			}

			tx.delete('devices', deviceId);
			tx.put('logs', this.event('srrt', {
				description: `Refresh token revoked: ${device.device_name}`,
				user,
				client: this.client(device.client_id),
				details: {...this.audit(action, userId, 'success'), device_id: deviceId},
			}));
		});
	}

	// Sign-in check ------------------------------------------------------------

	/** What an application does when a user logs in with a password. */
	async signIn(input: SignInInput): Promise<User> {
		const client = this.client(input.clientId);
		if (!client) {
			throw new UserdeckError('NOT_FOUND', `No application with client_id ${input.clientId}`);
		}

		const base = {client, ip: input.ip, userAgent: input.userAgent ?? this.userAgent};
		const databases = [...this.store.tables.connections.values()].filter(connection => connection.strategy === 'auth0');
		if (!databases.some(connection => connection.enabled_clients.includes(client.client_id))) {
			// A fact about the application, the same for every email: it tells nothing about accounts.
			const problem = `${client.name} has no database connection enabled, so nobody can sign in to it with a password; enable one for it`;
			await this.store.transact(tx => {
				tx.put('logs', this.event('f', {...base, description: problem, userName: normalizeEmail(input.email)}));
			});
			throw new UserdeckError('FORBIDDEN', problem);
		}

		const email = normalizeEmail(input.email);
		const candidate = this.findLoginUser(email, client);
		// The same email in a database connection this application does not use:
		// named only once the password proves the caller is that user.
		const elsewhere = candidate ? undefined : databases.map(connection => this.store.userByEmail(connection.name, email)).find(user => user !== undefined);
		const account = candidate ?? elsewhere;
		const record = account ? this.store.tables.passwords.get(account.user_id) : undefined;
		const valid = await this.verifyEvenly(record, input.password);
		// An imported hash (another system's algorithm) is replaced with argon2id
		// at the first sign-in that proves the password, as Auth0 does. Hashed
		// before taking the lock: argon2 takes tens of milliseconds.
		const upgrade = valid && candidate && record?.imported ? await this.hasher.hash(input.password) : undefined;
		return this.store.transact(tx => {
			const user = candidate ? this.store.user(candidate.user_id) : undefined;
			if (!user) {
				const other = elsewhere ? this.store.user(elsewhere.user_id) : undefined;
				if (other && valid) {
					const connection = other.identities[0]?.connection ?? 'its connection';
					const problem = `The user's connection ${connection} is not enabled for ${client.name}; enable it for the application to sign in through it`;
					tx.put('logs', this.event('f', {...base, description: problem, user: other}));
					return {error: new UserdeckError('FORBIDDEN', problem)};
				}

				tx.put('logs', this.event('fu', {...base, description: 'Wrong email or password.', userName: email}));
				return {error: new UserdeckError('AUTH', 'Wrong email or password.')};
			}

			// The credentials first: a wrong password learns nothing about the account's state.
			if (!valid) {
				tx.put('logs', this.event('fp', {...base, description: 'Wrong email or password.', user}));
				return {error: new UserdeckError('AUTH', 'Wrong email or password.')};
			}

			if (user.blocked) {
				tx.put('logs', this.event('f', {...base, description: 'user is blocked', user}));
				return {error: new UserdeckError('FORBIDDEN', 'user is blocked')};
			}

			const now = this.now().toISOString();
			const updated = orderUserFields({
				...user,
				last_login: now,
				last_ip: input.ip ?? user.last_ip,
				logins_count: (user.logins_count ?? 0) + 1,
				updated_at: now,
			});
			tx.put('users', updated);
			const current = this.store.tables.passwords.get(user.user_id);
			// Only if nobody changed the password meanwhile.
			const upgraded = upgrade !== undefined && current?.imported !== undefined && current.hash === record?.hash;
			if (upgraded) {
				tx.put('passwords', {user_id: user.user_id, hash: upgrade, history: current.history, updated_at: now});
			}

			tx.put('logs', this.event('s', {
				...base,
				description: 'Successful login',
				user,
				...(upgraded ? {details: {password_hash_upgraded: `${current.imported!.algorithm} → argon2id`}} : {}),
			}));
			return {user: updated};
		}).then(result => {
			if ('error' in result) {
				throw result.error;
			}

			return result.user;
		});
	}

	/**
	 * A password check that takes the same time whatever the account's hash
	 * scheme, so a wrong password tells nothing about how the account's
	 * password is stored (an imported md5 account used to answer ~70 ms
	 * sooner than an argon2id one or an unknown email).
	 *
	 * The first check of a process (and the first after the password table
	 * changes) does every costly kind of work the store holds, one after the
	 * other, timing each: one argon2id verification (the account's own, else a
	 * dummy's with the live parameters) and one verification of each costly
	 * imported kind (bcrypt of each cost, pbkdf2, scrypt, argon2 of other
	 * parameters: the account's own where it is one of them, else another
	 * account's, result ignored). So that check costs the same for every
	 * account; `userdeck login`, one check a process, is always this one.
	 * Later checks do only the account's own work and then wait until the
	 * slowest account's would have ended (argon2id plus the slowest imported
	 * kind, as timed): the same time for everyone without paying for every
	 * kind at each sign-in, which in a store of many imported kinds cost
	 * seconds of CPU per sign-in (25 kinds: 0.8 s).
	 */
	private async verifyEvenly(record: PasswordRecord | undefined, password: string, started = performance.now()): Promise<boolean> {
		const ownKey = record?.imported ? verificationCostKey(record.hash, record.imported) ?? 'digest' : record ? 'native' : undefined;
		const argon2 = async (): Promise<boolean> => ownKey === 'native'
			? this.verifyPassword(record!, password)
			: this.getDummyHash().then(async hash => this.hasher.verify(hash, password));
		const timing = this.checkTiming();
		if (timing.target === undefined) {
			if (timing.measuring) {
				// Checks that come while the first is timing the kinds wait for it
				// (they would otherwise each do all of its work), then go on as later checks.
				await timing.measuring;
				return this.verifyEvenly(record, password, started);
			}

			const measuring = this.measureChecks(timing, record, ownKey, password, argon2);
			timing.measuring = measuring.then(() => undefined, () => undefined);
			try {
				return await measuring;
			} finally {
				timing.measuring = undefined;
			}
		}

		const [imported, native] = await Promise.all([
			record && ownKey !== 'native' ? this.verifyPassword(record, password) : Promise.resolve(false),
			argon2(),
		]);
		const rest = timing.target - (performance.now() - started);
		if (rest > 1) {
			await delay(rest);
		}

		return ownKey === 'native' ? native : imported;
	}

	/** The first check (see verifyEvenly): every costly kind of work the store holds, one after the other, timed. */
	private async measureChecks(timing: CheckTiming, record: PasswordRecord | undefined, ownKey: string | undefined, password: string, argon2: () => Promise<boolean>): Promise<boolean> {
		const timed = async (work: () => Promise<boolean>): Promise<{valid: boolean; ms: number}> => {
			const start = performance.now();
			const valid = await work();
			return {valid, ms: performance.now() - start};
		};

		const first = await timed(argon2);
		let valid = ownKey === 'native' ? first.valid : false;
		let slowest = 0;
		for (const [key, decoy] of timing.costly) {
			const checked = key === ownKey ? record! : decoy;
			// eslint-disable-next-line no-await-in-loop
			const step = await timed(async () => verifyImportedHash(checked.hash, checked.imported!, password));
			slowest = Math.max(slowest, step.ms);
			if (key === ownKey) {
				valid = step.valid;
			}
		}

		if (ownKey === 'digest') {
			valid = await this.verifyPassword(record!, password);
		}

		timing.target = first.ms + slowest;
		return valid;
	}

	private timing: CheckTiming | undefined;
	/**
	 * One imported hash per costly kind in the store, and how long the slowest
	 * check takes once timed (see verifyEvenly); found again when the password
	 * table is replaced or changes size.
	 */
	private checkTiming(): CheckTiming {
		const passwords = this.store.tables.passwords;
		// Looked for again when the table is replaced (a reload) or changes size
		// (users created, imported or deleted), not at every write: a scan of a
		// million records per sign-in would cost more than the check.
		const records = passwords.size;
		if (this.timing?.passwords !== passwords || this.timing.records !== records) {
			const costly = new Map<string, PasswordRecord>();
			for (const record of passwords.values()) {
				const key = record.imported ? verificationCostKey(record.hash, record.imported) : undefined;
				if (key !== undefined && !costly.has(key)) {
					costly.set(key, record);
				}
			}

			// No kind the timing has not seen (users of known kinds came or went,
			// the last of a kind was rehashed): the target still bounds every check.
			// The kinds seen stay as decoys, so a later first check does the same work.
			const known = this.timing !== undefined && [...costly.keys()].every(key => this.timing!.costly.has(key));
			if (known) {
				this.timing!.records = records;
				this.timing!.passwords = passwords;
			} else {
				this.timing = {records, passwords, costly, target: undefined, measuring: undefined};
			}
		}

		return this.timing!;
	}

	/** Checks a password against the stored hash: argon2id, or an imported algorithm. */
	private async verifyPassword(record: PasswordRecord, password: string): Promise<boolean> {
		return record.imported
			? verifyImportedHash(record.hash, record.imported, password)
			: this.hasher.verify(record.hash, password);
	}

	// Sign in as User ----------------------------------------------------------

	impersonationOptions(userId: string): ImpersonationOptions {
		const user = this.getUser(userId);
		if (user.blocked) {
			return {allowed: false, reason: 'The user is blocked: unblock them first'};
		}

		const withCallbacks = this.clients().filter(client => client.callbacks.length > 0);
		if (withCallbacks.length === 0) {
			return {allowed: false, reason: 'No application has a callback URL'};
		}

		const connectionNames = new Set(user.identities.map(identity => identity.connection));
		const enabledIds = new Set(this.connections()
			.filter(connection => connectionNames.has(connection.name))
			.flatMap(connection => connection.enabled_clients));
		const clients = withCallbacks.filter(client => enabledIds.has(client.client_id));
		if (clients.length === 0) {
			const names = [...connectionNames].join(', ');
			return {allowed: false, reason: `The user's connection (${names}) is not enabled on any application with a callback URL`};
		}

		return {allowed: true, clients};
	}

	/** Issues a one-time URL that signs the admin in as the user. */
	async impersonate(userId: string, clientId: string): Promise<IssuedTicket> {
		const action = 'sign in as user';
		return this.adminWrite('fimp', action, userId, tx => {
			const options = this.impersonationOptions(userId);
			if (!options.allowed) {
				throw new UserdeckError('FORBIDDEN', options.reason);
			}

			const client = options.clients.find(candidate => candidate.client_id === clientId);
			if (!client) {
				throw new UserdeckError('FORBIDDEN', `Application ${clientId} cannot be used to sign in as this user`);
			}

			const secret = newTicketSecret();
			const now = this.now();
			const expiresAt = new Date(now.getTime() + TICKET_LIFETIME_MS).toISOString();
			const ticket: ImpersonationTicket = {
				id: hashTicket(secret),
				user_id: userId,
				client_id: client.client_id,
				impersonator: this.actor,
				issued_at: now.toISOString(),
				expires_at: expiresAt,
			};
			// Expired tickets are useless: drop them while holding the lock anyway.
			for (const old of this.store.tables.tickets.values()) {
				if (old.expires_at < now.toISOString()) {
					tx.delete('tickets', old.id);
				}
			}

			tx.put('tickets', ticket);
			tx.put('logs', this.event('simp', {
				description: `Sign in as User: one-time URL issued for ${client.name}`,
				user: this.getUser(userId),
				client,
				details: {...this.audit(action, userId, 'success'), expires_at: expiresAt},
			}));
			const url = new URL(client.callbacks[0]!);
			url.searchParams.set(TICKET_PARAMETER, secret);
			return {url: url.toString(), expiresAt, client};
		});
	}

	/** What the application does with the one-time URL: exchange it, once, for the profile. */
	async redeemTicket(urlOrTicket: string, clientId: string): Promise<RedeemedProfile> {
		const secret = extractTicket(urlOrTicket);
		const id = secret ? hashTicket(secret) : undefined;
		const result = await this.store.transact(tx => {
			const ticket = id ? this.store.tables.tickets.get(id) : undefined;
			const now = this.now().toISOString();
			const client = this.client(clientId);
			const user = ticket ? this.store.user(ticket.user_id) : undefined;
			const reason = !ticket
				? 'unknown ticket'
				: ticket.used_at
					? 'ticket already used'
					: ticket.expires_at <= now
						? 'ticket expired'
						: !sameText(ticket.client_id, clientId)
							? 'ticket issued for another application'
							: !user
								? 'user no longer exists'
								: user.blocked
									? 'user is blocked'
									: undefined;
			if (reason || !ticket || !user) {
				tx.put('logs', this.event('fimpr', {
					description: `Sign in as User refused: ${reason ?? 'invalid'}`,
					user,
					client,
					details: {
						...this.audit('redeem ticket', ticket?.user_id ?? 'unknown ticket', 'failure'),
						reason: reason ?? 'invalid',
						...(ticket ? {ticket_issued_at: ticket.issued_at} : {}),
					},
				}));
				return {error: new UserdeckError('AUTH', genericTicketError)};
			}

			tx.put('tickets', {...ticket, used_at: now});
			tx.put('logs', this.event('simpr', {
				description: `Signed in as User by ${ticket.impersonator.email}`,
				user,
				client,
				details: {...this.audit('redeem ticket', user.user_id, 'success'), impersonator: ticket.impersonator},
			}));
			const profile: RedeemedProfile = {...user, impersonated: true, impersonator: ticket.impersonator};
			return {profile};
		});
		if ('error' in result) {
			throw result.error;
		}

		return result.profile;
	}

	// For operations written in their own modules (bulk import) ---------------

	/** The service's clock, for timestamps that must match its log events. */
	currentTime(): Date {
		return this.now();
	}

	/** A log event of an admin action, with the audit details every admin event carries. */
	auditEvent(type: string, options: {
		description: string;
		action: string;
		target: string;
		result: 'success' | 'failure';
		user?: User | undefined;
		userName?: string | undefined;
		connection?: Connection | undefined;
		details?: JsonObject;
	}): LogEvent {
		return this.event(type, {
			description: options.description,
			user: options.user,
			userName: options.userName,
			connection: options.connection,
			details: {...this.audit(options.action, options.target, options.result), ...options.details},
		});
	}

	// Internals ----------------------------------------------------------------

	/**
	 * Runs an admin write; if its rules refuse it, one failure event is logged
	 * instead, and the error is rethrown for the caller to show.
	 */
	private async adminWrite<T>(failureCode: string, action: string, target: string, fn: (tx: Transaction) => T): Promise<T> {
		try {
			return await this.store.transact(fn);
		} catch (error) {
			if (error instanceof UserdeckError) {
				await this.logFailure(failureCode, action, target, error.message, {}, error.code);
			}

			throw error;
		}
	}

	private async logFailure(code: string, action: string, target: string, reason: string, extra: JsonObject = {}, errorCode?: string): Promise<void> {
		await this.store.transact(tx => {
			const user = this.store.user(target);
			tx.put('logs', this.event(code, {
				description: `${action} failed: ${reason}`,
				user,
				userName: user ? undefined : target,
				details: {...this.audit(action, target, 'failure', failureStatus(errorCode)), reason, ...extra},
			}));
		});
	}

	/**
	 * userdeck's own record of an admin action (actor, action, target, result),
	 * beside the Management API call it stands for, as Auth0 logs it.
	 */
	private audit(action: string, target: string, result: 'success' | 'failure', status = 400): JsonObject {
		const call = managementApiCall(action, target);
		return {
			actor: this.actor,
			action,
			target,
			result,
			...(call ? {request: {method: call.method, path: call.path, channel: 'api'}, response: {statusCode: result === 'success' ? call.success : status}} : {}),
		};
	}

	private event(type: string, options: {
		description: string;
		user?: User | undefined;
		userName?: string | undefined;
		client?: Client | undefined;
		connection?: Connection | undefined;
		ip?: string | undefined;
		userAgent?: string | undefined;
		details?: JsonObject;
	}): LogEvent {
		const {user} = options;
		const connection = options.connection ?? (user ? this.connectionByName(primaryConnection(user)) : undefined);
		const date = this.now().toISOString();
		const event: LogEvent = {
			log_id: newLogId(date),
			date,
			type,
			description: options.description,
			hostname: this.hostname,
		};
		if (connection) {
			event.connection = connection.name;
			event.connection_id = connection.id;
			event.strategy = connection.strategy;
			event.strategy_type = connection.strategy === 'auth0' ? 'database' : 'social';
		}

		// An admin's action (its details name the actor) is a call by userdeck, the admin's client.
		const client = options.client ?? (options.details?.['actor'] === undefined ? undefined : {client_id: this.callingClient.client_id, name: this.callingClient.client_name});
		if (client) {
			event.client_id = client.client_id;
			event.client_name = client.name;
		}

		if (options.ip) {
			event.ip = options.ip;
		}

		if (options.userAgent) {
			event.user_agent = options.userAgent;
			event.isMobile = isMobileUserAgent(options.userAgent);
		}

		if (user) {
			event.user_id = user.user_id;
			event.user_name = user.email ?? user.name ?? user.user_id;
		} else if (options.userName) {
			event.user_name = options.userName;
		}

		if (options.details) {
			event.details = options.details;
		}

		return event;
	}

	private findLoginUser(email: string, client: Client): User | undefined {
		for (const connection of this.store.tables.connections.values()) {
			if (connection.strategy === 'auth0' && connection.enabled_clients.includes(client.client_id)) {
				const user = this.store.userByEmail(connection.name, email);
				if (user) {
					return user;
				}
			}
		}

		return undefined;
	}

	private async getDummyHash(): Promise<string> {
		this.dummyHash ??= this.hasher.dummyHash === undefined ? this.hasher.hash(randomBytes(16).toString('hex')) : Promise.resolve(this.hasher.dummyHash);
		return this.dummyHash;
	}
}

export function hashTicket(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}

/** Accepts the one-time URL or the bare ticket; undefined when malformed. */
export function extractTicket(urlOrTicket: string): string | undefined {
	const text = urlOrTicket.trim();
	let candidate = text;
	if (/^https?:\/\//i.test(text)) {
		try {
			candidate = new URL(text).searchParams.get(TICKET_PARAMETER) ?? '';
		} catch {
			return undefined;
		}
	}

	return ticketPattern.test(candidate) ? candidate : undefined;
}

function sameText(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}
