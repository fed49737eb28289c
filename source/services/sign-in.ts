// What an application does when a user signs in with a password, with a
// password check that takes the same time whatever the account's hash scheme.
import {randomBytes} from 'node:crypto';
import {setTimeout as delay} from 'node:timers/promises';
import {normalizeEmail} from '../domain/email.js';
import {UserdeckError} from '../domain/errors.js';
import type {Connection, PasswordRecord, User} from '../domain/types.js';
import {orderUserFields} from '../domain/user-factory.js';
import {verificationCostKey, verifyImportedHash} from './imported-hash.js';
import {verifyStoredHash} from './password-history.js';
import type {ServiceContext} from './service-context.js';
import type {UserDirectory} from './user-directory.js';

/** What the even-time password check knows of the store's kinds of hash (PasswordSignIn.verifyEvenly). */
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

export type SignInInput = {email: string; password: string; clientId: string; ip?: string; userAgent?: string};

export class PasswordSignIn {
	private readonly context: ServiceContext;
	private dummyHash: Promise<string> | undefined;

	private readonly directory: UserDirectory;

	constructor(context: ServiceContext, directory: UserDirectory) {
		this.context = context;
		this.directory = directory;
	}

	/** What an application does when a user logs in with a password. */
	async signIn(input: SignInInput): Promise<User> {
		const client = this.context.client(input.clientId);
		if (!client) {
			throw new UserdeckError('NOT_FOUND', `No application with client_id ${input.clientId}`);
		}

		const base = {client, ip: input.ip, userAgent: input.userAgent ?? this.context.userAgent};
		const databases = this.directory.databaseConnections();
		const enabled = databases.filter(connection => connection.enabled_clients.includes(client.client_id));
		if (enabled.length === 0) {
			// A fact about the application, the same for every email: it tells nothing about accounts.
			const problem = `${client.name} has no database connection enabled, so nobody can sign in to it with a password; enable one for it`;
			await this.context.store.transact(tx => {
				tx.put('logs', this.context.event('f', {...base, description: problem, userName: normalizeEmail(input.email)}));
			});
			throw new UserdeckError('FORBIDDEN', problem);
		}

		const email = normalizeEmail(input.email);
		const userIn = (connection: Connection) => this.context.store.userByEmail(connection.name, email);
		const candidate = enabled.map(userIn).find(user => user !== undefined);
		// The same email in a database connection this application does not use:
		// named only once the password proves the caller is that user.
		const elsewhere = candidate ? undefined : databases.map(userIn).find(user => user !== undefined);
		const account = candidate ?? elsewhere;
		const record = account ? this.context.store.password(account.user_id) : undefined;
		const valid = await this.verifyEvenly(record, input.password);
		// An imported hash (another system's algorithm) is replaced with argon2id
		// at the first sign-in that proves the password, as Auth0 does. Hashed
		// before taking the lock: argon2 takes tens of milliseconds.
		const upgrade = valid && candidate && record?.imported ? await this.context.hasher.hash(input.password) : undefined;
		return this.context.store.transact(tx => {
			const user = candidate ? this.context.store.user(candidate.user_id) : undefined;
			if (!user) {
				const other = elsewhere ? this.context.store.user(elsewhere.user_id) : undefined;
				if (other && valid) {
					const connection = other.identities[0]?.connection ?? 'its connection';
					const problem = `The user's connection ${connection} is not enabled for ${client.name}; enable it for the application to sign in through it`;
					tx.put('logs', this.context.event('f', {...base, description: problem, user: other}));
					return {error: new UserdeckError('FORBIDDEN', problem)};
				}

				tx.put('logs', this.context.event('fu', {...base, description: 'Wrong email or password.', userName: email}));
				return {error: new UserdeckError('AUTH', 'Wrong email or password.')};
			}

			// The credentials first: a wrong password learns nothing about the account's state.
			if (!valid) {
				tx.put('logs', this.context.event('fp', {...base, description: 'Wrong email or password.', user}));
				return {error: new UserdeckError('AUTH', 'Wrong email or password.')};
			}

			if (user.blocked) {
				tx.put('logs', this.context.event('f', {...base, description: 'user is blocked', user}));
				return {error: new UserdeckError('FORBIDDEN', 'user is blocked')};
			}

			const now = this.context.now().toISOString();
			const updated = orderUserFields({
				...user,
				last_login: now,
				last_ip: input.ip ?? user.last_ip,
				logins_count: (user.logins_count ?? 0) + 1,
				updated_at: now,
			});
			tx.put('users', updated);
			const current = this.context.store.password(user.user_id);
			// Only if nobody changed the password meanwhile.
			const upgraded = upgrade !== undefined && current?.imported !== undefined && current.hash === record?.hash;
			if (upgraded) {
				tx.put('passwords', {user_id: user.user_id, hash: upgrade, history: current.history, updated_at: now});
			}

			tx.put('logs', this.context.event('s', {
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
			: this.getDummyHash().then(async hash => this.context.hasher.verify(hash, password));
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
		let checkedOwn = ownKey === 'native';
		for (const [key, decoy] of timing.costly) {
			const own = key === ownKey;
			const checked = own ? record! : decoy;
			// eslint-disable-next-line no-await-in-loop
			const step = await timed(async () => verifyImportedHash(checked.hash, checked.imported!, password));
			slowest = Math.max(slowest, step.ms);
			if (own) {
				valid = step.valid;
				checkedOwn = true;
			}
		}

		// A plain digest (no costly kind), or a kind the decoys do not hold yet.
		if (record && !checkedOwn) {
			valid = await this.verifyPassword(record, password);
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
		const passwords = this.context.store.tables.passwords;
		// Looked for again when the table is replaced (a reload) or changes size
		// (users created, imported or deleted), not at every write: a scan of a
		// million records per sign-in would cost more than the check. Only the
		// imported ones are read (Store.importedPasswords).
		const records = passwords.size;
		if (this.timing?.passwords !== passwords || this.timing.records !== records) {
			const costly = new Map<string, PasswordRecord>();
			for (const record of this.context.store.importedPasswords()) {
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
		return verifyStoredHash(this.context.hasher, record.hash, record.imported, password);
	}

	private async getDummyHash(): Promise<string> {
		this.dummyHash ??= this.context.hasher.dummyHash === undefined ? this.context.hasher.hash(randomBytes(16).toString('hex')) : Promise.resolve(this.context.hasher.dummyHash);
		return this.dummyHash;
	}
}
