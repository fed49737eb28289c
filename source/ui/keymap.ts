// The one keymap table. Dispatch, the footer hints and the `?` help overlay are
// all generated from it, so help can never drift from the real keys (STYLE.md §6).
// The config file's key overrides replace a binding's keys here, once at start
// (applyKeyOverrides), so all three show the user's keys.

export type Scope =
	| 'global'
	| 'list'
	| 'filter'
	| 'user'
	| 'user-gone'
	| 'user-damaged'
	| 'user-failed'
	| 'details'
	| 'devices'
	| 'history'
	| 'locations'
	| 'map'
	| 'raw'
	| 'form'
	| 'menu'
	| 'confirm'
	| 'confirm-delete'
	| 'export'
	| 'batch'
	| 'ticket'
	| 'viewer'
	| 'help'
	| 'editor';

export const scopeTitles: Record<Scope, string> = {
	global: 'Everywhere',
	list: 'Users list',
	filter: 'Filter prompt',
	user: 'User page',
	'user-gone': 'Deleted user\'s page',
	'user-damaged': 'Damaged user\'s page (its profile cannot be read)',
	'user-failed': 'Tenant user\'s page, profile not loaded',
	details: 'Details tab',
	devices: 'Devices tab',
	history: 'History tab',
	locations: 'Locations tab',
	map: 'Locations map (focused)',
	raw: 'Raw JSON tab',
	form: 'Forms (Create User, Change Password, Change Email)',
	menu: 'Menus',
	confirm: 'Confirmations',
	'confirm-delete': 'Delete confirmation',
	export: 'Export of marked users',
	batch: 'Batch in progress',
	ticket: 'Sign in as User popup',
	viewer: 'Event and batch viewers',
	help: 'This help',
	editor: 'Metadata editor',
};

/** A binding as the table writes it; `Binding` is the same with its id typed. */
type BindingSpec = {
	readonly id: string;
	/** Canonical key names (see key-name.ts): 'up', 'enter', 'shift-tab', 'ctrl-s', or the character. */
	readonly keys: readonly string[];
	/** How the key is written in the footer and help: '↑/k', 'Enter'. */
	readonly label: string;
	/** The footer's word for it; bindings without one stay out of the footer. */
	readonly hint?: string;
	readonly description: string;
	readonly scope: Scope;
	readonly dangerous?: boolean;
};

// Space pages down where it marks nothing; on the Users list it marks (list.mark).
const move = <S extends Scope>(scope: S, pageDown: readonly string[] = ['pagedown', 'ctrl-f', 'space']) => [
	{id: `${scope}.up`, keys: ['up', 'k'], label: '↑/k', description: 'Move up', scope},
	{id: `${scope}.down`, keys: ['down', 'j'], label: '↓/j', description: 'Move down', scope},
	{id: `${scope}.page-up`, keys: ['pageup', 'ctrl-b'], label: 'PgUp', description: 'Page up', scope},
	{id: `${scope}.page-down`, keys: pageDown, label: 'PgDn', description: 'Page down', scope},
	{id: `${scope}.first`, keys: ['g', 'home'], label: 'g', description: 'Jump to the top', scope},
	{id: `${scope}.last`, keys: ['G', 'end'], label: 'G', description: 'Jump to the bottom', scope},
] as const satisfies readonly BindingSpec[];

