// Which columns the Users list shows at a width, and how wide each is. Columns
// drop by priority as the terminal narrows (User ID first, then Email merges
// into Name, then Connection), so no row ever wraps.
import type {ListSortField} from '../state/users-list.js';
import {type ColumnSpec, fitColumns} from './fit-columns.js';

export type ColumnId = 'name' | 'email' | 'connection' | 'logins' | 'latest' | 'user_id';

export type Column = {
	readonly id: ColumnId;
	readonly title: string;
	readonly width: number;
	readonly align: 'left' | 'right';
	readonly sortField?: ListSortField;
};

export type TableLayout = {
	readonly columns: readonly Column[];
	/** True when the email is shown after the name instead of in its own column. */
	readonly emailInName: boolean;
};

/** Cells before each row: the selection marker and a space. */
export const gutterWidth = 2;
export const columnGap = 2;

// In display order; `priority` says what stays longest.
// `want`: most names fit 24 cells; "Username-Password-Authentication", Auth0's
// default database connection, is 32; most emails fit 34.
const specs: ReadonlyArray<ColumnSpec<ColumnId>> = [
	{id: 'name', min: 16, priority: 1, flex: true, want: 24},
	{id: 'email', min: 22, max: 40, priority: 5, flex: true, want: 34},
	{id: 'connection', min: 12, max: 32, priority: 4, flex: true, want: 32},
	// Titles fit with their sort arrow: "Logins ▼", "Latest Login ▼".
	{id: 'logins', min: 8, priority: 3},
	{id: 'latest', min: 14, priority: 2},
	{id: 'user_id', min: 30, max: 36, priority: 6},
];

const titles: Record<ColumnId, {title: string; align: 'left' | 'right'; sortField?: ListSortField}> = {
	name: {title: 'Name', align: 'left', sortField: 'name'},
	email: {title: 'Email', align: 'left'},
	connection: {title: 'Connection', align: 'left', sortField: 'connection'},
	logins: {title: 'Logins', align: 'right', sortField: 'logins_count'},
	latest: {title: 'Latest Login', align: 'left', sortField: 'last_login'},
	user_id: {title: 'User ID', align: 'left', sortField: 'user_id'},
};

/** Where the email is shown after the name, the name column wants room for both. */
const specsWithEmailInName = specs.map(spec => spec.id === 'name' ? {...spec, want: 28} : spec);

export function tableLayout(width: number): TableLayout {
	let fitted = fitColumns(specs, Math.max(1, width - gutterWidth), columnGap);
	if (!fitted.some(column => column.id === 'email')) {
		fitted = fitColumns(specsWithEmailInName, Math.max(1, width - gutterWidth), columnGap);
	}

	const columns = fitted.map(({id, width: columnWidth}): Column => ({id, width: columnWidth, ...titles[id]}));
	return {columns, emailInName: !columns.some(column => column.id === 'email')};
}
