import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {
	MAX_METADATA_BYTES,
	mergeMetadata,
	parseJsonWithPosition,
	validateMetadataPatch,
} from '../../source/domain/metadata.js';
import type {JsonObject} from '../../source/domain/types.js';
import {maxJsonDepth} from '../../source/domain/parse-json.js';

describe('mergeMetadata', () => {
	it('merges root-level keys', () => {
		expect(mergeMetadata({plan: 'free', lang: 'en'}, {plan: 'pro', seats: 3})).toEqual({
			plan: 'pro',
			lang: 'en',
			seats: 3,
		});
	});

	it('replaces nested objects instead of merging them', () => {
		expect(mergeMetadata({address: {city: 'Paris', zip: '75001'}}, {address: {city: 'Lyon'}})).toEqual({
			address: {city: 'Lyon'},
		});
	});

	it('deletes keys set to null', () => {
		expect(mergeMetadata({plan: 'pro', lang: 'en'}, {plan: null})).toEqual({lang: 'en'});
		expect(mergeMetadata({lang: 'en'}, {missing: null})).toEqual({lang: 'en'});
	});

	it('keeps nested nulls: only the root level deletes', () => {
		expect(mergeMetadata({}, {prefs: {theme: null}})).toEqual({prefs: {theme: null}});
	});

	it('starts from nothing when there is no metadata yet', () => {
		expect(mergeMetadata(undefined, {plan: 'pro'})).toEqual({plan: 'pro'});
	});

	it('changes neither argument', () => {
		const current: JsonObject = {plan: 'free', address: {city: 'Paris'}};
		const patch: JsonObject = {plan: null, address: {city: 'Lyon'}};
		mergeMetadata(current, patch);
		expect(current).toEqual({plan: 'free', address: {city: 'Paris'}});
		expect(patch).toEqual({plan: null, address: {city: 'Lyon'}});
	});

	it('keeps a "__proto__" key a plain key', () => {
		const patch = JSON.parse('{"__proto__": {"polluted": true}}') as JsonObject;
		const merged = mergeMetadata({}, patch);
		expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
		expect(Object.keys(merged)).toEqual(['__proto__']);
		expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
	});
});

describe('validateMetadataPatch', () => {
	it('accepts a JSON object', () => {
		expect(validateMetadataPatch({plan: 'pro', tags: ['a', {b: 1}], address: {city: 'Lyon'}, gone: null})).toBeUndefined();
		expect(validateMetadataPatch({})).toBeUndefined();
	});

	it.each([
		['an array', []],
		['null', null],
		['a string', 'plan'],
		['a number', 3],
		['a Date', new Date()],
		['a class instance', new (class Plan {})()],
	])('rejects %s', (_name, patch) => {
		expect(validateMetadataPatch(patch)).toBe('user_metadata must be a JSON object');
	});

	it('names app_metadata when asked', () => {
		expect(validateMetadataPatch([], undefined, 'app_metadata')).toBe('app_metadata must be a JSON object');
	});

	it.each([
		[{'a.b': 1}, 'user_metadata: key "a.b" must not contain "." or "$"'],
		[{$set: 1}, 'user_metadata: key "$set" must not contain "." or "$"'],
		[{'': 1}, 'user_metadata: key "" must not be empty'],
		[{'a\u0007b': 1}, 'user_metadata: key "a\\u0007b" must not contain control characters'],
		[{address: {'zip.code': 1}}, 'user_metadata.address: key "zip.code" must not contain "." or "$"'],
		[{list: [{ok: 1}, {$bad: 1}]}, 'user_metadata.list[1]: key "$bad" must not contain "." or "$"'],
	])('checks keys at every depth: %j', (patch, message) => {
		expect(validateMetadataPatch(patch)).toBe(message);
	});

	it.each([
		[{a: undefined}, 'user_metadata.a is not a JSON value'],
		[{a: () => 1}, 'user_metadata.a is not a JSON value'],
		[{a: Number.NaN}, 'user_metadata.a is not a JSON value'],
		[{a: [1, Number.POSITIVE_INFINITY]}, 'user_metadata.a[1] is not a JSON value'],
		[{a: {when: new Date(0)}}, 'user_metadata.a.when is not a JSON value'],
	])('rejects values JSON cannot hold: %j', (patch, message) => {
		expect(validateMetadataPatch(patch)).toBe(message);
	});

	it('rejects circular values', () => {
		const patch: Record<string, unknown> = {};
		patch['self'] = patch;
		expect(validateMetadataPatch(patch)).toMatch(/^user_metadata is not valid JSON/);
	});

	it('keeps the merged metadata within 10 KB', () => {
		expect(MAX_METADATA_BYTES).toBe(10_240);
		// {"a":"…"} is 8 bytes of JSON around the value.
		expect(validateMetadataPatch({a: 'x'.repeat(10_240 - 8)})).toBeUndefined();
		expect(validateMetadataPatch({a: 'x'.repeat(10_240 - 7)})).toBe(
			'user_metadata must be at most 10 KB (is 10241 bytes)',
		);
	});

	it('counts the metadata the patch is merged into, and UTF-8 bytes', () => {
		const current = {big: 'x'.repeat(6000)};
		expect(validateMetadataPatch({more: 'é'.repeat(2500)}, current)).toMatch(
			/^user_metadata must be at most 10 KB \(is \d+ bytes\)$/,
		);
		// Deleting the big key makes room.
		expect(validateMetadataPatch({big: null, more: 'é'.repeat(2500)}, current)).toBeUndefined();
	});

	it('keeps reserved keys out of app_metadata only', () => {
		expect(validateMetadataPatch({email: 'x'}, undefined, 'app_metadata')).toBe(
			'app_metadata must not use the reserved key "email"',
		);
		expect(validateMetadataPatch({loginsCount: 1}, undefined, 'app_metadata')).toBe(
			'app_metadata must not use the reserved key "loginsCount"',
		);
		expect(validateMetadataPatch({email: 'x'})).toBeUndefined();
	});
});

