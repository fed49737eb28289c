// Bulk import (Auth0's user import job, FACTS.md §8) over the users service.
//
// Every entry is checked before anything is written; then entries are written
// in file order, in small transactions (at most `batchSize` users and about
// `batchMs` of work each), never one giant one: another process's writes, a
// second import included, interleave between them, and each transaction sees
// what the others committed, so an email taken meanwhile is a CONFLICT_EMAIL,
// never a duplicate.
//
// Audit: each user written is one admin action with one `sapi` event (created
// or, with upsert, updated), in the same transaction as the write: the user's
// History tab shows where the profile came from. The refusals of a run are one
// `fapi` event at its end, with their count, codes and the first entries
// (index, email, errors): one event per refused entry made an import of
// 400,000 bad entries add 8.5 MB of journal and 250 MB of store. The run's
// report lists every refusal; `details.import_id` ties the events together.
import {performance} from 'node:perf_hooks';
import {setTimeout as sleep} from 'node:timers/promises';
import {normalizeEmail} from '../domain/email.js';
import {UserdeckError} from '../domain/errors.js';
import type {TenantFields} from '../domain/import/auth0-export.js';
import type {ImportError, ImportFailure, ImportNotice} from '../domain/import/import-error.js';
import {newImportedUser, upsertUser} from '../domain/import/import-profile.js';
import type {ImportUser} from '../domain/import/import-user.js';
import {type ImportedPassword, importedPassword} from '../domain/import/password-scheme.js';
import {validateImportUser} from '../domain/import/validate-import-user.js';
import type {Connection, JsonObject, LogEvent, PasswordRecord, User} from '../domain/types.js';
import type {Transaction} from '../store/store.js';
import {newDatabaseUserId, randomHex} from './ids.js';
import {unsupportedScheme} from './imported-hash.js';
import type {UsersService} from './users-service.js';

export type ImportOptions = {
	/** A database connection's name. */
	connection: string;
	/** Update users whose email already exists in the connection, instead of refusing them. */
	upsert?: boolean;
	/** Most users per transaction. Default 100. */
	batchSize?: number;
	/** A transaction stops taking users after this many milliseconds. Default 8. */
	batchMs?: number;
	/**
	 * Milliseconds the lock is left free between two transactions. Other
	 * processes poll for it every 10–50 ms (lock.ts); without a gap an import
	 * would take it again at once and keep them waiting until it ended. Default 5.
	 */
	pauseMs?: number;
	/** Per entry, for an Auth0 export file (auth0-export.ts): what only the tenant could set, and problems found reading the entry. */
	exported?: {tenant: ReadonlyArray<TenantFields | undefined>; problems: ReadonlyArray<readonly ImportError[]>};
	/** Called after each transaction with the number of entries handled so far. */
	onProgress?: (done: number, total: number) => void;
};

export type ImportResult = {
	connection: string;
	import_id: string;
	total: number;
	created: number;
	updated: number;
	failed: number;
	/** Refused entries, in file order. */
	failures: ImportFailure[];
	/** Accepted, but something in them was not kept. */
	warnings: string[];
	/** Per user: what an upsert left as it was (Auth0's not-upsertable properties), in file order. */
	notices: ImportNotice[];
	transactions: number;
};

/** A store error stopped the import; entries before `handled` were written (or refused) and stay so. */
export class ImportInterruptedError extends Error {
	override name = 'ImportInterruptedError';
	readonly result: ImportResult;
	readonly handled: number;

	constructor(result: ImportResult, handled: number, cause: unknown) {
		super(`The import stopped after ${handled} of ${result.total} entries: ${cause instanceof Error ? cause.message : String(cause)}`, {cause});
		this.result = result;
		this.handled = handled;
	}
}

type Prepared = {index: number; entry: ImportUser; email: string; password?: ImportedPassword};
type Refused = {index: number; failure: ImportFailure};
type Item = Prepared | Refused;

