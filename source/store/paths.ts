// Where the store lives when no --store is given.
import path from 'node:path';
import envPaths from 'env-paths';

let configuredStore: string | undefined;

/** The config file's default store, set once at start (source/cli.ts) before any command resolves its store. */
export function setConfiguredStore(file: string | undefined): void {
	configuredStore = file;
}

/** `USERDECK_STORE` if set, else the config file's store, else `store.ndjson` in the platform's data folder for userdeck. */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env): string {
	const fromEnvironment = env.USERDECK_STORE;
	if (fromEnvironment) {
		return fromEnvironment;
	}

	if (configuredStore) {
		return configuredStore;
	}

	return path.join(envPaths('userdeck', {suffix: ''}).data, 'store.ndjson');
}

/** `--store`, else `USERDECK_STORE`, else the config file's store, else the platform's data folder; absolute. */
export function resolveStorePath(option: string | undefined): string {
	return path.resolve(option ?? defaultStorePath());
}
