// `userdeck users export`: every user (or those a query matches) as NDJSON, one
// profile per line in the Management API's shape, or as CSV. Profiles never
// hold password hashes: those live in their own table and are never exported.
import {createWriteStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import {once} from 'node:events';
import {defaultCsvFields, type ExportField, maxCsvFields, parseExportFields} from '../domain/export/field-path.js';
import {groupDigits} from '../domain/group-digits.js';
import {writeFileAtomic} from '../store/atomic-file.js';
import {resolveStorePath} from '../store/paths.js';
import {describeStoreFile, storeFileAt, type StoreFileMatch} from '../store/store-files.js';
import {resolveStoreFile} from '../store/store-paths.js';
import type {User} from '../domain/types.js';
import {type ExportFormat, type Sink, writeUsers} from '../services/export-users.js';
import {sanitize} from '../terminal/sanitize.js';
import {commandTarget, openService, type StoreOption} from './context.js';
import {batchedSink, writableSink} from './output-sink.js';
import {checkQuery} from './query-option.js';
import {UsageError} from './usage-error.js';

export type ExportCommandOptions = StoreOption & {format: string; fields?: string; query?: string; output?: string; csvEscape?: string};

function exportFields(options: ExportCommandOptions, format: ExportFormat): ExportField[] | undefined {
	let fields: ExportField[] | undefined;
	try {
		fields = options.fields === undefined ? undefined : parseExportFields(options.fields);
	} catch (error) {
		throw new UsageError((error as Error).message);
	}

	if (format === 'csv') {
		fields ??= defaultCsvFields.map(name => ({name, exportAs: name}));
		if (fields.length > maxCsvFields) {
			throw new UsageError(`A CSV export holds at most ${maxCsvFields} fields (--fields names ${fields.length})`);
		}
	}

	return fields;
}

/** Writes through `sink` in batches (a write per profile would be a system call per profile). */
async function writeBatched(sink: Sink, write: (sink: Sink) => Promise<number>): Promise<number> {
	const batch = batchedSink(sink);
	const count = await write(batch.write);
	await batch.flush();
	return count;
}

/**
 * Where `--output` goes, checked before the store is opened: never a file of
 * a userdeck store (the export would replace it). A regular file (or a new
 * one) is written to a temp file beside it, created 0600, and renamed into
 * place, so a failed export leaves the old file as it was; a FIFO or a device
 * (`/dev/null`) is written to as it is.
 */
async function outputTarget(output: string, store: string): Promise<{file: string; regular: boolean}> {
	let conflict: StoreFileMatch | undefined;
	let file: string;
	try {
		file = await resolveStoreFile(output);
		conflict = await storeFileAt(file, [store], {resolved: true});
	} catch (error) {
		throw new UsageError(`Cannot write ${sanitize(output)}: ${sanitize((error as Error).message)}`);
	}

	if (conflict !== undefined) {
		throw new UsageError(`Refusing to export to ${sanitize(output)}: it is ${sanitize(describeStoreFile(conflict))}; nothing was written`);
	}

	const existing = await stat(file).catch(() => undefined);
	if (existing?.isDirectory()) {
		throw new UsageError(`Cannot write ${sanitize(output)}: it is a directory`);
	}

	return {file, regular: existing === undefined || existing.isFile()};
}

export async function runExport(options: ExportCommandOptions): Promise<void> {
	if (options.format !== 'ndjson' && options.format !== 'json' && options.format !== 'csv') {
		throw new UsageError(`--format must be ndjson (or json, Auth0's name for it) or csv, not "${options.format}"`);
	}

	// Auth0's export job calls its NDJSON files "json".
	const format: ExportFormat = options.format === 'json' ? 'ndjson' : options.format;
	const auth0Csv = options.csvEscape === 'auth0';
	const fields = exportFields(options, format);
	checkQuery(options.query);
	const source = commandTarget(options);
	// The export never replaces a file of the local store it reads (or of the default one, reading a tenant).
	const target = options.output === undefined ? undefined : await outputTarget(options.output, source.kind === 'local' ? source.storePath : resolveStorePath(undefined));
	// Writes the users (a store's, or a tenant's as its export file is downloaded) a profile at a
	// time, never all held at once; to a regular file through a temp file renamed into place once
	// every user is written, so a failure half-way (a damaged export file) leaves the old file whole.
	const writeTo = async (users: Iterable<User> | AsyncIterable<User>): Promise<number> => {
		const write = async (sink: Sink) => writeUsers(sink, users, format, fields, auth0Csv);
		if (target === undefined) {
			return writeBatched(writableSink(process.stdout), write);
		}

		if (target.regular) {
			let count = 0;
			// 0600 from the first byte: an export is personal data.
			await writeFileAtomic(target.file, async writer => {
				count = await write(text => writer.write(text));
			});
			return count;
		}

		const out = createWriteStream(target.file);
		await once(out, 'open');
		const count = await writeBatched(writableSink(out), write);
		out.end();
		await once(out, 'finish');
		return count;
	};

	// A tenant's users come from Auth0's export job (tenant-jobs-command.ts): the output is opened once the job has its file.
	const count = source.kind === 'tenant'
		? await (await import('./tenant-jobs-command.js')).withTenantExportUsers(source, options.query, writeTo, {outputOnTerminal: target === undefined && process.stdout.isTTY && process.stderr.isTTY})
		: await writeTo((await openService(source, 'cli', {mustExist: true, usersOnly: true})).eachUser({query: options.query}));
	if (target === undefined) {
		return;
	}

	process.stderr.write(`Exported ${groupDigits(count)} users to ${sanitize(options.output!)}\n`);
}
