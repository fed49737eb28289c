// Who operates userdeck and through which of its applications: shared by the
// console and the commands, so neither entry point imports the other.
import {hostname, userInfo} from 'node:os';
import type {Actor} from './users-service.js';

export type OperatorSource = 'cli' | 'console';

/** The operator, recorded as the actor of every admin action and as the impersonator. */
export function currentActor(source: OperatorSource): Actor {
	let name = 'admin';
	try {
		name = userInfo().username || name;
	} catch {}

	const email = process.env.USERDECK_ADMIN_EMAIL ?? `${name}@${hostname()}`;
	return {user_id: `${source}|${name}`, email};
}

/** The application an admin's calls come through, recorded on admin events as Auth0 records the calling client. */
export function operatorClient(source: OperatorSource): {client_id: string; client_name: string} {
	return {client_id: `userdeck-${source}`, client_name: source === 'cli' ? 'userdeck CLI' : 'userdeck console'};
}