/** The connection an import may write to, or why not. */
export function importConnectionProblem(connection: Connection | undefined, name: string): string | undefined {
	if (!connection) {
		return `No connection named ${name}`;
	}

	if (connection.strategy !== 'auth0') {
		return `${connection.name} is not a database connection: users can only be imported into database connections`;
	}

	if (connection.enabled_clients.length === 0) {
		return 'The connection is disabled';
	}

	return undefined;
}

/** Checks every entry, then writes the acceptable ones; refused entries are reported, not thrown. */
export async function importUsers(service: UsersService, entries: readonly unknown[], options: ImportOptions): Promise<ImportResult> {
	const problem = importConnectionProblem(service.connectionByName(options.connection), options.connection);
	if (problem !== undefined) {
		// Refused as a whole: one failure event for the one action attempted.
		await service.store.transact(tx => {
			tx.put('logs', service.auditEvent('fapi', {
				description: `import users failed: ${problem}`,
				action: 'import users',
				target: options.connection,
				result: 'failure',
				details: {reason: problem, users: entries.length},
			}));
		});
		throw new UserdeckError('VALIDATION', problem, {connection: [problem]});
	}

	const result: ImportResult = {
		connection: options.connection,
		import_id: randomHex(8),
		total: entries.length,
		created: 0,
		updated: 0,
		failed: 0,
		failures: [],
		warnings: [],
		notices: [],
		transactions: 0,
	};
	const items = prepare(entries, result.warnings, options.exported?.problems);
	const usernames = items.some(item => 'entry' in item && item.entry.username !== undefined) ? new UsernameIndex(service, options.connection) : undefined;
	const batchSize = options.batchSize ?? 100;
	const batchMs = options.batchMs ?? 8;
	let next = 0;
	while (next < items.length) {
		let batch: {end: number; writer: BatchWriter};
		try {
			batch = await service.store.transact(tx => {
				const started = performance.now();
				usernames?.catchUp();
				const writer = new BatchWriter(service, tx, options, result.import_id, usernames);
				let index = next;
				for (const end = Math.min(items.length, next + batchSize); index < end; index++) {
					writer.write(items[index]!);
					if (performance.now() - started > batchMs) {
						index++;
						break;
					}
				}

				return {end: index, writer};
			});
		} catch (error) {
			result.failures.sort((a, b) => a.index - b.index);
			result.failed = result.failures.length;
			// Best effort: the store just failed, the summary may not be written either.
			await logRefusals(service, options, result).catch(() => undefined);
			throw new ImportInterruptedError(result, next, error);
		}

		usernames?.committed();
		// Counted once committed: a transaction that failed wrote nothing.
		result.created += batch.writer.created;
		result.updated += batch.writer.updated;
		result.failures.push(...batch.writer.failures);
		result.notices.push(...batch.writer.notices);
		result.transactions++;
		next = batch.end;
		options.onProgress?.(next, items.length);
		if (next < items.length) {
			await sleep(options.pauseMs ?? 5);
		}
	}

	result.failures.sort((a, b) => a.index - b.index);
	result.failed = result.failures.length;
	await logRefusals(service, options, result);
	return result;
}

/** How many refused entries the run's event names one by one. */
export const loggedRefusals = 20;

/** The run's refusals as one admin event: the count, each code's count, and the first entries. */
async function logRefusals(service: UsersService, options: ImportOptions, result: ImportResult): Promise<void> {
	if (result.failures.length === 0) {
		return;
	}

	const codes: Record<string, number> = {};
	for (const failure of result.failures) {
		for (const code of new Set(failure.errors.map(error => error.code))) {
			codes[code] = (codes[code] ?? 0) + 1;
		}
	}

	const first = result.failures.slice(0, loggedRefusals).map(failure => ({
		index: failure.index,
		...(failure.email === undefined ? {} : {email: failure.email}),
		errors: failure.errors.map(error => ({code: error.code, ...(error.path ? {path: error.path} : {}), message: error.message})),
	}));
	const connection = service.connectionByName(options.connection);
	await service.store.transact(tx => {
		tx.put('logs', service.auditEvent('fapi', {
			description: `import users: ${result.failures.length} of ${result.total} refused (${Object.keys(codes).join(', ')})`,
			action: 'import users',
			target: options.connection,
			result: 'failure',
			connection,
			details: {import_id: result.import_id, connection: options.connection, refused: result.failures.length, total: result.total, codes, first_refused: first},
		}));
	});
}

