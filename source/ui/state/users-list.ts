// The Users list's own state: sort, filter, the prompt line, and the selection.
// It lives per app (deck.memo), so opening a user and coming back finds the
// list as it was left. The rows themselves are derived (source/list/);
// the selection is remembered by user_id, with the index as the fallback when
// that user left the list.
import {compileSearch, SearchSyntaxError, unreadableProfile} from '../../domain/search/index.js';
import type {UserSort} from '../../domain/sort.js';
import type {Deck} from '../app-context.js';
import {createState, type StateContainer} from './create-state.js';
import {emptyField, fieldOf, type TextFieldState} from './text-field.js';
import {
	createUserListEngine, type FilterMode, type ListFilter, noFilter, queryOf, stackedFilter, textOf, type UserListEngine,
} from '../../list/index.js';

/** The columns the list sorts by, in the order `s` cycles through them (FACTS.md §5). */
export const listSortFields = ['name', 'user_id', 'connection', 'logins_count', 'last_login'] as const;
export type ListSortField = (typeof listSortFields)[number];

export const sortTitles: Record<ListSortField, string> = {
	name: 'Name',
	user_id: 'User ID',
	connection: 'Connection',
	logins_count: 'Logins',
	last_login: 'Latest Login',
};

// Counts and dates start with the most (most recent) first: that is what an
// admin looks for; text columns start from A.
const startsDescending: Record<ListSortField, boolean> = {
	name: false,
	user_id: false,
	connection: false,
	logins_count: true,
	last_login: true,
};

export type ListSort = UserSort & {readonly field: ListSortField};

export type QueryProblem = {readonly message: string; readonly position: number};

export type PromptState = {
	readonly mode: FilterMode;
	readonly field: TextFieldState;
	/** Why the typed query does not run; the list keeps the last good filter meanwhile. */
	readonly problem?: QueryProblem | undefined;
	/** While ↑/↓ browse the history: the entry shown, and what was typed before browsing. */
	readonly recall?: {readonly index: number; readonly draft: string} | undefined;
};

export type UsersListState = {
	readonly sort: ListSort;
	/**
	 * The filter in force (what the rows show): a `:` query, a `/` text, or
	 * both stacked (the text narrows the query's matches, as k9s stacks them).
	 */
	readonly filter: ListFilter;
	/** The prompt line while it has focus. */
	readonly prompt?: PromptState | undefined;
	/** The selected user; kept across re-sorts, filters, store changes and loads while they are listed. */
	readonly selectedId?: string | undefined;
	/**
	 * The selected user was picked by the list, not by the admin: the first
	 * row at the start, or the nearest row when the admin's user left the
	 * list. Only the admin's own choice leaving is worth a message.
	 */
	readonly fallback?: boolean | undefined;
	/** The selected index, used when the selected user is no longer listed. */
	readonly selected: number;
	/** The first visible row. */
	readonly offset: number;
};

export const initialUsersList: UsersListState = {
	sort: {field: 'name', descending: false},
	filter: noFilter,
	selected: 0,
	offset: 0,
};

export type UsersListAction =
	/** `fallback`: the list picked this row for the admin (see UsersListState). */
	| {type: 'select'; index: number; userId: string | undefined; offset: number; fallback: boolean | undefined}
	/**
	 * `anchor` is the user selected now, so the selection follows them into the
	 * new order. `sortable`: the columns the rows can be sorted by (default:
	 * all; a tenant cannot sort by connection), the others skipped.
	 */
	| {type: 'cycle-sort'; anchor: string | undefined; sortable?: readonly ListSortField[]}
	| {type: 'reverse-sort'; anchor: string | undefined}
	/** A column's own sort key: sorts by it, or reverses when it is the sort already (k9s). */
	| {type: 'sort-by'; field: ListSortField; anchor: string | undefined}
	| {type: 'open-prompt'; mode: FilterMode}
	| {type: 'edit-prompt'; field: TextFieldState}
	| {type: 'accept-prompt'}
	/** ↑/↓ in a prompt: the older or newer entry of `entries` (its history, oldest first), as if typed. */
	| {type: 'recall'; direction: 'older' | 'newer'; entries: readonly string[]}
	/**
	 * Esc. `layer`: which filter goes: 'innermost' (on the list: the `/` text
	 * first, then the `:` query), or the one a prompt edits.
	 */
	| {type: 'clear-filter'; anchor: string | undefined; layer?: FilterMode | 'innermost'};

/** Why a query cannot run, or undefined when it can (free text always can). */
export function queryProblem(mode: FilterMode, text: string): QueryProblem | undefined {
	if (mode !== 'query') {
		return undefined;
	}

	try {
		compileSearch(text);
		return undefined;
	} catch (error) {
		if (error instanceof SearchSyntaxError) {
			return {message: error.message, position: error.position};
		}

		throw error;
	}
}

