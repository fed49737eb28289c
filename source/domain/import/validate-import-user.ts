// Checks one entry of an import file: first against Auth0's bulk import schema
// (with ajv, every problem at once), then against the profile rules of
// FACTS.md §1 that the schema leaves out (lengths, E.164, metadata keys).
import {Ajv, type ErrorObject, type ValidateFunction} from 'ajv';
import {validateEmail} from '../email.js';
import {validateMetadataPatch} from '../metadata.js';
import type {JsonObject} from '../types.js';
import schema from './auth0-bulk-import.schema.json' with {type: 'json'};
import type {ImportError, ImportErrorCode} from './import-error.js';
import type {ImportUser} from './import-user.js';

// JSON Schema keywords to Auth0's codes. Where Auth0's list has no code of its
// own (an unknown property, too many properties), the nearest one is used and
// the validator's own name goes in `reason`.
const codeOfKeyword: Readonly<Record<string, {code: ImportErrorCode; reason?: string}>> = {
	type: {code: 'INVALID_TYPE'},
	format: {code: 'FORMAT'},
	pattern: {code: 'PATTERN'},
	minLength: {code: 'MIN_LENGTH'},
	maxLength: {code: 'MAX_LENGTH'},
	enum: {code: 'ENUM_MISMATCH'},
	minimum: {code: 'MINIMUM'},
	maximum: {code: 'MAXIMUM'},
	required: {code: 'OBJECT_REQUIRED'},
	anyOf: {code: 'ANY_OF_MISSING'},
	not: {code: 'NOT_PASSED'},
	additionalProperties: {code: 'INVALID_TYPE', reason: 'OBJECT_ADDITIONAL_PROPERTIES'},
	maxProperties: {code: 'MAXIMUM', reason: 'OBJECT_PROPERTIES_MAXIMUM'},
	minItems: {code: 'ARRAY_LENGTH_SHORT'},
	maxItems: {code: 'ARRAY_LENGTH_LONG'},
};

const lengthLimits: ReadonlyArray<[keyof ImportUser, number]> = [
	['name', 150],
	['given_name', 150],
	['family_name', 150],
	['nickname', 350],
	['username', 128],
	['user_id', 255],
];

const phonePattern = /^\+\d{1,15}$/;
// Auth0's characters for usernames.
const usernamePattern = /^[\w+\-.!#$'^`~@]+$/;
// Auth0 takes any user_id and puts "auth0|" before it, a "|" in it included
// (an id exported as auth0|abc imports as auth0|auth0|abc, as Auth0's docs warn).
const userIdPattern = /^[^\s\p{Cc}]+$/u;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
	if (!compiled) {
		// The schema file is checked against the meta-schema by the tests, not at each import (see ajvOptions in store/schema.ts).
		const ajv = new Ajv({allErrors: true, strict: true, validateSchema: false});
		// The same rule as the console's and `users create`: one definition of a valid email.
		ajv.addFormat('email', (value: string) => validateEmail(value) === undefined);
		compiled = ajv.compile(schema);
	}

	return compiled;
}

// `/custom_password_hash/hash/encoding` → `custom_password_hash.hash.encoding`
function dotted(pointer: string, extra?: string): string | undefined {
	const segments = pointer.split('/').slice(1).map(segment => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
	if (extra !== undefined) {
		segments.push(extra);
	}

	return segments.length > 0 ? segments.join('.') : undefined;
}

function schemaError(error: ErrorObject): ImportError {
	const {code, reason} = codeOfKeyword[error.keyword] ?? {code: 'INVALID_TYPE', reason: error.keyword};
	const params = error.params as Record<string, unknown>;
	const extra = error.keyword === 'required'
		? String(params['missingProperty'])
		: error.keyword === 'additionalProperties' ? String(params['additionalProperty']) : undefined;
	const path = dotted(error.instancePath, extra);
	let message = `${path ?? 'user'} ${error.message ?? 'is invalid'}`;
	if (error.keyword === 'additionalProperties') {
		message = `${path ?? 'user'} is not a property of the import schema`;
	} else if (error.keyword === 'required') {
		message = `${path ?? 'user'} is required`;
	} else if (error.keyword === 'enum') {
		message += ` (${(params['allowedValues'] as unknown[]).join(', ')})`;
	} else if (error.keyword === 'format' && path === 'email') {
		message = 'email is not a valid email address';
	}

	return {code, message, ...(path === undefined ? {} : {path}), ...(reason === undefined ? {} : {reason})};
}

/** The entry as a typed import user, or every problem found in it. */
export function validateImportUser(entry: unknown): {user?: ImportUser; errors: ImportError[]} {
	const validate = validator();
	if (validate(entry)) {
		const errors = profileErrors(entry as ImportUser);
		return errors.length > 0 ? {errors} : {user: entry as ImportUser, errors};
	}

	const errors = (validate.errors ?? []).map(error => schemaError(error));
	if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
		// Rules beyond the schema, for the properties the schema did not already fault.
		const faulted = new Set(errors.map(error => error.path?.split('.')[0]));
		errors.push(...profileErrors(entry as ImportUser).filter(error => !faulted.has(error.path?.split('.')[0])));
	}

	return {errors};
}

function profileErrors(user: ImportUser): ImportError[] {
	const errors: ImportError[] = [];
	const fields = user as Record<string, unknown>;
	for (const [field, max] of lengthLimits) {
		const value = fields[field];
		if (typeof value !== 'string') {
			continue;
		}

		if (value.length === 0) {
			errors.push({code: 'MIN_LENGTH', path: field, message: `${field} must not be empty`});
		} else if (value.length > max) {
			errors.push({code: 'MAX_LENGTH', path: field, message: `${field} must be at most ${max} characters (is ${value.length})`});
		}
	}

	if (typeof user.phone_number === 'string' && !phonePattern.test(user.phone_number)) {
		errors.push({code: 'PATTERN', path: 'phone_number', message: 'phone_number must be in E.164 format: + and 1–15 digits, e.g. +12125550001'});
	}

	if (typeof user.username === 'string' && user.username.length > 0 && !usernamePattern.test(user.username)) {
		errors.push({code: 'PATTERN', path: 'username', message: 'username may hold letters, digits and _ + - . ! # $ \' ^ ` ~ @'});
	}

	if (typeof user.user_id === 'string' && user.user_id.length > 0 && !userIdPattern.test(user.user_id)) {
		errors.push({code: 'PATTERN', path: 'user_id', message: 'user_id must not contain spaces or control characters'});
	}

	if (typeof user.picture === 'string' && !isWebUrl(user.picture)) {
		errors.push({code: 'FORMAT', path: 'picture', message: 'picture must be an http or https URL'});
	}

	for (const kind of ['user_metadata', 'app_metadata'] as const) {
		const value = fields[kind];
		if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
			const problem = validateMetadataPatch(value as JsonObject, undefined, kind);
			if (problem !== undefined) {
				// A reserved key is a "must not" of Auth0's (NOT_PASSED).
				const [code, reason]: [ImportErrorCode, string] = /at most 10 KB/.test(problem) ? ['MAX_LENGTH', 'METADATA_SIZE'] : /reserved key/.test(problem) ? ['NOT_PASSED', 'RESERVED_KEY'] : ['PATTERN', 'METADATA_KEY'];
				errors.push({code, reason, path: kind, message: problem});
			}
		}
	}

	return errors;
}

function isWebUrl(text: string): boolean {
	try {
		const url = new URL(text);
		return url.protocol === 'https:' || url.protocol === 'http:';
	} catch {
		return false;
	}
}
