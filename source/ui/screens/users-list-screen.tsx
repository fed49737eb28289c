// The Users list: the root screen. Sorted, filtered (free text with `/`, the
// query syntax with `:`), windowed so a million users scroll like a hundred,
// and following the store as others change it.
import {Box, Text} from 'ink';
import {useEffect, useMemo, useSyncExternalStore} from 'react';
import {type Deck, useDeck, useShown, useKeyHandler, useStoreRevision} from '../app-context.js';
import {FilterLine, filterLineWidths} from '../components/filter-line.js';
import {PromptProblem} from '../components/prompt-line.js';
import {tableLayout} from '../components/user-columns.js';
import {UserTable} from '../components/user-table.js';
import {personalValues} from '../mask/user-personal.js';
import {type KeyPress, splitBurst} from '../input/key-name.js';
import {type BindingId, bindingById, keyHint, resolveBinding} from '../keymap.js';
import {markAll, markAllLoading, markEveryMatch} from '../state/mark-all.js';
import {markedIds, marksModel} from '../state/marks.js';
import {useContainer} from '../state/create-state.js';
import type {Screen} from '../state/navigation.js';
import {followSelection, type Movement, moveIndex, movementOf} from '../state/scroll-window.js';
import {editField, type TextFieldState} from '../state/text-field.js';
import {isFiltered, type ListFilter, queryOf, type Selection, textOf, userAt, type UserListView} from '../../list/index.js';
import {type ListSortField, listSortFields, sortTitles, type UsersListState, usersListModel} from '../state/users-list.js';
import {drawnRows, listRows, remoteQueryOf} from '../state/list-rows.js';
import {type RemoteInfo, serverSortProblem} from '../../list/remote-source.js';
import {theme} from '../theme.js';
import type {ListUser} from '../../domain/types.js';
import {displayName} from '../../domain/user-factory.js';
import {sanitize} from '../../terminal/sanitize.js';
import {displayWidth, truncate} from '../../terminal/text-width.js';
import {copyUserData, toggleMasking} from './copy-and-report.js';
import {groupDigits} from '../../domain/group-digits.js';

export type UsersListScreenProps = {
	readonly screen: Extract<Screen, {name: 'users'}>;
	/** The body area. */
	readonly width: number;
	readonly height: number;
};

/** Each column's own sort key (k9s's Shift+letter). */
const sortBindings: Record<ListSortField, BindingId> = {
	name: 'list.sort-name',
	user_id: 'list.sort-user-id',
	connection: 'list.sort-connection',
	logins_count: 'list.sort-logins',
	last_login: 'list.sort-latest',
};

const sortFieldOf = new Map<BindingId, ListSortField>(listSortFields.map(field => [sortBindings[field], field]));

/** Why the rows cannot be sorted by `field` (a tenant: by connection), or undefined when they can. */
function sortProblem(deck: Pick<Deck, 'service'>, field: ListSortField): string | undefined {
	return deck.service.remoteUsers ? serverSortProblem(field) : undefined;
}

/** The columns the rows can be sorted by, in `s`'s order. */
function sortableFields(deck: Pick<Deck, 'service'>): ListSortField[] {
	return listSortFields.filter(field => sortProblem(deck, field) === undefined);
}

/** The letter each sortable column's title underlines: its binding's first one-character key (the config file may change it). */
function sortKeyLetters(fields: readonly ListSortField[]): Partial<Record<ListSortField, string>> {
	const letters: Partial<Record<ListSortField, string>> = {};
	for (const field of fields) {
		const letter = bindingById(sortBindings[field]).keys.find(key => [...key].length === 1);
		if (letter) {
			letters[field] = letter;
		}
	}

	return letters;
}

/** Lines above the rows: the info (or prompt) line, its error line, the column titles. */
function chromeLines(state: UsersListState): number {
	return state.prompt?.problem ? 3 : 2;
}

/** How many rows fit. */
export function pageSize(height: number, state: UsersListState): number {
	return Math.max(1, height - chromeLines(state));
}

