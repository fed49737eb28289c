// Runs the built CLI (`dist/cli.js`, built by `npm test` before vitest) as a
// user's script would, with no store and no tenant (AUTH0_*) from the
// environment and a fixed admin.
import {spawnSync} from 'node:child_process';
import path from 'node:path';

export const cli = path.resolve('dist/cli.js');

export function runCli(args: string[], input?: string, env: NodeJS.ProcessEnv = {}): {code: number | null; stdout: string; stderr: string} {
	const result = spawnSync(process.execPath, [cli, ...args], {
		input,
		encoding: 'utf8',
		// Colours only where a test asks for them (NO_COLOR, FORCE_COLOR).
		env: {...withoutColorSettings(process.env), USERDECK_STORE: '', AUTH0_DOMAIN: '', AUTH0_CLIENT_ID: '', AUTH0_CLIENT_SECRET: '', AUTH0_ACCESS_TOKEN: '', USERDECK_ADMIN_EMAIL: 'ops@example.test', ...env},
	});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

function withoutColorSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const {FORCE_COLOR: _force, NO_COLOR: _no, ...rest} = env;
	return rest;
}
