// A TenantUsersService over the Auth0 test double, as the console or a
// command opens one (client credentials, the real SDK), with the caller's
// options (an injected sleep, no debounce).
import {openTenantService} from '../../source/live/open-tenant.js';
import type {TenantUsersService} from '../../source/live/tenant-users-service.js';
import type {Auth0Double} from './auth0-double/index.js';

export type DoubleServiceOptions = Omit<Parameters<typeof openTenantService>[1], 'source'> & {source?: Parameters<typeof openTenantService>[1]['source']};

export async function openOnDouble(double: Auth0Double, options: DoubleServiceOptions = {}): Promise<TenantUsersService> {
	return openTenantService(
		{kind: 'tenant', domain: double.domain, credentials: {kind: 'client-credentials', clientId: double.clientId, clientSecret: double.clientSecret}},
		{source: 'console', ...options},
	);
}
