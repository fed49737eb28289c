// What went wrong with a Management API call, in words an admin can act on:
// the scope a 401/403 needs, the time a 429 lets us retry at, where a
// timeout or a network error happened. Never a token or a secret: Auth0's own
// messages are passed through only after the known secrets and anything
// shaped like a bearer token are taken out.
import {ManagementError, ManagementTimeoutError} from 'auth0';
import {type ErrorCode, type FieldErrors, type RemoteErrorCode, UserdeckError} from '../domain/errors.js';
import type {Call} from './calls.js';
import {clockTime, retryAtFrom} from './rate-limit.js';

export class LiveError extends UserdeckError {
	/** The HTTP status Auth0 answered with, when it answered. */
	readonly status: number | undefined;
	/** For RATE_LIMITED: when Auth0 lets the call be made again. */
	readonly retryAt: Date | undefined;
	/** Auth0's errorCode (`inexistent_user`, `insufficient_scope`, …), when it gave one. */
	readonly errorCode: string | undefined;

	constructor(code: ErrorCode | RemoteErrorCode, message: string, options: {status?: number | undefined; retryAt?: Date | undefined; errorCode?: string | undefined; fields?: FieldErrors} = {}) {
		super(code, message, options.fields);
		this.name = 'LiveError';
		this.status = options.status;
		this.retryAt = options.retryAt;
		this.errorCode = options.errorCode;
	}
}

export type ErrorContext = {
	readonly call: Call;
	/** The tenant's domain, to say where a network error happened. */
	readonly domain: string;
	/** Strings that must never appear in a message (the client secret, the access token). */
	readonly secrets: readonly string[];
	readonly now: Date;
	/** The request was cancelled by its caller (the SDK reports that as an unknown error). */
	readonly aborted?: boolean;
};

type Body = {statusCode?: unknown; error?: unknown; message?: unknown; errorCode?: unknown; error_description?: unknown};

const tokenShaped = /\b(?:eyJ[\w-]{8,}\.[\w-]+\.[\w-]*|Bearer\s+\S+)/g;

/** `text` without the secrets and without anything that looks like a token. */
export function redact(text: string, secrets: readonly string[]): string {
	let clean = text;
	for (const secret of secrets) {
		if (secret.length >= 4) {
			clean = clean.split(secret).join('[redacted]');
		}
	}

	return clean.replaceAll(tokenShaped, '[redacted]');
}

function bodyOf(error: ManagementError): Body {
	return typeof error.body === 'object' && error.body !== null ? error.body as Body : {};
}

/** Auth0's message for the error, redacted, or undefined. */
function serverMessage(body: Body, secrets: readonly string[]): string | undefined {
	const message = typeof body.message === 'string' ? body.message : (typeof body.error_description === 'string' ? body.error_description : undefined);
	return message ? redact(message, secrets).slice(0, 500) : undefined;
}

/** The message of the error's root cause (a refused connection, a certificate), redacted. */
function causeOf(error: unknown, secrets: readonly string[]): string | undefined {
	let current: unknown = error;
	let message: string | undefined;
	for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
		const code = (current as NodeJS.ErrnoException).code;
		message = code ? `${code}` : current.message;
		current = current.cause;
	}

	return message ? redact(message, secrets) : undefined;
}

export function toLiveError(error: unknown, context: ErrorContext): LiveError | UserdeckError {
	if (error instanceof UserdeckError) {
		return error;
	}

	const {call, domain, secrets} = context;
	if (context.aborted) {
		return new LiveError('CANCELLED', `Cancelled ${call.doing}`);
	}

	if (error instanceof ManagementTimeoutError) {
		return new LiveError('UNAVAILABLE', `${domain} did not answer in time while ${call.doing} (${call.method} ${call.path})`);
	}

	if (!(error instanceof ManagementError) || error.statusCode === undefined) {
		const cause = causeOf(error, secrets);
		return new LiveError('UNAVAILABLE', `Could not reach ${domain} while ${call.doing}${cause ? `: ${cause}` : ''}`);
	}

	const status = error.statusCode;
	const body = bodyOf(error);
	const errorCode = typeof body.errorCode === 'string' ? body.errorCode : (typeof body.error === 'string' && status < 500 && !body.statusCode ? body.error : undefined);
	const said = serverMessage(body, secrets);
	const tokenRequest = error.message.startsWith('ManagementClient: token request');
	const options = {status, errorCode};
	if (tokenRequest) {
		if (status === 408) {
			return new LiveError('UNAVAILABLE', `${domain} did not answer the token request in time (POST /oauth/token)`, options);
		}

		return new LiveError('AUTH', `${domain} refused userdeck's client credentials (${status}${said ? `: ${said}` : ''}): check the client ID and secret, and that the application is authorized for the Auth0 Management API`, options);
	}

	switch (status) {
		case 401: {
			return new LiveError('AUTH', `${domain} refused the access token while ${call.doing} (401${said ? `: ${said}` : ''}): it may have expired; the call needs a token with the ${call.scope} scope`, options);
		}

		case 403: {
			return new LiveError('FORBIDDEN', `Missing scope ${call.scope}: ${call.doing} needs it (403${said ? `: ${said}` : ''}); grant it to the application under APIs › Auth0 Management API › Machine to Machine Applications`, options);
		}

		case 404: {
			return new LiveError('NOT_FOUND', said ?? `Not found while ${call.doing}`, options);
		}

		case 409: {
			return new LiveError('CONFLICT', said ?? `Conflict while ${call.doing}`, options);
		}

		case 429: {
			const retryAt = retryAtFrom(error.rawResponse?.headers, context.now);
			return new LiveError('RATE_LIMITED', `Rate limited by Auth0 while ${call.doing}${retryAt ? `: try again at ${clockTime(retryAt)}` : ''}`, {...options, retryAt});
		}

		default: {
			if (status >= 500 || status === 408) {
				return new LiveError('UNAVAILABLE', `${domain} answered ${status} while ${call.doing}${said ? `: ${said}` : ''}`, options);
			}

			return new LiveError('VALIDATION', said ?? `${domain} refused ${call.method} ${call.path} (${status})`, options);
		}
	}
}
