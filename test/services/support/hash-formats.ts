// One import entry per hash format userdeck accepts, each hash made here with
// an implementation independent of userdeck's verifier, with the password it
// was made from. Shared by the sign-in tests: a format added to the importer
// is added here, so that it is proven to sign in.
import {createHash, createHmac, pbkdf2Sync, randomBytes, scryptSync} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {hash as argon2Hash} from '@node-rs/argon2';
import {hashSync as bcryptHash} from '@node-rs/bcrypt';
import {createHMAC, createMD4, createWhirlpool, md4, pbkdf2 as wasmPbkdf2} from 'hash-wasm';

export type FormatCase = {
	name: string;
	entry: Record<string, unknown>;
	password: string;
	/** Passwords that must not sign in (default: the password with an x appended, and upper-cased). */
	wrong?: string[];
};

const password = 'Ünïcode-Pass-42!';

/** The digest of `parts` in order, as the hashes of imported users are made. */
export const digest = (algorithm: string, ...parts: Array<string | Buffer>) => {
	const hash = createHash(algorithm);
	for (const part of parts) {
		hash.update(part);
	}

	return hash.digest();
};

const custom = (name: string, hash: Record<string, unknown>, secret = password, wrong?: string[]): FormatCase => ({name, entry: {custom_password_hash: hash}, password: secret, ...(wrong ? {wrong} : {})});
const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

