// What the importer refuses because Auth0 refuses it, or because it could not
// be verified as the file means it: each with the property at fault.
import {hashSync as bcryptHash} from '@node-rs/bcrypt';
import {describe, expect, it} from 'vitest';
import type {ImportUser} from '../../../source/domain/import/import-user.js';
import {importedPassword, parsePbkdf2} from '../../../source/domain/import/password-scheme.js';

const bcrypt10 = bcryptHash('secret', 10);
const salt = 'c2FsdHNhbHQ';
const hash32 = 'A'.repeat(43);
const hash64 = 'A'.repeat(86);

const refusal = (user: Partial<ImportUser>) => importedPassword({email: 'a@example.com', ...user}).errors.map(error => [error.path, error.message]);

describe('importedPassword refuses what Auth0 refuses', () => {
	it('password_hash: bcrypt with cost 10 only ($2a$10$ or $2b$10$)', () => {
		expect(refusal({password_hash: bcrypt10})).toEqual([]);
		expect(refusal({password_hash: bcrypt10.replace('$2b$', '$2a$')})).toEqual([]);
		for (const other of [bcryptHash('secret', 4), bcryptHash('secret', 11), bcrypt10.replace('$2b$', '$2y$')]) {
			expect(refusal({password_hash: other})).toEqual([['password_hash', expect.stringContaining('cost 10') as unknown]]);
		}
	});

	it('a salt with argon2, pbkdf2 or ldap, whose value holds its own', () => {
		const argon2 = '$argon2id$v=19$m=65536,t=2,p=1$J6Q/82PCyaNpYKRELJyTZg$m04qUAB8rexWDR4+/0f+SFB+4XMFxt7YAvAq2UycYos';
		expect(refusal({custom_password_hash: {algorithm: 'argon2', hash: {value: argon2}, salt: {value: 'abc'}}})).toEqual([['custom_password_hash.salt', 'salt is not allowed with argon2: the PHC string holds its salt']]);
		expect(refusal({custom_password_hash: {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-sha256$i=1,l=32$${salt}$${hash32}`}, salt: {value: 'abc'}}})[0]![0]).toBe('custom_password_hash.salt');
		expect(refusal({custom_password_hash: {algorithm: 'ldap', hash: {value: `{SHA}${Buffer.alloc(20).toString('base64')}`}, salt: {value: 'abc'}}})[0]![0]).toBe('custom_password_hash.salt');
	});

	it('a hash.encoding the algorithm does not take', () => {
		expect(refusal({custom_password_hash: {algorithm: 'bcrypt', hash: {value: bcrypt10, encoding: 'hex'}}})).toEqual([['custom_password_hash.hash.encoding', 'with bcrypt, hash.encoding must be utf8']]);
		expect(refusal({custom_password_hash: {algorithm: 'md5', hash: {value: 'a'.repeat(32), encoding: 'utf8'}}})).toEqual([['custom_password_hash.hash.encoding', 'with md5, hash.encoding must be hex or base64']]);
	});

	it('parameters that would take gigabytes or minutes at each sign-in: argon2 past 256 MiB, 64 passes or 64 lanes; scrypt past 64 units; bcrypt past cost 18', () => {
		const argon2 = (parameters: string) => refusal({custom_password_hash: {algorithm: 'argon2', hash: {value: `$argon2id$v=19$${parameters}$J6Q/82PCyaNpYKRELJyTZg$m04qUAB8rexWDR4+/0f+SFB+4XMFxt7YAvAq2UycYos`}}});
		expect(argon2('m=262144,t=64,p=64')).toEqual([]);
		for (const parameters of ['m=262145,t=2,p=1', 'm=65536,t=65,p=1', 'm=65536,t=2,p=65', 'm=65536,t=2,p=0']) {
			expect(argon2(parameters), parameters).toHaveLength(1);
		}

		// Below argon2's minimums no implementation verifies anything.
		for (const value of [
			'$argon2id$v=19$m=65536,t=0,p=1$J6Q/82PCyaNpYKRELJyTZg$m04qUAB8rexWDR4+/0f+SFB+4XMFxt7YAvAq2UycYos',
			'$argon2id$v=19$m=4,t=2,p=1$J6Q/82PCyaNpYKRELJyTZg$m04qUAB8rexWDR4+/0f+SFB+4XMFxt7YAvAq2UycYos',
			'$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$m04qUAB8rexWDR4+/0f+SFB+4XMFxt7YAvAq2UycYos',
			'$argon2id$v=19$m=65536,t=2,p=1$J6Q/82PCyaNpYKRELJyTZg$bTA',
		]) {
			expect(refusal({custom_password_hash: {algorithm: 'argon2', hash: {value}}}), value).toEqual([['custom_password_hash.hash.value', expect.stringContaining('could never be verified') as unknown]]);
		}

		expect(refusal({custom_password_hash: {algorithm: 'scrypt', hash: {value: 'ab'.repeat(32), encoding: 'hex'}, salt: {value: 's'}, keylen: 32, cost: 1024, parallelization: 65}})).toEqual([['custom_password_hash.parallelization', 'scrypt parallelization must be at most 64']]);

		const bcrypt = (cost: string) => refusal({custom_password_hash: {algorithm: 'bcrypt', hash: {value: bcrypt10.replace('$10$', `$${cost}$`)}}});
		expect(bcrypt('18')).toEqual([]);
		expect(bcrypt('19')).toEqual([['custom_password_hash.hash.value', 'bcrypt cost 19 would take minutes or more at each sign-in (at most 18)']]);
	});

	it('an argon2 version other than 16 and 19', () => {
		expect(refusal({custom_password_hash: {algorithm: 'argon2', hash: {value: '$argon2id$v=18$m=65536,t=2,p=1$J6Q/82PCyaNpYKRELJyTZg$m04qUAB8rexWDR4+/0f+SFB+4XMFxt7YAvAq2UycYos'}}})).toHaveLength(1);
	});
});

describe('pbkdf2 in PHC form', () => {
	it('reads the parameters in any order, with Auth0\'s defaults i=100000 and l=64 for those left out', () => {
		expect(parsePbkdf2(`$pbkdf2-sha256$l=32,i=5$${salt}$${hash32}`)).toMatchObject({digest: 'sha256', iterations: 5, keylen: 32});
		expect(parsePbkdf2(`$pbkdf2-sha512$${salt}$${hash64}`)).toMatchObject({digest: 'sha512', iterations: 100_000, keylen: 64});
		expect(parsePbkdf2(`$pbkdf2-sha512$i=7$${salt}$${hash64}`)).toMatchObject({iterations: 7, keylen: 64});
		expect(parsePbkdf2(`$pbkdf2$i=7,l=32$${salt}$${hash32}`)).toMatchObject({digest: 'sha1'});
	});

	it('takes the digest names Auth0 lists, in either case', () => {
		const names: Array<[string, string]> = [['RSA-SHA256', 'sha256'], ['sha256WithRSAEncryption', 'sha256'], ['RSA-SHA1-2', 'sha1'], ['ssl3-sha1', 'sha1'], ['ripemd', 'ripemd160'], ['rmd160', 'ripemd160'], ['RSA-MD4', 'md4'], ['md5WithRSAEncryption', 'md5'], ['whirlpool', 'whirlpool'], ['RSA-MDC2', 'mdc2']];
		for (const [name, digest] of names) {
			expect(parsePbkdf2(`$pbkdf2-${name}$i=1,l=32$${salt}$${hash32}`), name).toMatchObject({digest});
		}
	});

	it('refuses what it cannot verify: MDC2, a hash not of the key length, unknown or repeated parameters', () => {
		const pbkdf2 = (value: string) => refusal({custom_password_hash: {algorithm: 'pbkdf2', hash: {value}}}).map(([, message]) => message);
		expect(pbkdf2(`$pbkdf2-RSA-MDC2$i=1,l=32$${salt}$${hash32}`)).toEqual([expect.stringContaining('pbkdf2 with mdc2 cannot be verified') as unknown]);
		expect(pbkdf2(`$pbkdf2-sha256$${salt}$${hash32}`)).toEqual(['the pbkdf2 hash is 32 bytes but its key length is 64 (l=64 when left out)']);
		expect(pbkdf2(`$pbkdf2-sha256$i=1,r=2$${salt}$${hash32}`)).toEqual(['pbkdf2 parameters are i=<iterations> and l=<key length>, not "r=2"']);
		expect(pbkdf2(`$pbkdf2-sha256$i=1,i=2$${salt}$${hash32}`)).toEqual(['the pbkdf2 parameter i is given twice']);
		expect(pbkdf2(`$pbkdf2-nope$i=1$${salt}$${hash32}`)[0]).toMatch(/^unknown pbkdf2 digest nope/);
		expect(pbkdf2('$pbkdf2-sha256$i=1')).toHaveLength(1);
	});
});
