// The SDK's shapes as userdeck's domain types. The Management API's user,
// log event and device credential are the shapes userdeck already stores
// (domain/types.ts follows them); only missing required fields get their
// empty values, and a connection's password policy is read from its options.
import type {Client, Connection, ConnectionOptions, DeviceCredential, LogEvent, PasswordPolicyLevel, User} from '../domain/types.js';

type Raw = Record<string, unknown>;

function object(value: unknown): Raw {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Raw : {};
}

export function userFrom(raw: unknown): User {
	const user = object(raw);
	return {
		...user,
		user_id: String(user['user_id'] ?? ''),
		created_at: typeof user['created_at'] === 'string' ? user['created_at'] : '',
		updated_at: typeof user['updated_at'] === 'string' ? user['updated_at'] : '',
		identities: Array.isArray(user['identities']) ? user['identities'] as User['identities'] : [],
		logins_count: typeof user['logins_count'] === 'number' ? user['logins_count'] : 0,
	} as User;
}

export function deviceFrom(raw: unknown): DeviceCredential {
	return object(raw) as DeviceCredential;
}

export function logEventFrom(raw: unknown): LogEvent {
	const event = object(raw);
	return {...event, log_id: String(event['log_id'] ?? event['_id'] ?? ''), date: String(event['date'] ?? ''), type: String(event['type'] ?? '')} as LogEvent;
}

const policyLevels = new Set<string>(['none', 'low', 'fair', 'good', 'excellent']);

/** The password policy from a database connection's options, as the local rules check it. */
export function connectionOptionsFrom(raw: unknown): ConnectionOptions {
	const options = object(raw);
	const result: ConnectionOptions = {};
	const level = options['passwordPolicy'];
	if (typeof level === 'string' && policyLevels.has(level)) {
		result.passwordPolicy = level as PasswordPolicyLevel;
	}

	const minLength = object(options['password_complexity_options'])['min_length'];
	if (typeof minLength === 'number') {
		result.min_length = minLength;
	}

	const history = object(options['password_history']);
	if (typeof history['enable'] === 'boolean') {
		result.password_history = {enable: history['enable'], size: typeof history['size'] === 'number' ? history['size'] : 5};
	}

	const dictionary = object(options['password_dictionary']);
	if (typeof dictionary['enable'] === 'boolean') {
		result.password_dictionary = {enable: dictionary['enable'], dictionary: Array.isArray(dictionary['dictionary']) ? dictionary['dictionary'].filter(word => typeof word === 'string') : []};
	}

	const personal = object(options['password_no_personal_info']);
	if (typeof personal['enable'] === 'boolean') {
		result.password_no_personal_info = {enable: personal['enable']};
	}

	return result;
}

export function connectionFrom(raw: unknown): Connection {
	const connection = object(raw);
	return {
		id: String(connection['id'] ?? ''),
		name: String(connection['name'] ?? ''),
		strategy: String(connection['strategy'] ?? ''),
		enabled_clients: Array.isArray(connection['enabled_clients']) ? connection['enabled_clients'].map(String) : [],
		options: connectionOptionsFrom(connection['options']),
	};
}

export function clientFrom(raw: unknown): Client {
	const client = object(raw);
	return {
		client_id: String(client['client_id'] ?? ''),
		name: String(client['name'] ?? ''),
		app_type: (typeof client['app_type'] === 'string' ? client['app_type'] : 'regular_web') as Client['app_type'],
		callbacks: Array.isArray(client['callbacks']) ? client['callbacks'].map(String) : [],
	};
}
