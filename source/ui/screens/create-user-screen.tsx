// Create User: Email, Password, Repeat Password (masked) and the database
// connection, as the Dashboard's form. Every failed rule is shown beneath its
// field, the typed values stay, and on success the new user's page opens.
import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import type {Connection} from '../../domain/types.js';
import {refreshConnections, type UsersApi} from '../../services/users-api.js';
import {sanitize} from '../../terminal/sanitize.js';
import {displayWidth, truncate} from '../../terminal/text-width.js';
import {type Deck, useDeck, useKeyHandler, useStoreRevision} from '../app-context.js';
import {checklistRows, errorRows, FieldLabel, FormBody, type FormRow, fieldWidthOf, helpRow, indented, spacerRow, titleRows} from '../components/form-layout.js';
import {TextField} from '../components/text-field.js';
import type {KeyPress} from '../input/key-name.js';
import {resolveBinding, type Scope} from '../keymap.js';
import {createState, type StateContainer, useContainer} from '../state/create-state.js';
import {
	type CreateUserForm,
	type CreateUserFormAction,
	createUserFormReducer,
	type FormField,
	formInput,
	initialCreateUserForm,
	type TextFieldName,
} from '../state/create-user-form.js';
import type {Screen} from '../state/navigation.js';
import {passwordHints} from '../state/password-hints.js';
import {redactSecrets} from '../state/redact-secrets.js';
import {formCommand, reportSaveFailure} from './form-commands.js';
import {editField} from '../state/text-field.js';
import {theme} from '../theme.js';

export type CreateUserScreenProps = {
	readonly screen: Extract<Screen, {name: 'create-user'}>;
	readonly width: number;
	readonly height: number;
};

type FormContainer = StateContainer<CreateUserForm, CreateUserFormAction>;

const scopes: readonly Scope[] = ['form'];

const labels: Record<FormField, string> = {
	email: 'Email',
	password: 'Password',
	repeatPassword: 'Repeat Password',
	connection: 'Connection',
};

/** The connection a new form starts on: the first one that can take users. */
export function defaultConnection(connections: readonly Connection[]): string {
	return (connections.find(connection => connection.enabled_clients.length > 0) ?? connections[0])?.name ?? '';
}

/** Which applications a connection serves, as the select shows next to its name. */
export function connectionUsage(connection: Connection, service: UsersApi): string {
	if (connection.enabled_clients.length === 0) {
		return '— not enabled for any application (disabled)';
	}

	const names = connection.enabled_clients.map(clientId => service.client(clientId)?.name ?? clientId);
	return `— enabled for ${names.join(', ')}`;
}

export function CreateUserScreen(props: CreateUserScreenProps) {
	const deck = useDeck();
	useStoreRevision();
	// Loaded again on each opening (a tenant's connections and policies change); the known ones show meanwhile.
	useEffect(() => {
		refreshConnections(deck.service);
	}, [deck.service]);
	// The form starts on a connection: where they are remote (a tenant), it waits for them.
	const connections = deck.service.connectionsState();
	return connections.status === 'loaded' || connections.data
		? <CreateUserForm {...props} />
		: <ConnectionsPending {...props} message={connections.status === 'loading' ? 'Loading the connections…' : sanitize(connections.error?.message ?? 'The connections could not be loaded')} />;
}

/** Until the connections are known: what is happening, and Esc goes back. */
function ConnectionsPending({screen, width, height, message}: CreateUserScreenProps & {readonly message: string}) {
	const deck = useDeck();
	useKeyHandler(screen, scopes, key => {
		if (resolveBinding(scopes, key.name)?.id === 'form.cancel') {
			deck.navigation.dispatch({type: 'pop'});
		}

		return true;
	});
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text color={theme.muted} wrap="truncate">{truncate(` ${message}`, width)}</Text>
		</Box>
	);
}

function CreateUserForm({screen, width, height}: CreateUserScreenProps) {
	const deck = useDeck();
	useStoreRevision();
	const [form] = useState<FormContainer>(() =>
		createState(createUserFormReducer, initialCreateUserForm(defaultConnection(deck.service.databaseConnections()))));
	const state = useContainer(form);
	// The password will be hashed on submit: the hasher loads while it is typed.
	useEffect(() => {
		deck.service.prepareForPasswords();
	}, [deck.service]);

	useKeyHandler(screen, scopes, key => handleKey(deck, screen, form, key));

	const connections = deck.service.databaseConnections();
	return <FormView deck={deck} state={state} connections={connections} width={width} height={height} />;
}

function handleKey(deck: Deck, screen: object, form: FormContainer, key: KeyPress): boolean {
	const state = form.getState();
	// Enter walks down the form and saves from its last field.
	const command = formCommand(deck, form, key, state.focus === 'connection', () => {
		void submit(deck, screen, form);
	});
	if (command !== undefined) {
		return command;
	}

	const id = resolveBinding(scopes, key.name)?.id;
	if (state.focus === 'connection') {
		if (id === 'form.choose-next' || id === 'form.choose-prev') {
			const names = deck.service.databaseConnections().map(connection => connection.name);
			form.dispatch({type: 'choose', names, step: id === 'form.choose-next' ? 1 : -1});
			return true;
		}

		// Other keys on the select (`?` for help, Ctrl-C) belong to the global keys.
		return false;
	}

	// In a text field ←/→ move the cursor and space is a character, so only editing decides.
	if (editField(state[state.focus], key) === undefined) {
		return false;
	}

	form.dispatch({type: 'edit', key});
	return true;
}

