// Opens the store a command works on and the service over it.
import {hostname, userInfo} from 'node:os';
import {Store} from '../store/store.js';
import {resolveStorePath} from '../store/paths.js';
import {type Actor, UsersService} from '../services/users-service.js';

export type StoreOption = {store?: string; force?: boolean};

export {resolveStorePath} from '../store/paths.js';

/** The operator, recorded as the actor of every admin action and as the impersonator. */
export function currentActor(source: 'cli' | 'console'): Actor {
	let name = 'admin';
	try {
		name = userInfo().username || name;
	} catch {}

	const email = process.env.USERDECK_ADMIN_EMAIL ?? `${name}@${hostname()}`;
	return {user_id: `${source}|${name}`, email};
}

export async function openService(options: StoreOption, source: 'cli' | 'console' = 'cli', storeOptions: {lockTimeoutMs?: number; compactAfterBytes?: number} = {}): Promise<UsersService> {
	const store = await Store.open({path: resolveStorePath(options.store), force: options.force, ...storeOptions});
	for (const warning of store.warnings) {
		process.stderr.write(`userdeck: warning: ${warning}\n`);
	}

	return new UsersService({store, actor: currentActor(source)});
}
