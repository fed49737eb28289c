// A tenant's domain (issue 17): a host with an optional port, HTTPS only,
// nothing else a URL could carry.
import {describe, expect, it} from 'vitest';
import {parseTenantDomain, TenantDomainError} from '../../source/domain/tenant-domain.js';

describe('parseTenantDomain', () => {
	it.each([
		['dev-abc.us.auth0.com', 'dev-abc.us.auth0.com'],
		['Dev-ABC.US.auth0.com', 'dev-abc.us.auth0.com'],
		['localhost:8443', 'localhost:8443'],
		['localhost', 'localhost'],
		['127.0.0.1:8443', '127.0.0.1:8443'],
		['[::1]:8443', '[::1]:8443'],
		['https://dev-abc.us.auth0.com', 'dev-abc.us.auth0.com'],
		['HTTPS://dev-abc.us.auth0.com/', 'dev-abc.us.auth0.com'],
		['https://localhost:8443/', 'localhost:8443'],
		['  login.example.com  ', 'login.example.com'],
		['example.com:08443', 'example.com:8443'],
		['example.com:443', 'example.com:443'],
	])('takes %j as %j', (given, expected) => {
		expect(parseTenantDomain(given)).toBe(expected);
	});

	it.each([
		['http://dev-abc.us.auth0.com', /plain HTTP: userdeck reaches a tenant over HTTPS only/],
		['HTTP://localhost:8443', /plain HTTP/],
		['ftp://dev-abc.us.auth0.com', /is not a domain/],
		['wss://dev-abc.us.auth0.com', /is not a domain/],
		['https://https://x.com', /is not a domain/],
		['dev-abc.us.auth0.com/api/v2', /no path, query or user/],
		['https://dev-abc.us.auth0.com/api/v2/', /no path, query or user/],
		['dev-abc.us.auth0.com?x=1', /no path, query or user/],
		['dev-abc.us.auth0.com#x', /no path, query or user/],
		['admin:pw@dev-abc.us.auth0.com', /no path, query or user/],
		['dev abc.auth0.com', /no path, query or user/],
		['', /is empty/],
		['   ', /is empty/],
		['dev_abc.auth0.com', /not a valid host name/],
		['-dev.auth0.com', /not a valid host name/],
		['dev..auth0.com', /not a valid host name/],
		['dev.auth0.com.', /not a valid host name/],
		['[::g]:8443', /not a valid host name/],
		['[::1', /not a valid host name/],
		['dév.example.com', /not a valid host name/],
		['localhost:0', /no valid port/],
		['localhost:65536', /no valid port/],
		['localhost:', /no valid port/],
		['localhost:https', /no valid port/],
		['a:1:2', /not a valid host name/],
		['dev.auth0.com\u001B[2J', /not a valid host name/],
	])('refuses %j', (given, message) => {
		expect(() => parseTenantDomain(given)).toThrow(TenantDomainError);
		expect(() => parseTenantDomain(given)).toThrow(message);
	});

	it('names where the value came from', () => {
		expect(() => parseTenantDomain('http://x.com', 'AUTH0_DOMAIN')).toThrow(/^AUTH0_DOMAIN "http:\/\/x.com" is plain HTTP/);
	});
});
