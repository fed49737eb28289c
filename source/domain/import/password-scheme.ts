// The password hash of an import entry: which of Auth0's formats it is in and
// whether it is well formed. Verifying a password against it is the services'
// job (imported-hash.ts); this file only decides what gets stored.
import {Buffer} from 'node:buffer';
import type {BinaryEncoding, ImportedHashAlgorithm, PasswordScheme} from '../types.js';
import type {ImportError, ImportErrorCode} from './import-error.js';
import type {CustomPasswordHash, ImportUser} from './import-user.js';

/** What a password record stores for an imported hash. */
export type ImportedPassword = {hash: string; scheme: PasswordScheme};

// Auth0's password_hash: bcrypt $2a$ or $2b$ "and have 10 saltRounds".
const bcryptPattern = /^\$2[ab]\$10\$[./A-Za-z\d]{53}$/;
const customBcryptPattern = /^\$2[aby]\$(\d{2})\$[./A-Za-z\d]{53}$/;
// Versions 16 (also when v= is left out, as PHC says) and 19 are the two argon2 has.
const argon2Pattern = /^\$argon2(?:id|i|d)\$(?:v=(?:16|19)\$)?m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z\d+/]+)\$([A-Za-z\d+/]+)$/;
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

/**
 * The digest names Auth0 lists for `$pbkdf2-<digest>$` (OpenSSL's names and
 * aliases), lower-cased, to the digest they mean. MDC2 is listed by Auth0 but
 * neither OpenSSL 3's default provider nor a maintained JavaScript library has
 * it: such hashes are refused rather than stored unverifiable.
 */
const pbkdf2DigestNames: Readonly<Record<string, string>> = {
	'rsa-md4': 'md4',
	'rsa-md5': 'md5',
	'rsa-mdc2': 'mdc2',
	'rsa-ripemd160': 'ripemd160',
	'rsa-sha1': 'sha1',
	'rsa-sha1-2': 'sha1',
	'rsa-sha224': 'sha224',
	'rsa-sha256': 'sha256',
	'rsa-sha384': 'sha384',
	'rsa-sha512': 'sha512',
	md4: 'md4',
	md4withrsaencryption: 'md4',
	md5: 'md5',
	md5withrsaencryption: 'md5',
	mdc2: 'mdc2',
	mdc2withrsa: 'mdc2',
	ripemd: 'ripemd160',
	ripemd160: 'ripemd160',
	ripemd160withrsa: 'ripemd160',
	rmd160: 'ripemd160',
	sha1: 'sha1',
	sha1withrsaencryption: 'sha1',
	sha224: 'sha224',
	sha224withrsaencryption: 'sha224',
	sha256: 'sha256',
	sha256withrsaencryption: 'sha256',
	sha384: 'sha384',
	sha384withrsaencryption: 'sha384',
	sha512: 'sha512',
	sha512withrsaencryption: 'sha512',
	'ssl3-md5': 'md5',
	'ssl3-sha1': 'sha1',
	whirlpool: 'whirlpool',
};

/** A pbkdf2 hash.value taken apart. */
export type Pbkdf2Hash = {digest: string; iterations: number; keylen: number; salt: Buffer; hash: Buffer};

/** Auth0's defaults when the PHC string leaves `i` or `l` out. */
export const pbkdf2Defaults = {iterations: 100_000, keylen: 64} as const;

/**
 * Reads `$pbkdf2-<digest>$i=…,l=…$<salt>$<hash>` (PHC): parameters in any
 * order, either or both left out (then also the parameter segment), salt and
 * hash in base64 with or without padding. Bare `$pbkdf2$` is sha1, as in
 * passlib and Node's own default.
 */
