// The UserdeckError a promise rejects with, for tests of refusals; anything
// else (a resolve, a plain Error) fails the test.
import {isUserdeckError, type UserdeckError} from '../../source/domain/errors.js';

export async function userdeckFailure(promise: Promise<unknown>): Promise<UserdeckError> {
	try {
		await promise;
	} catch (error) {
		if (isUserdeckError(error)) {
			return error;
		}

		throw error;
	}

	throw new Error('expected a failure');
}
