// Shell completion reads a store's connections and applications on every Tab:
// it must never wait on a FIFO put at the store path, nor read a huge first line whole.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, expect, it} from 'vitest';
import {readCatalog} from '../../source/store/read-catalog.js';
import {Store} from '../../source/store/store.js';

const dir = mkdtempSync(path.join(tmpdir(), 'userdeck-catalog-'));
afterAll(async () => rm(dir, {recursive: true, force: true}));

it('reads the connections and applications of a store', async () => {
	const file = path.join(dir, 'store.ndjson');
	const store = await Store.open({path: file});
	await store.close();
	const catalog = await readCatalog(file);
	expect(catalog.connections.map(connection => connection.name)).toContain('Username-Password-Authentication');
	expect(catalog.clients.length).toBeGreaterThan(0);
});

it.skipIf(spawnSync('mkfifo', ['--version']).status !== 0)('offers nothing for a FIFO at the store path, at once (a plain open waits for a writer)', async () => {
	const fifo = path.join(dir, 'fifo.ndjson');
	spawnSync('mkfifo', [fifo]);
	expect(await readCatalog(fifo)).toEqual({connections: [], clients: []});
});

it('offers nothing for a file that is no store, or a missing one', async () => {
	const other = path.join(dir, 'notes.txt');
	writeFileSync(other, `${'x'.repeat(3 * 1024 * 1024)}\n`);
	expect(await readCatalog(other)).toEqual({connections: [], clients: []});
	expect(await readCatalog(path.join(dir, 'missing.ndjson'))).toEqual({connections: [], clients: []});
});
