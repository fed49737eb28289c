// Verifies a password against a hash imported from another system, in each of
// the formats of Auth0's bulk import. The first successful sign-in replaces
// the hash with argon2id (users-service.ts), so these run once per user.
import {createHash, createHmac, getHashes, pbkdf2, scrypt, timingSafeEqual} from 'node:crypto';
import {promisify} from 'node:util';
import {
	bcryptMaxInputBytes, decodeBinary, digestBytes, ldapPattern, ldapSchemes, maxScryptMemoryBytes, parsePbkdf2,
} from '../domain/import/password-scheme.js';
import type {PasswordScheme} from '../domain/types.js';
import {loadArgon2} from './password-hasher.js';

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (password: Buffer, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

let available: ReadonlySet<string> | undefined;

function inNode(name: string): boolean {
	available ??= new Set(getHashes().map(hash => hash.toLowerCase()));
	return available.has(name);
}

// OpenSSL 3 moved md4 and whirlpool to its legacy provider, which Node does not
// load: hash-wasm (maintained, WebAssembly, no dependencies) computes them.
// Loaded only when such a hash is first checked.
type HashWasm = typeof import('hash-wasm');
type WasmHasher = ReturnType<HashWasm['createMD4']>;

const wasmDigests: Readonly<Record<string, (wasm: HashWasm) => WasmHasher>> = {
	md4: wasm => wasm.createMD4(),
	whirlpool: wasm => wasm.createWhirlpool(),
};

/** Whether userdeck can compute this digest (node:crypto or hash-wasm). */
export function digestAvailable(name: string): boolean {
	return inNode(name) || name in wasmDigests;
}

async function wasmHasher(name: string): Promise<{wasm: HashWasm; hasher: WasmHasher}> {
	const create = wasmDigests[name];
	if (!create) {
		throw new Error(`No implementation of ${name}`);
	}

	// The bundle gets hash-wasm's CommonJS build (its "main"), whose exports
	// arrive as `default`; tests and unbundled runs get the ES module.
	const loaded = await import('hash-wasm') as HashWasm & {default?: HashWasm};
	const wasm = loaded.default ?? loaded;
	return {wasm, hasher: create(wasm)};
}

async function digest(name: string, ...parts: Buffer[]): Promise<Buffer> {
	if (inNode(name)) {
		const hash = createHash(name);
		for (const part of parts) {
			hash.update(part);
		}

		return hash.digest();
	}

	const hasher = await (await wasmHasher(name)).hasher;
	hasher.init();
	for (const part of parts) {
		hasher.update(part);
	}

	return Buffer.from(hasher.digest('binary'));
}

async function hmac(name: string, key: Buffer, data: Buffer): Promise<Buffer> {
	if (inNode(name)) {
		return createHmac(name, key).update(data).digest();
	}

	const {wasm, hasher} = await wasmHasher(name);
	const mac = await wasm.createHMAC(hasher, key);
	mac.init();
	mac.update(data);
	return Buffer.from(mac.digest('binary'));
}

async function pbkdf2Derive(name: string, password: Buffer, salt: Buffer, iterations: number, keylen: number): Promise<Buffer> {
	if (inNode(name)) {
		return pbkdf2Async(password, salt, iterations, keylen, name);
	}

	const {wasm, hasher} = await wasmHasher(name);
	return Buffer.from(await wasm.pbkdf2({password, salt, iterations, hashLength: keylen, hashFunction: hasher, outputType: 'binary'}));
}

/** The digest a scheme needs, if it uses one directly. */
function digestOf(scheme: PasswordScheme, hash: string): string | undefined {
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

		case 'pbkdf2': {
			const parsed = parsePbkdf2(hash);
			return 'digest' in parsed ? parsed.digest : undefined;
		}

		default: {
			return undefined;
		}
	}
}

/** Why userdeck cannot verify the scheme, or undefined when it can. */
export function unsupportedScheme(scheme: PasswordScheme, hash: string): string | undefined {
	const name = digestOf(scheme, hash);
	if (name !== undefined && !digestAvailable(name)) {
		return `${name} is available neither in this Node.js build nor in hash-wasm: hashes using it cannot be verified`;
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
			// Auth0 salts bcrypt's input as it salts a digest's; bcrypt reads at
			// most 72 bytes of it, the salt's included, and ignores the rest.
			return verify(salted(scheme, bytes).subarray(0, bcryptMaxInputBytes), hash);
		}

		case 'pbkdf2': {
			const parsed = parsePbkdf2(hash);
			if ('problem' in parsed) {
				return false;
			}

			return same(await pbkdf2Derive(parsed.digest, bytes, parsed.salt, parsed.iterations, parsed.keylen), parsed.hash);
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
			return same(await digest(ldap.digest, bytes, decoded.subarray(size)), decoded.subarray(0, size));
		}

		case 'hmac': {
			const key = scheme.hash?.key;
			const keyBytes = key ? decodeBinary(key.value, key.encoding ?? 'utf8') : undefined;
			if (!keyBytes || !scheme.hash?.digest) {
				return false;
			}

			return same(await hmac(scheme.hash.digest, keyBytes, salted(scheme, bytes)), decodeBinary(hash, scheme.hash.encoding ?? 'hex'));
		}

		default: {
			return same(await digest(scheme.algorithm, salted(scheme, bytes)), decodeBinary(hash, scheme.hash?.encoding ?? 'hex'));
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
			const parsed = parsePbkdf2(hash);
			return 'problem' in parsed ? 'pbkdf2:?' : `pbkdf2:${parsed.digest}:${parsed.iterations}:${parsed.keylen}`;
		}

		case 'scrypt': {
			return `scrypt:${scheme.cost ?? 16_384}:${scheme.blockSize ?? 8}:${scheme.parallelization ?? 1}:${scheme.keylen ?? 0}`;
		}

		case 'argon2': {
			// `$argon2id$v=19$m=19456,t=2,p=1$…` (the version may be left out): the
			// variant and parameters, never the salt, or every such hash would be
			// a kind of its own and each sign-in would check them all.
			const match = /^\$(argon2(?:id|i|d))\$(?:v=\d+\$)?m=(\d+),t=(\d+),p=(\d+)\$/.exec(hash);
			return match ? `argon2:${match[1]}:m=${match[2]},t=${match[3]},p=${match[4]}` : 'argon2:?';
		}

		default: {
			return undefined;
		}
	}
}
