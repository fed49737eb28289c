// Whether the console starts with personal data masked: `--mask`, else
// USERDECK_MASK (1/true/yes/on or 0/false/no/off), else the config file's
// `masking`, else not. `M` toggles it.
import {UsageError} from './usage-error.js';

const on = new Set(['1', 'true', 'yes', 'on']);
const off = new Set(['0', 'false', 'no', 'off']);

/** USERDECK_MASK, if set and not empty; a value that is neither on nor off is a usage error. */
export function maskFromEnvironment(env: NodeJS.ProcessEnv = process.env): boolean | undefined {
	const value = env.USERDECK_MASK?.trim().toLowerCase();
	if (!value) {
		return undefined;
	}

	if (on.has(value)) {
		return true;
	}

	if (off.has(value)) {
		return false;
	}

	throw new UsageError(`USERDECK_MASK is "${env.USERDECK_MASK!}": use 1 to mask personal data on screen, 0 not to`);
}

/** The console's masking at start: the flag (`--mask`, `--no-mask`) wins over the environment, the environment over the config file's `masking`. */
export function maskAtStart(flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env, configured = false): boolean {
	return flag ?? maskFromEnvironment(env) ?? configured;
}
