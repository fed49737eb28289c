// Create User: Email, Password, Repeat Password (masked) and the database
// connection, as the Dashboard's form. Every failed rule is shown beneath its
// field, the typed values stay, and on success the new user's page opens.
import {Box, Text} from 'ink';
import {type ReactNode, useEffect, useState} from 'react';
import {isUserdeckError, type FieldErrors} from '../../domain/errors.js';
import type {Connection} from '../../domain/types.js';
import type {UsersApi} from '../../services/users-api.js';
import {sanitize} from '../../terminal/sanitize.js';
import {displayWidth, padEnd, truncate} from '../../terminal/text-width.js';
import {wrapWords} from '../../terminal/wrap-words.js';
import {type Deck, errorMessage, useDeck, useKeyHandler, useStoreRevision} from '../app-context.js';
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
	isTextField,
	type TextFieldName,
} from '../state/create-user-form.js';
import type {Screen} from '../state/navigation.js';
import {type PasswordHint, passwordHints} from '../state/password-hints.js';
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

/** Marker cell, space, then the label column. */
const labelColumn = 16;
const fieldColumn = 2 + labelColumn;
/** A hint line's marker ("✓ ") before its text. */
const markerWidth = 2;

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

/**
 * Hides the typed passwords in a message bound for the screen. The service's
 * messages never quote a password, but an unexpected error might quote its input.
 * Very short values are left alone: masking every "a" would garble the text and
 * such a value reveals nothing.
 */
export function redactSecrets(message: string, secrets: readonly string[]): string {
	let result = message;
	for (const secret of secrets) {
		if ([...secret].length >= 4) {
			result = result.replaceAll(secret, '•'.repeat(8));
		}
	}

	return result;
}

export function CreateUserScreen(props: CreateUserScreenProps) {
	const deck = useDeck();
	useStoreRevision();
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
	// A paste is text, never a command: "abc\r" types "abc" and submits nothing.
	if (key.isPaste) {
		if (isTextField(state.focus)) {
			form.dispatch({type: 'edit', key});
		}

		return true;
	}

	const id = resolveBinding(scopes, key.name)?.id;
	switch (id) {
		case 'form.cancel': {
			deck.navigation.dispatch({type: 'pop'});
			return true;
		}

		case 'form.next': {
			form.dispatch({type: 'focus-next'});
			return true;
		}

		case 'form.prev': {
			form.dispatch({type: 'focus-previous'});
			return true;
		}

		case 'form.submit': {
			// Enter walks down the form and submits from its last field; Ctrl-S submits from anywhere.
			if (key.name === 'enter' && state.focus !== 'connection') {
				form.dispatch({type: 'focus-next'});
			} else {
				void submit(deck, screen, form);
			}

			return true;
		}

		default: {
			break;
		}
	}

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
		const fields: FieldErrors = isUserdeckError(error) ? error.fields : {};
		const messages = Object.values(fields).flat();
		form.dispatch({type: 'submit-failed', errors: fields});
		const first = messages[0] ?? errorMessage(error);
		const more = messages.length > 1 ? ` (and ${messages.length - 1} more, shown by the fields)` : '';
		const serial = deck.report('error', redactSecrets(`Not created: ${first}${more}`, secrets));
		if (messages.length > 0) {
			dismissWhenFixed(deck, form, serial);
		}
	}
}

/**
 * The submit's message speaks of the errors it found: once the admin changes
 * a field those errors were about (the form drops them), it is out of date.
 */
function dismissWhenFixed(deck: Deck, form: FormContainer, serial: number): void {
	const reported = form.getState().errors;
	const unsubscribe = form.subscribe(() => {
		const {errors, submitting} = form.getState();
		if (submitting || errors !== reported) {
			unsubscribe();
			deck.dismiss(serial);
		}
	});
}

type Row = {
	readonly key: string;
	readonly node: ReactNode;
	/** Rows with a higher rank make room first when the body is short; 0 stays. */
	readonly drop: number;
};

type FormViewProps = {
	readonly deck: Deck;
	readonly state: CreateUserForm;
	readonly connections: readonly Connection[];
	readonly width: number;
	readonly height: number;
};

function FormView({deck, state, connections, width, height}: FormViewProps) {
	// The long "3 of 4 kinds" rule gets three lines when the body has them, else
	// two lines of a shorter wording, and never a clipped sentence.
	let rows = formRows(deck, state, connections, width, 3);
	if (rows.length > height) {
		rows = formRows(deck, state, connections, width, 2);
	}

	rows = fitRows(rows, height);
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{rows.map(row => (
				<Box key={row.key} height={1} width={width}>
					{row.node}
				</Box>
			))}
		</Box>
	);
}

/** Drops the most expendable rows (bottom-most first within a rank) until they fit. */
export function fitRows<R extends {drop: number}>(rows: readonly R[], height: number): R[] {
	let kept = [...rows];
	const ranks = [...new Set(kept.map(row => row.drop))].filter(rank => rank > 0).sort((a, b) => b - a);
	for (const rank of ranks) {
		for (let index = kept.length - 1; index >= 0 && kept.length > height; index--) {
			if (kept[index]!.drop === rank) {
				kept = [...kept.slice(0, index), ...kept.slice(index + 1)];
			}
		}
	}

	return kept.slice(0, Math.max(0, height));
}

