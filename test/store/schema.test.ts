// The row schemas and the import schema are compiled without checking them
// against JSON Schema's meta-schema at run time (ajvOptions): that check lives
// here, once, instead of in every process start.
import {Ajv} from 'ajv';
import {describe, expect, test} from 'vitest';
import importSchema from '../../source/domain/import/auth0-bulk-import.schema.json' with {type: 'json'};
import {ajvOptions, rowSchemas} from '../../source/store/schema.js';

const checker = new Ajv({strict: true});

describe('schemas are valid JSON Schema (draft-07)', () => {
	for (const [table, schema] of Object.entries(rowSchemas)) {
		test(`row schema of ${table}`, () => {
			expect(checker.validateSchema(schema), checker.errorsText(checker.errors)).toBe(true);
		});
	}

	test('Auth0 bulk import schema', () => {
		expect(checker.validateSchema(importSchema), checker.errorsText(checker.errors)).toBe(true);
	});

	test('the check itself refuses a broken schema', () => {
		expect(checker.validateSchema({type: 'strnig'})).toBe(false);
		expect(checker.validateSchema({properties: {name: {minLength: -1}}})).toBe(false);
	});

	test('run-time options still compile in strict mode: an unknown keyword is refused', () => {
		expect(() => new Ajv(ajvOptions).compile({type: 'object', requird: ['a']})).toThrow(/unknown keyword/);
	});
});