type Current = {state: UsersListState; view: UserListView; at: Selection; offset: number; page: number};

function current(deck: Deck, height: number): Current {
	const state = usersListModel(deck).state.getState();
	const {view, at} = listRows(deck, state);
	const page = pageSize(height, state);
	return {state, view, at, page, offset: followSelection(at.index, state.offset, page, view.rows.length)};
}

/**
 * Makes the selection shown the one remembered, once the rows are known: after
 * a sort, a filter, a write or a load, the selected user is wherever the new
 * rows have them. While rows are still being worked out nothing is decided,
 * so the user asked for is still the one looked for when they are done. A
 * user who left the list (deleted, or not matching the filter) gives way to
 * the nearest row, and the status line says so when the admin had chosen
 * them; an empty list keeps them, for when the filter is widened again.
 */
function settle(deck: Deck, height: number): void {
	const {state, view, at, offset} = current(deck, height);
	if (view.pending || view.rows.length === 0) {
		return;
	}

	const {lost} = at;
	if (lost && !state.fallback) {
		reportLost(deck, lost, view);
	}

	// Until the admin moves, the row the list starts on is the list's pick.
	const fallback = lost !== undefined || state.selectedId === undefined || state.fallback;
	usersListModel(deck).state.dispatch({type: 'select', index: at.index, userId: at.userId, offset, fallback});
}

function reportLost(deck: Deck, user: ListUser, view: UserListView): void {
	const name = displayName(user);
	const deleted = !deck.service.user(user.user_id);
	// This console's own Delete says so itself ("Deleted NAME (ID)"), once its
	// dialog closes (the list may be drawn before that) or already has.
	const {overlay} = deck.navigation.getState();
	// A batch says what it deleted in its result.
	const deleting = (overlay?.name === 'confirm-delete' && overlay.userId === user.user_id) || overlay?.name === 'batch-progress' || overlay?.name === 'batch-result';
	if (deleted && (deleting || deck.status.getState().message.includes(user.user_id))) {
		return;
	}

	const why = deleted ? 'no longer exists' : `does not match the ${view.filter.mode === 'query' ? 'query' : 'filter'}`;
	deck.report('info', {text: `${name} ${why}: selected the nearest user`, personal: personalValues(user)});
}

function move(deck: Deck, height: number, movement: Movement): void {
	const {view, at, page, offset} = current(deck, height);
	const count = view.rows.length;
	const index = moveIndex(at.index, movement, count, page);
	// The user moved to, even in rows still being sorted: the selection follows them into the order.
	usersListModel(deck).state.dispatch({type: 'select', index, userId: userAt(view, index)?.user_id, offset: followSelection(index, offset, page, count), fallback: false});
}

/** `*` marks at once up to this many users the filter matched; more, or the whole list, is asked about first. */
export const markAllWithoutAsking = 100;

/** Every user the rows show, once they are all known. */
function rowIds(view: UserListView): string[] {
	const ids: string[] = [];
	for (let index = 0; index < view.rows.length; index++) {
		ids.push(userAt(view, index)!.user_id);
	}

	return ids;
}

/** Clears the marks and says how many; false when there were none. */
function clearMarks(deck: Deck): boolean {
	const marks = marksModel(deck);
	const count = marks.getState().size;
	if (count === 0) {
		return false;
	}

	marks.dispatch({type: 'clear'});
	deck.report('info', `Cleared ${groupDigits(count)} mark${count === 1 ? '' : 's'}`);
	return true;
}

/** What `*` marks, in words: "matching :QUERY /TEXT", or "(the whole list)". */
function markedWhat(filter: ListFilter): string {
	const query = queryOf(filter);
	const text = textOf(filter);
	const stacked = [query && `:${query}`, text && `/${text}`].filter(Boolean).join(' ');
	return isFiltered(filter) ? `matching ${stacked}` : '(the whole list)';
}

