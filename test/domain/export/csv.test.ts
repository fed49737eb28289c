import {describe, expect, it} from 'vitest';
import {cellText, csvCell, csvRow} from '../../../source/domain/export/csv.js';
import {fieldValue, parseFieldList} from '../../../source/domain/export/field-path.js';
import type {User} from '../../../source/domain/types.js';

/** Reads one RFC 4180 record back, to prove the quoting round-trips. */
function parseRecord(line: string): string[] {
	const cells: string[] = [];
	let cell = '';
	let quoted = false;
	for (let index = 0; index < line.length; index++) {
		const char = line[index]!;
		if (quoted) {
			if (char === '"' && line[index + 1] === '"') {
				cell += '"';
				index++;
			} else if (char === '"') {
				quoted = false;
			} else {
				cell += char;
			}
		} else if (char === '"') {
			quoted = true;
		} else if (char === ',') {
			cells.push(cell);
			cell = '';
		} else if (char === '\r' && line[index + 1] === '\n' && index + 2 === line.length) {
			break;
		} else {
			cell += char;
		}
	}

	cells.push(cell);
	return cells;
}

describe('csvCell', () => {
	it.each(['=1+2', '+1', '-1', '@SUM(A1)', '\tcmd', '\rcmd', '=HYPERLINK("https://evil.example","click")'])('prefixes a formula start: %j', text => {
		const cell = csvCell(text);
		expect(cell.startsWith('"\'')).toBe(true);
		expect(parseRecord(`${cell}\r\n`)).toEqual([`'${text}`]);
	});

	it.each(['plain', 'a=b', 'x+1', 'user@example.com', '1-2'])('leaves text that does not start a formula alone: %j', text => {
		expect(csvCell(text)).toBe(text);
	});

	it('quotes commas, quotes and line breaks, doubling quotes', () => {
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('two\nlines')).toBe('"two\nlines"');
		expect(csvCell(' padded')).toBe('" padded"');
	});

	it('writes numbers, booleans, nothing and objects', () => {
		expect(cellText(3)).toBe('3');
		expect(cellText(false)).toBe('false');
		expect(cellText(undefined)).toBe('');
		expect(cellText(null)).toBe('');
		expect(csvCell({a: [1, 'x,y']})).toBe('"{""a"":[1,""x,y""]}"');
	});

	it('runs the cleaner after the formula check', () => {
		expect(csvCell('\u001B[31m=x', text => text.replaceAll('\u001B', '\\x1b'))).toBe('\\x1b[31m=x');
		expect(csvCell('=\u001B', text => text.replaceAll('\u001B', '\\x1b'))).toBe('"\'=\\x1b"');
	});

	it('round-trips a row through an RFC 4180 reader', () => {
		const values = ['a', 'b,c', '"q"', '=cmd', 'multi\r\nline', ''];
		expect(parseRecord(csvRow(values))).toEqual(['a', 'b,c', '"q"', '\'=cmd', 'multi\r\nline', '']);
		expect(csvRow(values).endsWith('\r\n')).toBe(true);
	});
});

describe('export fields', () => {
	const user = {
		user_id: 'auth0|1',
		email: 'a@example.com',
		created_at: '',
		updated_at: '',
		logins_count: 0,
		identities: [{connection: 'DB', provider: 'auth0', user_id: '1', isSocial: false}],
		user_metadata: {plan: 'pro', prefs: {theme: 'dark'}, ['__proto__']: 'x'},
	} as unknown as User;

	it('addresses profile fields, metadata keys and identities', () => {
		expect(fieldValue(user, 'email')).toBe('a@example.com');
		expect(fieldValue(user, 'user_metadata.plan')).toBe('pro');
		expect(fieldValue(user, 'user_metadata.prefs.theme')).toBe('dark');
		expect(fieldValue(user, 'user_metadata.missing')).toBeUndefined();
		expect(fieldValue(user, 'identities[0].connection')).toBe('DB');
		expect(fieldValue(user, 'app_metadata.roles')).toBeUndefined();
		expect(fieldValue(user, 'user_metadata.constructor')).toBeUndefined();
	});

	it('parses a list and refuses unknown fields and repeats', () => {
		expect(parseFieldList('email, name,user_metadata.plan')).toEqual(['email', 'name', 'user_metadata.plan']);
		expect(() => parseFieldList('password')).toThrow(/Unknown field "password"/);
		expect(() => parseFieldList('email,email')).toThrow(/twice/);
		expect(() => parseFieldList(' , ')).toThrow(/no field/);
	});
});
