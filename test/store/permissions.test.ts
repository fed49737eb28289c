// Store files hold password hashes and personal data: they are private to
// their owner (0600, folder 0700) whatever the umask, and a store that is not
// gets a warning.
import {chmod, mkdir, readdir, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {Store, writeSnapshot} from '../../source/store/store.js';
import {emptyTables} from '../../source/store/tables.js';
import {scaled} from '../hardening/support/scale.js';
import {runCli} from '../support/cli.js';
import {makeTempDir, makeUser} from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
let umask: number;

beforeEach(async () => {
	({dir, cleanup} = await makeTempDir());
	umask = process.umask();
});

afterEach(async () => {
	process.umask(umask);
	await cleanup();
});

async function modeOf(file: string): Promise<number> {
	return (await stat(file)).mode & 0o777;
}

// 0o277 would leave a file 0400 and a folder 0500 if the modes were not set explicitly.
// Many compactions (a 3,000-byte journal limit) per umask; the 1,000
// writes take 6–13 s per umask here, so they run under `npm run stress`.
const writes = scaled(100, 1000);

describe.each([0o022, 0o002, 0o000, 0o277])('under umask %o', mask => {
	test(`after ${writes} writes, snapshot, journal, lock, backup and a new folder are private`, async () => {
		process.umask(mask);
		const folder = path.join(dir, 'new-folder');
		const file = path.join(folder, 'store.ndjson');
		const store = await Store.open({path: file, compactAfterBytes: 3000});
		expect(await modeOf(folder)).toBe(0o700);
		expect(await modeOf(file)).toBe(0o600);

		// Every file in the folder, whenever it is looked at (the lock while held, the
		// journal and snapshot between compactions), is the owner's only.
		const modes = new Map<string, Set<number>>();
		const look = async () => {
			for (const name of await readdir(folder)) {
				const mode = await modeOf(path.join(folder, name)).catch(() => undefined);
				if (mode !== undefined) {
					const kind = name.replaceAll(/\.tmp-.*$/g, '.tmp');
					modes.set(kind, (modes.get(kind) ?? new Set()).add(mode));
				}
			}
		};

		for (let index = 0; index < writes; index++) {
			await store.transact(async tx => {
				tx.put('users', makeUser(`u${index}`));
				if (index % 10 === 0) {
					await look();
				}
			});
		}

		await look();
		// Temp files (the lock's, a compaction's) show up only when a look catches them.
		const seen = Object.fromEntries([...modes].map(([name, found]) => [name, [...found]]));
		expect(seen).toMatchObject({
			'store.ndjson': [0o600],
			'store.ndjson-journal': [0o600],
			'store.ndjson.lock': [0o600],
		});
		expect(Object.values(seen).flat().filter(mode => mode !== 0o600), JSON.stringify(seen)).toEqual([]);
		// Several compactions happened: the snapshot and the journal were replaced.
		const header = JSON.parse((await readFile(file, 'utf8')).split('\n')[0]!) as {seq: number};
		expect(header.seq).toBeGreaterThan(0);
		await store.transact(tx => {
			tx.put('users', makeUser('last'));
		});
		expect(await modeOf(file)).toBe(0o600);
		expect(await modeOf(`${file}-journal`)).toBe(0o600);
		await store.compact();
		expect(await modeOf(file)).toBe(0o600);
		expect(await modeOf(`${file}-journal`)).toBe(0o600);
		expect(store.warnings).toEqual([]);
		await store.close();

		// A version 0 store's backup copy.
		const legacy = path.join(dir, 'legacy.json');
		await writeFile(legacy, JSON.stringify({users: [makeUser('old')]}), {mode: 0o600});
		const converted = await Store.open({path: legacy});
		expect(await modeOf(`${legacy}.v0.bak`)).toBe(0o600);
		expect(await modeOf(legacy)).toBe(0o600);
		await converted.close();

		const demo = path.join(dir, 'demo', 'store.ndjson');
		await writeSnapshot(demo, emptyTables());
		expect(await modeOf(demo)).toBe(0o600);
		expect(await modeOf(path.dirname(demo))).toBe(0o700);
		expect((await readdir(path.dirname(demo))).sort()).toEqual(['store.ndjson']);
	}, scaled(30_000, 300_000));
});

describe('warnings', () => {
	test('a store readable by others opens with a warning that says how to fix it', async () => {
		const file = path.join(dir, 'store.ndjson');
		await writeSnapshot(file, emptyTables());
		await chmod(file, 0o644);
		const store = await Store.open({path: file});
		expect(store.warnings).toEqual([`Store ${file} is readable by group or others (mode 0644); run chmod 600 ${file}`]);
		await store.close();
		await chmod(file, 0o620);
		const writable = await Store.open({path: file});
		expect(writable.warnings).toEqual([`Store ${file} is writable by group or others (mode 0620); run chmod 600 ${file}`]);
		await writable.close();
		await chmod(file, 0o600);
		const fine = await Store.open({path: file});
		expect(fine.warnings).toEqual([]);
		await fine.close();
	});
});

// root can write anywhere, but the folder's mode is what is checked, so these hold for root too.
describe.skipIf(process.platform === 'win32')('a folder that group or others can write to', () => {
	test.each([['0777', 0o777], ['0775', 0o775], ['1777', 0o1777]])('(mode %s) is refused for a new store, and nothing is created there, unless forced', async (_shown, mode) => {
		const folder = path.join(dir, 'shared');
		await mkdir(folder);
		await chmod(folder, mode);
		const file = path.join(folder, 'store.ndjson');
		await expect(Store.open({path: file})).rejects.toMatchObject({
			code: 'PERMISSION',
			message: expect.stringMatching(/^Refusing to create store .*store\.ndjson: its folder .*shared is writable by group or others \(mode \d+\).*chmod go-w .*--force/) as unknown,
		});
		await expect(writeSnapshot(file, emptyTables())).rejects.toMatchObject({code: 'PERMISSION'});
		expect(await readdir(folder)).toEqual([]);

		const forced = await Store.open({path: file, force: true});
		expect(forced.warnings).toEqual([expect.stringMatching(/^Store folder .*shared is writable by group or others/)]);
		await forced.close();
		// An existing store there opens, with the warning each time.
		const again = await Store.open({path: file});
		expect(again.warnings).toEqual([expect.stringMatching(/chmod go-w/)]);
		await again.close();
	});

	test('through the CLI: exit 1 and a message, then --force', async () => {
		const folder = path.join(dir, 'shared');
		await mkdir(folder);
		await chmod(folder, 0o777);
		const store = path.join(folder, 'store.ndjson');
		const refused = runCli(['users', 'create', '--email', 'a@example.com', '--connection', 'Username-Password-Authentication', '--password-stdin', '--store', store], 'Sturdy-Pass-42\n');
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/Refusing to create store .*pass --force/);
		expect(runCli(['demo', '--users', '2', '--store', store]).code).toBe(1);
		expect(await readdir(folder)).toEqual([]);
		const forced = runCli(['users', 'create', '--force', '--email', 'a@example.com', '--connection', 'Username-Password-Authentication', '--password-stdin', '--store', store], 'Sturdy-Pass-42\n');
		expect(forced.code).toBe(0);
		expect(forced.stderr).toMatch(/warning: Store folder .* is writable by group or others/);
	}, 60_000);
});