function markAllKey(deck: Deck, view: UserListView & {readonly remote?: RemoteInfo}): void {
	const remote = deck.service.remoteUsers;
	if (remote && view.remote) {
		markAllRemoteKey(deck, view, view.remote);
		return;
	}

	if (view.pending) {
		deck.report('info', `Still ${view.pending.work === 'sort' ? 'sorting' : 'searching'}: press ${keyHint('list.mark-all')} again once the count is in`);
		return;
	}

	const userIds = rowIds(view);
	if (userIds.length === 0) {
		deck.report('info', 'No users to mark');
		return;
	}

	const what = markedWhat(view.filter);
	if (!isFiltered(view.filter) || userIds.length > markAllWithoutAsking) {
		deck.navigation.dispatch({type: 'open-overlay', overlay: {name: 'confirm-mark-all', userIds, count: userIds.length, total: userIds.length, what}});
		return;
	}

	markAll(deck, userIds, what);
}

/**
 * `*` over a tenant: every match, not only the pages loaded. The server's
 * count decides whether to ask (the same ladder as in memory, and always past
 * Auth0's cap, which the dialog names); the pages not loaded yet load once
 * the admin agrees, and the users are marked when they all have.
 */
function markAllRemoteKey(deck: Deck, view: UserListView, info: RemoteInfo): void {
	const remote = deck.service.remoteUsers!;
	const loading = markAllLoading(deck);
	if (loading) {
		deck.report('info', loading);
		return;
	}

	if (info.status === 'error') {
		deck.report('error', `Nothing marked: ${info.error?.message ?? 'the list could not be loaded'} (${keyHint('list.reload')} retries)`);
		return;
	}

	if (info.total === undefined || info.reachable === undefined || info.queryPending) {
		deck.report('info', `Still searching: press ${keyHint('list.mark-all')} again once the count is in`);
		return;
	}

	if (info.reachable === 0 || (view.rows.length === 0 && !info.more)) {
		deck.report('info', 'No users to mark');
		return;
	}

	const what = markedWhat(view.filter);
	if (!isFiltered(view.filter) || info.reachable > markAllWithoutAsking || info.capped) {
		deck.navigation.dispatch({type: 'open-overlay', overlay: {name: 'confirm-mark-all', count: info.reachable, total: info.total, what}});
		return;
	}

	markEveryMatch(deck, remote, what);
}

/** What a list key did: consumed, not ours, or it handed the keyboard to another owner. */
type Outcome = 'handled' | 'ignored' | 'left';

