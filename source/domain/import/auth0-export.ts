// A tenant's users as Auth0's export job writes them (Bulk User Exports), read
// as they are: NDJSON (Auth0's "json" format, one profile per line, the
// Management API's shape) or CSV (a header of field names or their export_as
// names; every string "'"-prefixed and double-quoted, dates and numbers bare).
// Each profile becomes a bulk-import entry (what Auth0's import would take)
// plus the fields only the tenant could have set (user_id, dates, login count,
// identities), which a new user keeps. Exports hold no password hashes: such
// users have no password until one is set, as after a real migration.
import {parse} from 'csv-parse/sync';
import {isoDate} from '../export/csv.js';
import type {Identity, JsonObject} from '../types.js';
import type {ImportError} from './import-error.js';

/** What a tenant's export keeps that a bulk-import entry cannot carry. */
export type TenantFields = {
	created_at?: string;
	updated_at?: string;
	last_login?: string;
	last_ip?: string;
	last_password_reset?: string;
	logins_count?: number;
	multifactor?: string[];
	multifactor_last_modified?: string;
	identities?: Identity[];
};

export type ImportFileFormat = 'bulk-import' | 'ndjson' | 'csv';

/** The entries of an import file, and for an export file the tenant fields of each. */
export type ImportFile = {
	format: ImportFileFormat;
	entries: unknown[];
	/** Per entry (export files only). */
	tenant?: Array<TenantFields | undefined>;
	/** Per entry, problems found while reading it (export files only), reported as the entry's errors. */
	problems?: ImportError[][];
	/** Columns or keys of the file that userdeck does not import. */
	ignored: string[];
};

/** Bulk import: a JSON array. Export: NDJSON objects, or CSV. Decided by the first character that is not white space. */
export function detectImportFormat(text: string): ImportFileFormat {
	const first = /\S/.exec(text)?.[0];
	return first === '[' ? 'bulk-import' : first === '{' ? 'ndjson' : 'csv';
}

const entryFields = new Set([
	'email', 'email_verified', 'username', 'phone_number', 'phone_verified', 'given_name', 'family_name', 'name', 'nickname', 'picture', 'blocked', 'app_metadata', 'user_metadata',
]);
const tenantDates = ['created_at', 'updated_at', 'last_login', 'last_password_reset', 'multifactor_last_modified'] as const;

/** The Auth0-generated dates of a profile: an export leaves these bare, without the "'" and quotes of other strings. */
export const exportDateFields: ReadonlySet<string> = new Set(tenantDates);

/** One NDJSON line or CSV row as a profile, to an import entry and its tenant fields. */
export function fromExportedProfile(profile: Record<string, unknown>, ignored: Set<string>): {entry: Record<string, unknown>; tenant: TenantFields; errors: ImportError[]} {
	const entry: Record<string, unknown> = {};
	const tenant: TenantFields = {};
	const errors: ImportError[] = [];
	for (const [key, value] of Object.entries(profile)) {
		if (value === undefined || value === null) {
			continue;
		}

		if (entryFields.has(key)) {
			entry[key] = value;
		} else if (key === 'user_id') {
			const match = typeof value === 'string' ? /^auth0\|(.+)$/s.exec(value) : null;
			if (match) {
				entry['user_id'] = match[1];
			} else {
				errors.push({code: 'PATTERN', reason: 'NOT_A_DATABASE_USER', path: 'user_id', message: `user_id ${JSON.stringify(value)} is not a database user's (auth0|…): only those can be imported into a database connection`});
			}
		} else if ((tenantDates as readonly string[]).includes(key)) {
			if (typeof value === 'string' && isoDate.test(value) && !Number.isNaN(Date.parse(value))) {
				(tenant as Record<string, string>)[key] = value;
			} else {
				errors.push({code: 'FORMAT', path: key, message: `${key} must be an ISO 8601 date, e.g. 2024-05-01T10:00:00.000Z`});
			}
		} else if (key === 'logins_count') {
			if (Number.isSafeInteger(value) && (value as number) >= 0) {
				tenant.logins_count = value as number;
			} else {
				errors.push({code: 'INVALID_TYPE', path: key, message: 'logins_count must be a whole number, 0 or more'});
			}
		} else if (key === 'last_ip') {
			if (typeof value === 'string') {
				tenant.last_ip = value;
			} else {
				errors.push({code: 'INVALID_TYPE', path: key, message: 'last_ip must be a string'});
			}
		} else if (key === 'multifactor') {
			if (Array.isArray(value) && value.every(item => typeof item === 'string')) {
				tenant.multifactor = value as string[];
			} else {
				errors.push({code: 'INVALID_TYPE', path: key, message: 'multifactor must be a list of strings'});
			}
		} else if (key === 'identities') {
			const identities = exportedIdentities(value);
			if (typeof identities === 'string') {
				errors.push({code: 'INVALID_TYPE', path: key, message: identities});
			} else if (identities !== undefined) {
				tenant.identities = identities;
			}
		} else {
			ignored.add(key);
		}
	}

	return {entry, tenant, errors};
}

