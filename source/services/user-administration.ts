// The Users area's writes by an administrator: create, block and unblock,
// delete, metadata edits, device unlinks. Each writes its change and one log
// event under the store's lock; a refusal writes one failure event instead.
import {normalizeEmail, validateEmail} from '../domain/email.js';
import {type FieldErrors, UserdeckError} from '../domain/errors.js';
import {mergeMetadata, validateMetadataPatch} from '../domain/metadata.js';
import {checkPassword, MAX_PASSWORD_BYTES, passwordHistorySize, passwordsDoNotMatch, personalInfoOf} from '../domain/password-policy.js';
import type {Connection, JsonObject, User} from '../domain/types.js';
import type {Transaction} from '../store/store.js';
import {newDatabaseUser, orderUserFields, primaryConnection} from '../domain/user-factory.js';
import {newDatabaseUserId} from './ids.js';
import {historyAfterChange, isInPasswordHistory} from './password-history.js';
import type {ServiceContext} from './service-context.js';

export type CreateUserInput = {
	email: string;
	password: string;
	repeatPassword: string;
	connection: string;
};

export type ChangePasswordInput = {
	password: string;
	repeatPassword: string;
};

export type ChangeEmailInput = {
	email: string;
	/** Whether to mark the new email verified; Auth0 leaves it unverified unless `email_verified: true` is sent. */
	verified?: boolean;
};

/** Whether the user has a password an admin can change, and under which connection's policy. */
export type PasswordChangeOptions =
	| {allowed: true; connection: Connection}
	| {allowed: false; reason: string};

/** Auth0's answer to a PATCH whose new email another user of the connection has. */
export const emailTaken = 'The specified new email already exists';

