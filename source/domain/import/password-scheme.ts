// The password hash of an import entry: which of Auth0's formats it is in and
// whether it is well formed. Verifying a password against it is the services'
// job (imported-hash.ts); this file only decides what gets stored.
import {Buffer} from 'node:buffer';
import type {BinaryEncoding, PasswordScheme} from '../types.js';
import type {ImportError} from './import-error.js';
import type {CustomPasswordHash, ImportUser} from './import-user.js';

/** What a password record stores for an imported hash. */
export type ImportedPassword = {hash: string; scheme: PasswordScheme};

const bcryptPattern = /^\$2[ab]\$(\d{2})\$[./A-Za-z\d]{53}$/;
const customBcryptPattern = /^\$2[aby]\$(\d{2})\$[./A-Za-z\d]{53}$/;
const argon2Pattern = /^\$argon2(?:id|i|d)\$(?:v=\d+\$)?m=\d+,t=\d+,p=\d+\$[A-Za-z\d+/]+\$[A-Za-z\d+/]+$/;
/** `$pbkdf2-sha512$i=100000,l=64$<salt>$<hash>`, salt and hash in (unpadded) base64. */
export const pbkdf2Pattern = /^\$pbkdf2(?:-([a-z\d]+))?\$i=(\d+),l=(\d+)\$([A-Za-z\d+/.=_-]+)\$([A-Za-z\d+/.=_-]+)$/;
/** RFC 2307 `{SSHA}base64`; the salt follows the digest inside the base64. */
export const ldapPattern = /^\{([A-Za-z\d]+)\}([A-Za-z\d+/]+=*)$/;

/** Digest sizes in bytes, to tell a truncated or mis-encoded hash at import time. */
export const digestBytes: Readonly<Record<string, number>> = {
	md4: 16,
	md5: 16,
	ripemd160: 20,
	sha1: 20,
	sha224: 28,
	sha256: 32,
	sha384: 48,
	sha512: 64,
	whirlpool: 64,
};

/** LDAP schemes: digest, and whether a salt follows it. */
export const ldapSchemes: Readonly<Record<string, {digest: string; salted: boolean}>> = {
	SHA: {digest: 'sha1', salted: false},
	SSHA: {digest: 'sha1', salted: true},
	MD5: {digest: 'md5', salted: false},
	SMD5: {digest: 'md5', salted: true},
	SHA256: {digest: 'sha256', salted: false},
	SSHA256: {digest: 'sha256', salted: true},
	SHA384: {digest: 'sha384', salted: false},
	SSHA384: {digest: 'sha384', salted: true},
	SHA512: {digest: 'sha512', salted: false},
	SSHA512: {digest: 'sha512', salted: true},
};

/** bcrypt reads at most this many bytes of its input (salt and password together). */
export const bcryptMaxInputBytes = 72;

// Bounds that keep one sign-in from taking seconds or gigabytes.
const maxPbkdf2Iterations = 10_000_000;
const maxKeyBytes = 1024;
export const maxScryptMemoryBytes = 256 * 1024 * 1024;

const hexPattern = /^(?:[\dA-Fa-f]{2})*$/;
const base64Pattern = /^[A-Za-z\d+/_-]*={0,2}$/;

/** Decodes hex (either case), base64 or base64url; undefined when the text is not in that encoding. */
export function decodeBinary(value: string, encoding: BinaryEncoding): Buffer | undefined {
	if (encoding === 'utf8') {
		return Buffer.from(value, 'utf8');
	}

	if (encoding === 'hex') {
		return hexPattern.test(value) ? Buffer.from(value, 'hex') : undefined;
	}

	return base64Pattern.test(value) && value.replace(/=+$/, '').length % 4 !== 1 ? Buffer.from(value, 'base64') : undefined;
}

