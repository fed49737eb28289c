// Where the Users list's rows come from. The service says which kind it has
// (`remoteUsers`), never its class: the local store's users are all in
// memory, sorted and filtered here by the list engine (source/list/engine.ts);
// a tenant's are queried, sorted and paged by the server
// (source/list/remote-source.ts), `/` as a free-text query and `:` passed
// through. Both answer a UserListView; a remote one also carries its count,
// load state and the 1,000-result cap.
import {freeTextQuery, type RemoteInfo, type RemoteQuery, serverSort} from '../../list/remote-source.js';
import {queryOf, textOf, type Selection, type UserListView} from '../../list/index.js';
import type {Deck} from '../app-context.js';
import {type UsersListState, usersListModel} from './users-list.js';

export type ListRows = {readonly view: UserListView & {readonly remote?: RemoteInfo}; readonly at: Selection};

/** The server query for the list's filter and sort. */
export function remoteQueryOf(state: Pick<UsersListState, 'filter' | 'sort'>): RemoteQuery {
	// Stacked as the local list stacks them: `/` text within a `:` query is both, joined by AND.
	const query = queryOf(state.filter).trim();
	const text = freeTextQuery(textOf(state.filter));
	const q = query && text ? `(${query}) AND ${text}` : query || text;
	return {q, sort: serverSort(state.sort)};
}

/**
 * The rows for the list's state now, and the selected one, for a key handler
 * or an effect: over a server, the state's query is run first (the same query
 * again keeps what is loaded; a new one cancels the older request).
 */
export function listRows(deck: Pick<Deck, 'service' | 'memo' | 'router'>, state: UsersListState): ListRows {
	deck.service.remoteUsers?.setQuery(remoteQueryOf(state));
	return drawnRows(deck, state);
}

/**
 * The same rows for a render, starting no load: a server's rows are those of
 * the state's query once an effect or a key has run it (until then, loading).
 */
export function drawnRows(deck: Pick<Deck, 'service' | 'memo' | 'router'>, state: UsersListState): ListRows {
	const {service} = deck;
	const remote = service.remoteUsers;
	if (!remote) {
		const {engine} = usersListModel(deck);
		const view = engine.view(service.usersById(), service.revision, state.sort, state.filter, since => service.changedUsersSince(since));
		return {view, at: engine.locate(view, state.selectedId, state.selected)};
	}

	const view = remote.peek(state.sort, state.filter, remoteQueryOf(state));
	return {view, at: locateRemote(view, state.selectedId, state.selected)};
}

/** The selected user wherever the loaded rows have them; else the row at `index`, clamped. */
function locateRemote(view: UserListView, userId: string | undefined, index: number): Selection {
	// Remote rows are the loaded users in the server's order: position = row.
	const found = userId === undefined ? -1 : view.users.findIndex(user => user.user_id === userId);
	if (found !== -1) {
		return {index: found, userId};
	}

	// No rows, no selection: Enter or a must not act on a user the rows do not
	// show. The list's state keeps who was selected, for when rows come back.
	const count = view.rows.length;
	const clamped = count === 0 ? 0 : Math.max(0, Math.min(index, count - 1));
	return {index: clamped, userId: count === 0 ? undefined : view.users[clamped]?.user_id};
}