const defaultBindings = [
	{id: 'global.help', hint: 'help', keys: ['?'], label: '?', description: 'Show or hide this help', scope: 'global'},
	{id: 'global.quit', keys: ['ctrl-c'], label: 'Ctrl-C', description: 'Quit userdeck', scope: 'global'},
	{id: 'global.redraw', keys: ['ctrl-l'], label: 'Ctrl-L', description: 'Redraw the whole screen', scope: 'global'},
	{id: 'global.suspend', keys: ['ctrl-z'], label: 'Ctrl-Z', description: 'Suspend to the shell (fg brings the console back)', scope: 'global'},

	...move('list', ['pagedown', 'ctrl-f']),
	{id: 'list.open', hint: 'open', keys: ['enter'], label: 'Enter', description: 'Open the selected user', scope: 'list'},
	{id: 'list.filter', hint: 'filter', keys: ['/'], label: '/', description: 'Filter as you type (name, email, user_id)', scope: 'list'},
	{id: 'list.query', hint: 'query', keys: [':'], label: ':', description: 'Search with the query syntax (e.g. logins_count:[10 TO *])', scope: 'list'},
	{id: 'list.mark', keys: ['space'], label: 'Space', description: 'Mark or unmark the selected user and move down', scope: 'list'},
	{id: 'list.mark-all', keys: ['*'], label: '*', description: 'Mark every user the filter or query matched (asks first past 100)', scope: 'list'},
	{id: 'list.clear', keys: ['escape'], label: 'Esc', description: 'Clear the marks; with none, the / text, then the : query', scope: 'list'},
	{id: 'list.clear-marks', keys: ['ctrl-\\'], label: 'Ctrl-\\', description: 'Clear the marks', scope: 'list'},
	{id: 'list.create', hint: 'create', keys: ['c'], label: 'c', description: 'Create User', scope: 'list'},
	{id: 'list.actions', hint: 'actions', keys: ['a'], label: 'a', description: 'Actions for the selected user, or for every marked user', scope: 'list'},
	{id: 'list.sort', hint: 'sort', keys: ['s'], label: 's', description: 'Sort by the next column (Name, User ID, Connection, Logins, Latest Login)', scope: 'list'},
	{id: 'list.reverse', keys: ['S'], label: 'S', description: 'Reverse the sort order', scope: 'list'},
	// k9s's convention: Shift+letter sorts by a column, the same key again reverses.
	// The letter is underlined in the column's title (user-table.tsx).
	{id: 'list.sort-name', keys: ['N'], label: 'N', description: 'Sort by Name (again: reverse)', scope: 'list'},
	{id: 'list.sort-user-id', keys: ['I'], label: 'I', description: 'Sort by User ID (again: reverse)', scope: 'list'},
	{id: 'list.sort-connection', keys: ['C'], label: 'C', description: 'Sort by Connection (again: reverse; not on a tenant)', scope: 'list'},
	{id: 'list.sort-logins', keys: ['L'], label: 'L', description: 'Sort by Logins, most first (again: reverse)', scope: 'list'},
	{id: 'list.sort-latest', keys: ['T'], label: 'T', description: 'Sort by Latest Login (time), most recent first (again: reverse)', scope: 'list'},
	{id: 'list.copy', keys: ['y'], label: 'y', description: 'Copy the selected user\'s user_id', scope: 'list'},
	{id: 'list.quit', hint: 'quit', keys: ['q'], label: 'q', description: 'Quit', scope: 'list'},
	{id: 'list.mask', hint: 'mask', keys: ['M'], label: 'M', description: 'Mask personal data on screen, or show it again (emails, names, phones, IPs, places)', scope: 'list'},
	{id: 'list.reload', keys: ['r'], label: 'r', description: 'A tenant\'s list: load again (after an error: retry)', scope: 'list'},

	{id: 'filter.accept', hint: 'keep', keys: ['enter'], label: 'Enter', description: 'Keep the filter and go back to the list', scope: 'filter'},
	{id: 'filter.cancel', hint: 'clear', keys: ['escape'], label: 'Esc', description: 'Clear what this prompt filters (the other filter stays)', scope: 'filter'},
	// ↑/↓ recall what was typed before, as in a shell; the selection moves with
	// Ctrl-P/Ctrl-N while typing, as in fzf and Emacs.
	{id: 'filter.older', hint: 'history', keys: ['up'], label: '↑', description: 'The previous entry in this prompt\'s history', scope: 'filter'},
	{id: 'filter.newer', keys: ['down'], label: '↓', description: 'The next entry in this prompt\'s history (past the newest: what was being typed)', scope: 'filter'},
	{id: 'filter.up', keys: ['ctrl-p'], label: 'Ctrl-P', description: 'Move the selection up while typing', scope: 'filter'},
	{id: 'filter.down', keys: ['ctrl-n'], label: 'Ctrl-N', description: 'Move the selection down while typing', scope: 'filter'},

	{id: 'user.back', hint: 'back', keys: ['escape'], label: 'Esc', description: 'Back to the Users list', scope: 'user'},
	{id: 'user.next-tab', hint: 'tabs', keys: ['tab', 'right'], label: 'Tab/→', description: 'Next tab', scope: 'user'},
	{id: 'user.prev-tab', keys: ['shift-tab', 'left'], label: 'S-Tab/←', description: 'Previous tab', scope: 'user'},
	{id: 'user.tab-1', keys: ['1'], label: '1', description: 'Details tab', scope: 'user'},
	{id: 'user.tab-2', keys: ['2'], label: '2', description: 'Devices tab', scope: 'user'},
	{id: 'user.tab-3', keys: ['3'], label: '3', description: 'History tab', scope: 'user'},
	{id: 'user.tab-4', keys: ['4'], label: '4', description: 'Locations tab', scope: 'user'},
	{id: 'user.tab-5', keys: ['5'], label: '5', description: 'Raw JSON tab', scope: 'user'},
	{id: 'user.actions', hint: 'actions', keys: ['a'], label: 'a', description: 'Actions: block, unblock, password, email, delete, sign in as user', scope: 'user'},
	{id: 'user.copy', hint: 'copy id', keys: ['y'], label: 'y', description: 'Copy the user_id (on Raw JSON: the whole profile)', scope: 'user'},
	{id: 'user.open', keys: ['o'], label: 'o', description: 'Open the picture (a tenant\'s user: their Dashboard page)', scope: 'user'},
	...move('user'),
	{id: 'user.mask', hint: 'mask', keys: ['M'], label: 'M', description: 'Mask personal data on screen, or show it again', scope: 'user'},
	{id: 'user.reload', keys: ['r'], label: 'r', description: 'A tenant\'s user: load again (after an error: retry)', scope: 'user'},

	// A user page with no profile to show has none of the page's keys. A deleted
	// user's offers only the way back; a damaged one's, Actions (Delete alone)
	// as the list does; one still loading or that failed to load, a retry.
	{id: 'user-gone.back', hint: 'back', keys: ['escape'], label: 'Esc', description: 'Back to the Users list (the user was deleted)', scope: 'user-gone'},
	{id: 'user-damaged.back', hint: 'back', keys: ['escape'], label: 'Esc', description: 'Back to the Users list', scope: 'user-damaged'},
	{id: 'user-damaged.actions', hint: 'actions', keys: ['a'], label: 'a', description: 'Actions: Delete User (removes the row)', scope: 'user-damaged'},
	{id: 'user-failed.back', hint: 'back', keys: ['escape'], label: 'Esc', description: 'Back to the Users list', scope: 'user-failed'},
	{id: 'user-failed.reload', hint: 'load again', keys: ['r'], label: 'r', description: 'Load the user again (after an error: retry)', scope: 'user-failed'},

	{id: 'details.edit', hint: 'edit metadata', keys: ['e'], label: 'e', description: 'Edit user_metadata (in $VISUAL/$EDITOR when set)', scope: 'details'},
	{id: 'devices.unlink', hint: 'unlink', keys: ['u'], label: 'u', description: 'Unlink the selected device (revokes its refresh token)', scope: 'devices', dangerous: true},
	{id: 'history.open', hint: 'event JSON', keys: ['enter'], label: 'Enter', description: 'Show the event\'s full JSON', scope: 'history'},
	{id: 'history.widen', hint: 'widen', keys: ['w'], label: 'w', description: 'Widen the window: 2 days → 7 days → 30 days → all', scope: 'history'},
	{id: 'locations.zoom-in', hint: 'zoom', keys: ['+', '='], label: '+', description: 'Zoom in', scope: 'locations'},
	{id: 'locations.zoom-out', hint: 'out', keys: ['-', '_'], label: '-', description: 'Zoom out', scope: 'locations'},
	{id: 'locations.fit', hint: 'fit', keys: ['0'], label: '0', description: 'Fit the view to the pins', scope: 'locations'},
	{id: 'locations.focus-map', hint: 'pan map', keys: ['m', 'enter'], label: 'm', description: 'Focus the map to pan with arrows or h/j/k/l', scope: 'locations'},
	{id: 'map.left', keys: ['left', 'h'], label: '←/h', description: 'Pan west', scope: 'map'},
	{id: 'map.right', keys: ['right', 'l'], label: '→/l', description: 'Pan east', scope: 'map'},
	{id: 'map.up', keys: ['up', 'k'], label: '↑/k', description: 'Pan north', scope: 'map'},
	{id: 'map.down', keys: ['down', 'j'], label: '↓/j', description: 'Pan south', scope: 'map'},
	{id: 'map.zoom-in', hint: 'zoom', keys: ['+', '='], label: '+', description: 'Zoom in', scope: 'map'},
	{id: 'map.zoom-out', hint: 'out', keys: ['-', '_'], label: '-', description: 'Zoom out', scope: 'map'},
	{id: 'map.fit', hint: 'fit', keys: ['0'], label: '0', description: 'Fit the view to the pins', scope: 'map'},
	{id: 'map.leave', hint: 'leave map', keys: ['escape', 'm'], label: 'Esc', description: 'Leave the map (arrows switch tabs again)', scope: 'map'},
	{id: 'raw.copy', hint: 'copy JSON', keys: ['y'], label: 'y', description: 'Copy the whole profile as JSON', scope: 'raw'},

	{id: 'form.next', hint: 'next field', keys: ['tab', 'down'], label: 'Tab', description: 'Next field', scope: 'form'},
	{id: 'form.prev', keys: ['shift-tab', 'up'], label: 'S-Tab', description: 'Previous field', scope: 'form'},
	{id: 'form.submit', hint: 'save', keys: ['ctrl-s', 'enter'], label: 'Enter', description: 'Save (Enter on the last field, or Ctrl-S anywhere)', scope: 'form'},
	{id: 'form.choose-prev', keys: ['left'], label: '←', description: 'Previous connection (Change Email: toggle Verified)', scope: 'form'},
	{id: 'form.choose-next', keys: ['right', 'space'], label: '→', description: 'Next connection (Change Email: toggle Verified)', scope: 'form'},
	{id: 'form.cancel', hint: 'cancel', keys: ['escape'], label: 'Esc', description: 'Cancel and go back', scope: 'form'},

	{id: 'menu.up', keys: ['up', 'k'], label: '↑/k', description: 'Previous item', scope: 'menu'},
	{id: 'menu.down', keys: ['down', 'j'], label: '↓/j', description: 'Next item', scope: 'menu'},
	{id: 'menu.first', keys: ['g', 'home'], label: 'g', description: 'First item', scope: 'menu'},
	{id: 'menu.last', keys: ['G', 'end'], label: 'G', description: 'Last item', scope: 'menu'},
	{id: 'menu.select', hint: 'choose', keys: ['enter'], label: 'Enter', description: 'Choose', scope: 'menu'},
	{id: 'menu.close', hint: 'close', keys: ['escape'], label: 'Esc', description: 'Close', scope: 'menu'},

	{id: 'confirm.yes', hint: 'yes', keys: ['y'], label: 'y', description: 'Yes (a pasted burst never confirms)', scope: 'confirm', dangerous: true},
	{id: 'confirm.no', hint: 'no', keys: ['n', 'escape', 'enter'], label: 'N/Esc', description: 'No (the default)', scope: 'confirm'},
	{id: 'confirm-delete.submit', hint: 'Yes, Delete It', keys: ['enter'], label: 'Enter', description: 'Yes, Delete It (after typing the user\'s email, or for marked users their number)', scope: 'confirm-delete', dangerous: true},
	{id: 'confirm-delete.cancel', hint: 'cancel', keys: ['escape'], label: 'Esc', description: 'Cancel', scope: 'confirm-delete'},

	{id: 'export.submit', hint: 'export', keys: ['enter'], label: 'Enter', description: 'Write the marked users to the file named (.csv for CSV, else NDJSON)', scope: 'export'},
	{id: 'export.cancel', hint: 'cancel', keys: ['escape'], label: 'Esc', description: 'Cancel (nothing is written)', scope: 'export'},

	{id: 'batch.cancel', hint: 'stop', keys: ['escape'], label: 'Esc', description: 'Stop the batch after the users in hand (those done stay done)', scope: 'batch'},

	{id: 'ticket.copy', hint: 'copy', keys: ['y', 'c'], label: 'y', description: 'Copy the URL to the clipboard', scope: 'ticket'},
	{id: 'ticket.open', hint: 'open in browser', keys: ['o', 'enter'], label: 'o', description: 'Open the URL in the browser', scope: 'ticket'},
	{id: 'ticket.close', hint: 'close', keys: ['escape', 'q'], label: 'Esc', description: 'Close', scope: 'ticket'},

	...move('viewer'),
	{id: 'viewer.copy', hint: 'copy', keys: ['y'], label: 'y', description: 'Copy the JSON', scope: 'viewer'},
	{id: 'viewer.close', hint: 'close', keys: ['escape', 'q', '?'], label: 'Esc', description: 'Close', scope: 'viewer'},
	// The help scrolls and closes as a viewer does, with nothing to copy: its own scope, so its footer offers no `y`.
	...move('help'),
	{id: 'help.close', hint: 'close', keys: ['escape', 'q', '?'], label: 'Esc', description: 'Close', scope: 'help'},

	{id: 'editor.save', hint: 'save', keys: ['ctrl-s'], label: 'Ctrl-S', description: 'Save user_metadata', scope: 'editor'},
	{id: 'editor.cancel', hint: 'cancel', keys: ['escape'], label: 'Esc', description: 'Cancel (nothing is saved)', scope: 'editor'},
] as const satisfies readonly BindingSpec[];

