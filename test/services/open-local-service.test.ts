// The door to the local store says what closing it waits for: after a load of
// a big snapshot's lines, the columns file the next start reads
// (store/columns-file.ts) is still being written, and the console, back in
// the shell, says so rather than hang for a few seconds without a word.
import {stat} from 'node:fs/promises';
import {afterEach, beforeEach, expect, test, vi} from 'vitest';
import {openLocalService} from '../../source/services/open-local-service.js';
import {io} from '../../source/store/io.js';
import {defaultSeed} from '../../source/store/seed.js';
import {writeSnapshotFile} from '../../source/store/snapshot-file.js';
import {makeLog, makeTempDir, makeUser} from '../store/fixtures.js';

let file: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
	const made = await makeTempDir();
	cleanup = made.cleanup;
	file = `${made.dir}/store\u001B[2J.ndjson`;
	const tables = defaultSeed();
	for (let index = 0; index < 50; index++) {
		tables.users.set(`auth0|${index}`, makeUser(String(index)));
		tables.logs.set(`log-${index}`, makeLog(`log-${index}`, `auth0|${index}`, '2026-01-01T00:00:00.000Z'));
	}

	await writeSnapshotFile(file, tables, 0);
});

afterEach(async () => {
	vi.restoreAllMocks();
	await cleanup();
});

test('closing names the columns file it waits for while it is written, and nothing once it is', async () => {
	// The columns file's last step (its rename into place) held until the test lets it go.
	let release!: () => void;
	const held = new Promise<void>(resolve => {
		release = resolve;
	});
	const rename = io.rename.bind(io);
	vi.spyOn(io, 'rename').mockImplementation(async (from, to) => {
		if (String(to).endsWith('-columns')) {
			await held;
		}

		return rename(from, to);
	});

	const opened = await openLocalService({kind: 'local', storePath: file}, {source: 'console', create: false, columnsFileMinBytes: 0});
	const waiting = opened.closing();
	expect(waiting).toMatch(/^finishing .*store\\x1b\[2J\.ndjson-columns, which the next start reads instead of every line/);
	// The path is printed to the terminal: its control characters are shown, not sent.
	expect(waiting).not.toContain('\u001B');
	const closed = opened.close();
	release();
	await closed;
	expect(opened.closing()).toBeUndefined();
	expect((await stat(`${file}-columns`)).isFile()).toBe(true);
});

test('closing waits for nothing after a load that wrote no columns file', async () => {
	const opened = await openLocalService({kind: 'local', storePath: file}, {source: 'console', create: false});
	expect(opened.closing()).toBeUndefined();
	await opened.close();
});
