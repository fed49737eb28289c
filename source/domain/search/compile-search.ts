// Turns a parsed query into one predicate over users. The console runs it over
// every user on each key press (a million of them in the benchmark), so all
// per-query work happens here, once: patterns compiled, bounds parsed; the
// closures only compare, and avoid allocating per user.
import type {User} from '../types.js';
import {parseDateSpan} from './date-span.js';
import {isNumber, parseSearch} from './parse-search.js';
import type {RangeNode, SearchNode} from './search-node.js';
import {resolveField, type SearchField} from './search-fields.js';
import {textPattern, type TextTest} from './text-pattern.js';

export type UserPredicate = (user: User) => boolean;
type ValueTest = (value: unknown) => boolean;

/** Compiles a query once; throws SearchSyntaxError. An empty query matches every user. */
export function compileSearch(query: string): UserPredicate {
	return compileNode(parseSearch(query));
}

export function compileNode(node: SearchNode): UserPredicate {
	switch (node.type) {
		case 'all': {
			return () => true;
		}

		case 'and': {
			return every(node.children.map(child => compileNode(child)));
		}

		case 'or': {
			return some(node.children.map(child => compileNode(child)));
		}

		case 'not': {
			const child = compileNode(node.child);
			return user => !child(user);
		}

		case 'exists': {
			return onField(fieldOf(node.field), hasValue);
		}

		case 'term': {
			if (node.field === undefined) {
				return freeText(textPattern(['', node.value, ''], true));
			}

			const field = fieldOf(node.field);
			return onField(field, termTest(field, node.value));
		}

		case 'wildcard': {
			if (node.field === undefined) {
				return freeText(textPattern(node.segments, true));
			}

			const field = fieldOf(node.field);
			return onField(field, wildcardTest(field, node.segments));
		}

		case 'range': {
			const field = fieldOf(node.field);
			return onField(field, rangeTest(field, node));
		}
	}
}

function every(predicates: UserPredicate[]): UserPredicate {
	const [first, second] = predicates;
	if (predicates.length === 2 && first && second) {
		return user => first(user) && second(user);
	}

	return user => {
		for (const predicate of predicates) {
			if (!predicate(user)) {
				return false;
			}
		}

		return true;
	};
}

function some(predicates: UserPredicate[]): UserPredicate {
	const [first, second] = predicates;
	if (predicates.length === 2 && first && second) {
		return user => first(user) || second(user);
	}

	return user => {
		for (const predicate of predicates) {
			if (predicate(user)) {
				return true;
			}
		}

		return false;
	};
}

function fieldOf(name: string): SearchField {
	const field = resolveField(name);
	if (field === undefined) {
		// The parser resolved it already; only a hand-built tree gets here.
		throw new Error(`Unknown search field "${name}"`);
	}

	return field;
}

function onField(field: SearchField, test: ValueTest): UserPredicate {
	return user => field.some(user, test);
}

/**
 * Free text (no field) looks inside the fields an admin identifies people by,
 * ignoring case; metadata is never searched this way (FACTS.md §5). A bare
 * `jo` finds "John" and "mojo@x.io" alike: a console filter narrows as you
 * type, so a term without `*` is a contains match, not Lucene's exact term.
 * With a `*` the pattern covers the whole value: `jo*` means "starts with jo".
 */
function freeText(test: TextTest): UserPredicate {
	const hit = (value: string | undefined): boolean => value !== undefined && test(value);
	return user =>
		hit(user.name) || hit(user.email) || hit(user.user_id) || hit(user.nickname) || hit(user.username);
}

function hasValue(value: unknown): boolean {
	if (value === undefined || value === null) {
		return false;
	}

	if (typeof value !== 'object') {
		return true;
	}

	// An empty object holds nothing to find, as a search index sees it.
	for (const key in value) {
		if (Object.hasOwn(value, key)) {
			return true;
		}
	}

	return false;
}

