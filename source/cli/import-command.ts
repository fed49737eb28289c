// `userdeck users import <file>`: Auth0's bulk import from a JSON array of
// users, or a tenant's users export (NDJSON or CSV, gzipped or not) as it is.
// Exit codes: 0 all imported, 1 some users refused (the rest are imported) or
// the store failed, 2 the file or the connection cannot be used at all.
// With --tenant (or AUTH0_*), Auth0's import jobs do the writing
// (tenant-jobs-command.ts), with the same checks, report and exit codes.
import {readFile} from 'node:fs/promises';
import {gunzipSync} from 'node:zlib';
import {detectImportFormat, type ImportFile, readExportFile} from '../domain/import/auth0-export.js';
import {jobErrors} from '../domain/import/import-error.js';
import {parseJsonWithPosition} from '../domain/parse-json.js';
import {decodeUtf8} from '../domain/utf8.js';
import {UserdeckError} from '../domain/errors.js';
import {ImportInterruptedError, type ImportResult, importUsers} from '../services/import-users.js';
import {sanitize} from '../terminal/sanitize.js';
import {commandTarget, openStoreService, type StoreOption} from './context.js';
import {groupDigits} from '../domain/group-digits.js';
import {printJson, printLine, readStdinBytes, warn} from './output.js';
import {UsageError} from './usage-error.js';

export type ImportCommandOptions = StoreOption & {connection: string; upsert?: boolean; json?: boolean};

// Two imports, or an import and a compaction of a large store, may hold the
// lock for a while; an import waits longer than an interactive command would.
const importLockTimeoutMs = 60_000;
// Each compaction rewrites the whole snapshot: at the default 8 MiB, an import
// of 100k users rewrote it about 20 times as it grew (57 s against 35 s). The
// longer journal costs readers about what the same rows in the snapshot
// would, and the next ordinary write folds it in.
const importCompactAfterBytes = 64 * 1024 * 1024;

const gzipMagic = Buffer.from([0x1F, 0x8B]);

/** The file's entries: a bulk-import JSON array, or an Auth0 users export (NDJSON or CSV), gzipped or not. */
async function readImportFile(file: string): Promise<ImportFile> {
	let bytes: Buffer;
	try {
		bytes = file === '-' ? await readStdinBytes() : await readFile(file);
	} catch (error) {
		throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}

	const name = file === '-' ? 'standard input' : file;
	if (bytes.subarray(0, 2).equals(gzipMagic)) {
		try {
			// Auth0's export job delivers its files gzipped.
			bytes = gunzipSync(bytes);
		} catch (error) {
			throw new UsageError(`${name} is not a valid gzip file: ${(error as Error).message}`);
		}
	}

	// Read as bytes: a file that is not UTF-8 (a Latin-1 export) would otherwise be imported with U+FFFD in place of letters.
	const decoded = decodeUtf8(bytes);
	if (!decoded.ok) {
		throw new UsageError(`${name} cannot be read as text: ${decoded.message} (line ${decoded.line}, column ${decoded.column})`);
	}

	// Files saved by Windows tools often start with a byte order mark, which JSON.parse refuses.
	const text = decoded.text.replace(/^\uFEFF/, '');
	if (text.trim() === '') {
		throw new UsageError(`${name} is empty: give a JSON array of users or an Auth0 users export`);
	}

	const format = detectImportFormat(text);
	if (format !== 'bulk-import') {
		try {
			return readExportFile(format, text);
		} catch (error) {
			// One object over several lines is a bulk-import file missing its brackets, not an export.
			if (format === 'ndjson' && parseJsonWithPosition(text).ok) {
				throw new UsageError(`${name} must hold a JSON array of users, e.g. [{"email": "a@example.com"}], or one profile per line as in Auth0's export`);
			}

			throw new UsageError(`${name} is not a valid Auth0 ${format === 'ndjson' ? 'NDJSON' : 'CSV'} export: ${(error as Error).message}`);
		}
	}

	const parsed = parseJsonWithPosition(text);
	if (!parsed.ok) {
		throw new UsageError(`${name} is not valid JSON: ${parsed.message} (line ${parsed.line}, column ${parsed.column})`);
	}

	if (!Array.isArray(parsed.value)) {
		throw new UsageError(`${name} must hold a JSON array of users, e.g. [{"email": "a@example.com"}]`);
	}

	return {format, entries: parsed.value, ignored: []};
}

