// What the console's terminal shows from its first frame on: the loading
// screen, then (for a big store) its first users with how far loading got,
// then the console itself once the store is open.
import type {LoadPreview} from '../store/load-preview.js';
import type {Deck} from './app-context.js';
import {useWindowSize} from './hooks/use-window-size.js';
import {LoadingPreview} from './loading-preview.js';
import {type LoadProgress, LoadingScreen} from './loading-screen.js';
import {type StateContainer, useContainer} from './state/create-state.js';

export type ConsoleApp = typeof import('./console-app.js');
export type Ready = {readonly deck: Deck; readonly app: ConsoleApp};

export type BootProps = {
	readonly progress: StateContainer<LoadProgress, LoadProgress>;
	readonly preview: StateContainer<LoadPreview | undefined, LoadPreview>;
	readonly ready: StateContainer<Ready | undefined, Ready>;
	readonly storeLabel: string;
	/** Personal data masked from the first frame (`--mask`). */
	readonly masked?: boolean;
};

/**
 * The loading screen until the store is open, then the console. A big store's
 * first users show as soon as they are read, with how far loading got, while
 * the rest of the console's code loads.
 */
export function Boot({progress, preview, ready, storeLabel, masked}: BootProps) {
	const loaded = useContainer(ready);
	const firstUsers = useContainer(preview);
	const loadProgress = useContainer(progress);
	const {columns, rows} = useWindowSize();
	if (!loaded) {
		if (firstUsers && firstUsers.users.length > 0) {
			return <LoadingPreview preview={firstUsers} progress={loadProgress} storeLabel={storeLabel} width={columns} height={rows - 1} masked={masked} />;
		}

		return <LoadingScreen progress={progress} storeLabel={storeLabel} />;
	}

	const {deck, app: {App, DeckProvider}} = loaded;
	return (
		<DeckProvider deck={deck}>
			<App />
		</DeckProvider>
	);
}
