// The Change Password form: new password and repeat (both masked), which has
// the focus, the errors of the last save per field, and whether a save is in
// flight. Pure; the screen turns keys into these actions. The repeat check and
// the error bookkeeping are Create User's (create-user-form.ts).
import type {FieldErrors} from '../../domain/errors.js';
import type {KeyPress} from '../input/key-name.js';
import {checkRepeatOnLeave, dropErrors} from './create-user-form.js';
import {editField, emptyField, type TextFieldState} from './text-field.js';

export const changePasswordFields = ['password', 'repeatPassword'] as const;
export type ChangePasswordField = (typeof changePasswordFields)[number];

export type ChangePasswordForm = {
	readonly password: TextFieldState;
	readonly repeatPassword: TextFieldState;
	readonly focus: ChangePasswordField;
	readonly errors: FieldErrors;
	readonly submitting: boolean;
};

export type ChangePasswordFormAction =
	| {type: 'focus-next'}
	| {type: 'focus-previous'}
	| {type: 'edit'; key: KeyPress}
	| {type: 'submit-started'}
	| {type: 'submit-failed'; errors: FieldErrors}
	| {type: 'submit-succeeded'};

export const initialChangePasswordForm: ChangePasswordForm = {
	password: emptyField,
	repeatPassword: emptyField,
	focus: 'password',
	errors: {},
	submitting: false,
};

// A new password makes its own errors and the mismatch stale (the history's too).
const staleAfterChange: Record<ChangePasswordField, ReadonlyArray<keyof FieldErrors>> = {
	password: ['password', 'repeatPassword'],
	repeatPassword: ['repeatPassword'],
};

export function changePasswordFormReducer(state: ChangePasswordForm, action: ChangePasswordFormAction): ChangePasswordForm {
	switch (action.type) {
		case 'focus-next':
		case 'focus-previous': {
			// Two fields: either way is the other one.
			return checkRepeatOnLeave(state, state.focus === 'password' ? 'repeatPassword' : 'password');
		}

		case 'edit': {
			const field = state.focus;
			if (state.submitting) {
				return state;
			}

			const next = editField(state[field], action.key);
			if (!next || (next.value === state[field].value && next.cursor === state[field].cursor)) {
				return state;
			}

			const errors = next.value === state[field].value ? state.errors : dropErrors(state.errors, staleAfterChange[field]);
			return {...state, [field]: next, errors};
		}

		case 'submit-started': {
			return state.submitting ? state : {...state, submitting: true, errors: {}};
		}

		case 'submit-failed': {
			// The admin lands on the first field to fix (a reused password: the password); both values stay.
			const focus = changePasswordFields.find(field => (action.errors[field]?.length ?? 0) > 0) ?? state.focus;
			return {...state, submitting: false, errors: action.errors, focus};
		}

		case 'submit-succeeded': {
			return {...state, submitting: false, errors: {}};
		}
	}
}
