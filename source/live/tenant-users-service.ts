// The Users area over a live tenant: the same UsersApi as the local store,
// answered by the Management API v2 through Auth0's SDK. Reads answer at
// once from what is loaded and start the loads they need (load-cell.ts,
// user-history.ts, ../list/remote-source.ts); `revision` changes when one
// lands. Writes mark the user pending, then take the server's answer as the
// user's truth (search lags behind writes on Auth0's side); a failed write
// reloads the user, so the view shows the server's state and the error says
// why. Auth0 writes the audit events of these calls itself: userdeck writes none.
import type {ManagementClient} from 'auth0';
import {normalizeEmail, validateEmail} from '../domain/email.js';
import {type FieldErrors, UserdeckError} from '../domain/errors.js';
import {validateMetadataPatch} from '../domain/metadata.js';
import type {UserSort} from '../domain/sort.js';
import type {Client, Connection, DeviceCredential, LogEvent, User} from '../domain/types.js';
import {primaryConnection} from '../domain/user-factory.js';
import {capNote, createRemoteUserList, type FetchUsersPage, SEARCH_RESULT_CAP, MAX_PER_PAGE, type RemoteUserList, serverSort} from '../list/remote-source.js';
import {placesFromLogs, type Place} from '../map/places.js';
import type {LogProblem} from '../store/store.js';
import type {TenantTarget} from '../services/target.js';
import type {ImpersonationOptions, IssuedTicket, RedeemedProfile} from '../services/tickets.js';
import {exportUsersToNewFile} from '../services/export-users.js';
import {
	type ChangeEmailInput, type ChangePasswordInput, type CreateUserInput, newUserErrors, type PasswordChangeOptions, passwordChangeErrors, passwordChangeOptionsOf,
} from '../services/user-administration.js';
import type {BatchAction, BatchOptions, BatchResult} from '../services/user-batch.js';
import {
	type Capabilities, collectUsers, type DataSource, type HistoryLoadable, type Loadable, settled, signInAsUserUnavailable, type UserSearch, type UsersApi,
	type UserStream, type UserStreamOptions,
} from '../services/users-api.js';
import type {CallName} from './calls.js';
import {dashboardUserUrl} from './dashboard-url.js';
import {listClients, listConnections} from './directory-lists.js';
import {deviceFrom, logEventFrom, userFrom} from './from-auth0.js';
import {LiveError} from './live-error.js';
import {LoadCell} from './load-cell.js';
import {createRequester, type RateLimitNotice, type Requester, type RequesterOptions, type RequestKind} from './requester.js';
import {batchConcurrency, inPool, runTenantBatch} from './tenant-batch.js';
import {UserHistory} from './user-history.js';

export const tenantCapabilities: Capabilities = {
	signInAsUser: {available: false, reason: signInAsUserUnavailable},
	passwordSignIn: {available: false, reason: 'Checking a password would sign the user in for real on the tenant (logs, brute-force counters): use the local store'},
	ownAuditEvents: false,
};

export type TenantServiceOptions = {
	readonly target: TenantTarget;
	readonly client: ManagementClient;
	/** Strings no message may contain. */
	readonly secrets: readonly string[];
	readonly now?: () => Date;
	readonly sleep?: RequesterOptions['sleep'];
	readonly rateLimitRetries?: RequesterOptions['rateLimitRetries'];
	/** Told of each rate-limited call that will be retried (besides `notice()`). */
	readonly onRateLimit?: (notice: RateLimitNotice) => void;
	/** Users per list page (≤ 100). */
	readonly perPage?: number;
	/** How long a new list query waits for the next key before its request goes (the console: 250 ms; default 0). */
	readonly debounceMs?: number;
};

type Remote = {abortSignal: AbortSignal; maxRetries: 0};

/** How far back Locations loads a user's events: Auth0's longest log retention. */
const locationsWindowMs = 30 * 24 * 3600 * 1000;

/** What userdeck sends to PATCH /users/{id}: one kind of change at a time, as Auth0 asks. */
type UserPatch =
	| {blocked: boolean}
	| {user_metadata: Record<string, unknown>}
	| {password: string; connection: string}
	| {email: string; email_verified: boolean; connection: string};

