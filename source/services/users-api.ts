// The one door into the Users area's data: what screens and commands may ask
// and do, whoever answers. Two implementations: UsersService over the local
// store (users-service.ts) and TenantUsersService over a live tenant's
// Management API (../live/tenant-users-service.ts). A screen never learns
// which it has; where they differ it reads `source` (what to show) and
// `capabilities` (what to offer), never the class.
//
// Screens are synchronous views: every read answers at once with what is
// known now. A remote backend starts a load when a read needs one and bumps
// `revision` (telling `subscribe`rs) when it lands; the `…State` reads say
// whether the answer is loading, loaded or failed (with a retry), so a tab
// can show which. The local store answers 'loaded' at once, always.
//
// Commands wait: `settled` turns a state read into a promise of its data,
// and the few reads a command needs that a screen does not (`getUser`,
// `findUser`, `listUsers`) are awaitable. `eachUser` streams a command's list
// one profile at a time, so printing a million users never holds them all.
import {type FieldErrors, UserdeckError} from '../domain/errors.js';
import type {UserSort} from '../domain/sort.js';
import type {Client, Connection, DeviceCredential, ListUser, LogEvent, User} from '../domain/types.js';
import type {Place} from '../map/places.js';
import type {LogProblem} from '../store/store.js';
import type {RemoteUserList} from '../list/remote-source.js';
import type {SignInInput} from './sign-in.js';
import type {ImpersonationOptions, IssuedTicket, RedeemedProfile} from './tickets.js';
import type {ChangeEmailInput, ChangePasswordInput, CreateUserInput, PasswordChangeOptions} from './user-administration.js';
import type {BatchAction, BatchOptions, BatchResult} from './user-batch.js';

export type Awaitable<T> = T | Promise<T>;

/** Where the users live, as the header shows it. */
export type DataSource =
	| {readonly kind: 'local'; readonly label: string; readonly copyOf?: {readonly tenant: string; readonly pulledAt: Date} | undefined}
	| {readonly kind: 'tenant'; readonly domain: string; readonly name?: string | undefined; readonly live: true; readonly label: string};

/** Whether a feature is offered here, and if not, the reason to show instead (exactly as written). */
export type Capability = {readonly available: true} | {readonly available: false; readonly reason: string};

export type Capabilities = {
	/** Sign in as User (one-time tickets). */
	readonly signInAsUser: Capability;
	/** `userdeck login`: checking a password against the backend. */
	readonly passwordSignIn: Capability;
	/** userdeck writes its own audit events for admin actions (the local store); a tenant's are written by Auth0. */
	readonly ownAuditEvents: boolean;
};

export const signInAsUserUnavailable = 'Sign in as User has no Management API v2 equivalent';

export const localCapabilities: Capabilities = {
	signInAsUser: {available: true},
	passwordSignIn: {available: true},
	ownAuditEvents: true,
};

export type LoadStatus = 'loading' | 'loaded' | 'error';

/**
 * A read's state. `data` is what is known now: while loading it may be an
 * older answer (shown as stale) or undefined; after an error it stays the
 * last good answer, if any. `retry` starts the load again (a no-op while one
 * runs).
 */
export type Loadable<T> = {
	readonly status: LoadStatus;
	readonly data: T | undefined;
	readonly error?: UserdeckError | undefined;
	readonly retry: () => void;
};

/** How far a user's history reaches, when the backend cannot give all of it. */
export type HistoryReach = {
	/** Events loaded so far. */
	readonly loaded: number;
	/** More pages can be loaded (`w` widens). */
	readonly more: boolean;
	/** Why the history stops where it does (the tenant's retention, the 1,000-event cap), when it does. */
	readonly limit?: string | undefined;
};

export type HistoryLoadable = Loadable<LogEvent[]> & {readonly reach?: HistoryReach | undefined};

const noRetry = (): void => {};

/** A state that is loaded at once (the local store's answer to every read). */
export function loaded<T>(data: T): Loadable<T> {
	return {status: 'loaded', data, retry: noRetry};
}

export type UserSearch = {readonly users: User[]; readonly matched: number; readonly note?: string | undefined};

export type UserStreamOptions = {
	/** The search syntax (source/domain/search); every user when undefined. */
	readonly query?: string | undefined;
	/** The order; the backend's own (the store's, the server's) when undefined. */
	readonly sort?: UserSort | undefined;
	/** Gives at most this many users. */
	readonly limit?: number | undefined;
	/** Ends the stream (the iteration throws the signal's reason). */
	readonly signal?: AbortSignal | undefined;
};

