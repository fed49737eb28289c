// The marked users of the Users list, by user_id: what `a` acts on when any
// are marked. Marks are kept apart from the rows, so a sort, a filter or a
// query leaves them as they are (a marked user hidden by a filter is still
// marked), and follow the store: a user deleted here or by another process
// drops out of them.
import type {Deck} from '../app-context.js';
import {createState, type StateContainer} from './create-state.js';

export type Marks = ReadonlySet<string>;

export type MarksAction =
	| {type: 'toggle'; userId: string}
	| {type: 'add'; userIds: Iterable<string>}
	| {type: 'remove'; userIds: Iterable<string>}
	| {type: 'clear'};

const none: Marks = new Set();

export function marksReducer(state: Marks, action: MarksAction): Marks {
	switch (action.type) {
		case 'toggle': {
			const next = new Set(state);
			if (!next.delete(action.userId)) {
				next.add(action.userId);
			}

			return next;
		}

		case 'add': {
			const next = new Set(state);
			for (const id of action.userIds) {
				next.add(id);
			}

			return next.size === state.size ? state : next;
		}

		case 'remove': {
			let next: Set<string> | undefined;
			for (const id of action.userIds) {
				if (state.has(id)) {
					next ??= new Set(state);
					next.delete(id);
				}
			}

			return next ?? state;
		}

		case 'clear': {
			return state.size === 0 ? state : none;
		}
	}
}

/**
 * The app's one set of marks, created on first use. It drops users the store
 * no longer has after every change, looking only at the users that change
 * touched (all of them after a reload). A tenant's list holds only the pages
 * loaded, so a user it does not hold now is not gone: there, marks stay until
 * acted on or cleared (the tenant's answer says who no longer exists).
 */
export function marksModel(deck: Pick<Deck, 'memo' | 'service'>): StateContainer<Marks, MarksAction> {
	return deck.memo('users-marks', () => {
		const marks = createState(marksReducer, none);
		const {service} = deck;
		let seen = service.revision;
		service.subscribe(() => {
			if (service.remoteUsers) {
				return;
			}

			const changed = service.changedUsersSince(seen);
			seen = service.revision;
			const current = marks.getState();
			if (current.size === 0) {
				return;
			}

			const candidates = changed === undefined || changed.size > current.size ? current : changed;
			// By the list's columns: a million marks must not parse a million profiles.
			const users = service.usersById();
			marks.dispatch({type: 'remove', userIds: [...candidates].filter(id => current.has(id) && !users.has(id))});
		});
		return marks;
	});
}

/** The marked users the store still has (a tenant: every mark, see marksModel), in no particular order. */
export function markedIds(deck: Pick<Deck, 'memo' | 'service'>): string[] {
	const marked = [...marksModel(deck).getState()];
	const users = deck.service.usersById();
	return deck.service.remoteUsers ? marked : marked.filter(id => users.has(id));
}
