// Copies text through the clipboard port and says on the status line what
// happened: copied, handed to the terminal (OSC 52), or why it could not be.
import type {Deck} from '../app-context.js';
import {keyHint} from '../keymap.js';

export async function copyAndReport(deck: Deck, text: string, what: string): Promise<void> {
	const result = await deck.attempt(async () => deck.ports.copy(text));
	if (!result) {
		return;
	}

	deck.report(result.ok ? 'success' : 'error', result.ok ? `${result.message} (${what})` : result.message);
}

/**
 * `y` on data of a user: copied at once, or, while personal data is masked on
 * screen, only after a y/N saying the clipboard gets it unmasked.
 */
export function copyUserData(deck: Deck, text: string, what: string): void {
	if (deck.masking.getState()) {
		deck.navigation.dispatch({type: 'open-overlay', overlay: {name: 'confirm-copy', text, what}});
		return;
	}

	void copyAndReport(deck, text, what);
}

/** `M`: masks personal data on screen, or shows it again, and says which (with the key as the config file binds it). */
export function toggleMasking(deck: Deck, binding: 'list.mask' | 'user.mask'): void {
	deck.masking.dispatch({type: 'toggle'});
	const key = keyHint(binding);
	deck.report('info', deck.masking.getState()
		? `Personal data masked on screen (${key} shows it again; copying asks first)`
		: `Personal data shown (${key} masks it again)`);
}
