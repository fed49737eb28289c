// The Users area's writes by an administrator: create, block and unblock,
// delete, metadata edits, device unlinks. Each writes its change and one log
// event under the store's lock; a refusal writes one failure event instead.
import {normalizeEmail, validateEmail} from '../domain/email.js';
import {type FieldErrors, UserdeckError} from '../domain/errors.js';
import {mergeMetadata, validateMetadataPatch} from '../domain/metadata.js';
import {checkPassword, MAX_PASSWORD_BYTES, passwordsDoNotMatch} from '../domain/password-policy.js';
import type {Connection, JsonObject, User} from '../domain/types.js';
import {newDatabaseUser, orderUserFields} from '../domain/user-factory.js';
import {newDatabaseUserId} from './ids.js';
import type {ServiceContext} from './service-context.js';

export type CreateUserInput = {
	email: string;
	password: string;
	repeatPassword: string;
	connection: string;
};

export class UserAdministration {
	private readonly context: ServiceContext;

	constructor(context: ServiceContext) {
		this.context = context;
	}

	// Create -------------------------------------------------------------------

	async createUser(input: CreateUserInput): Promise<User> {
		const email = normalizeEmail(input.email);
		const connection = this.context.connectionByName(input.connection);
		const fields = this.createUserErrors(input, email, connection);
		if (Object.keys(fields).length > 0 || !connection) {
			const first = Object.values(fields).flat()[0] ?? 'Invalid input';
			await this.context.logFailure('fs', 'create user', email, first, {connection: input.connection});
			throw new UserdeckError('VALIDATION', first, fields);
		}

		const passwordHash = await this.context.hasher.hash(input.password);
		try {
			return await this.context.store.transact(tx => {
				// Rules are checked again under the lock: another process may have
				// created the same email or disabled the connection meanwhile.
				const current = this.context.connectionByName(connection.name);
				if (!current || current.enabled_clients.length === 0) {
					throw new UserdeckError('VALIDATION', 'The connection is disabled', {connection: ['The connection is disabled']});
				}

				if (this.context.store.userByEmail(current.name, email)) {
					throw new UserdeckError('CONFLICT', 'The user already exists.', {email: ['The user already exists.']});
				}

				const now = this.context.now();
				const user = newDatabaseUser({id: newDatabaseUserId(), email, connection: current.name, now});
				tx.put('users', user);
				tx.put('passwords', {user_id: user.user_id, hash: passwordHash, history: [], updated_at: now.toISOString()});
				tx.put('logs', this.context.event('ss', {
					description: 'Created by an administrator',
					user,
					connection: current,
					details: this.context.audit('create user', user.user_id, 'success'),
				}));
				return user;
			});
		} catch (error) {
			if (error instanceof UserdeckError) {
				await this.context.logFailure('fs', 'create user', email, error.message, {connection: connection.name});
			}

			throw error;
		}
	}

	/** The rules a new user must meet, per form field. Empty when all pass. */
	createUserErrors(input: CreateUserInput, email = normalizeEmail(input.email), connection = this.context.connectionByName(input.connection)): FieldErrors {
		return newUserErrors(input, email, connection, {
			exists: () => connection !== undefined && this.context.store.userByEmail(connection.name, email) !== undefined,
			checkEnabled: true,
		});
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
		return this.context.adminWrite('fapi', action, userId, tx => {
			const user = this.context.getUser(userId);
			const changed = (user.blocked ?? false) !== blocked;
			const updated = changed ? orderUserFields({...user, blocked, updated_at: this.context.now().toISOString()}) : user;
			if (changed) {
				tx.put('users', updated);
			}

			// A ticket refused while the user was blocked would work again after an
			// unblock within its 2 minutes: blocking ends the user's tickets.
			let ended = 0;
			if (blocked) {
				for (const ticket of this.context.store.tables.tickets.values()) {
					if (ticket.user_id === userId) {
						tx.delete('tickets', ticket.id);
						ended++;
					}
				}
			}

			tx.put('logs', this.context.event('sapi', {
				description: `${blocked ? 'Block user' : 'Unblock user'}${changed ? '' : ` (already ${blocked ? 'blocked' : 'unblocked'})`}`,
				user,
				details: {...this.context.audit(action, userId, 'success'), ...(changed ? {} : {unchanged: true}), ...(ended > 0 ? {tickets_ended: ended} : {})},
			}));
			return {user: updated, changed};
		});
	}

	async deleteUser(userId: string): Promise<void> {
		const action = 'delete user';
		await this.context.adminWrite('fdu', action, userId, tx => {
			const user = this.context.getUser(userId);
			tx.delete('users', userId);
			tx.delete('passwords', userId);
			for (const device of this.context.store.devicesOf(userId)) {
				tx.delete('devices', device.id);
			}

			for (const ticket of this.context.store.tables.tickets.values()) {
				if (ticket.user_id === userId) {
					tx.delete('tickets', ticket.id);
				}
			}

			tx.put('logs', this.context.event('sdu', {
				description: 'Deleted by an administrator',
				user,
				details: this.context.audit(action, userId, 'success'),
			}));
		});
	}

	async updateMetadata(userId: string, patch: unknown): Promise<User> {
		const action = 'update user_metadata';
		return this.context.adminWrite('fapi', action, userId, tx => {
			const user = this.context.getUser(userId);
			const problem = validateMetadataPatch(patch, user.user_metadata);
			if (problem) {
				throw new UserdeckError('VALIDATION', problem, {metadata: [problem]});
			}

			const patchObject = patch as JsonObject;
			const merged = mergeMetadata(user.user_metadata, patchObject);
			const updated = orderUserFields({...user, user_metadata: merged, updated_at: this.context.now().toISOString()});
			tx.put('users', updated);
			tx.put('logs', this.context.event('sapi', {
				description: 'Update user_metadata',
				user,
				// Keys only: metadata values may be personal data.
				details: {...this.context.audit(action, userId, 'success'), keys: Object.keys(patchObject)},
			}));
			return updated;
		});
	}

	async unlinkDevice(userId: string, deviceId: string): Promise<void> {
		const action = 'unlink device';
		await this.context.adminWrite('fapi', action, userId, tx => {
			const user = this.context.getUser(userId);
			const device = this.context.store.tables.devices.get(deviceId);
			if (!device || device.user_id !== userId) {
				throw new UserdeckError('NOT_FOUND', `No device ${deviceId} for user ${userId}`);
			}

			tx.delete('devices', deviceId);
			tx.put('logs', this.context.event('srrt', {
				description: `Refresh token revoked: ${device.device_name}`,
				user,
				client: this.context.client(device.client_id),
				details: {...this.context.audit(action, userId, 'success'), device_id: deviceId},
			}));
		});
	}
}

/**
 * The rules a new user must meet, per form field, as far as they can be
 * checked before asking the backend: the email, the connection, the
 * connection's password policy, the repeated password. `exists` says whether
 * the email is taken (when the backend can tell at once); `checkEnabled`
 * refuses a connection enabled for no application (when the backend knows
 * its applications).
 */
export function newUserErrors(input: CreateUserInput, email: string, connection: Connection | undefined, options: {exists?: () => boolean; checkEnabled: boolean}): FieldErrors {
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
	} else if (options.checkEnabled && connection.enabled_clients.length === 0) {
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

	if (!emailError && connection && options.exists?.()) {
		add('email', 'The user already exists.');
	}

	return fields;
}
