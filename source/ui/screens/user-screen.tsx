// The User page: header, tab bar, and the active tab (Details, Devices, History,
// Locations, Raw JSON).
//
// Input: this screen is the page's only input owner. The active tab plugs its
// keys in through a per-page `TabKeys` slot (see tabs/tab-keys.ts): each key goes
// to the tab's handler first, and what the tab leaves is a page key (tab
// switching, Esc, a, y, o). A burst of typed keys is split here, once, for every
// tab; if one of them changes the owner (a tab switch, an overlay), the rest are
// queued again for the new owner instead of reaching a tab that is going away.
import {Box, Text} from 'ink';
import {useState} from 'react';
import {checkBrowserUrl} from '../../terminal/safe-url.js';
import {truncate} from '../../terminal/text-width.js';
import {sanitize} from '../../terminal/sanitize.js';
import type {User} from '../../domain/types.js';
import type {Loadable} from '../../services/users-api.js';
import {type Deck, useDeck, useKeyHandler, useShown, useStoreRevision} from '../app-context.js';
import {type KeyPress, splitBurst} from '../input/key-name.js';
import {keyHint, resolveBinding, type Scope} from '../keymap.js';
import {useContainer} from '../state/create-state.js';
import {type Screen, type UserTab, userTabs} from '../state/navigation.js';
import {theme} from '../theme.js';
import {copyUserData, toggleMasking} from './copy-and-report.js';
import {DetailsTab} from './tabs/details-tab.js';
import {DevicesTab} from './tabs/devices-tab.js';
import {HistoryTab} from './tabs/history-tab.js';
import {LocationsTab} from './tabs/locations-tab.js';
import {RawJsonTab} from './tabs/raw-json-tab.js';
import {createTabKeys, type TabKeys} from './tabs/tab-keys.js';
import {UserHeader, userHeaderHeight} from './user-header.js';

export type UserScreenProps = {
	readonly screen: Extract<Screen, {name: 'user'}>;
	readonly width: number;
	readonly height: number;
};

const pageScopes: readonly Scope[] = ['user'];

/**
 * The keys (and so the footer and help) of a page with no profile to show, by
 * why: damaged in the store file (Actions offers Delete), loading or failed to
 * load (a tenant's: load again), or deleted (only the way back).
 */
function missingScopes(loading: Loadable<User>): readonly Scope[] {
	if (loading.status === 'error' && loading.error?.code === 'DAMAGED') {
		return ['user-damaged'];
	}

	return loading.status === 'loading' || (loading.status === 'error' && loading.error?.code !== 'NOT_FOUND') ? ['user-failed'] : ['user-gone'];
}

/** The scope a tab claims until it has registered its own (the first render). */
const tabScopes: Record<UserTab, Scope> = {
	details: 'details',
	devices: 'devices',
	history: 'history',
	locations: 'locations',
	raw: 'raw',
};

const tabKeysByNumber: Record<string, UserTab> = {
	'user.tab-1': 'details',
	'user.tab-2': 'devices',
	'user.tab-3': 'history',
	'user.tab-4': 'locations',
	'user.tab-5': 'raw',
};

export function UserScreen({screen, width, height}: UserScreenProps) {
	const deck = useDeck();
	const shown = useShown();
	useStoreRevision();
	const [tabKeys] = useState(createTabKeys);
	const registered = useContainer(tabKeys.scopes);
	// Starts the profile's load where it is remote (GET /users/{id}); the store's is at hand.
	const loading = deck.service.userState(screen.userId);
	const user = deck.service.user(screen.userId);
	const scopes = user ? (registered ?? [tabScopes[screen.tab], ...pageScopes]) : missingScopes(loading);
	useKeyHandler(screen, scopes, key => handlePageKey(deck, screen, tabKeys, key));

	if (!user && (loading.status === 'loading' || (loading.status === 'error' && loading.error?.code !== 'NOT_FOUND'))) {
		const message = loading.status === 'loading' ? 'Loading the user…' : sanitize(loading.error?.message ?? 'The user could not be loaded');
		const damaged = loading.error?.code === 'DAMAGED';
		const back = keyHint(damaged ? 'user-damaged.back' : 'user-failed.back');
		const next = loading.status !== 'error' ? '' : (damaged ? `, ${keyHint('user-damaged.actions')} offers Delete` : `, ${keyHint('user-failed.reload')} tries again`);
		return (
			<Box flexDirection="column" width={width} height={height}>
				{/* An error is read whole (a damaged profile names the field last): wrapped under itself, not cut. */}
				<Box paddingLeft={1} width={width}>
					<Text color={loading.status === 'loading' ? theme.muted : theme.danger} wrap={loading.status === 'loading' ? 'truncate' : 'wrap'}>{message}</Text>
				</Box>
				<Text color={theme.muted} wrap="truncate">{truncate(` ${back} goes back${next}.`, width)}</Text>
			</Box>
		);
	}

	if (!user) {
		return (
			<Box flexDirection="column" width={width} height={height}>
				<Text color={theme.danger} bold wrap="truncate">{truncate(' This user no longer exists', width)}</Text>
				<Text color={theme.muted} wrap="truncate">{truncate(` It was deleted, perhaps from another window. ${keyHint('user-gone.back')} goes back.`, width)}</Text>
			</Box>
		);
	}

	const full = height >= 8;
	// Over a tenant: a write in flight, and a profile whose refresh failed (what shows is the list's copy, or an older answer).
	const pending = deck.service.pendingWrite(user.user_id);
	const stale = loading.status === 'error'
		? `Not refreshed (${keyHint('user.reload')} tries again): ${loading.error?.message ?? 'the user could not be loaded'}`
		: undefined;
	const tabHeight = Math.max(1, height - userHeaderHeight(full, stale !== undefined));
	const props = {user, width, height: tabHeight, owner: tabKeys, parentScopes: pageScopes};
	return (
		<Box flexDirection="column" width={width} height={height}>
			<UserHeader user={user} tab={screen.tab} width={width} full={full} shown={shown} pending={pending} stale={stale} />
			{screen.tab === 'details' && <DetailsTab {...props} />}
			{screen.tab === 'devices' && <DevicesTab {...props} />}
			{screen.tab === 'history' && <HistoryTab {...props} />}
			{screen.tab === 'locations' && <LocationsTab {...props} />}
			{screen.tab === 'raw' && <RawJsonTab {...props} />}
		</Box>
	);
}

