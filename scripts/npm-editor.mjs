// `npm start` runs scripts/start.mjs with EDITOR set to npm's `editor` config,
// whose default is VISUAL, else EDITOR, else "vi" ("notepad.exe" on Windows).
// So a user who set no editor gets EDITOR=vi, and `e` in the console would open
// vi instead of the inline editor the README promises. npm leaves no mark of
// having filled it in, except that its own environment (what it started with)
// has no EDITOR. This decides which EDITOR is the user's:
//
// - VISUAL is never touched by npm and wins over EDITOR anyway: nothing to do.
// - npm_config_editor is set only when the user configured npm's editor
//   (`--editor`, an npm_config_editor variable): that is the user's choice.
// - Otherwise the environment npm itself started with decides, read from
//   /proc (Linux): EDITOR there is the user's; none there means npm's.
// - Where that cannot be read (macOS, Windows), an EDITOR equal to npm's
//   default is taken as npm's. A user who wants vi there sets VISUAL=vi.
import {readFileSync} from 'node:fs';

export const npmDefaultEditor = process.platform === 'win32' ? 'notepad.exe' : 'vi';

/** The environment a process started with, from /proc; undefined where there is no /proc. */
export function procEnviron(pid) {
	try {
		const raw = readFileSync(`/proc/${pid}/environ`, 'utf8');
		const env = {};
		for (const entry of raw.split('\0')) {
			const equals = entry.indexOf('=');
			if (equals > 0) {
				env[entry.slice(0, equals)] = entry.slice(equals + 1);
			}
		}

		return env;
	} catch {
		return undefined;
	}
}

/** The parent of a process, from /proc; undefined where there is no /proc. */
export function procParent(pid) {
	try {
		const match = /^PPid:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The environment npm was started with: the nearest ancestor whose environment
 * has no npm_lifecycle_event (npm sets it for the scripts it runs, and the
 * shell between npm and the script inherits it).
 */
export function npmStartEnvironment(pid, {environ = procEnviron, parent = procParent} = {}) {
	let current = parent(pid);
	for (let depth = 0; current !== undefined && current > 1 && depth < 8; depth++) {
		const env = environ(current);
		if (env === undefined) {
			return undefined;
		}

		if (env.npm_lifecycle_event === undefined) {
			return env;
		}

		current = parent(current);
	}

	return undefined;
}

/** Whether EDITOR in `env` was put there by npm rather than by the user. */
export function editorIsNpms(env, npmEnv) {
	if (env.npm_lifecycle_event === undefined || env.EDITOR === undefined) {
		return false;
	}

	if (env.VISUAL !== undefined || env.npm_config_editor !== undefined) {
		return false;
	}

	if (npmEnv !== undefined) {
		return npmEnv.EDITOR === undefined;
	}

	return env.EDITOR === npmDefaultEditor;
}

/** The environment for the console: the user's EDITOR, never npm's default. */
export function consoleEnvironment(env = process.env, npmEnv = npmStartEnvironment(process.pid)) {
	if (!editorIsNpms(env, npmEnv)) {
		return env;
	}

	const {EDITOR: _npms, ...rest} = env;
	return rest;
}
