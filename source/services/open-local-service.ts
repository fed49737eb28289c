// The door to the local store: opens it and puts the service over it. Both
// the commands (cli/context.ts) and the console (ui/run.tsx) come through
// here, so neither builds a Store itself; a live tenant has its own door
// (live/open-tenant.ts) behind the same Target type (services/target.ts).
import {type OpenOptions, Store} from '../store/store.js';
import {currentActor, operatorClient} from './operator.js';
import type {LocalTarget} from './target.js';
import {UsersService} from './users-service.js';

export type OpenLocalOptions = Omit<OpenOptions, 'path'> & {
	/** Who is acting: the console or a command (the operator recorded on admin events). */
	readonly source: 'cli' | 'console';
	/** The user agent of sign-ins that give none. */
	readonly userAgent?: string;
};

export type OpenedLocalService = {
	readonly service: UsersService;
	/** What the store noticed while opening (a migrated legacy store, a repaired journal), to show the admin. */
	readonly warnings: readonly string[];
	/** Follows writes by other processes until the returned function is called. */
	watch(): () => void;
	close(): Promise<void>;
};

export async function openLocalService(target: LocalTarget, {source, userAgent, ...storeOptions}: OpenLocalOptions): Promise<OpenedLocalService> {
	const store = await Store.open({path: target.storePath, ...storeOptions});
	const service = new UsersService({
		store,
		actor: currentActor(source),
		client: operatorClient(source),
		...(userAgent === undefined ? {} : {userAgent}),
	});
	return {
		service,
		warnings: store.warnings,
		watch: () => store.watch(),
		close: async () => store.close(),
	};
}
