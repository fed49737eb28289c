// Choosing the backend (issue 17): --tenant and --store, AUTH0_* in the
// environment, saved tenants, in that order; every incomplete setting is an
// error that names what is missing and never quotes a secret.
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {localTarget, looksLikeDomain, resolveTarget, type TargetOption, type TargetSources} from '../../source/cli/target-option.js';
import type {SavedTenant} from '../../source/cli/tenants-file.js';
import {UsageError} from '../../source/cli/usage-error.js';
import {resolveStorePath} from '../../source/store/paths.js';

const secret = 'S3cr3t-client-secret-value';
const token = 'eyJ.token-value.sig';

const saved: SavedTenant[] = [
	{name: 'dev', domain: 'dev-abc.us.auth0.com', clientId: 'dev-id', clientSecret: 'dev-secret'},
	{name: 'prod', domain: 'prod.eu.auth0.com', clientId: 'prod-id', clientSecret: 'prod-secret'},
	{name: 'double', domain: 'localhost:8443', clientId: 'double-id', clientSecret: 'double-secret'},
	{name: 'twin-a', domain: 'twin.auth0.com', clientId: 'a', clientSecret: 'a-secret'},
	{name: 'twin-b', domain: 'twin.auth0.com', clientId: 'b', clientSecret: 'b-secret'},
];

/** Sources with an environment and the saved tenants above; records whether the file was read. */
function sources(env: NodeJS.ProcessEnv = {}, tenants: readonly SavedTenant[] = saved) {
	const read = {count: 0};
	const value: TargetSources = {env, savedTenants: () => {
		read.count++;
		return tenants;
	}};
	return {sources: value, read};
}

function resolve(options: TargetOption, env: NodeJS.ProcessEnv = {}) {
	return resolveTarget(options, sources(env).sources);
}

/** The usage error a resolution throws; fails the test when it throws none or another kind. */
function refusal(options: TargetOption, env: NodeJS.ProcessEnv = {}): string {
	try {
		resolve(options, env);
	} catch (error) {
		expect(error).toBeInstanceOf(UsageError);
		const {message} = error as Error;
		// No message ever holds a secret or a token, whatever it is about.
		for (const value of [secret, token, ...saved.map(tenant => tenant.clientSecret)]) {
			expect(message).not.toContain(value);
		}

		return message;
	}

	throw new Error('expected a usage error');
}

const clientCredentials = {AUTH0_CLIENT_ID: 'env-id', AUTH0_CLIENT_SECRET: secret};

describe('resolveTarget without flags or environment', () => {
	it('is the local store as before, without reading the saved tenants', () => {
		const {sources: given, read} = sources();
		expect(resolveTarget({}, given)).toEqual({kind: 'local', storePath: resolveStorePath(undefined)});
		expect(read.count).toBe(0);
	});

	it('takes --store as the local store, absolute', () => {
		expect(resolve({store: 'here.ndjson'})).toEqual({kind: 'local', storePath: path.resolve('here.ndjson')});
	});

	it('counts empty AUTH0_* variables as unset', () => {
		expect(resolve({}, {AUTH0_DOMAIN: '', AUTH0_CLIENT_ID: '', AUTH0_CLIENT_SECRET: '', AUTH0_ACCESS_TOKEN: ''}).kind).toBe('local');
	});
});