/** What a refused password change says when the password is one of the user's last. */
const passwordReused = checkPassword('', {password_history: {enable: true, size: 1}}, {inHistory: true}).find(rule => rule.id === 'history')!.message;

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
		return this.context.adminWrite('fapi', blocked ? 'block user' : 'unblock user', userId, tx => this.stageSetBlocked(tx, userId, blocked));
	}

	/**
	 * Stages a block or unblock and its event in `tx` (the caller holds the
	 * lock); `details` join the event's (a batch's id). Throws a UserdeckError
	 * when the user is not there, having staged nothing.
	 */
	stageSetBlocked(tx: Transaction, userId: string, blocked: boolean, details: JsonObject = {}): {user: User; changed: boolean} {
		const action = blocked ? 'block user' : 'unblock user';
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
			details: {...this.context.audit(action, userId, 'success'), ...(changed ? {} : {unchanged: true}), ...(ended > 0 ? {tickets_ended: ended} : {}), ...details},
		}));
		return {user: updated, changed};
	}

	async deleteUser(userId: string): Promise<void> {
		await this.context.adminWrite('fdu', 'delete user', userId, tx => {
			this.stageDelete(tx, userId);
		});
	}

	/**
	 * Stages a delete (profile, password, devices, tickets) and its event in
	 * `tx`; see stageSetBlocked. A user whose profile in the file is damaged can
	 * be deleted too (by id, the event naming them by id): it is how the admin
	 * gets rid of the row. Returns the profile deleted, when it could be read.
	 */
	stageDelete(tx: Transaction, userId: string, details: JsonObject = {}): User | undefined {
		const damaged = this.context.store.tables.users.has(userId) && this.context.store.userProblem(userId) !== undefined;
		const user = damaged ? undefined : this.context.getUser(userId);
		tx.delete('users', userId);
		tx.delete('passwords', userId);
		// By id: a device the store cannot read goes with its user too.
		for (const id of this.context.store.deviceIdsOf(userId)) {
			tx.delete('devices', id);
		}

		for (const ticket of this.context.store.tables.tickets.values()) {
			if (ticket.user_id === userId) {
				tx.delete('tickets', ticket.id);
			}
		}

		tx.put('logs', this.context.event('sdu', {
			description: 'Deleted by an administrator',
			user,
			userName: user ? undefined : userId,
			details: {...this.context.audit('delete user', userId, 'success'), ...details},
		}));
		return user;
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
			const device = this.context.store.device(deviceId);
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

	// Change Password, Change Email (PATCH /api/v2/users/{id}) ---------------------

	/** Only users of a database connection have a password (FACTS.md §2); others change it at their identity provider. */
	passwordChangeOptions(userId: string): PasswordChangeOptions {
		const user = this.context.getUser(userId);
		return passwordChangeOptionsOf(user, this.context.connectionByName(primaryConnection(user)), 'is not in this store');
	}

	/**
	 * The rules a new password must meet that need no hashing, per form field:
	 * the connection's policy (with the user's personal information) and the
	 * repeat. Whether it is one of the last passwords is checked on submit.
	 */
	changePasswordErrors(userId: string, input: ChangePasswordInput): FieldErrors {
		return passwordChangeErrors(this.context.getUser(userId), this.passwordChangeOptions(userId), input);
	}

	/**
	 * Sets a new password, as an admin does with PATCH /api/v2/users/{id}
	 * `{password, connection}`: the connection's policy applies, including its
	 * history (the current password and the `size` before it). The new hash is
	 * argon2id; the old one goes first into the history, which keeps `size`.
	 * Devices (refresh tokens) and Sign in as User tickets stay: Auth0 revokes
	 * neither on a password change (docs/account-changes.md).
	 */
	async changePassword(userId: string, input: ChangePasswordInput): Promise<User> {
		const action = 'change password';
		const refuse = async (error: UserdeckError): Promise<never> => {
			await this.context.logFailure('fcp', action, userId, error.message, {}, error.code);
			throw error;
		};

		let fields: FieldErrors;
		try {
			fields = this.changePasswordErrors(userId, input);
		} catch (error) {
			if (error instanceof UserdeckError) {
				await refuse(error);
			}

			throw error;
		}

		const first = Object.values(fields).flat()[0];
		if (first !== undefined) {
			await refuse(new UserdeckError('VALIDATION', first, fields));
		}

		const options = this.passwordChangeOptions(userId);
		const size = options.allowed ? passwordHistorySize(options.connection.options ?? {}) : 0;
		const checked = this.context.store.password(userId);
		// Hashing and the history's verifications run before the lock: argon2
		// takes tens of milliseconds each, and the lock is every process's.
		const [reused, hash] = await Promise.all([
			isInPasswordHistory(this.context.hasher, checked, size, input.password),
			this.context.hasher.hash(input.password),
		]);
		if (reused) {
			await refuse(new UserdeckError('VALIDATION', passwordReused, {password: [passwordReused]}));
		}

		return this.context.adminWrite('fcp', action, userId, tx => {
			const user = this.context.getUser(userId);
			const current = this.passwordChangeOptions(userId);
			if (!current.allowed) {
				throw new UserdeckError('VALIDATION', `No password to change: ${current.reason}`, {password: [`No password to change: ${current.reason}`]});
			}

			const record = this.context.store.password(userId);
			// The history was checked against the record as it was: another
			// process's change since would have to be checked again.
			if (record?.hash !== checked?.hash) {
				throw new UserdeckError('CONFLICT', 'The password was changed meanwhile by another process: submit again to check the new one against it', {password: ['The password was changed meanwhile by another process: submit again']});
			}

			const now = this.context.now().toISOString();
			const updated = orderUserFields({...user, last_password_reset: now, updated_at: now});
			tx.put('users', updated);
			tx.put('passwords', {
				user_id: userId,
				hash,
				history: historyAfterChange(record, passwordHistorySize(current.connection.options ?? {})),
				updated_at: now,
			});
			tx.put('logs', this.context.event('scp', {
				description: 'Password changed by an administrator',
				user: updated,
				connection: current.connection,
				details: this.context.audit(action, userId, 'success'),
			}));
			return updated;
		});
	}

	/** The rules a new email must meet, as Create's: format, and no other user of the connection with it. */
	changeEmailErrors(userId: string, input: ChangeEmailInput): FieldErrors {
		const user = this.context.getUser(userId);
		const problem = validateEmail(input.email);
		if (problem) {
			return {email: [problem]};
		}

		const connection = primaryConnection(user);
		const other = this.context.store.userByEmail(connection, emailFor(this.context.connectionByName(connection), input.email));
		return other && other.user_id !== userId ? {email: [emailTaken]} : {};
	}

	/**
	 * Sets a new email, as PATCH /api/v2/users/{id} `{email, email_verified,
	 * connection}` does: unverified unless `verified` is asked for. `changed` is
	 * false when the user already had that email and state (still one event).
	 */
	async changeEmail(userId: string, input: ChangeEmailInput): Promise<{user: User; changed: boolean}> {
		const action = 'change email';
		const verified = input.verified ?? false;
		return this.context.adminWrite('fapi', action, userId, tx => {
			// Checked under the lock: another process may have taken the email meanwhile.
			const fields = this.changeEmailErrors(userId, input);
			const first = Object.values(fields).flat()[0];
			if (first !== undefined) {
				throw new UserdeckError(first === emailTaken ? 'CONFLICT' : 'VALIDATION', first, fields);
			}

			const user = this.context.getUser(userId);
			const name = primaryConnection(user);
			const email = emailFor(this.context.connectionByName(name), input.email);
			const changed = user.email !== email || (user.email_verified ?? false) !== verified;
			const updated = changed
				? orderUserFields({
					...user,
					email,
					email_verified: verified,
					identities: user.identities.map(identity => withProfileEmail(identity, name, email, verified)),
					updated_at: this.context.now().toISOString(),
				})
				: user;
			if (changed) {
				tx.put('users', updated);
			}

			tx.put('logs', this.context.event('sapi', {
				description: `Change email${changed ? '' : ' (unchanged)'}`,
				user: updated,
				// Not the addresses: the event's user_name already names the new one.
				details: {...this.context.audit(action, userId, 'success'), email_verified: verified, ...(changed ? {} : {unchanged: true})},
			}));
			return {user: updated, changed};
		});
	}
}

