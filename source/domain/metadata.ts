// user_metadata / app_metadata updates as Auth0's Management API applies them
// (FACTS.md §1): root-level merge, nested objects replaced, `null` deletes.
import {Buffer} from 'node:buffer';
import type {JsonObject, JsonValue} from './types.js';

export {parseJsonWithPosition, type JsonParseResult} from './parse-json.js';

export type MetadataKind = 'user_metadata' | 'app_metadata';

export const MAX_METADATA_BYTES = 10 * 1024;

/** Keys Auth0 keeps for itself at the root of app_metadata. */
export const reservedAppMetadataKeys: readonly string[] = [
	'__tenant',
	'_id',
	'blocked',
	'clientID',
	'created_at',
	'email_verified',
	'email',
	'globalClientID',
	'global_client_id',
	'identities',
	'lastIP',
	'lastLogin',
	'loginsCount',
	'metadata',
	'multifactor_last_modified',
	'multifactor',
	'updated_at',
	'user_id',
];

const controlCharacter = /\p{Cc}/u;

/** Returns a new object; neither argument is changed. */
export function mergeMetadata(current: JsonObject | undefined, patch: JsonObject): JsonObject {
	// A Map and Object.fromEntries define keys as own data properties, so a key
	// named "__proto__" (which JSON.parse happily produces) stays a plain key.
	const merged = new Map<string, JsonValue>(Object.entries(current ?? {}));
	for (const [key, value] of Object.entries(patch)) {
		if (value === null) {
			merged.delete(key);
		} else {
			merged.set(key, value);
		}
	}

	return Object.fromEntries(merged) as JsonObject;
}

/**
 * Returns an error message, or undefined when the patch may be applied.
 * `current` is the metadata the patch will be merged into, for the size limit;
 * `kind` names the metadata in messages and turns on app_metadata's reserved keys.
 */
export function validateMetadataPatch(
	patch: unknown,
	current?: JsonObject,
	kind: MetadataKind = 'user_metadata',
): string | undefined {
	if (!isPlainObject(patch)) {
		return `${kind} must be a JSON object`;
	}

	try {
		// Proves the value is acyclic before the walk below, which relies on it.
		JSON.stringify(patch);
	} catch {
		return `${kind} is not valid JSON (circular or unserializable value)`;
	}

	const problem = findInvalidKeyOrValue(patch, kind);
	if (problem !== undefined) {
		return problem;
	}

	if (kind === 'app_metadata') {
		const reserved = Object.keys(patch).find(key => reservedAppMetadataKeys.includes(key));
		if (reserved !== undefined) {
			return `app_metadata must not use the reserved key "${reserved}"`;
		}
	}

	const bytes = Buffer.byteLength(JSON.stringify(mergeMetadata(current, patch as JsonObject)), 'utf8');
	if (bytes > MAX_METADATA_BYTES) {
		return `${kind} must be at most 10 KB (is ${bytes} bytes)`;
	}

	return undefined;
}

function findInvalidKeyOrValue(root: object, kind: MetadataKind): string | undefined {
	const pending: Array<{value: unknown; path: string}> = [{value: root, path: kind}];
	for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
		const {value, path} = item;
		if (Array.isArray(value)) {
			for (const [index, element] of value.entries()) {
				pending.push({value: element, path: `${path}[${index}]`});
			}
		} else if (isPlainObject(value)) {
			for (const [key, child] of Object.entries(value)) {
				const problem = keyProblem(key);
				if (problem !== undefined) {
					return `${path}: key ${JSON.stringify(key)} ${problem}`;
				}

				pending.push({value: child, path: `${path}.${key}`});
			}
		} else if (!isJsonScalar(value)) {
			return `${path} is not a JSON value`;
		}
	}

	return undefined;
}

function keyProblem(key: string): string | undefined {
	if (key === '') {
		return 'must not be empty';
	}

	// In the document store behind Auth0, "." addresses a nested path and "$" starts an operator.
	if (key.includes('.') || key.includes('$')) {
		return 'must not contain "." or "$"';
	}

	if (controlCharacter.test(key)) {
		return 'must not contain control characters';
	}

	return undefined;
}

function isJsonScalar(value: unknown): boolean {
	return (
		value === null ||
		typeof value === 'string' ||
		typeof value === 'boolean' ||
		(typeof value === 'number' && Number.isFinite(value))
	);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return false;
	}

	const prototype: unknown = Object.getPrototypeOf(value);
	return prototype === Object.prototype || prototype === null;
}
