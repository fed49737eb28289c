// One import entry per hash format userdeck accepts, each hash made here with
// an implementation independent of userdeck's verifier, with the password it
// was made from. Shared by the sign-in tests: a format added to the importer
// is added here, so that it is proven to sign in.
import {createHash, createHmac, pbkdf2Sync, randomBytes, scryptSync} from 'node:crypto';
import {hash as argon2Hash} from '@node-rs/argon2';
import {hashSync as bcryptHash} from '@node-rs/bcrypt';

export type FormatCase = {
	name: string;
	entry: Record<string, unknown>;
	password: string;
	/** Passwords that must not sign in (default: the password with an x appended, and upper-cased). */
	wrong?: string[];
};

const password = 'Ünïcode-Pass-42!';

const digest = (algorithm: string, ...parts: Array<string | Buffer>) => {
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
	];
	return cases;
}