export class TenantUsersService implements UsersApi {
	readonly capabilities = tenantCapabilities;
	readonly source: Extract<DataSource, {kind: 'tenant'}>;
	readonly remoteUsers: RemoteUserList;
	private readonly api: ManagementClient;
	private readonly requester: Requester;
	private readonly now: () => Date;
	private readonly listeners = new Set<() => void>();
	private revisionValue = 0;
	private readonly userCells = new Map<string, LoadCell<User>>();
	private readonly deviceCells = new Map<string, LoadCell<DeviceCredential[]>>();
	private readonly histories = new Map<string, UserHistory>();
	private readonly connectionsCell: LoadCell<Connection[]>;
	private readonly clientsCell: LoadCell<Client[]>;
	private readonly pending = new Map<string, string>();
	private readonly deleted = new Set<string>();
	private rateLimit: RateLimitNotice | undefined;
	private listMap: {revision: number; map: Map<string, User>} | undefined;
	private knownTotal: number | undefined;

	constructor(options: TenantServiceOptions) {
		const {target} = options;
		this.api = options.client;
		this.now = options.now ?? (() => new Date());
		this.source = {kind: 'tenant', domain: target.domain, name: target.name, live: true, label: target.name ? `${target.name} (${target.domain})` : target.domain};
		this.requester = createRequester({
			domain: target.domain,
			secrets: options.secrets,
			now: this.now,
			sleep: options.sleep,
			rateLimitRetries: options.rateLimitRetries,
			onRateLimit: notice => {
				this.rateLimit = notice;
				options.onRateLimit?.(notice);
				this.changed();
			},
		});
		this.remoteUsers = createRemoteUserList({fetchPage: this.fetchUsersPage, perPage: options.perPage, debounceMs: options.debounceMs});
		this.remoteUsers.subscribe(() => {
			this.changed();
		});
		this.connectionsCell = new LoadCell(async signal => listConnections(this.api, async work => this.request('listConnections', work, signal, 'background'), {strategy: 'auth0'}), () => {
			this.changed();
		});
		this.clientsCell = new LoadCell(async signal => listClients(this.api, async work => this.request('listClients', work, signal, 'background')), () => {
			this.changed();
		});
	}

	get sourceLabel(): string {
		return this.source.label;
	}

