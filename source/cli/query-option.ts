// A --query is checked before the store is opened: a mistyped query is a usage
// error (exit 2) whether or not the store exists, and costs no load.
import {compileSearch, formatSearchError, SearchSyntaxError} from '../domain/search/index.js';
import {UsageError} from './usage-error.js';

export function checkQuery(query: string | undefined): void {
	if (query === undefined) {
		return;
	}

	try {
		compileSearch(query);
	} catch (error) {
		if (error instanceof SearchSyntaxError) {
			throw new UsageError(`Invalid query: ${error.message} (at character ${error.position + 1})\n${formatSearchError(query, error)}`);
		}

		throw error;
	}
}
