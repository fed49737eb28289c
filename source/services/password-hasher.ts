// argon2id at OWASP's recommended minimum (m=19 MiB, t=2, p=1). @node-rs/argon2
// hashes on libuv's thread pool, so the console's event loop keeps drawing while
// a password is hashed or verified.
import {hash, verify} from '@node-rs/argon2';

export const argon2Parameters = {
	// Algorithm.Argon2id; a const enum, which verbatimModuleSyntax cannot import.
	algorithm: 2,
	memoryCost: 19_456,
	timeCost: 2,
	parallelism: 1,
} as const;

export type PasswordHasher = {
	hash(password: string): Promise<string>;
	verify(hash: string, password: string): Promise<boolean>;
};

export const argon2Hasher: PasswordHasher = {
	async hash(password) {
		return hash(password, argon2Parameters);
	},
	async verify(phc, password) {
		try {
			return await verify(phc, password);
		} catch {
			// A malformed stored hash verifies nothing.
			return false;
		}
	},
};
