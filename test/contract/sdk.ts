// The real SDK, pointed at a double, as userdeck's live backend will build it.
import {ManagementClient, ManagementError} from 'auth0';
import type {Auth0Double} from '../support/auth0-double/index.js';

type Options = Partial<ConstructorParameters<typeof ManagementClient>[0]>;

/** No silent retries unless a test asks for them: a contract test must see each answer. */
export function sdk(double: Auth0Double, options: Options = {}): ManagementClient {
	return new ManagementClient({
		domain: double.domain,
		clientId: double.clientId,
		clientSecret: double.clientSecret,
		maxRetries: 0,
		...options,
	} as ConstructorParameters<typeof ManagementClient>[0]);
}

/** The requests the double received for `path` (exact, or a pattern). */
export function requestsTo(double: Auth0Double, path: string | RegExp) {
	return double.requests.filter(request => (typeof path === 'string' ? request.path === path : path.test(request.path)));
}

/** The ManagementError a call fails with (any other outcome fails the test), for assertions on its class and body. */
export async function failure(call: Promise<unknown>): Promise<ManagementError> {
	try {
		await call;
	} catch (error) {
		if (error instanceof ManagementError) {
			return error;
		}

		throw error;
	}

	throw new Error('the call succeeded');
}
