// The fields an export prints, named as in Auth0's export job: a profile field
// (`email`), a metadata key (`user_metadata.plan`, nested with more dots) or an
// identity's field (`identities[0].connection`).
import type {User} from '../types.js';
import {userFieldOrder} from '../types.js';

/** A CSV export holds at most this many columns, as Auth0's export job. */
export const maxCsvFields = 30;

export const defaultCsvFields: readonly string[] = [
	'user_id',
	'email',
	'email_verified',
	'username',
	'phone_number',
	'phone_verified',
	'name',
	'given_name',
	'family_name',
	'nickname',
	'picture',
	'identities[0].connection',
	'blocked',
	'created_at',
	'updated_at',
	'last_login',
	'last_ip',
	'logins_count',
];

const roots: ReadonlySet<string> = new Set(userFieldOrder);
// Metadata keys never contain "." or "$" (metadata.ts), so a dot always separates segments.
const segmentPattern = /^([^.[\]]+)((?:\[\d+\])*)$/;

type Segment = string | number;

function segments(path: string): Segment[] | undefined {
	const out: Segment[] = [];
	for (const part of path.split('.')) {
		const match = segmentPattern.exec(part);
		if (!match) {
			return undefined;
		}

		out.push(match[1]!);
		for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) {
			out.push(Number(index[1]));
		}
	}

	return out;
}

/** Splits `a,b,c` and checks each name; throws an Error naming the first bad one. */
export function parseFieldList(text: string): string[] {
	const fields = text.split(',').map(field => field.trim()).filter(field => field !== '');
	if (fields.length === 0) {
		throw new Error('--fields lists no field');
	}

	for (const field of fields) {
		const parsed = segments(field);
		if (!parsed || typeof parsed[0] !== 'string' || !roots.has(parsed[0])) {
			throw new Error(`Unknown field "${field}": use a profile field (${userFieldOrder.join(', ')}), user_metadata.KEY, app_metadata.KEY or identities[0].connection`);
		}
	}

	if (new Set(fields).size !== fields.length) {
		throw new Error('--fields names a field twice');
	}

	return fields;
}

/** A field of an export and the name it is written under (Auth0's `export_as`). */
export type ExportField = {name: string; exportAs: string};

/**
 * `a,b:alias,c` as Auth0's export job's `fields: [{name, export_as}]`: a name
 * is renamed after its first ":" (so a metadata key holding ":" cannot be
 * named here). Throws an Error naming the first bad field or a name used twice.
 */
export function parseExportFields(text: string): ExportField[] {
	const specs = text.split(',').map(field => field.trim()).filter(field => field !== '').map(field => {
		const colon = field.indexOf(':');
		const name = (colon === -1 ? field : field.slice(0, colon)).trim();
		const exportAs = colon === -1 ? name : field.slice(colon + 1).trim();
		if (exportAs === '') {
			throw new Error(`"${field}" has an empty export_as name after ":"`);
		}

		return {name, exportAs};
	});
	parseFieldList(specs.map(spec => spec.name).join(','));
	const written = specs.map(spec => spec.exportAs);
	const twice = written.find((name, index) => written.indexOf(name) !== index);
	if (twice !== undefined) {
		throw new Error(`--fields writes two columns as "${twice}"`);
	}

	return specs;
}

/** The value at `path` in the user, or undefined. */
export function fieldValue(user: User, path: string): unknown {
	let value: unknown = user;
	for (const segment of segments(path) ?? []) {
		if (value === null || typeof value !== 'object') {
			return undefined;
		}

		// Own properties only: a metadata key named "__proto__" or "constructor" is data.
		value = Object.hasOwn(value, segment) ? (value as Record<string | number, unknown>)[segment] : undefined;
	}

	return value;
}