/**
 * Every binding's id, from the table: a screen comparing a resolved binding
 * with an id that is not in it ('list.sortt') does not compile. The config
 * file's overrides name ids as text and are checked at run time (applyKeyOverrides).
 */
export type BindingId = (typeof defaultBindings)[number]['id'];

export type Binding = BindingSpec & {readonly id: BindingId};

const keySymbols: Record<string, string> = {
	up: '↑', down: '↓', left: '←', right: '→', enter: 'Enter', escape: 'Esc', tab: 'Tab', 'shift-tab': 'Shift-Tab',
	pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End', space: 'Space', backspace: 'Backspace',
};

/** How a key name is written for people: 'escape' → 'Esc', 'ctrl-s' → 'Ctrl-S'. */
export function keyLabel(name: string): string {
	if (keySymbols[name]) {
		return keySymbols[name];
	}

	return name.startsWith('ctrl-') ? `Ctrl-${name.slice(5).toUpperCase()}` : name;
}

/** A binding the config file's keys cannot take, or two bindings sharing a key in one scope. */
export class KeymapError extends Error {
	/** The overridden bindings the problem is about (for the config file's line numbers). */
	readonly bindingIds: readonly string[];

	constructor(message: string, bindingIds: readonly string[]) {
		super(message);
		this.name = 'KeymapError';
		this.bindingIds = bindingIds;
	}
}

