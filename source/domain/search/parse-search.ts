// Recursive-descent parser for Auth0's user search syntax (Lucene subset "v3",
// FACTS.md §5). Precedence, loosest first: OR, AND (also implied between
// adjacent clauses, so typing more words narrows the list), NOT / `-`; a
// leading `+` is accepted and changes nothing.
// Fields and values are checked here, so every mistake is reported with the
// place in the query it was made, before any user is looked at.
import {parseDateSpan} from './date-span.js';
import type {RangeNode, SearchNode} from './search-node.js';
import {resolveField, type SearchField} from './search-fields.js';
import {SearchSyntaxError} from './search-syntax-error.js';
import {tokenize, type Token} from './tokenize.js';

const minLeadingWildcardLiterals = 3;
// Nesting is recursion here and in the compiler; a pasted wall of "(((" must
// end in a syntax error, not a stack overflow.
const maxDepth = 100;

/** Parses a query into its tree; throws SearchSyntaxError. An empty query matches everyone. */
export function parseSearch(query: string): SearchNode {
	return new Parser(query).parse();
}

type WordToken = Token & {kind: 'word'};
type ValueToken = Token & {kind: 'word' | 'phrase'};

class Parser {
	private readonly query: string;
	private readonly tokens: Token[];
	private index = 0;
	private depth = 0;

	constructor(query: string) {
		this.query = query;
		this.tokens = tokenize(query);
	}

	parse(): SearchNode {
		if (this.peek().kind === 'end') {
			return {type: 'all'};
		}

		const node = this.parseOr(undefined);
		const token = this.peek();
		if (token.kind !== 'end') {
			throw this.error(`Unexpected ${describe(token)}`, token);
		}

		return node;
	}

	private parseOr(field: SearchField | undefined): SearchNode {
		const children = [this.parseAnd(field)];
		while (this.peek().kind === 'OR') {
			this.next();
			children.push(this.parseAnd(field));
		}

		return children.length === 1 ? children[0]! : {type: 'or', children};
	}

	private parseAnd(field: SearchField | undefined): SearchNode {
		const children = [this.parseUnary(field)];
		for (;;) {
			const token = this.peek();
			if (token.kind === 'AND') {
				this.next();
			} else if (!startsClause(token)) {
				break;
			}

			children.push(this.parseUnary(field));
		}

		return children.length === 1 ? children[0]! : {type: 'and', children};
	}

	private parseUnary(field: SearchField | undefined): SearchNode {
		const token = this.peek();
		if (token.kind === 'NOT' || token.kind === '-') {
			this.next();
			return {type: 'not', child: this.nested(token, () => this.parseUnary(field))};
		}

		if (token.kind === '+') {
			this.next();
			return this.parseUnary(field);
		}

		return this.parsePrimary(field);
	}

	private parsePrimary(field: SearchField | undefined): SearchNode {
		const token = this.peek();
		switch (token.kind) {
			case '(': {
				return this.parseGroup(field);
			}

			case 'word': {
				const after = this.peek(1);
				// `name:x` is a field clause; `name :x` is a word and a stray colon.
				if (after.kind === ':' && after.start === token.end) {
					return this.parseFieldClause(token);
				}

				this.next();
				return this.valueNode(field, token);
			}

			case 'phrase': {
				this.next();
				return this.valueNode(field, token);
			}

			case '[':
			case '{': {
				if (field === undefined) {
					throw this.error('A range needs a field, e.g. logins_count:[1 TO 10]', token);
				}

				return this.parseRange(field);
			}

			case ':': {
				throw this.error('Expected a field name before ":"', token);
			}

			case 'end': {
				const previous = this.tokens[this.index - 1];
				const after = previous === undefined ? '' : ` after ${describe(previous)}`;
				throw this.error(`Expected a search term${after}`, token);
			}

			default: {
				throw this.error(`Unexpected ${describe(token)}: expected a search term`, token);
			}
		}
	}

	private parseGroup(field: SearchField | undefined): SearchNode {
		const open = this.next();
		if (this.peek().kind === ')') {
			throw this.error('Empty parentheses: expected a search term', this.peek());
		}

		const node = this.nested(open, () => this.parseOr(field));
		const close = this.peek();
		if (close.kind !== ')') {
			throw close.kind === 'end'
				? this.error('Unclosed "(": add the matching ")"', open)
				: this.error(`Unexpected ${describe(close)}: expected ")"`, close);
		}

		this.next();
		return node;
	}

	private parseFieldClause(name: WordToken): SearchNode {
		this.next();
		this.next();
		if (name.segments.length > 1) {
			throw this.error('Wildcards are not allowed in field names', name);
		}

		const value = this.peek();
		if (name.text === '_exists_') {
			if (value.kind !== 'word' || value.segments.length > 1) {
				throw this.error('Expected a field name after "_exists_:"', value);
			}

			this.next();
			const field = this.fieldNamed(value.text, value);
			return {type: 'exists', field: field.name, position: value.start};
		}

		const field = this.fieldNamed(name.text, name);
		if (field.kind === 'object') {
			throw this.error(`Search a key inside ${field.name}, e.g. ${field.name === 'identities' ? 'identities.connection' : `${field.name}.plan`}, or use _exists_:${field.name}`, name);
		}

		switch (value.kind) {
			case '(': {
				return this.parseGroup(field);
			}

			case '[':
			case '{': {
				return this.parseRange(field);
			}

			case 'word':
			case 'phrase': {
				this.next();
				return this.valueNode(field, value);
			}

			default: {
				throw this.error(`Expected a value after "${name.text}:"`, value);
			}
		}
	}

