// Which backend a command or the console works on (services/target.ts):
//
//   1. flags: `--tenant NAME|DOMAIN` or `--store PATH` (not both);
//   2. else the environment, with the names of Auth0's deploy CLI:
//      AUTH0_DOMAIN with AUTH0_CLIENT_ID + AUTH0_CLIENT_SECRET (client
//      credentials) or AUTH0_ACCESS_TOKEN (used when both are set, as the
//      deploy CLI does);
//   3. else the local store as always (USERDECK_STORE, the config file's
//      store, the platform's data folder: store/paths.ts).
//
// An explicit `--store` therefore outranks AUTH0_* in the environment (a
// shell set up for the deploy CLI can still open a local store), while
// USERDECK_STORE and the config file only say where the local store is
// when the local store is used. `--tenant NAME` uses the saved tenant's
// credentials and ignores AUTH0_*; `--tenant DOMAIN` takes its credentials
// from the environment (when AUTH0_DOMAIN is unset or names the same
// domain: credentials for one tenant are never sent to another), else from
// the saved tenant with that domain. A value with a dot or a colon is a
// domain, anything else a name (`localhost:443` for a dotless host).
// Secrets are never put into a message.
import {type Target, type TenantCredentials, type TenantTarget} from '../services/target.js';
import {parseTenantDomain, TenantDomainError} from '../domain/tenant-domain.js';
import {resolveStorePath} from '../store/paths.js';
import {readTenants, type SavedTenant} from './tenants-file.js';
import {UsageError} from './usage-error.js';

export type TargetOption = {store?: string; tenant?: string};

export type TargetSources = {
	readonly env: NodeJS.ProcessEnv;
	/** The saved tenants; read only when needed (the local default never reads the file). */
	readonly savedTenants: () => readonly SavedTenant[];
};

const defaultSources: TargetSources = {env: process.env, savedTenants: () => readTenants()};

/** An environment variable's value; empty counts as unset, as with USERDECK_STORE. */
function variable(env: NodeJS.ProcessEnv, name: string): string | undefined {
	const value = env[name];
	return value === undefined || value === '' ? undefined : value;
}

function domainFrom(value: string, what: string): string {
	try {
		return parseTenantDomain(value, what);
	} catch (error) {
		throw error instanceof TenantDomainError ? new UsageError(error.message) : error;
	}
}

/** Whether a --tenant value is a domain rather than a saved tenant's name. */
export function looksLikeDomain(value: string): boolean {
	return /[.:/]/.test(value);
}

/**
 * The credentials in the environment, or undefined when it holds none; an
 * incomplete pair is an error that names what is missing.
 */
function environmentCredentials(env: NodeJS.ProcessEnv): TenantCredentials | undefined {
	const clientId = variable(env, 'AUTH0_CLIENT_ID');
	const clientSecret = variable(env, 'AUTH0_CLIENT_SECRET');
	const token = variable(env, 'AUTH0_ACCESS_TOKEN');
	if (clientId !== undefined && clientSecret === undefined) {
		throw new UsageError('AUTH0_CLIENT_ID is set but AUTH0_CLIENT_SECRET is not: set both (client credentials), or AUTH0_ACCESS_TOKEN instead');
	}

	if (clientSecret !== undefined && clientId === undefined) {
		throw new UsageError('AUTH0_CLIENT_SECRET is set but AUTH0_CLIENT_ID is not: set both (client credentials), or AUTH0_ACCESS_TOKEN instead');
	}

	if (token !== undefined) {
		return {kind: 'access-token', token};
	}

	return clientId === undefined ? undefined : {kind: 'client-credentials', clientId, clientSecret: clientSecret!};
}

function fromSaved(tenant: SavedTenant): TenantTarget {
	return {kind: 'tenant', name: tenant.name, domain: tenant.domain, credentials: {kind: 'client-credentials', clientId: tenant.clientId, clientSecret: tenant.clientSecret}};
}