async function submit(deck: Deck, screen: object, form: FormContainer): Promise<void> {
	const state = form.getState();
	if (state.submitting) {
		return;
	}

	const input = formInput(state);
	const secrets = [input.password, input.repeatPassword];
	form.dispatch({type: 'submit-started'});
	deck.report('progress', redactSecrets(`Creating ${input.email.trim() || 'user'}…`, secrets));
	try {
		const user = await deck.service.createUser(input);
		form.dispatch({type: 'submit-succeeded'});
		// The admin may have left the form while the password was being hashed.
		if (deck.navigation.getState().stack.at(-1) === screen) {
			deck.navigation.dispatch({type: 'replace', screen: {name: 'user', userId: user.user_id, tab: 'details'}});
		}

		// After the page opens, so the message is the new page's.
		deck.report('success', `Created user ${user.email ?? user.user_id} (${user.user_id})`);
	} catch (error) {
		reportSaveFailure(deck, form, error, 'Not created', secrets);
	}
}

type FormViewProps = {
	readonly deck: Deck;
	readonly state: CreateUserForm;
	readonly connections: readonly Connection[];
	readonly width: number;
	readonly height: number;
};

function FormView({deck, state, connections, width, height}: FormViewProps) {
	return <FormBody build={kindsLines => formRows(deck, state, connections, width, kindsLines)} width={width} height={height} />;
}

function formRows(deck: Deck, state: CreateUserForm, connections: readonly Connection[], width: number, kindsLines: number): FormRow[] {
	const fieldWidth = fieldWidthOf(width);
	const secrets = [state.password.value, state.repeatPassword.value];
	const rows: FormRow[] = [...titleRows('Create User', 'a new user with a password, in a database connection', width)];
	const textRow = (field: TextFieldName, options: {mask?: boolean; placeholder?: string}) => {
		rows.push({
			key: field,
			drop: 0,
			node: (
				<>
					<Label field={field} state={state} />
					<TextField
						state={state[field]}
						width={fieldWidth}
						focused={state.focus === field && !state.submitting}
						mask={options.mask}
						placeholder={options.placeholder}
					/>
				</>
			),
		});
	};

	textRow('email', {placeholder: 'name@example.com'});
	rows.push(...errorRows('email', state.errors.email ?? [], fieldWidth, secrets));

	textRow('password', {mask: true});
	const connection = connections.find(candidate => candidate.name === state.connection);
	const hints = connection ? passwordHints(connection.options ?? {}, state.password.value, state.email.value) : [];
	rows.push(...checklistRows(hints, state.errors.password ?? [], fieldWidth, kindsLines, secrets));

	textRow('repeatPassword', {mask: true});
	rows.push(...errorRows('repeatPassword', state.errors.repeatPassword ?? [], fieldWidth, secrets));

	rows.push(...connectionRows(deck, state, connection, connections, fieldWidth), ...errorRows('connection', state.errors.connection ?? [], fieldWidth, secrets), spacerRow('space-bottom'));
	rows.push(helpRow(state.submitting ? 'Creating…' : 'Enter on Connection or Ctrl-S creates the user · Tab next field · Esc cancels', state.submitting, width));
	return rows;
}

function Label({field, state}: {readonly field: FormField; readonly state: CreateUserForm}) {
	return <FieldLabel label={labels[field]} focused={state.focus === field} failed={(state.errors[field]?.length ?? 0) > 0} />;
}

function connectionRows(deck: Deck, state: CreateUserForm, connection: Connection | undefined, connections: readonly Connection[], fieldWidth: number): FormRow[] {
	const count = connections.length;
	const focused = state.focus === 'connection' && !state.submitting;
	const label = <Label field="connection" state={state} />;
	if (!connection) {
		const message = count === 0 ? 'No database connection in this store' : `${sanitize(state.connection) || 'None'} (no longer exists)`;
		return [{key: 'connection', drop: 0, node: <>{label}<Text color={theme.warning} wrap="truncate">{truncate(message, fieldWidth)}</Text></>}];
	}

	const name = sanitize(connection.name);
	const choice = focused ? `◂ ${name} ▸` : name;
	const usage = sanitize(connectionUsage(connection, deck.service));
	const usageColor = connection.enabled_clients.length === 0 ? theme.warning : theme.muted;
	const position = count > 1 ? `  ${connections.findIndex(candidate => candidate.name === connection.name) + 1}/${count}` : '';
	const choiceText = (
		<Text bold={focused} color={focused ? theme.accent : undefined}>{truncate(choice, fieldWidth)}</Text>
	);
	if (displayWidth(`${choice} ${usage}${position}`) <= fieldWidth) {
		return [{
			key: 'connection',
			drop: 0,
			node: (
				<>
					{label}
					<Text wrap="truncate">
						{choiceText}
						<Text color={usageColor}> {usage}</Text>
						<Text color={theme.muted}>{position}</Text>
					</Text>
				</>
			),
		}];
	}

	return [
		{key: 'connection', drop: 0, node: <>{label}<Text wrap="truncate">{choiceText}<Text color={theme.muted}>{truncate(position, Math.max(0, fieldWidth - displayWidth(choice)))}</Text></Text></>},
		{key: 'connection-usage', drop: connection.enabled_clients.length === 0 ? 0 : 1, node: indented(<Text color={usageColor} wrap="truncate">{truncate(usage, fieldWidth)}</Text>)},
	];
}
