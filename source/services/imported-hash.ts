// Verifies a password against a hash imported from another system, in each of
// the formats of Auth0's bulk import. The first successful sign-in replaces
// the hash with argon2id (users-service.ts), so these run once per user.
import {createHash, createHmac, getHashes, pbkdf2, scrypt, timingSafeEqual} from 'node:crypto';
import {promisify} from 'node:util';
import {
	decodeBinary, digestBytes, ldapPattern, ldapSchemes, maxScryptMemoryBytes, pbkdf2Pattern,
} from '../domain/import/password-scheme.js';
import type {PasswordScheme} from '../domain/types.js';
import {loadArgon2} from './password-hasher.js';

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (password: Buffer, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

let available: ReadonlySet<string> | undefined;

function hashAvailable(name: string): boolean {
	available ??= new Set(getHashes().map(hash => hash.toLowerCase()));
	return available.has(name);
}

/** The digest a scheme needs from node:crypto, if it uses one directly. */
function digestOf(scheme: PasswordScheme): string | undefined {
	switch (scheme.algorithm) {
		case 'md4':
		case 'md5':
		case 'sha1':
		case 'sha256':
		case 'sha512': {
			return scheme.algorithm;
		}

		case 'hmac': {
			return scheme.hash?.digest;
		}

		default: {
			return undefined;
		}
	}
}

/**
 * Why this runtime cannot verify the scheme, or undefined when it can. OpenSSL 3
 * moved md4 and whirlpool to its legacy provider, which Node does not load.
 */
export function unsupportedScheme(scheme: PasswordScheme, hash: string): string | undefined {
	const digest = scheme.algorithm === 'pbkdf2' ? pbkdf2Pattern.exec(hash)?.[1] ?? 'sha1' : digestOf(scheme);
	if (digest !== undefined && !hashAvailable(digest)) {
		return `${digest} is not available in this Node.js build (OpenSSL 3 keeps it in its legacy provider): hashes using it cannot be verified`;
	}

	return undefined;
}

function passwordBytes(scheme: PasswordScheme, password: string): Buffer {
	return Buffer.from(password, scheme.password?.encoding ?? 'utf8');
}

function salted(scheme: PasswordScheme, password: Buffer): Buffer {
	if (!scheme.salt) {
		return password;
	}

	const salt = decodeBinary(scheme.salt.value, scheme.salt.encoding ?? 'utf8') ?? Buffer.alloc(0);
	return scheme.salt.position === 'suffix' ? Buffer.concat([password, salt]) : Buffer.concat([salt, password]);
}

function same(a: Buffer, b: Buffer | undefined): boolean {
	return b !== undefined && a.length === b.length && timingSafeEqual(a, b);
}

async function verifyScheme(hash: string, scheme: PasswordScheme, password: string): Promise<boolean> {
	const bytes = passwordBytes(scheme, password);
	switch (scheme.algorithm) {
		case 'argon2': {
			const {verify} = await loadArgon2();
			return verify(hash, bytes);
		}

		case 'bcrypt': {
			// Loaded when an imported bcrypt hash is first checked (see loadArgon2).
			const {verify} = await import('@node-rs/bcrypt');
			return verify(bytes, hash);
		}

		case 'pbkdf2': {
			const match = pbkdf2Pattern.exec(hash);
			if (!match) {
				return false;
			}

			const expected = decodeBinary(match[5]!, 'base64');
			const derived = await pbkdf2Async(bytes, decodeBinary(match[4]!, 'base64') ?? Buffer.alloc(0), Number(match[2]), Number(match[3]), match[1] ?? 'sha1');
			return same(derived, expected);
		}

		case 'scrypt': {
			const salt = decodeBinary(scheme.salt?.value ?? '', scheme.salt?.encoding ?? 'utf8') ?? Buffer.alloc(0);
			const derived = await scryptAsync(bytes, salt, scheme.keylen ?? 0, {
				N: scheme.cost ?? 16_384,
				r: scheme.blockSize ?? 8,
				p: scheme.parallelization ?? 1,
				maxmem: maxScryptMemoryBytes + 1024 * 1024,
			});
			return same(derived, decodeBinary(hash, scheme.hash?.encoding ?? 'hex'));
		}

		case 'ldap': {
			const match = ldapPattern.exec(hash);
			const ldap = match ? ldapSchemes[match[1]!.toUpperCase()] : undefined;
			if (!match || !ldap) {
				return false;
			}

			const decoded = Buffer.from(match[2]!, 'base64');
			const size = digestBytes[ldap.digest]!;
			const digest = createHash(ldap.digest).update(bytes).update(decoded.subarray(size)).digest();
			return same(digest, decoded.subarray(0, size));
		}

		case 'hmac': {
			const key = scheme.hash?.key;
			const keyBytes = key ? decodeBinary(key.value, key.encoding ?? 'utf8') : undefined;
			if (!keyBytes || !scheme.hash?.digest) {
				return false;
			}

			const digest = createHmac(scheme.hash.digest, keyBytes).update(salted(scheme, bytes)).digest();
			return same(digest, decodeBinary(hash, scheme.hash.encoding ?? 'hex'));
		}

		default: {
			const digest = createHash(scheme.algorithm).update(salted(scheme, bytes)).digest();
			return same(digest, decodeBinary(hash, scheme.hash?.encoding ?? 'hex'));
		}
	}
}

/** Whether `password` is the one the imported hash was made from. Never throws. */
export async function verifyImportedHash(hash: string, scheme: PasswordScheme, password: string): Promise<boolean> {
	try {
		return await verifyScheme(hash, scheme, password);
	} catch {
		// A malformed stored hash or an algorithm this runtime lacks verifies nothing.
		return false;
	}
}

/**
 * What a verification of this imported hash costs, as a key: hashes with the
 * same key take the same time to check (bcrypt by its cost, pbkdf2 by digest
 * and iterations, scrypt by its parameters, argon2 by its own). Undefined for
 * the plain digests (md5, sha*, hmac, ldap), which take microseconds.
 */
export function verificationCostKey(hash: string, scheme: PasswordScheme): string | undefined {
	switch (scheme.algorithm) {
		case 'bcrypt': {
			return `bcrypt:${/^\$2[abxy]?\$(\d+)\$/.exec(hash)?.[1] ?? '?'}`;
		}

		case 'pbkdf2': {
			const match = pbkdf2Pattern.exec(hash);
			return `pbkdf2:${match?.[1] ?? 'sha1'}:${match?.[2] ?? '?'}:${match?.[3] ?? '?'}`;
		}

		case 'scrypt': {
			return `scrypt:${scheme.cost ?? 16_384}:${scheme.blockSize ?? 8}:${scheme.parallelization ?? 1}:${scheme.keylen ?? 0}`;
		}

		case 'argon2': {
			// `$argon2id$v=19$m=19456,t=2,p=1$…`: the variant, version and parameters.
			return `argon2:${hash.split('$').slice(1, 4).join('$')}`;
		}

		default: {
			return undefined;
		}
	}
}
