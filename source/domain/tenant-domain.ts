// A tenant's domain as userdeck takes it: a host with an optional port, as
// given (`dev-abc.us.auth0.com`, `localhost:8443`, `127.0.0.1:8443`), always
// reached over HTTPS. An `https://` prefix (and a bare trailing slash, as the
// Dashboard's URLs are copied) is dropped; anything else a URL could carry
// (another scheme, a user, a path, a query) is refused rather than guessed
// at, so a credential is never sent anywhere but the host the admin named.
import {isIPv6} from 'node:net';

export class TenantDomainError extends Error {
	override name = 'TenantDomainError';
}

const label = /^[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?$/;

function validHostname(host: string): boolean {
	if (host.startsWith('[') && host.endsWith(']')) {
		return isIPv6(host.slice(1, -1));
	}

	return host.length <= 253 && host.split('.').every(part => label.test(part));
}

/**
 * The domain, lower-cased, without `https://`; throws TenantDomainError with
 * what is wrong. `what` names where the value came from in the message
 * (`--domain`, `AUTH0_DOMAIN`).
 */
export function parseTenantDomain(value: string, what = 'The domain'): string {
	const example = 'e.g. dev-abc.us.auth0.com or localhost:8443';
	let rest = value.trim();
	if (rest === '') {
		throw new TenantDomainError(`${what} is empty: give the tenant's host, ${example}`);
	}

	if (/^http:\/\//i.test(rest)) {
		throw new TenantDomainError(`${what} "${value}" is plain HTTP: userdeck reaches a tenant over HTTPS only (give the host, ${example})`);
	}

	rest = rest.replace(/^https:\/\//i, '');
	if (/^[a-z][a-z\d+.-]*:\/\//i.test(rest)) {
		throw new TenantDomainError(`${what} "${value}" is not a domain: give the host with an optional port, ${example}`);
	}

	// Only an empty path: https://dev-abc.us.auth0.com/ is how the Dashboard shows a domain.
	rest = rest.replace(/\/$/, '');
	if (/[/?#@\s\\]/.test(rest)) {
		throw new TenantDomainError(`${what} "${value}" is not a domain: no path, query or user, only the host with an optional port, ${example}`);
	}

	const match = /^(?<host>\[[^\]]*\]|[^:]*)(?::(?<port>[^:]*))?$/.exec(rest.toLowerCase());
	const host = match?.groups?.host ?? '';
	const port = match?.groups?.port;
	if (!match || !validHostname(host)) {
		throw new TenantDomainError(`${what} "${value}" is not a valid host name, ${example}`);
	}

	if (port !== undefined && (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65_535)) {
		throw new TenantDomainError(`${what} "${value}" has no valid port (1 to 65535 after the colon), ${example}`);
	}

	return port === undefined ? host : `${host}:${Number(port)}`;
}