/** The identities of an export, or why not; undefined when they are too partial to keep (a CSV's identities[0].connection alone). */
function exportedIdentities(value: unknown): Identity[] | string | undefined {
	if (!Array.isArray(value)) {
		return 'identities must be a list';
	}

	const identities: Identity[] = [];
	for (const item of value as unknown[]) {
		if (typeof item !== 'object' || item === null || Array.isArray(item)) {
			return 'each identity must be an object';
		}

		const {connection, provider, user_id: userId, isSocial, profileData, ...rest} = item as Record<string, unknown>;
		if (provider === undefined && userId === undefined) {
			return undefined;
		}

		if (typeof connection !== 'string' || typeof provider !== 'string' || (typeof userId !== 'string' && typeof userId !== 'number') || typeof isSocial !== 'boolean') {
			return 'each identity needs connection, provider, user_id and isSocial';
		}

		if (profileData !== undefined && (typeof profileData !== 'object' || profileData === null || Array.isArray(profileData))) {
			return 'an identity\'s profileData must be an object';
		}

		const identity = {connection, provider, user_id: userId, isSocial, ...(profileData === undefined ? {} : {profileData: profileData as JsonObject}), ...rest} as Identity;
		identities.push(identity);
	}

	return identities;
}

/** An NDJSON export: one profile per line; blank lines skipped. Throws SyntaxError naming the line. */
export function parseNdjsonExport(text: string): Array<Record<string, unknown> | unknown> {
	const records: unknown[] = [];
	for (const [index, line] of text.split('\n').entries()) {
		if (line.trim() === '') {
			continue;
		}

		try {
			records.push(JSON.parse(line));
		} catch (error) {
			throw new SyntaxError(`line ${index + 1} is not JSON: ${(error as Error).message}`);
		}
	}

	return records;
}

/**
 * A CSV export: the header names each column by its field (user_id,
 * identities[0].connection, user_metadata.plan) or its export_as name.
 * Quoted cells are strings, Auth0's "'" prefix taken off; bare cells are
 * dates, numbers, true/false, or nothing when empty.
 */
export function parseCsvExport(text: string): Array<Record<string, unknown>> {
	const rows = parse(text, {
		bom: true,
		relax_column_count: false,
		skip_empty_lines: true,
		cast: (value, context): Cell => ({value, quoted: context.quoting}),
	}) as unknown as Cell[][];
	const [header, ...body] = rows;
	const names = (header ?? []).map(cell => cell.value);
	// Auth0 quotes every string and puts "'" before it, so a bare cell there is
	// a date, a number or a boolean by its shape. Elsewhere (userdeck's own
	// export, a spreadsheet) a bare cell is text unless its field is a number
	// or a boolean: a username "12345" or a zip code stays a string.
	const auth0Style = body.some(row => row.some(cell => cell.quoted && cell.value.startsWith('\'')));
	// Neither a JSON array nor an export: say so rather than import nobody.
	if (!names.includes('email')) {
		throw new SyntaxError(header ? `its first line names no email column (a CSV export starts with its field names, e.g. user_id,email,name)` : 'it is empty');
	}

	return body.map(row => {
		const profile: Record<string, unknown> = {};
		for (const [column, name] of names.entries()) {
			const cell = row[column];
			setPath(profile, name, cell && csvValue(cell, auth0Style ? 'shape' : fieldKinds[name]));
		}

		return profile;
	});
}

