// Shell completion (issue 20): the script loads in a real bash, and the
// completion function, driven by COMP_WORDS and COMP_CWORD as bash drives it,
// offers commands, options, choices, paths and the names in the store.
import {spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cli, runCli} from '../support/cli.js';

let dir: string;
let bin: string;
let store: string;
let script: string;

beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-completion-'));
	bin = path.join(dir, 'bin');
	mkdirSync(bin);
	// The scripts call `userdeck` as a user's shell would find it on PATH.
	symlinkSync(cli, path.join(bin, 'userdeck'));
	store = path.join(dir, 'store.ndjson');
	expect(runCli(['demo', '--users', '20', '--store', store]).code).toBe(0);
	// The script `userdeck completion bash` prints, saved once: the tests below
	// source it as a user's .bashrc would, and each completion still runs
	// `userdeck __complete` from PATH. (The first test sources the command's
	// output directly, as `source <(userdeck completion bash)`.)
	const printed = bash('userdeck completion bash');
	expect(printed.code, printed.stderr).toBe(0);
	script = path.join(dir, 'completion.bash');
	writeFileSync(script, printed.stdout);
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

function bash(script: string, env: NodeJS.ProcessEnv = {}): {stdout: string; stderr: string; code: number | null} {
	const result = spawnSync('bash', ['-c', script], {
		cwd: dir,
		encoding: 'utf8',
		env: {...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, USERDECK_STORE: '', USERDECK_CONFIG: '', ...env},
	});
	return {stdout: result.stdout, stderr: result.stderr, code: result.status};
}

/** What bash offers for the words typed, the last being the word under the cursor. */
function offered(words: readonly string[], env: NodeJS.ProcessEnv = {}): string[] {
	const quoted = words.map(word => `'${word.replaceAll('\'', '\'\\\'\'')}'`).join(' ');
	const result = bash(`source '${script}'
COMP_WORDS=(userdeck ${quoted}); COMP_CWORD=${words.length}
_userdeck_complete
printf '%s\\n' "\${COMPREPLY[@]}"`, env);
	expect(result.stderr).toBe('');
	return result.stdout.split('\n').filter(line => line !== '');
}