describe('parseJsonWithPosition', () => {
	it('returns the parsed value', () => {
		expect(parseJsonWithPosition(' {"a": [1, true, null, "x"]} ')).toEqual({
			ok: true,
			value: {a: [1, true, null, 'x']},
		});
	});

	it.each([
		['{"a":}', "Unexpected token '}'", 1, 6],
		['{"a":1', 'Unexpected end of JSON input', 1, 7],
		['[1,2,]', "Unexpected token ']'", 1, 6],
		['{"a" 1}', "Expected ':' after property name", 1, 6],
		['{"a":1 "b":2}', "Expected ',' or '}' after property value", 1, 8],
		['[1 2]', "Expected ',' or ']' after array element", 1, 4],
		['{"a":1,}', 'Expected double-quoted property name', 1, 8],
		["{'a':1}", "Expected property name or '}'", 1, 2],
		['"abc', 'Unterminated string in JSON', 1, 5],
		['{"a":1}x', 'Unexpected non-whitespace character after JSON', 1, 8],
		['', 'Unexpected end of JSON input', 1, 1],
		['tru', 'Unexpected end of JSON input', 1, 4],
		['nul!', "Unexpected token '!'", 1, 4],
		['-', 'No number after minus sign', 1, 2],
		['1.', 'Unterminated fractional number', 1, 3],
		['1e+', 'Exponent part is missing a number', 1, 4],
		['"a\\qb"', 'Bad escaped character', 1, 4],
		['"\\u12G4"', 'Bad Unicode escape', 1, 2],
		['"a\tb"', 'Bad control character in string literal', 1, 3],
	])('locates the error in %j', (text, message, line, column) => {
		expect(parseJsonWithPosition(text)).toMatchObject({ok: false, message, line, column});
	});

	it('counts lines and columns from 1 across line breaks', () => {
		const text = '{\n  "plan": "pro",\n  "seats": 3,\n}';
		expect(parseJsonWithPosition(text)).toEqual({
			ok: false,
			message: 'Expected double-quoted property name',
			line: 4,
			column: 1,
			position: text.length - 1,
		});
	});

	it('counts columns in characters, not UTF-16 units', () => {
		expect(parseJsonWithPosition('{"😀": 1 x}')).toMatchObject({ok: false, line: 1, column: 9, position: 9});
	});

	it('agrees with JSON.parse on what is valid', () => {
		for (const text of ['0', '-0.5e-3', '"\\u00e9\\n"', '[]', '{}', '[[[[]]]]', '{"a":{"b":[1,{"c":null}]}}', ' \r\n\t1 ']) {
			expect(parseJsonWithPosition(text)).toEqual({ok: true, value: JSON.parse(text) as unknown});
		}

		for (const text of ['01', '+1', '.5', '[1,]', '{,}', 'undefined', 'NaN', '"\u0001"']) {
			expect(parseJsonWithPosition(text).ok).toBe(false);
		}
	});

	it('refuses a key given twice in one object, naming its line and column', () => {
		expect(parseJsonWithPosition('{"plan": "free",\n "plan": "pro"}')).toEqual({
			ok: false, message: 'Duplicate key "plan" in one object (JSON keeps only one of them)', line: 2, column: 2, position: 18,
		});
		// Escapes spell the same key; nesting and arrays of objects keep their own keys.
		expect(parseJsonWithPosition('[{"a": 1}, {"b": {"x": 1, "\\u0078": 2}}]')).toMatchObject({ok: false, line: 1, column: 27});
		expect(parseJsonWithPosition('[{"a": 1}, {"a": {"a": [{"a": 1}]}}]')).toEqual({ok: true, value: [{a: 1}, {a: {a: [{a: 1}]}}]});
		expect(parseJsonWithPosition('{"a": "x:y", "b": {"a": 1}, "c": [{"b": 2}]}').ok).toBe(true);
		expect(parseJsonWithPosition('{"__proto__": 1, "__proto__": 2}')).toMatchObject({ok: false, message: expect.stringContaining('Duplicate key "__proto__"') as unknown});
	});

	it('survives deep nesting without overflowing the stack, refusing more than maxJsonDepth levels where they start', () => {
		// JSON.stringify, which writes the store and exports, overflows at a few thousand levels.
		const text = '['.repeat(200_000);
		expect(parseJsonWithPosition(text)).toMatchObject({ok: false, message: `Nested more than ${maxJsonDepth} levels deep`, column: maxJsonDepth + 1});
		const deepest = '{"a":'.repeat(maxJsonDepth - 1) + '[1]' + '}'.repeat(maxJsonDepth - 1);
		expect(parseJsonWithPosition(deepest)).toEqual({ok: true, value: JSON.parse(deepest) as unknown});
		expect(parseJsonWithPosition(`[${deepest}]`)).toMatchObject({ok: false, line: 1, column: (maxJsonDepth * 5) - 3});
		expect(parseJsonWithPosition('['.repeat(20_000) + ']'.repeat(20_000))).toMatchObject({ok: false, column: maxJsonDepth + 1});
	});

	it('accepts what JSON.parse accepts, and places every refusal inside the text', () => {
		// Valid JSON, and the same with one character removed or one added.
		const edited = fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\\', ' ', 'x', '0', '\n', '\t', '\u00A0')).map(([text, at, insert]) => {
			const index = at % (text.length + 1);
			return insert === '' ? text.slice(0, index) + text.slice(index + 1) : text.slice(0, index) + insert + text.slice(index);
		});
		fc.assert(fc.property(fc.oneof(fc.json(), edited), text => {
			let valid = true;
			try {
				JSON.parse(text);
			} catch {
				valid = false;
			}

			const result = parseJsonWithPosition(text);
			if (result.ok) {
				expect(valid).toBe(true);
				expect(result.value).toEqual(JSON.parse(text));
			} else {
				expect(valid ? result.message : 'syntax').toMatch(valid ? /^Duplicate key / : /syntax/);
				expect(result.position).toBeGreaterThanOrEqual(0);
				expect(result.position).toBeLessThanOrEqual(text.length);
				expect(result.message).not.toMatch(/is not valid JSON/);
			}
		}), {numRuns: 3000});
	});

	it('refuses comments and trailing commas (strict JSON), with their position', () => {
		expect(parseJsonWithPosition('{"a": 1 // note\n}')).toMatchObject({ok: false, message: 'Comments are not allowed in JSON', line: 1, column: 9});
		expect(parseJsonWithPosition('/* x */ 1')).toMatchObject({ok: false, message: 'Comments are not allowed in JSON', column: 1});
		expect(parseJsonWithPosition('{"a": [1,\n 2,\n]}')).toMatchObject({ok: false, message: "Unexpected token ']'", line: 3, column: 1});
	});

	it('points into a string at the character that makes it invalid', () => {
		expect(parseJsonWithPosition('{"name": "Ana\nBob"}')).toMatchObject({ok: false, message: 'Bad control character in string literal', line: 1, column: 14});
		expect(parseJsonWithPosition('["ok", "x\\u00zz"]')).toMatchObject({ok: false, message: 'Bad Unicode escape', column: 10});
		expect(parseJsonWithPosition('["ok", "\\d"]')).toMatchObject({ok: false, message: 'Bad escaped character', column: 10});
		// White space JSON does not have (a no-break space, a byte order mark).
		expect(parseJsonWithPosition('\u00A0{}')).toMatchObject({ok: false, column: 1});
		expect(parseJsonWithPosition('\uFEFF[1]')).toMatchObject({ok: false, column: 1});
	});
});