/** Validates each entry and finds duplicates within the file; writes nothing. */
/**
 * Every entry checked as an import checks it, before anything is written: the
 * entry's own rules, its password hash, duplicates within the file. Also the
 * check of an import into a tenant (live/import-to-tenant.ts), so a file's
 * errors are found before a job is spent on it.
 */
export function checkImportEntries(entries: readonly unknown[], readProblems?: ReadonlyArray<readonly ImportError[]>, {forTenant = false} = {}): {items: CheckedEntry[]; warnings: string[]} {
	const warnings: string[] = [];
	return {items: prepare(entries, warnings, readProblems, forTenant), warnings};
}

export type CheckedEntry = Item;

/** `forTenant`: Auth0 verifies the hashes, so a digest this Node.js lacks is no reason to refuse. */
function prepare(entries: readonly unknown[], warnings: string[], readProblems?: ReadonlyArray<readonly ImportError[]>, forTenant = false): Item[] {
	const items: Item[] = entries.map((entry, index) => {
		const email = emailOf(entry);
		const {user, errors} = validateImportUser(entry);
		errors.unshift(...readProblems?.[index] ?? []);
		if (user && errors.length === 0) {
			const {password, errors: hashErrors} = importedPassword(user);
			const unsupported = password && !forTenant ? unsupportedScheme(password.scheme, password.hash) : undefined;
			if (unsupported !== undefined) {
				hashErrors.push({code: 'ENUM_MISMATCH', reason: 'UNSUPPORTED_ALGORITHM', path: 'custom_password_hash', message: unsupported});
			}

			if (hashErrors.length === 0) {
				if (user.mfa_factors !== undefined) {
					warnings.push(`users[${index}]: mfa_factors are checked but not imported (userdeck keeps no MFA enrollments)`);
				}

				return password ? {index, entry: user, email: normalizeEmail(user.email), password} : {index, entry: user, email: normalizeEmail(user.email)};
			}

			errors.push(...hashErrors);
		}

		return {index, failure: {index, ...(email === undefined ? {} : {email}), errors}};
	});
	markDuplicates(entries, items);
	return items;
}

/**
 * Two entries with the same email (any case) or the same user_id are both
 * refused: which one the file meant cannot be told, and importing either
 * would make the result depend on the order of the file.
 */
function markDuplicates(entries: readonly unknown[], items: Item[]): void {
	const seen = new Map<string, number[]>();
	const note = (key: string, index: number) => {
		const indexes = seen.get(key);
		if (indexes) {
			indexes.push(index);
		} else {
			seen.set(key, [index]);
		}
	};

	for (const [index, entry] of entries.entries()) {
		const email = emailOf(entry);
		if (email !== undefined) {
			note(`email\u0000${normalizeEmail(email)}`, index);
		}

		const userId = (entry as {user_id?: unknown} | null)?.user_id;
		if (typeof userId === 'string') {
			note(`user_id\u0000${userId}`, index);
		}

		const username = (entry as {username?: unknown} | null)?.username;
		if (typeof username === 'string') {
			note(`username\u0000${username.toLowerCase()}`, index);
		}
	}

	for (const [key, indexes] of seen) {
		if (indexes.length < 2) {
			continue;
		}

		const [field] = key.split('\u0000');
		for (const index of indexes) {
			const others = indexes.filter(other => other !== index).map(other => `users[${other}]`).join(', ');
			const error: ImportError = {code: 'DUPLICATED_USER', path: field!, message: `The same ${field!} appears again in the file at ${others}`};
			const item = items[index]!;
			if ('failure' in item) {
				item.failure.errors.push(error);
			} else {
				const email = emailOf(entries[index]);
				items[index] = {index, failure: {index, ...(email === undefined ? {} : {email}), errors: [error]}};
			}
		}
	}
}

