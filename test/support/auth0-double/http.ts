// The double's HTTP plumbing: Auth0's error bodies, JSON answers and request
// bodies. Every Management API error is `{statusCode, error, message,
// errorCode?}` (https://auth0.com/docs/api/management/v2 — "Errors").
import type {IncomingMessage, OutgoingHttpHeaders, ServerResponse} from 'node:http';
import {STATUS_CODES} from 'node:http';

export type ErrorBody = {statusCode: number; error: string; message: string; errorCode?: string; [key: string]: unknown};

/** A refusal the router turns into Auth0's error answer. */
export class ApiError extends Error {
	readonly status: number;
	readonly body: unknown;
	readonly headers: OutgoingHttpHeaders;

	constructor(status: number, message: string, errorCode?: string, headers: OutgoingHttpHeaders = {}) {
		super(message);
		this.status = status;
		this.body = errorBody(status, message, errorCode);
		this.headers = headers;
	}

	/** An answer whose body is not the Management API's shape (the token endpoint's OAuth errors). */
	static raw(status: number, body: unknown, headers: OutgoingHttpHeaders = {}): ApiError {
		const error = new ApiError(status, typeof body === 'string' ? body : JSON.stringify(body), undefined, headers);
		(error as {body: unknown}).body = body;
		return error;
	}
}

export function errorBody(status: number, message: string, errorCode?: string): ErrorBody {
	return {
		statusCode: status,
		error: STATUS_CODES[status] ?? 'Error',
		message,
		...(errorCode === undefined ? {} : {errorCode}),
	};
}

export const badRequest = (message: string, errorCode = 'invalid_body') => new ApiError(400, message, errorCode);
/** A refused query string: a schema violation (`Query validation error: …`) or, with `validation` false, the endpoint's own message. */
export const badQuery = (message: string, validation = true) => new ApiError(400, validation ? `Query validation error: ${message}` : message, 'invalid_query_string');
export const notFound = (message: string, errorCode: string) => new ApiError(404, message, errorCode);
export const inexistentUser = () => notFound('The user does not exist.', 'inexistent_user');

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
	if (status === 204 || body === undefined) {
		response.writeHead(status, headers);
		response.end();
		return;
	}

	const text = JSON.stringify(body);
	response.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
		...headers,
	});
	response.end(text);
}

/** Reads the whole body, refusing past `limit` bytes with Auth0's 413 (the connection is left to drain). */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
	const declared = Number(request.headers['content-length']);
	if (Number.isFinite(declared) && declared > limit) {
		request.resume();
		throw tooLarge(limit);
	}

	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > limit) {
			request.resume();
			throw tooLarge(limit);
		}

		chunks.push(chunk as Buffer);
	}

	return Buffer.concat(chunks);
}

function tooLarge(limit: number): ApiError {
	return new ApiError(413, `Payload content length greater than maximum allowed: ${limit}`);
}

/** A JSON object body, as the API's payload validation demands. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
	let value: unknown;
	try {
		value = JSON.parse(body.toString('utf8') || '{}');
	} catch {
		throw badRequest('Invalid request payload JSON format');
	}

	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw badRequest('Payload validation error: \'Expected type object but found type array\'.');
	}

	return value as Record<string, unknown>;
}

/** `true`/`false` query flags as the SDK sends them. */
export function flag(value: string | undefined, name: string): boolean | undefined {
	if (value === undefined) {
		return undefined;
	}

	if (value === 'true' || value === 'false') {
		return value === 'true';
	}

	throw badQuery(`'Expected type boolean but found type string' on property ${name}.`);
}

/** A whole number query parameter within bounds, with the API's validation message. */
export function integer(value: string | undefined, name: string, minimum: number, maximum?: number): number | undefined {
	if (value === undefined) {
		return undefined;
	}

	const number = Number(value);
	if (value.trim() === '' || !Number.isInteger(number)) {
		throw badQuery(`'Expected type integer but found type string' on property ${name}.`);
	}

	if (number < minimum) {
		throw badQuery(`'Value ${number} is less than minimum ${minimum}' on property ${name}.`);
	}

	if (maximum !== undefined && number > maximum) {
		throw badQuery(`'Value ${number} is greater than maximum ${maximum}' on property ${name}.`);
	}

	return number;
}

/** Keeps or drops the named fields (`fields` + `include_fields`), as the list and get endpoints do. */
export function projectFields<T extends object>(value: T, fields: string | undefined, include: boolean | undefined): Partial<T> {
	if (fields === undefined || fields.trim() === '') {
		return value;
	}

	const names = new Set(fields.split(',').map(name => name.trim()).filter(Boolean));
	const keep = include !== false;
	return Object.fromEntries(Object.entries(value).filter(([key]) => names.has(key) === keep)) as Partial<T>;
}
