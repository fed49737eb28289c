import {describe, expect, it} from 'vitest';
import {normalizeEmail, validateEmail} from '../../source/domain/email.js';

describe('validateEmail', () => {
	it.each([
		'jane@example.com',
		'Jane.Doe@Example.COM',
		'  jane@example.com  ',
		"o'brien+tag@mail.example.co.uk",
		"a!#$%&'*+/=?^_`{|}~-z@example.com",
		'x@a-b.example.io',
		'user@xn--80ak6aa92e.xn--p1ai',
		'1@2.io',
	])('accepts %j', email => {
		expect(validateEmail(email)).toBeUndefined();
	});

	it('requires a non-blank value', () => {
		expect(validateEmail('')).toBe('Email is required');
		expect(validateEmail('   ')).toBe('Email is required');
	});

	it.each([
		['jane example@x.com'],
		['jane@exa\tmple.com'],
		['jane\u0000@example.com'],
		['jane\u007F@example.com'],
		['jane\u00A0doe@example.com'],
	])('rejects whitespace and control characters in %j', email => {
		expect(validateEmail(email)).toBe('Email must not contain spaces or control characters');
	});

	it.each([
		['no at sign', 'jane.example.com'],
		['two at signs', 'jane@doe@example.com'],
		['empty local part', '@example.com'],
		['empty domain', 'jane@'],
		['leading dot', '.jane@example.com'],
		['trailing dot', 'jane.@example.com'],
		['consecutive dots', 'ja..ne@example.com'],
		['quoted local part', '"jane"@example.com'],
		['comma in local part', 'ja,ne@example.com'],
		['non-ASCII local part', 'jäne@example.com'],
		['domain without dot', 'jane@localhost'],
		['label starting with hyphen', 'jane@-example.com'],
		['label ending with hyphen', 'jane@example-.com'],
		['empty label', 'jane@example..com'],
		['trailing dot in domain', 'jane@example.com.'],
		['underscore in domain', 'jane@exa_mple.com'],
		['one-letter TLD', 'jane@example.c'],
		['numeric TLD', 'jane@example.123'],
		['IP literal', 'jane@[127.0.0.1]'],
		['label of 64 characters', `jane@${'a'.repeat(64)}.com`],
	])('rejects %s', (_name, email) => {
		expect(validateEmail(email)).toBe('Email is not valid');
	});

	it('allows a domain label of exactly 63 characters', () => {
		expect(validateEmail(`jane@${'a'.repeat(63)}.com`)).toBeUndefined();
	});

	it('limits the local part to 64 characters', () => {
		expect(validateEmail(`${'a'.repeat(64)}@example.com`)).toBeUndefined();
		expect(validateEmail(`${'a'.repeat(65)}@example.com`)).toBe(
			'Email local part must be at most 64 characters',
		);
	});

	// 63 + 1 + 63 + 1 + 57 + 4 = 189 characters, leaving 64 for the local part.
	const longDomain = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(57)}.com`;

	it('limits the whole address to 254 characters', () => {
		const fits = `${'x'.repeat(64)}@${longDomain}`;
		expect(fits).toHaveLength(254);
		expect(validateEmail(fits)).toBeUndefined();
		const tooLong = `${'x'.repeat(14)}@${'d'.repeat(50)}.${longDomain}`;
		expect(tooLong).toHaveLength(255);
		expect(validateEmail(tooLong)).toBe('Email must be at most 254 characters');
	});

	it('measures the trimmed address', () => {
		expect(validateEmail(`   ${'x'.repeat(64)}@${longDomain}   `)).toBeUndefined();
	});
});

describe('normalizeEmail', () => {
	it('trims and lower-cases', () => {
		expect(normalizeEmail('  Jane.Doe@Example.COM \n')).toBe('jane.doe@example.com');
	});
});
