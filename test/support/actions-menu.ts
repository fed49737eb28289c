// Opening the user page's Actions menu and choosing Change Password or Change
// Email, walking up from the last item and waiting for each step's frame.
import type {RenderedDeck} from './deck.js';

export async function chooseAccountAction(deck: RenderedDeck, item: 'Change Password' | 'Change Email'): Promise<void> {
	await deck.waitForFrame('User Identity');
	deck.press('user.actions');
	await deck.waitForFrame('Delete User');
	deck.press('menu.last');
	await deck.waitForFrame('› Delete User');
	for (const next of ['Change Email', 'Change Password'] as const) {
		deck.press('menu.up');
		// eslint-disable-next-line no-await-in-loop
		await deck.waitForFrame(`› ${next}`);
		if (next === item) {
			break;
		}
	}

	deck.press('menu.select');
}
