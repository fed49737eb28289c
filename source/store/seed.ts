// What a brand-new store starts with: Auth0's default database connection,
// enabled for one application, so users can be created at once.
import {randomInt} from 'node:crypto';
import {emptyTables, type Tables} from './tables.js';

const alphanumerics = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlphanumeric(length: number): string {
	let text = '';
	for (let index = 0; index < length; index++) {
		text += alphanumerics[randomInt(alphanumerics.length)];
	}

	return text;
}

export function defaultSeed(): Tables {
	const tables = emptyTables();
	const clientId = randomAlphanumeric(32);
	const connectionId = `con_${randomAlphanumeric(16)}`;
	tables.clients.set(clientId, {
		client_id: clientId,
		name: 'Default App',
		app_type: 'regular_web',
		callbacks: ['http://localhost:3000/callback'],
	});
	tables.connections.set(connectionId, {
		id: connectionId,
		name: 'Username-Password-Authentication',
		strategy: 'auth0',
		enabled_clients: [clientId],
		options: {
			passwordPolicy: 'good',
			password_history: {enable: false, size: 5},
			password_dictionary: {enable: true, dictionary: []},
			password_no_personal_info: {enable: true},
		},
	});
	return tables;
}
