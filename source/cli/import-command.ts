// `userdeck users import <file>`: Auth0's bulk import from a JSON array of users.
// Exit codes: 0 all imported, 1 some users refused (the rest are imported) or
// the store failed, 2 the file or the connection cannot be used at all.
import {readFile} from 'node:fs/promises';
import {parseJsonWithPosition} from '../domain/parse-json.js';
import {decodeUtf8} from '../domain/utf8.js';
import {UserdeckError} from '../domain/errors.js';
import {ImportInterruptedError, type ImportResult, importUsers} from '../services/import-users.js';
import {sanitize} from '../terminal/sanitize.js';
import {openService, type StoreOption} from './context.js';
import {printJson, printLine, readStdinBytes} from './output.js';
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

async function readEntries(file: string): Promise<unknown[]> {
	let bytes: Buffer;
	try {
		bytes = file === '-' ? await readStdinBytes() : await readFile(file);
	} catch (error) {
		throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}

	const name = file === '-' ? 'standard input' : file;
	// Read as bytes: a file that is not UTF-8 (a Latin-1 export) would otherwise be imported with U+FFFD in place of letters.
	const decoded = decodeUtf8(bytes);
	if (!decoded.ok) {
		throw new UsageError(`${name} is not valid JSON: ${decoded.message} (line ${decoded.line}, column ${decoded.column})`);
	}

	const text = decoded.text;
	// Files saved by Windows tools often start with a byte order mark, which JSON.parse refuses.
	const parsed = parseJsonWithPosition(text.replace(/^\uFEFF/, ''));
	if (!parsed.ok) {
		throw new UsageError(`${name} is not valid JSON: ${parsed.message} (line ${parsed.line}, column ${parsed.column})`);
	}

	if (!Array.isArray(parsed.value)) {
		throw new UsageError(`${name} must hold a JSON array of users, e.g. [{"email": "a@example.com"}]`);
	}

	return parsed.value;
}

function report(result: ImportResult, json: boolean): void {
	if (json) {
		const {transactions: _transactions, ...shown} = result;
		printJson(shown);
		return;
	}

	for (const failure of result.failures) {
		const who = `users[${failure.index}]${failure.email === undefined ? '' : ` ${failure.email}`}`;
		for (const error of failure.errors) {
			process.stderr.write(`${sanitize(`${who}: ${error.code}${error.path ? ` ${error.path}` : ''}: ${error.message}`)}\n`);
		}
	}

	for (const warning of result.warnings) {
		process.stderr.write(`userdeck: warning: ${sanitize(warning)}\n`);
	}

	printLine(`Imported into ${result.connection}: ${result.created} created, ${result.updated} updated, ${result.failed} failed (of ${result.total})`);
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
			process.stderr.write(`\rImporting: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}${done === total ? '\n' : ''}`);
		}
	};
}

export async function runImport(file: string, options: ImportCommandOptions): Promise<void> {
	const entries = await readEntries(file);
	const service = await openService(options, 'cli', {lockTimeoutMs: importLockTimeoutMs, compactAfterBytes: importCompactAfterBytes});
	let result: ImportResult;
	try {
		result = await importUsers(service, entries, {connection: options.connection, upsert: options.upsert ?? false, onProgress: progressLine()});
	} catch (error) {
		if (error instanceof ImportInterruptedError) {
			report(error.result, options.json ?? false);
		}

		// No such connection, not a database, disabled: nothing could be imported.
		if (error instanceof UserdeckError && error.fields.connection) {
			throw new UsageError(error.message);
		}

		throw error;
	}

	report(result, options.json ?? false);
	if (result.failed > 0) {
		process.exitCode = 1;
	}
}
