// The real `auth0` SDK against the test double: users list, search, paging
// limits, get, update, create, delete. When the SDK's request and the double
// disagree, the double is fixed to Auth0's documentation.
import {ManagementClient, ManagementError, Management} from 'auth0';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';

let double: Auth0Double;
let client: ManagementClient;

beforeAll(async () => {
	double = await startAuth0Double({users: 120});
	client = new ManagementClient({domain: double.domain, clientId: double.clientId, clientSecret: double.clientSecret, maxRetries: 0});
});

afterAll(async () => {
	await double?.close();
});

describe('GET /api/v2/users', () => {
	it('trusts the double through NODE_EXTRA_CA_CERTS with certificate checks on', async () => {
		expect(process.env.NODE_EXTRA_CA_CERTS).toBe(double.caFile);
		expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
		const page = await client.users.list({per_page: 5, page: 0, include_totals: true});
		expect(page.data).toHaveLength(5);
		expect(page.response).toMatchObject({start: 0, limit: 5, length: 5, total: 120});
	});
});