/** The password of an entry as it will be stored, or the problems that keep it from being imported. */
export function importedPassword(user: ImportUser): {password?: ImportedPassword; errors: ImportError[]} {
	if (user.password_hash !== undefined && user.custom_password_hash !== undefined) {
		return {errors: [{code: 'INVALID_HASH', path: 'custom_password_hash', message: 'password_hash and custom_password_hash are mutually exclusive'}]};
	}

	if (user.password_hash !== undefined) {
		const cost = bcryptPattern.exec(user.password_hash)?.[1];
		if (cost === undefined || Number(cost) < 4 || Number(cost) > 31) {
			return {errors: [{code: 'INVALID_HASH', path: 'password_hash', message: 'password_hash must be a bcrypt hash ($2a$ or $2b$, cost 04–31, 53 characters of salt and hash)'}]};
		}

		return {password: {hash: user.password_hash, scheme: {algorithm: 'bcrypt'}}, errors: []};
	}

	if (user.custom_password_hash === undefined) {
		return {errors: []};
	}

	const problem = customHashProblem(user.custom_password_hash);
	if (problem !== undefined) {
		return {errors: [{code: 'INVALID_HASH', path: `custom_password_hash${problem.path ? `.${problem.path}` : ''}`, message: problem.message}]};
	}

	const {hash: {value, ...hashRest}, ...rest} = user.custom_password_hash;
	const scheme: PasswordScheme = {...rest};
	if (Object.keys(hashRest).length > 0) {
		scheme.hash = hashRest;
	}

	return {password: {hash: value!, scheme}, errors: []};
}

type Problem = {path?: string; message: string};

function customHashProblem(custom: CustomPasswordHash): Problem | undefined {
	const {algorithm, hash} = custom;
	const value = hash.value;
	if (value === undefined || value === '') {
		return {path: 'hash.value', message: 'hash.value is required'};
	}

	const saltProblem = custom.salt && decodeBinary(custom.salt.value, custom.salt.encoding ?? 'utf8') === undefined
		? {path: 'salt.value', message: `salt.value is not valid ${custom.salt.encoding ?? 'utf8'}`}
		: undefined;
	switch (algorithm) {
		case 'argon2': {
			return argon2Pattern.test(value) ? undefined : {path: 'hash.value', message: 'an argon2 hash.value must be a PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$hash'};
		}

		case 'bcrypt': {
			const cost = customBcryptPattern.exec(value)?.[1];
			if (cost === undefined || Number(cost) < 4 || Number(cost) > 31) {
				return {path: 'hash.value', message: 'a bcrypt hash.value must be $2a$, $2b$ or $2y$ with cost 04–31'};
			}

			return saltProblem ?? bcryptSaltProblem(custom);
		}

		case 'pbkdf2': {
			return pbkdf2Problem(value);
		}

		case 'ldap': {
			const match = ldapPattern.exec(value);
			if (!match) {
				return {path: 'hash.value', message: 'an ldap hash.value must be in RFC 2307 form: {SSHA}base64'};
			}

			const scheme = ldapSchemes[match[1]!.toUpperCase()];
			if (!scheme) {
				return {path: 'hash.value', message: `unknown LDAP scheme {${match[1]!}} (supported: ${Object.keys(ldapSchemes).map(name => `{${name}}`).join(', ')})`};
			}

			const bytes = Buffer.from(match[2]!, 'base64').length;
			const size = digestBytes[scheme.digest]!;
			return (scheme.salted ? bytes > size : bytes === size) ? undefined : {path: 'hash.value', message: `an {${match[1]!}} hash holds ${size} bytes of digest${scheme.salted ? ' followed by the salt' : ''}`};
		}

		case 'hmac': {
			if (hash.digest === undefined) {
				return {path: 'hash.digest', message: 'hmac needs hash.digest'};
			}

			if (hash.key === undefined) {
				return {path: 'hash.key', message: 'hmac needs hash.key'};
			}

			if (decodeBinary(hash.key.value, hash.key.encoding ?? 'utf8') === undefined) {
				return {path: 'hash.key.value', message: `hash.key.value is not valid ${hash.key.encoding ?? 'utf8'}`};
			}

			return saltProblem ?? digestValueProblem(value, hash.encoding, hash.digest);
		}

		case 'scrypt': {
			return scryptProblem(custom) ?? saltProblem ?? lengthProblem(value, hash.encoding, custom.keylen!);
		}

		default: {
			// md4, md5, sha1, sha256, sha512: a plain digest, salted or not.
			return saltProblem ?? digestValueProblem(value, hash.encoding, algorithm);
		}
	}
}

