// The scriptable command line, over the same service the console uses.
// auth0-cli is the model: nouns, verbs, --json for data, errors on stderr.
import {Command, InvalidArgumentError, Option} from 'commander';
import {formatRelative, parseDuration} from '../domain/duration.js';
import {groupDigits} from '../domain/group-digits.js';
import {eventName} from '../domain/log-codes.js';
import {parseSort} from '../domain/sort.js';
import {serverSortProblem} from '../list/remote-source.js';
import type {LogEvent, User} from '../domain/types.js';
import {displayName, primaryConnection} from '../domain/user-factory.js';
import {addCompletionCommands} from './completion.js';
import {addKeysCommand} from './keys-command.js';
import {type Config, defaultConfig, themeFromEnvironment, themeSettings, type ThemeSetting} from './config-file.js';
import {commandTarget, openCommandService, openService, type StoreOption} from './context.js';
import {localTarget} from './target-option.js';
import {addTenantsCommand} from './tenants-command.js';
import {runDemo} from './demo-command.js';
import {type ExportCommandOptions, runExport} from './export-command.js';
import {type ImportCommandOptions, runImport} from './import-command.js';
import type {PullOptions} from './tenant-jobs-command.js';
import {parseJsonWithPosition} from '../domain/parse-json.js';
import {printJson, printLine, printTable, readStdin, warn, writeJsonArray, writeTable} from './output.js';
import {writableSink} from './output-sink.js';
import {promptHiddenAll} from './secret-input.js';
import {checkQuery} from './query-option.js';
import {maskAtStart} from './mask-option.js';
import {UsageError} from './usage-error.js';
import {version} from '../version.js';
import {describeLogProblem} from '../store/store.js';
import {settled, type UsersApi} from '../services/users-api.js';

export {version};


type JsonOption = {json?: boolean};

/** Commands that only read refuse a store that is not there instead of creating one. */
const readOnly = {mustExist: true} as const;

const clientHelp = 'the application: its client_id or its exact name';

function storeOption(): Option {
	return new Option('--store <path>', 'local store file (default: $USERDECK_STORE, else the config file\'s, else the platform data folder; AUTH0_DOMAIN in the environment names a tenant instead)');
}

/** A live tenant instead of the local store: a name saved with `tenants add`, or a domain (see target-option.ts). */
function tenantOption(): Option {
	return new Option('--tenant <name|domain>', 'a live Auth0 tenant instead of the local store: a name saved with `tenants add`, or a domain (default: AUTH0_DOMAIN with AUTH0_CLIENT_ID + AUTH0_CLIENT_SECRET or AUTH0_ACCESS_TOKEN)');
}

/** Why Sign in as User is refused on a tenant: the Management API v2 has no call for it. */
const impersonationWhy = 'Sign in as User has no Management API v2 equivalent; its tickets exist only in a local store';

export function configOption(): Option {
	return new Option('--config <path>', 'config file (default: $USERDECK_CONFIG, else config.yaml in the platform config folder)');
}

/** Lets a command create a store in a folder that group or others can write to (refused otherwise). */
function forceOption(): Option {
	return new Option('--force', 'create a missing store even in a folder that group or others can write to');
}

function jsonOption(): Option {
	return new Option('--json', 'print JSON instead of a table');
}

async function passwordFrom(options: {password?: string; passwordStdin?: boolean}): Promise<string> {
	if (options.password !== undefined && options.passwordStdin) {
		throw new UsageError('Use either --password or --password-stdin, not both');
	}

	if (options.passwordStdin) {
		return readStdin();
	}

	if (options.password === undefined) {
		throw new UsageError('A password is required: --password P or --password-stdin');
	}

	return options.password;
}

/**
 * A new password: standard input with --password-stdin (the repeat is the
 * same), else asked twice in the terminal, hidden. Never from the command
 * line, which other local users can read in the process list.
 */