describe('userdeck completion bash', () => {
	it('loads in a real bash and registers the completion function', () => {
		const result = bash('source <(node dist/cli.js completion bash); complete -p userdeck'.replace('node dist/cli.js', `${process.execPath} ${cli}`));
		expect(result.stderr).toBe('');
		expect(result.stdout.trim()).toBe('complete -F _userdeck_complete userdeck');
	});

	it('completes commands and subcommands, with no hidden ones', () => {
		expect(offered([''])).toEqual(['users', 'login', 'tickets', 'connections', 'clients', 'demo', 'pull', 'tenants', 'keys', 'completion']);
		expect(offered(['users', 'i'])).toEqual(['import', 'impersonate']);
		expect(offered(['users', 'un'])).toEqual(['unblock', 'unlink']);
		expect(offered(['users', 'e'])).toEqual(['email', 'export']);
		expect(offered(['users', 'pa'])).toEqual(['password']);
		expect(offered(['__'])).toEqual([]);
		expect(offered(['completion', ''])).toEqual(['bash', 'zsh', 'fish']);
	});

	it('completes options, the global ones at the top only', () => {
		expect(offered(['users', 'list', '--'])).toEqual(['--query', '--sort', '--limit', '--store', '--tenant', '--json', '--help']);
		expect(offered(['--th'])).toEqual(['--theme']);
		expect(offered(['users', 'create', '--pass'])).toEqual(['--password', '--password-stdin']);
		// A password is never an argument of users password: only --password-stdin is offered.
		expect(offered(['users', 'password', 'x', '--pass'])).toEqual(['--password-stdin']);
		expect(offered(['users', 'email', 'x', '--'])).toEqual(['--email', '--verified', '--store', '--tenant', '--force', '--json', '--help']);
	});

	it('completes choices, and paths for paths', () => {
		expect(offered(['users', 'export', '--format', ''])).toEqual(['ndjson', 'json', 'csv']);
		expect(offered(['--theme', 'l'])).toEqual(['light']);
		writeFileSync(path.join(dir, 'people.json'), '[]');
		expect(offered(['users', 'import', 'peo'])).toEqual(['people.json']);
		expect(offered(['users', 'list', '--store', 'sto'])).toEqual(['store.ndjson']);
	});

	it('completes --connection with the database connections and --client with the client IDs of the store named', () => {
		const databases = ['Username-Password-Authentication', 'Partners-DB', 'Analytics-DB', 'Legacy-DB'];
		expect(offered(['users', 'create', '--store', store, '--connection', ''])).toEqual(databases);
		expect(offered(['users', 'create', '--store', store, '--connection', 'Le'])).toEqual(['Legacy-DB']);
		expect(offered(['--store', store, 'users', 'import', 'people.json', '--connection', 'User'])).toEqual(['Username-Password-Authentication']);
		const clients = JSON.parse(runCli(['clients', 'list', '--json', '--store', store]).stdout) as Array<{client_id: string}>;
		expect(offered(['users', 'impersonate', 'auth0|x', '--store', store, '--client', ''])).toEqual(clients.map(client => client.client_id));
		// No store named: the default one, here from USERDECK_STORE, then from the config file.
		expect(offered(['users', 'create', '--connection', ''], {USERDECK_STORE: store})).toEqual(databases);
		const config = path.join(dir, 'config.yaml');
		writeFileSync(config, `store: ${store}\n`);
		expect(offered(['users', 'create', '--connection', ''], {USERDECK_CONFIG: config})).toEqual(databases);
		// No store at all: nothing, and no error in the shell.
		expect(offered(['users', 'create', '--store', path.join(dir, 'none.ndjson'), '--connection', ''])).toEqual([]);
	});

	it('completes --tenant and tenants remove with the saved tenants\' names, never their secrets', () => {
		const tenants = path.join(dir, 'tenants.json');
		const env = {USERDECK_TENANTS_FILE: tenants, AUTH0_DOMAIN: ''};
		expect(offered(['users', 'list', '--tenant', ''], env)).toEqual([]);
		for (const [name, domain] of [['dev', 'dev.auth0.com'], ['prod', 'prod.auth0.com'], ['double', 'localhost:8443']]) {
			expect(runCli(['tenants', 'add', name!, '--domain', domain!, '--client-id', 'id'], 'completion-secret\n', env).code).toBe(0);
		}

		expect(offered(['users', 'list', '--tenant', ''], env)).toEqual(['dev', 'prod', 'double']);
		expect(offered(['--tenant', 'd'], env)).toEqual(['dev', 'double']);
		expect(offered(['users', 'list', '--tenant=p'], env)).toEqual(['--tenant=prod']);
		expect(offered(['tenants', 'remove', ''], env)).toEqual(['dev', 'prod', 'double']);
		expect(offered(['tenants', ''], env)).toEqual(['add', 'list', 'remove']);
		const described = runCli(['__complete', '--', '--tenant', ''], undefined, env);
		expect(described.stdout).toBe('dev\tdev.auth0.com\nprod\tprod.auth0.com\ndouble\tlocalhost:8443\n:nofiles\n');
		// A tenant's connections are not in a local store: nothing rather than the default store's.
		expect(offered(['users', 'create', '--tenant', 'dev', '--connection', ''], {...env, USERDECK_STORE: store})).toEqual([]);
		expect(offered(['users', 'create', '--connection', ''], {...env, USERDECK_STORE: store, AUTH0_DOMAIN: 'dev.auth0.com'})).toEqual([]);
		expect(offered(['users', 'create', '--store', store, '--connection', 'Le'], {...env, AUTH0_DOMAIN: 'dev.auth0.com'})).toEqual(['Legacy-DB']);
		// A file others can read is refused by the commands, and completes nothing.
		chmodSync(tenants, 0o644);
		expect(offered(['--tenant', ''], env)).toEqual([]);
	});

	it('offers nothing for a free value, and survives a broken config file', () => {
		expect(offered(['users', 'create', '--email', ''])).toEqual([]);
		const broken = path.join(dir, 'broken.yaml');
		writeFileSync(broken, 'theme: [\n');
		expect(offered(['users', 'l'], {USERDECK_CONFIG: broken})).toEqual(['list', 'logs']);
	});
});

