// The Change Password and Change Email form reducers, without rendering.
import {describe, expect, test} from 'vitest';
import type {KeyPress} from '../../source/ui/input/key-name.js';
import {changeEmailFormReducer, initialChangeEmailForm} from '../../source/ui/state/change-email-form.js';
import {type ChangePasswordFormAction, changePasswordFormReducer, initialChangePasswordForm} from '../../source/ui/state/change-password-form.js';

const press = (name: string, input = name): KeyPress => ({name, input, isPaste: false});
const typing = (text: string): ChangePasswordFormAction[] => [...text].map(char => ({type: 'edit', key: press(char, char)}));

describe('changePasswordFormReducer', () => {
	test('leaving Repeat Password with a mismatch shows it; a new password drops its errors and the mismatch', () => {
		let state = [...typing('Secret-1!'), {type: 'focus-next'} as const, ...typing('Secret-2!'), {type: 'focus-previous'} as const]
			.reduce(changePasswordFormReducer, initialChangePasswordForm);
		expect(state.focus).toBe('password');
		expect(state.errors).toEqual({repeatPassword: ['Passwords do not match']});
		state = changePasswordFormReducer({...state, errors: {...state.errors, password: ['Password has previously been used']}}, {type: 'edit', key: press('x')});
		expect(state.errors).toEqual({});
	});

	test('a refused save lands on the first field with an error and keeps both values', () => {
		const typed = [...typing('Old-Pass-1'), {type: 'focus-next'} as const, ...typing('Old-Pass-1'), {type: 'submit-started'} as const]
			.reduce(changePasswordFormReducer, initialChangePasswordForm);
		expect(typed.submitting).toBe(true);
		// Keys typed while saving change nothing.
		expect(changePasswordFormReducer(typed, {type: 'edit', key: press('z')})).toBe(typed);
		const refused = changePasswordFormReducer(typed, {type: 'submit-failed', errors: {password: ['Password has previously been used']}});
		expect(refused).toMatchObject({focus: 'password', submitting: false, password: {value: 'Old-Pass-1'}, repeatPassword: {value: 'Old-Pass-1'}});
	});
});

describe('changeEmailFormReducer', () => {
	test('starts with the current email, unverified; the toggle flips only off the text', () => {
		let state = initialChangeEmailForm('ann@example.com');
		expect(state).toMatchObject({email: {value: 'ann@example.com', cursor: 15}, verified: false, focus: 'email'});
		state = changeEmailFormReducer(state, {type: 'edit', key: press('space', ' ')});
		expect(state.email.value).toBe('ann@example.com ');
		state = changeEmailFormReducer(state, {type: 'focus-next'});
		expect(changeEmailFormReducer(state, {type: 'edit', key: press('x')})).toBe(state);
		state = changeEmailFormReducer(state, {type: 'toggle-verified'});
		expect(state.verified).toBe(true);
	});

	test('a refused email lands on the field; editing it drops the error', () => {
		let state = changeEmailFormReducer({...initialChangeEmailForm('a@b.co'), focus: 'verified'}, {type: 'submit-failed', errors: {email: ['The specified new email already exists']}});
		expect(state.focus).toBe('email');
		state = changeEmailFormReducer(state, {type: 'edit', key: press('x')});
		expect(state.errors).toEqual({});
	});
});