async function newPasswordFrom(options: {passwordStdin?: boolean}): Promise<{password: string; repeatPassword: string}> {
	if (options.passwordStdin) {
		const password = await readStdin();
		return {password, repeatPassword: password};
	}

	if (!process.stdin.isTTY) {
		throw new UsageError('No password given: pipe it in with --password-stdin, or run in a terminal to be asked for it (a password is never taken from the command line)');
	}

	const [password = '', repeatPassword = ''] = await promptHiddenAll(['New password (not shown): ', 'Repeat new password: ']);
	return {password, repeatPassword};
}

function relative(iso: string | undefined): string {
	return iso ? formatRelative(new Date(iso), new Date()) : 'never';
}

const userColumns = [
	{header: 'NAME', value: (user: User) => displayName(user) + (user.blocked ? ' [BLOCKED]' : ''), tone: (user: User) => (user.blocked ? 'danger' as const : undefined)},
	{header: 'EMAIL', value: (user: User) => user.email ?? ''},
	{header: 'CONNECTION', value: (user: User) => primaryConnection(user)},
	{header: 'LOGINS', value: (user: User) => groupDigits(user.logins_count ?? 0), align: 'right' as const},
	{header: 'LATEST LOGIN', value: (user: User) => relative(user.last_login)},
	{header: 'USER ID', value: (user: User) => user.user_id},
];

function place(event: LogEvent): string {
	const info = event.location_info;
	return info ? `${info.city_name}, ${info.country_name}` : '';
}

