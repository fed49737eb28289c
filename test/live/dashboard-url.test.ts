// The Dashboard link `o` opens for a tenant's user, as Auth0's CLI builds it.
import {describe, expect, it} from 'vitest';
import {dashboardUserUrl} from '../../source/live/dashboard-url.js';
import {openTenantService} from '../../source/live/open-tenant.js';

describe('dashboardUserUrl', () => {
	it('takes the tenant and region from a canonical domain and path-escapes the user_id', () => {
		expect(dashboardUserUrl('dev-abc.eu.auth0.com', 'auth0|61b5b6e9')).toBe('https://manage.auth0.com/dashboard/eu/dev-abc/users/auth0%7C61b5b6e9');
		expect(dashboardUserUrl('Dev-Abc.us.auth0.com', 'google-oauth2|1/2')).toBe('https://manage.auth0.com/dashboard/us/dev-abc/users/google-oauth2%7C1%2F2');
		// The first US region has no region label.
		expect(dashboardUserUrl('old-tenant.auth0.com', 'auth0|1')).toBe('https://manage.auth0.com/dashboard/us/old-tenant/users/auth0%7C1');
	});

	it('gives no link where the domain does not name the tenant', () => {
		expect(dashboardUserUrl('login.example.com', 'auth0|1')).toBeUndefined();
		expect(dashboardUserUrl('127.0.0.1:8443', 'auth0|1')).toBeUndefined();
		expect(dashboardUserUrl('evil.auth0.com.example.com', 'auth0|1')).toBeUndefined();
	});
});

describe('a tenant service', () => {
	it('gives its users\' Dashboard pages (no request made)', async () => {
		const service = await openTenantService({kind: 'tenant', domain: 'dev-abc.eu.auth0.com', credentials: {kind: 'access-token', token: 'not-used'}}, {source: 'cli'});
		expect(service.dashboardUrl('auth0|1')).toBe('https://manage.auth0.com/dashboard/eu/dev-abc/users/auth0%7C1');
		service.close();
	});
});