describe('resolveTarget from the environment', () => {
	it('takes AUTH0_DOMAIN with AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET as client credentials', () => {
		expect(resolve({}, {AUTH0_DOMAIN: 'https://Dev-ABC.us.auth0.com/', ...clientCredentials})).toEqual({
			kind: 'tenant',
			domain: 'dev-abc.us.auth0.com',
			credentials: {kind: 'client-credentials', clientId: 'env-id', clientSecret: secret},
		});
	});

	it('takes AUTH0_DOMAIN with AUTH0_ACCESS_TOKEN, which wins over client credentials as in the deploy CLI', () => {
		const expected = {kind: 'tenant', domain: 'localhost:8443', credentials: {kind: 'access-token', token}};
		expect(resolve({}, {AUTH0_DOMAIN: 'localhost:8443', AUTH0_ACCESS_TOKEN: token})).toEqual(expected);
		expect(resolve({}, {AUTH0_DOMAIN: 'localhost:8443', AUTH0_ACCESS_TOKEN: token, ...clientCredentials})).toEqual(expected);
	});

	it('never reads the saved tenants for it', () => {
		const {sources: given, read} = sources({AUTH0_DOMAIN: 'dev-abc.us.auth0.com', ...clientCredentials});
		resolveTarget({}, given);
		expect(read.count).toBe(0);
	});

	it.each<[string, NodeJS.ProcessEnv, RegExp]>([
		['a domain without credentials', {AUTH0_DOMAIN: 'dev-abc.us.auth0.com'}, /AUTH0_DOMAIN is set but no credentials are: set AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET .* or AUTH0_ACCESS_TOKEN/],
		['a client id without its secret', {AUTH0_DOMAIN: 'dev-abc.us.auth0.com', AUTH0_CLIENT_ID: 'env-id'}, /AUTH0_CLIENT_ID is set but AUTH0_CLIENT_SECRET is not/],
		['a secret without its client id', {AUTH0_DOMAIN: 'dev-abc.us.auth0.com', AUTH0_CLIENT_SECRET: secret}, /AUTH0_CLIENT_SECRET is set but AUTH0_CLIENT_ID is not/],
		['half a pair beside a token', {AUTH0_DOMAIN: 'dev-abc.us.auth0.com', AUTH0_CLIENT_ID: 'env-id', AUTH0_ACCESS_TOKEN: token}, /AUTH0_CLIENT_ID is set but AUTH0_CLIENT_SECRET is not/],
		['client credentials without a domain', clientCredentials, /AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET are set but AUTH0_DOMAIN is not/],
		['a token without a domain', {AUTH0_ACCESS_TOKEN: token}, /AUTH0_ACCESS_TOKEN is set but AUTH0_DOMAIN is not/],
		['a plain HTTP domain', {AUTH0_DOMAIN: 'http://localhost:8443', ...clientCredentials}, /AUTH0_DOMAIN "http:\/\/localhost:8443" is plain HTTP/],
		['a domain with a path', {AUTH0_DOMAIN: 'dev-abc.us.auth0.com/api/v2', ...clientCredentials}, /AUTH0_DOMAIN .* no path/],
	])('refuses %s, saying what is missing', (_name, env, message) => {
		expect(refusal({}, env)).toMatch(message);
	});
});