/** Scopes where typed characters are text (a prompt, a form, a confirmation, an editor): only named and Ctrl keys bind there. */
const textScopes = new Set<Scope>(['filter', 'form', 'confirm-delete', 'export', 'editor']);

const namedKeys = new Set(Object.keys(keySymbols));
/** Named keys a text field needs for itself. */
const textKeys = new Set(['space', 'backspace']);
const keyAliases: Record<string, string> = {esc: 'escape', return: 'enter', pgup: 'pageup', pgdn: 'pagedown', pgdown: 'pagedown', 'page-up': 'pageup', 'page-down': 'pagedown', 's-tab': 'shift-tab', del: 'backspace'};

/**
 * The canonical name (see key-name.ts) of a key as a person writes it in the
 * config file: 'Esc', 'PgDn', 'Ctrl+S', 'ctrl-s', 'x', 'G'; undefined when no
 * key has that name. Single characters keep their case: g and G are two keys.
 */
export function canonicalKeyName(written: string): string | undefined {
	if ([...written].length === 1) {
		if (written === ' ') {
			return 'space';
		}

		return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(written) ? written : undefined;
	}

	const lower = written.toLowerCase();
	const control = /^(?:ctrl|control|c)[-+]([a-z\\])$/.exec(lower);
	if (control) {
		return `ctrl-${control[1]!}`;
	}

	const name = keyAliases[lower] ?? lower;
	return namedKeys.has(name) ? name : undefined;
}

