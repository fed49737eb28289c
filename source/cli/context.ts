// Opens the store a command works on and the service over it.
import {Store} from '../store/store.js';
import {warn} from './output.js';
import {resolveStorePath} from '../store/paths.js';
import {UsersService} from '../services/users-service.js';
import {currentActor, operatorClient} from '../services/operator.js';
import {version} from '../version.js';

export type StoreOption = {store?: string; force?: boolean};

export {resolveStorePath} from '../store/paths.js';

/** What a sign-in checked with `userdeck login` records as its user agent when none is given. */
export const cliUserAgent = `userdeck/${version} (Node.js ${process.versions.node}; ${process.platform})`;

export type OpenServiceOptions = {
	lockTimeoutMs?: number;
	compactAfterBytes?: number;
	/**
	 * For commands that only read: a missing store is an error ("No store at
	 * PATH") and nothing is created. A read of a mistyped path would otherwise
	 * leave a folder and an empty store behind and report "0 of 0 users", as if
	 * the store were there and empty.
	 */
	mustExist?: boolean;
};

export async function openService(options: StoreOption, source: 'cli' | 'console' = 'cli', {mustExist = false, ...storeOptions}: OpenServiceOptions = {}): Promise<UsersService> {
	const store = await Store.open({path: resolveStorePath(options.store), create: !mustExist, force: options.force, ...storeOptions});
	for (const warning of store.warnings) {
		warn(warning);
	}

	return new UsersService({
		store,
		actor: currentActor(source),
		client: operatorClient(source),
		userAgent: cliUserAgent,
	});
}
