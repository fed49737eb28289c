// `userdeck tenants add|list|remove`: the tenants `--tenant NAME` opens,
// with a machine-to-machine application's client ID and secret each, kept
// in tenants-file.ts's 0600 file. The secret is read from standard input or
// a hidden prompt, never from an argument, and never printed.
import {type Command, Option} from 'commander';
import {UserdeckError} from '../domain/errors.js';
import {parseTenantDomain, TenantDomainError} from '../domain/tenant-domain.js';
import {printJson, printLine, printTable} from './output.js';
import {readSecret} from './secret-input.js';
import {credentialProblem, readTenants, tenantNameProblem, tenantsFilePath, updateTenants} from './tenants-file.js';
import {UsageError} from './usage-error.js';

type AddOptions = {domain: string; clientId: string; clientSecret?: string};

function checkName(name: string): void {
	const problem = tenantNameProblem(name);
	if (problem !== undefined) {
		throw new UsageError(problem);
	}
}

function sameName(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}

async function add(name: string, options: AddOptions): Promise<void> {
	if (options.clientSecret !== undefined) {
		// Not echoed: the value is the secret itself.
		throw new UsageError('--client-secret is not taken: an argument is visible to every local user in the process list and stays in the shell\'s history. Pipe the secret on standard input (e.g. printenv AUTH0_CLIENT_SECRET | userdeck tenants add …), or run on a terminal and type it at the prompt');
	}

	checkName(name);
	let domain: string;
	try {
		domain = parseTenantDomain(options.domain, '--domain');
	} catch (error) {
		throw error instanceof TenantDomainError ? new UsageError(error.message) : error;
	}

	const idProblem = credentialProblem(options.clientId, '--client-id');
	if (idProblem !== undefined) {
		throw new UsageError(idProblem);
	}

	const file = tenantsFilePath();
	// Before the secret is asked for: a taken name or an unusable file is said at once.
	const taken = (tenants: ReadonlyArray<{name: string}>) => tenants.find(tenant => sameName(tenant.name, name));
	const existing = taken(readTenants(file));
	if (existing) {
		throw new UserdeckError('CONFLICT', `A tenant named ${existing.name} is already saved: userdeck tenants remove ${existing.name} first to replace it`);
	}

	const clientSecret = await readSecret('Client secret');
	const secretProblem = credentialProblem(clientSecret, 'The client secret');
	if (secretProblem !== undefined) {
		throw new UsageError(`${secretProblem}: nothing was saved`);
	}

	await updateTenants(file, tenants => {
		const now = taken(tenants);
		if (now) {
			throw new UserdeckError('CONFLICT', `A tenant named ${now.name} is already saved: userdeck tenants remove ${now.name} first to replace it`);
		}

		return {tenants: [...tenants, {name, domain, clientId: options.clientId, clientSecret}], result: undefined};
	});
	printLine(`Saved the tenant ${name} (${domain}, client ID ${options.clientId}) in ${file}`);
}

async function remove(name: string): Promise<void> {
	checkName(name);
	const file = tenantsFilePath();
	const removed = await updateTenants(file, tenants => {
		const found = tenants.find(tenant => sameName(tenant.name, name));
		if (!found) {
			const names = tenants.map(tenant => tenant.name);
			throw new UserdeckError('NOT_FOUND', `No saved tenant is named ${name}${names.length === 0 ? ' (none are saved)' : ` (saved: ${names.join(', ')})`}`);
		}

		return {tenants: tenants.filter(tenant => tenant !== found), result: found};
	});
	printLine(`Removed the tenant ${removed.name} (${removed.domain}); its client secret is gone from ${file}`);
}

function list(options: {json?: boolean}): void {
	// Never the secrets: only what identifies each tenant.
	const tenants = readTenants(tenantsFilePath()).map(({name, domain, clientId}) => ({name, domain, client_id: clientId}));
	if (options.json) {
		printJson(tenants);
		return;
	}

	printTable(tenants, [
		{header: 'NAME', value: tenant => tenant.name},
		{header: 'DOMAIN', value: tenant => tenant.domain},
		{header: 'CLIENT ID', value: tenant => tenant.client_id},
	]);
	if (tenants.length === 0) {
		process.stderr.write('No saved tenants: userdeck tenants add NAME --domain DOMAIN --client-id ID saves one\n');
	}
}

export function addTenantsCommand(program: Command): void {
	const tenants = program.command('tenants').description('the live Auth0 tenants --tenant NAME opens: add, list, remove');
	tenants.command('add')
		.description('save a tenant: its domain and a machine-to-machine application\'s client ID, and its client secret (read from standard input or a hidden prompt)')
		.argument('<name>', 'the name to give --tenant (letters, digits, - and _)')
		.requiredOption('--domain <domain>', 'the tenant\'s domain, e.g. dev-abc.us.auth0.com or localhost:8443 (HTTPS only)')
		.requiredOption('--client-id <id>', 'the machine-to-machine application\'s client ID')
		.addOption(new Option('--client-secret <secret>', 'refused: give the secret on standard input or at the prompt').hideHelp())
		.addHelpText('after', `
The client secret is never taken as an argument (other local users see
arguments in the process list, and the shell keeps them in its history):
  printenv AUTH0_CLIENT_SECRET | userdeck tenants add dev --domain dev-abc.us.auth0.com --client-id ID
or, on a terminal, type it at the prompt (nothing is shown as you type).
Saved tenants live in tenants.json in the platform's config folder
(USERDECK_TENANTS_FILE names another file), mode 0600; userdeck refuses to
read it if group or others can. docs/live-tenants.md: the application to create and its scopes.`)
		.action(add);

	tenants.command('list')
		.description('list the saved tenants: names, domains and client IDs (never the secrets)')
		.option('--json', 'print JSON instead of a table')
		.action(list);

	tenants.command('remove')
		.description('forget a saved tenant and its client secret')
		.argument('<name>', 'the saved tenant\'s name')
		.action(remove);
}
