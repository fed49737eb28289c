// Change Password (Actions): the new password twice, masked, checked live
// against the policy of the user's database connection as Create User's is.
// Whether it is one of the user's last passwords needs a hash per earlier
// password, so that rule is checked on save (on a tenant by Auth0, which
// keeps the hashes); a refusal, the server's included, lands on the field.
import {Text} from 'ink';
import {useEffect, useState} from 'react';
import {passwordHistorySize, personalInfoOf} from '../../domain/password-policy.js';
import {displayName} from '../../domain/user-factory.js';
import {sanitize} from '../../terminal/sanitize.js';
import {truncate} from '../../terminal/text-width.js';
import {type Deck, useDeck, useKeyHandler, useShown, useStoreRevision} from '../app-context.js';
import type {Shown} from '../mask/shown.js';
import {personalValues, shownDisplayName} from '../mask/user-personal.js';
import {checklistRows, errorRows, FieldLabel, FormBody, type FormRow, fieldWidthOf, helpRow, indented, spacerRow, titleRows} from '../components/form-layout.js';
import {TextField} from '../components/text-field.js';
import type {KeyPress} from '../input/key-name.js';
import type {Scope} from '../keymap.js';
import {
	type ChangePasswordField,
	type ChangePasswordForm,
	type ChangePasswordFormAction,
	changePasswordFormReducer,
	initialChangePasswordForm,
} from '../state/change-password-form.js';
import {createState, type StateContainer, useContainer} from '../state/create-state.js';
import type {Screen} from '../state/navigation.js';
import {passwordHints} from '../state/password-hints.js';
import {editField} from '../state/text-field.js';
import {theme} from '../theme.js';
import {formCommand, reportSaveFailure} from './form-commands.js';

export type ChangePasswordScreenProps = {
	readonly screen: Extract<Screen, {name: 'change-password'}>;
	readonly width: number;
	readonly height: number;
};

type FormContainer = StateContainer<ChangePasswordForm, ChangePasswordFormAction>;

const scopes: readonly Scope[] = ['form'];

const labels: Record<ChangePasswordField, string> = {
	password: 'New Password',
	repeatPassword: 'Repeat Password',
};

/** The policy's history rule, as the service words a refusal. */
const reusedMessage = 'Password has previously been used';

export function ChangePasswordScreen({screen, width, height}: ChangePasswordScreenProps) {
	const deck = useDeck();
	useStoreRevision();
	const [form] = useState<FormContainer>(() => createState(changePasswordFormReducer, initialChangePasswordForm));
	const state = useContainer(form);
	// The password will be hashed on save: the hasher loads while it is typed.
	useEffect(() => {
		deck.service.prepareForPasswords();
	}, [deck.service]);

	const shown = useShown();
	useKeyHandler(screen, scopes, key => handleKey(deck, screen, form, key));
	return <FormBody build={kindsLines => formRows(deck, shown, screen.userId, state, width, kindsLines)} width={width} height={height} />;
}

function handleKey(deck: Deck, screen: Extract<Screen, {name: 'change-password'}>, form: FormContainer, key: KeyPress): boolean {
	const state = form.getState();
	// Enter on New Password goes to Repeat Password; there (or Ctrl-S anywhere) it saves.
	const command = formCommand(deck, form, key, state.focus === 'repeatPassword', () => {
		void submit(deck, screen, form);
	});
	if (command !== undefined) {
		return command;
	}

	if (editField(state[state.focus], key) === undefined) {
		return false;
	}

	form.dispatch({type: 'edit', key});
	return true;
}

async function submit(deck: Deck, screen: Extract<Screen, {name: 'change-password'}>, form: FormContainer): Promise<void> {
	const state = form.getState();
	if (state.submitting) {
		return;
	}

	const input = {password: state.password.value, repeatPassword: state.repeatPassword.value};
	const secrets = [input.password, input.repeatPassword];
	const user = deck.service.user(screen.userId);
	const who = user ? displayName(user) : screen.userId;
	form.dispatch({type: 'submit-started'});
	deck.report('progress', {text: `Changing the password of ${who}…`, personal: personalValues(user)});
	try {
		const changed = await deck.service.changePassword(screen.userId, input);
		form.dispatch({type: 'submit-succeeded'});
		// The admin may have left the form while the password was being hashed.
		if (deck.navigation.getState().stack.at(-1) === screen) {
			deck.navigation.dispatch({type: 'pop'});
		}

		deck.report('success', {text: `Changed the password of ${displayName(changed)} (${changed.user_id}); their devices stay signed in`, personal: personalValues(changed)});
	} catch (error) {
		reportSaveFailure(deck, form, error, 'Not changed', secrets);
	}
}

function formRows(deck: Deck, shown: Shown, userId: string, state: ChangePasswordForm, width: number, kindsLines: number): FormRow[] {
	const fieldWidth = fieldWidthOf(width);
	const secrets = [state.password.value, state.repeatPassword.value];
	const user = deck.service.user(userId);
	const rows: FormRow[] = [];
	if (!user) {
		return [...titleRows('Change Password', 'this user no longer exists', width), helpRow('Esc goes back', false, width)];
	}

	const options = deck.service.passwordChangeOptions(userId);
	const who = shownDisplayName(user, shown);
	const subtitle = options.allowed
		? `for ${who}, under ${sanitize(options.connection.name)}'s password policy`
		: `for ${who}`;
	rows.push(...titleRows('Change Password', subtitle, width));
	if (!options.allowed) {
		rows.push({key: 'unavailable', drop: 0, node: <Text color={theme.warning} wrap="truncate">{truncate(sanitize(` Unavailable: ${options.reason}`), width)}</Text>});
		rows.push(spacerRow('space-bottom'), helpRow('Esc goes back', false, width));
		return rows;
	}

	const textRow = (field: ChangePasswordField) => {
		rows.push({
			key: field,
			drop: 0,
			node: (
				<>
					<FieldLabel label={labels[field]} focused={state.focus === field} failed={(state.errors[field]?.length ?? 0) > 0} />
					<TextField state={state[field]} width={fieldWidth} focused={state.focus === field && !state.submitting} mask />
				</>
			),
		});
	};

	textRow('password');
	const connectionOptions = options.connection.options ?? {};
	const size = passwordHistorySize(connectionOptions);
	const errors = state.errors.password ?? [];
	// The local store refuses the current password and `size` before it; a tenant, the `size` passwords Auth0 remembers.
	const tenant = deck.service.source.kind === 'tenant';
	const hints = passwordHints(connectionOptions, state.password.value, personalInfoOf(user), {
		remembered: size === 0 ? 0 : (tenant ? size : size + 1),
		reused: errors.includes(reusedMessage),
		checkedBy: tenant ? 'auth0' : 'userdeck',
	});
	rows.push(...checklistRows(hints, errors, fieldWidth, kindsLines, secrets));

	textRow('repeatPassword');
	rows.push(...errorRows('repeatPassword', state.errors.repeatPassword ?? [], fieldWidth, secrets));
	rows.push(
		{key: 'devices', drop: 1, node: indented(<Text color={theme.muted} wrap="truncate">{truncate('Devices (refresh tokens) stay signed in, as in Auth0', fieldWidth)}</Text>)},
		spacerRow('space-bottom'),
		helpRow(state.submitting ? (tenant ? 'Saving: Auth0 checks the policy and the password history…' : 'Checking the password history and saving…') : 'Enter on Repeat Password or Ctrl-S saves · Tab next field · Esc cancels', state.submitting, width),
	);
	return rows;
}
