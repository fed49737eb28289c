// The prompts' history (issue 18): at most 100 entries per prompt, the most
// recent last and none twice, never anything that looks like a secret, in a
// 0600 file replaced atomically, per store; a corrupt or unreadable file is a
// warning, leaves the file as it was, and never stops the console.
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {historyFromJson, keepable, looksSecret, maxHistory, remember} from '../../source/domain/prompt-history.js';
import {historyFile, historyTargetId, openHistoryFile, stateFolder} from '../../source/store/history-file.js';

const dirs: string[] = [];
function tempDir(): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'userdeck-history-'));
	dirs.push(dir);
	return dir;
}

afterEach(async () => {
	for (const dir of dirs.splice(0)) {
		// eslint-disable-next-line no-await-in-loop
		await rm(dir, {recursive: true, force: true});
	}
});

describe('history rules', () => {
	it('keeps the most recent last, once, at most 100', () => {
		let entries: readonly string[] = [];
		for (let index = 0; index < 150; index++) {
			entries = remember(entries, `q${index}`);
		}

		expect(entries).toHaveLength(maxHistory);
		expect(entries[0]).toBe('q50');
		entries = remember(entries, 'q60');
		expect(entries.at(-1)).toBe('q60');
		expect(entries.filter(entry => entry === 'q60')).toHaveLength(1);
		expect(entries).toHaveLength(maxHistory);
		expect(remember(entries, '   ')).toBe(entries);
	});

	it('never keeps what looks like a secret, and keeps what admins search for', () => {
		for (const secret of [
			'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl',
			'Bearer abc.def',
			'password:hunter2',
			'client_secret=Xyz',
			'token abcdef',
			'kD8fJ2mQ9xL4vN7pR1sT6wY3zB5cE0gH',
		]) {
			expect(looksSecret(secret), secret).toBe(true);
			expect(keepable(secret), secret).toBe(false);
		}

		for (const search of [
			'ann',
			'logins_count:[10 TO *]',
			'user_id:"auth0|65f2a9c1e4b0d7a3f9c21b88"',
			'email:*@example.org AND blocked:true',
			'auth0|5f7c8ec7c33c6c004bbafe82',
			'Ōta 李',
		]) {
			expect(keepable(search), search).toBe(true);
		}

		// Control characters were never typed at a prompt.
		expect(keepable('a\u001B[2Jb')).toBe(false);
	});

	it('reads a file\'s entries, dropping what is not keepable, and refuses what is not a history', () => {
		expect(historyFromJson({version: 1, text: ['a', 'a', 'password:x', 3, 'b'], query: ['c']})).toEqual({text: ['a', 'b'], query: ['c']});
		expect(() => historyFromJson([])).toThrow('not a history');
		expect(() => historyFromJson({version: 2})).toThrow('version');
		expect(() => historyFromJson({version: 1, text: 'a'})).toThrow('"text" is not a list');
	});
});

describe('the history file', () => {
	it('is named per store and per tenant, in USERDECK_STATE_DIR when set', () => {
		const a = historyTargetId({kind: 'local', storePath: '/srv/a/store.ndjson'});
		const b = historyTargetId({kind: 'local', storePath: '/srv/b/store.ndjson'});
		expect(a).toMatch(/^store-store-[\da-f]{16}$/);
		expect(a).not.toBe(b);
		expect(historyTargetId({kind: 'local', storePath: '/srv/a/store.ndjson'})).toBe(a);
		expect(historyTargetId({kind: 'tenant', domain: 'dev-abc.us.auth0.com'})).toMatch(/^tenant-dev-abc\.us\.auth0\.com-[\da-f]{16}$/);
		expect(historyTargetId({kind: 'tenant', domain: 'Dev-ABC.us.auth0.com'})).toBe(historyTargetId({kind: 'tenant', domain: 'dev-abc.us.auth0.com'}));
		// Two long domains the readable part cuts to the same 40 characters keep their own histories.
		const long = 'login.a-very-long-company-name-for-testing.example.com';
		expect(historyTargetId({kind: 'tenant', domain: long})).not.toBe(historyTargetId({kind: 'tenant', domain: `${long}.au`}));
		expect(stateFolder({USERDECK_STATE_DIR: '/tmp/x'})).toBe('/tmp/x');
		expect(historyFile(a, {USERDECK_STATE_DIR: '/tmp/x'})).toBe(`/tmp/x/history/${a}.json`);
		expect(stateFolder({})).toContain('userdeck');
	});

	it('is written 0600 in a 0700 folder, atomically, at most 100 entries per prompt', async () => {
		const dir = tempDir();
		const file = path.join(dir, 'state', 'history', 'store-x.json');
		const {history, warning} = await openHistoryFile(file);
		expect(warning).toBeUndefined();
		for (let index = 0; index < 130; index++) {
			history.remember('query', `logins_count:${index}`);
		}

		history.remember('text', 'ann');
		history.remember('text', 'Bearer abc.def');
		await history.flush();
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
		// No temp file left beside it.
		expect(readdirSync(path.dirname(file))).toEqual(['store-x.json']);
		const saved = JSON.parse(await readFile(file, 'utf8')) as {query: string[]; text: string[]};
		expect(saved.query).toHaveLength(100);
		expect(saved.query[0]).toBe('logins_count:30');
		expect(saved.text).toEqual(['ann']);

		const again = await openHistoryFile(file);
		expect(again.history.entries('query')).toEqual(saved.query);
	});

	it('warns about a corrupt file, starts with an empty history, and leaves the file as it was', async () => {
		const dir = tempDir();
		const file = path.join(dir, 'store-x.json');
		writeFileSync(file, '{"version": 1, "text": ["a",', {mode: 0o600});
		const saveErrors: string[] = [];
		const {history, warning} = await openHistoryFile(file, message => saveErrors.push(message));
		expect(warning).toContain(file);
		expect(warning).toContain('not usable');
		expect(history.entries('text')).toEqual([]);
		history.remember('text', 'bob');
		await history.flush();
		expect(history.entries('text')).toEqual(['bob']);
		expect(await readFile(file, 'utf8')).toBe('{"version": 1, "text": ["a",');
		expect(saveErrors).toEqual([]);
	});

	it.skipIf(process.getuid?.() === 0)('warns about a file it cannot read, and one it cannot write, once', async () => {
		const dir = tempDir();
		const file = path.join(dir, 'store-x.json');
		writeFileSync(file, '{"version": 1}', {mode: 0o000});
		const unreadable = await openHistoryFile(file);
		expect(unreadable.warning).toMatch(/not usable.*EACCES|EACCES.*not usable|permission denied/i);
		chmodSync(file, 0o600);

		const locked = path.join(dir, 'locked');
		mkdirSync(locked, {mode: 0o500});
		const saveErrors: string[] = [];
		const {history, warning} = await openHistoryFile(path.join(locked, 'history', 'x.json'), message => saveErrors.push(message));
		expect(warning).toBeUndefined();
		history.remember('text', 'a');
		history.remember('text', 'b');
		await history.flush();
		expect(saveErrors).toHaveLength(1);
		expect(saveErrors[0]).toContain('Could not save the prompt history');
		chmodSync(locked, 0o700);
	});
});
