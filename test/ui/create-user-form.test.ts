import {describe, expect, test} from 'vitest';
import type {KeyPress} from '../../source/ui/input/key-name.js';
import {
	type CreateUserForm,
	type CreateUserFormAction,
	createUserFormReducer,
	formInput,
	initialCreateUserForm,
} from '../../source/ui/state/create-user-form.js';

const press = (name: string, input = name): KeyPress => ({name, input, isPaste: false});
const paste = (input: string): KeyPress => ({name: input, input, isPaste: true});

function run(state: CreateUserForm, ...actions: CreateUserFormAction[]): CreateUserForm {
	return actions.reduce(createUserFormReducer, state);
}

function typeText(state: CreateUserForm, text: string): CreateUserForm {
	return run(state, ...[...text].map((char): CreateUserFormAction => ({type: 'edit', key: press(char === ' ' ? 'space' : char, char)})));
}

const names = ['Username-Password-Authentication', 'Partners-DB', 'Legacy-DB'];
const start = initialCreateUserForm('Username-Password-Authentication');

describe('createUserFormReducer', () => {
	test('leaving Repeat Password with a mismatch shows it at once; fixing it and leaving takes it away', () => {
		const typed = typeText(run(typeText(start, 'a@b.co'), {type: 'focus-next'}), 'Secret-1!');
		let state = typeText(run(typed, {type: 'focus-next'}), 'Secret-2!');
		expect(state.errors).toEqual({});
		state = run(state, {type: 'focus-next'});
		expect(state.focus).toBe('connection');
		expect(state.errors.repeatPassword).toEqual(['Passwords do not match']);
		// Editing Repeat Password drops it as it drops any stale error; leaving a match adds nothing.
		state = run(state, {type: 'focus-previous'}, {type: 'edit', key: press('backspace', '')}, {type: 'edit', key: press('backspace', '')});
		state = typeText(state, '1!');
		expect(state.repeatPassword.value).toBe('Secret-1!');
		state = run(state, {type: 'focus-next'});
		expect(state.errors.repeatPassword).toBeUndefined();
	});

	test('leaving Password checks too once Repeat Password is typed, and an empty Repeat Password is not judged', () => {
		let state = run(start, {type: 'focus', field: 'password'});
		state = typeText(state, 'Secret-1!');
		state = run(state, {type: 'focus-next'}, {type: 'focus-next'});
		expect(state.errors).toEqual({});
		state = run(state, {type: 'focus', field: 'repeatPassword'});
		state = typeText(state, 'Secret-1!');
		state = run(state, {type: 'focus', field: 'password'}, {type: 'edit', key: press('x')}, {type: 'focus', field: 'email'});
		expect(state.errors.repeatPassword).toEqual(['Passwords do not match']);
		// A mismatch kept from a submit is not added twice.
		state = run(state, {type: 'focus', field: 'password'}, {type: 'focus', field: 'email'});
		expect(state.errors.repeatPassword).toEqual(['Passwords do not match']);
	});

	test('starts empty on the email field with the given connection', () => {
		expect(start.focus).toBe('email');
		expect(formInput(start)).toEqual({email: '', password: '', repeatPassword: '', connection: 'Username-Password-Authentication'});
		expect(start.submitting).toBe(false);
	});

	test('focus moves through the fields in order and wraps both ways', () => {
		const order: string[] = [];
		let state = start;
		for (let index = 0; index < 5; index++) {
			order.push(state.focus);
			state = createUserFormReducer(state, {type: 'focus-next'});
		}

		expect(order).toEqual(['email', 'password', 'repeatPassword', 'connection', 'email']);
		expect(run(start, {type: 'focus-previous'}).focus).toBe('connection');
		expect(run(start, {type: 'focus', field: 'repeatPassword'}).focus).toBe('repeatPassword');
	});

	test('edits go to the focused text field only', () => {
		let state = typeText(start, 'ann@example.com');
		state = run(state, {type: 'focus-next'});
		state = typeText(state, 'Secret 1!');
		state = run(state, {type: 'focus-next'});
		state = typeText(state, 'Secret 1?');
		expect(formInput(state)).toEqual({
			email: 'ann@example.com',
			password: 'Secret 1!',
			repeatPassword: 'Secret 1?',
			connection: 'Username-Password-Authentication',
		});
	});

	test('the select ignores typing', () => {
		const state = run(start, {type: 'focus', field: 'connection'});
		expect(run(state, {type: 'edit', key: press('x')})).toBe(state);
	});

	test('a pasted chunk is inserted without control characters', () => {
		const state = run(start, {type: 'edit', key: paste('abc\r\u001B[31mdef')});
		expect(state.email).toEqual({value: 'abc[31mdef', cursor: 10});
	});

	test('choose cycles through the connections both ways', () => {
		let state = run(start, {type: 'choose', names, step: 1});
		expect(state.connection).toBe('Partners-DB');
		state = run(state, {type: 'choose', names, step: 1}, {type: 'choose', names, step: 1});
		expect(state.connection).toBe('Username-Password-Authentication');
		expect(run(start, {type: 'choose', names, step: -1}).connection).toBe('Legacy-DB');
	});

	test('a connection that vanished is left for the first or last one', () => {
		const state = initialCreateUserForm('Gone-DB');
		expect(run(state, {type: 'choose', names, step: 1}).connection).toBe(names[0]);
		expect(run(state, {type: 'choose', names, step: -1}).connection).toBe(names.at(-1));
		expect(run(state, {type: 'choose', names: [], step: 1})).toBe(state);
	});

	test('a failed submit keeps every value and focuses the first field with an error', () => {
		let state = typeText(start, 'not-an-email');
		state = run(state, {type: 'focus-next'});
		state = typeText(state, 'pw');
		state = run(state, {type: 'focus', field: 'connection'}, {type: 'submit-started'});
		expect(state.submitting).toBe(true);
		state = run(state, {type: 'submit-failed', errors: {password: ['At least 8 characters in length'], repeatPassword: ['Passwords do not match']}});
		expect(state.submitting).toBe(false);
		expect(state.focus).toBe('password');
		expect(state.email.value).toBe('not-an-email');
		expect(state.password.value).toBe('pw');
		expect(state.errors.repeatPassword).toEqual(['Passwords do not match']);
	});

	test('nothing changes while a submit is in flight', () => {
		const state = run(typeText(start, 'a@b.co'), {type: 'submit-started'});
		expect(run(state, {type: 'edit', key: press('x')})).toBe(state);
		expect(run(state, {type: 'choose', names, step: 1})).toBe(state);
		expect(run(state, {type: 'submit-started'})).toBe(state);
	});

	test('changing a field clears the errors it made stale, and only those', () => {
		const errors = {
			email: ['The user already exists.'],
			password: ['At least 8 characters in length'],
			repeatPassword: ['Passwords do not match'],
			connection: ['The connection is disabled'],
		};
		const failed = run(start, {type: 'submit-started'}, {type: 'submit-failed', errors});
		expect(failed.focus).toBe('email');

		const emailEdited = run(failed, {type: 'edit', key: press('x')});
		expect(emailEdited.errors).toEqual({password: errors.password, repeatPassword: errors.repeatPassword, connection: errors.connection});

		const passwordEdited = run(failed, {type: 'focus', field: 'password'}, {type: 'edit', key: press('x')});
		expect(passwordEdited.errors).toEqual({email: errors.email, connection: errors.connection});

		const repeatEdited = run(failed, {type: 'focus', field: 'repeatPassword'}, {type: 'edit', key: press('x')});
		expect(repeatEdited.errors).toEqual({email: errors.email, password: errors.password, connection: errors.connection});

		// The policy and the duplicate check both depend on the connection.
		const chosen = run(failed, {type: 'choose', names, step: 1});
		expect(chosen.errors).toEqual({repeatPassword: errors.repeatPassword});

		// Moving the cursor is no change of value.
		const moved = run(failed, {type: 'edit', key: press('left')});
		expect(moved.errors).toBe(failed.errors);
	});

	test('a success clears the errors and the in-flight flag', () => {
		const state = run(start, {type: 'submit-started'}, {type: 'submit-succeeded'});
		expect(state.submitting).toBe(false);
		expect(state.errors).toEqual({});
	});
});
