// The door to a live tenant. This build has no live backend yet: the
// Management API backend (branch i17-live) replaces this file, with the same
// signature and its service interface as the return type.
import {UserdeckError} from '../domain/errors.js';
import type {TenantTarget} from '../services/target.js';

export type OpenTenantOptions = {
	/** Who is acting: the console or a command (for the operator's name in messages and logs). */
	readonly source: 'cli' | 'console';
};

export async function openTenantService(target: TenantTarget, _options: OpenTenantOptions): Promise<never> {
	throw new UserdeckError('UNSUPPORTED', `This build of userdeck cannot reach a live tenant yet (${target.domain}): the Management API backend is not in it. Use a local store (--store PATH, or unset AUTH0_DOMAIN)`);
}
