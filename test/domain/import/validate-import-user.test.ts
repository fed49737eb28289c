import {describe, expect, it} from 'vitest';
import {type ImportErrorCode, importErrorCodes} from '../../../source/domain/import/import-error.js';
import type {ImportUser} from '../../../source/domain/import/import-user.js';
import {importedPassword} from '../../../source/domain/import/password-scheme.js';
import {validateImportUser} from '../../../source/domain/import/validate-import-user.js';

const bcrypt = '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';

function codes(entry: unknown): Array<{code: ImportErrorCode; path?: string}> {
	return validateImportUser(entry).errors.map(({code, path}) => (path === undefined ? {code} : {code, path}));
}

describe('validateImportUser', () => {
	it('accepts a complete entry and returns it typed', () => {
		const entry = {
			email: 'ana@example.com',
			email_verified: true,
			user_id: '5f1a2b',
			username: 'ana_s',
			given_name: 'Ana',
			family_name: 'Souza',
			name: 'Ana Souza',
			nickname: 'ana',
			picture: 'https://example.com/a.png',
			phone_number: '+12125550001',
			phone_verified: false,
			blocked: false,
			password_hash: bcrypt,
			app_metadata: {roles: ['admin']},
			user_metadata: {plan: 'pro', theme: {dark: true}},
			mfa_factors: [{totp: {secret: 'JBTWY3DPEHPK3PNP'}}],
		};
		const {user, errors} = validateImportUser(entry);
		expect(errors).toEqual([]);
		expect(user).toBe(entry);
	});

	it.each<[string, unknown, ImportErrorCode, string | undefined]>([
		['a non-object entry', 'ana@example.com', 'INVALID_TYPE', undefined],
		['a number as email', {email: 5}, 'INVALID_TYPE', 'email'],
		['a string as blocked', {email: 'a@example.com', blocked: 'yes'}, 'INVALID_TYPE', 'blocked'],
		['an invalid email', {email: 'not an email'}, 'FORMAT', 'email'],
		['an email with two @', {email: 'a@b@example.com'}, 'FORMAT', 'email'],
		['an MFA email that is not one', {email: 'a@example.com', mfa_factors: [{email: {value: 'nope'}}]}, 'FORMAT', 'mfa_factors.0.email.value'],
		['a picture that is not a web URL', {email: 'a@example.com', picture: 'javascript:alert(1)'}, 'FORMAT', 'picture'],
		['a phone number not in E.164', {email: 'a@example.com', phone_number: '212-555-0001'}, 'PATTERN', 'phone_number'],
		['a lower-case TOTP secret', {email: 'a@example.com', mfa_factors: [{totp: {secret: 'jbtwy3dp'}}]}, 'PATTERN', 'mfa_factors.0.totp.secret'],
		['a user_id with a space', {email: 'a@example.com', user_id: 'ab c'}, 'PATTERN', 'user_id'],
		['a username with a space', {email: 'a@example.com', username: 'ana souza'}, 'PATTERN', 'username'],
		['a metadata key with a dot', {email: 'a@example.com', user_metadata: {'a.b': 1}}, 'PATTERN', 'user_metadata'],
		['a name of 151 characters', {email: 'a@example.com', name: 'x'.repeat(151)}, 'MAX_LENGTH', 'name'],
		['a nickname of 351 characters', {email: 'a@example.com', nickname: 'x'.repeat(351)}, 'MAX_LENGTH', 'nickname'],
		['user_metadata over 10 KB', {email: 'a@example.com', user_metadata: {blob: 'x'.repeat(11_000)}}, 'MAX_LENGTH', 'user_metadata'],
		['an empty given_name', {email: 'a@example.com', given_name: ''}, 'MIN_LENGTH', 'given_name'],
		['an unknown algorithm', {email: 'a@example.com', custom_password_hash: {algorithm: 'rot13', hash: {value: 'x'}}}, 'ENUM_MISMATCH', 'custom_password_hash.algorithm'],
		['no email', {name: 'Ana'}, 'OBJECT_REQUIRED', 'email'],
		['a plaintext password', {email: 'a@example.com', password: 'hunter2'}, 'INVALID_TYPE', 'password'],
		['an MFA factor with two kinds', {email: 'a@example.com', mfa_factors: [{totp: {secret: 'JBTW'}, phone: {value: '+1212'}}]}, 'MAXIMUM', 'mfa_factors.0'],
		['no MFA factor in the list', {email: 'a@example.com', mfa_factors: []}, 'ARRAY_LENGTH_SHORT', 'mfa_factors'],
		['eleven MFA factors', {email: 'a@example.com', mfa_factors: Array.from({length: 11}, () => ({totp: {secret: 'JBTW'}}))}, 'ARRAY_LENGTH_LONG', 'mfa_factors'],
		['a reserved app_metadata key', {email: 'a@example.com', app_metadata: {clientID: 'x'}}, 'NOT_PASSED', 'app_metadata'],
	])('refuses %s with %s', (_name, entry, code, path) => {
		const found = codes(entry);
		expect(found).toContainEqual(path === undefined ? {code} : {code, path});
		expect(validateImportUser(entry).user).toBeUndefined();
	});

	it('reports every problem of an entry at once', () => {
		const found = codes({email: 'bad', phone_number: '123', name: 'x'.repeat(200), extra: true});
		expect(found.map(error => error.code).sort()).toEqual(['FORMAT', 'INVALID_TYPE', 'MAX_LENGTH', 'PATTERN']);
	});
});