/** The binding id a typo most likely meant: at most two edits away. */
function nearestId(id: string): string | undefined {
	let best: string | undefined;
	let bestDistance = 3;
	for (const binding of defaultBindings) {
		const distance = editDistance(id, binding.id);
		if (distance < bestDistance) {
			best = binding.id;
			bestDistance = distance;
		}
	}

	return best;
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		}

		previous = current;
	}

	return previous[b.length]!;
}

function buildIndex(list: readonly Binding[], overridden: ReadonlySet<string>): Map<string, Binding> {
	const built = new Map<string, Binding>();
	for (const binding of list) {
		for (const key of binding.keys) {
			const slot = `${binding.scope} ${key}`;
			const other = built.get(slot);
			if (other) {
				throw new KeymapError(
					`${keyLabel(key)} is bound to both ${other.id} and ${binding.id} (${scopeTitles[binding.scope]}): give one of them another key`,
					[other.id, binding.id].filter(id => overridden.has(id)),
				);
			}

			built.set(slot, binding);
		}
	}

	return built;
}

export const bindings: Binding[] = [...defaultBindings];
let index = buildIndex(bindings, new Set());

/** Binding id → the keys it takes instead of its own, as written in the config file. */
export type KeyOverrides = Readonly<Record<string, readonly string[]>>;

