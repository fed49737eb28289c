// The double as a program (scripts/auth0-double.mjs): it prints the
// environment for a console, that environment is enough for a fresh Node
// process to trust it (NODE_EXTRA_CA_CERTS, read at process start), and
// without it the certificate is refused: checks stay on.
import {type ChildProcessWithoutNullStreams, spawn, spawnSync} from 'node:child_process';
import {once} from 'node:events';
import {existsSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';

let child: ChildProcessWithoutNullStreams;
let stdout = '';
let stderr = '';
let env: Record<string, string> = {};

/** The parent's environment without any trust in a test CA. */
function untrusting(): NodeJS.ProcessEnv {
	const {NODE_EXTRA_CA_CERTS: _ca, AUTH0_DOUBLE_TLS_DIR: _dir, ...rest} = process.env;
	return rest;
}

beforeAll(async () => {
	child = spawn(process.execPath, ['scripts/auth0-double.mjs', '--users', '20'], {env: untrusting()});
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		stdout += chunk;
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	await vi.waitFor(() => {
		expect(stdout).toContain('\nready\n');
	}, {timeout: 60_000, interval: 50});
	env = Object.fromEntries(stdout.split('\n').filter(line => line.includes('=')).map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
});

afterAll(async () => {
	if (child !== undefined && child.exitCode === null) {
		child.kill('SIGTERM');
		await once(child, 'exit');
	}
});

/** Runs `fetch` in a fresh Node process with `extra` in its environment; prints the status or the error's code. */
function fetchFromNewProcess(url: string, extra: NodeJS.ProcessEnv): string {
	const script = `fetch(${JSON.stringify(url)}).then(r => console.log(r.status), e => console.log(e.cause?.code ?? e.message))`;
	const result = spawnSync(process.execPath, ['-e', script], {env: {...untrusting(), ...extra}, encoding: 'utf8'});
	return result.stdout.trim();
}

describe('node scripts/auth0-double.mjs', () => {
	it('prints the four variables a console needs', async () => {
		expect(Object.keys(env).sort()).toEqual(['AUTH0_CLIENT_ID', 'AUTH0_CLIENT_SECRET', 'AUTH0_DOMAIN', 'NODE_EXTRA_CA_CERTS']);
		expect(env.AUTH0_DOMAIN).toMatch(/^127\.0\.0\.1:\d+$/);
		// stderr is another pipe: its line may be read after stdout's "ready".
		await vi.waitFor(() => {
			expect(stderr).toContain('20 users');
		}, {timeout: 60_000, interval: 50});
	});

	it('is trusted by a new Node process through NODE_EXTRA_CA_CERTS, and refused without it', () => {
		const url = `https://${env.AUTH0_DOMAIN}/api/v2/users`;
		expect(fetchFromNewProcess(url, {NODE_EXTRA_CA_CERTS: env.NODE_EXTRA_CA_CERTS})).toBe('401');
		expect(fetchFromNewProcess(url, {})).toMatch(/^(SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/);
	});

	it('takes control lines on stdin', async () => {
		child.stdin.write('{"failNext": {"count": 1, "status": 503}}\n');
		await vi.waitFor(() => {
			expect(stderr).toContain('applied {"failNext"');
		});
		const url = `https://${env.AUTH0_DOMAIN}/api/v2/users`;
		expect(fetchFromNewProcess(url, {NODE_EXTRA_CA_CERTS: env.NODE_EXTRA_CA_CERTS})).toBe('503');
		expect(fetchFromNewProcess(url, {NODE_EXTRA_CA_CERTS: env.NODE_EXTRA_CA_CERTS})).toBe('401');
	});

	it('stops on SIGTERM and removes its CA', async () => {
		child.kill('SIGTERM');
		const [code] = await once(child, 'exit') as [number | null];
		expect(code).toBe(0);
		expect(existsSync(env.NODE_EXTRA_CA_CERTS!)).toBe(false);
	});
});
