// `userdeck users export`: every user (or those a query matches) as NDJSON, one
// profile per line in the Management API's shape, or as CSV. Profiles never
// hold password hashes: those live in their own table and are never exported.
import {chmod} from 'node:fs/promises';
import {createWriteStream} from 'node:fs';
import {once} from 'node:events';
import type {Writable} from 'node:stream';
import {csvRow} from '../domain/export/csv.js';
import {groupDigits} from '../domain/group-digits.js';
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

async function write(out: Writable, text: string): Promise<void> {
	if (!out.write(text)) {
		await once(out, 'drain');
	}
}

export async function runExport(options: ExportCommandOptions): Promise<void> {
	if (options.format !== 'ndjson' && options.format !== 'csv') {
		throw new UsageError(`--format must be ndjson or csv, not "${options.format}"`);
	}

	const format: ExportFormat = options.format;
	const fields = exportFields(options, format);
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
		await write(out, csvRow(fields!, sanitizeMultiline));
		for (const user of users) {
			await write(out, csvRow(fields!.map(field => fieldValue(user, field)), sanitizeMultiline));
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
