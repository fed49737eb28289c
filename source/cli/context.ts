// Opens what a command works on: the local store or a live tenant (a Target,
// resolved from --store, --tenant and the environment by target-option.ts),
// and the service over it.
import {warn} from './output.js';
import {openLocalService} from '../services/open-local-service.js';
import type {LocalTarget, Target} from '../services/target.js';
import type {UsersService} from '../services/users-service.js';
import type {UsersApi} from '../services/users-api.js';
import {version} from '../version.js';
import {resolveTarget, type TargetOption} from './target-option.js';
import {UsageError} from './usage-error.js';

/** The options every command that reaches users takes: where they are, and --force for a new local store. */
export type StoreOption = TargetOption & {force?: boolean};

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
	/** Create a missing local store even in a folder that group or others can write to. */
	force?: boolean;
	/**
	 * For commands that list or export users and nothing else: a local store
	 * is read up to the end of its users (Store's `usersOnly`), which at a
	 * million users skips two thirds of the file. A tenant ignores it.
	 */
	usersOnly?: boolean;
};

/** The target a command's options and the environment name; --force is for a local store only. */
export function commandTarget(options: StoreOption): Target {
	const target = resolveTarget(options);
	if (target.kind === 'tenant' && options.force) {
		throw new UsageError('--force is for creating a local store; it has no meaning for a tenant');
	}

	return target;
}

export async function openService(target: Target, source: 'cli' | 'console' = 'cli', {mustExist = false, ...storeOptions}: OpenServiceOptions = {}): Promise<UsersApi> {
	if (target.kind === 'tenant') {
		// Loaded only for a tenant: the Auth0 SDK is most of the bundle's size, and a local store's start never needs it.
		const {openTenantService} = await import('../live/open-tenant.js');
		return openTenantService(target, {source});
	}

	return openStoreService(target, source, {mustExist, ...storeOptions});
}

/** The service over a local store, for the commands only a store can answer (the local import). */
export async function openStoreService(target: LocalTarget, source: 'cli' | 'console' = 'cli', {mustExist = false, ...storeOptions}: OpenServiceOptions = {}): Promise<UsersService> {
	const opened = await openLocalService(target, {source, userAgent: cliUserAgent, create: !mustExist, ...storeOptions});
	for (const warning of opened.warnings) {
		warn(warning);
	}

	return opened.service;
}

/** The service over what a command's options name, with their --force. */
export async function openCommandService(options: StoreOption, source: 'cli' | 'console' = 'cli', openOptions: OpenServiceOptions = {}): Promise<UsersApi> {
	return openService(commandTarget(options), source, {force: options.force, ...openOptions});
}
