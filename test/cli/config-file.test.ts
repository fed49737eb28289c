// The config file (issue 20): YAML or JSON, validated, every error with its
// line; the store it names, and key overrides that go through the one keymap.
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {configPath, loadConfig} from '../../source/cli/config-file.js';
import {applyKeyOverrides, bindingById, resolveBinding} from '../../source/ui/keymap.js';
import {runCli} from '../support/cli.js';

let dir: string;

beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-config-'));
});

afterEach(() => {
	applyKeyOverrides({});
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

function file(name: string, text: string): string {
	const target = path.join(dir, name);
	writeFileSync(target, text);
	return target;
}

async function problem(text: string, name = 'bad.yaml'): Promise<string> {
	const target = file(name, text);
	try {
		await loadConfig(target, {});
	} catch (error) {
		return (error as Error).message.replace(`${target}:`, 'FILE:');
	}

	throw new Error('the config was accepted');
}

describe('the config file', () => {
	it('reads every setting from YAML, with defaults for the rest', async () => {
		const target = file('config.yaml', [
			'# userdeck settings',
			'store: stores/main.ndjson',
			'theme: light',
			'masking: true',
			'keys:',
			'  list.quit: x',
			'  list.create: [n, ctrl-n]',
			'  user.back: Esc',
			'  user.tab-1: [1, 7]',
		].join('\n'));
		const config = await loadConfig(target, {});
		expect(config).toEqual({
			file: target,
			store: path.join(dir, 'stores/main.ndjson'),
			theme: 'light',
			masking: true,
			keys: {'list.quit': ['x'], 'list.create': ['n', 'ctrl-n'], 'user.back': ['Esc'], 'user.tab-1': ['1', '7']},
		});
		expect(bindingById('list.quit')).toMatchObject({keys: ['x'], label: 'x'});
		expect(bindingById('list.create')).toMatchObject({keys: ['n', 'ctrl-n'], label: 'n/Ctrl-N'});
		expect(resolveBinding(['list'], 'q')).toBeUndefined();
		expect(resolveBinding(['list'], 'ctrl-n')?.id).toBe('list.create');
		expect(resolveBinding(['user'], '7')?.id).toBe('user.tab-1');

		const empty = await loadConfig(file('empty.yaml', '# nothing yet\n'), {});
		expect(empty).toMatchObject({theme: 'auto', masking: false, keys: {}, store: undefined});
		// Settings left empty are unset.
		const blank = await loadConfig(file('blank.yaml', 'theme:\nkeys:\n  # list.quit: x\n'), {});
		expect(blank).toMatchObject({theme: 'auto', keys: {}});
	});

	it('reads JSON too, and ~ as the home folder', async () => {
		const config = await loadConfig(file('config.json', '{\n  "store": "~/decks/a.ndjson",\n  "theme": "dark"\n}\n'), {HOME: '/home/someone'});
		expect(config).toMatchObject({store: '/home/someone/decks/a.ndjson', theme: 'dark', masking: false});
	});

	it('is found through USERDECK_CONFIG, and --config comes first', () => {
		expect(configPath(undefined, {USERDECK_CONFIG: '/etc/userdeck.yaml'})).toEqual({file: '/etc/userdeck.yaml', explicit: true});
		expect(configPath('/tmp/other.yaml', {USERDECK_CONFIG: '/etc/userdeck.yaml'})).toEqual({file: '/tmp/other.yaml', explicit: true});
	});

	it('names the line of every problem', async () => {
		expect(await problem('theme: light\ncolour: blue\n')).toBe('FILE:2: unknown setting "colour" (settings: store, theme, masking, keys)');
		expect(await problem('store: a.ndjson\n\ntheme: blue\n')).toBe('FILE:3: theme must be one of auto, dark, light (got "blue")');
		expect(await problem('masking: "yes"\n')).toBe('FILE:1: masking must be a boolean (got "yes")');
		expect(await problem('keys:\n  list.quit: x\n  list.create: {key: n}\n')).toMatch(/^FILE:3: keys\.list\.create must be a key or a list of keys/);
		expect(await problem('keys:\n  list.quit: [x\n')).toMatch(/^FILE:3: .*not valid YAML or JSON/);
		expect(await problem('theme: dark\ntheme: light\n')).toMatch(/^FILE:2: Map keys must be unique/);
		expect(await problem('{\n  "theme": "dark",\n  "keys": {"list.qiut": "x"}\n}\n', 'bad.json')).toBe('FILE:3: there is no binding list.qiut (did you mean list.quit?): `userdeck keys` lists them');
		expect(await problem('keys:\n  list.sort: F13\n')).toMatch(/^FILE:2: list\.sort: "F13" is not a key/);
		expect(await problem('- theme\n- dark\n')).toMatch(/^FILE:1: the file must hold settings/);
	});

	it('refuses two bindings on one key in one scope, naming both, and keeps the keymap as it was', async () => {
		const message = await problem('keys:\n  list.sort: o\n  list.create: q\n');
		expect(message).toBe('FILE:3: q is bound to both list.create and list.quit (Users list): give one of them another key');
		// Both overridden: the later line.
		expect(await problem('keys:\n  list.create: z\n  list.sort: z\n')).toMatch(/^FILE:3: z is bound to both list\.create and list\.sort/);
		expect(bindingById('list.create').keys).toEqual(['c']);
		expect(bindingById('list.sort').keys).toEqual(['s']);
	});

	it('keeps typed text for text fields and Ctrl-C for quitting', async () => {
		expect(await problem('keys:\n  filter.cancel: x\n')).toMatch(/^FILE:2: filter\.cancel: "x" would be typed into the text in Filter prompt/);
		expect(await problem('keys:\n  form.submit: space\n')).toMatch(/would be typed into the text/);
		expect(await problem('keys:\n  list.create: ctrl-c\n')).toMatch(/^FILE:2: list\.create: Ctrl-C always quits/);
		await loadConfig(file('ok.yaml', 'keys:\n  filter.cancel: ctrl-g\n'), {});
		expect(bindingById('filter.cancel').keys).toEqual(['ctrl-g']);
	});

	it('is refused at start by every command, with the line; a missing named file too', () => {
		const bad = file('cli-bad.yaml', 'theme: dark\nkeys:\n  list.create: q\n');
		const refused = runCli(['users', 'list', '--config', bad]);
		expect(refused.code).toBe(2);
		expect(refused.stderr).toBe(`userdeck: ${bad}:3: q is bound to both list.create and list.quit (Users list): give one of them another key\n`);
		const missing = runCli(['users', 'list'], undefined, {USERDECK_CONFIG: path.join(dir, 'nope.yaml')});
		expect(missing.code).toBe(2);
		expect(missing.stderr).toContain('nope.yaml: no such file');
	});

	it('lists the bindings with their ids and the keys after the config file (userdeck keys)', () => {
		const listed = runCli(['keys']);
		expect(listed.code).toBe(0);
		expect(listed.stdout).toMatch(/^ID +KEYS +WHERE +DOES\n/);
		expect(listed.stdout).toMatch(/\nlist\.quit +q +Users list +Quit\n/);
		const config = file('keys.yaml', 'keys:\n  list.quit: [x, ctrl-q]\n');
		expect(runCli(['keys', '--config', config]).stdout).toMatch(/\nlist\.quit +x ctrl-q +Users list +Quit\n/);
		const json = JSON.parse(runCli(['keys', '--json', '--config', config]).stdout) as Array<{id: string; keys: string[]; scope: string}>;
		expect(json.find(binding => binding.id === 'list.quit')).toEqual({id: 'list.quit', scope: 'list', keys: ['x', 'ctrl-q'], description: 'Quit'});
	});

	it('leaves the theme to --theme, then USERDECK_THEME, then the file; a wrong one is a usage error', () => {
		const wrongEnvironment = runCli([], undefined, {USERDECK_THEME: 'purple'});
		expect(wrongEnvironment.code).toBe(2);
		expect(wrongEnvironment.stderr).toBe('userdeck: USERDECK_THEME is "purple": use one of auto, dark, light\n');
		const wrongFlag = runCli(['--theme', 'purple']);
		expect(wrongFlag.code).toBe(2);
		expect(wrongFlag.stderr).toContain('Allowed choices are auto, dark, light');
		// Empty is unset; without a terminal the console then refuses to start, as before.
		expect(runCli([], undefined, {USERDECK_THEME: ''}).stderr).toContain('The console needs a terminal');
	});

	it('gives the default store, after --store and USERDECK_STORE', () => {
		mkdirSync(path.join(dir, 'stores'), {recursive: true});
		expect(runCli(['demo', '--users', '7', '--store', path.join(dir, 'stores', 'main.ndjson')]).code).toBe(0);
		const config = file('with-store.yaml', 'store: stores/main.ndjson\n');
		const listed = runCli(['users', 'list', '--config', config]);
		expect(listed.code, listed.stderr).toBe(0);
		expect(listed.stderr).toBe('7 of 7 users\n');
		const fromEnvironment = runCli(['users', 'list'], undefined, {USERDECK_CONFIG: config});
		expect(fromEnvironment.stderr).toBe('7 of 7 users\n');
		// Found in the platform's config folder without being named.
		const xdg = path.join(dir, 'xdg');
		mkdirSync(path.join(xdg, 'userdeck'), {recursive: true});
		writeFileSync(path.join(xdg, 'userdeck', 'config.yaml'), `store: ${path.join(dir, 'stores', 'main.ndjson')}\n`);
		expect(runCli(['users', 'list'], undefined, {XDG_CONFIG_HOME: xdg}).stderr).toBe('7 of 7 users\n');
		const other = path.join(dir, 'other.ndjson');
		expect(runCli(['demo', '--users', '3', '--store', other]).code).toBe(0);
		expect(runCli(['users', 'list', '--config', config, '--store', other]).stderr).toBe('3 of 3 users\n');
	});
});
