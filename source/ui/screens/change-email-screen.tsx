// Change Email (Actions): the new email and whether to mark it verified, with
// Create User's rules (format, and no other user of the connection with it),
// checked again when saved; a refusal lands on the field.
import {Text} from 'ink';
import {useState} from 'react';
import {displayName, primaryConnection} from '../../domain/user-factory.js';
import {sanitize} from '../../terminal/sanitize.js';
import {truncate} from '../../terminal/text-width.js';
import {type Deck, useDeck, useKeyHandler, useShown, useStoreRevision} from '../app-context.js';
import type {Shown} from '../mask/shown.js';
import {personalValues, shownDisplayName} from '../mask/user-personal.js';
import {errorRows, FieldLabel, FormBody, type FormRow, fieldWidthOf, helpRow, indented, spacerRow, titleRows} from '../components/form-layout.js';
import {TextField} from '../components/text-field.js';
import type {KeyPress} from '../input/key-name.js';
import {bindingById, keyLabel, resolveBinding, type Scope} from '../keymap.js';
import {
	type ChangeEmailForm,
	type ChangeEmailFormAction,
	changeEmailFormReducer,
	initialChangeEmailForm,
} from '../state/change-email-form.js';
import {createState, type StateContainer, useContainer} from '../state/create-state.js';
import type {Screen} from '../state/navigation.js';
import {editField} from '../state/text-field.js';
import {theme} from '../theme.js';
import {formCommand, reportSaveFailure} from './form-commands.js';

export type ChangeEmailScreenProps = {
	readonly screen: Extract<Screen, {name: 'change-email'}>;
	readonly width: number;
	readonly height: number;
};

type FormContainer = StateContainer<ChangeEmailForm, ChangeEmailFormAction>;

const scopes: readonly Scope[] = ['form'];

export function ChangeEmailScreen({screen, width, height}: ChangeEmailScreenProps) {
	const deck = useDeck();
	useStoreRevision();
	const shown = useShown();
	// While masked the field starts empty: the current email is stored data, the admin types the new one as they know it.
	const [form] = useState<FormContainer>(() => createState(changeEmailFormReducer, initialChangeEmailForm(shown.masked ? '' : deck.service.user(screen.userId)?.email ?? '')));
	const state = useContainer(form);
	useKeyHandler(screen, scopes, key => handleKey(deck, screen, form, key));
	return <FormBody build={() => formRows(deck, shown, screen.userId, state, width)} width={width} height={height} />;
}

function handleKey(deck: Deck, screen: Extract<Screen, {name: 'change-email'}>, form: FormContainer, key: KeyPress): boolean {
	const state = form.getState();
	// Enter on Email goes to the toggle; there (or Ctrl-S anywhere) it saves.
	const command = formCommand(deck, form, key, state.focus === 'verified', () => {
		void submit(deck, screen, form);
	});
	if (command !== undefined) {
		return command;
	}

	const id = resolveBinding(scopes, key.name)?.id;
	if (state.focus === 'verified') {
		if (id === 'form.choose-next' || id === 'form.choose-prev') {
			form.dispatch({type: 'toggle-verified'});
			return true;
		}

		return false;
	}

	if (editField(state.email, key) === undefined) {
		return false;
	}

	form.dispatch({type: 'edit', key});
	return true;
}

async function submit(deck: Deck, screen: Extract<Screen, {name: 'change-email'}>, form: FormContainer): Promise<void> {
	const state = form.getState();
	if (state.submitting) {
		return;
	}

	const input = {email: state.email.value, verified: state.verified};
	form.dispatch({type: 'submit-started'});
	try {
		const {user, changed} = await deck.service.changeEmail(screen.userId, input);
		form.dispatch({type: 'submit-succeeded'});
		if (deck.navigation.getState().stack.at(-1) === screen) {
			deck.navigation.dispatch({type: 'pop'});
		}

		const state = user.email_verified ? 'verified' : 'not verified';
		deck.report('success', {
			text: changed
				? `Changed the email of ${displayName(user)} to ${user.email ?? ''} (${state})`
				: `${displayName(user)} already had ${user.email ?? ''} (${state}): nothing changed`,
			personal: personalValues(user),
		});
	} catch (error) {
		reportSaveFailure(deck, form, error, 'Not changed');
	}
}

function formRows(deck: Deck, shown: Shown, userId: string, state: ChangeEmailForm, width: number): FormRow[] {
	const fieldWidth = fieldWidthOf(width);
	const user = deck.service.user(userId);
	if (!user) {
		return [...titleRows('Change Email', 'this user no longer exists', width), helpRow('Esc goes back', false, width)];
	}

	const connection = primaryConnection(user);
	const social = deck.service.connectionByName(connection)?.strategy !== 'auth0';
	const rows: FormRow[] = [...titleRows('Change Email', `for ${shownDisplayName(user, shown)}, unique within ${sanitize(connection)}`, width)];
	const emailFocused = state.focus === 'email';
	rows.push({
		key: 'email',
		drop: 0,
		node: (
			<>
				<FieldLabel label="Email" focused={emailFocused} failed={(state.errors.email?.length ?? 0) > 0} />
				<TextField state={state.email} width={fieldWidth} focused={emailFocused && !state.submitting} placeholder={shown.masked && user.email ? `now ${shown.email(user.email)}` : 'name@example.com'} />
			</>
		),
	}, ...errorRows('email', state.errors.email ?? [], fieldWidth, []));
	if (social) {
		rows.push({key: 'social', drop: 1, node: indented(<Text color={theme.warning} wrap="truncate">{truncate(sanitize(`${connection} may overwrite it at the user's next sign-in`), fieldWidth)}</Text>)});
	}

	const toggleFocused = state.focus === 'verified' && !state.submitting;
	const box = state.verified ? '[x]' : '[ ]';
	const meaning = state.verified ? 'verified: the user need not confirm it' : 'not verified (Auth0\'s default for a changed email)';
	rows.push(
		{
			key: 'verified',
			drop: 0,
			node: (
				<>
					<FieldLabel label="Verified" focused={state.focus === 'verified'} failed={false} />
					<Text wrap="truncate">
						<Text bold={toggleFocused} color={toggleFocused ? theme.accent : undefined}>{box}</Text>
						<Text color={theme.muted}>{truncate(` ${meaning}`, Math.max(0, fieldWidth - 3))}</Text>
					</Text>
				</>
			),
		},
		spacerRow('space-bottom'),
		helpRow(state.submitting ? 'Saving…' : `${bindingById('form.choose-next').keys.map(key => keyLabel(key)).join('/')} toggles · Enter on Verified or Ctrl-S saves · Esc cancels`, state.submitting, width),
	);
	return rows;
}