/**
 * A prefix salt that fills bcrypt's 72 bytes leaves no room for the password:
 * every password would match the hash. One that leaves a little room makes
 * longer passwords collide (Auth0 documents the truncation); that is the
 * other system's choice and imports as it is.
 */
function bcryptSaltProblem(custom: CustomPasswordHash): Problem | undefined {
	if (!custom.salt || custom.salt.position === 'suffix') {
		return undefined;
	}

	const bytes = decodeBinary(custom.salt.value, custom.salt.encoding ?? 'utf8')!.length;
	return bytes >= bcryptMaxInputBytes
		? {path: 'salt.value', message: `the salt is ${bytes} bytes: bcrypt reads only ${bcryptMaxInputBytes} bytes of salt and password together, so no byte of the password would count`}
		: undefined;
}

function digestValueProblem(value: string, encoding: BinaryEncoding | undefined, digest: string): Problem | undefined {
	return lengthProblem(value, encoding, digestBytes[digest]);
}

function lengthProblem(value: string, encoding: BinaryEncoding | undefined, bytes: number | undefined): Problem | undefined {
	if (encoding === undefined) {
		return {path: 'hash.encoding', message: 'hash.encoding is required (hex or base64)'};
	}

	const decoded = decodeBinary(value, encoding);
	if (decoded === undefined) {
		return {path: 'hash.value', message: `hash.value is not valid ${encoding}`};
	}

	if (bytes !== undefined && decoded.length !== bytes) {
		return {path: 'hash.value', message: `hash.value decodes to ${decoded.length} bytes; this hash has ${bytes}`};
	}

	return undefined;
}

function pbkdf2Problem(value: string): Problem | undefined {
	const match = pbkdf2Pattern.exec(value);
	if (!match) {
		return {path: 'hash.value', message: 'a pbkdf2 hash.value must be a PHC string: $pbkdf2-sha512$i=100000,l=64$salt$hash'};
	}

	const digest = match[1] ?? 'sha1';
	const iterations = Number(match[2]);
	const keylen = Number(match[3]);
	if (!(digest in digestBytes)) {
		return {path: 'hash.value', message: `unknown pbkdf2 digest ${digest}`};
	}

	if (iterations < 1 || iterations > maxPbkdf2Iterations) {
		return {path: 'hash.value', message: `pbkdf2 iterations must be 1–${maxPbkdf2Iterations}`};
	}

	if (keylen < 1 || keylen > maxKeyBytes) {
		return {path: 'hash.value', message: `pbkdf2 key length must be 1–${maxKeyBytes}`};
	}

	const hashBytes = decodeBinary(match[5]!, 'base64');
	if (decodeBinary(match[4]!, 'base64') === undefined || hashBytes?.length !== keylen) {
		return {path: 'hash.value', message: `the pbkdf2 salt and hash must be base64, the hash ${keylen} bytes (l=${keylen})`};
	}

	return undefined;
}

function scryptProblem(custom: CustomPasswordHash): Problem | undefined {
	const {keylen, cost = 16_384, blockSize = 8, parallelization = 1} = custom;
	if (keylen === undefined || keylen < 1 || keylen > maxKeyBytes) {
		return {path: 'keylen', message: `scrypt needs keylen, 1–${maxKeyBytes}`};
	}

	if (cost < 2 || (cost & (cost - 1)) !== 0 || cost > 2 ** 24) {
		return {path: 'cost', message: 'scrypt cost must be a power of two greater than one'};
	}

	if (blockSize < 1 || parallelization < 1) {
		return {path: blockSize < 1 ? 'blockSize' : 'parallelization', message: 'scrypt blockSize and parallelization must be positive'};
	}

	if (128 * cost * blockSize > maxScryptMemoryBytes) {
		return {path: 'cost', message: `scrypt with this cost and blockSize needs more than ${maxScryptMemoryBytes / 1024 / 1024} MiB per sign-in`};
	}

	if (custom.salt === undefined) {
		return {path: 'salt', message: 'scrypt needs a salt'};
	}

	return undefined;
}