export function buildProgram(config: Config = defaultConfig): Command {
	const program = new Command('userdeck')
		.description('A keyboard-first terminal console for the user profiles of an identity system.\nRun without a command to open the console.')
		.version(version, '-V, --version')
		.addOption(storeOption())
		.addOption(tenantOption())
		.addOption(configOption())
		.addOption(new Option('--theme <theme>', 'colours for a dark or light terminal background (default: $USERDECK_THEME, else the config file\'s, else detected)').choices(themeSettings))
		.addOption(forceOption())
		.addOption(new Option('--mask', 'mask personal data on screen (emails, names, phones, IPs, places) from the start; M toggles it (default: $USERDECK_MASK=1, or masking: true in the config file)'))
		.addOption(new Option('--no-mask', 'start unmasked, whatever USERDECK_MASK or the config file say'))
		.enablePositionalOptions()
		.showHelpAfterError('(run with --help for usage)')
		.action(async (options: StoreOption & {theme?: ThemeSetting; mask?: boolean}) => {
			const target = commandTarget(options);
			const masked = maskAtStart(options.mask, process.env, config.masking);
			const {runConsole} = await import('../ui/run.js');
			await runConsole({target, theme: options.theme ?? themeFromEnvironment() ?? config.theme, force: options.force, masked});
		});

	const users = program.command('users').description('list, show, create, import, export, block, unblock and delete users, and change their password or email');

	users.command('list')
		.description('list users, optionally filtered with the search syntax and sorted')
		.option('-q, --query <query>', 'search, e.g. \'email:*@example.com AND logins_count:[1 TO *]\'')
		.option('-s, --sort <field[:desc]>', 'name, email, user_id, connection (local stores only: a tenant cannot sort by it), logins_count, last_login or created_at')
		.option('-n, --limit <count>', 'print at most this many users', parseCount)
		.addOption(storeOption())
		.addOption(tenantOption())
		.addOption(jsonOption())
		.action(async (options: StoreOption & JsonOption & {query?: string; sort?: string; limit?: number}) => {
			let sort;
			try {
				sort = options.sort ? parseSort(options.sort) : undefined;
			} catch (error) {
				throw new UsageError((error as Error).message);
			}

			checkQuery(options.query);
			const service = await openCommandService(options, 'cli', {...readOnly, usersOnly: true});
			// A tenant sorts on the server, which cannot sort by every field: say so rather than print its own order as if sorted.
			const sortProblem = sort && service.remoteUsers ? serverSortProblem(sort.field) : undefined;
			if (sortProblem) {
				throw new UsageError(`${sortProblem}: sort by another field, or copy the tenant into a store (userdeck pull) and sort there`);
			}

			// Streamed: a million users are printed a profile at a time, never held at once.
			const list = service.eachUser({query: options.query, sort, limit: options.limit});
			const out = writableSink(process.stdout);
			if (options.json) {
				await writeJsonArray(out, list);
			} else {
				const shown = await writeTable(out, list, userColumns);
				const {matched, note} = await list.end();
				// A tenant's size is not known from a filtered query; a store's always is.
				const total = service.source.kind === 'local' ? service.userCount() : undefined;
				process.stderr.write(`${listSummary(shown, matched, total, options.query !== undefined)}${note ? `; ${note}` : ''}\n`);
			}
		});

	users.command('show')
		.description('print one user\'s profile (Management API shape)')
		.argument('<id>', 'user_id (e.g. auth0|61b5b6e90783fa19f7c57dad) or email')
		.addOption(storeOption())
		.addOption(tenantOption())
		.addOption(new Option('--json', 'print JSON (the default for a single profile)'))
		.action(async (id: string, options: StoreOption) => {
			const service = await openCommandService(options, 'cli', {...readOnly, usersOnly: true});
			printJson(await service.findUser(id));
		});

	users.command('create')
		.description('create a user in a database connection')
		.requiredOption('--email <email>', 'the user\'s email')
		.requiredOption('--connection <name>', 'database connection, e.g. Username-Password-Authentication')
		.option('--password <password>', 'the password (visible to other local users in the process list: prefer --password-stdin)')
		.option('--password-stdin', 'read the password from standard input')
		.addOption(storeOption())
		.addOption(tenantOption())
		.addOption(forceOption())
		.addOption(jsonOption())
		.action(async (options: StoreOption & JsonOption & {email: string; connection: string; password?: string; passwordStdin?: boolean}) => {
			// The target first: a mistyped --tenant is said before the password is asked for.
			const target = commandTarget(options);
			const password = await passwordFrom(options);
			const service = await openService(target, 'cli', {force: options.force});
			const user = await service.createUser({email: options.email, password, repeatPassword: password, connection: options.connection});
			if (options.json) {
				printJson(user);
			} else {
				printLine(`Created ${user.email ?? ''} (${user.user_id}) in ${options.connection}`);
			}
		});

	for (const [name, blocked] of [['block', true], ['unblock', false]] as const) {
		users.command(name)
			.description(blocked ? 'block a user: their sign-ins fail with "user is blocked"' : 'unblock a user')
			.argument('<id>', 'user_id')
			.addOption(storeOption())
		.addOption(tenantOption())
		.addOption(forceOption())
			.action(async (id: string, options: StoreOption) => {
				const service = await openCommandService(options);
				const {user, changed} = await service.setBlocked(id, blocked);
				const state = blocked ? 'blocked' : 'unblocked';
				printLine(changed
					? `${blocked ? 'Blocked' : 'Unblocked'} ${displayName(user)} (${user.user_id})`
					: `${displayName(user)} (${user.user_id}) was already ${state}`);
			});
	}

	users.command('delete')
		.description('delete a user permanently (with their devices, tickets and password)')
		.argument('<id>', 'user_id')
		.option('--yes', 'confirm: this cannot be undone')
		.addOption(storeOption())
		.addOption(tenantOption())
		.addOption(forceOption())
		.action(async (id: string, options: StoreOption & {yes?: boolean}) => {
			if (!options.yes) {
				throw new UsageError('Deleting a user cannot be undone: add --yes to confirm');
			}

			const service = await openCommandService(options);
			// A user whose profile in the store file is damaged is deleted by id (the list still shows them).
			const listed = service.remoteUsers ? undefined : service.usersById().get(id);
			const user = listed && service.userProblem?.(id) !== undefined ? listed : await service.getUser(id);
			await service.deleteUser(id);
			printLine(`Deleted ${displayName(user)} (${id})`);
		});

	users.command('password')
		.description('set a new password for a user of a database connection, under its password policy (history included)')
		.argument('<id>', 'user_id')
		.option('--password-stdin', 'read the new password from standard input (without it, it is asked twice in the terminal; never taken from the command line)')
		.addOption(storeOption())
		.addOption(tenantOption())
		.addOption(forceOption())
		.addOption(jsonOption())
		.addHelpText('after', `
The password is hashed with argon2id; the old hash joins the user's password
history when the connection keeps one. On a tenant, Auth0 checks the policy
and the history and keeps the hash (PATCH /api/v2/users/{id}). The user's devices (refresh tokens) and
Sign in as User tickets stay valid, as Auth0 leaves them: unlink devices with
users unlink. Exit codes: 0 changed, 1 refused (a rule, the history, no such
user), 2 no password given (no --password-stdin and no terminal to ask in).`)
		.action(async (id: string, options: StoreOption & JsonOption & {passwordStdin?: boolean}) => {
			// The target first: a mistyped --tenant is said before the password is asked for, twice.
			const target = commandTarget(options);
			const {password, repeatPassword} = await newPasswordFrom(options);
			const service = await openService(target, 'cli', {force: options.force});
			const user = await service.changePassword(id, {password, repeatPassword});
			if (options.json) {
				printJson(user);
			} else {
				printLine(`Changed the password of ${displayName(user)} (${user.user_id})`);
			}
		});

	users.command('email')
		.description('set a new email: the same rules as create (format, unique within the connection); unverified unless --verified')
		.argument('<id>', 'user_id')
		.requiredOption('--email <email>', 'the new email')
		.option('--verified', 'mark the new email verified (Auth0 leaves a changed email unverified unless told)')
		.addOption(storeOption())
		.addOption(tenantOption())
		.addOption(forceOption())
		.addOption(jsonOption())
		.action(async (id: string, options: StoreOption & JsonOption & {email: string; verified?: boolean}) => {
			const service = await openCommandService(options);
			const {user, changed} = await service.changeEmail(id, {email: options.email, verified: options.verified ?? false});
			const state = user.email_verified ? 'verified' : 'not verified';
			if (options.json) {
				printJson(user);
			} else {
				printLine(changed
					? `Changed the email of ${displayName(user)} (${user.user_id}) to ${user.email ?? ''} (${state})`
					: `${displayName(user)} (${user.user_id}) already has ${user.email ?? ''} (${state})`);
			}
		});

	users.command('metadata')
		.description('merge into user_metadata (root-level keys; null deletes a key)')
		.argument('<id>', 'user_id')
		.requiredOption('--set <json>', 'a JSON object, e.g. \'{"plan":"pro","theme":null}\'')
		.addOption(storeOption())
		.addOption(tenantOption())
		.addOption(forceOption())
		.addOption(jsonOption())
		.action(async (id: string, options: StoreOption & JsonOption & {set: string}) => {
			const parsed = parseJsonWithPosition(options.set);
			if (!parsed.ok) {
				throw new UsageError(`--set is not valid JSON: ${parsed.message} (line ${parsed.line}, column ${parsed.column})`);
			}

			const patch: unknown = parsed.value;

			const service = await openCommandService(options);
			const user = await service.updateMetadata(id, patch);
			if (options.json) {
				printJson(user.user_metadata ?? {});
			} else {
				printLine(`Updated user_metadata of ${displayName(user)} (${id})`);
			}
		});

	users.command('import')
		.description('import users from an Auth0 bulk import file (a JSON array of users) or an Auth0 users export (NDJSON or CSV, gzipped or not)')
		.argument('<file>', 'the file, or - for standard input')
		.requiredOption('--connection <name>', 'the database connection to import into')
		.option('--upsert', 'update users whose email already exists (their metadata is replaced, not merged)')
		.addOption(storeOption())
		.addOption(tenantOption())
		.addOption(forceOption())
		.addOption(new Option('--json', 'print the result (counts and per-user errors) as JSON'))
		.addHelpText('after', `
Each user follows Auth0's bulk import schema: email (required), email_verified,
user_id (without "auth0|", which is added), username, names, picture, blocked,
app_metadata, user_metadata, and a password hash, never a password:
  password_hash          bcrypt $2a$10$ or $2b$10$ (cost 10, as Auth0)
  custom_password_hash   argon2, bcrypt, pbkdf2, scrypt, hmac, ldap, md4, md5,
                         sha1, sha256, sha512 (docs/import-export.md: each one's forms)
Imported hashes are replaced with argon2id at each user's first sign-in.
--upsert updates what Auth0 upserts; it leaves email, user_id, username,
blocked, password_hash and mfa_factors as they were (and says so), and replaces
a custom_password_hash only if the user has not signed in with the imported one.
An Auth0 users export (NDJSON or CSV, .gz or not) imports as it is: user_id,
created_at, last_login, logins_count and identities are kept; such users have
no password until one is set.
Users that break a rule are reported with their index, email and Auth0's error
code (OBJECT_REQUIRED, FORMAT, INVALID_TYPE, PATTERN, NOT_PASSED, CONFLICT_EMAIL,
DUPLICATED_USER, …) and, with --json, in the shape of Auth0's job errors.
With --tenant (or AUTH0_*) the file is checked here, then sent to Auth0's
import jobs in parts under its 500 KB limit, 2 at a time (docs/live-tenants.md).
Exit codes: 0 all imported, 1 some users failed, 2 unusable file or connection.`)
		.action(async (file: string, options: ImportCommandOptions) => {
			await runImport(file, options);
		});

	users.command('export')
		.description('export users as NDJSON (one profile per line) or CSV')
		.addOption(new Option('--format <format>', 'ndjson (json is Auth0\'s name for it) or csv').choices(['ndjson', 'json', 'csv']).default('ndjson'))
		.option('--fields <a,b:c>', 'fields to export, each renamed with :export_as, e.g. email,name,user_metadata.plan,identities[0].connection:provider (CSV: at most 30)')
		.addOption(new Option('--csv-escape <style>', 'formulas: quote where needed and guard cells a spreadsheet would run; auth0: exactly as Auth0\'s export (every string \'-prefixed and quoted, dates bare)').choices(['formulas', 'auth0']).default('formulas'))
		.option('-q, --query <query>', 'export only the users this search matches')
		.option('-o, --output <file>', 'write to this file (created with mode 0600) instead of standard output')
		.addOption(storeOption())
		.addOption(tenantOption())
		.addHelpText('after', `
Profiles are in the Management API's shape, user_id with its "auth0|" prefix;
password hashes are never exported. CSV cells that a spreadsheet would run as
a formula (starting with = + - @, tab or CR) are prefixed with an apostrophe;
--csv-escape auth0 writes every string as Auth0's export does. Both formats
import again with users import. With --tenant (or AUTH0_*) the users come from
Auth0's export job (no --query: the job has no search).`)
		.action(async (options: ExportCommandOptions) => {
			await runExport(options);
		});

	users.command('logs')
		.description('a user\'s events, newest first (default: the past 2 days, as the Dashboard\'s History)')
		.argument('<id>', 'user_id')
		.option('--since <duration>', 'how far back: 30m, 12h, 2d, 7d, 30d or all', '2d')
		.addOption(storeOption())
		.addOption(tenantOption())
		.addOption(jsonOption())
		.action(async (id: string, options: StoreOption & JsonOption & {since: string}) => {
			let since: number;
			try {
				since = parseDuration(options.since);
			} catch (error) {
				throw new UsageError((error as Error).message);
			}

			const service = await openCommandService(options, 'cli', readOnly);
			await service.getUser(id);
			const events = await settled(service, () => service.historyState(id, since));
			for (const problem of service.historyProblems(id)) {
				warn(`an event could not be read and is left out: ${describeLogProblem(problem)}`);
			}

			if (options.json) {
				printJson(events);
				return;
			}

			printTable(events, [
				{header: 'EVENT', value: event => eventName(event.type)},
				{header: 'WHEN', value: event => `${relative(event.date)} (${event.date})`},
				{header: 'APPLICATION', value: event => event.client_name ?? ''},
				{header: 'CONNECTION', value: event => event.connection ?? ''},
				{header: 'IP', value: event => event.ip ?? ''},
				{header: 'FROM', value: place},
			]);
		});

	users.command('devices')
		.description('a user\'s device credentials')
		.argument('<id>', 'user_id')
		.addOption(storeOption())
		.addOption(tenantOption())
		.addOption(jsonOption())
		.action(async (id: string, options: StoreOption & JsonOption) => {
			const service = await openCommandService(options, 'cli', readOnly);
			const devices = await settled(service, () => service.devicesState(id));
			if (options.json) {
				printJson(devices);
				return;
			}

			// The applications' names, for the table only (on a tenant: GET /clients).
			await applicationNames(service);

			printTable(devices, [
				{header: 'ID', value: device => device.id},
				{header: 'DEVICE', value: device => device.device_name},
				{header: 'APPLICATION', value: device => service.client(device.client_id)?.name ?? device.client_id},
				{header: 'TYPE', value: device => device.type},
			]);
		});

	users.command('unlink')
		.description('unlink a device: deletes the credential, revoking its refresh token')
		.argument('<id>', 'user_id')
		.argument('<device-id>', 'device credential id (dcr_…)')
		.addOption(storeOption())
		.addOption(tenantOption())
		.addOption(forceOption())
		.action(async (id: string, deviceId: string, options: StoreOption) => {
			const service = await openCommandService(options);
			await service.unlinkDevice(id, deviceId);
			printLine(`Unlinked ${deviceId} from ${id}`);
		});

	users.command('impersonate')
		.description('issue a one-time "Sign in as User" URL (valid 2 minutes, usable once)')
		.argument('<id>', 'user_id')
		.requiredOption('--client <client>', clientHelp)
		.addOption(storeOption())
		.addOption(tenantOption())
		.addOption(forceOption())
		.addOption(jsonOption())
		.action(async (id: string, options: StoreOption & JsonOption & {client: string}) => {
			const storePath = localTarget(options, 'users impersonate', impersonationWhy);
			const service = await openService({kind: 'local', storePath}, 'cli', {force: options.force});
			const ticket = await service.impersonate(id, service.resolveClientId(options.client));
			if (options.json) {
				printJson({url: ticket.url, expires_at: ticket.expiresAt, client_id: ticket.client.client_id});
			} else {
				printLine(ticket.url);
				process.stderr.write(`One-time URL for ${ticket.client.name}; expires ${ticket.expiresAt}\n`);
			}
		});

	program.command('login')
		.description('check a sign-in as an application would (updates last_login and logs the attempt)')
		.requiredOption('--email <email>', 'the user\'s email')
		.requiredOption('--client <client>', `the application signing the user in: ${clientHelp.slice('the application: '.length)}`)
		.option('--password <password>', 'the password')
		.option('--password-stdin', 'read the password from standard input')
		.option('--ip <ip>', 'the client IP to record')
		.option('--user-agent <agent>', 'the user agent to record (default: userdeck\'s own); isMobile follows from it')
		.addOption(storeOption())
		.addOption(tenantOption())
		.addOption(forceOption())
		.addOption(jsonOption())
		.action(async (options: StoreOption & JsonOption & {email: string; client: string; password?: string; passwordStdin?: boolean; ip?: string; userAgent?: string}) => {
			const storePath = localTarget(options, 'login', 'it checks a password against the password hashes of a local store, which a tenant never hands out (the Management API v2 has no sign-in)');
			const password = await passwordFrom(options);
			const service = await openService({kind: 'local', storePath}, 'cli', {force: options.force});
			const user = await service.signIn({email: options.email, password, clientId: service.resolveClientId(options.client), ip: options.ip, userAgent: options.userAgent});
			if (options.json) {
				printJson(user);
			} else {
				printLine(`Signed in ${displayName(user)} (${user.user_id}); logins: ${groupDigits(user.logins_count ?? 0)}`);
			}
		});

	const tickets = program.command('tickets').description('one-time "Sign in as User" tickets');
	tickets.command('redeem')
		.description('exchange a one-time URL or ticket for the user\'s profile, as the application would')
		.argument('[url-or-ticket]', 'the URL printed by `users impersonate`, or its ticket (visible to other local users in the process list: prefer --ticket-stdin)')
		.requiredOption('--client <client>', `the application redeeming it: ${clientHelp.slice('the application: '.length)}`)
		.option('--ticket-stdin', 'read the URL or ticket from standard input')
		.addOption(storeOption())
		.addOption(tenantOption())
		.addOption(forceOption())
		.addOption(new Option('--json', 'print JSON (the default for a profile)'))
		.action(async (urlOrTicket: string | undefined, options: StoreOption & {client: string; ticketStdin?: boolean}) => {
			if (urlOrTicket !== undefined && options.ticketStdin) {
				throw new UsageError('Give the ticket either as an argument or with --ticket-stdin, not both');
			}

			if (urlOrTicket === undefined && !options.ticketStdin) {
				throw new UsageError('A ticket is required: tickets redeem URL_OR_TICKET, or --ticket-stdin');
			}

			const storePath = localTarget(options, 'tickets redeem', impersonationWhy);
			const ticket = urlOrTicket ?? (await readStdin()).trim();
			const service = await openService({kind: 'local', storePath}, 'cli', {force: options.force});
			printJson(await service.redeemTicket(ticket, service.resolveClientId(options.client)));
		});

	program.command('connections').description('connections').command('list')
		.description('list connections')
		.addOption(storeOption())
		.addOption(tenantOption())
		.addOption(jsonOption())
		.action(async (options: StoreOption & JsonOption) => {
			const service = await openCommandService(options, 'cli', readOnly);
			const connections = await settled(service, () => service.connectionsState());
			if (options.json) {
				printJson(connections);
				return;
			}

			// The applications' names, for the table only (on a tenant: GET /clients).
			await applicationNames(service);

			printTable(connections, [
				{header: 'NAME', value: connection => connection.name},
				{header: 'STRATEGY', value: connection => connection.strategy},
				{header: 'ID', value: connection => connection.id},
				{header: 'APPLICATIONS', value: connection => connection.enabled_clients
					.map(id => service.client(id)?.name ?? id).join(', ') || '(none: disabled)'},
				{header: 'PASSWORD POLICY', value: connection => connection.strategy === 'auth0' ? connection.options?.passwordPolicy ?? 'none' : ''},
			]);
		});

	program.command('clients').description('applications').command('list')
		.description('list applications')
		.addOption(storeOption())
		.addOption(tenantOption())
		.addOption(jsonOption())
		.action(async (options: StoreOption & JsonOption) => {
			const service = await openCommandService(options, 'cli', readOnly);
			const clients = await settled(service, () => service.clientsState());
			if (options.json) {
				printJson(clients);
				return;
			}

			printTable(clients, [
				{header: 'NAME', value: client => client.name},
				{header: 'CLIENT ID', value: client => client.client_id},
				{header: 'TYPE', value: client => client.app_type},
				{header: 'CALLBACKS', value: client => client.callbacks.join(', ')},
			]);
		});

	program.command('demo')
		.description('write a fresh demo store: users, applications, devices, history and locations')
		.addOption(storeOption())
		.addOption(tenantOption().hideHelp())
		.option('--users <count>', 'how many users', parseCount, 300)
		.option('--seed <seed>', 'same seed, same people', 'userdeck')
		.option('--force', 'replace an existing store at that path (and write it in a folder that group or others can write to)')
		.action(async (options: {store?: string; tenant?: string; users: number; seed: string; force?: boolean}) => {
			// Refused before --store is asked for: a tenant is never filled with made-up people.
			const why = 'it writes made-up people into a new local store file and never into a tenant';
			if (options.tenant !== undefined) {
				localTarget(options, 'demo', why);
			}

			if (options.store === undefined) {
				throw new UsageError('demo needs --store PATH: the file to write the demo store to');
			}

			await runDemo({path: localTarget(options, 'demo', why), users: options.users, seed: options.seed, force: options.force ?? false});
		});

	program.command('pull')
		.description('copy a tenant into a local store (its users through an export job, its connections and applications), to search and sort it offline beyond the 1,000-result cap')
		.addOption(tenantOption())
		.addOption(new Option('--store <path>', 'the local store to write (new; an existing one only with --force)'))
		.option('--force', 'replace an existing store at that path, atomically (its users, history and passwords are lost)')
		.addHelpText('after', `
The store remembers the tenant and when it was pulled; the console's header
says "copy of DOMAIN · pulled DATE". Auth0 exports no password hashes: pulled
users cannot sign in with userdeck login until a password is set. Needs the
read:users, read:connections and read:clients scopes.`)
		.action(async (options: PullOptions) => {
			// Loaded when run: the Auth0 SDK would slow every local start.
			const {runPull} = await import('./tenant-jobs-command.js');
			await runPull(options);
		});

	addTenantsCommand(program);
	addKeysCommand(program);
	addCompletionCommands(program);
	// `userdeck --tenant prod users list`: the backend given before the command
	// is the command's (positional options would otherwise keep it for the
	// console, and the command would quietly open the local store instead).
	program.hook('preAction', (_program, command) => {
		if (command === program) {
			return;
		}

		for (const name of ['store', 'tenant', 'force']) {
			const given: unknown = program.getOptionValue(name);
			// demo's and pull's --force replace a store: never implied by the console's.
			const declared = command.options.some(option => option.attributeName() === name) && !(name === 'force' && (command.name() === 'demo' || command.name() === 'pull'));
			if (given !== undefined && declared && command.getOptionValue(name) === undefined) {
				command.setOptionValue(name, given);
			}
		}
	});
	return program;
}

/** How many users are printed, how many the query matched, and how many the store holds. */
/** `total`: the users in the store, when known (a tenant's is not, from a filtered query). */
export function listSummary(shown: number, matched: number, total: number | undefined, queried: boolean): string {
	const users = (count: number) => `${groupDigits(count)} user${count === 1 ? '' : 's'}`;
	if (!queried) {
		return `${groupDigits(shown)} of ${users(total ?? matched)}`;
	}

	return `${groupDigits(shown)} shown of ${groupDigits(matched)} matching the query${total === undefined ? '' : `; ${users(total)} in the store`}`;
}

/**
 * Loads the applications, so tables can name them; a backend that cannot
 * list them (a tenant without read:clients) leaves their client_ids shown.
 */
async function applicationNames(service: UsersApi): Promise<void> {
	await settled(service, () => service.clientsState()).catch(() => undefined);
}

function parseCount(value: string): number {
	if (!/^\d+$/.test(value)) {
		throw new InvalidArgumentError(`"${value}" is not a whole number`);
	}

	return Number(value);
}

