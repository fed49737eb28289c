// What a demo store holds, in counts, for the CLI to print after writing it.
// Keys read as the noun after the number ("300 users, 15 blocked").
import type {RowTables} from '../store/tables.js';

export type DemoSummary = {
	users: number;
	'database users': number;
	'social users': number;
	blocked: number;
	'never logged in': number;
	connections: number;
	applications: number;
	devices: number;
	'log events': number;
};

export function demoSummary(tables: RowTables): DemoSummary {
	let social = 0;
	let blocked = 0;
	let neverLoggedIn = 0;
	for (const user of tables.users.values()) {
		if (user.identities[0]?.isSocial === true) {
			social++;
		}

		if (user.blocked === true) {
			blocked++;
		}

		if (user.logins_count === 0) {
			neverLoggedIn++;
		}
	}

	return {
		users: tables.users.size,
		'database users': tables.users.size - social,
		'social users': social,
		blocked,
		'never logged in': neverLoggedIn,
		connections: tables.connections.size,
		applications: tables.clients.size,
		devices: tables.devices.size,
		'log events': tables.logs.size,
	};
}
