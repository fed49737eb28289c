// Request-body checks as the Management API reports them ("Payload validation
// error: '…' on property X."), from the request schemas of POST /users and
// PATCH /users/{id} in Auth0's API reference: types, lengths, patterns and
// the email format. Only what userdeck's calls can run into.
import {validateEmail} from '../../../source/domain/email.js';
import {badRequest} from './http.js';

type JsonType = 'string' | 'boolean' | 'object' | 'null';

export type PropertyRule = {
	types: JsonType[];
	minLength?: number;
	maxLength?: number;
	pattern?: RegExp;
	email?: boolean;
};

const text = (maxLength?: number, nullable = false): PropertyRule => ({types: nullable ? ['string', 'null'] : ['string'], minLength: 1, ...(maxLength === undefined ? {} : {maxLength})});
const phone = /^\+[0-9]{1,15}$/;

/** POST /users: additionalProperties false; `connection` required. */
export const createUserSchema: Record<string, PropertyRule> = {
	email: {types: ['string'], email: true},
	phone_number: {types: ['string'], pattern: phone},
	user_metadata: {types: ['object']},
	blocked: {types: ['boolean']},
	email_verified: {types: ['boolean']},
	phone_verified: {types: ['boolean']},
	app_metadata: {types: ['object']},
	given_name: text(150),
	family_name: text(150),
	name: text(300),
	nickname: text(300),
	picture: {types: ['string']},
	user_id: {types: ['string'], maxLength: 255, pattern: /^\S*$/},
	connection: text(),
	password: text(),
	verify_email: {types: ['boolean']},
	username: text(128),
};

/** PATCH /users/{id}: the reference allows other properties (they are ignored); `null` removes a nullable one. */
export const updateUserSchema: Record<string, PropertyRule> = {
	blocked: {types: ['boolean']},
	email_verified: {types: ['boolean']},
	email: {types: ['string', 'null'], email: true},
	phone_number: {types: ['string', 'null'], pattern: phone},
	phone_verified: {types: ['boolean']},
	user_metadata: {types: ['object', 'null']},
	app_metadata: {types: ['object', 'null']},
	given_name: text(150, true),
	family_name: text(150, true),
	name: text(300, true),
	nickname: text(300, true),
	picture: {types: ['string', 'null']},
	verify_email: {types: ['boolean']},
	verify_phone_number: {types: ['boolean']},
	password: text(undefined, true),
	connection: text(),
	client_id: text(),
	username: text(128, true),
};

export function checkPayload(body: Record<string, unknown>, schema: Record<string, PropertyRule>, options: {additional: boolean; required?: string[]}): void {
	if (!options.additional) {
		const unknown = Object.keys(body).filter(key => !Object.hasOwn(schema, key));
		if (unknown.length > 0) {
			throw invalid(`Additional properties not allowed: ${unknown.join(',')}`);
		}
	}

	for (const name of options.required ?? []) {
		if (body[name] === undefined) {
			throw invalid(`Missing required property: ${name}`);
		}
	}

	for (const [name, value] of Object.entries(body)) {
		const rule = Object.hasOwn(schema, name) ? schema[name] : undefined;
		if (rule === undefined) {
			continue;
		}

		const type = jsonType(value);
		if (!(rule.types as string[]).includes(type)) {
			throw invalid(`Expected type ${rule.types.join(',')} but found type ${type}`, name);
		}

		if (typeof value !== 'string') {
			continue;
		}

		const length = [...value].length;
		if (rule.minLength !== undefined && length < rule.minLength) {
			throw invalid(`String is too short (${length} chars), minimum ${rule.minLength}`, name);
		}

		if (rule.maxLength !== undefined && length > rule.maxLength) {
			throw invalid(`String is too long (${length} chars), maximum ${rule.maxLength}`, name);
		}

		if (rule.pattern !== undefined && !rule.pattern.test(value)) {
			throw invalid(`String does not match pattern ${rule.pattern.source}: ${value}`, name);
		}

		if (rule.email === true && validateEmail(value) !== undefined) {
			throw invalid(`Object didn't pass validation for format email: ${value}`, name);
		}
	}
}

function jsonType(value: unknown): string {
	if (value === null) {
		return 'null';
	}

	return Array.isArray(value) ? 'array' : typeof value;
}

function invalid(message: string, property?: string) {
	return badRequest(`Payload validation error: '${message}'${property === undefined ? '' : ` on property ${property}`}.`);
}
