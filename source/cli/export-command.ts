// `userdeck users export`: every user (or those a query matches) as NDJSON, one
// profile per line in the Management API's shape, or as CSV. Profiles never
// hold password hashes: those live in their own table and are never exported.
import {createWriteStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import {once} from 'node:events';
import type {Writable} from 'node:stream';
import {writeFileAtomic} from '../store/atomic-file.js';
import {resolveStorePath} from '../store/paths.js';
import {storeFileAt} from '../store/store-files.js';
import {resolveStoreFile} from '../store/store-setup.js';
import {csvRow} from '../domain/export/csv.js';
import {defaultCsvFields, fieldValue, maxCsvFields, parseFieldList} from '../domain/export/field-path.js';
import {formatSearchError, SearchSyntaxError} from '../domain/search/index.js';
import type {User} from '../domain/types.js';
import {safeJson} from '../terminal/safe-json.js';
import {sanitize, sanitizeMultiline} from '../terminal/sanitize.js';
import {openService, type StoreOption} from './context.js';
import {UsageError} from './usage-error.js';

export type ExportFormat = 'ndjson' | 'csv';

export type ExportCommandOptions = StoreOption & {format: string; fields?: string; query?: string; output?: string};

function exportFields(options: ExportCommandOptions, format: ExportFormat): string[] | undefined {
	let fields: string[] | undefined;
	try {
		fields = options.fields === undefined ? undefined : parseFieldList(options.fields);
	} catch (error) {
		throw new UsageError((error as Error).message);
	}

	if (format === 'csv') {
		fields ??= [...defaultCsvFields];
		if (fields.length > maxCsvFields) {
			throw new UsageError(`A CSV export holds at most ${maxCsvFields} fields (--fields names ${fields.length})`);
		}
	}

	return fields;
}

function ndjsonLine(user: User, fields: string[] | undefined): string {
	// safeJson escapes what JSON.stringify leaves raw (C1 controls, BiDi overrides),
	// so a line is safe on a terminal and still parses to the same profile.
	const value = fields ? Object.fromEntries(fields.map(field => [field, fieldValue(user, field) ?? null])) : user;
	return `${safeJson(value, 0)}\n`;
}

type Sink = (text: string) => Promise<void> | undefined;

function streamSink(out: Writable): Sink {
	return async text => {
		if (!out.write(text)) {
			await once(out, 'drain');
		}
	};
}

/**
 * Where `--output` goes, checked before the store is opened: never a file of
 * a userdeck store (the export would replace it). A regular file (or a new
 * one) is written to a temp file beside it, created 0600, and renamed into
 * place, so a failed export leaves the old file as it was; a FIFO or a device
 * (`/dev/null`) is written to as it is.
 */
async function outputTarget(output: string, store: string): Promise<{file: string; regular: boolean}> {
	let conflict: string | undefined;
	let file: string;
	try {
		conflict = await storeFileAt(output, [store]);
		file = await resolveStoreFile(output);
	} catch (error) {
		throw new UsageError(`Cannot write ${sanitize(output)}: ${sanitize((error as Error).message)}`);
	}

	if (conflict !== undefined) {
		throw new UsageError(`Refusing to export to ${sanitize(output)}: it is ${sanitize(conflict)}; nothing was written`);
	}

	const existing = await stat(file).catch(() => undefined);
	if (existing?.isDirectory()) {
		throw new UsageError(`Cannot write ${sanitize(output)}: it is a directory`);
	}

	return {file, regular: existing === undefined || existing.isFile()};
}

async function writeUsers(sink: Sink, users: readonly User[], format: ExportFormat, fields: string[] | undefined): Promise<void> {
	if (format === 'csv') {
		await sink(csvRow(fields!, sanitizeMultiline));
		for (const user of users) {
			await sink(csvRow(fields!.map(field => fieldValue(user, field)), sanitizeMultiline));
		}
	} else {
		for (const user of users) {
			await sink(ndjsonLine(user, fields));
		}
	}
}

export async function runExport(options: ExportCommandOptions): Promise<void> {
	if (options.format !== 'ndjson' && options.format !== 'csv') {
		throw new UsageError(`--format must be ndjson or csv, not "${options.format}"`);
	}

	const format: ExportFormat = options.format;
	const fields = exportFields(options, format);
	const target = options.output === undefined ? undefined : await outputTarget(options.output, resolveStorePath(options.store));
	const service = await openService(options);
	let users: User[];
	try {
		users = service.listUsers({query: options.query});
	} catch (error) {
		if (error instanceof SearchSyntaxError) {
			throw new UsageError(`Invalid query: ${error.message} (at character ${error.position + 1})\n${formatSearchError(options.query ?? '', error)}`);
		}

		throw error;
	}

	if (target === undefined) {
		await writeUsers(streamSink(process.stdout), users, format, fields);
		return;
	}

	if (target.regular) {
		// 0600 from the first byte: an export is personal data.
		await writeFileAtomic(target.file, async writer => writeUsers(text => writer.write(text), users, format, fields));
	} else {
		const out = createWriteStream(target.file);
		await once(out, 'open');
		await writeUsers(streamSink(out), users, format, fields);
		out.end();
		await once(out, 'finish');
	}

	process.stderr.write(`Exported ${users.length} users to ${sanitize(options.output!)}\n`);
}
