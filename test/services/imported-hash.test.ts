// Each imported hash format verifies the password it was made from and only
// that one. The hashes are made here with node:crypto and the same libraries
// other systems use, following Auth0's description of each format.
import {createHash, createHmac, pbkdf2Sync, randomBytes, scryptSync} from 'node:crypto';
import {hash as argon2Hash} from '@node-rs/argon2';
import {hashSync as bcryptHash} from '@node-rs/bcrypt';
import {describe, expect, it} from 'vitest';
import {importedPassword} from '../../source/domain/import/password-scheme.js';
import type {CustomPasswordHash} from '../../source/domain/import/import-user.js';
import {unsupportedScheme, verificationCostKey, verifyImportedHash} from '../../source/services/imported-hash.js';

const password = 'Ünïcode-Pass-42!';

type Case = {name: string; make: () => Promise<CustomPasswordHash> | CustomPasswordHash};

const digest = (algorithm: string, ...parts: Array<string | Buffer>) => {
	const hash = createHash(algorithm);
	for (const part of parts) {
		hash.update(part);
	}

	return hash.digest();
};

const cases: Case[] = [
	{name: 'argon2id', make: async () => ({algorithm: 'argon2', hash: {value: await argon2Hash(password, {algorithm: 2})}})},
	{name: 'argon2i', make: async () => ({algorithm: 'argon2', hash: {value: await argon2Hash(password, {algorithm: 1})}})},
	{name: 'bcrypt $2b$', make: () => ({algorithm: 'bcrypt', hash: {value: bcryptHash(password, 4)}})},
	{name: 'bcrypt $2y$', make: () => ({algorithm: 'bcrypt', hash: {value: bcryptHash(password, 4).replace('$2b$', '$2y$')}})},
	{name: 'md5, hex, unsalted', make: () => ({algorithm: 'md5', hash: {value: digest('md5', password).toString('hex'), encoding: 'hex'}})},
	{name: 'sha1, upper-case hex, salt prefix', make: () => ({algorithm: 'sha1', hash: {value: digest('sha1', 'NaCl', password).toString('hex').toUpperCase(), encoding: 'hex'}, salt: {value: 'NaCl'}})},
	{name: 'sha256, base64, hex salt as suffix', make: () => ({algorithm: 'sha256', hash: {value: digest('sha256', password, Buffer.from('a1b2c3', 'hex')).toString('base64'), encoding: 'base64'}, salt: {value: 'a1b2c3', encoding: 'hex', position: 'suffix'}})},
	{name: 'sha512, base64url, utf16le password', make: () => ({algorithm: 'sha512', hash: {value: digest('sha512', Buffer.from(password, 'utf16le')).toString('base64url'), encoding: 'base64'}, password: {encoding: 'utf16le'}})},
	{name: 'hmac-sha256 with a base64 key and salt', make: () => {
		const key = randomBytes(32);
		return {algorithm: 'hmac', hash: {value: createHmac('sha256', key).update(`pepper${password}`).digest('hex'), encoding: 'hex', digest: 'sha256', key: {value: key.toString('base64'), encoding: 'base64'}}, salt: {value: 'pepper'}};
	}},
	{name: 'pbkdf2-sha512 (PHC)', make: () => {
		const salt = randomBytes(16);
		const derived = pbkdf2Sync(password, salt, 1000, 64, 'sha512');
		return {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-sha512$i=1000,l=64$${salt.toString('base64').replace(/=+$/, '')}$${derived.toString('base64').replace(/=+$/, '')}`}};
	}},
	{name: 'pbkdf2 with its default digest sha1', make: () => {
		const salt = randomBytes(8);
		return {algorithm: 'pbkdf2', hash: {value: `$pbkdf2$i=500,l=20$${salt.toString('base64')}$${pbkdf2Sync(password, salt, 500, 20, 'sha1').toString('base64')}`}};
	}},
	{name: 'scrypt', make: () => {
		const salt = randomBytes(16);
		return {algorithm: 'scrypt', hash: {value: scryptSync(password, salt, 32, {N: 1024, r: 8, p: 1}).toString('hex'), encoding: 'hex'}, salt: {value: salt.toString('base64'), encoding: 'base64'}, keylen: 32, cost: 1024};
	}},
	{name: 'ldap {SSHA}', make: () => {
		const salt = randomBytes(8);
		return {algorithm: 'ldap', hash: {value: `{SSHA}${Buffer.concat([digest('sha1', password, salt), salt]).toString('base64')}`}};
	}},
	{name: 'ldap {SHA256}', make: () => ({algorithm: 'ldap', hash: {value: `{SHA256}${digest('sha256', password).toString('base64')}`}})},
];

describe('verifyImportedHash', () => {
	it.each(cases)('$name: the right password verifies, others do not', async ({make}) => {
		const custom = await make();
		const {password: imported, errors} = importedPassword({email: 'a@example.com', custom_password_hash: custom});
		expect(errors).toEqual([]);
		expect(unsupportedScheme(imported!.scheme, imported!.hash)).toBeUndefined();
		expect(await verifyImportedHash(imported!.hash, imported!.scheme, password)).toBe(true);
		for (const wrong of ['', password.slice(0, -1), `${password} `, password.toUpperCase()]) {
			expect(await verifyImportedHash(imported!.hash, imported!.scheme, wrong), wrong).toBe(false);
		}
	});

	it('verifies a bcrypt password_hash', async () => {
		const {password: imported} = importedPassword({email: 'a@example.com', password_hash: bcryptHash(password, 10).replace('$2b$', '$2a$')});
		expect(await verifyImportedHash(imported!.hash, imported!.scheme, password)).toBe(true);
		expect(await verifyImportedHash(imported!.hash, imported!.scheme, 'nope')).toBe(false);
	});

	it('verifies md4 and whirlpool, which OpenSSL 3 keeps out of Node.js, with hash-wasm; says when a digest is missing; never throws', async () => {
		const scheme = {algorithm: 'md4', hash: {encoding: 'base64'}} as const;
		expect(unsupportedScheme(scheme, 'AbuUujgF0pPPkJPSFRTpmA==')).toBeUndefined();
		// Auth0's own md4 example, made from "shh".
		expect(await verifyImportedHash('AbuUujgF0pPPkJPSFRTpmA==', scheme, 'shh')).toBe(true);
		expect(await verifyImportedHash('AbuUujgF0pPPkJPSFRTpmA==', scheme, 'shh!')).toBe(false);
		expect(unsupportedScheme({algorithm: 'hmac', hash: {digest: 'whirlpool'}}, '')).toBeUndefined();
		expect(unsupportedScheme({algorithm: 'pbkdf2'}, `$pbkdf2-mdc2$i=1,l=16$c2FsdA$${'A'.repeat(22)}`)).toMatch(/mdc2 is available neither/);
		expect(await verifyImportedHash('not a bcrypt hash', {algorithm: 'bcrypt'}, password)).toBe(false);
	});

	it('names a hash\'s verification cost by its kind and parameters, never by its salt', () => {
		const argon2 = {algorithm: 'argon2'} as const;
		// Without the version segment the salt used to end up in the key: every such hash a kind of its own.
		expect(verificationCostKey('$argon2id$m=4096,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g', argon2))
			.toBe(verificationCostKey('$argon2id$m=4096,t=2,p=1$b3RoZXJzYWx0$aGFzaGhhc2g', argon2));
		expect(verificationCostKey('$argon2id$v=19$m=4096,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g', argon2)).toBe('argon2:argon2id:m=4096,t=2,p=1');
		expect(verificationCostKey('$argon2i$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2g', argon2)).toBe('argon2:argon2i:m=4096,t=3,p=1');
		expect(verificationCostKey('$pbkdf2-sha256$l=32,i=900$c2FsdA$aGFzaA', {algorithm: 'pbkdf2'}))
			.toBe(verificationCostKey('$pbkdf2-sha256$i=900,l=32$b3RoZXI$aGFzaA', {algorithm: 'pbkdf2'}));
		expect(verificationCostKey('5f4dcc3b5aa765d61d8327deb882cf99', {algorithm: 'md5'})).toBeUndefined();
	});
});