function report(result: ImportResult, json: boolean, entries: readonly unknown[]): void {
	if (json) {
		// Refused users as Auth0's job errors, secrets redacted; counts and notices as userdeck's.
		const {transactions: _transactions, failures, ...shown} = result;
		printJson({...shown, failures: jobErrors(failures, entries)});
		return;
	}

	for (const failure of result.failures) {
		const who = `users[${failure.index}]${failure.email === undefined ? '' : ` ${failure.email}`}`;
		for (const error of failure.errors) {
			process.stderr.write(`${sanitize(`${who}: ${error.code}${error.reason ? ` (${error.reason})` : ''}${error.path ? ` ${error.path}` : ''}: ${error.message}`)}\n`);
		}
	}

	for (const notice of result.notices) {
		process.stderr.write(`${sanitize(`users[${notice.index}] ${notice.email}: ${notice.code}: ${notice.message}`)}\n`);
	}

	for (const warning of result.warnings) {
		warn(warning);
	}

	printLine(`Imported into ${result.connection}: ${groupDigits(result.created)} created, ${groupDigits(result.updated)} updated, ${groupDigits(result.failed)} failed (of ${groupDigits(result.total)})`);
}

/** On a terminal, a progress line for imports long enough to wait for; elsewhere nothing. */
function progressLine(): ((done: number, total: number) => void) | undefined {
	if (!process.stderr.isTTY) {
		return undefined;
	}

	let last = Date.now();
	let shown = false;
	return (done, total) => {
		const now = Date.now();
		// The last count only closes a line already shown: a quick import prints none.
		if ((done === total && shown) || (done < total && now - last >= 250)) {
			last = now;
			shown = true;
			process.stderr.write(`\rImporting: ${groupDigits(done)} of ${groupDigits(total)}${done === total ? '\n' : ''}`);
		}
	};
}

export async function runImport(file: string, options: ImportCommandOptions): Promise<void> {
	const target = commandTarget(options);
	const read = await readImportFile(file);
	const {entries} = read;
	if (read.ignored.length > 0) {
		warn(`not imported (no such profile field): ${read.ignored.join(', ')}`);
	}

	if (target.kind === 'tenant') {
		// Auth0's import jobs (tenant-jobs-command.ts): the file checked here first, then sent in parts.
		// Loaded only for a tenant: the Auth0 SDK would slow every local start.
		const {runTenantImport} = await import('./tenant-jobs-command.js');
		await runTenantImport(target, read, options);
		return;
	}

	const service = await openStoreService(target, 'cli', {lockTimeoutMs: importLockTimeoutMs, compactAfterBytes: importCompactAfterBytes, force: options.force});
	let result: ImportResult;
	try {
		result = await importUsers(service, entries, {
			connection: options.connection,
			upsert: options.upsert ?? false,
			onProgress: progressLine(),
			...(read.tenant && read.problems ? {exported: {tenant: read.tenant, problems: read.problems}} : {}),
		});
	} catch (error) {
		if (error instanceof ImportInterruptedError) {
			report(error.result, options.json ?? false, entries);
		}

		// No such connection, not a database, disabled: nothing could be imported.
		if (error instanceof UserdeckError && error.fields.connection) {
			throw new UsageError(error.message);
		}

		throw error;
	}

	report(result, options.json ?? false, entries);
	if (result.failed > 0) {
		process.exitCode = 1;
	}
}