	get revision(): number {
		return this.revisionValue;
	}

	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	}

	notice(): string | undefined {
		if (this.rateLimit && this.rateLimit.retryAt.getTime() > this.now().getTime()) {
			return this.rateLimit.message;
		}

		return undefined;
	}

	pendingWrite(userId: string): string | undefined {
		return this.pending.get(userId);
	}

	reloadUser(userId: string): void {
		this.userCells.get(userId)?.retry();
		this.forgetLoads(userId);
		this.changed();
	}

	/** Drops a user's devices and history, cancelling loads in flight (read again when asked for). */
	private forgetLoads(userId: string): void {
		this.deviceCells.get(userId)?.cancel();
		this.deviceCells.delete(userId);
		this.histories.get(userId)?.cancel();
		this.histories.delete(userId);
	}

	dashboardUrl(userId: string): string | undefined {
		return dashboardUserUrl(this.source.domain, userId);
	}

	/** Stops every load in flight (the console is closing). */
	close(): void {
		for (const cell of [...this.userCells.values(), ...this.deviceCells.values(), this.connectionsCell, this.clientsCell]) {
			cell.cancel();
		}

		for (const history of this.histories.values()) {
			history.cancel();
		}

		this.listeners.clear();
	}

	// Synchronous views ---------------------------------------------------------

	user(userId: string): User | undefined {
		if (this.deleted.has(userId)) {
			return undefined;
		}

		// A page opened on its own does not start the list's load: the profile's own read does.
		return this.userCells.get(userId)?.peek()?.data ?? this.listedNow().get(userId);
	}

	userState(userId: string): Loadable<User> {
		return this.userCell(userId).read();
	}

	/** The tenant's user count from the last unfiltered list the server answered (0 before one); starts no request. */
	userCount(): number | undefined {
		return this.knownTotal;
	}

	blockedCount(): number | undefined {
		return undefined;
	}

	/** The list's loaded rows by user_id. Starts no load: overlays read it while they render (the list's own effects load its pages). */
	usersById(): ReadonlyMap<string, User> {
		return this.listedNow();
	}

	changedUsersSince(_revision: number): ReadonlySet<string> | undefined {
		return undefined;
	}

	device(deviceId: string): DeviceCredential | undefined {
		for (const cell of this.deviceCells.values()) {
			const found = cell.peek()?.data?.find(device => device.id === deviceId);
			if (found) {
				return found;
			}
		}

		return undefined;
	}

	devices(userId: string): DeviceCredential[] {
		return this.devicesState(userId).data ?? [];
	}

	devicesState(userId: string): Loadable<DeviceCredential[]> {
		let cell = this.deviceCells.get(userId);
		if (!cell) {
			cell = new LoadCell(async signal => this.request('listDevices', async remote => {
				// Without `type`, Auth0 answers a bare array (no paging); the SDK's page expects the paged object.
				const page = await this.api.deviceCredentials.list({user_id: userId}, remote);
				const response: unknown = page.response;
				return (Array.isArray(response) ? response : page.data).map(deviceFrom);
			}, signal), () => {
				this.changed();
			});
			this.deviceCells.set(userId, cell);
		}

		return cell.read();
	}

	history(userId: string, sinceMs?: number): LogEvent[] {
		return this.historyState(userId, sinceMs).data ?? [];
	}

	historyState(userId: string, sinceMs?: number): HistoryLoadable {
		return this.historyOf(userId).state(sinceMs);
	}

	historyProblems(_userId: string): readonly LogProblem[] {
		return [];
	}

	/** From the same events as the history: loads them back 30 days (Auth0's longest retention) if the History tab has not. */
	locations(userId: string): Place[] {
		return this.locationsState(userId).data ?? [];
	}

	/** The history's load state for the places (the same events, 30 days back): loading, or its error, with its retry. */
	locationsState(userId: string): Loadable<Place[]> {
		const history = this.historyOf(userId);
		const state = history.state(locationsWindowMs);
		const events = history.all();
		return {
			status: state.status,
			data: state.status === 'loaded' || events.length > 0 ? placesFromLogs(events) : undefined,
			error: state.error,
			retry: state.retry,
		};
	}

	connections(): Connection[] {
		return this.connectionsCell.read().data ?? [];
	}

	connectionsState(): Loadable<Connection[]> {
		return this.connectionsCell.read();
	}

	databaseConnections(): Connection[] {
		return this.connections().filter(connection => connection.strategy === 'auth0');
	}

	clients(): Client[] {
		return this.clientsCell.read().data ?? [];
	}

	clientsState(): Loadable<Client[]> {
		return this.clientsCell.read();
	}

	client(clientId: string): Client | undefined {
		return this.clients().find(client => client.client_id === clientId);
	}

	resolveClientId(idOrName: string): string {
		const named = this.clients().filter(client => client.name === idOrName);
		if (this.clients().some(client => client.client_id === idOrName) || named.length === 0) {
			return idOrName;
		}

		if (named.length > 1) {
			throw new UserdeckError('CONFLICT', `${named.length} applications are named ${idOrName}: ${named.map(client => client.client_id).join(', ')}; give a client_id`);
		}

		return named[0]!.client_id;
	}

	// Reads a command waits for -------------------------------------------------

	async getUser(userId: string, signal?: AbortSignal, kind: RequestKind = 'interactive'): Promise<User> {
		const user = await this.request('getUser', async remote => userFrom(await this.api.users.get(userId, {}, remote)), signal, kind);
		this.accept(user);
		return user;
	}

	async findUser(idOrEmail: string): Promise<User> {
		if (!idOrEmail.includes('@')) {
			return this.getUser(idOrEmail);
		}

		const matches = (await this.request('listUsers', async remote => this.api.users.listUsersByEmail({email: idOrEmail}, remote))).map(userFrom);
		if (matches.length === 1) {
			return matches[0]!;
		}

		if (matches.length > 1) {
			const list = matches.map(user => `${user.user_id} (${user.identities.map(identity => identity.connection).join(', ')})`).join(', ');
			throw new UserdeckError('CONFLICT', `${matches.length} users have the email ${idOrEmail}: ${list}; give a user_id`);
		}

		// An id may hold an @ too (a social provider's): try it as one before giving up.
		try {
			return await this.getUser(idOrEmail);
		} catch (error) {
			if (error instanceof UserdeckError && error.code === 'NOT_FOUND') {
				throw new UserdeckError('NOT_FOUND', `No user with id or email ${idOrEmail}`);
			}

			throw error;
		}
	}

	/** The users matching `query` (the server's syntax), in `sort`'s order, at most `limit` and never past Auth0's 1,000-result cap. */
	async listUsers(options: {query?: string; sort?: UserSort; limit?: number} = {}): Promise<User[]> {
		return (await this.searchUsers(options)).users;
	}

	async searchUsers(options: {query?: string | undefined; sort?: UserSort | undefined; limit?: number | undefined}): Promise<UserSearch> {
		return collectUsers(this.eachUser(options));
	}

	/**
	 * The users matching `query` (the server's syntax) in `sort`'s order, a page
	 * of 100 at a time as each arrives: the next page is asked for only when the
	 * reader has taken this one's users, and none once it stops. Never past
	 * Auth0's 1,000-result cap; `end()` says so when matches were cut.
	 */
	eachUser(options: UserStreamOptions = {}): UserStream {
		const query = {q: options.query ?? '', sort: options.sort ? serverSort(options.sort) : undefined};
		const wanted = options.limit ?? Number.POSITIVE_INFINITY;
		const limit = Math.min(wanted, SEARCH_RESULT_CAP);
		const fetchPage = this.fetchUsersPage;
		let matched: number | undefined;
		const pages = async function * (): AsyncGenerator<User, void> {
			// One signal for the stream's requests: the caller's, or the reader breaking off.
			const controller = new AbortController();
			const stop = () => controller.abort(options.signal?.reason);
			options.signal?.addEventListener('abort', stop, {once: true});
			try {
				let given = 0;
				for (let page = 0; given < limit; page++) {
					options.signal?.throwIfAborted();
					// eslint-disable-next-line no-await-in-loop
					const result = await fetchPage(query, page, MAX_PER_PAGE, controller.signal);
					matched = result.total;
					for (const user of result.users.slice(0, limit - given)) {
						given++;
						yield user;
					}

					if (result.users.length < MAX_PER_PAGE || (page + 1) * MAX_PER_PAGE >= Math.min(result.total, SEARCH_RESULT_CAP)) {
						break;
					}
				}
			} finally {
				options.signal?.removeEventListener('abort', stop);
				controller.abort();
			}
		};

		return {
			[Symbol.asyncIterator]: pages,
			async end() {
				// Nothing read (--limit 0): the first page's total says how many match.
				matched ??= (await fetchPage(query, 0, 1, options.signal ?? new AbortController().signal)).total;
				// Matches past the cap were asked for (or no limit given) and cannot be listed: say so.
				return {matched, note: wanted > SEARCH_RESULT_CAP ? capNote(matched) : undefined};
			},
		};
	}

	// Writes ---------------------------------------------------------------------

	prepareForPasswords(): void {
		// Passwords are checked and hashed by Auth0.
	}

	createUserErrors(input: CreateUserInput, email = normalizeEmail(input.email), connection = this.connections().find(candidate => candidate.name === input.connection)): FieldErrors {
		// Whether the email is taken and which applications use the connection: the server's answer decides.
		return newUserErrors(input, email, connection, {checkEnabled: false});
	}

	async createUser(input: CreateUserInput): Promise<User> {
		const connections = await settled(this, () => this.connectionsState()).catch(() => undefined);
		const connection = connections?.find(candidate => candidate.name === input.connection);
		const fields = connections
			? this.createUserErrors(input, normalizeEmail(input.email), connection)
			: this.createUserErrors(input, normalizeEmail(input.email), {id: '', name: input.connection, strategy: 'auth0', enabled_clients: []});
		if (Object.keys(fields).length > 0) {
			throw new UserdeckError('VALIDATION', Object.values(fields).flat()[0] ?? 'Invalid input', fields);
		}

		try {
			const user = await this.request('createUser', async remote => userFrom(await this.api.users.create({connection: input.connection, email: input.email, password: input.password}, remote)));
			this.accept(user);
			return user;
		} catch (error) {
			throw withField(error);
		}
	}

	async blockUser(userId: string): Promise<User> {
		return this.patch(userId, 'blocking', {blocked: true});
	}

	async unblockUser(userId: string): Promise<User> {
		return this.patch(userId, 'unblocking', {blocked: false});
	}

	/** The user's state is read first (GET), so a user already as asked is `changed: false` and gets no PATCH. `signal` and `kind` are a batch's. */
	async setBlocked(userId: string, blocked: boolean, signal?: AbortSignal, kind: RequestKind = 'interactive'): Promise<{user: User; changed: boolean}> {
		const current = await this.getUser(userId, signal, kind);
		if ((current.blocked === true) === blocked) {
			return {user: current, changed: false};
		}

		return {user: await this.patch(userId, blocked ? 'blocking' : 'unblocking', {blocked}, signal, kind), changed: true};
	}

	async updateMetadata(userId: string, patch: unknown): Promise<User> {
		const problem = validateMetadataPatch(patch, this.user(userId)?.user_metadata);
		if (problem) {
			throw new UserdeckError('VALIDATION', problem, {metadata: [problem]});
		}

		// The server merges at the root and removes keys set to null, as the local store does.
		return this.patch(userId, 'saving user_metadata', {user_metadata: patch as Record<string, unknown>});
	}

	async deleteUser(userId: string, signal?: AbortSignal, kind: RequestKind = 'interactive'): Promise<void> {
		await this.write(userId, 'deleting', async () => this.request('deleteUser', async remote => this.api.users.delete(userId, remote), signal, kind));
		this.deleted.add(userId);
		this.userCells.get(userId)?.cancel();
		this.userCells.delete(userId);
		this.forgetLoads(userId);
		this.remoteUsers.removeUser(userId);
		this.changed();
	}

	async unlinkDevice(userId: string, deviceId: string): Promise<void> {
		await this.write(userId, 'unlinking a device', async () => this.request('deleteDevice', async remote => this.api.deviceCredentials.delete(deviceId, remote)));
		const cell = this.deviceCells.get(userId);
		const devices = cell?.peek()?.data;
		if (cell && devices) {
			cell.set(devices.filter(device => device.id !== deviceId));
		}
	}

	connectionByName(name: string): Connection | undefined {
		return this.connectionsState().data?.find(connection => connection.name === name);
	}

	// Change Password, Change Email (PATCH /api/v2/users/{id}) -----------------------

	/**
	 * A database connection's user has a password an admin can change. The
	 * connections are the tenant's database ones (GET /connections?strategy=auth0):
	 * a user whose connection is not among them signs in elsewhere.
	 */
	passwordChangeOptions(userId: string): PasswordChangeOptions {
		const user = this.user(userId);
		if (!user) {
			return {allowed: false, reason: this.userState(userId).error?.message ?? 'the user is still loading'};
		}

		const state = this.connectionsState();
		if (!state.data) {
			return {allowed: false, reason: state.error ? `the connections could not be read: ${state.error.message}` : 'the connections are still loading'};
		}

		const name = primaryConnection(user);
		const connection = state.data.find(candidate => candidate.name === name);
		return connection
			? passwordChangeOptionsOf(user, connection, '')
			: {allowed: false, reason: `the user signs in with ${name || '(no connection)'}, not a database connection: the password is changed at that identity provider`};
	}

	/** The connection's policy and the repeat; the history is Auth0's to check (it keeps the hashes). */
	changePasswordErrors(userId: string, input: ChangePasswordInput): FieldErrors {
		const user = this.user(userId);
		return user ? passwordChangeErrors(user, this.passwordChangeOptions(userId), input) : {password: ['The user is not loaded yet']};
	}

	/** PATCH `{password, connection}`, alone as Auth0 asks (a password cannot change with the email). Auth0 checks the policy and the history again: its refusal lands on the password field. */
	async changePassword(userId: string, input: ChangePasswordInput): Promise<User> {
		if (!this.user(userId)) {
			await this.getUser(userId);
		}

		await settled(this, () => this.connectionsState());
		const options = this.passwordChangeOptions(userId);
		const fields = this.changePasswordErrors(userId, input);
		const first = Object.values(fields).flat()[0];
		if (first !== undefined || !options.allowed) {
			throw new UserdeckError('VALIDATION', first ?? 'Invalid input', fields);
		}

		try {
			return await this.patch(userId, 'changing the password', {password: input.password, connection: options.connection.name});
		} catch (error) {
			throw onField(error, 'password');
		}
	}

	/** The email's format; whether another user of the connection has it is the server's answer. */
	changeEmailErrors(_userId: string, input: ChangeEmailInput): FieldErrors {
		const problem = validateEmail(input.email);
		return problem ? {email: [problem]} : {};
	}

	/**
	 * PATCH `{email, email_verified, connection}` (without a password, which
	 * Auth0 refuses alongside). `changed` is false, and nothing is sent, when
	 * the server already has that email and state.
	 */
	async changeEmail(userId: string, input: ChangeEmailInput): Promise<{user: User; changed: boolean}> {
		const fields = this.changeEmailErrors(userId, input);
		const first = Object.values(fields).flat()[0];
		if (first !== undefined) {
			throw new UserdeckError('VALIDATION', first, fields);
		}

		const current = await this.getUser(userId);
		const connection = primaryConnection(current);
		const verified = input.verified ?? false;
		// Waited for, as createUser and changePassword do: read before it loads, a command would lower-case a social user's email.
		const connections = await settled(this, () => this.connectionsState()).catch(() => undefined);
		const database = connections?.some(candidate => candidate.name === connection) ?? true;
		const email = database ? normalizeEmail(input.email) : input.email.trim();
		if (current.email === email && (current.email_verified ?? false) === verified) {
			return {user: current, changed: false};
		}

		try {
			const user = await this.patch(userId, 'changing the email', {email, email_verified: verified, connection});
			return {user, changed: true};
		} catch (error) {
			throw onField(error, 'email');
		}
	}

	// Many users at once (marks) --------------------------------------------------

	/** One call per user, a few at a time; see tenant-batch.ts. */
	async runBatch(action: BatchAction, userIds: readonly string[], options?: BatchOptions): Promise<BatchResult> {
		return runTenantBatch({
			setBlocked: async (userId, blocked, signal) => (await this.setBlocked(userId, blocked, signal)).changed,
			deleteUser: async (userId, signal) => {
				await this.deleteUser(userId, signal);
			},
		}, action, userIds, options);
	}

	/**
	 * Writes the users to a new 0600 file, as the local store does: each
	 * profile read with GET /users/{id}, a few at a time (the source of truth;
	 * search lags behind writes). Users gone meanwhile are left out.
	 */
	async exportUsers(userIds: readonly string[], file: string): Promise<{file: string; count: number}> {
		const ids = [...new Set(userIds)];
		const found = await inPool(ids, batchConcurrency, undefined, async userId => {
			try {
				return await this.getUser(userId, undefined, 'background');
			} catch (error) {
				if (error instanceof UserdeckError && error.code === 'NOT_FOUND') {
					return undefined;
				}

				throw error;
			}
		});
		const users = found.filter((user): user is User => user !== undefined);
		return exportUsersToNewFile(users, file, undefined);
	}

	// No Management API v2 equivalent ---------------------------------------------

	impersonationOptions(_userId: string): ImpersonationOptions {
		return {allowed: false, reason: signInAsUserUnavailable};
	}

	async impersonate(_userId: string, _clientId: string): Promise<IssuedTicket> {
		throw new UserdeckError('UNSUPPORTED', signInAsUserUnavailable);
	}

	async redeemTicket(_urlOrTicket: string, _clientId: string): Promise<RedeemedProfile> {
		throw new UserdeckError('UNSUPPORTED', signInAsUserUnavailable);
	}

	async signIn(): Promise<User> {
		const capability = this.capabilities.passwordSignIn;
		throw new UserdeckError('UNSUPPORTED', capability.available ? 'Unavailable' : capability.reason);
	}

	// Internals -------------------------------------------------------------------

	private readonly fetchUsersPage: FetchUsersPage = async (query, page, perPage, signal) => {
		const result = await this.request('listUsers', async remote => this.api.users.list({
			q: query.q === '' ? undefined : query.q,
			search_engine: 'v3',
			sort: query.sort,
			page,
			per_page: perPage,
			include_totals: true,
		}, remote), signal, page === 0 ? 'interactive' : 'background');
		const total = result.response.total ?? result.data.length;
		if (query.q === '') {
			this.knownTotal = total;
		}

		return {users: result.data.map(userFrom), total};
	};

	private async request<T>(name: CallName, work: (remote: Remote) => Promise<T>, signal?: AbortSignal, kind: RequestKind = 'interactive'): Promise<T> {
		try {
			return await this.requester.run(name, async abortSignal => work({abortSignal, maxRetries: 0}), {signal, kind});
		} finally {
			if (this.rateLimit?.call === name) {
				// Through again, or given up with its own error: the status line's notice is over.
				this.rateLimit = undefined;
				this.changed();
			}
		}
	}

	private async patch(userId: string, doing: string, body: UserPatch, signal?: AbortSignal, kind: RequestKind = 'interactive'): Promise<User> {
		const user = await this.write(userId, doing, async () => this.request('updateUser', async remote => userFrom(await this.api.users.update(userId, body, remote)), signal, kind));
		this.accept(user);
		return user;
	}

	/** Runs a write with the user marked pending; a failure reloads the user (the server's truth) and rethrows. */
	private async write<T>(userId: string, doing: string, work: () => Promise<T>): Promise<T> {
		this.pending.set(userId, doing);
		this.changed();
		try {
			return await work();
		} catch (error) {
			this.userCells.get(userId)?.retry();
			throw error;
		} finally {
			this.pending.delete(userId);
			this.changed();
		}
	}

	/** The server's answer about a user: their truth from now on, in the list's rows too. */
	private accept(user: User): void {
		this.deleted.delete(user.user_id);
		this.userCell(user.user_id).set(user);
		this.remoteUsers.replaceUser(user);
	}

	private userCell(userId: string): LoadCell<User> {
		let cell = this.userCells.get(userId);
		if (!cell) {
			cell = new LoadCell(async signal => this.request('getUser', async remote => userFrom(await this.api.users.get(userId, {}, remote)), signal), () => {
				this.changed();
			});
			this.userCells.set(userId, cell);
		}

		return cell;
	}

	private historyOf(userId: string): UserHistory {
		let history = this.histories.get(userId);
		if (!history) {
			history = new UserHistory(async (page, perPage, signal) => {
				const result = await this.request('userLogs', async remote => this.api.users.logs.list(userId, {page, per_page: perPage, sort: 'date:-1', include_totals: true}, remote), signal, page === 0 ? 'interactive' : 'background');
				return {events: result.data.map(logEventFrom), total: result.response.total};
			}, () => {
				this.changed();
			}, this.now);
			this.histories.set(userId, history);
		}

		return history;
	}

	/** The list's loaded rows by user_id (made again only when they change), starting nothing. */
	private listedNow(): Map<string, User> {
		const revision = this.remoteUsers.revision();
		if (this.listMap?.revision !== revision) {
			this.listMap = {revision, map: new Map(this.remoteUsers.loadedUsers().map(user => [user.user_id, user]))};
		}

		return this.listMap.map;
	}

	private changed(): void {
		this.revisionValue++;
		for (const listener of [...this.listeners]) {
			listener();
		}
	}
}

/**
 * A refused change of one field (Change Password, Change Email) with Auth0's
 * message on that field: "PasswordHistoryError: Password has previously been
 * used" says it without its prefix, as the checklist words the rule.
 */
function onField(error: unknown, field: 'password' | 'email'): unknown {
	if (!(error instanceof LiveError) || (error.code !== 'VALIDATION' && error.code !== 'CONFLICT')) {
		return error;
	}

	const message = error.message.replace(/^Password\w*Error: /, '');
	return new LiveError(error.code, error.message, {status: error.status, errorCode: error.errorCode, fields: {[field]: [message]}});
}

/** A refused create with its message on the form field it is about (Auth0 names the rule in words). */
function withField(error: unknown): unknown {
	if (!(error instanceof LiveError) || (error.code !== 'VALIDATION' && error.code !== 'CONFLICT')) {
		return error;
	}

	const field: keyof FieldErrors = /password/i.test(error.message) ? 'password' : (/connection/i.test(error.message) ? 'connection' : 'email');
	return new LiveError(error.code, error.message, {status: error.status, errorCode: error.errorCode, fields: {[field]: [error.message]}});
}