function formRows(deck: Deck, state: CreateUserForm, connections: readonly Connection[], width: number, kindsLines: number): Row[] {
	const fieldWidth = Math.max(4, width - fieldColumn - 1);
	const textWidth = Math.max(1, fieldWidth - markerWidth);
	const secrets = [state.password.value, state.repeatPassword.value];
	const rows: Row[] = [];
	const spacer = (key: string) => rows.push({key, node: <Text> </Text>, drop: 5});
	const errorRows = (field: keyof FieldErrors, messages: readonly string[]) => {
		for (const [index, message] of messages.entries()) {
			rows.push({
				key: `${field}-error-${index}`,
				drop: 0,
				node: indented(
					<Text color={theme.danger} wrap="truncate">{truncate(`✗ ${sanitize(redactSecrets(message, secrets))}`, fieldWidth)}</Text>,
				),
			});
		}
	};

	rows.push({
		key: 'title',
		drop: 3,
		node: (
			<Text wrap="truncate">
				<Text bold color={theme.accent}> Create User</Text>
				<Text color={theme.muted}>{truncate('  a new user with a password, in a database connection', Math.max(0, width - 13))}</Text>
			</Text>
		),
	});
	spacer('space-top');

	const textRow = (field: TextFieldName, options: {mask?: boolean; placeholder?: string}) => {
		rows.push({
			key: field,
			drop: 0,
			node: (
				<>
					<FieldLabel field={field} state={state} />
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
	errorRows('email', state.errors.email ?? []);

	textRow('password', {mask: true});
	const connection = connections.find(candidate => candidate.name === state.connection);
	const hints = connection ? passwordHints(connection.options ?? {}, state.password.value, state.email.value) : [];
	const failed = (state.errors.password?.length ?? 0) > 0;
	for (const hint of hints) {
		for (const [index, line] of hintLines(hint, textWidth, kindsLines).entries()) {
			rows.push({
				key: `hint-${hint.id}-${index}`,
				drop: hint.state === 'unmet' ? 0 : 2,
				node: indented(<HintLine hint={hint} line={line} first={index === 0} failed={failed} />),
			});
		}
	}

	// Errors the checklist already shows (an unmet rule) are not repeated.
	const shown = new Set(hints.filter(hint => hint.state === 'unmet').map(hint => hint.text));
	errorRows('password', (state.errors.password ?? []).filter(message => !shown.has(message)));

	textRow('repeatPassword', {mask: true});
	errorRows('repeatPassword', state.errors.repeatPassword ?? []);

	for (const row of connectionRows(deck, state, connection, connections, fieldWidth)) {
		rows.push(row);
	}

	errorRows('connection', state.errors.connection ?? []);

	spacer('space-bottom');
	rows.push({
		key: 'help',
		drop: 4,
		node: state.submitting
			? <Text color={theme.warning} wrap="truncate">{truncate(' Creating…', width)}</Text>
			: <Text color={theme.muted} wrap="truncate">{truncate(' Enter on Connection or Ctrl-S creates the user · Tab next field · Esc cancels', width)}</Text>,
	});
	return rows;
}

function indented(node: ReactNode): ReactNode {
	return (
		<>
			<Text>{' '.repeat(fieldColumn)}</Text>
			{node}
		</>
	);
}

function FieldLabel({field, state}: {readonly field: FormField; readonly state: CreateUserForm}) {
	const focused = state.focus === field;
	const failed = (state.errors[field]?.length ?? 0) > 0;
	const color = failed ? theme.danger : (focused ? theme.accent : undefined);
	return (
		<Text wrap="truncate">
			<Text color={theme.accent}>{focused ? '›' : ' '}</Text>
			<Text> </Text>
			<Text bold={focused} color={color}>{padEnd(labels[field], labelColumn)}</Text>
		</Text>
	);
}

/** The lines a hint takes: its full text wrapped at words, else its shorter wording. */
export function hintLines(hint: PasswordHint, width: number, maxLines: number): string[] {
	const text = sanitize(hint.text);
	return wrapWords(text, width, maxLines)
		?? (hint.short ? wrapWords(hint.short, width, maxLines) : undefined)
		?? [truncate(text, width)];
}

function HintLine({hint, line, first, failed}: {readonly hint: PasswordHint; readonly line: string; readonly first: boolean; readonly failed: boolean}) {
	const marker = {pending: '·', met: '✓', unmet: '✗'}[hint.state];
	const markerColor = {pending: theme.muted, met: theme.success, unmet: failed ? theme.danger : theme.warning}[hint.state];
	const textColor = hint.state === 'unmet' ? (failed ? theme.danger : undefined) : theme.muted;
	return (
		<Text wrap="truncate">
			<Text color={markerColor}>{first ? `${marker} ` : '  '}</Text>
			<Text color={textColor}>{line}</Text>
		</Text>
	);
}

function connectionRows(deck: Deck, state: CreateUserForm, connection: Connection | undefined, connections: readonly Connection[], fieldWidth: number): Row[] {
	const count = connections.length;
	const focused = state.focus === 'connection' && !state.submitting;
	const label = <FieldLabel field="connection" state={state} />;
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
