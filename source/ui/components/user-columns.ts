// Which columns the Users list shows at a width, and how wide each is. Columns
// drop by priority as the terminal narrows (User ID first, then Email merges
// into Name, then Connection), so no row ever wraps.
import type {ListSortField} from '../state/users-list.js';

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

type Spec = {id: ColumnId; title: string; min: number; preferred: number; align: 'left' | 'right'; sortField?: ListSortField};

const specs: Record<ColumnId, Spec> = {
	name: {id: 'name', title: 'Name', min: 16, preferred: 28, align: 'left', sortField: 'name'},
	email: {id: 'email', title: 'Email', min: 22, preferred: 30, align: 'left'},
	connection: {id: 'connection', title: 'Connection', min: 12, preferred: 18, align: 'left', sortField: 'connection'},
	// Titles fit with their sort arrow: "Logins ▼", "Latest Login ▼".
	logins: {id: 'logins', title: 'Logins', min: 8, preferred: 8, align: 'right', sortField: 'logins_count'},
	latest: {id: 'latest', title: 'Latest Login', min: 14, preferred: 14, align: 'left', sortField: 'last_login'},
	user_id: {id: 'user_id', title: 'User ID', min: 30, preferred: 34, align: 'left', sortField: 'user_id'},
};

// From richest to barest; the first that fits wins.
const choices: ReadonlyArray<readonly ColumnId[]> = [
	['name', 'email', 'connection', 'logins', 'latest', 'user_id'],
	['name', 'email', 'connection', 'logins', 'latest'],
	['name', 'connection', 'logins', 'latest'],
	['name', 'logins', 'latest'],
	['name', 'latest'],
	['name'],
];

// Spare cells go to these columns up to their preferred width, in this order;
// whatever is left goes to Name (and Email, when it has a column).
const growOrder: readonly ColumnId[] = ['connection', 'name', 'email', 'user_id'];

export function tableLayout(width: number): TableLayout {
	const room = Math.max(1, width - gutterWidth);
	const needed = (ids: readonly ColumnId[]) => ids.reduce((sum, id) => sum + specs[id].min, 0) + columnGap * (ids.length - 1);
	const ids = choices.find(candidate => needed(candidate) <= room) ?? ['name'];
	const widths = new Map<ColumnId, number>(ids.map(id => [id, specs[id].min]));
	let spare = Math.max(0, room - needed(ids));
	for (const id of growOrder) {
		const current = widths.get(id);
		if (current !== undefined) {
			const grow = Math.min(spare, specs[id].preferred - current);
			widths.set(id, current + grow);
			spare -= grow;
		}
	}

	if (widths.has('email')) {
		widths.set('email', widths.get('email')! + Math.floor(spare / 2));
	}

	// Name takes exactly what is left, so the row is exactly `room` wide.
	let others = columnGap * (ids.length - 1);
	for (const [id, columnWidth] of widths) {
		others += id === 'name' ? 0 : columnWidth;
	}

	widths.set('name', Math.max(1, room - others));
	const columns = ids.map(id => {
		const spec = specs[id];
		const column: Column = {id, title: spec.title, width: widths.get(id)!, align: spec.align, ...(spec.sortField ? {sortField: spec.sortField} : {})};
		return column;
	});
	return {columns, emailInName: !ids.includes('email')};
}
