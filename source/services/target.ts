// Where the users a console or a command works on live: the local store (the
// embedded default) or a real Auth0 tenant through the Management API v2.
// The CLI resolves one from `--store`, `--tenant` and the environment
// (AUTH0_DOMAIN with AUTH0_CLIENT_ID + AUTH0_CLIENT_SECRET, or
// AUTH0_ACCESS_TOKEN, the names Auth0's own deploy CLI reads); the service
// layer opens it. Secrets travel only inside `credentials` and are never
// printed, logged or shown.

/** How userdeck authenticates to a tenant's Management API. */
export type TenantCredentials =
	| {kind: 'client-credentials'; clientId: string; clientSecret: string}
	| {kind: 'access-token'; token: string};

export type LocalTarget = {kind: 'local'; storePath: string};

export type TenantTarget = {
	kind: 'tenant';
	/** The name given with `userdeck tenants add`, when the tenant came from there. */
	name?: string;
	/** Host with an optional port, as given (`dev-abc.us.auth0.com`, `localhost:8443`); always reached over HTTPS. */
	domain: string;
	credentials: TenantCredentials;
};

export type Target = LocalTarget | TenantTarget;
