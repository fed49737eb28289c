// Identifiers in Auth0's formats. Random, from the OS's CSPRNG.
import {randomBytes} from 'node:crypto';

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

export function newLogId(): string {
	return randomHex(28);
}

export function newDeviceId(): string {
	return `dcr_${randomAlphanumeric(16)}`;
}

/** A one-time "Sign in as User" ticket: 256 random bits, base64url (43 characters). */
export function newTicketSecret(): string {
	return randomBytes(32).toString('base64url');
}