/** What a stream knows once it has ended: how many users match in all (past `limit`), and what the backend could not list. */
export type UserStreamEnd = {readonly matched: number; readonly note?: string | undefined};

/**
 * A command's list, one full profile at a time: iterate it once, then ask
 * `end()` for the count. The local store holds only its list columns for
 * every user and parses each profile as it is given; a tenant's pages are
 * given as they arrive. Breaking off the iteration stops the reads.
 */
export type UserStream = AsyncIterable<User> & {
	/** How many users match in all and the backend's note; counts on past `limit` when it must (a query on the local store that its list columns do not answer reads every profile once more). */
	end(): Promise<UserStreamEnd>;
};

/** A stream's users gathered into one list (small lists: `searchUsers`). */
/** The refusal for a user the list holds whose profile in the store file cannot be read (`userProblem`). */
export function damagedUserError(userId: string, problem: string): UserdeckError {
	return new UserdeckError('DAMAGED', `Cannot read user ${userId}: ${problem}`);
}

/**
 * The user's profile, or undefined when they are gone; throws the DAMAGED
 * refusal when the list holds them but their profile cannot be read: a list
 * or an export must not leave a user out without a word.
 */
export function readListedUser(api: Pick<UsersApi, 'user' | 'userProblem'>, userId: string): User | undefined {
	const user = api.user(userId);
	const problem = user === undefined ? api.userProblem?.(userId) : undefined;
	if (problem !== undefined) {
		throw damagedUserError(userId, problem);
	}

	return user;
}

export async function collectUsers(stream: UserStream): Promise<UserSearch> {
	const users: User[] = [];
	for await (const user of stream) {
		users.push(user);
	}

	return {users, ...await stream.end()};
}

