import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {
	compileSearch,
	formatSearchError,
	parseSearch,
	SearchSyntaxError,
} from '../../../source/domain/search/index.js';
import {sampleUsers} from './sample-users.js';

function syntaxError(query: string): SearchSyntaxError {
	try {
		parseSearch(query);
	} catch (error) {
		if (error instanceof SearchSyntaxError) {
			return error;
		}

		throw error;
	}

	throw new Error(`${JSON.stringify(query)} parsed without error`);
}

describe('parseSearch', () => {
	it('parses an empty query to "all"', () => {
		expect(parseSearch('  ')).toEqual({type: 'all'});
	});

	it('builds field terms, phrases and wildcards with their positions', () => {
		expect(parseSearch('name:"Jane Doe" email:jane*')).toEqual({
			type: 'and',
			children: [
				{type: 'term', field: 'name', value: 'Jane Doe', phrase: true, position: 5},
				{type: 'wildcard', field: 'email', segments: ['jane', ''], position: 22},
			],
		});
	});

	it('gives AND precedence over OR, and NOT over both', () => {
		expect(parseSearch('a OR NOT b c')).toEqual({
			type: 'or',
			children: [
				{type: 'term', field: undefined, value: 'a', phrase: false, position: 0},
				{
					type: 'and',
					children: [
						{type: 'not', child: {type: 'term', field: undefined, value: 'b', phrase: false, position: 9}},
						{type: 'term', field: undefined, value: 'c', phrase: false, position: 11},
					],
				},
			],
		});
	});

	it('applies a field to every value in its group', () => {
		expect(parseSearch('name:(a OR "b c")')).toEqual({
			type: 'or',
			children: [
				{type: 'term', field: 'name', value: 'a', phrase: false, position: 6},
				{type: 'term', field: 'name', value: 'b c', phrase: true, position: 11},
			],
		});
	});

	it('parses ranges with inclusive, exclusive and open ends', () => {
		expect(parseSearch('logins_count:[1 TO *}')).toEqual({
			type: 'range',
			field: 'logins_count',
			lower: '1',
			upper: undefined,
			includeLower: true,
			includeUpper: false,
			position: 13,
		});
	});

	it('parses _exists_ and field:*', () => {
		expect(parseSearch('_exists_:user_metadata.plan')).toEqual({type: 'exists', field: 'user_metadata.plan', position: 9});
		expect(parseSearch('nickname:*')).toEqual({type: 'exists', field: 'nickname', position: 9});
	});

	it('resolves escapes, keeping an escaped * literal', () => {
		expect(parseSearch('name:a\\*b\\:c\\ d')).toEqual({
			type: 'term',
			field: 'name',
			value: 'a*b:c d',
			phrase: false,
			position: 5,
		});
		expect(parseSearch('"say \\"hi\\""')).toMatchObject({type: 'term', value: 'say "hi"', phrase: true});
	});

	it('keeps hyphens inside words and reads a leading one as NOT', () => {
		expect(parseSearch('google-oauth2')).toMatchObject({type: 'term', value: 'google-oauth2'});
		expect(parseSearch('-jane')).toMatchObject({type: 'not', child: {type: 'term', value: 'jane'}});
		expect(parseSearch('(-jane)')).toMatchObject({type: 'not'});
		expect(parseSearch('- jane')).toMatchObject({type: 'and', children: [{value: '-'}, {value: 'jane'}]});
	});

	it('reads AND, OR, NOT and TO as words when quoted or escaped', () => {
		expect(parseSearch('"AND"')).toMatchObject({type: 'term', value: 'AND'});
		expect(parseSearch('\\OR')).toMatchObject({type: 'term', value: 'OR'});
		expect(parseSearch('TO')).toMatchObject({type: 'term', value: 'TO'});
	});

	it('lets values of a field hold colons without escaping', () => {
		expect(parseSearch('user_id:auth0|a:b')).toMatchObject({type: 'term', field: 'user_id', value: 'auth0|a:b'});
	});
});