describe('resolveTarget with flags', () => {
	it('refuses --tenant and --store together', () => {
		expect(refusal({tenant: 'dev', store: 's.ndjson'})).toBe('Give either --tenant (a live tenant) or --store (a local store), not both');
	});

	it('opens a saved tenant by name (any case) with its own credentials, whatever the environment holds', () => {
		const expected = {kind: 'tenant', name: 'dev', domain: 'dev-abc.us.auth0.com', credentials: {kind: 'client-credentials', clientId: 'dev-id', clientSecret: 'dev-secret'}};
		expect(resolve({tenant: 'dev'})).toEqual(expected);
		expect(resolve({tenant: 'DEV'})).toEqual(expected);
		expect(resolve({tenant: 'dev'}, {AUTH0_DOMAIN: 'prod.eu.auth0.com', ...clientCredentials})).toEqual(expected);
		// Even an incomplete environment: the flag does not consult it.
		expect(resolve({tenant: 'dev'}, {AUTH0_CLIENT_ID: 'env-id'})).toEqual(expected);
	});

	it('refuses a name that is not saved, saying how to list and add one', () => {
		expect(refusal({tenant: 'staging'})).toMatch(/^No saved tenant is named "staging": userdeck tenants list shows them, userdeck tenants add saves one/);
	});

	it('takes a domain with the credentials of the environment when AUTH0_DOMAIN is unset or the same', () => {
		const credentials = {kind: 'client-credentials', clientId: 'env-id', clientSecret: secret};
		expect(resolve({tenant: 'dev-abc.us.auth0.com'}, clientCredentials)).toEqual({kind: 'tenant', domain: 'dev-abc.us.auth0.com', credentials});
		expect(resolve({tenant: 'https://dev-abc.us.auth0.com'}, {AUTH0_DOMAIN: 'DEV-ABC.us.auth0.com', ...clientCredentials})).toEqual({kind: 'tenant', domain: 'dev-abc.us.auth0.com', credentials});
		expect(resolve({tenant: 'localhost:8443'}, {AUTH0_ACCESS_TOKEN: token})).toEqual({kind: 'tenant', domain: 'localhost:8443', credentials: {kind: 'access-token', token}});
	});

	it('takes a domain with the saved tenant of that domain when the environment has no credentials for it', () => {
		const dev = {kind: 'tenant', name: 'dev', domain: 'dev-abc.us.auth0.com', credentials: {kind: 'client-credentials', clientId: 'dev-id', clientSecret: 'dev-secret'}};
		expect(resolve({tenant: 'dev-abc.us.auth0.com'})).toEqual(dev);
		// The environment's credentials are another tenant's: never sent to this one.
		expect(resolve({tenant: 'dev-abc.us.auth0.com'}, {AUTH0_DOMAIN: 'prod.eu.auth0.com', ...clientCredentials})).toEqual(dev);
		expect(resolve({tenant: 'localhost:8443'})).toMatchObject({kind: 'tenant', name: 'double'});
	});

	it('refuses a domain with no credentials anywhere, naming the other tenant the environment is for', () => {
		expect(refusal({tenant: 'other.auth0.com'})).toMatch(/^No credentials for other\.auth0\.com: save them with userdeck tenants add NAME --domain other\.auth0\.com --client-id ID, or set AUTH0_DOMAIN/);
		expect(refusal({tenant: 'other.auth0.com'}, {AUTH0_DOMAIN: 'prod.eu.auth0.com', ...clientCredentials})).toMatch(/^No credentials for other\.auth0\.com \(the AUTH0_\* credentials in the environment are for AUTH0_DOMAIN=prod\.eu\.auth0\.com, not for it\)/);
	});

	it('refuses a domain two saved tenants share, naming them', () => {
		expect(refusal({tenant: 'twin.auth0.com'})).toMatch(/Several saved tenants have the domain twin\.auth0\.com \(twin-a, twin-b\): give --tenant one of those names/);
		expect(resolve({tenant: 'twin-b'})).toMatchObject({kind: 'tenant', name: 'twin-b'});
	});

	it('refuses a domain in --tenant that is not one, and an incomplete environment it would use', () => {
		expect(refusal({tenant: 'http://dev-abc.us.auth0.com'})).toMatch(/^--tenant "http:\/\/dev-abc\.us\.auth0\.com" is plain HTTP/);
		expect(refusal({tenant: 'dev-abc.us.auth0.com/x'})).toMatch(/^--tenant .* no path/);
		expect(refusal({tenant: 'dev-abc.us.auth0.com'}, {AUTH0_CLIENT_SECRET: secret})).toMatch(/AUTH0_CLIENT_SECRET is set but AUTH0_CLIENT_ID is not/);
	});

	it('lets an explicit --store outrank AUTH0_* in the environment, complete or not', () => {
		expect(resolve({store: 's.ndjson'}, {AUTH0_DOMAIN: 'dev-abc.us.auth0.com', ...clientCredentials})).toEqual({kind: 'local', storePath: path.resolve('s.ndjson')});
		expect(resolve({store: 's.ndjson'}, {AUTH0_DOMAIN: 'dev-abc.us.auth0.com'}).kind).toBe('local');
	});

	it('tells a name from a domain by a dot, a colon or a slash', () => {
		expect(['dev', 'prod-eu', 'my_tenant', 'localhost'].map(looksLikeDomain)).toEqual([false, false, false, false]);
		expect(['dev.auth0.com', 'localhost:8443', 'https://x'].map(looksLikeDomain)).toEqual([true, true, true]);
	});
});

describe('localTarget (commands with no live meaning)', () => {
	const why = 'it checks passwords';
	it('gives the local store path', () => {
		expect(localTarget({store: 'x.ndjson'}, 'login', why, sources().sources)).toBe(path.resolve('x.ndjson'));
		expect(localTarget({}, 'login', why, sources({AUTH0_DOMAIN: ''}).sources)).toBe(resolveStorePath(undefined));
	});

	it('refuses --tenant as given, before looking it up', () => {
		const {sources: given, read} = sources();
		expect(() => localTarget({tenant: 'nowhere'}, 'login', why, given)).toThrow('login works on a local store only: it checks passwords. It was given --tenant nowhere; give --store PATH for a local store');
		expect(read.count).toBe(0);
	});

	it('refuses a tenant named by the environment, without a secret in the message', () => {
		let message = '';
		try {
			localTarget({}, 'tickets redeem', why, sources({AUTH0_DOMAIN: 'dev-abc.us.auth0.com', ...clientCredentials}).sources);
		} catch (error) {
			expect(error).toBeInstanceOf(UsageError);
			message = (error as Error).message;
		}

		expect(message).toBe('tickets redeem works on a local store only: it checks passwords. It was given the tenant dev-abc.us.auth0.com through AUTH0_DOMAIN in the environment; give --store PATH for a local store');
	});
});