describe('importedPassword', () => {
	const user = (fields: Partial<ImportUser>): ImportUser => ({email: 'a@example.com', ...fields});
	const custom = (fields: Record<string, unknown>) => user({custom_password_hash: fields as unknown as ImportUser['custom_password_hash']});

	it('keeps a bcrypt password_hash as it is, marked bcrypt', () => {
		expect(importedPassword(user({password_hash: bcrypt}))).toEqual({password: {hash: bcrypt, scheme: {algorithm: 'bcrypt'}}, errors: []});
	});

	it('moves hash.value to the record and keeps the rest as the scheme', () => {
		const result = importedPassword(custom({algorithm: 'sha256', hash: {value: 'ab'.repeat(32), encoding: 'hex'}, salt: {value: 'pepper', position: 'suffix'}}));
		expect(result).toEqual({password: {hash: 'ab'.repeat(32), scheme: {algorithm: 'sha256', hash: {encoding: 'hex'}, salt: {value: 'pepper', position: 'suffix'}}}, errors: []});
	});

	it('imports no password when the entry has none', () => {
		expect(importedPassword(user({}))).toEqual({errors: []});
	});

	it.each<[string, Partial<ImportUser>, ImportErrorCode, string]>([
		['both kinds of hash', {password_hash: bcrypt, custom_password_hash: {algorithm: 'md5', hash: {value: 'ab'.repeat(16), encoding: 'hex'}}}, 'NOT_PASSED', 'custom_password_hash'],
		['a password_hash that is not bcrypt', {password_hash: '5f4dcc3b5aa765d61d8327deb882cf99'}, 'PATTERN', 'password_hash'],
		['a $2y$ password_hash', {password_hash: bcrypt.replace('$2b$', '$2y$')}, 'PATTERN', 'password_hash'],
		['a bcrypt cost of 03', {password_hash: bcrypt.replace('$10$', '$03$')}, 'PATTERN', 'password_hash'],
	])('refuses %s with Auth0\'s code %s', (_name, fields, code, path) => {
		const result = importedPassword(user(fields));
		expect(result.password).toBeUndefined();
		expect(result.errors).toEqual([expect.objectContaining({code, path})]);
	});

	it.each<[string, Record<string, unknown>, ImportErrorCode, string, string]>([
		['no hash.value', {algorithm: 'md5', hash: {encoding: 'hex'}}, 'OBJECT_REQUIRED', 'MISSING', 'custom_password_hash.hash.value'],
		['an argon2 value that is not PHC', {algorithm: 'argon2', hash: {value: 'argon2:abc'}}, 'PATTERN', 'INVALID_HASH', 'custom_password_hash.hash.value'],
		['a digest of the wrong length', {algorithm: 'sha256', hash: {value: 'ab'.repeat(20), encoding: 'hex'}}, 'PATTERN', 'HASH_LENGTH', 'custom_password_hash.hash.value'],
		['hex that is not hex', {algorithm: 'md5', hash: {value: 'zz'.repeat(16), encoding: 'hex'}}, 'PATTERN', 'ENCODING', 'custom_password_hash.hash.value'],
		['a digest without encoding', {algorithm: 'sha1', hash: {value: 'ab'.repeat(20)}}, 'OBJECT_REQUIRED', 'MISSING', 'custom_password_hash.hash.encoding'],
		['a salt that is not its encoding', {algorithm: 'md5', hash: {value: 'ab'.repeat(16), encoding: 'hex'}, salt: {value: 'xyz', encoding: 'hex'}}, 'PATTERN', 'ENCODING', 'custom_password_hash.salt.value'],
		['pbkdf2 not in PHC form', {algorithm: 'pbkdf2', hash: {value: 'sha512:1000:salt:hash'}}, 'PATTERN', 'INVALID_HASH', 'custom_password_hash.hash.value'],
		['pbkdf2 whose hash is not l bytes', {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-sha256$i=1000,l=32$c2FsdA$${Buffer.alloc(16).toString('base64')}`}}, 'PATTERN', 'HASH_LENGTH', 'custom_password_hash.hash.value'],
		['pbkdf2 with MDC2', {algorithm: 'pbkdf2', hash: {value: `$pbkdf2-RSA-MDC2$i=1000,l=16$c2FsdA$${Buffer.alloc(16).toString('base64')}`}}, 'ENUM_MISMATCH', 'UNSUPPORTED_ALGORITHM', 'custom_password_hash.hash.value'],
		['scrypt without keylen', {algorithm: 'scrypt', hash: {value: 'ab'.repeat(32), encoding: 'hex'}, salt: {value: 's'}}, 'OBJECT_REQUIRED', 'PARAMETER', 'custom_password_hash.keylen'],
		['scrypt with a cost that is no power of two', {algorithm: 'scrypt', hash: {value: 'ab'.repeat(32), encoding: 'hex'}, salt: {value: 's'}, keylen: 32, cost: 1000}, 'FORMAT', 'PARAMETER', 'custom_password_hash.cost'],
		['scrypt without salt', {algorithm: 'scrypt', hash: {value: 'ab'.repeat(32), encoding: 'hex'}, keylen: 32}, 'OBJECT_REQUIRED', 'MISSING', 'custom_password_hash.salt'],
		['hmac without key', {algorithm: 'hmac', hash: {value: 'ab'.repeat(32), encoding: 'hex', digest: 'sha256'}}, 'OBJECT_REQUIRED', 'MISSING', 'custom_password_hash.hash.key'],
		['hmac without digest', {algorithm: 'hmac', hash: {value: 'ab'.repeat(32), encoding: 'hex', key: {value: 'k'}}}, 'OBJECT_REQUIRED', 'MISSING', 'custom_password_hash.hash.digest'],
		['an ldap value not in RFC 2307 form', {algorithm: 'ldap', hash: {value: 'SSHA:abc'}}, 'PATTERN', 'INVALID_HASH', 'custom_password_hash.hash.value'],
		['an unknown ldap scheme', {algorithm: 'ldap', hash: {value: '{CRYPT}abcdefgh'}}, 'ENUM_MISMATCH', 'UNSUPPORTED_ALGORITHM', 'custom_password_hash.hash.value'],
		['a salt with argon2', {algorithm: 'argon2', hash: {value: '$argon2id$v=19$m=65536,t=2,p=1$J6Q/82PCyaNpYKRELJyTZg$m04qUAB8rexWDR4+/0f+SFB+4XMFxt7YAvAq2UycYos'}, salt: {value: 's'}}, 'NOT_PASSED', 'SALT_NOT_ALLOWED', 'custom_password_hash.salt'],
		['a hex hash.encoding with bcrypt', {algorithm: 'bcrypt', hash: {value: bcrypt, encoding: 'hex'}}, 'ENUM_MISMATCH', 'ENCODING_NOT_ALLOWED', 'custom_password_hash.hash.encoding'],
	])('refuses a custom hash with %s: Auth0\'s code %s, reason %s', (_name, fields, code, reason, path) => {
		const result = importedPassword(custom(fields));
		expect(result.password).toBeUndefined();
		expect(result.errors).toEqual([expect.objectContaining({code, reason, path})]);
	});

	it('uses only the codes Auth0 documents for its import jobs', () => {
		const documented = new Set(importErrorCodes);
		const entries: unknown[] = [
			42, {name: 'Ana'}, {email: 'a@example.com', password: 'x'}, {email: 'a@example.com', app_metadata: {clientID: 'x'}},
			{email: 'a@example.com', mfa_factors: [{totp: {secret: 'JBTW'}, phone: {value: '+1212'}}]},
		];
		for (const entry of entries) {
			for (const error of validateImportUser(entry).errors) {
				expect(documented.has(error.code), error.code).toBe(true);
			}
		}
	});
});
