// The door to the local store: opens it and puts the service over it. Both
// the commands (cli/context.ts) and the console (ui/run.tsx) come through
// here, so neither builds a Store itself; a live tenant has its own door
// (live/open-tenant.ts) behind the same Target type (services/target.ts).
import {quotePath} from '../store/quote.js';
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
	/**
	 * Whether opening left the collector much to do: a load that filed the
	 * snapshot's lines (a read of its columns file makes little garbage).
	 * See ui/collect-after-load.ts.
	 */
	readonly loadLeftGarbage: boolean;
	/** What `close` will wait for, to tell the admin before it does; undefined when it has nothing to wait for. */
	closing(): string | undefined;
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
		loadLeftGarbage: !store.loadedFromColumns,
		closing: () => (store.writingColumns ? `finishing ${quotePath(`${store.path}-columns`)}, which the next start reads instead of every line (Ctrl-C skips it)` : undefined),
	};
}
