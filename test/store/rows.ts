// Rows for the store tests; also bundled into child processes.
import type {DeviceCredential, LogEvent, User} from '../../source/domain/types.js';

export const databaseConnection = 'Username-Password-Authentication';

export function makeUser(id: string, extra: Partial<User> = {}): User {
	return {
		user_id: `auth0|${id}`,
		email: `${id}@example.com`,
		email_verified: false,
		created_at: '2025-01-01T00:00:00.000Z',
		updated_at: '2025-01-01T00:00:00.000Z',
		identities: [{connection: databaseConnection, provider: 'auth0', user_id: id, isSocial: false}],
		logins_count: 0,
		...extra,
	};
}

export function makeLog(id: string, userId: string | undefined, date: string, type = 's'): LogEvent {
	return {log_id: id, date, type, ...(userId === undefined ? {} : {user_id: userId})};
}

export function makeDevice(id: string, userId: string): DeviceCredential {
	return {id, device_name: 'Mozilla/5.0', device_id: `dev-${id}`, type: 'refresh_token', user_id: userId, client_id: 'client-1'};
}
