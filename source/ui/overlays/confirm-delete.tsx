// Delete is permanent, so it sits at the top of the confirmation ladder: the
// admin types the user's email (or user_id) and presses Enter on its own.
// A pasted burst never deletes: the paste only fills the field, and the Enter
// must be a separate key press.
import {Box, Text} from 'ink';
import {useState} from 'react';
import {useDeck, useShown, useStoreRevision} from '../app-context.js';
import {personalValues, shownDisplayName} from '../mask/user-personal.js';
import {Dialog, dialogInnerWidth, wantedWidth} from '../components/dialog.js';
import {TextField} from '../components/text-field.js';
import {keyHint} from '../keymap.js';
import {theme} from '../theme.js';
import {displayName} from '../../domain/user-factory.js';
import type {ListUser} from '../../domain/types.js';
import type {UsersApi} from '../../services/users-api.js';
import {displayWidth, truncate} from '../../terminal/text-width.js';
import type {OverlayProps} from './overlay-view.js';
import {useTypedConfirmation} from './use-typed-confirmation.js';

/** What the admin must type: the email when there is one, else the user_id. */
export function deleteConfirmationText(user: ListUser): string {
	return user.email ?? user.user_id;
}

/**
 * The user to delete: the profile, or, when the store file's profile of them
 * is damaged, what the list holds of them (deleting is how the admin gets rid
 * of the row). Undefined when they are gone.
 */
export function deletableUser(service: UsersApi, userId: string): ListUser | undefined {
	return service.user(userId) ?? (service.userProblem?.(userId) === undefined ? undefined : service.usersById().get(userId));
}

export function isDeleteConfirmed(user: ListUser, typed: string): boolean {
	return typed.trim().toLowerCase() === deleteConfirmationText(user).toLowerCase();
}

export function ConfirmDelete({overlay, width, height}: OverlayProps<'confirm-delete'>) {
	const deck = useDeck();
	const shown = useShown();
	useStoreRevision();
	const user = deletableUser(deck.service, overlay.userId);
	const [busy, setBusy] = useState(false);
	const value = useTypedConfirmation(overlay, typed => {
		const current = deletableUser(deck.service, overlay.userId);
		if (current && !busy && isDeleteConfirmed(current, typed)) {
			setBusy(true);
			void remove(current);
		}
	});

	async function remove(target: ListUser) {
		const done = await deck.attempt(async () => {
			await deck.service.deleteUser(target.user_id);
			return true;
		});
		if (done) {
			// Reported on the list it returns to: a message goes with its screen.
			deck.navigation.dispatch({type: 'reset', screen: {name: 'users'}});
			deck.report('success', {text: `Deleted ${displayName(target)} (${target.user_id})`, personal: personalValues(target)});
		} else {
			setBusy(false);
		}
	}

	const inner = dialogInnerWidth(width, 68);
	if (!user) {
		return (
			<Dialog title="Delete User" tone="danger" areaWidth={width} areaHeight={height} width={68} height={1}>
				<Text wrap="truncate">{truncate('This user no longer exists. Press Esc.', inner)}</Text>
			</Dialog>
		);
	}

	// Masked, the email to type is shown masked too: the admin types it as they know it (M, outside this dialog, shows it).
	const expected = user.email === undefined ? shown.freeText(user.user_id) : shown.email(user.email);
	const confirmed = isDeleteConfirmed(user, value.value);
	// The text to type must be read whole: the dialog widens for a long email where the terminal has room.
	const prompt = shown.masked && user.email !== undefined ? `Type the email (${expected}) to confirm:` : `Type ${expected} to confirm:`;
	const wanted = wantedWidth(displayWidth(prompt), 68);
	const wide = dialogInnerWidth(width, wanted);
	return (
		<Dialog title="Delete User" tone="danger" areaWidth={width} areaHeight={height} width={wanted} height={6}>
			<Box flexDirection="column">
				<Text wrap="truncate">{truncate(`Delete ${shownDisplayName(user, shown)}?`, wide)}</Text>
				<Text color={theme.danger} wrap="truncate">{truncate('This action cannot be undone.', wide)}</Text>
				<Text wrap="truncate">{truncate(prompt, wide)}</Text>
				<TextField state={value} focused width={wide} />
				<Text> </Text>
				<Box>
					<Text
						bold
						color={confirmed ? theme.selectedText : theme.muted}
						backgroundColor={confirmed ? theme.danger : undefined}
					>
						{' Yes, Delete It '}
					</Text>
					<Text color={theme.muted}>{confirmed ? `  press ${keyHint('confirm-delete.submit')}` : '  (type the text above first)'}  {keyHint('confirm-delete.cancel')} cancels</Text>
				</Box>
			</Box>
		</Dialog>
	);
}
