// Navigation is a reducer over a stack of screens plus at most one overlay
// (STYLE.md §7): no boolean per dialog.
import type {LogEvent} from '../../domain/types.js';
import type {BatchAction, BatchResult} from '../../services/users-service.js';

export const userTabs = ['details', 'devices', 'history', 'locations', 'raw'] as const;
export type UserTab = (typeof userTabs)[number];

export const tabTitles: Record<UserTab, string> = {
	details: 'Details',
	devices: 'Devices',
	history: 'History',
	locations: 'Locations',
	raw: 'Raw JSON',
};

export type Screen =
	| {readonly name: 'users'}
	| {readonly name: 'create-user'}
	| {readonly name: 'user'; readonly userId: string; readonly tab: UserTab}
	| {readonly name: 'change-password'; readonly userId: string}
	| {readonly name: 'change-email'; readonly userId: string};

export type Overlay =
	| {readonly name: 'help'}
	| {readonly name: 'actions'; readonly userId: string}
	| {readonly name: 'confirm-delete'; readonly userId: string}
	| {readonly name: 'confirm-unlink'; readonly userId: string; readonly deviceId: string}
	| {readonly name: 'impersonate'; readonly userId: string}
	| {readonly name: 'ticket'; readonly userId: string; readonly url: string; readonly expiresAt: string; readonly clientName: string}
	| {readonly name: 'event'; readonly event: LogEvent}
	| {readonly name: 'edit-metadata'; readonly userId: string}
	/** Copying while masked: the text is personal data the screen does not show. */
	| {readonly name: 'confirm-copy'; readonly text: string; readonly what: string}

	/**
	 * `*` over more users than marking without asking: the users it would mark,
	 * or, over a tenant (`userIds` undefined), how many its query reaches
	 * (`count`, at most the cap) of how many match (`total`), marked once the
	 * pages not loaded yet are.
	 */
	| {readonly name: 'confirm-mark-all'; readonly userIds?: readonly string[]; readonly count: number; readonly total: number; readonly what: string}
	/** `a` with marks: the marked users when it was pressed. */
	| {readonly name: 'batch-actions'; readonly userIds: readonly string[]}
	| {readonly name: 'batch-delete'; readonly userIds: readonly string[]}
	| {readonly name: 'batch-export'; readonly userIds: readonly string[]}
	| {readonly name: 'batch-progress'; readonly action: BatchAction; readonly total: number}
	| {readonly name: 'batch-result'; readonly result: BatchResult};

export type Navigation = {
	readonly stack: readonly Screen[];
	readonly overlay?: Overlay | undefined;
};

export type NavigationAction =
	| {type: 'push'; screen: Screen}
	| {type: 'pop'}
	| {type: 'replace'; screen: Screen}
	| {type: 'reset'; screen: Screen}
	| {type: 'open-overlay'; overlay: Overlay}
	| {type: 'close-overlay'}
	| {type: 'select-tab'; tab: UserTab};

export const initialNavigation: Navigation = {stack: [{name: 'users'}]};

export function navigationReducer(state: Navigation, action: NavigationAction): Navigation {
	switch (action.type) {
		case 'push': {
			return {stack: [...state.stack, action.screen]};
		}

		case 'pop': {
			// The Users list is the root: it is never popped.
			return state.stack.length > 1 ? {stack: state.stack.slice(0, -1)} : state;
		}

		case 'replace': {
			return {stack: [...state.stack.slice(0, -1), action.screen]};
		}

		case 'reset': {
			return {stack: [action.screen]};
		}

		case 'open-overlay': {
			return {...state, overlay: action.overlay};
		}

		case 'close-overlay': {
			return state.overlay ? {stack: state.stack} : state;
		}

		case 'select-tab': {
			const top = state.stack.at(-1);
			if (top?.name !== 'user' || top.tab === action.tab) {
				return state;
			}

			return {...state, stack: [...state.stack.slice(0, -1), {...top, tab: action.tab}]};
		}
	}
}

export function topScreen(state: Navigation): Screen {
	return state.stack.at(-1) ?? {name: 'users'};
}
