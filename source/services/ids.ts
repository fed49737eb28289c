// Identifiers in Auth0's formats. Random, from the OS's CSPRNG.
import {randomBytes} from 'node:crypto';
import {auth0LogId} from '../domain/log-id.js';

const alphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomHex(bytes: number): string {
	return randomBytes(bytes).toString('hex');
}

export function randomAlphanumeric(length: number): string {
	// 248 is the largest multiple of 62 below 256: rejection sampling keeps it unbiased.
	let out = '';
	while (out.length < length) {
		for (const byte of randomBytes(length * 2)) {
			if (byte < 248 && out.length < length) {
				out += alphanumeric[byte % 62];
			}
		}
	}

	return out;
}

/** `auth0|` ids carry 24 hex characters, like a MongoDB ObjectId. */
export function newDatabaseUserId(): string {
	return randomHex(12);
}

let logSequence = 0;
// Random bytes drawn in blocks: an import writes an event per user, and one
// crypto call per digit (33 an id) cost more than the rest of the event.
let digitPool = Buffer.alloc(0);
let digitOffset = 0;

function randomDigit(): number {
	for (;;) {
		if (digitOffset >= digitPool.length) {
			digitPool = randomBytes(4096);
			digitOffset = 0;
		}

		const byte = digitPool[digitOffset++]!;
		// 250 is the largest multiple of 10 below 256: rejection keeps the digits unbiased.
		if (byte < 250) {
			return byte % 10;
		}
	}
}

/** A log id in Auth0's form (log-id.ts) for an event at `date`. */
export function newLogId(date: string): string {
	logSequence = (logSequence + 1) % 1e12;
	return auth0LogId(date, logSequence, randomDigit);
}

export function newDeviceId(): string {
	return `dcr_${randomAlphanumeric(16)}`;
}

/** A one-time "Sign in as User" ticket: 256 random bits, base64url (43 characters). */
export function newTicketSecret(): string {
	return randomBytes(32).toString('base64url');
}