export type UsersApi = {
	readonly source: DataSource;
	readonly capabilities: Capabilities;
	/** Where the users live, as the header names it. */
	readonly sourceLabel: string;
	/** Changes whenever what the reads answer changes (a write, another process's write, a load that landed). */
	readonly revision: number;
	/** Calls `listener` after each change of `revision`; returns the unsubscribe. */
	subscribe(listener: () => void): () => void;

	/**
	 * The Users list's rows when a server filters, sorts and pages them (a
	 * tenant); undefined when they are all in memory (`usersById`, the local store).
	 */
	readonly remoteUsers?: RemoteUserList | undefined;
	/** What the backend is waiting for that the status line should say ("rate limited by Auth0, retrying at 14:02:31"), if anything. */
	notice(): string | undefined;
	/** The write in flight for this user ("blocking", "deleting", …), shown until the server answers. */
	pendingWrite(userId: string): string | undefined;
	/** Forgets what is loaded about the user (profile, devices, history) so the next reads load it again (`r`); the local store has nothing to forget. */
	reloadUser(userId: string): void;
	/** The user's page in the Auth0 Dashboard (`o`), where the backend is a tenant whose domain names it. */
	dashboardUrl(userId: string): string | undefined;

	// Synchronous views: what is known now --------------------------------------
	user(userId: string): User | undefined;
	userState(userId: string): Loadable<User>;
	/** How many users the source holds (a tenant: the last total the server gave, capped lists aside; undefined until one did). */
	userCount(): number | undefined;
	/** How many are blocked, when known without a scan (a tenant: undefined). */
	blockedCount(): number | undefined;
	/** The users known now, by user_id, for the in-memory list (not copied: read, never change). */
	/**
	 * Why a user the list holds cannot be read (the local store file's profile
	 * of them is damaged), or undefined. `user` answers undefined for such a
	 * user; a command that must not leave anyone out asks this.
	 */
	userProblem?(userId: string): string | undefined;
	usersById(): ReadonlyMap<string, ListUser>;
	changedUsersSince(revision: number): ReadonlySet<string> | undefined;
	device(deviceId: string): DeviceCredential | undefined;
	devices(userId: string): DeviceCredential[];
	devicesState(userId: string): Loadable<DeviceCredential[]>;
	history(userId: string, sinceMs?: number): LogEvent[];
	historyState(userId: string, sinceMs?: number): HistoryLoadable;
	historyProblems(userId: string): readonly LogProblem[];
	locations(userId: string): Place[];
	/** The places and whether the events they come from are loaded (a tenant builds them from the history's load). */
	locationsState(userId: string): Loadable<Place[]>;
	connections(): Connection[];
	connectionsState(): Loadable<Connection[]>;
	databaseConnections(): Connection[];
	clients(): Client[];
	clientsState(): Loadable<Client[]>;
	client(clientId: string): Client | undefined;
	resolveClientId(idOrName: string): string;

	// Reads a command waits for ------------------------------------------------------
	/** The user with this id; a NOT_FOUND error when there is none. */
	getUser(userId: string): Awaitable<User>;
	findUser(idOrEmail: string): Awaitable<User>;
	listUsers(options?: {query?: string; sort?: UserSort; limit?: number}): Awaitable<User[]>;
	/**
	 * A command's list: at most `limit` of the users matching `query`, in
	 * `sort`'s order, with how many match in all. `note` says when the backend
	 * cannot list every match ("first 1,000 of 48,210 matches: refine the query").
	 */
	searchUsers(options: {query?: string | undefined; sort?: UserSort | undefined; limit?: number | undefined}): Awaitable<UserSearch>;
	/** The same list as `searchUsers`, streamed (see UserStream): for `users list` and `users export` at any size. */
	eachUser(options?: UserStreamOptions): UserStream;

	// Writes: each resolves with the server's answer ----------------------------------
	prepareForPasswords(): void;
	createUser(input: CreateUserInput): Promise<User>;
	createUserErrors(input: CreateUserInput, email?: string, connection?: Connection): FieldErrors;
	blockUser(userId: string): Promise<User>;
	unblockUser(userId: string): Promise<User>;
	setBlocked(userId: string, blocked: boolean): Promise<{user: User; changed: boolean}>;
	deleteUser(userId: string): Promise<void>;
	updateMetadata(userId: string, patch: unknown): Promise<User>;
	unlinkDevice(userId: string, deviceId: string): Promise<void>;
	connectionByName(name: string): Connection | undefined;
	/** Whether the user has a password an admin can change (a database connection's user), and that connection. */
	passwordChangeOptions(userId: string): PasswordChangeOptions;
	changePasswordErrors(userId: string, input: ChangePasswordInput): FieldErrors;
	changePassword(userId: string, input: ChangePasswordInput): Promise<User>;
	changeEmailErrors(userId: string, input: ChangeEmailInput): FieldErrors;
	changeEmail(userId: string, input: ChangeEmailInput): Promise<{user: User; changed: boolean}>;
	/** Blocks, unblocks or deletes many users (marks); see user-batch.ts. */
	runBatch(action: BatchAction, userIds: readonly string[], options?: BatchOptions): Promise<BatchResult>;
	/** Writes the users to a new 0600 file, NDJSON or CSV by its name. */
	exportUsers(userIds: readonly string[], file: string): Promise<{file: string; count: number}>;

	// Features one backend has (see `capabilities`) -----------------------------------
	signIn(input: SignInInput): Promise<User>;
	impersonationOptions(userId: string): ImpersonationOptions;
	impersonate(userId: string, clientId: string): Promise<IssuedTicket>;
	redeemTicket(urlOrTicket: string, clientId: string): Promise<RedeemedProfile>;
};

/**
 * Loads the connections again unless a load runs (Create User and Actions
 * open on the tenant's current policies, not the session's first answer);
 * what is known stays shown meanwhile. The local store's retry does nothing.
 */
export function refreshConnections(api: Pick<UsersApi, 'connectionsState'>): void {
	const state = api.connectionsState();
	if (state.status !== 'loading') {
		state.retry();
	}
}

/**
 * The data of a state read once it has settled, for commands: resolves at once
 * when loaded, waits for the load otherwise, and throws its error.
 */
export async function settled<T>(api: Pick<UsersApi, 'subscribe'>, read: () => Loadable<T>): Promise<T> {
	const first = read();
	if (first.status === 'loaded') {
		return first.data as T;
	}

	if (first.status === 'error') {
		throw first.error;
	}

	return new Promise<T>((resolve, reject) => {
		const unsubscribe = api.subscribe(() => {
			const state = read();
			if (state.status === 'loading') {
				return;
			}

			unsubscribe();
			if (state.status === 'loaded') {
				resolve(state.data as T);
			} else {
				reject(state.error);
			}
		});
	});
}