function termTest(field: SearchField, value: string): ValueTest {
	switch (field.kind) {
		case 'number': {
			const number = Number(value);
			return actual => actual === number;
		}

		case 'boolean': {
			const expected = value === 'true';
			return actual => actual === expected;
		}

		case 'date': {
			const span = parseDateSpan(value)!;
			return dateTest(span.start, span.end);
		}

		case 'metadata': {
			return metadataTest(value);
		}

		default: {
			if (field.caseInsensitive) {
				const test = textPattern([value], true);
				return actual => typeof actual === 'string' && test(actual);
			}

			return actual => actual === value;
		}
	}
}

/** Metadata holds any JSON: `user_metadata.age:30` should find the number 30 as well as "30". */
function metadataTest(value: string): ValueTest {
	const number = isNumber(value) ? Number(value) : undefined;
	return actual => {
		switch (typeof actual) {
			case 'string': {
				return actual === value;
			}

			case 'number': {
				return actual === number;
			}

			case 'boolean': {
				return String(actual) === value;
			}

			default: {
				return false;
			}
		}
	};
}

function wildcardTest(field: SearchField, segments: readonly string[]): ValueTest {
	const test = textPattern(segments, field.caseInsensitive);
	return actual => typeof actual === 'string' && test(actual);
}

function rangeTest(field: SearchField, node: RangeNode): ValueTest {
	const {lower, upper, includeLower, includeUpper} = node;
	switch (field.kind) {
		case 'number': {
			const low = lower === undefined ? Number.NEGATIVE_INFINITY : Number(lower);
			const high = upper === undefined ? Number.POSITIVE_INFINITY : Number(upper);
			return actual =>
				typeof actual === 'number' &&
				(includeLower ? actual >= low : actual > low) &&
				(includeUpper ? actual <= high : actual < high);
		}

		case 'date': {
			// Each bound is a span (a day, a second…): an inclusive bound takes the
			// whole span in, an exclusive one leaves it out.
			const lowSpan = lower === undefined ? undefined : parseDateSpan(lower)!;
			const highSpan = upper === undefined ? undefined : parseDateSpan(upper)!;
			const low = lowSpan === undefined ? Number.NEGATIVE_INFINITY : includeLower ? lowSpan.start : lowSpan.end;
			const high = highSpan === undefined ? Number.POSITIVE_INFINITY : includeUpper ? highSpan.end : highSpan.start;
			return dateTest(low, high);
		}

		default: {
			const fold = (text: string): string => (field.caseInsensitive ? text.toLowerCase() : text);
			const low = lower === undefined ? undefined : fold(lower);
			const high = upper === undefined ? undefined : fold(upper);
			return actual => {
				if (typeof actual !== 'string') {
					return false;
				}

				const text = fold(actual);
				return (
					(low === undefined || (includeLower ? text >= low : text > low)) &&
					(high === undefined || (includeUpper ? text <= high : text < high))
				);
			};
		}
	}
}

// Outside years 0000–9999 toISOString() writes six-digit years, which sort wrongly as text.
const minCanonicalMs = Date.parse('0000-01-01T00:00:00.000Z');
const maxCanonicalMs = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * `start <= t < end` for a stored timestamp. userdeck stores Date#toISOString()
 * output, whose text order is time order, so such values are compared as text;
 * anything else is parsed.
 */
function dateTest(start: number, end: number): ValueTest {
	const startText = start === Number.NEGATIVE_INFINITY ? '' : canonical(start);
	const endText = end === Number.POSITIVE_INFINITY ? '\uFFFF' : canonical(end);
	const textual = startText !== undefined && endText !== undefined;
	return actual => {
		if (typeof actual !== 'string') {
			return false;
		}

		if (textual && isCanonicalIso(actual)) {
			return actual >= startText && actual < endText;
		}

		const time = Date.parse(actual);
		return time >= start && time < end;
	};
}

function canonical(time: number): string | undefined {
	return time >= minCanonicalMs && time <= maxCanonicalMs ? new Date(time).toISOString() : undefined;
}

/** `YYYY-MM-DDTHH:mm:ss.sssZ`, checked cheaply by length and separators. */
function isCanonicalIso(text: string): boolean {
	return (
		text.length === 24 &&
		text.charCodeAt(4) === 0x2d &&
		text.charCodeAt(10) === 0x54 &&
		text.charCodeAt(19) === 0x2e &&
		text.charCodeAt(23) === 0x5a
	);
}