export function parsePbkdf2(value: string): Pbkdf2Hash | {problem: string} {
	const parts = value.split('$');
	if (parts[0] !== '' || parts.length < 4 || parts.length > 5) {
		return {problem: 'a pbkdf2 hash.value must be a PHC string: $pbkdf2-<digest>$i=<iterations>,l=<key length>$<salt>$<hash>'};
	}

	const id = /^pbkdf2(?:-(.+))?$/i.exec(parts[1]!);
	if (!id) {
		return {problem: `a pbkdf2 hash.value starts with $pbkdf2-<digest>$, not $${parts[1]!}$`};
	}

	const digestName = id[1] ?? 'sha1';
	const digest = pbkdf2DigestNames[digestName.toLowerCase()];
	if (digest === undefined) {
		return {problem: `unknown pbkdf2 digest ${digestName} (Auth0's digests: ${[...new Set(Object.values(pbkdf2DigestNames))].join(', ')} and their OpenSSL names)`};
	}

	const parameters: Record<string, number> = {};
	if (parts.length === 5) {
		for (const parameter of parts[2]!.split(',')) {
			const match = /^([il])=(\d{1,9})$/.exec(parameter);
			if (!match) {
				return {problem: `pbkdf2 parameters are i=<iterations> and l=<key length>, not "${parameter}"`};
			}

			if (match[1]! in parameters) {
				return {problem: `the pbkdf2 parameter ${match[1]!} is given twice`};
			}

			parameters[match[1]!] = Number(match[2]);
		}
	}

	const [encodedSalt, encodedHash] = parts.slice(-2) as [string, string];
	const salt = decodeBinary(encodedSalt, 'base64');
	const hash = decodeBinary(encodedHash, 'base64');
	if (salt === undefined || hash === undefined || encodedHash === '') {
		return {problem: 'the pbkdf2 salt and hash must be base64 (PHC leaves out the = padding)'};
	}

	return {digest, iterations: parameters['i'] ?? pbkdf2Defaults.iterations, keylen: parameters['l'] ?? pbkdf2Defaults.keylen, salt, hash};
}

// Bounds that keep one sign-in from taking seconds or gigabytes.
const maxPbkdf2Iterations = 10_000_000;
const maxKeyBytes = 1024;
export const maxScryptMemoryBytes = 256 * 1024 * 1024;
const maxArgon2Passes = 64;
/** Also scrypt's most parallelization units. */
const maxArgon2Lanes = 64;
const maxBcryptCost = 18;

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
		return {errors: [{code: 'NOT_PASSED', reason: 'BOTH_HASHES', path: 'custom_password_hash', message: 'password_hash and custom_password_hash are mutually exclusive'}]};
	}

	if (user.password_hash !== undefined) {
		if (!bcryptPattern.test(user.password_hash)) {
			return {errors: [{code: 'PATTERN', reason: 'INVALID_HASH', path: 'password_hash', message: 'password_hash must be a bcrypt hash with cost 10: $2a$10$ or $2b$10$ and 53 characters of salt and hash (other bcrypt hashes go in custom_password_hash)'}]};
		}

		return {password: {hash: user.password_hash, scheme: {algorithm: 'bcrypt'}}, errors: []};
	}

	if (user.custom_password_hash === undefined) {
		return {errors: []};
	}

	const problem = customHashProblem(user.custom_password_hash);
	if (problem !== undefined) {
		return {errors: [{code: problem.code ?? 'PATTERN', reason: problem.reason ?? 'INVALID_HASH', path: `custom_password_hash${problem.path ? `.${problem.path}` : ''}`, message: problem.message}]};
	}

	const {hash: {value, ...hashRest}, ...rest} = user.custom_password_hash;
	const scheme: PasswordScheme = {...rest};
	if (Object.keys(hashRest).length > 0) {
		scheme.hash = hashRest;
	}

	return {password: {hash: value!, scheme}, errors: []};
}

/** What is wrong with a custom_password_hash: Auth0's code (default PATTERN) and userdeck's finer reason (default INVALID_HASH). */
type Problem = {path?: string; message: string; code?: ImportErrorCode; reason?: string};

/**
 * Auth0's rules per algorithm ("Supported hash algorithms"): the hash.encoding
 * it allows and whether a salt may be given (where not, the salt is inside the
 * hash.value and a second one could not be applied).
 */
const algorithmRules: Readonly<Record<ImportedHashAlgorithm, {encodings: readonly BinaryEncoding[]; salt: boolean; saltless?: string}>> = {
	argon2: {encodings: ['utf8'], salt: false, saltless: 'the PHC string holds its salt'},
	bcrypt: {encodings: ['utf8'], salt: true},
	hmac: {encodings: ['hex', 'base64'], salt: true},
	ldap: {encodings: ['utf8'], salt: false, saltless: 'an {SSHA}-style value holds its salt'},
	md4: {encodings: ['hex', 'base64'], salt: true},
	md5: {encodings: ['hex', 'base64'], salt: true},
	sha1: {encodings: ['hex', 'base64'], salt: true},
	sha256: {encodings: ['hex', 'base64'], salt: true},
	sha512: {encodings: ['hex', 'base64'], salt: true},
	pbkdf2: {encodings: ['utf8'], salt: false, saltless: 'the PHC string holds its salt'},
	scrypt: {encodings: ['hex', 'base64'], salt: true},
};

