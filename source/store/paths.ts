// Where the store lives when no --store is given.
import path from 'node:path';
import envPaths from 'env-paths';

/** `USERDECK_STORE` if set, else `store.ndjson` in the platform's data folder for userdeck. */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env): string {
	const fromEnvironment = env.USERDECK_STORE;
	if (fromEnvironment) {
		return fromEnvironment;
	}

	return path.join(envPaths('userdeck', {suffix: ''}).data, 'store.ndjson');
}

/** `--store`, else `USERDECK_STORE`, else the platform's data folder; absolute. */
export function resolveStorePath(option: string | undefined): string {
	return path.resolve(option ?? defaultStorePath());
}
