// What the console's forms (Create User, Change Password, Change Email) do
// alike with keys and with a failed save.
import {type FieldErrors, isUserdeckError} from '../../domain/errors.js';
import {type Deck, errorMessage} from '../app-context.js';
import type {KeyPress} from '../input/key-name.js';
import {resolveBinding} from '../keymap.js';
import {redactSecrets} from '../state/redact-secrets.js';

type FormContainer = {
	getState(): {readonly errors: FieldErrors; readonly submitting: boolean};
	dispatch(action: {type: 'focus-next'} | {type: 'focus-previous'} | {type: 'edit'; key: KeyPress} | {type: 'submit-failed'; errors: FieldErrors}): void;
	subscribe(listener: () => void): () => void;
};

/**
 * The keys every form shares: a paste is typed (never a command: "abc\r"
 * types "abc" and saves nothing), Esc goes back, Tab and Shift-Tab move,
 * Enter moves on until `enterSaves` and Ctrl-S saves anywhere. Undefined for
 * any other key, which is the form's own (editing, a select).
 */
export function formCommand<F extends FormContainer>(deck: Deck, form: F, key: KeyPress, enterSaves: boolean, save: () => void): boolean | undefined {
	if (key.isPaste) {
		form.dispatch({type: 'edit', key});
		return true;
	}

	switch (resolveBinding(['form'], key.name)?.id) {
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
			if (key.name === 'enter' && !enterSaves) {
				form.dispatch({type: 'focus-next'});
			} else {
				save();
			}

			return true;
		}

		default: {
			return undefined;
		}
	}
}

/**
 * A refused save: its errors go beside their fields (the form lands on the
 * first), and the status line says the first, `refused` before it ("Not
 * created"), with any typed password masked.
 */
export function reportSaveFailure(deck: Deck, form: FormContainer, error: unknown, refused: string, secrets: readonly string[] = []): void {
	const fields: FieldErrors = isUserdeckError(error) ? error.fields : {};
	const messages = Object.values(fields).flat();
	form.dispatch({type: 'submit-failed', errors: fields});
	const first = messages[0] ?? errorMessage(error);
	const more = messages.length > 1 ? ` (and ${messages.length - 1} more, shown by the fields)` : '';
	const serial = deck.report('error', redactSecrets(`${refused}: ${first}${more}`, secrets));
	if (messages.length > 0) {
		dismissWhenFixed(deck, form, serial);
	}
}

/**
 * The save's message speaks of the errors it found: once the admin changes
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