function customHashProblem(custom: CustomPasswordHash): Problem | undefined {
	const {algorithm, hash} = custom;
	const value = hash.value;
	if (value === undefined || value === '') {
		return {path: 'hash.value', code: 'OBJECT_REQUIRED', reason: 'MISSING', message: 'hash.value is required'};
	}

	const rule = algorithmRules[algorithm];
	if (hash.encoding !== undefined && !rule.encodings.includes(hash.encoding)) {
		return {path: 'hash.encoding', code: 'ENUM_MISMATCH', reason: 'ENCODING_NOT_ALLOWED', message: `with ${algorithm}, hash.encoding must be ${rule.encodings.join(' or ')}`};
	}

	if (custom.salt !== undefined && !rule.salt) {
		return {path: 'salt', code: 'NOT_PASSED', reason: 'SALT_NOT_ALLOWED', message: `salt is not allowed with ${algorithm}: ${rule.saltless}`};
	}

	const saltProblem = custom.salt && decodeBinary(custom.salt.value, custom.salt.encoding ?? 'utf8') === undefined
		? {path: 'salt.value', reason: 'ENCODING', message: `salt.value is not valid ${custom.salt.encoding ?? 'utf8'}`}
		: undefined;
	switch (algorithm) {
		case 'argon2': {
			const match = argon2Pattern.exec(value);
			if (!match) {
				return {path: 'hash.value', message: 'an argon2 hash.value must be a PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$hash'};
			}

			const [memory, passes, lanes] = [Number(match[1]), Number(match[2]), Number(match[3])];
			// Argon2's own minimums (RFC 9106): below them no implementation verifies the hash.
			const saltBytes = decodeBinary(match[4]!, 'base64')?.length ?? 0;
			const tagBytes = decodeBinary(match[5]!, 'base64')?.length ?? 0;
			if (passes < 1 || lanes < 1 || memory < 8 * lanes || saltBytes < 8 || tagBytes < 4) {
				return {path: 'hash.value', code: 'MINIMUM', reason: 'PARAMETER', message: 'argon2 needs t ≥ 1, p ≥ 1, m ≥ 8·p, a salt of 8 bytes or more and a hash of 4 or more: this one could never be verified'};
			}

			return memory * 1024 > maxScryptMemoryBytes || passes > maxArgon2Passes || lanes < 1 || lanes > maxArgon2Lanes
				? {path: 'hash.value', code: 'MAXIMUM', reason: 'PARAMETER', message: `argon2 parameters beyond m=${maxScryptMemoryBytes / 1024}, t=${maxArgon2Passes}, p=1–${maxArgon2Lanes} would take too much memory or time at each sign-in`}
				: undefined;
		}

		case 'bcrypt': {
			const cost = customBcryptPattern.exec(value)?.[1];
			if (cost === undefined || Number(cost) < 4 || Number(cost) > 31) {
				return {path: 'hash.value', message: 'a bcrypt hash.value must be $2a$, $2b$ or $2y$ with cost 04–31'};
			}

			if (Number(cost) > maxBcryptCost) {
				// Each step doubles the work: cost 18 takes about 15 s, 31 more than a day.
				return {path: 'hash.value', code: 'MAXIMUM', reason: 'PARAMETER', message: `bcrypt cost ${cost} would take minutes or more at each sign-in (at most ${maxBcryptCost})`};
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
				return {path: 'hash.value', code: 'ENUM_MISMATCH', reason: 'UNSUPPORTED_ALGORITHM', message: `unknown LDAP scheme {${match[1]!}} (supported: ${Object.keys(ldapSchemes).map(name => `{${name}}`).join(', ')})`};
			}

			const bytes = Buffer.from(match[2]!, 'base64').length;
			const size = digestBytes[scheme.digest]!;
			return (scheme.salted ? bytes > size : bytes === size) ? undefined : {path: 'hash.value', reason: 'HASH_LENGTH', message: `an {${match[1]!}} hash holds ${size} bytes of digest${scheme.salted ? ' followed by the salt' : ''}`};
		}

		case 'hmac': {
			if (hash.digest === undefined) {
				return {path: 'hash.digest', code: 'OBJECT_REQUIRED', reason: 'MISSING', message: 'hmac needs hash.digest'};
			}

			if (hash.key === undefined) {
				return {path: 'hash.key', code: 'OBJECT_REQUIRED', reason: 'MISSING', message: 'hmac needs hash.key'};
			}

			if (decodeBinary(hash.key.value, hash.key.encoding ?? 'utf8') === undefined) {
				return {path: 'hash.key.value', reason: 'ENCODING', message: `hash.key.value is not valid ${hash.key.encoding ?? 'utf8'}`};
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
		? {path: 'salt.value', code: 'MAX_LENGTH', reason: 'BCRYPT_INPUT_LIMIT', message: `the salt is ${bytes} bytes: bcrypt reads only ${bcryptMaxInputBytes} bytes of salt and password together, so no byte of the password would count`}
		: undefined;
}

function digestValueProblem(value: string, encoding: BinaryEncoding | undefined, digest: string): Problem | undefined {
	return lengthProblem(value, encoding, digestBytes[digest]);
}

function lengthProblem(value: string, encoding: BinaryEncoding | undefined, bytes: number | undefined): Problem | undefined {
	if (encoding === undefined) {
		return {path: 'hash.encoding', code: 'OBJECT_REQUIRED', reason: 'MISSING', message: 'hash.encoding is required (hex or base64)'};
	}

	const decoded = decodeBinary(value, encoding);
	if (decoded === undefined) {
		return {path: 'hash.value', reason: 'ENCODING', message: `hash.value is not valid ${encoding}`};
	}

	if (bytes !== undefined && decoded.length !== bytes) {
		return {path: 'hash.value', reason: 'HASH_LENGTH', message: `hash.value decodes to ${decoded.length} bytes; this hash has ${bytes}`};
	}

	return undefined;
}

function pbkdf2Problem(value: string): Problem | undefined {
	const parsed = parsePbkdf2(value);
	if ('problem' in parsed) {
		return {path: 'hash.value', message: parsed.problem};
	}

	const {digest, iterations, keylen, hash} = parsed;
	if (!(digest in digestBytes)) {
		return {path: 'hash.value', code: 'ENUM_MISMATCH', reason: 'UNSUPPORTED_ALGORITHM', message: `pbkdf2 with ${digest} cannot be verified: no maintained implementation of ${digest} is available to userdeck`};
	}

	if (iterations < 1 || iterations > maxPbkdf2Iterations) {
		return {path: 'hash.value', reason: 'PARAMETER', message: `pbkdf2 iterations must be 1–${maxPbkdf2Iterations}`};
	}

	if (keylen < 1 || keylen > maxKeyBytes) {
		return {path: 'hash.value', reason: 'PARAMETER', message: `pbkdf2 key length must be 1–${maxKeyBytes}`};
	}

	if (hash.length !== keylen) {
		return {path: 'hash.value', reason: 'HASH_LENGTH', message: `the pbkdf2 hash is ${hash.length} bytes but its key length is ${keylen}${/[$,]l=/.test(value) ? '' : ` (l=${pbkdf2Defaults.keylen} when left out)`}`};
	}

	return undefined;
}

function scryptProblem(custom: CustomPasswordHash): Problem | undefined {
	const {keylen, cost = 16_384, blockSize = 8, parallelization = 1} = custom;
	if (keylen === undefined || keylen < 1 || keylen > maxKeyBytes) {
		return {path: 'keylen', code: keylen === undefined ? 'OBJECT_REQUIRED' : keylen < 1 ? 'MINIMUM' : 'MAXIMUM', reason: 'PARAMETER', message: `scrypt needs keylen, 1–${maxKeyBytes}`};
	}

	if (cost < 2 || (cost & (cost - 1)) !== 0 || cost > 2 ** 24) {
		return {path: 'cost', code: 'FORMAT', reason: 'PARAMETER', message: 'scrypt cost must be a power of two greater than one'};
	}

	if (blockSize < 1 || parallelization < 1) {
		return {path: blockSize < 1 ? 'blockSize' : 'parallelization', code: 'MINIMUM', reason: 'PARAMETER', message: 'scrypt blockSize and parallelization must be positive'};
	}

	if (parallelization > maxArgon2Lanes) {
		// Each unit repeats the whole work, one after the other in Node.js.
		return {path: 'parallelization', code: 'MAXIMUM', reason: 'PARAMETER', message: `scrypt parallelization must be at most ${maxArgon2Lanes}`};
	}

	if (128 * cost * blockSize > maxScryptMemoryBytes) {
		return {path: 'cost', code: 'MAXIMUM', reason: 'PARAMETER', message: `scrypt with this cost and blockSize needs more than ${maxScryptMemoryBytes / 1024 / 1024} MiB per sign-in`};
	}

	if (custom.salt === undefined) {
		return {path: 'salt', code: 'OBJECT_REQUIRED', reason: 'MISSING', message: 'scrypt needs a salt'};
	}

	return undefined;
}
