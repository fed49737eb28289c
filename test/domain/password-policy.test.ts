import {describe, expect, it} from 'vitest';
import {commonPasswords} from '../../source/domain/common-passwords.js';
import {
	checkPassword,
	MAX_PASSWORD_BYTES,
	minimumLength,
	passwordRules,
	personalParts,
} from '../../source/domain/password-policy.js';
import type {ConnectionOptions, PasswordPolicyLevel} from '../../source/domain/types.js';

const messages = {
	kinds:
		'Contain at least 3 of the following 4 types of characters: lower case letters (a-z), upper case letters (A-Z), numbers (i.e. 0-9), special characters (e.g. !@#$%^&*)',
	identical: 'No more than 2 identical characters in a row (e.g., "aaa" not allowed)',
	lower: 'Lower case letters (a-z)',
	upper: 'Upper case letters (A-Z)',
	digit: 'Numbers (i.e. 0-9)',
	dictionary: 'Password is too common',
	personal: "Password must not contain any part of the user's personal information",
	history: 'Password has previously been used',
	maxBytes: 'Password is too long (at most 1024 bytes)',
};

const level = (passwordPolicy: PasswordPolicyLevel, extra: ConnectionOptions = {}): ConnectionOptions => ({
	passwordPolicy,
	...extra,
});

const unmet = (password: string, options: ConnectionOptions, context = {}): string[] =>
	checkPassword(password, options, context).map(rule => rule.id);