	private fieldNamed(name: string, token: Token): SearchField {
		const field = resolveField(name);
		if (field === undefined) {
			throw this.error(`Unknown field "${name}"`, token);
		}

		return field;
	}

	private valueNode(field: SearchField | undefined, token: ValueToken): SearchNode {
		const position = token.start;
		if (token.kind === 'word' && token.segments.length > 1) {
			const segments = token.segments;
			if (segments.every(segment => segment === '')) {
				// `*` alone: everyone, or everyone with the field.
				return field === undefined ? {type: 'all'} : {type: 'exists', field: field.name, position};
			}

			if (field !== undefined && field.kind !== 'string' && field.kind !== 'date') {
				throw this.error(`Wildcards are not supported on ${kindLabel(field)} ${field.name}`, token);
			}

			const literals = segments.reduce((sum, segment) => sum + [...segment].length, 0);
			if (segments[0] === '' && literals < minLeadingWildcardLiterals) {
				throw this.error(
					`A leading wildcard needs at least ${minLeadingWildcardLiterals} other characters, e.g. name:*abc`,
					token,
				);
			}

			return {type: 'wildcard', field: field?.name, segments, position};
		}

		if (field !== undefined) {
			this.checkValue(field, token.text, token);
		}

		return {type: 'term', field: field?.name, value: token.text, phrase: token.kind === 'phrase', position};
	}

	private parseRange(field: SearchField): RangeNode {
		const open = this.next();
		if (field.kind === 'metadata' || field.kind === 'boolean') {
			throw this.error(`Ranges are not supported on ${kindLabel(field)} ${field.name}`, open);
		}

		const lower = this.rangeBound(field);
		const to = this.peek();
		if (to.kind !== 'word' || to.raw !== 'TO') {
			throw this.error(`Expected TO in range, e.g. ${field.name}:[a TO b]`, to);
		}

		this.next();
		const upper = this.rangeBound(field);
		const close = this.peek();
		if (close.kind !== ']' && close.kind !== '}') {
			throw close.kind === 'end'
				? this.error('Unclosed range: add "]" or "}"', open)
				: this.error(`Unexpected ${describe(close)}: expected "]" or "}"`, close);
		}

		this.next();
		return {
			type: 'range',
			field: field.name,
			lower,
			upper,
			includeLower: open.kind === '[',
			includeUpper: close.kind === ']',
			position: open.start,
		};
	}

	private rangeBound(field: SearchField): string | undefined {
		const token = this.peek();
		if (token.kind !== 'word' && token.kind !== 'phrase') {
			throw this.error('Expected a range bound or *', token);
		}

		if (token.kind === 'word' && token.raw === 'TO') {
			throw this.error('Expected a range bound or * before TO', token);
		}

		this.next();
		if (token.kind === 'word' && token.segments.length > 1) {
			if (token.segments.every(segment => segment === '')) {
				return undefined;
			}

			throw this.error('Wildcards are not allowed in ranges; use * alone for an open end', token);
		}

		this.checkValue(field, token.text, token);
		return token.text;
	}

	/** Values of typed fields must parse, so a typo is reported instead of matching nobody. */
	private checkValue(field: SearchField, value: string, token: Token): void {
		if (field.kind === 'number' && !isNumber(value)) {
			throw this.error(`${field.name} expects a number`, token);
		}

		if (field.kind === 'boolean' && value !== 'true' && value !== 'false') {
			throw this.error(`${field.name} expects true or false`, token);
		}

		if (field.kind === 'date' && parseDateSpan(value) === undefined) {
			throw this.error(`${field.name} expects a date like 2024-12-31 or 2024-12-31T10:00:00Z`, token);
		}
	}

	private nested<T>(token: Token, parse: () => T): T {
		if (++this.depth > maxDepth) {
			throw this.error(`Too deeply nested (more than ${maxDepth} levels)`, token);
		}

		try {
			return parse();
		} finally {
			this.depth--;
		}
	}

	private peek(ahead = 0): Token {
		// The tokenizer always ends the list with an `end` token.
		return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!;
	}

	private next(): Token {
		const token = this.peek();
		this.index = Math.min(this.index + 1, this.tokens.length - 1);
		return token;
	}

	private error(message: string, token: Token): SearchSyntaxError {
		return new SearchSyntaxError(message, Math.min(token.start, this.query.length));
	}
}

export function isNumber(value: string): boolean {
	return /^-?\d+(?:\.\d+)?$/.test(value);
}

function startsClause(token: Token): boolean {
	// `:`, `[` and `{` start no clause, but letting parsePrimary see them gives
	// a better message than "Unexpected" from the top level.
	return ['word', 'phrase', '(', 'NOT', '-', '+', ':', '[', '{'].includes(token.kind);
}

function describe(token: Token): string {
	switch (token.kind) {
		case 'word': {
			return `"${token.raw}"`;
		}

		case 'phrase': {
			return 'quoted phrase';
		}

		case 'end': {
			return 'end of query';
		}

		case 'AND':
		case 'OR':
		case 'NOT': {
			return token.kind;
		}

		default: {
			return `"${token.kind}"`;
		}
	}
}

function kindLabel(field: SearchField): string {
	switch (field.kind) {
		case 'metadata': {
			return 'metadata field';
		}

		case 'number': {
			return 'number field';
		}

		case 'boolean': {
			return 'boolean field';
		}

		default: {
			return 'field';
		}
	}
}