function listKey(deck: Deck, height: number, press: KeyPress): Outcome {
	const id = resolveBinding(['list'], press.name)?.id;
	// What changed since the last frame (a write, a finished sort) is settled
	// first: the key acts on the user it is shown on.
	settle(deck, height);
	const movement = movementOf(id);
	if (movement) {
		move(deck, height, movement);
		return 'handled';
	}

	const {state: container, engine} = usersListModel(deck);
	const marks = marksModel(deck);
	const {at, state, view} = current(deck, height);
	/** Who a change of order or filter keeps selected: while rows are still being worked out, the user looked for. */
	const anchor = state.selectedId ?? at.userId;
	const sortField = id === undefined ? undefined : sortFieldOf.get(id);
	if (sortField) {
		// The header never names an order the rows are not in: a column the
		// server cannot sort by is refused, and says why.
		const problem = sortProblem(deck, sortField);
		if (problem) {
			deck.report('info', problem);
			return 'handled';
		}

		container.dispatch({type: 'sort-by', field: sortField, anchor});
		settle(deck, height);
		return 'handled';
	}

	switch (id) {
		case 'list.mark': {
			if (at.userId) {
				marks.dispatch({type: 'toggle', userId: at.userId});
				// On to the next row, as in ranger, mc and lazygit: holding Space marks a run.
				move(deck, height, 'down');
			}

			return 'handled';
		}

		case 'list.mark-all': {
			markAllKey(deck, view);
			return deck.navigation.getState().overlay ? 'left' : 'handled';
		}

		case 'list.clear-marks': {
			if (!clearMarks(deck)) {
				deck.report('info', 'No marks to clear');
			}

			return 'handled';
		}

		case 'list.open': {
			if (!at.userId) {
				return 'handled';
			}

			deck.navigation.dispatch({type: 'push', screen: {name: 'user', userId: at.userId, tab: 'details'}});
			return 'left';
		}

		case 'list.filter':
		case 'list.query': {
			container.dispatch({type: 'open-prompt', mode: id === 'list.filter' ? 'text' : 'query'});
			if (id === 'list.filter') {
				engine.expectSearch();
			}

			settle(deck, height);
			return 'handled';
		}

		case 'list.clear': {
			// Marks first: they are the more recent choice and the costlier to lose by accident of a filter.
			if (clearMarks(deck)) {
				return 'handled';
			}

			if (!isFiltered(container.getState().filter)) {
				return 'ignored';
			}

			container.dispatch({type: 'clear-filter', anchor});
			settle(deck, height);
			return 'handled';
		}

		case 'list.create': {
			deck.navigation.dispatch({type: 'push', screen: {name: 'create-user'}});
			return 'left';
		}

		case 'list.actions': {
			const marked = markedIds(deck);
			if (marked.length > 0) {
				deck.navigation.dispatch({type: 'open-overlay', overlay: {name: 'batch-actions', userIds: marked}});
				return 'left';
			}

			if (!at.userId) {
				return 'handled';
			}

			deck.navigation.dispatch({type: 'open-overlay', overlay: {name: 'actions', userId: at.userId}});
			return 'left';
		}

		case 'list.sort': {
			container.dispatch({type: 'cycle-sort', anchor, sortable: sortableFields(deck)});
			settle(deck, height);
			return 'handled';
		}

		case 'list.reverse': {
			container.dispatch({type: 'reverse-sort', anchor});
			settle(deck, height);
			return 'handled';
		}

		case 'list.copy': {
			if (at.userId) {
				copyUserData(deck, at.userId, `user_id ${at.userId}`);
			}

			return 'handled';
		}

		case 'list.mask': {
			toggleMasking(deck, 'list.mask');
			return 'handled';
		}

		case 'list.reload': {
			const remote = deck.service.remoteUsers;
			if (!remote) {
				return 'ignored';
			}

			if (remote.info().status === 'error') {
				remote.retry();
			} else {
				remote.refresh();
			}

			return 'handled';
		}

		case 'list.quit': {
			deck.exit();
			return 'left';
		}

		default: {
			return 'ignored';
		}
	}
}

/** Keys while the prompt has focus. Never split: a paste is text, and never submits. */
function promptKey(deck: Deck, height: number, key: KeyPress): boolean {
	const {state: container} = usersListModel(deck);
	const {prompt} = container.getState();
	if (!prompt) {
		return false;
	}

	const id = key.isPaste ? undefined : resolveBinding(['filter'], key.name)?.id;
	switch (id) {
		case 'filter.accept': {
			container.dispatch({type: 'accept-prompt'});
			// Kept once it is the filter in force (a query that does not run keeps the prompt open).
			if (!container.getState().prompt) {
				deck.history.remember(prompt.mode, prompt.field.value);
			}

			return true;
		}

		case 'filter.older':
		case 'filter.newer': {
			container.dispatch({type: 'recall', direction: id === 'filter.older' ? 'older' : 'newer', entries: deck.history.entries(prompt.mode)});
			settle(deck, height);
			return true;
		}

		case 'filter.cancel': {
			settle(deck, height);
			const {state, at} = current(deck, height);
			// Esc in a prompt clears what that prompt edits; the other filter stays.
			container.dispatch({type: 'clear-filter', anchor: state.selectedId ?? at.userId, layer: prompt.mode});
			settle(deck, height);
			return true;
		}

		case 'filter.up':
		case 'filter.down': {
			move(deck, height, id === 'filter.up' ? 'up' : 'down');
			return true;
		}

		default: {
			const field = editField(prompt.field, key);
			if (!field) {
				return false;
			}

			if (field !== prompt.field) {
				container.dispatch({type: 'edit-prompt', field});
				settle(deck, height);
			}

			return true;
		}
	}
}