// The OWASP password special characters, space included.
const owaspSpecials = [...' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];

describe('policy levels', () => {
	it('none: any non-empty password', () => {
		expect(checkPassword('', level('none'))).toEqual([{id: 'not_empty', message: 'At least 1 character in length'}]);
		expect(checkPassword('a', level('none'))).toEqual([]);
		expect(checkPassword(' ', level('none'))).toEqual([]);
	});

	it('treats a missing or unknown level as none', () => {
		expect(unmet('', {})).toEqual(['not_empty']);
		expect(unmet('a', {})).toEqual([]);
		expect(unmet('a', {passwordPolicy: 'bogus' as PasswordPolicyLevel})).toEqual([]);
	});

	it('low: at least 6 characters', () => {
		expect(checkPassword('abcde', level('low'))).toEqual([{id: 'length', message: 'At least 6 characters in length'}]);
		expect(checkPassword('abcdef', level('low'))).toEqual([]);
	});

	it('counts code points, not UTF-16 units', () => {
		// Five emoji are ten UTF-16 units but five characters.
		expect(unmet('😀'.repeat(5), level('low'))).toEqual(['length']);
		expect(unmet('😀'.repeat(6), level('low'))).toEqual([]);
	});

	it('fair: at least 8 with lower case, upper case and a digit', () => {
		expect(unmet('Abcdefg1', level('fair'))).toEqual([]);
		expect(unmet('Abcdef1', level('fair'))).toEqual(['length']);
		expect(unmet('abcdefg1', level('fair'))).toEqual(['upper']);
		expect(unmet('ABCDEFG1', level('fair'))).toEqual(['lower']);
		expect(unmet('Abcdefgh', level('fair'))).toEqual(['digit']);
	});

	it('fair: a special character does not stand in for a missing kind', () => {
		expect(unmet('abcdefg!', level('fair'))).toEqual(['upper', 'digit']);
	});

	it('fair: lists every unmet rule with the Dashboard wording, in order', () => {
		expect(checkPassword('', level('fair'))).toEqual([
			{id: 'length', message: 'At least 8 characters in length'},
			{id: 'lower', message: messages.lower},
			{id: 'upper', message: messages.upper},
			{id: 'digit', message: messages.digit},
		]);
	});

	it('good: at least 8 with 3 of the 4 kinds', () => {
		expect(unmet('abcdefG1', level('good'))).toEqual([]);
		expect(unmet('abcdef!1', level('good'))).toEqual([]);
		expect(unmet('ABCDEF!1', level('good'))).toEqual([]);
		expect(unmet('abcdefg1', level('good'))).toEqual(['kinds']);
		expect(unmet('abcdefgh', level('good'))).toEqual(['kinds']);
		expect(unmet('abcDE1!', level('good'))).toEqual(['length']);
		expect(checkPassword('abcdefgh', level('good'))).toEqual([{id: 'kinds', message: messages.kinds}]);
	});

	it.each(owaspSpecials)('good: %j counts as a special character', special => {
		expect(unmet(`abcdefgA${special}`, level('good'))).toEqual([]);
	});

	it.each(['é', '€', '§', '\u00A0', 'ß'])('good: %j is not a special character', other => {
		expect(unmet(`abcdefgA${other}`, level('good'))).toEqual(['kinds']);
	});

	it('good: non-ASCII letters are not lower or upper case letters', () => {
		expect(unmet('ÄÖÜäöü12', level('good'))).toEqual(['kinds']);
	});

	it('excellent: at least 10, 3 of 4 kinds, no more than 2 identical characters in a row', () => {
		expect(unmet('Abcdefgh1!', level('excellent'))).toEqual([]);
		expect(unmet('Aabcdefg11', level('excellent'))).toEqual([]);
		expect(unmet('Abcdefg1!', level('excellent'))).toEqual(['length']);
		expect(unmet('Abbbcdefg1', level('excellent'))).toEqual(['identical']);
		expect(unmet('Abcdefg111', level('excellent'))).toEqual(['identical']);
		expect(unmet('abcdefghij', level('excellent'))).toEqual(['kinds']);
		expect(checkPassword('aaa', level('excellent'))).toEqual([
			{id: 'length', message: 'At least 10 characters in length'},
			{id: 'kinds', message: messages.kinds},
			{id: 'identical', message: messages.identical},
		]);
	});

	it('excellent: identical means the same character, case and all, by code point', () => {
		expect(unmet('aAaBcdefg1', level('excellent'))).toEqual([]);
		expect(unmet('Abcdefg1😀😀😀', level('excellent'))).toEqual(['identical']);
		expect(unmet('Abcdefg1😀😀', level('excellent'))).toEqual([]);
	});

	it('identical characters are allowed below excellent', () => {
		expect(unmet('Aaaaaaa1', level('good'))).toEqual([]);
	});
});

describe('min_length', () => {
	it('overrides the level minimum up or down', () => {
		expect(minimumLength(level('good', {min_length: 12}))).toBe(12);
		expect(checkPassword('abcdefG1!xy', level('good', {min_length: 12}))).toEqual([
			{id: 'length', message: 'At least 12 characters in length'},
		]);
		expect(unmet('abcdefG1!xyz', level('good', {min_length: 12}))).toEqual([]);
		expect(unmet('aB1', level('good', {min_length: 3}))).toEqual([]);
	});

	it('applies to the none level too', () => {
		expect(unmet('abc', level('none', {min_length: 4}))).toEqual(['length']);
	});

	it('a minimum of 1 reads "1 character"', () => {
		expect(passwordRules(level('low', {min_length: 1}))).toEqual([
			{id: 'not_empty', message: 'At least 1 character in length'},
		]);
	});

	it('is kept within 1–128', () => {
		expect(minimumLength(level('low', {min_length: 500}))).toBe(128);
		expect(minimumLength(level('low', {min_length: 0}))).toBe(1);
		expect(minimumLength(level('low', {min_length: Number.NaN}))).toBe(6);
	});
});

describe('passwordRules', () => {
	it.each([
		['none', ['not_empty']],
		['low', ['length']],
		['fair', ['length', 'lower', 'upper', 'digit']],
		['good', ['length', 'kinds']],
		['excellent', ['length', 'kinds', 'identical']],
	] as const)('%s asks for %j', (name, ids) => {
		expect(passwordRules(level(name)).map(rule => rule.id)).toEqual(ids);
	});

	it('shows the level minimum in the length hint', () => {
		expect(passwordRules(level('excellent'))[0]).toEqual({id: 'length', message: 'At least 10 characters in length'});
		expect(passwordRules(level('low'))[0]).toEqual({id: 'length', message: 'At least 6 characters in length'});
	});

	it('adds dictionary, personal information and history when enabled, in that order', () => {
		const options = level('good', {
			password_history: {enable: true, size: 5},
			password_dictionary: {enable: true, dictionary: []},
			password_no_personal_info: {enable: true},
		});
		expect(passwordRules(options)).toEqual([
			{id: 'length', message: 'At least 8 characters in length'},
			{id: 'kinds', message: messages.kinds},
			{id: 'dictionary', message: messages.dictionary},
			{id: 'personal', message: messages.personal},
			{id: 'history', message: messages.history},
		]);
	});

	it('leaves out disabled options', () => {
		const options = level('low', {
			password_history: {enable: false, size: 5},
			password_dictionary: {enable: false, dictionary: ['x']},
			password_no_personal_info: {enable: false},
		});
		expect(passwordRules(options).map(rule => rule.id)).toEqual(['length']);
	});
});

describe('dictionary', () => {
	const options = level('none', {password_dictionary: {enable: true, dictionary: ['Userdeck2024', 'acme']}});

	it('rejects the most common passwords, ignoring case', () => {
		expect(checkPassword('password', options)).toEqual([{id: 'dictionary', message: messages.dictionary}]);
		expect(unmet('PassWord', options)).toEqual(['dictionary']);
		expect(unmet('qwerty', options)).toEqual(['dictionary']);
		expect(unmet('123456', options)).toEqual(['dictionary']);
	});

	it('rejects the connection’s own words, ignoring case', () => {
		expect(unmet('userdeck2024', options)).toEqual(['dictionary']);
		expect(unmet('ACME', options)).toEqual(['dictionary']);
	});

	it('matches whole passwords only', () => {
		expect(unmet('acme-rocket-launch', options)).toEqual([]);
		expect(unmet('Xq7#mZ2!pL', options)).toEqual([]);
	});

	it('is not checked when disabled', () => {
		expect(unmet('password', level('none', {password_dictionary: {enable: false, dictionary: []}}))).toEqual([]);
	});

	it('ships the 10,000-entry list, lower-cased', () => {
		const list = commonPasswords();
		// 10,000 entries; a few differ only in case and fold together.
		expect(list.size).toBeGreaterThan(9900);
		expect(list.size).toBeLessThanOrEqual(10_000);
		expect([...list].every(entry => entry === entry.toLowerCase() && entry !== '')).toBe(true);
		expect(list.has('letmein')).toBe(true);
	});
});

describe('personal information', () => {
	const options = level('none', {password_no_personal_info: {enable: true}});
	const user = {name: 'Jane Doe', email: 'jdoe@example.com', username: 'janed', nickname: 'jd'};

	it.each([
		['a word of the name', 'MyDoe!2024'],
		['the whole name', 'xxjane doexx'],
		['the username, any case', 'JANED-rocks'],
		['the email local part', 'xjdoex'],
	])('rejects a password containing %s', (_what, password) => {
		expect(checkPassword(password, options, user)).toEqual([{id: 'personal', message: messages.personal}]);
	});

	it('ignores parts shorter than 3 characters', () => {
		expect(unmet('jd2024!!', options, user)).toEqual([]);
		expect(unmet('AlBo1234', options, {name: 'Al Bo'})).toEqual([]);
		expect(personalParts({name: 'Al Bo'})).toEqual(['al bo']);
	});

	it('does not look at the email domain', () => {
		expect(unmet('example-example', options, user)).toEqual([]);
	});

	it('is not checked when disabled or without a user', () => {
		expect(unmet('jane doe', level('none'), user)).toEqual([]);
		expect(unmet('jane doe', options)).toEqual([]);
	});
});

describe('history', () => {
	it('rejects a password the caller found in the history', () => {
		const options = level('none', {password_history: {enable: true, size: 5}});
		expect(checkPassword('hunter2', options, {inHistory: true})).toEqual([{id: 'history', message: messages.history}]);
		expect(unmet('hunter2', options, {inHistory: false})).toEqual([]);
		expect(unmet('hunter2', options)).toEqual([]);
	});

	it('is not checked when disabled', () => {
		expect(unmet('hunter2', level('none', {password_history: {enable: false, size: 5}}), {inHistory: true})).toEqual(
			[],
		);
	});
});

describe('maximum size', () => {
	it(`accepts ${MAX_PASSWORD_BYTES} bytes and rejects more`, () => {
		expect(MAX_PASSWORD_BYTES).toBe(1024);
		expect(unmet('a'.repeat(1024), level('none'))).toEqual([]);
		expect(checkPassword('a'.repeat(1025), level('none'))).toEqual([{id: 'max_bytes', message: messages.maxBytes}]);
	});

	it('counts UTF-8 bytes', () => {
		// 513 characters, 1026 bytes.
		expect(unmet('é'.repeat(513), level('none'))).toEqual(['max_bytes']);
		expect(unmet('é'.repeat(512), level('none'))).toEqual([]);
	});
});

it('reports every unmet rule in display order', () => {
	const options = level('excellent', {
		password_history: {enable: true, size: 5},
		password_dictionary: {enable: true, dictionary: ['aaa']},
		password_no_personal_info: {enable: true},
	});
	expect(unmet('aaa', options, {username: 'aaa', inHistory: true})).toEqual([
		'length',
		'kinds',
		'identical',
		'dictionary',
		'personal',
		'history',
	]);
});
