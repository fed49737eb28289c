// Which columns of a table fit in a width, and how wide each is. Columns are
// taken in priority order while their minimum widths fit (so the least
// important drop first on a narrow terminal); the room left grows fixed columns
// up to their maximum, then flexible columns up to what their content usually
// needs (`want`, most important first), and what is still left is shared by
// the flexible ones. Shared evenly from the start, a column whose text is
// long (a connection's name) was cut while others had room to spare.

export type ColumnSpec<Id extends string> = {
	readonly id: Id;
	readonly min: number;
	/** The widest it is useful (fixed columns) or may get (flexible ones, default unlimited). */
	readonly max?: number;
	/** 1 is the most important; it is always shown. */
	readonly priority: number;
	/** Takes a share of the room left once the fixed columns are at their maximum. */
	readonly flex?: boolean;
	/** A flexible column's usual content width: it gets this before the room left is shared. */
	readonly want?: number;
};

export type FittedColumn<Id extends string> = {readonly id: Id; readonly width: number};

/** The columns shown, in the order given, with their widths; `gap` cells between two columns. */
export function fitColumns<Id extends string>(columns: ReadonlyArray<ColumnSpec<Id>>, width: number, gap: number): Array<FittedColumn<Id>> {
	const byPriority = [...columns].sort((a, b) => a.priority - b.priority);
	const chosen: Array<ColumnSpec<Id>> = [];
	let used = 0;
	for (const column of byPriority) {
		const cost = column.min + (chosen.length > 0 ? gap : 0);
		if (chosen.length > 0 && used + cost > width) {
			break;
		}

		chosen.push(column);
		used += cost;
	}

	const widths = new Map<Id, number>(chosen.map(column => [column.id, column.min]));
	let room = width - used;
	for (const column of chosen) {
		if (!column.flex && room > 0) {
			const grow = Math.min(room, Math.max(0, (column.max ?? column.min) - column.min));
			widths.set(column.id, column.min + grow);
			room -= grow;
		}
	}

	for (const column of [...chosen].sort((a, b) => a.priority - b.priority)) {
		if (column.flex && column.want !== undefined && room > 0) {
			const current = widths.get(column.id) ?? 0;
			const grow = Math.min(room, Math.max(0, Math.min(column.want, column.max ?? Number.POSITIVE_INFINITY) - current));
			widths.set(column.id, current + grow);
			room -= grow;
		}
	}

	const flexible = chosen.filter(column => column.flex);
	// Share what is left evenly, in turns, so a capped column passes its share on.
	while (room > 0 && flexible.some(column => (widths.get(column.id) ?? 0) < (column.max ?? Number.POSITIVE_INFINITY))) {
		for (const column of flexible) {
			const current = widths.get(column.id) ?? 0;
			if (room > 0 && current < (column.max ?? Number.POSITIVE_INFINITY)) {
				widths.set(column.id, current + 1);
				room--;
			}
		}
	}

	// A lone column wider than the table is cut to the table.
	if (chosen.length === 1 && chosen[0]) {
		widths.set(chosen[0].id, Math.min(widths.get(chosen[0].id) ?? 0, Math.max(0, width)));
	}

	return columns.filter(column => widths.has(column.id)).map(column => ({id: column.id, width: widths.get(column.id) ?? 0}));
}