function emailOf(entry: unknown): string | undefined {
	const email = (typeof entry === 'object' && entry !== null) ? (entry as {email?: unknown}).email : undefined;
	return typeof email === 'string' ? email : undefined;
}

/**
 * Usernames taken in the connection. The store keeps no index of them, so
 * this one is built by a scan, kept up to date with the import's own writes,
 * and built again when another process wrote in between (only imports whose
 * file has usernames pay for it).
 */
class UsernameIndex {
	readonly #service: UsersService;
	readonly #connection: string;
	#owners = new Map<string, string>();
	#revision = -1;

	constructor(service: UsersService, connection: string) {
		this.#service = service;
		this.#connection = connection;
	}

	/** Under the lock, before a batch: rebuild if the store changed other than by our commits. */
	catchUp(): void {
		const {store} = this.#service;
		if (store.revision === this.#revision) {
			return;
		}

		this.#owners = new Map();
		for (const user of store.tables.users.values()) {
			if (user.username !== undefined && user.identities.some(identity => identity.connection === this.#connection)) {
				this.#owners.set(user.username.toLowerCase(), user.user_id);
			}
		}

		this.#revision = store.revision;
	}

	/** After our batch committed: the index already holds its usernames. */
	committed(): void {
		this.#revision = this.#service.store.revision;
	}

	owner(username: string): string | undefined {
		return this.#owners.get(username.toLowerCase());
	}

	/** A new user's; an upsert never changes a username (Auth0 does not upsert it). */
	take(username: string, userId: string): void {
		this.#owners.set(username.toLowerCase(), userId);
	}
}

// Auth0's rule, in its words: the hash can be updated "if the user did not
// login using the initially imported custom_password_hash". A user whose
// password is no longer an imported one (they signed in, which rehashed it, or
// set it themselves) keeps it: replacing it would lock them out.
const passwordAlreadySet: ImportError = {
	code: 'CONFLICT',
	path: 'custom_password_hash',
	reason: 'PASSWORD_ALREADY_SET',
	message: 'custom_password_hash can only be updated if the user did not login using the initially imported custom_password_hash: this user already has a password of their own, left as it is',
};

/** Writes the items of one transaction against the store's state under the lock. */
class BatchWriter {
	created = 0;
	updated = 0;
	readonly failures: ImportFailure[] = [];
	readonly notices: ImportNotice[] = [];
	readonly #service: UsersService;
	readonly #tx: Transaction;
	readonly #upsert: boolean;
	readonly #importId: string;
	readonly #connectionName: string;
	readonly #connection: Connection | undefined;
	readonly #connectionProblem: string | undefined;
	readonly #now: Date;
	readonly #usernames: UsernameIndex | undefined;
	readonly #tenant: ReadonlyArray<TenantFields | undefined> | undefined;

	constructor(service: UsersService, tx: Transaction, options: ImportOptions, importId: string, usernames: UsernameIndex | undefined) {
		this.#usernames = usernames;
		this.#tenant = options.exported?.tenant;
		this.#service = service;
		this.#tx = tx;
		this.#upsert = options.upsert ?? false;
		this.#importId = importId;
		this.#connectionName = options.connection;
		// Checked again under the lock: another process may have disabled it meanwhile.
		this.#connection = service.connectionByName(options.connection);
		this.#connectionProblem = importConnectionProblem(this.#connection, options.connection);
		this.#now = service.currentTime();
	}