function handleKey(deck: Deck, height: number, key: KeyPress): boolean {
	if (usersListModel(deck).state.getState().prompt) {
		return promptKey(deck, height, key);
	}

	const presses = splitBurst(key);
	for (let index = 0; index < presses.length; index++) {
		const outcome = listKey(deck, height, presses[index]!);
		if (usersListModel(deck).state.getState().prompt) {
			// `/abc` typed in one burst: what follows the slash is the filter.
			for (const rest of presses.slice(index + 1)) {
				promptKey(deck, height, rest);
			}

			return true;
		}

		if (outcome === 'left') {
			return true;
		}

		if (outcome === 'ignored' && presses.length === 1) {
			return false;
		}
	}

	return true;
}

function remoteCountText(view: UserListView, remote: RemoteInfo): string {
	if (remote.status === 'error') {
		return `error: ${sanitize(remote.error?.message ?? 'the list could not be loaded')} · ${keyHint('list.reload')} retries`;
	}

	if (remote.total === undefined) {
		return 'loading…';
	}

	if (remote.note) {
		return remote.note;
	}

	const loaded = view.rows.length < remote.total ? `${groupDigits(view.rows.length)} of ` : '';
	const what = isFiltered(view.filter) ? 'match' : 'user';
	return `${loaded}${groupDigits(remote.total)} ${what}${remote.total === 1 ? '' : (what === 'match' ? 'es' : 's')}${remote.status === 'loading' ? ' · loading…' : ''}`;
}

function countText(view: UserListView & {readonly remote?: RemoteInfo}): string {
	if (view.remote) {
		return remoteCountText(view, view.remote);
	}

	const total = view.users.length;
	const users = `${groupDigits(total)} user${total === 1 ? '' : 's'}`;
	const {pending} = view;
	if (pending?.work === 'sort') {
		return `${users} · sorting…`;
	}

	if (pending) {
		// The first rows are in; the count comes when every user has been tested.
		const percent = pending.progress === undefined ? '' : ` ${Math.floor(pending.progress * 100)}%`;
		return `${groupDigits(view.rows.length)}+ of ${users} · searching${percent}`;
	}

	// Users whose damaged profile a `:` query could not read are no match, and said to be left out.
	const unsearched = view.unsearched ? ` · ${groupDigits(view.unsearched)} not searched: profile${view.unsearched === 1 ? '' : 's'} damaged` : '';
	return isFiltered(view.filter) ? `${groupDigits(view.rows.length)} of ${users}${unsearched}` : users;
}

function emptyText(view: UserListView & {readonly remote?: RemoteInfo}): string {
	const {remote} = view;
	if (remote?.status === 'error') {
		return sanitize(remote.error?.message ?? 'The list could not be loaded');
	}

	if (remote?.status === 'loading') {
		return 'Loading…';
	}

	if (remote) {
		return isFiltered(view.filter) ? `No users match ${describeFilter(view.filter)}` : 'No users in the tenant — press c to create one';
	}

	if (view.pending) {
		return view.pending.work === 'sort' ? 'Sorting…' : 'Searching…';
	}

	if (view.users.length === 0) {
		return 'No users yet — press c to create one';
	}

	return `No users match ${describeFilter(view.filter)}`;
}

/** The filter in words, for the empty list. */
function describeFilter(filter: ListFilter): string {
	const query = queryOf(filter);
	const text = textOf(filter);
	const quotedText = `“${sanitize(text)}”`;
	if (query === '') {
		return quotedText;
	}

	return `the query “${sanitize(query)}”${text === '' ? '' : ` and ${quotedText}`}`;
}