type Cell = {value: string; quoted: boolean};

/** What a bare cell of a field holds outside Auth0's style (see parseCsvExport). */
const fieldKinds: Readonly<Record<string, 'number' | 'boolean'>> = {
	logins_count: 'number',
	blocked: 'boolean',
	email_verified: 'boolean',
	phone_verified: 'boolean',
};

function csvValue({value, quoted}: Cell, kind: 'shape' | 'number' | 'boolean' | undefined): unknown {
	if (quoted) {
		return value.startsWith('\'') ? value.slice(1) : value;
	}

	if (value === '') {
		return undefined;
	}

	if ((kind === 'shape' || kind === 'boolean') && (value === 'true' || value === 'false')) {
		return value === 'true';
	}

	return (kind === 'shape' || kind === 'number') && /^-?\d+(?:\.\d+)?$/.test(value) ? Number(value) : value;
}

/** Sets `a.b[0].c` in the object; metadata keys never hold a dot (metadata.ts), so a dot always separates. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
	if (value === undefined) {
		return;
	}

	const segments: Array<string | number> = [];
	for (const part of path.split('.')) {
		const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
		if (!match) {
			target[path] = value;
			return;
		}

		segments.push(match[1]!, ...[...match[2]!.matchAll(/\[(\d+)\]/g)].map(index => Number(index[1])));
	}

	// A header or key such as __proto__.blocked would write into every
	// object's prototype: kept as a field of that literal name instead, which
	// no profile has (so it is reported as not imported).
	if (segments.some(segment => segment === '__proto__' || segment === 'constructor' || segment === 'prototype')) {
		Object.defineProperty(target, path, {value, enumerable: true, writable: true, configurable: true});
		return;
	}

	let node: Record<string | number, unknown> = target;
	for (const [position, segment] of segments.entries()) {
		if (position === segments.length - 1) {
			node[segment] = value;
			break;
		}

		const next = segments[position + 1];
		node[segment] ??= typeof next === 'number' ? [] : {};
		node = node[segment] as Record<string | number, unknown>;
	}
}

/** A line exported with chosen fields names them as paths (`user_metadata.plan`, `identities[0].connection`): back into objects. */
function expandPaths(record: Record<string, unknown>): Record<string, unknown> {
	const keys = Object.keys(record);
	if (!keys.some(key => key.includes('.') || key.includes('['))) {
		return record;
	}

	const expanded: Record<string, unknown> = {};
	for (const key of keys) {
		setPath(expanded, key, record[key]);
	}

	return expanded;
}

/** Reads an import file's text in whichever format it is. Throws SyntaxError with a position for bad JSON. */
export function readExportFile(format: 'ndjson' | 'csv', text: string): ImportFile {
	const records = format === 'ndjson' ? parseNdjsonExport(text) : parseCsvExport(text);
	const ignored = new Set<string>();
	const entries: unknown[] = [];
	const tenant: Array<TenantFields | undefined> = [];
	const problems: ImportError[][] = [];
	for (const record of records) {
		if (typeof record !== 'object' || record === null || Array.isArray(record)) {
			entries.push(record);
			tenant.push(undefined);
			problems.push([]);
			continue;
		}

		const converted = fromExportedProfile(format === 'ndjson' ? expandPaths(record as Record<string, unknown>) : record as Record<string, unknown>, ignored);
		entries.push(converted.entry);
		tenant.push(converted.tenant);
		problems.push(converted.errors);
	}

	return {format, entries, tenant, problems, ignored: [...ignored]};
}