	write(item: Item): void {
		if ('failure' in item) {
			this.#refuse(item.failure);
			return;
		}

		if (this.#connectionProblem !== undefined) {
			this.#refuse({index: item.index, email: item.entry.email, errors: [{code: 'CONNECTION_NOT_FOUND', reason: 'CONNECTION_DISABLED', path: 'connection', message: this.#connectionProblem}]});
			return;
		}

		const connection = this.#connection!;
		const store = this.#service.store;
		const existing = store.userByEmail(connection.name, item.email);
		if (existing && !this.#upsert) {
			this.#refuse({index: item.index, email: item.entry.email, errors: [{code: 'CONFLICT_EMAIL', path: 'email', message: 'The user already exists (use --upsert to update it)'}]});
			return;
		}

		if (existing) {
			this.#update(existing, item);
			return;
		}

		const username = item.entry.username;
		if (username !== undefined && this.#usernames?.owner(username) !== undefined) {
			this.#refuse({index: item.index, email: item.entry.email, errors: [{code: 'CONFLICT_USERNAME', path: 'username', message: 'Another user of the connection has this username'}]});
			return;
		}

		const id = item.entry.user_id ?? newDatabaseUserId();
		if (store.user(`auth0|${id}`)) {
			this.#refuse({index: item.index, email: item.entry.email, errors: [{code: 'CONFLICT', path: 'user_id', message: `A user with user_id auth0|${id} already exists`}]});
			return;
		}

		const user = newImportedUser({entry: item.entry, id, connection: connection.name, now: this.#now, tenant: this.#tenant?.[item.index]});
		if (username !== undefined) {
			this.#usernames?.take(username, user.user_id);
		}

		this.#tx.put('users', user);
		this.#putPassword(user.user_id, item.password);
		this.#log(user, item, 'created');
		this.created++;
	}

	/** Auth0's upsert: upsertable fields only, and a custom_password_hash only while the user has not made the password their own. */
	#update(existing: User, item: Prepared): void {
		const custom = item.entry.custom_password_hash === undefined ? undefined : item.password;
		// Read only when needed: an upsert of a million users without hashes opens no record.
		const record = custom ? this.#service.store.password(existing.user_id) : undefined;
		if (custom && record && record.imported === undefined) {
			this.#refuse({index: item.index, email: item.entry.email, errors: [passwordAlreadySet]});
			return;
		}

		const {user, kept} = upsertUser(existing, item.entry, this.#now);
		this.#tx.put('users', user);
		this.#putPassword(user.user_id, custom);
		if (kept.length > 0) {
			this.notices.push({
				index: item.index,
				email: item.entry.email,
				user_id: user.user_id,
				code: 'NOT_UPSERTED',
				fields: kept,
				message: `left as they were (Auth0 does not upsert them): ${kept.join(', ')}${kept.includes('password_hash') ? '; password_hash can only be provided when the user is first imported and cannot be updated later' : ''}`,
			});
		}

		this.#log(user, item, 'updated', kept);
		this.updated++;
	}

	#putPassword(userId: string, password: ImportedPassword | undefined): void {
		if (!password) {
			return;
		}

		const previous = this.#service.store.password(userId);
		const record: PasswordRecord = {
			user_id: userId,
			hash: password.hash,
			history: previous?.history ?? [],
			updated_at: this.#now.toISOString(),
			imported: password.scheme,
		};
		this.#tx.put('passwords', record);
	}

	#log(user: User, item: Prepared, outcome: 'created' | 'updated', kept: readonly string[] = []): void {
		this.#tx.put('logs', this.#event('sapi', {
			description: outcome === 'created' ? 'Imported by an administrator' : 'Updated by an import (upsert)',
			action: outcome === 'created' ? 'import user' : 'import user (upsert)',
			target: user.user_id,
			result: 'success',
			user,
			details: {index: item.index, outcome, ...(kept.length > 0 ? {not_upserted: [...kept]} : {})},
		}));
	}

	/** Kept for the run's one refusal event (logRefusals). */
	#refuse(failure: ImportFailure): void {
		this.failures.push(failure);
	}

	#event(type: string, options: {description: string; action: string; target: string; result: 'success' | 'failure'; user?: User; userName?: string; details: JsonObject}): LogEvent {
		return this.#service.auditEvent(type, {
			...options,
			connection: this.#connection,
			details: {...options.details, import_id: this.#importId, connection: this.#connectionName},
		});
	}
}
