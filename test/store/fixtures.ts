// Shared helpers for the store tests: temp folders, rows, file fingerprints,
// and a bundle of the store for child processes (tsx is not installed, so the
// children run plain ESM built on the fly with esbuild).
import {createHash} from 'node:crypto';
import {mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import {afterEach, beforeEach} from 'vitest';
import {identityAt} from '../../source/store/file-identity.js';
import {LogSource} from '../../source/store/sealed-log.js';
import {type OpenOptions, Store} from '../../source/store/store.js';
import {type JournalEntry, type TableName, tableNames, type Tables} from '../../source/store/tables.js';

export {databaseConnection, makeDevice, makeLog, makeUser} from './rows.js';

export async function makeTempDir(prefix = 'userdeck-store-'): Promise<{dir: string; cleanup: () => Promise<void>}> {
	const dir = await mkdtemp(path.join(tmpdir(), prefix));
	return {dir, cleanup: async () => rm(dir, {recursive: true, force: true})};
}

export type Fingerprint = {sha256: string; size: number; mtimeMs: number; mode: number};

export async function fingerprint(file: string): Promise<Fingerprint> {
	const stats = await stat(file);
	const sha256 = stats.isFile() && stats.size < 512 * 1024 * 1024
		? createHash('sha256').update(await readFile(file)).digest('hex')
		: '';
	return {sha256, size: stats.size, mtimeMs: stats.mtimeMs, mode: stats.mode};
}

export async function listDir(dir: string): Promise<string[]> {
	return (await readdir(dir)).sort();
}

export async function readLines(file: string): Promise<string[]> {
	const text = await readFile(file, 'utf8');
	return text.split('\n').filter(line => line !== '');
}

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Bundles the store (and what the children need) into one ESM file in `dir`,
 * and returns its file URL for `import`.
 */
export async function bundleStore(dir: string): Promise<string> {
	const outfile = path.join(dir, 'store-bundle.mjs');
	await build({
		entryPoints: [path.join(here, 'child-entry.ts')],
		outfile,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		logLevel: 'warning',
	});
	return pathToFileURL(outfile).href;
}

/** Resolves when `predicate` holds, checking every `everyMs`; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 20_000, everyMs = 5): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!await predicate()) {
		if (Date.now() > deadline) {
			throw new Error('Timed out waiting for a condition');
		}

		await new Promise(resolve => {
			setTimeout(resolve, everyMs);
		});
	}
}

/**
 * Every row of the tables as plain JSON, sealed rows (log events, users the
 * store keeps as their list columns) read from the file: what two stores
 * holding the same data must agree on, whichever of them parsed what.
 */
export function plainRows(tables: Readonly<Tables>): Record<string, Array<[string, unknown]>> {
	return Object.fromEntries(tableNames.map(table => [table, [...(tables[table] as Map<string, unknown>).entries()].map(([key, row]) => [key, JSON.parse(JSON.stringify(row)) as unknown])]));
}

/**
 * Writes `lines` to a new file in `dir` and files each with `sealOne` as the
 * snapshot reader would (undefined: left to the parse). The file opened to
 * read them is added to `sources`, for the caller to close.
 */
export async function sealLines<T>(dir: string, lines: readonly string[], sources: LogSource[], sealOne: (bytes: Buffer, start: number, end: number, source: LogSource, offset: number) => T): Promise<T[]> {
	const target = path.join(dir, `lines-${sources.length}.ndjson`);
	await writeFile(target, `${lines.join('\n')}\n`);
	const source = LogSource.open(target, target, (await identityAt(target))!)!;
	sources.push(source);
	const bytes = await readFile(target);
	const sealed: T[] = [];
	let offset = 0;
	for (const line of lines) {
		const end = offset + Buffer.byteLength(line);
		sealed.push(sealOne(bytes, offset, end, source, offset));
		offset = end + 1;
	}

	return sealed;
}

/**
 * For each test of the file: a temp folder (`dir`) with a store path in it
 * (`file`); the stores `openStore` opened (with `options` over the path) and the sources put in `sources`
 * are closed and the folder removed after the test.
 */
export function storeFolderPerTest(): {readonly dir: string; readonly file: string; readonly sources: LogSource[]; openStore: (options?: Partial<OpenOptions>) => Promise<Store>} {
	const open: Store[] = [];
	const sources: LogSource[] = [];
	let dir = '';
	let cleanup: () => Promise<void> = async () => undefined;
	beforeEach(async () => {
		({dir, cleanup} = await makeTempDir());
	});
	afterEach(async () => {
		await Promise.all(open.splice(0).map(async store => store.close()));
		for (const source of sources.splice(0)) {
			source.close();
		}

		await cleanup();
	});
	return {
		get dir() {
			return dir;
		},
		get file() {
			return path.join(dir, 'store.ndjson');
		},
		sources,
		async openStore(options = {}) {
			const store = await Store.open({path: path.join(dir, 'store.ndjson'), ...options});
			open.push(store);
			return store;
		},
	};
}

/**
 * A table's rows as an independent reader sees the files, in the order they
 * were written (snapshot lines, then the journal's entries after its seq).
 */
export async function referenceRows<T>(file: string, table: TableName, keyOf: (row: T) => string): Promise<Map<string, T>> {
	const rows = new Map<string, T>();
	const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
	const header = JSON.parse(lines[0]!) as {seq: number};
	for (const line of lines.slice(1)) {
		const value = JSON.parse(line) as unknown;
		if (Array.isArray(value) && value[0] === table) {
			const row = value[1] as T;
			rows.set(keyOf(row), row);
		}
	}

	let journal = '';
	try {
		journal = await readFile(`${file}-journal`, 'utf8');
	} catch {}

	for (const line of journal.split('\n')) {
		let entry: JournalEntry;
		try {
			entry = JSON.parse(line) as JournalEntry;
		} catch {
			continue;
		}

		if (entry.seq <= header.seq) {
			continue;
		}

		for (const change of entry.changes) {
			if (change.table === table) {
				if (change.op === 'put') {
					rows.set(keyOf(change.value as T), change.value as T);
				} else {
					rows.delete(change.key);
				}
			}
		}
	}

	return rows;
}
