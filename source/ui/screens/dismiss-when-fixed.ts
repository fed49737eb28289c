// A form's failed save and its message on the status line.
import type {FieldErrors} from '../../domain/errors.js';
import type {Deck} from '../app-context.js';

type SubmittingForm = {
	getState(): {readonly errors: FieldErrors; readonly submitting: boolean};
	subscribe(listener: () => void): () => void;
};

/**
 * The submit's message speaks of the errors it found: once the admin changes
 * a field those errors were about (the form drops them), it is out of date.
 */
export function dismissWhenFixed(deck: Deck, form: SubmittingForm, serial: number): void {
	const reported = form.getState().errors;
	const unsubscribe = form.subscribe(() => {
		const {errors, submitting} = form.getState();
		if (submitting || errors !== reported) {
			unsubscribe();
			deck.dismiss(serial);
		}
	});
}