function tenantFromFlag(value: string, sources: TargetSources): TenantTarget {
	const {env} = sources;
	if (!looksLikeDomain(value)) {
		const saved = sources.savedTenants().find(tenant => tenant.name.toLowerCase() === value.toLowerCase());
		if (!saved) {
			throw new UsageError(`No saved tenant is named "${value}": userdeck tenants list shows them, userdeck tenants add saves one (a domain needs a dot or a port, e.g. localhost:8443)`);
		}

		return fromSaved(saved);
	}

	const domain = domainFrom(value, '--tenant');
	const environmentDomain = variable(env, 'AUTH0_DOMAIN');
	const sameTenant = environmentDomain === undefined || domainFrom(environmentDomain, 'AUTH0_DOMAIN') === domain;
	const credentials = sameTenant ? environmentCredentials(env) : undefined;
	if (credentials) {
		return {kind: 'tenant', domain, credentials};
	}

	const saved = sources.savedTenants().filter(tenant => tenant.domain === domain);
	if (saved.length > 1) {
		throw new UsageError(`Several saved tenants have the domain ${domain} (${saved.map(tenant => tenant.name).join(', ')}): give --tenant one of those names`);
	}

	if (saved.length === 1) {
		return fromSaved(saved[0]!);
	}

	const elsewhere = sameTenant ? '' : ` (the AUTH0_* credentials in the environment are for AUTH0_DOMAIN=${environmentDomain}, not for it)`;
	throw new UsageError(`No credentials for ${domain}${elsewhere}: save them with userdeck tenants add NAME --domain ${domain} --client-id ID, or set AUTH0_DOMAIN with AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (or AUTH0_ACCESS_TOKEN)`);
}

function tenantFromEnvironment(env: NodeJS.ProcessEnv): TenantTarget | undefined {
	const domainValue = variable(env, 'AUTH0_DOMAIN');
	const credentials = environmentCredentials(env);
	if (domainValue === undefined) {
		if (credentials !== undefined) {
			const which = credentials.kind === 'access-token' ? 'AUTH0_ACCESS_TOKEN is' : 'AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET are';
			throw new UsageError(`${which} set but AUTH0_DOMAIN is not: set AUTH0_DOMAIN to the tenant's domain (e.g. dev-abc.us.auth0.com), or give --tenant, or --store for the local store`);
		}

		return undefined;
	}

	const domain = domainFrom(domainValue, 'AUTH0_DOMAIN');
	if (credentials === undefined) {
		throw new UsageError(`AUTH0_DOMAIN is set but no credentials are: set AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (client credentials) or AUTH0_ACCESS_TOKEN, or give --store for the local store`);
	}

	return {kind: 'tenant', domain, credentials};
}

/** The backend the options and the environment name (see the top of this file for the order). */
export function resolveTarget(options: TargetOption, sources: TargetSources = defaultSources): Target {
	if (options.tenant !== undefined && options.store !== undefined) {
		throw new UsageError('Give either --tenant (a live tenant) or --store (a local store), not both');
	}

	if (options.tenant !== undefined) {
		return tenantFromFlag(options.tenant, sources);
	}

	if (options.store === undefined) {
		const tenant = tenantFromEnvironment(sources.env);
		if (tenant) {
			return tenant;
		}
	}

	return {kind: 'local', storePath: resolveStorePath(options.store)};
}

/** How a target is named in messages: the tenant's name and domain, never its credentials. */
export function describeTarget(target: Target): string {
	if (target.kind === 'local') {
		return `the local store ${target.storePath}`;
	}

	return `the tenant ${target.name === undefined ? target.domain : `${target.name} (${target.domain})`}`;
}

/**
 * For commands with no meaning on a live tenant: the local store, or a usage
 * error saying why a tenant is refused and how to name a local store. A
 * --tenant is refused as given, before it is looked up (a mistyped name gets
 * the same answer as a saved one).
 */
export function localTarget(options: TargetOption, command: string, why: string, sources: TargetSources = defaultSources): string {
	const refuse = (what: string) => new UsageError(`${command} works on a local store only: ${why}. It was given ${what}; give --store PATH for a local store`);
	if (options.tenant !== undefined) {
		throw refuse(`--tenant ${options.tenant}`);
	}

	const target = resolveTarget(options, sources);
	if (target.kind === 'tenant') {
		throw refuse(`${describeTarget(target)} through AUTH0_DOMAIN in the environment`);
	}

	return target.storePath;
}
