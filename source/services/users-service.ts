// Every operation of the Users area, behind one door: screens and CLI commands
// call this service and never stage changes in the store themselves. It hands
// each call to its part: reads (user-directory.ts), administration
// (user-administration.ts), sign-in (sign-in.ts) and Sign in as User tickets
// (tickets.ts), which share the store, the operator and the event log
// (service-context.ts).
import type {FieldErrors} from '../domain/errors.js';
import type {UserSort} from '../domain/sort.js';
import type {Client, Connection, DeviceCredential, ListUser, LogEvent, User} from '../domain/types.js';
import type {Place} from '../map/places.js';
import {type LogProblem, type Store, StoreError} from '../store/store.js';
import {type Actor, ServiceContext, type ServiceOptions} from './service-context.js';
import {PasswordSignIn, type SignInInput} from './sign-in.js';
import {ImpersonationTickets, type ImpersonationOptions, type IssuedTicket, type RedeemedProfile} from './tickets.js';
import {type ChangeEmailInput, type ChangePasswordInput, type CreateUserInput, type PasswordChangeOptions, UserAdministration} from './user-administration.js';
import {UserDirectory} from './user-directory.js';
import {type BatchAction, type BatchOptions, type BatchResult, UserBatch} from './user-batch.js';
import {exportUsersToNewFile} from './export-users.js';
import {
	type Capabilities, collectUsers, readListedUser, type DataSource, type HistoryLoadable, type Loadable, loaded, localCapabilities, type UserSearch, type UsersApi, type UserStream, type UserStreamOptions,
} from './users-api.js';
import {streamUsers} from './user-stream.js';
import {UserdeckError} from '../domain/errors.js';

export type {Actor, ServiceOptions} from './service-context.js';
export type {ChangeEmailInput, ChangePasswordInput, CreateUserInput, PasswordChangeOptions} from './user-administration.js';
export type {SignInInput} from './sign-in.js';
export type {BatchAction, BatchFailure, BatchOptions, BatchProgress, BatchResult} from './user-batch.js';
export {newBatchId} from './user-batch.js';
export type {ImpersonationOptions, IssuedTicket, RedeemedProfile} from './tickets.js';
export {extractTicket, hashTicket, TICKET_LIFETIME_MS} from './tickets.js';

export class UsersService implements UsersApi {
	readonly capabilities: Capabilities = localCapabilities;
	readonly store: Store;
	readonly actor: Actor;
	private readonly context: ServiceContext;
	private readonly directory: UserDirectory;
	private readonly administration: UserAdministration;
	private readonly passwordSignIn: PasswordSignIn;
	private readonly tickets: ImpersonationTickets;
	private readonly batch: UserBatch;

	constructor(options: ServiceOptions) {
		this.context = new ServiceContext(options);
		this.store = this.context.store;
		this.actor = this.context.actor;
		this.directory = new UserDirectory(this.context);
		this.administration = new UserAdministration(this.context);
		this.passwordSignIn = new PasswordSignIn(this.context, this.directory);
		this.tickets = new ImpersonationTickets(this.context, this.directory);
		this.batch = new UserBatch(this.context, this.administration);
	}

	/**
	 * Loads the password hasher ahead of a create or sign-in the user is about
	 * to submit, so the first one does not wait for it on the event loop.
	 */
	prepareForPasswords(): void {
		this.context.hasher.prepare?.();
	}

	// Reads (user-directory.ts) ------------------------------------------------

	/** Where the users live, as the header names it (the store's path). */
	get sourceLabel(): string {
		return this.directory.sourceLabel;
	}

	get source(): DataSource {
		// A pulled copy of a tenant says so (header: "copy of dev-abc.us.auth0.com · pulled …").
		const origin = this.store.origin;
		return {kind: 'local', label: this.directory.sourceLabel, ...(origin ? {copyOf: {tenant: origin.tenant, pulledAt: new Date(origin.pulled_at)}} : {})};
	}

	/** A number that changes whenever the users, their devices or logs change (own writes or another process's). */
	get revision(): number {
		return this.directory.revision;
	}

	subscribe(listener: () => void): () => void {
		return this.directory.subscribe(listener);
	}

	user(userId: string): User | undefined {
		return this.directory.user(userId);
	}

