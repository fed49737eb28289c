// The demo tenant's applications and connections. Each one is there to show a
// rule of the console:
// - Username-Password-Authentication: the default database connection, with the
//   policy a new tenant is nudged towards (good, dictionary, personal info, history).
// - Partners-DB: a stricter policy (excellent, at least 12 characters), enabled for
//   one application only.
// - Analytics-DB: enabled only for a machine-to-machine application without
//   callback URLs, so "Sign in as User" is impossible for its users and the
//   console has to say why.
// - Legacy-DB: enabled for no application, so "Create User" there fails with
//   "The connection is disabled", and its users can no longer sign in.
// - google-oauth2, github, apple: social connections whose users carry the
//   provider's attributes in `identities[].profileData`.
import type {Client, Connection} from '../domain/types.js';
import type {Random} from './random.js';

export type ConnectionKey = 'database' | 'partners' | 'analytics' | 'legacy' | 'google' | 'github' | 'apple';
export type ClientKey = 'web' | 'mobile' | 'partners' | 'reporting';

export type Catalog = {
	connections: Record<ConnectionKey, Connection>;
	clients: Record<ClientKey, Client>;
};

/** Where the tenant's sign-ins happen; the value of every log event's `hostname`. */
export const tenantHostname = 'acme.us.auth0.com';

export function buildCatalog(random: Random): Catalog {
	const clients: Record<ClientKey, Client> = {
		web: {
			client_id: random.alphanumeric(32),
			name: 'Acme Web',
			app_type: 'regular_web',
			callbacks: ['https://app.acme.example/callback', 'http://localhost:3000/callback'],
		},
		mobile: {
			client_id: random.alphanumeric(32),
			name: 'Acme Mobile',
			app_type: 'native',
			callbacks: [
				`https://${tenantHostname}/ios/com.acme.mobile/callback`,
				`https://${tenantHostname}/android/com.acme.mobile/callback`,
			],
		},
		partners: {
			client_id: random.alphanumeric(32),
			name: 'Partner Portal',
			app_type: 'spa',
			callbacks: ['https://partners.acme.example/callback'],
		},
		reporting: {
			client_id: random.alphanumeric(32),
			name: 'Reporting Job',
			app_type: 'non_interactive',
			callbacks: [],
		},
	};
	const connectionId = () => `con_${random.alphanumeric(16)}`;
	const connections: Record<ConnectionKey, Connection> = {
		database: {
			id: connectionId(),
			name: 'Username-Password-Authentication',
			strategy: 'auth0',
			enabled_clients: [clients.web.client_id, clients.mobile.client_id],
			options: {
				passwordPolicy: 'good',
				password_history: {enable: true, size: 5},
				password_dictionary: {enable: true, dictionary: []},
				password_no_personal_info: {enable: true},
			},
		},
		partners: {
			id: connectionId(),
			name: 'Partners-DB',
			strategy: 'auth0',
			enabled_clients: [clients.partners.client_id],
			options: {
				passwordPolicy: 'excellent',
				min_length: 12,
				password_history: {enable: true, size: 10},
				password_dictionary: {enable: true, dictionary: ['acmepartner', 'partnerportal']},
				password_no_personal_info: {enable: true},
			},
		},
		analytics: {
			id: connectionId(),
			name: 'Analytics-DB',
			strategy: 'auth0',
			enabled_clients: [clients.reporting.client_id],
			options: {passwordPolicy: 'fair'},
		},
		legacy: {
			id: connectionId(),
			name: 'Legacy-DB',
			strategy: 'auth0',
			enabled_clients: [],
			options: {passwordPolicy: 'low'},
		},
		google: {
			id: connectionId(),
			name: 'google-oauth2',
			strategy: 'google-oauth2',
			enabled_clients: [clients.web.client_id, clients.mobile.client_id],
		},
		github: {
			id: connectionId(),
			name: 'github',
			strategy: 'github',
			enabled_clients: [clients.web.client_id, clients.partners.client_id],
		},
		apple: {
			id: connectionId(),
			name: 'apple',
			strategy: 'apple',
			enabled_clients: [clients.web.client_id, clients.mobile.client_id],
		},
	};
	return {connections, clients};
}

export function isDatabaseConnection(key: ConnectionKey): boolean {
	return key === 'database' || key === 'partners' || key === 'analytics' || key === 'legacy';
}