export async function acceptedFormats(): Promise<FormatCase[]> {
	const salt = randomBytes(16);
	const long = 'L'.repeat(80);
	const cases: FormatCase[] = [
		{name: 'password_hash bcrypt $2b$10$', entry: {password_hash: bcryptHash(password, 10)}, password},
		{name: 'password_hash bcrypt $2a$10$', entry: {password_hash: bcryptHash(password, 10).replace('$2b$', '$2a$')}, password},
		custom('argon2id', {algorithm: 'argon2', hash: {value: await argon2Hash(password, {algorithm: 2, memoryCost: 4096})}}),
		custom('argon2i', {algorithm: 'argon2', hash: {value: await argon2Hash(password, {algorithm: 1, memoryCost: 4096})}}),
		custom('argon2d, hash.encoding utf8', {algorithm: 'argon2', hash: {value: await argon2Hash(password, {algorithm: 0, memoryCost: 4096}), encoding: 'utf8'}}),
		custom('argon2id v=16 without its v=', {algorithm: 'argon2', hash: {value: (await argon2Hash(password, {algorithm: 2, memoryCost: 4096, version: 0})).replace('v=16$', '')}}),
		custom('bcrypt $2b$', {algorithm: 'bcrypt', hash: {value: bcryptHash(password, 4)}}),
		custom('bcrypt $2y$', {algorithm: 'bcrypt', hash: {value: bcryptHash(password, 4).replace('$2b$', '$2y$')}}),
		custom('bcrypt with a utf8 salt as prefix', {algorithm: 'bcrypt', hash: {value: bcryptHash(`pepper${password}`, 4)}, salt: {value: 'pepper'}}),
		custom('bcrypt with a hex salt as suffix', {algorithm: 'bcrypt', hash: {value: bcryptHash(Buffer.concat([Buffer.from(password), Buffer.from('a1b2c3', 'hex')]), 4), encoding: 'utf8'}, salt: {value: 'A1B2C3', encoding: 'hex', position: 'suffix'}}),
		// bcrypt reads 72 bytes: with a 10-byte salt, the password's first 62 bytes count and the rest does not.
		custom('bcrypt with a salt and a password past 72 bytes', {algorithm: 'bcrypt', hash: {value: bcryptHash(`0123456789${long}`.slice(0, 72), 4)}, salt: {value: '0123456789'}}, long, [long.slice(0, 61), `x${long}`]),
		custom('md5, hex', {algorithm: 'md5', hash: {value: digest('md5', password).toString('hex'), encoding: 'hex'}}),
		custom('sha1, upper-case hex, salt prefix', {algorithm: 'sha1', hash: {value: digest('sha1', 'NaCl', password).toString('hex').toUpperCase(), encoding: 'hex'}, salt: {value: 'NaCl'}}),
		custom('sha256, base64, hex salt as suffix', {algorithm: 'sha256', hash: {value: digest('sha256', password, Buffer.from('a1b2c3', 'hex')).toString('base64'), encoding: 'base64'}, salt: {value: 'a1b2c3', encoding: 'hex', position: 'suffix'}}),
		custom('sha512, base64url, utf16le password', {algorithm: 'sha512', hash: {value: digest('sha512', Buffer.from(password, 'utf16le')).toString('base64url'), encoding: 'base64'}, password: {encoding: 'utf16le'}}),
		custom('sha1, latin1 password', {algorithm: 'sha1', hash: {value: digest('sha1', Buffer.from('Pass-latin1-é', 'latin1')).toString('hex'), encoding: 'hex'}, password: {encoding: 'latin1'}}, 'Pass-latin1-é'),
		custom('hmac-sha256, base64 key, salt', (() => {
			const key = randomBytes(32);
			return {algorithm: 'hmac', hash: {value: createHmac('sha256', key).update(`pepper${password}`).digest('hex'), encoding: 'hex', digest: 'sha256', key: {value: key.toString('base64'), encoding: 'base64'}}, salt: {value: 'pepper'}};
		})()),
		custom('hmac-ripemd160, utf8 key', {algorithm: 'hmac', hash: {value: createHmac('ripemd160', 'key').update(password).digest('base64'), encoding: 'base64', digest: 'ripemd160', key: {value: 'key'}}}),
		custom('pbkdf2-sha512 (PHC)', {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-sha512$i=1000,l=64$${b64(salt)}$${b64(pbkdf2Sync(password, salt, 1000, 64, 'sha512'))}`}}),
		custom('pbkdf2 with its default digest sha1, padded base64', {algorithm: 'pbkdf2', hash: {value: `$pbkdf2$i=500,l=20$${salt.toString('base64')}$${pbkdf2Sync(password, salt, 500, 20, 'sha1').toString('base64')}`, encoding: 'utf8'}}),
		custom('scrypt', {algorithm: 'scrypt', hash: {value: scryptSync(password, salt, 32, {N: 1024, r: 8, p: 1}).toString('hex'), encoding: 'hex'}, salt: {value: salt.toString('base64'), encoding: 'base64'}, keylen: 32, cost: 1024}),
		custom('ldap {SSHA}', {algorithm: 'ldap', hash: {value: `{SSHA}${Buffer.concat([digest('sha1', password, salt), salt]).toString('base64')}`}}),
		custom('ldap {SHA256}, hash.encoding utf8', {algorithm: 'ldap', hash: {value: `{SHA256}${digest('sha256', password).toString('base64')}`, encoding: 'utf8'}}),
		custom('ldap {smd5}', {algorithm: 'ldap', hash: {value: `{smd5}${Buffer.concat([digest('md5', password, salt), salt]).toString('base64')}`}}),
		// md4 and whirlpool: not in Node.js 20's OpenSSL 3, made here with hash-wasm.
		custom('md4, base64', {algorithm: 'md4', hash: {value: Buffer.from(await md4(password), 'hex').toString('base64'), encoding: 'base64'}}),
		custom('md4, hex, salt suffix', {algorithm: 'md4', hash: {value: await md4(`${password}NaCl`), encoding: 'hex'}, salt: {value: 'NaCl', position: 'suffix'}}),
		custom('hmac-md4', {algorithm: 'hmac', hash: {value: await wasmHmac(createMD4(), 'key', password), encoding: 'hex', digest: 'md4', key: {value: 'key'}}}),
		custom('hmac-whirlpool with a hex key', {algorithm: 'hmac', hash: {value: Buffer.from(await wasmHmac(createWhirlpool(), Buffer.from('c0ffee', 'hex'), password), 'hex').toString('base64'), encoding: 'base64', digest: 'whirlpool', key: {value: 'c0ffee', encoding: 'hex'}}}),
		custom('pbkdf2-md4', {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-md4$i=1000,l=32$${b64(salt)}$${b64(await wasmDerive(createMD4(), salt, 1000, 32))}`}}),
		custom('pbkdf2-whirlpool', {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-whirlpool$i=700,l=64$${b64(salt)}$${b64(await wasmDerive(createWhirlpool(), salt, 700, 64))}`}}),
		// Auth0: "If these parameters are omitted, they will default to i=100000 and l=64".
		custom('pbkdf2-sha256 with i and l left out', {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-sha256$${b64(salt)}$${b64(pbkdf2Sync(password, salt, 100_000, 64, 'sha256'))}`}}),
		custom('pbkdf2-sha1 with only l', {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-sha1$l=20$${b64(salt)}$${b64(pbkdf2Sync(password, salt, 100_000, 20, 'sha1'))}`}}),
		custom('pbkdf2-sha512 with only i', {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-sha512$i=1200$${b64(salt)}$${b64(pbkdf2Sync(password, salt, 1200, 64, 'sha512'))}`}}),
		custom('pbkdf2-sha256 with l before i', {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-sha256$l=32,i=900$${b64(salt)}$${b64(pbkdf2Sync(password, salt, 900, 32, 'sha256'))}`}}),
		custom('pbkdf2-RSA-SHA256', {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-RSA-SHA256$i=800,l=32$${b64(salt)}$${b64(pbkdf2Sync(password, salt, 800, 32, 'sha256'))}`}}),
		custom('pbkdf2-sha384WithRSAEncryption', {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-sha384WithRSAEncryption$i=800,l=48$${b64(salt)}$${b64(pbkdf2Sync(password, salt, 800, 48, 'sha384'))}`}}),
		custom('pbkdf2-RSA-MD4', {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-RSA-MD4$i=600,l=16$${b64(salt)}$${b64(await wasmDerive(createMD4(), salt, 600, 16))}`}}),
		custom('pbkdf2-ssl3-md5', {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-ssl3-md5$i=600,l=16$${b64(salt)}$${b64(pbkdf2Sync(password, salt, 600, 16, 'md5'))}`}}),
		custom('pbkdf2-rmd160', {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-rmd160$i=600,l=20$${b64(salt)}$${b64(pbkdf2Sync(password, salt, 600, 20, 'ripemd160'))}`}}),
		custom('pbkdf2-sha224, padded base64', {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-sha224$i=600,l=28$${salt.toString('base64')}$${pbkdf2Sync(password, salt, 600, 28, 'sha224').toString('base64')}`}}),
		...auth0Examples(),
		{name: 'user_id with a |', entry: {user_id: 'legacy|42', custom_password_hash: {algorithm: 'md5', hash: {value: digest('md5', password).toString('base64'), encoding: 'base64'}}}, password},
	];
	return cases;
}

async function wasmHmac(hasher: ReturnType<typeof createMD4>, key: string | Buffer, data: string): Promise<string> {
	const mac = await createHMAC(hasher, key);
	mac.init();
	mac.update(data);
	return mac.digest('hex');
}

async function wasmDerive(hasher: ReturnType<typeof createMD4>, salt: Buffer, iterations: number, hashLength: number): Promise<Buffer> {
	return Buffer.from(await wasmPbkdf2({password, salt, iterations, hashLength, hashFunction: hasher, outputType: 'binary'}));
}

/** Auth0's documented examples (test/fixtures/README.md), with the passwords they were made from. */
export const auth0ExamplePasswords: Readonly<Record<string, string>> = {
	'antoinette@contoso.com': 'shh',
	'mary@contoso.com': 'shh',
	'velma@contoso.com': 'shh',
	'edward@contoso.com': 'shh',
	'terrell@contoso.com': 'shh',
	'cecil@contoso.com': 'shh',
	'sean@contoso.com': 'shh',
	'peter@contoso.com': 'test',
	'carmella@contoso.com': 'password',
	'hello@contoso.com': 'hello',
};

function auth0Examples(): FormatCase[] {
	const users = JSON.parse(readFileSync('test/fixtures/auth0-custom-password-hash-examples.json', 'utf8')) as Array<{email: string; custom_password_hash: {algorithm: string}}>;
	return users.map(({email, ...entry}) => ({name: `Auth0's example ${email} (${entry.custom_password_hash.algorithm})`, entry, password: auth0ExamplePasswords[email]!}));
}
