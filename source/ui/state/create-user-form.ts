// The Create User form: three text fields and a connection select, which field
// has the focus, the errors of the last submit per field, and whether a submit
// is in flight. Pure; the screen turns keys into these actions.
import type {FieldErrors} from '../../domain/errors.js';
import {passwordsDoNotMatch} from '../../domain/password-policy.js';
import type {KeyPress} from '../input/key-name.js';
import {editField, emptyField, type TextFieldState} from './text-field.js';

export const formFields = ['email', 'password', 'repeatPassword', 'connection'] as const;
export type FormField = (typeof formFields)[number];
export type TextFieldName = Exclude<FormField, 'connection'>;

export type CreateUserForm = {
	readonly email: TextFieldState;
	readonly password: TextFieldState;
	readonly repeatPassword: TextFieldState;
	/** The chosen connection's name ('' when the store has no database connection). */
	readonly connection: string;
	readonly focus: FormField;
	/** The errors of the last submit, per field; a field's errors go when it changes. */
	readonly errors: FieldErrors;
	readonly submitting: boolean;
};

export type CreateUserFormAction =
	| {type: 'focus-next'}
	| {type: 'focus-previous'}
	| {type: 'focus'; field: FormField}
	/** An editing key for the focused text field (ignored on the select). */
	| {type: 'edit'; key: KeyPress}
	/** Moves the select by `step` through `names` (the connections as listed), wrapping around. */
	| {type: 'choose'; names: readonly string[]; step: 1 | -1}
	| {type: 'submit-started'}
	| {type: 'submit-failed'; errors: FieldErrors}
	| {type: 'submit-succeeded'};

export function initialCreateUserForm(connection: string): CreateUserForm {
	return {
		email: emptyField,
		password: emptyField,
		repeatPassword: emptyField,
		connection,
		focus: 'email',
		errors: {},
		submitting: false,
	};
}

export function isTextField(field: FormField): field is TextFieldName {
	return field !== 'connection';
}

// Which errors a change makes stale. The mismatch depends on both passwords,
// the policy and the duplicate check on the connection.
const staleAfterChange: Record<FormField, ReadonlyArray<keyof FieldErrors>> = {
	email: ['email'],
	password: ['password', 'repeatPassword'],
	repeatPassword: ['repeatPassword'],
	connection: ['connection', 'password', 'email'],
};

function withoutErrors(errors: FieldErrors, changed: FormField): FieldErrors {
	return dropErrors(errors, staleAfterChange[changed]);
}

/** `errors` without those of the `stale` fields (the same object when it has none). */
export function dropErrors(errors: FieldErrors, stale: ReadonlyArray<keyof FieldErrors>): FieldErrors {
	if (!stale.some(field => errors[field])) {
		return errors;
	}

	const next: FieldErrors = {...errors};
	for (const field of stale) {
		delete next[field];
	}

	return next;
}

/**
 * Leaving Password or Repeat Password checks that the two match, as web forms
 * do on leaving the field, instead of waiting for the submit. An empty Repeat
 * Password is not judged yet (the admin has not typed it); a fixed one loses
 * its mismatch at once.
 */
/** What the repeat check needs of a form: its two password fields, the focus and the errors. */
export type RepeatPasswordForm = {
	readonly focus: string;
	readonly password: TextFieldState;
	readonly repeatPassword: TextFieldState;
	readonly errors: FieldErrors;
};

export function checkRepeatOnLeave<S extends RepeatPasswordForm>(state: S, focus: S['focus']): S {
	const leaving = state.focus;
	if (focus === leaving || (leaving !== 'password' && leaving !== 'repeatPassword') || state.repeatPassword.value === '') {
		return {...state, focus};
	}

	const mismatch = state.password.value !== state.repeatPassword.value;
	const current = state.errors.repeatPassword ?? [];
	const has = current.includes(passwordsDoNotMatch);
	if (mismatch === has) {
		return {...state, focus};
	}

	const repeatPassword = mismatch ? [...current, passwordsDoNotMatch] : current.filter(message => message !== passwordsDoNotMatch);
	const errors: FieldErrors = {...state.errors, repeatPassword};
	if (repeatPassword.length === 0) {
		delete errors.repeatPassword;
	}

	return {...state, focus, errors};
}

export function createUserFormReducer(state: CreateUserForm, action: CreateUserFormAction): CreateUserForm {
	switch (action.type) {
		case 'focus-next':
		case 'focus-previous': {
			const index = formFields.indexOf(state.focus);
			const step = action.type === 'focus-next' ? 1 : -1;
			const focus = formFields[(index + step + formFields.length) % formFields.length]!;
			return checkRepeatOnLeave(state, focus);
		}

		case 'focus': {
			return state.focus === action.field ? state : checkRepeatOnLeave(state, action.field);
		}

		case 'edit': {
			const field = state.focus;
			if (state.submitting || !isTextField(field)) {
				return state;
			}

			const next = editField(state[field], action.key);
			if (!next || (next.value === state[field].value && next.cursor === state[field].cursor)) {
				return state;
			}

			const errors = next.value === state[field].value ? state.errors : withoutErrors(state.errors, field);
			return {...state, [field]: next, errors};
		}

		case 'choose': {
			if (state.submitting || action.names.length === 0) {
				return state;
			}

			const index = action.names.indexOf(state.connection);
			// A connection that vanished meanwhile counts as sitting before the first one.
			const from = index === -1 ? (action.step === 1 ? -1 : 0) : index;
			const connection = action.names[(from + action.step + action.names.length) % action.names.length]!;
			if (connection === state.connection) {
				return state;
			}

			return {...state, connection, errors: withoutErrors(state.errors, 'connection')};
		}

		case 'submit-started': {
			return state.submitting ? state : {...state, submitting: true, errors: {}};
		}

		case 'submit-failed': {
			// The admin lands on the first field to fix; every typed value stays.
			const focus = formFields.find(field => (action.errors[field]?.length ?? 0) > 0) ?? state.focus;
			return {...state, submitting: false, errors: action.errors, focus};
		}

		case 'submit-succeeded': {
			return {...state, submitting: false, errors: {}};
		}
	}
}

/** What the form would submit, as the service takes it. */
export function formInput(state: CreateUserForm): {email: string; password: string; repeatPassword: string; connection: string} {
	return {
		email: state.email.value,
		password: state.password.value,
		repeatPassword: state.repeatPassword.value,
		connection: state.connection,
	};
}
