// What the service's parts share: the store, the operator and the clock, and
// how an admin action is recorded (one log event per action, success or
// failure, with actor, action, target and result, as OWASP's logging cheat
// sheet asks). Administration, sign-in and tickets (beside this file) build on it.
import {UserdeckError} from '../domain/errors.js';
import {damagedUserError} from './users-api.js';
import type {Client, Connection, JsonObject, LogEvent, User} from '../domain/types.js';
import {primaryConnection} from '../domain/user-factory.js';
import {type Store, StoreError, type Transaction} from '../store/store.js';
import {newLogId} from './ids.js';
import {failureStatus, managementApiCall} from '../domain/management-api.js';
import {isMobileUserAgent} from '../domain/user-agent.js';
import {argon2Hasher, type PasswordHasher} from './password-hasher.js';

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

export class ServiceContext {
	readonly store: Store;
	readonly actor: Actor;
	readonly hasher: PasswordHasher;
	readonly now: () => Date;
	/** The user agent of sign-ins that give none. */
	readonly userAgent: string;
	private readonly hostname: string;
	private readonly callingClient: {client_id: string; client_name: string};

	constructor(options: ServiceOptions) {
		this.store = options.store;
		this.actor = options.actor;
		this.hasher = options.hasher ?? argon2Hasher;
		this.now = options.now ?? (() => new Date());
		this.hostname = options.hostname ?? 'userdeck.local';
		this.callingClient = options.client ?? {client_id: 'userdeck', client_name: 'userdeck'};
		this.userAgent = options.userAgent ?? 'userdeck';
	}

	getUser(userId: string): User {
		const problem = this.store.userProblem(userId);
		if (problem !== undefined) {
			// Listed, but its profile in the file is damaged: a refusal of this user alone (a batch goes on).
			throw damagedUserError(userId, problem);
		}

		const user = this.store.user(userId);
		if (!user) {
			throw new UserdeckError('NOT_FOUND', `No user with id ${userId}`);
		}

		return user;
	}

	client(clientId: string): Client | undefined {
		return this.store.tables.clients.get(clientId);
	}

	connectionByName(name: string): Connection | undefined {
		for (const connection of this.store.tables.connections.values()) {
			if (connection.name === name) {
				return connection;
			}
		}

		return undefined;
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

	/**
	 * Runs an admin write; if its rules refuse it, one failure event is logged
	 * instead, and the error is rethrown for the caller to show.
	 */
	async adminWrite<T>(failureCode: string, action: string, target: string, fn: (tx: Transaction) => T): Promise<T> {
		try {
			return await this.store.transact(fn);
		} catch (error) {
			if (error instanceof UserdeckError) {
				await this.logFailure(failureCode, action, target, error.message, {}, error.code);
			}

			throw error;
		}
	}

	/** The user's profile, or undefined when there is none or it cannot be read (an event then names the user by id). */
	readableUser(userId: string): User | undefined {
		// One read: asking `userProblem` first read every profile twice on the screens' hot path.
		try {
			return this.store.user(userId);
		} catch (error) {
			if (error instanceof StoreError && error.code === 'CORRUPT') {
				return undefined;
			}

			throw error;
		}
	}

	async logFailure(code: string, action: string, target: string, reason: string, extra: JsonObject = {}, errorCode?: string): Promise<void> {
		await this.store.transact(tx => {
			const user = this.readableUser(target);
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
	audit(action: string, target: string, result: 'success' | 'failure', status = 400): JsonObject {
		const call = managementApiCall(action, target);
		return {
			actor: this.actor,
			action,
			target,
			result,
			...(call ? {request: {method: call.method, path: call.path, channel: 'api'}, response: {statusCode: result === 'success' ? call.success : status}} : {}),
		};
	}

	event(type: string, options: {
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
}