function handlePageKey(deck: Deck, screen: UserScreenProps['screen'], tabKeys: TabKeys, key: KeyPress): boolean {
	if (!key.isPaste) {
		return handleOne(deck, screen, tabKeys, key);
	}

	const presses = splitBurst(key);
	for (const [index, press] of presses.entries()) {
		if (!isOwner(deck, screen)) {
			for (const rest of presses.slice(index)) {
				deck.router.handle(rest);
			}

			break;
		}

		handleOne(deck, screen, tabKeys, press);
	}

	return true;
}

/** Whether this page (this exact navigation entry) still owns input. */
function isOwner(deck: Deck, screen: UserScreenProps['screen']): boolean {
	const navigation = deck.navigation.getState();
	return !navigation.overlay && navigation.stack.at(-1) === screen;
}

function handleOne(deck: Deck, screen: UserScreenProps['screen'], tabKeys: TabKeys, key: KeyPress): boolean {
	// Read at the moment the key arrives: the user may have changed or gone since the last render.
	const user = deck.service.user(screen.userId);
	if (!user) {
		switch (resolveBinding(missingScopes(deck.service.userState(screen.userId)), key.name)?.id) {
			case 'user-gone.back':
			case 'user-damaged.back':
			case 'user-failed.back': {
				deck.navigation.dispatch({type: 'pop'});
				return true;
			}

			// The list's Actions for a user it holds but cannot read: Delete.
			case 'user-damaged.actions': {
				deck.navigation.dispatch({type: 'open-overlay', overlay: {name: 'actions', userId: screen.userId}});
				return true;
			}

			// A profile that failed to load (not a deleted one) can be asked for again.
			case 'user-failed.reload': {
				deck.service.reloadUser(screen.userId);
				return true;
			}

			default: {
				return false;
			}
		}
	}

	if (tabKeys.handler?.(key)) {
		return true;
	}

	const id = resolveBinding(tabKeys.scopes.getState() ?? pageScopes, key.name)?.id;
	const numbered = id === undefined ? undefined : tabKeysByNumber[id];
	if (numbered) {
		deck.navigation.dispatch({type: 'select-tab', tab: numbered});
		return true;
	}

	switch (id) {
		case 'user.back': {
			deck.navigation.dispatch({type: 'pop'});
			return true;
		}

		case 'user.next-tab':
		case 'user.prev-tab': {
			const step = id === 'user.next-tab' ? 1 : userTabs.length - 1;
			const tab = userTabs[(userTabs.indexOf(screen.tab) + step) % userTabs.length]!;
			deck.navigation.dispatch({type: 'select-tab', tab});
			return true;
		}

		case 'user.actions': {
			deck.navigation.dispatch({type: 'open-overlay', overlay: {name: 'actions', userId: user.user_id}});
			return true;
		}

		case 'user.copy': {
			copyUserData(deck, user.user_id, 'user_id');
			return true;
		}

		case 'user.mask': {
			toggleMasking(deck, 'user.mask');
			return true;
		}

		case 'user.reload': {
			deck.service.reloadUser(user.user_id);
			return true;
		}

		case 'user.open': {
			// A tenant's user opens on their Dashboard page; a store's, their picture.
			const dashboard = deck.service.dashboardUrl(user.user_id);
			void (dashboard ? openLink(deck, dashboard, 'the user\'s page in the Auth0 Dashboard') : openPicture(deck, user.picture));
			return true;
		}

		default: {
			return false;
		}
	}
}

async function openPicture(deck: Deck, picture: string | undefined): Promise<void> {
	if (!picture) {
		deck.report('info', 'This user has no picture URL');
		return;
	}

	await openLink(deck, picture, 'the picture');
}

async function openLink(deck: Deck, url: string, what: string): Promise<void> {
	// The port checks again; checking here gives the reason in the page's words.
	const check = checkBrowserUrl(url);
	if (!check.ok) {
		deck.report('error', `Not opening ${what === 'the picture' ? 'the picture URL' : what}: ${check.reason}`);
		return;
	}

	const result = await deck.attempt(async () => deck.ports.openUrl(check.url));
	if (result) {
		deck.report(result.ok ? 'success' : 'error', result.ok ? `Opened ${what} in the browser` : result.message);
	}
}
