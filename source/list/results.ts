// Finished rows of the current revision, by sort and filter, the most
// recently used last: Backspace to a kept query shows its rows at once.
import type {ListUser} from '../domain/types.js';
import type {ListFilter} from './view.js';

export type Result = {
	readonly sort: string;
	readonly filter: ListFilter;
	readonly rows: Int32Array;
	/** Users the query could not test, their profile unreadable (not in `rows`); those still listed are counted. */
	readonly unread: readonly ListUser[];
};

export type Results = {
	/** A kept result, now the most recently used (the last to be dropped). */
	recent(key: string): Result | undefined;
	/** Keeps a result; as many as scans are kept, the oldest dropped first. */
	keep(key: string, result: Result): void;
	entries(): Iterable<[string, Result]>;
	/** Replaces everything kept (a new revision). */
	replace(results: Map<string, Result>): void;
};

export function createResults(kept: number): Results {
	let rowsCache = new Map<string, Result>();
	return {
		recent(key) {
			const result = rowsCache.get(key);
			if (result !== undefined) {
				rowsCache.delete(key);
				rowsCache.set(key, result);
			}

			return result;
		},
		keep(key, result) {
			rowsCache.set(key, result);
			for (const old of rowsCache.keys()) {
				if (rowsCache.size <= kept) {
					break;
				}

				rowsCache.delete(old);
			}
		},
		entries() {
			return rowsCache.entries();
		},
		replace(results) {
			rowsCache = results;
		},
	};
}
