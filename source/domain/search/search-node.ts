// The parsed form of a search query. Plain data: the parser has already checked
// fields and values, the compiler turns it into a predicate.

export type SearchNode = AllNode | AndNode | OrNode | NotNode | TermNode | WildcardNode | RangeNode | ExistsNode;

/** The empty query, or a bare `*`. */
export type AllNode = {type: 'all'};
export type AndNode = {type: 'and'; children: SearchNode[]};
export type OrNode = {type: 'or'; children: SearchNode[]};
export type NotNode = {type: 'not'; child: SearchNode};

/**
 * `field:value`, `field:"a phrase"`, or without a field a free-text term that
 * matches anywhere inside name, email, user_id, nickname or username.
 */
export type TermNode = {
	type: 'term';
	field: string | undefined;
	value: string;
	phrase: boolean;
	/** Where the value starts in the query. */
	position: number;
};

/** A pattern with `*`: `segments` are the literal parts around the wildcards (`jo*n` → `['jo', 'n']`). */
export type WildcardNode = {
	type: 'wildcard';
	field: string | undefined;
	segments: string[];
	position: number;
};

/** `field:[a TO b]`; `[`/`]` include the bound, `{`/`}` exclude it, a missing bound (`*`) is open. */
export type RangeNode = {
	type: 'range';
	field: string;
	lower: string | undefined;
	upper: string | undefined;
	includeLower: boolean;
	includeUpper: boolean;
	position: number;
};

/** `_exists_:field`, or `field:*`. */
export type ExistsNode = {type: 'exists'; field: string; position: number};
