// The Change Email form: the new email and whether to mark it verified
// (unverified by default, as Auth0's API leaves it), the focus, the errors of
// the last save and whether a save is in flight. Pure.
import type {FieldErrors} from '../../domain/errors.js';
import type {KeyPress} from '../input/key-name.js';
import {editField, type TextFieldState} from './text-field.js';

export const changeEmailFields = ['email', 'verified'] as const;
export type ChangeEmailField = (typeof changeEmailFields)[number];

export type ChangeEmailForm = {
	readonly email: TextFieldState;
	readonly verified: boolean;
	readonly focus: ChangeEmailField;
	readonly errors: FieldErrors;
	readonly submitting: boolean;
};

export type ChangeEmailFormAction =
	| {type: 'focus-next'}
	| {type: 'focus-previous'}
	/** An editing key for the email (ignored on the toggle). */
	| {type: 'edit'; key: KeyPress}
	| {type: 'toggle-verified'}
	| {type: 'submit-started'}
	| {type: 'submit-failed'; errors: FieldErrors}
	| {type: 'submit-succeeded'};

/** Starts with the user's current email, cursor at its end, to edit rather than retype. */
export function initialChangeEmailForm(current: string): ChangeEmailForm {
	return {
		email: {value: current, cursor: [...current].length},
		verified: false,
		focus: 'email',
		errors: {},
		submitting: false,
	};
}

export function changeEmailFormReducer(state: ChangeEmailForm, action: ChangeEmailFormAction): ChangeEmailForm {
	switch (action.type) {
		case 'focus-next':
		case 'focus-previous': {
			return {...state, focus: state.focus === 'email' ? 'verified' : 'email'};
		}

		case 'edit': {
			if (state.submitting || state.focus !== 'email') {
				return state;
			}

			const next = editField(state.email, action.key);
			if (!next || (next.value === state.email.value && next.cursor === state.email.cursor)) {
				return state;
			}

			if (next.value === state.email.value || !state.errors.email) {
				return {...state, email: next};
			}

			const {email: _stale, ...errors} = state.errors;
			return {...state, email: next, errors};
		}

		case 'toggle-verified': {
			return state.submitting ? state : {...state, verified: !state.verified};
		}

		case 'submit-started': {
			return state.submitting ? state : {...state, submitting: true, errors: {}};
		}

		case 'submit-failed': {
			const focus = (action.errors.email?.length ?? 0) > 0 ? 'email' : state.focus;
			return {...state, submitting: false, errors: action.errors, focus};
		}

		case 'submit-succeeded': {
			return {...state, submitting: false, errors: {}};
		}
	}
}