/**
 * Gives bindings the user's keys. All or nothing: an unknown binding, a key
 * that is no key, a character in a text scope or two bindings sharing a key
 * in one scope throw a KeymapError and leave the table as it was.
 */
export function applyKeyOverrides(overrides: KeyOverrides): void {
	const byId = new Map<string, Binding>(defaultBindings.map(binding => [binding.id, binding]));
	const changed = new Map<string, Binding>();
	for (const [id, written] of Object.entries(overrides)) {
		const binding = byId.get(id);
		if (!binding) {
			const near = nearestId(id);
			throw new KeymapError(`there is no binding ${id}${near ? ` (did you mean ${near}?)` : ''}: \`userdeck keys\` lists them`, [id]);
		}

		const keys: string[] = [];
		for (const key of written) {
			const name = canonicalKeyName(key);
			if (name === undefined) {
				throw new KeymapError(`${id}: "${key}" is not a key (a character, Ctrl-X, or one of ${[...namedKeys].map(keyLabel).join(', ')})`, [id]);
			}

			if (name === 'ctrl-c' && id !== 'global.quit') {
				throw new KeymapError(`${id}: Ctrl-C always quits userdeck and cannot be bound`, [id]);
			}

			if (textScopes.has(binding.scope) && (textKeys.has(name) || (!namedKeys.has(name) && !name.startsWith('ctrl-')))) {
				throw new KeymapError(`${id}: "${key}" would be typed into the text in ${scopeTitles[binding.scope]}: use a named key or Ctrl-X`, [id]);
			}

			if (!keys.includes(name)) {
				keys.push(name);
			}
		}

		changed.set(id, {...binding, keys, label: keys.map(key => keyLabel(key)).join('/')});
	}

	const next = defaultBindings.map((binding): Binding => changed.get(binding.id) ?? binding);
	const nextIndex = buildIndex(next, new Set(changed.keys()));
	bindings.splice(0, bindings.length, ...next);
	index = nextIndex;
}

/** The binding a key name triggers, searching the scopes in order (the input owner's first). */
export function resolveBinding(scopes: readonly Scope[], keyName: string): Binding | undefined {
	for (const scope of scopes) {
		const binding = index.get(`${scope} ${keyName}`);
		if (binding) {
			return binding;
		}
	}

	return undefined;
}

export function bindingById(id: BindingId): Binding {
	const binding = bindings.find(candidate => candidate.id === id);
	if (!binding) {
		throw new Error(`No binding ${id}`);
	}

	return binding;
}

/** How a binding's keys are written in hints on screens ('Esc', 'N/Esc'): the user's keys once the config file overrides them. */
export function keyHint(id: BindingId): string {
	return bindingById(id).label;
}

/** A binding's last key, which is its letter where it has arrows and a letter (j for ↓/j). */
export function letterKey(id: BindingId): string {
	return keyLabel(bindingById(id).keys.at(-1) ?? '');
}

/** The User page's scopes: its own and its tabs', and those it takes instead when it has no profile to show. */
const userPageScopes: readonly Scope[] = ['user', 'details', 'devices', 'history', 'locations', 'map', 'raw', 'user-gone', 'user-damaged', 'user-failed'];

/**
 * Scopes a page takes instead of others: a user page with no profile to show
 * has none of the page's or its tabs' keys (nor another such page's), so the
 * help leaves them out there.
 */
const scopesReplaced: Partial<Record<Scope, readonly Scope[]>> = {
	'user-gone': userPageScopes,
	'user-damaged': userPageScopes,
	'user-failed': userPageScopes,
};

/** The help's sections in order: the screen's own scopes, then every other but those they replace. */
export function helpScopes(first: readonly Scope[]): Scope[] {
	const replaced = new Set(first.flatMap(scope => scopesReplaced[scope] ?? []));
	const others = bindings.map(binding => binding.scope).filter(scope => !first.includes(scope) && !replaced.has(scope));
	return [...new Set([...first, ...others])];
}

/** The footer's hints for the active scopes, most specific first, without duplicates. */
export function footerHints(scopes: readonly Scope[]): Binding[] {
	const seen = new Set<string>();
	const hints: Binding[] = [];
	for (const scope of scopes) {
		for (const binding of bindings) {
			if (binding.scope === scope && binding.hint && !seen.has(binding.label)) {
				seen.add(binding.label);
				hints.push(binding);
			}
		}
	}

	return hints;
}
