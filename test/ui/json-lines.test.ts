import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {jsonLines, lineText} from '../../source/ui/components/json-lines.js';
import {safeJson} from '../../source/terminal/safe-json.js';
import {hostileStrings} from '../terminal/hostile-corpus.js';

const text = (value: unknown) => jsonLines(value).map(line => lineText(line)).join('\n');
/** Every line of the value's JSON, each of which must be safe to draw. */
const shownLines = (value: unknown) => jsonLines(value).map(line => lineText(line));

// Every character a terminal acts on or hides: C0, DEL, C1, BiDi controls,
// zero-width and format characters, line separators, lone surrogates. (U+200D
// is left out: it stays where it joins an emoji sequence.)
const unsafe = /[\u0000-\u001F\u007F-\u009F\u061C\u180E\u200B\u200C\u200E\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

describe('jsonLines', () => {
	it('tokenizes keys, strings, numbers, literals and punctuation', () => {
		const lines = jsonLines({name: 'Ada', logins: 42, blocked: false, picture: null, tags: ['a']});
		expect(lines.map(line => lineText(line))).toEqual([
			'{',
			'  "name": "Ada",',
			'  "logins": 42,',
			'  "blocked": false,',
			'  "picture": null,',
			'  "tags": [',
			'    "a"',
			'  ]',
			'}',
		]);
		expect(lines[1]).toEqual([
			{text: '  ', token: 'punctuation'},
			{text: '"name"', token: 'key'},
			{text: ': ', token: 'punctuation'},
			{text: '"Ada"', token: 'string'},
			{text: ',', token: 'punctuation'},
		]);
		expect(lines[2]?.find(segment => segment.text === '42')?.token).toBe('number');
		expect(lines[3]?.find(segment => segment.text === 'false')?.token).toBe('literal');
		expect(lines[4]?.find(segment => segment.text === 'null')?.token).toBe('literal');
		expect(lines[6]).toEqual([{text: '    ', token: 'punctuation'}, {text: '"a"', token: 'string'}]);
	});

	it('writes empty containers and scalars on one line', () => {
		expect(jsonLines({}).map(line => lineText(line))).toEqual(['{}']);
		expect(jsonLines([]).map(line => lineText(line))).toEqual(['[]']);
		expect(jsonLines({a: {}, b: []}).map(line => lineText(line))).toEqual(['{', '  "a": {},', '  "b": []', '}']);
		expect(jsonLines('x')).toEqual([[{text: '"x"', token: 'string'}]]);
		expect(jsonLines(undefined)).toEqual([[{text: 'null', token: 'literal'}]]);
	});

	it('follows JSON.stringify: undefined members left out, non-finite numbers as null, toJSON used', () => {
		const date = new Date('2026-01-02T03:04:05.000Z');
		expect(text({a: undefined, b: Number.NaN, c: date, d: [undefined]})).toBe(JSON.stringify({b: null, c: date, d: [null]}, undefined, 2));
	});

	it('escapes control characters, BiDi overrides and invisible characters in keys and strings', () => {
		const value = {'evil\u202Ekey': 'a\u001B]52;c;AAAA\u0007b', bidi: '\u2066x\u2069', nl: 'one\ntwo\rthree', wj: 'ad\u2060min', zwj: 'ad\u200Dmin', c1: '\u009B31m'};
		const lines = jsonLines(value);
		for (const line of lines) {
			for (const segment of line) {
				expect(segment.text).not.toMatch(unsafe);
			}
		}

		const shown = text(value);
		expect(shown).toContain(String.raw`"evil\u202ekey"`);
		expect(shown).toContain(String.raw`"a\u001b]52;c;AAAA\u0007b"`);
		expect(shown).toContain(String.raw`"\u2066x\u2069"`);
		expect(shown).toContain(String.raw`"one\ntwo\rthree"`);
		expect(shown).toContain(String.raw`"ad\u2060min"`);
		expect(shown).toContain(String.raw`"ad\u200dmin"`);
		expect(shown).toContain(String.raw`"\u009b31m"`);
		// Still the same document.
		expect(JSON.parse(shown)).toEqual(value);
		expect(lines).toHaveLength(8);
	});

	it('never lets a hostile string through, and always reads back as the same value', () => {
		for (const hostile of hostileStrings) {
			const value = {[hostile]: [hostile, {nested: hostile}]};
			for (const line of shownLines(value)) {
				expect(line).not.toMatch(unsafe);
			}

			expect(JSON.parse(text(value))).toEqual(value);
		}
	});

	it('is the text safeJson writes (for values without invisible format characters), whatever the value', () => {
		const json = fc.letrec(tie => ({
			value: fc.oneof(
				{depthSize: 'small'},
				fc.string({unit: 'binary', maxLength: 12}),
				fc.double(),
				fc.boolean(),
				fc.constant(null),
				fc.array(tie('value'), {maxLength: 4}),
				fc.dictionary(fc.string({unit: 'binary', maxLength: 12}), tie('value'), {maxKeys: 4}),
			),
		})).value;
		fc.assert(fc.property(json, value => {
			const shown = text(value);
			expect(shownLines(value).some(line => unsafe.test(line))).toBe(false);
			expect(JSON.parse(shown)).toEqual(JSON.parse(JSON.stringify(value)));
			if (!/[\u180E\u200D\u2060-\u206F\uFFF9-\uFFFB]/u.test(JSON.stringify(value))) {
				expect(shown).toBe(safeJson(value));
			}
		}), {numRuns: 40});
	});
});