	/** The store answers at once: nothing to wait for. */
	notice(): string | undefined {
		return undefined;
	}

	/** Writes to the store finish before anything is drawn again. */
	pendingWrite(_userId: string): string | undefined {
		return undefined;
	}

	/** The store's reads are never stale: nothing to load again. */
	reloadUser(_userId: string): void {
		// Nothing cached.
	}

	/** A local store has no Dashboard. */
	dashboardUrl(_userId: string): string | undefined {
		return undefined;
	}

	/** The store answers every read at once: always loaded. */
	userState(userId: string): Loadable<User> {
		const user = this.directory.user(userId);
		if (user) {
			return loaded(user);
		}

		const problem = this.directory.userProblem(userId);
		return failed(problem === undefined ? new UserdeckError('NOT_FOUND', `No user with id ${userId}`) : new UserdeckError('DAMAGED', `This user's profile cannot be read: ${problem}`));
	}

	devicesState(userId: string): Loadable<DeviceCredential[]> {
		// Devices need no profile: a user whose profile is damaged still has theirs listed.
		if (!this.directory.usersById().has(userId)) {
			return failed(new UserdeckError('NOT_FOUND', `No user with id ${userId}`));
		}

		try {
			return loaded(this.directory.devices(userId));
		} catch (error) {
			// A damaged device (store/sealed-record.ts): the Devices tab says which, as the user page says a damaged profile.
			if (error instanceof StoreError && error.code === 'CORRUPT') {
				return failed(new UserdeckError('DAMAGED', error.message));
			}

			throw error;
		}
	}

	historyState(userId: string, sinceMs?: number): HistoryLoadable {
		return loaded(this.directory.history(userId, sinceMs));
	}

	connectionsState(): Loadable<Connection[]> {
		return loaded(this.directory.connections());
	}

	clientsState(): Loadable<Client[]> {
		return loaded(this.directory.clients());
	}

	userCount(): number {
		return this.directory.userCount();
	}

	userProblem(userId: string): string | undefined {
		return this.directory.userProblem(userId);
	}

	usersById(): ReadonlyMap<string, ListUser> {
		return this.directory.usersById();
	}

	changedUsersSince(revision: number): ReadonlySet<string> | undefined {
		return this.directory.changedUsersSince(revision);
	}

	device(deviceId: string): DeviceCredential | undefined {
		return this.directory.device(deviceId);
	}

	/** The user with this id; a NOT_FOUND error when there is none. */
	getUser(userId: string): User {
		return this.context.getUser(userId);
	}

	findUser(idOrEmail: string): User {
		return this.directory.findUser(idOrEmail);
	}

	usersByEmail(email: string): User[] {
		return this.directory.usersByEmail(email);
	}

	listUsers(options: {query?: string; sort?: UserSort} = {}): User[] {
		return this.directory.listUsers(options);
	}

	async searchUsers(options: {query?: string | undefined; sort?: UserSort | undefined; limit?: number | undefined}): Promise<UserSearch> {
		return collectUsers(this.eachUser(options));
	}

	eachUser(options: UserStreamOptions = {}): UserStream {
		return streamUsers(this.directory, options);
	}

	blockedCount(): number {
		return this.directory.blockedCount();
	}

	connections(): Connection[] {
		return this.directory.connections();
	}

	databaseConnections(): Connection[] {
		return this.directory.databaseConnections();
	}

	clients(): Client[] {
		return this.directory.clients();
	}

	client(clientId: string): Client | undefined {
		return this.context.client(clientId);
	}

	resolveClientId(idOrName: string): string {
		return this.directory.resolveClientId(idOrName);
	}

	connectionByName(name: string): Connection | undefined {
		return this.context.connectionByName(name);
	}

	devices(userId: string): DeviceCredential[] {
		return this.directory.devices(userId);
	}

	history(userId: string, sinceMs?: number): LogEvent[] {
		return this.directory.history(userId, sinceMs);
	}

	historyProblems(userId: string): readonly LogProblem[] {
		return this.directory.historyProblems(userId);
	}

	locations(userId: string): Place[] {
		return this.directory.locations(userId);
	}

	locationsState(userId: string): Loadable<Place[]> {
		return loaded(this.directory.locations(userId));
	}

