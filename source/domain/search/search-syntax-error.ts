// A query the console cannot run, with where it went wrong so the prompt can
// point at it.

export class SearchSyntaxError extends Error {
	/** 0-based UTF-16 index into the query; the query's length means "at the end". */
	readonly position: number;

	constructor(message: string, position: number) {
		super(message);
		this.name = 'SearchSyntaxError';
		this.position = position;
	}
}

/**
 * Two lines: the query, and a caret under the offending character. Control
 * characters become spaces and the caret counts code points, so both lines stay
 * aligned in a terminal.
 */
export function formatSearchError(query: string, error: SearchSyntaxError): string {
	const position = Math.max(0, Math.min(error.position, query.length));
	const column = [...query.slice(0, position)].length;
	return `${query.replaceAll(/\p{Cc}/gu, ' ')}\n${' '.repeat(column)}^`;
}
