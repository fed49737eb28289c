// `npm start` must not hand npm's default EDITOR=vi to the console: `e` then
// opens the inline editor, as the README promises when no editor is set.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {describe, expect, test} from 'vitest';
import {consoleEnvironment, editorIsNpms, npmDefaultEditor, npmStartEnvironment, procEnviron, procParent} from '../../scripts/npm-editor.mjs';

type Env = Record<string, string | undefined>;
const underNpm = {npm_lifecycle_event: 'start'};

describe('which EDITOR is the user\'s under npm start', () => {
	test('npm\'s default (no EDITOR in the environment npm started with) is dropped', () => {
		const env: Env = {...underNpm, EDITOR: 'vi', PATH: '/bin'};
		expect(editorIsNpms(env, {PATH: '/bin'})).toBe(true);
		expect(consoleEnvironment(env, {PATH: '/bin'})).toEqual({...underNpm, PATH: '/bin'});
	});

	test('an EDITOR the user set is kept, even when it is vi', () => {
		expect(editorIsNpms({...underNpm, EDITOR: 'vi'}, {EDITOR: 'vi'})).toBe(false);
		expect(editorIsNpms({...underNpm, EDITOR: 'nano'}, {EDITOR: 'nano'})).toBe(false);
		expect(consoleEnvironment({...underNpm, EDITOR: 'nano'}, {EDITOR: 'nano'})).toEqual({...underNpm, EDITOR: 'nano'});
	});

	test('VISUAL, npm\'s own editor setting, or not running under npm: nothing is changed', () => {
		expect(editorIsNpms({...underNpm, EDITOR: 'code', VISUAL: 'code'}, {VISUAL: 'code'})).toBe(false);
		expect(editorIsNpms({...underNpm, EDITOR: 'emacs', npm_config_editor: 'emacs'}, {})).toBe(false);
		expect(editorIsNpms({EDITOR: 'vi'}, {})).toBe(false);
	});

	test('where npm\'s environment cannot be read, only npm\'s default value is taken as npm\'s', () => {
		expect(editorIsNpms({...underNpm, EDITOR: npmDefaultEditor}, undefined)).toBe(true);
		expect(editorIsNpms({...underNpm, EDITOR: 'nano'}, undefined)).toBe(false);
	});

	test('npm\'s environment is the nearest ancestor without npm_lifecycle_event', () => {
		// pid 40 (the script) ← 30 (sh, from npm) ← 20 (npm) ← 10 (the user's shell)
		const parents: Record<number, number> = {40: 30, 30: 20, 20: 10, 10: 1};
		const environs: Record<number, Env> = {30: {...underNpm, EDITOR: 'vi'}, 20: {HOME: '/home/a'}, 10: {HOME: '/home/a'}};
		const found = npmStartEnvironment(40, {parent: (pid: number) => parents[pid], environ: (pid: number) => environs[pid]}) as Env | undefined;
		expect(found).toEqual({HOME: '/home/a'});
		expect(npmStartEnvironment(40, {parent: (pid: number) => parents[pid], environ: () => undefined})).toBeUndefined();
	});

	test.runIf(existsSync('/proc/self/environ'))('reads a real process\'s starting environment and parent from /proc', () => {
		expect((procEnviron(process.pid) as Env).PATH).toBe(process.env.PATH);
		expect(procParent(process.pid)).toBe(process.ppid);
	});

	// The real thing: npm runs a script as `npm start` runs scripts/start.mjs, and
	// the script prints the EDITOR the console would get.
	test.runIf(existsSync('/proc/self/environ'))('under a real npm run: npm\'s vi is dropped, the user\'s EDITOR (even vi) kept', () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'userdeck-npm-editor-'));
		try {
			const module = pathToFileURL(path.resolve('scripts/npm-editor.mjs')).href;
			writeFileSync(path.join(folder, 'print.mjs'), `import {consoleEnvironment} from ${JSON.stringify(module)};\nprocess.stdout.write(JSON.stringify({editor: consoleEnvironment().EDITOR ?? null, npm: process.env.EDITOR ?? null}));\n`);
			writeFileSync(path.join(folder, 'package.json'), JSON.stringify({name: 'editor-probe', version: '1.0.0', private: true, scripts: {start: 'node print.mjs'}}));
			const npmRun = (env: Env) => {
				const base: Env = {...process.env};
				for (const name of Object.keys(base)) {
					if (name.startsWith('npm_') || name === 'EDITOR' || name === 'VISUAL') {
						delete base[name];
					}
				}

				const result = spawnSync('npm', ['run', '--silent', 'start'], {cwd: folder, env: {...base, ...env}, encoding: 'utf8'});
				expect(result.status, result.stderr).toBe(0);
				return JSON.parse(result.stdout) as {editor: string | null; npm: string | null};
			};

			expect(npmRun({})).toEqual({editor: null, npm: 'vi'});
			expect(npmRun({EDITOR: 'vi'})).toEqual({editor: 'vi', npm: 'vi'});
			expect(npmRun({EDITOR: 'nano'})).toEqual({editor: 'nano', npm: 'nano'});
		} finally {
			rmSync(folder, {recursive: true, force: true});
		}
	}, 60_000);
});