describe('syntax errors', () => {
	it.each([
		['(jane OR bob', 0, 'Unclosed "(": add the matching ")"'],
		['name:(jane', 5, 'Unclosed "(": add the matching ")"'],
		['jane)', 4, 'Unexpected ")"'],
		['jane]', 4, 'Unexpected "]"'],
		['()', 1, 'Empty parentheses: expected a search term'],
		['(jane bob]', 9, 'Unexpected "]": expected ")"'],
		['jane AND', 8, 'Expected a search term after AND'],
		['jane OR', 7, 'Expected a search term after OR'],
		['NOT', 3, 'Expected a search term after NOT'],
		['AND jane', 0, 'Unexpected AND: expected a search term'],
		['jane OR OR bob', 8, 'Unexpected OR: expected a search term'],
		['jane AND OR bob', 9, 'Unexpected OR: expected a search term'],
		['name:"jane', 5, 'Unterminated quoted phrase: add the closing "'],
		['"', 0, 'Unterminated quoted phrase: add the closing "'],
		['jane \\', 5, 'Nothing to escape after "\\"'],
		['name:*ab', 5, 'A leading wildcard needs at least 3 other characters, e.g. name:*abc'],
		['*ab*', 0, 'A leading wildcard needs at least 3 other characters, e.g. name:*abc'],
		['email:(x OR *a)', 12, 'A leading wildcard needs at least 3 other characters, e.g. name:*abc'],
		['user_metadata.age:[1 TO 5]', 18, 'Ranges are not supported on metadata field user_metadata.age'],
		['user_metadata.plan:pr*', 19, 'Wildcards are not supported on metadata field user_metadata.plan'],
		['logins_count:1*', 13, 'Wildcards are not supported on number field logins_count'],
		['blocked:t*', 8, 'Wildcards are not supported on boolean field blocked'],
		['blocked:[false TO true]', 8, 'Ranges are not supported on boolean field blocked'],
		[':jane', 0, 'Expected a field name before ":"'],
		['jane :x', 5, 'Expected a field name before ":"'],
		['name:', 5, 'Expected a value after "name:"'],
		['name: AND x', 6, 'Expected a value after "name:"'],
		['foo:bar', 0, 'Unknown field "foo"'],
		['jane foo:bar', 5, 'Unknown field "foo"'],
		['user_metadata..x:1', 0, 'Unknown field "user_metadata..x"'],
		['na*me:x', 0, 'Wildcards are not allowed in field names'],
		['user_metadata:pro', 0, 'Search a key inside user_metadata, e.g. user_metadata.plan, or use _exists_:user_metadata'],
		['identities:x', 0, 'Search a key inside identities, e.g. identities.connection, or use _exists_:identities'],
		['_exists_:', 9, 'Expected a field name after "_exists_:"'],
		['_exists_:nope', 9, 'Unknown field "nope"'],
		['_exists_:(name)', 9, 'Expected a field name after "_exists_:"'],
		['logins_count:abc', 13, 'logins_count expects a number'],
		['logins_count:[1 TO x]', 19, 'logins_count expects a number'],
		['blocked:yes', 8, 'blocked expects true or false'],
		['created_at:2024-02-30', 11, 'created_at expects a date like 2024-12-31 or 2024-12-31T10:00:00Z'],
		['last_login:[yesterday TO *]', 12, 'last_login expects a date like 2024-12-31 or 2024-12-31T10:00:00Z'],
		['logins_count:[1 5]', 16, 'Expected TO in range, e.g. logins_count:[a TO b]'],
		['logins_count:[1 TO 5', 13, 'Unclosed range: add "]" or "}"'],
		['logins_count:[1 TO 5 6]', 21, 'Unexpected "6": expected "]" or "}"'],
		['logins_count:[TO 5]', 14, 'Expected a range bound or * before TO'],
		['logins_count:[]', 14, 'Expected a range bound or *'],
		['logins_count:[1 TO 5*]', 19, 'Wildcards are not allowed in ranges; use * alone for an open end'],
		['[1 TO 5]', 0, 'A range needs a field, e.g. logins_count:[1 TO 10]'],
	])('%j fails at %d: %s', (query, position, message) => {
		const error = syntaxError(query);
		expect(error.message).toBe(message);
		expect(error.position).toBe(position);
	});

	it('limits nesting instead of overflowing the stack', () => {
		expect(() => compileSearch(`${'('.repeat(100)}jane${')'.repeat(100)}`)).not.toThrow();
		expect(syntaxError(`${'('.repeat(5000)}jane`)).toMatchObject({position: 100, message: 'Too deeply nested (more than 100 levels)'});
		expect(syntaxError(`${'NOT '.repeat(5000)}jane`)).toMatchObject({position: 400});
	});

	it('is what compileSearch throws too', () => {
		expect(() => compileSearch('name:*ab')).toThrow(SearchSyntaxError);
	});

	it('counts positions in the query as typed, leading spaces included', () => {
		expect(syntaxError('   jane AND').position).toBe(11);
	});

	it('accepts a leading wildcard followed by 3 characters', () => {
		expect(() => parseSearch('name:*abc')).not.toThrow();
		expect(() => parseSearch('name:*a*bc')).not.toThrow();
	});
});

describe('formatSearchError', () => {
	it('puts a caret under the position', () => {
		const query = 'name:*ab';
		expect(formatSearchError(query, syntaxError(query))).toBe('name:*ab\n     ^');
	});

	it('points one past the end for a missing term', () => {
		const query = 'jane AND';
		expect(formatSearchError(query, syntaxError(query))).toBe('jane AND\n        ^');
	});

	it('keeps the caret aligned past tabs and astral characters', () => {
		const query = '😀\tfoo:bar';
		expect(formatSearchError(query, syntaxError(query))).toBe('😀 foo:bar\n  ^');
	});
});

describe('any input', () => {
	const pieces = fc.constantFrom(
		'jane', 'AND', 'OR', 'NOT', 'TO', '(', ')', '[', ']', '{', '}', '"', ':', '*', '-', '+', '\\', ' ',
		'name', 'logins_count', 'user_metadata.plan', '_exists_', 'created_at', '5', '2024-12-31', 'é', '😀',
	);

	it('either parses or throws a SearchSyntaxError inside the query', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.array(pieces, {maxLength: 12}).map(parts => parts.join(''))), query => {
				let matches: ((user: (typeof sampleUsers)[number]) => boolean) | undefined;
				try {
					matches = compileSearch(query);
				} catch (error) {
					expect(error).toBeInstanceOf(SearchSyntaxError);
					const {position} = error as SearchSyntaxError;
					expect(position).toBeGreaterThanOrEqual(0);
					expect(position).toBeLessThanOrEqual(query.length);
					return;
				}

				for (const user of sampleUsers) {
					expect(typeof matches(user)).toBe('boolean');
				}
			}),
			{numRuns: 2000},
		);
	});
});
