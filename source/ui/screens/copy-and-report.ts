// Copies text through the clipboard port and says on the status line what
// happened: copied, handed to the terminal (OSC 52), or why it could not be.
import type {Deck} from '../app-context.js';

export async function copyAndReport(deck: Deck, text: string, what: string): Promise<void> {
	const result = await deck.attempt(async () => deck.ports.copy(text));
	if (!result) {
		return;
	}

	deck.report(result.ok ? 'success' : 'error', result.ok ? `${result.message} (${what})` : result.message);
}