describe('userdeck __complete', () => {
	it('offers no names from the store that could steer the shell, and no control sequences in descriptions', () => {
		const hostile = path.join(dir, 'hostile.ndjson');
		const text = readFileSync(store, 'utf8')
			.replace('"name":"Legacy-DB"', '"name":"Legacy-DB$(touch pwned)"')
			.replace('"name":"Acme Web"', `"name":${JSON.stringify('Acme\u001B]52;c;ZXZpbA==\u0007Web\nnext')}`);
		writeFileSync(hostile, text);
		const connections = runCli(['__complete', '--', 'users', 'create', '--store', hostile, '--connection', '']);
		expect(connections.stdout).toBe('Username-Password-Authentication\tdatabase\nPartners-DB\tdatabase\nAnalytics-DB\tdatabase\n:nofiles\n');
		const clients = runCli(['__complete', '--', 'users', 'impersonate', 'x', '--store', hostile, '--client', '']);
		expect(clients.stdout).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
		expect(clients.stdout.split('\n')).toHaveLength(4 + 2);
		expect(clients.stdout).toContain('\tAcme\\x1b]52;c;ZXZpbA==\\x07Web\\nnext\n');
	});
});

describe('userdeck completion zsh and fish', () => {
	it('print scripts that ask the same __complete', () => {
		const zsh = runCli(['completion', 'zsh']);
		expect(zsh.code).toBe(0);
		expect(zsh.stdout).toMatch(/^#compdef userdeck\n/);
		expect(zsh.stdout).toContain('compdef _userdeck_complete userdeck');
		expect(zsh.stdout).toContain('userdeck __complete -- ');
		const fish = runCli(['completion', 'fish']);
		expect(fish.stdout).toContain('complete -c userdeck -f -a \'(_userdeck_complete)\'');
		expect(fish.stdout).toContain('userdeck __complete -- $words');
		for (const shell of ['zsh', 'fish']) {
			const installed = spawnSync(shell, ['--version']).status === 0;
			if (installed) {
				// Parse without running: both shells have a no-exec mode.
				const script = path.join(dir, `completion.${shell}`);
				writeFileSync(script, runCli(['completion', shell]).stdout);
				const parsed = spawnSync(shell, ['-n', script], {encoding: 'utf8'});
				expect(parsed.status, parsed.stderr).toBe(0);
			}
		}
	});

	const hasZsh = spawnSync('zsh', ['--version']).status === 0;
	const hasFish = spawnSync('fish', ['--version']).status === 0;

	it.skipIf(!hasZsh)('zsh: registers with compdef in a real zsh', () => {
		const result = spawnSync('zsh', ['-f', '-c', 'autoload -U compinit; compinit -u; source <(userdeck completion zsh); print -r -- $_comps[userdeck]'], {
			cwd: dir, encoding: 'utf8', env: {...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`},
		});
		expect(result.stderr).toBe('');
		expect(result.stdout.trim()).toBe('_userdeck_complete');
	});

	it.skipIf(!hasFish)('fish: completes in a real fish (complete -C)', () => {
		const result = spawnSync('fish', ['--no-config', '-c', `userdeck completion fish | source
complete -C 'userdeck users cre'
complete -C 'userdeck users create --store ${store} --connection Le'
complete -C 'userdeck users list --li'`], {
			cwd: dir, encoding: 'utf8', env: {...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, USERDECK_STORE: '', USERDECK_CONFIG: ''},
		});
		expect(result.stderr).toBe('');
		expect(result.stdout).toBe('create\tcreate a user in a database connection\nLegacy-DB\tdatabase\n--limit\tprint at most this many users\n');
	});

	it('refuses a shell it does not know', () => {
		const result = runCli(['completion', 'tcsh']);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('Allowed choices are bash, zsh, fish');
	});
});
