// Users written out as NDJSON (the Management API's shape) or CSV, for
// `users export` and the console's Export of marked users. Profiles never hold
// password hashes: those live in their own table and are never exported.
import {stat} from 'node:fs/promises';
import path from 'node:path';
import {auth0CsvCell, csvCell, csvRow} from '../domain/export/csv.js';
import {defaultCsvFields, type ExportField, fieldValue} from '../domain/export/field-path.js';
import {exportDateFields} from '../domain/import/auth0-export.js';
import {UserdeckError} from '../domain/errors.js';
import type {User} from '../domain/types.js';
import {writeFileAtomic} from '../store/atomic-file.js';
import {describeStoreFile, storeFileAt} from '../store/store-files.js';
import {safeJson} from '../terminal/safe-json.js';
import {sanitizeMultiline} from '../terminal/sanitize.js';

export type ExportFormat = 'ndjson' | 'csv';

/** Where the text goes, a piece at a time; a promise when it must be waited for (a full pipe). */
export type Sink = (text: string) => Promise<void> | undefined;

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

/** Writes `users` (a list, or a stream read a profile at a time) through `sink`; returns how many were written. */
export async function writeUsers(sink: Sink, users: Iterable<User> | AsyncIterable<User>, format: ExportFormat, fields: ExportField[] | undefined, auth0Csv: boolean): Promise<number> {
	let count = 0;
	if (format === 'csv') {
		const header = fields!.map(field => field.exportAs);
		await sink(auth0Csv ? `${header.map(name => csvCell(name, sanitizeMultiline)).join(',')}\n` : csvRow(header, sanitizeMultiline));
		for await (const user of users) {
			await sink(csvLine(user, fields!, auth0Csv));
			count++;
		}
	} else {
		for await (const user of users) {
			await sink(ndjsonLine(user, fields));
			count++;
		}
	}

	return count;
}

/** The format a file name asks for: `.csv` is CSV, anything else NDJSON. */
export function exportFormatOf(file: string): ExportFormat {
	return path.extname(file).toLowerCase() === '.csv' ? 'csv' : 'ndjson';
}

/**
 * Writes `users` to a new file (0600 from the first byte, through a temp file
 * renamed into place), in the format its name asks for, with the CSV export's
 * default fields. Refuses, writing nothing, a file that exists (the console
 * never replaces a file the admin did not name twice) and any file of a
 * userdeck store (the one open, if any, and any other it recognizes). Returns the absolute path written.
 */
export async function exportUsersToNewFile(users: Iterable<User> | AsyncIterable<User>, file: string, storePath: string | undefined): Promise<{file: string; count: number}> {
	const target = path.resolve(file);
	const conflict = await storeFileAt(target, storePath === undefined ? [] : [storePath]);
	if (conflict !== undefined) {
		throw new UserdeckError('VALIDATION', `Refusing to export to ${target}: it is ${describeStoreFile(conflict)}`);
	}

	if (await stat(target).then(() => true, () => false)) {
		throw new UserdeckError('CONFLICT', `${target} already exists: choose another name`);
	}

	const format = exportFormatOf(target);
	const fields = format === 'csv' ? defaultCsvFields.map(name => ({name, exportAs: name})) : undefined;
	let count = 0;
	await writeFileAtomic(target, async writer => {
		count = await writeUsers(text => writer.write(text), users, format, fields, false);
	});
	return {file: target, count};
}
