// The Management API calls userdeck makes, with what each is for (in the
// words errors use) and the scope Auth0 asks of it (from each endpoint's
// page in Auth0's Management API reference).
export const calls = {
	listUsers: {method: 'GET', path: '/api/v2/users', doing: 'listing users', scope: 'read:users'},
	getUser: {method: 'GET', path: '/api/v2/users/{id}', doing: 'reading the user', scope: 'read:users'},
	createUser: {method: 'POST', path: '/api/v2/users', doing: 'creating the user', scope: 'create:users'},
	updateUser: {method: 'PATCH', path: '/api/v2/users/{id}', doing: 'updating the user', scope: 'update:users'},
	deleteUser: {method: 'DELETE', path: '/api/v2/users/{id}', doing: 'deleting the user', scope: 'delete:users'},
	userLogs: {method: 'GET', path: '/api/v2/users/{id}/logs', doing: 'reading the user\'s history', scope: 'read:logs'},
	listDevices: {method: 'GET', path: '/api/v2/device-credentials', doing: 'reading the user\'s devices', scope: 'read:device_credentials'},
	deleteDevice: {method: 'DELETE', path: '/api/v2/device-credentials/{id}', doing: 'unlinking the device', scope: 'delete:device_credentials'},
	listConnections: {method: 'GET', path: '/api/v2/connections', doing: 'reading the connections', scope: 'read:connections'},
	listClients: {method: 'GET', path: '/api/v2/clients', doing: 'reading the applications', scope: 'read:clients'},
	// Import and export jobs (jobs.ts). A job is read with any of create:users and read:users; an importer holds create:users.
	createImportJob: {method: 'POST', path: '/api/v2/jobs/users-imports', doing: 'starting a user import job', scope: 'create:users'},
	createExportJob: {method: 'POST', path: '/api/v2/jobs/users-exports', doing: 'starting a user export job', scope: 'read:users'},
	getJob: {method: 'GET', path: '/api/v2/jobs/{id}', doing: 'reading the job\'s status', scope: 'read:users'},
	getJobErrors: {method: 'GET', path: '/api/v2/jobs/{id}/errors', doing: 'reading the job\'s failed users', scope: 'read:users'},
} as const satisfies Record<string, Call>;

export type Call = {
	readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	readonly path: string;
	/** What the call does, as an error message says it: "… while listing users". */
	readonly doing: string;
	/** The scope the application's grant (or the access token) must hold. */
	readonly scope: string;
};

export type CallName = keyof typeof calls;
