import {describe, expect, test} from 'vitest';
import type {ConnectionOptions} from '../../source/domain/types.js';
import {passwordHints} from '../../source/ui/state/password-hints.js';

const kinds = 'Contain at least 3 of the following 4 types of characters: lower case letters (a-z), upper case letters (A-Z), numbers (i.e. 0-9), special characters (e.g. !@#$%^&*)';

const summary = (options: ConnectionOptions, password: string, email = '') =>
	passwordHints(options, password, email).map(hint => `${hint.state} ${hint.text}`);

describe('passwordHints', () => {
	test('nothing is met or unmet before anything is typed', () => {
		expect(summary({passwordPolicy: 'good'}, '')).toEqual(['pending At least 8 characters in length', `pending ${kinds}`]);
	});

	test('good: length and 3 of 4 kinds, live', () => {
		expect(summary({passwordPolicy: 'good'}, 'abc')).toEqual(['unmet At least 8 characters in length', `unmet ${kinds}`]);
		expect(summary({passwordPolicy: 'good'}, 'abcdefgh')).toEqual(['met At least 8 characters in length', `unmet ${kinds}`]);
		expect(summary({passwordPolicy: 'good'}, 'abcdEF12')).toEqual(['met At least 8 characters in length', `met ${kinds}`]);
	});

	test('fair lists each kind on its own', () => {
		expect(summary({passwordPolicy: 'fair'}, 'abcdefgh1')).toEqual([
			'met At least 8 characters in length',
			'met Lower case letters (a-z)',
			'unmet Upper case letters (A-Z)',
			'met Numbers (i.e. 0-9)',
		]);
	});

	test('excellent with min_length and the identical-characters rule', () => {
		expect(summary({passwordPolicy: 'excellent', min_length: 12}, 'aaaBBB111')).toEqual([
			'unmet At least 12 characters in length',
			`met ${kinds}`,
			'unmet No more than 2 identical characters in a row (e.g., "aaa" not allowed)',
		]);
	});

	test('rules worded as failures read positively while met and exactly while unmet', () => {
		const options: ConnectionOptions = {passwordPolicy: 'low', password_dictionary: {enable: true, dictionary: []}, password_no_personal_info: {enable: true}};
		expect(summary(options, 'Xy7#kq2!', 'ann.smith@example.com')).toEqual([
			'met At least 6 characters in length',
			'met Not one of the most common passwords',
			"met Does not contain the user's personal information",
		]);
		expect(summary(options, 'password', 'ann.smith@example.com')).toContain('unmet Password is too common');
		expect(summary(options, 'xxSMITHxx', 'Ann.Smith@Example.com')).toContain("unmet Password must not contain any part of the user's personal information");
	});

	test('the history rule is left out: a new user has no previous passwords', () => {
		const hints = passwordHints({passwordPolicy: 'none', password_history: {enable: true, size: 5}}, 'x', '');
		expect(hints.map(hint => hint.id)).toEqual(['not_empty']);
	});

	test('the byte cap shows only when broken', () => {
		expect(summary({passwordPolicy: 'none'}, 'x'.repeat(2000)).at(-1)).toBe('unmet Password is too long (at most 1024 bytes)');
		expect(summary({passwordPolicy: 'none'}, 'x')).toEqual(['met At least 1 character in length']);
	});

	test('the long kinds rule has a shorter wording', () => {
		const kindsHint = passwordHints({passwordPolicy: 'good'}, 'a', '').find(hint => hint.id === 'kinds');
		expect(kindsHint?.short).toMatch(/^At least 3 of 4 kinds/);
		expect(kindsHint!.short!.length).toBeLessThan(kinds.length);
	});

	test('Change Password: the history rule waits for the save, and shows what the save found', () => {
		const options: ConnectionOptions = {passwordPolicy: 'low', password_history: {enable: true, size: 5}};
		const pending = passwordHints(options, 'Xy7#kq2!', {email: 'ann@example.com'}, {remembered: 6, reused: false});
		expect(pending.at(-1)).toEqual({id: 'history', state: 'pending', text: 'Not the current password or one of the 5 before it (checked on save)'});
		const reused = passwordHints(options, 'Xy7#kq2!', {email: 'ann@example.com'}, {remembered: 6, reused: true});
		expect(reused.at(-1)).toEqual({id: 'history', state: 'unmet', text: 'Password has previously been used'});
		expect(passwordHints(options, 'x', {}, {remembered: 1, reused: false}).at(-1)?.text).toBe('Not the current password (checked on save)');
		// On a tenant Auth0 keeps the hashes and checks them: the row says so, and only what Auth0 documents of `size`.
		expect(passwordHints(options, 'x', {}, {remembered: 5, reused: false, checkedBy: 'auth0'}).at(-1)?.text).toBe('Not one of the last 5 passwords Auth0 remembers (checked by Auth0 on save)');
		expect(passwordHints(options, 'x', {}, {remembered: 1, reused: false, checkedBy: 'auth0'}).at(-1)?.text).toBe('Not the last password (checked by Auth0 on save)');
	});

	test('Change Password: personal information is the user\'s whole profile, not only the email', () => {
		const options: ConnectionOptions = {passwordPolicy: 'low', password_no_personal_info: {enable: true}};
		const hints = passwordHints(options, 'Marguerite-77', {email: 'm@example.com', name: 'Marguerite Duras'});
		expect(hints.find(hint => hint.id === 'personal')?.state).toBe('unmet');
	});
});