/**
 * Whether the user has a password an admin can change: only users of a
 * database connection do (FACTS.md §2); others change it at their identity
 * provider. `connection` is the user's primary connection, if known;
 * `missing` ends the reason when it is not ("is not in this store").
 */
export function passwordChangeOptionsOf(user: User, connection: Connection | undefined, missing: string): PasswordChangeOptions {
	const name = primaryConnection(user);
	if (!connection) {
		return {allowed: false, reason: `the user's connection ${name || '(none)'} ${missing}`};
	}

	if (connection.strategy !== 'auth0') {
		return {allowed: false, reason: `the user signs in with ${connection.name}, not a database connection: the password is changed at that identity provider`};
	}

	return {allowed: true, connection};
}

/**
 * The rules a new password must meet that need no hashing, per form field:
 * the connection's policy (with the user's personal information) and the
 * repeat. Whether it is one of the last passwords is checked on submit (the
 * local store) or by Auth0 (a tenant).
 */
export function passwordChangeErrors(user: User, options: PasswordChangeOptions, input: ChangePasswordInput): FieldErrors {
	const fields: FieldErrors = {};
	const add = (field: keyof FieldErrors, message: string) => {
		(fields[field] ??= []).push(message);
	};

	if (!options.allowed) {
		add('password', `No password to change: ${options.reason}`);
		return fields;
	}

	if (input.password.length === 0) {
		add('password', 'Password is required');
	} else if (Buffer.byteLength(input.password) > MAX_PASSWORD_BYTES) {
		add('password', `Password is too long (at most ${MAX_PASSWORD_BYTES} bytes)`);
	} else {
		for (const rule of checkPassword(input.password, options.connection.options ?? {}, personalInfoOf(user))) {
			add('password', rule.message);
		}
	}

	if (input.password !== input.repeatPassword) {
		add('repeatPassword', passwordsDoNotMatch);
	}

	return fields;
}

/** Database connections store emails trimmed and lower-cased; others keep the provider's case. */
function emailFor(connection: Connection | undefined, email: string): string {
	return connection?.strategy === 'auth0' ? normalizeEmail(email) : email.trim();
}

/**
 * The user's own identity keeps its copy of the email where it has one
 * (profileData of the primary connection's identity); linked identities'
 * profileData are their providers' attributes, read-only, and stay.
 */
function withProfileEmail<I extends User['identities'][number]>(identity: I, connection: string, email: string, verified: boolean): I {
	if (identity.connection !== connection || identity.profileData?.['email'] === undefined) {
		return identity;
	}

	return {...identity, profileData: {...identity.profileData, email, email_verified: verified}};
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