function sameFilter(a: ListFilter, b: ListFilter): boolean {
	return a.mode === b.mode && a.text === b.text && a.within === b.within;
}

function anchored(state: UsersListState, anchor: string | undefined): UsersListState {
	return {...state, selectedId: anchor ?? state.selectedId};
}

export function usersListReducer(state: UsersListState, action: UsersListAction): UsersListState {
	switch (action.type) {
		case 'select': {
			if (state.selected === action.index && state.selectedId === action.userId && state.offset === action.offset && state.fallback === action.fallback) {
				return state;
			}

			return {...state, selected: action.index, selectedId: action.userId, offset: action.offset, fallback: action.fallback};
		}

		case 'cycle-sort': {
			const sortable = action.sortable ?? listSortFields;
			const at = listSortFields.indexOf(state.sort.field);
			const next = [...listSortFields.slice(at + 1), ...listSortFields.slice(0, at + 1)].find(field => sortable.includes(field));
			if (next === undefined) {
				return state;
			}

			return {...anchored(state, action.anchor), sort: {field: next, descending: startsDescending[next]}};
		}

		case 'reverse-sort': {
			return {...anchored(state, action.anchor), sort: {...state.sort, descending: !state.sort.descending}};
		}

		case 'sort-by': {
			const descending = state.sort.field === action.field ? !state.sort.descending : startsDescending[action.field];
			return {...anchored(state, action.anchor), sort: {field: action.field, descending}};
		}

		case 'open-prompt': {
			if (state.prompt?.mode === action.mode) {
				return state;
			}

			// Each prompt edits its own layer of the filter in force, and leaves
			// the other one in force: `/` narrows within a `:` query, `:` changes
			// the query under a `/` text.
			const text = action.mode === 'query' ? queryOf(state.filter) : textOf(state.filter);
			return {...state, prompt: {mode: action.mode, field: text === '' ? emptyField : fieldOf(text)}};
		}

		case 'edit-prompt': {
			if (!state.prompt) {
				return state;
			}

			const {mode} = state.prompt;
			const text = action.field.value;
			const problem = queryProblem(mode, text);
			const prompt = {mode, field: action.field, problem};
			if (problem) {
				return {...state, prompt};
			}

			const filter = mode === 'query' ? stackedFilter(text, textOf(state.filter)) : stackedFilter(queryOf(state.filter), text);
			if (sameFilter(filter, state.filter)) {
				return {...state, prompt};
			}

			// The selected user stays selected while they match; the list moves
			// to the nearest match when they do not (UsersListScreen).
			return {...state, prompt, filter};
		}

		case 'recall': {
			const {prompt} = state;
			if (!prompt) {
				return state;
			}

			const {entries} = action;
			if (action.direction === 'newer' && !prompt.recall) {
				return state;
			}

			const at = prompt.recall?.index ?? entries.length;
			const index = action.direction === 'older' ? Math.max(0, at - 1) : at + 1;
			if (entries.length === 0 || index === at) {
				return state;
			}

			const draft = prompt.recall?.draft ?? prompt.field.value;
			// Past the newest entry: back to what was being typed.
			const value = index >= entries.length ? draft : entries[index]!;
			const edited = usersListReducer(state, {type: 'edit-prompt', field: fieldOf(value)});
			const recall = index >= entries.length ? undefined : {index, draft};
			return {...edited, prompt: {...edited.prompt!, recall}};
		}

		case 'accept-prompt': {
			// A query that does not run keeps the prompt open with its error in
			// view, so nothing typed is lost; Esc leaves.
			if (!state.prompt || state.prompt.problem) {
				return state;
			}

			return {...state, prompt: undefined};
		}

		case 'clear-filter': {
			const query = queryOf(state.filter);
			const text = textOf(state.filter);
			if (!state.prompt && query === '' && text === '') {
				return state;
			}

			const layer = action.layer ?? 'innermost';
			const filter = layer === 'query' || (layer === 'innermost' && text === '')
				? stackedFilter('', text)
				: stackedFilter(query, '');
			return {...anchored(state, action.anchor), prompt: undefined, filter};
		}
	}
}

export type UsersListModel = {
	readonly state: StateContainer<UsersListState, UsersListAction>;
	readonly engine: UserListEngine;
};

/** The app's one Users list state and view cache, created on first use. */
export function usersListModel(deck: Pick<Deck, 'memo' | 'router' | 'service'>): UsersListModel {
	return {
		state: deck.memo('users-list', () => createState(usersListReducer, initialUsersList)),
		// Idle work waits for a pause in typing on any screen, not only the list's.
		engine: deck.memo('users-list-view', () => createUserListEngine({
			lastInput: () => deck.router.lastKeyAt,
			// A profile the store file holds damaged is said to be unreadable, not taken for a user deleted meanwhile.
			profileOf: user => deck.service.user(user.user_id) ?? (deck.service.userProblem?.(user.user_id) === undefined ? undefined : unreadableProfile),
		})),
	};
}