export function UsersListScreen({screen, width, height}: UsersListScreenProps) {
	const deck = useDeck();
	const shown = useShown();
	const revision = useStoreRevision();
	const {state: container, engine} = usersListModel(deck);
	const state = useContainer(container);
	const marks = useContainer(marksModel(deck));
	// A sort or a filter running in slices has more to show.
	useSyncExternalStore(engine.subscribe, engine.version);
	const layout = useMemo(() => tableLayout(width), [width]);
	const sortKeys = useMemo(() => sortKeyLetters(sortableFields(deck)), [deck]);
	const second = Math.floor(deck.now().getTime() / 1000);
	const now = useMemo(() => new Date(second * 1000), [second]);

	useKeyHandler(screen, state.prompt ? ['filter'] : ['list'], key => handleKey(deck, height, key));

	// Read again on every change of the service (a write, a page landing):
	// useStoreRevision above. A render only reads; a server's loads start in
	// the effects below (and in key handlers).
	const {view, at} = drawnRows(deck, state);
	const remote = deck.service.remoteUsers;
	const {q, sort: serverSort} = remoteQueryOf(state);
	// The state's query runs on the server (the first one when the list opens;
	// a key that changes it has already run it).
	useEffect(() => {
		remote?.setQuery({q, sort: serverSort});
	}, [remote, q, serverSort]);
	// Rows that changed without a key (a sort or filter finishing, a write here
	// or elsewhere, a reload) settle the selection once drawn.
	useEffect(() => {
		settle(deck, height);
	}, [deck, height, view, at, state]);
	const count = view.rows.length;
	const page = pageSize(height, state);
	const offset = followSelection(at.index, state.offset, page, count);
	// A server's list loads its next pages as the window nears their end.
	const wantedRows = offset + (page * 2);
	useEffect(() => {
		remote?.ensureRows(wantedRows);
	}, [remote, wantedRows, view]);
	const visible = [];
	for (let index = offset; index < Math.min(count, offset + page); index++) {
		visible.push(userAt(view, index)!);
	}

	const arrow = state.sort.descending ? '▼' : '▲';
	const sortShown = layout.columns.some(column => column.sortField === state.sort.field);
	const more = view.pending?.work === 'filter' ? '+' : '';
	const position = count === 0 ? `0/0${more}` : `${groupDigits(at.index + 1)}/${groupDigits(count)}${more}`;
	const {prompt} = state;
	// The sort is named on the left ("Sorted by …") unless a prompt or a filter
	// takes that place; then, if no column header shows it, on the right.
	const sortOnLeft = !prompt && !isFiltered(state.filter);
	const right = `${countText(view)}  ${position}${sortShown || sortOnLeft ? '' : `  by ${sortTitles[state.sort.field]} ${arrow}`} `;
	const left = Math.max(1, width - displayWidth(right) - 1);
	// The filters stack: the query, then the text that narrows it.
	const filterLine = {query: queryOf(state.filter), text: textOf(state.filter), editing: prompt, width: left};
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Box width={width}>
				<Box width={left} flexDirection="column">
					{prompt || isFiltered(state.filter)
						? <FilterLine {...filterLine} />
						: <Text color={theme.muted} wrap="truncate">{truncate(`Sorted by ${sortTitles[state.sort.field]} ${arrow}`, left)}</Text>}
				</Box>
				<Text> </Text>
				<Text color={theme.muted} wrap="truncate">{truncate(right, width - left - 1)}</Text>
			</Box>
			{prompt?.problem && <PromptProblem symbol=":" field={prompt.field} promptWidth={filterLineWidths(filterLine).query} width={width} problem={prompt.problem} />}
			<UserTable users={visible} selected={at.index - offset} layout={layout} sort={state.sort} sortKeys={sortKeys} now={now} shown={shown} marks={marks} />
			{count === 0 && <Text color={theme.muted} wrap="truncate">{truncate(`  ${emptyText(view)}`, width)}</Text>}
		</Box>
	);
}