	// Administration (user-administration.ts) ----------------------------------

	async createUser(input: CreateUserInput): Promise<User> {
		return this.administration.createUser(input);
	}

	createUserErrors(input: CreateUserInput, email?: string, connection?: Connection): FieldErrors {
		return this.administration.createUserErrors(input, email, connection);
	}

	async blockUser(userId: string): Promise<User> {
		return this.administration.blockUser(userId);
	}

	async unblockUser(userId: string): Promise<User> {
		return this.administration.unblockUser(userId);
	}

	async setBlocked(userId: string, blocked: boolean): Promise<{user: User; changed: boolean}> {
		return this.administration.setBlocked(userId, blocked);
	}

	async deleteUser(userId: string): Promise<void> {
		return this.administration.deleteUser(userId);
	}

	async updateMetadata(userId: string, patch: unknown): Promise<User> {
		return this.administration.updateMetadata(userId, patch);
	}

	async unlinkDevice(userId: string, deviceId: string): Promise<void> {
		return this.administration.unlinkDevice(userId, deviceId);
	}

	/** Whether the user has a password an admin can change (a database connection's user), and that connection. */
	passwordChangeOptions(userId: string): PasswordChangeOptions {
		return this.administration.passwordChangeOptions(userId);
	}

	/** The new password's rules that need no hashing (policy, repeat), per field; the history is checked by changePassword. */
	changePasswordErrors(userId: string, input: ChangePasswordInput): FieldErrors {
		return this.administration.changePasswordErrors(userId, input);
	}

	async changePassword(userId: string, input: ChangePasswordInput): Promise<User> {
		return this.administration.changePassword(userId, input);
	}

	changeEmailErrors(userId: string, input: ChangeEmailInput): FieldErrors {
		return this.administration.changeEmailErrors(userId, input);
	}

	async changeEmail(userId: string, input: ChangeEmailInput): Promise<{user: User; changed: boolean}> {
		return this.administration.changeEmail(userId, input);
	}

	// Many users at once (user-batch.ts, export-users.ts) ----------------------

	/**
	 * Blocks, unblocks or deletes each of `userIds`: one admin event per user,
	 * each with the batch's id in its details; each user fully done or
	 * untouched whatever stops the batch. See user-batch.ts.
	 */
	async runBatch(action: BatchAction, userIds: readonly string[], options?: BatchOptions): Promise<BatchResult> {
		return this.batch.run(action, userIds, options);
	}

	/** Writes the users (those still there) to a new 0600 file, NDJSON or CSV by its name; returns its absolute path and how many were written. */
	async exportUsers(userIds: readonly string[], file: string): Promise<{file: string; count: number}> {
		// One profile at a time (a million marked users are never all parsed at once); a user
		// the list has but whose profile cannot be read fails the export, never a silent gap.
		const api = this;
		function * profiles(): Generator<User> {
			for (const id of userIds) {
				const user = readListedUser(api, id);
				if (user !== undefined) {
					yield user;
				}
			}
		}

		return exportUsersToNewFile(profiles(), file, this.store.path);
	}

	// Sign-in (sign-in.ts) -----------------------------------------------------

	async signIn(input: SignInInput): Promise<User> {
		return this.passwordSignIn.signIn(input);
	}

	// Sign in as User (tickets.ts) ---------------------------------------------

	impersonationOptions(userId: string): ImpersonationOptions {
		return this.tickets.impersonationOptions(userId);
	}

	async impersonate(userId: string, clientId: string): Promise<IssuedTicket> {
		return this.tickets.impersonate(userId, clientId);
	}

	async redeemTicket(urlOrTicket: string, clientId: string): Promise<RedeemedProfile> {
		return this.tickets.redeemTicket(urlOrTicket, clientId);
	}

	// For operations written in their own modules (bulk import) ---------------

	/** The service's clock, for timestamps that must match its log events. */
	currentTime(): Date {
		return this.context.now();
	}

	/** A log event of an admin action, with the audit details every admin event carries. */
	auditEvent(type: string, options: Parameters<ServiceContext['auditEvent']>[1]): LogEvent {
		return this.context.auditEvent(type, options);
	}
}

function failed<T>(error: UserdeckError): Loadable<T> {
	return {status: 'error', data: undefined, error, retry() {}};
}
