// `userdeck users export`: every user (or those a query matches) as NDJSON, one
// profile per line in the Management API's shape, or as CSV. Profiles never
// hold password hashes: those live in their own table and are never exported.
import {chmod} from 'node:fs/promises';
import {createWriteStream} from 'node:fs';
import {once} from 'node:events';
import type {Writable} from 'node:stream';
import {auth0CsvCell, csvCell, csvRow} from '../domain/export/csv.js';
import {defaultCsvFields, type ExportField, fieldValue, maxCsvFields, parseExportFields} from '../domain/export/field-path.js';
import {exportDateFields} from '../domain/import/auth0-export.js';
import {groupDigits} from '../domain/group-digits.js';
import type {User} from '../domain/types.js';
import {safeJson} from '../terminal/safe-json.js';
import {sanitize, sanitizeMultiline} from '../terminal/sanitize.js';
import {openService, type StoreOption} from './context.js';
import {checkQuery} from './query-option.js';
import {UsageError} from './usage-error.js';

export type ExportFormat = 'ndjson' | 'csv';

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

function ndjsonLine(user: User, fields: ExportField[] | undefined): string {
	// safeJson escapes what JSON.stringify leaves raw (C1 controls, BiDi overrides),
	// so a line is safe on a terminal and still parses to the same profile.
	const value = fields ? Object.fromEntries(fields.map(field => [field.exportAs, fieldValue(user, field.name) ?? null])) : user;
	return `${safeJson(value, 0)}\n`;
}

function csvLine(user: User, fields: ExportField[], auth0: boolean): string {
	if (!auth0) {
		return csvRow(fields.map(field => fieldValue(user, field.name)), sanitizeMultiline);
	}

	return `${fields.map(field => auth0CsvCell(fieldValue(user, field.name), exportDateFields.has(field.name), sanitizeMultiline)).join(',')}\n`;
}

async function write(out: Writable, text: string): Promise<void> {
	if (!out.write(text)) {
		await once(out, 'drain');
	}
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
	const service = await openService(options, 'cli', {mustExist: true});
	const users: User[] = service.listUsers({query: options.query});

	let out: Writable = process.stdout;
	if (options.output !== undefined) {
		// 0600 from the first byte: an export is personal data.
		const file = createWriteStream(options.output, {mode: 0o600});
		await once(file, 'open');
		// `mode` applies only to a new file; an existing one is narrowed too.
		await chmod(options.output, 0o600);
		out = file;
	}

	if (format === 'csv') {
		const header = fields!.map(field => field.exportAs);
		await write(out, auth0Csv ? `${header.map(name => csvCell(name, sanitizeMultiline)).join(',')}\n` : csvRow(header, sanitizeMultiline));
		for (const user of users) {
			await write(out, csvLine(user, fields!, auth0Csv));
		}
	} else {
		for (const user of users) {
			await write(out, ndjsonLine(user, fields));
		}
	}

	if (out !== process.stdout) {
		out.end();
		await once(out, 'finish');
		process.stderr.write(`Exported ${groupDigits(users.length)} users to ${sanitize(options.output!)}\n`);
	}
}
