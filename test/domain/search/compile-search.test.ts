import {describe, expect, it} from 'vitest';
import {compileSearch} from '../../../source/domain/search/index.js';
import {sampleUsers} from './sample-users.js';

const jane = 'auth0|jane';
const test = 'google-oauth2|103547991597142817347';
const example = 'auth0|example';
const octo = 'github|77';
const pending = 'auth0|pending';
const bob = 'auth0|bob';
const everyone = sampleUsers.map(user => user.user_id);

/** The ids of the sample users a query finds, in list order. */
function search(query: string): string[] {
	const matches = compileSearch(query);
	return sampleUsers.filter(user => matches(user)).map(user => user.user_id);
}

const except = (...ids: string[]): string[] => everyone.filter(id => !ids.includes(id));

describe('the examples of FACTS.md §5', () => {
	it.each([
		['email:test*', [test]],
		['name:*example*', [example]],
		['NOT _exists_:logins_count OR logins_count:0', [test, pending]],
		['name:("example name" OR "test user")', [test, example]],
		['logins_count:[100 TO *]', [example]],
		['last_login:[* TO 2024-12-31]', [jane, octo, bob]],
		['logins_count:[* TO 10}', [test, octo, pending]],
		['identities.connection:"google-oauth2"', [test]],
		['user_metadata.plan:"pro"', [jane]],
		['email.domain:"example.com"', [jane, example]],
	])('%s', (query, ids) => {
		expect(search(query)).toEqual(ids);
	});
});

describe('empty queries', () => {
	it.each(['', '   ', '\t\n', '*'])('%j matches everyone', query => {
		expect(search(query)).toEqual(everyone);
	});
});

describe('free text', () => {
	it.each([
		['jane', [jane]],
		['JANE', [jane]],
		['jAnE', [jane]],
		['doe', [jane]],
		['smi', [bob]],
		['example', [jane, example, octo]],
		['auth0', [jane, example, pending, bob]],
		['gmail', [test]],
		['BOBBY', [bob]],
		['bob_smith', [bob]],
		['"test user"', [test]],
		['"TEST USER"', [test]],
		['"user test"', []],
	])('%s finds %j anywhere in name, email, user_id, nickname or username', (query, ids) => {
		expect(search(query)).toEqual(ids);
	});

	it.each(['Lyon', 'pro', 'admin', 'gold', '203.0.113.7', '+15551234567'])(
		'%s is not looked for in metadata or other fields',
		query => {
			expect(search(query)).toEqual([]);
		},
	);

	it.each([
		['jane*', [jane]],
		['JANE*', [jane]],
		['oct*', [octo]],
		['*@corp.io', [pending]],
		['*ample*', [jane, example, octo]],
		['b*h', [bob]],
		['*smith*dev', [bob]],
	])('a wildcard anchors the pattern to a whole value: %s', (query, ids) => {
		expect(search(query)).toEqual(ids);
	});

	it('treats adjacent terms as AND', () => {
		expect(search('jane doe')).toEqual([jane]);
		expect(search('jane bob')).toEqual([]);
	});

	it('reads lower-case and/or as words, like Lucene', () => {
		expect(search('jane or bob')).toEqual([]);
	});
});

describe('fields', () => {
	it.each([
		['email:jane.doe@example.com', [jane]],
		['email:JANE.DOE@EXAMPLE.COM', [jane]],
		['email:test.user@gmail.com', [test]],
		['email:jane', []],
		['name:"jane doe"', [jane]],
		['name:Jane\\ Doe', [jane]],
		['name:jane', []],
		['given_name:JANE', [jane]],
		['family_name:smith', [bob]],
		['nickname:BOBBY', [bob]],
	])('%s: exact and case-insensitive for email, names and nickname', (query, ids) => {
		expect(search(query)).toEqual(ids);
	});

	it.each([
		['username:janed', [jane]],
		['username:JANED', []],
		['user_id:auth0|jane', [jane]],
		['user_id:AUTH0|jane', []],
		['identities.connection:GITHUB', []],
		['user_metadata.plan:pro', [jane]],
		['user_metadata.plan:Pro', [octo]],
		['last_ip:203.0.113.7', [jane]],
	])('%s: case-sensitive elsewhere', (query, ids) => {
		expect(search(query)).toEqual(ids);
	});

	it.each([
		['user_id:auth0|*', [jane, example, pending, bob]],
		['email:*@example.com', [jane, example]],
		['email:*EXAMPLE*', [jane, example, octo]],
		['name:j*e', [jane]],
		['name:j*n', []],
		['name:(jane* AND *doe)', [jane]],
		['identities.provider:google*', [test]],
		['email.domain:*.example.org', [octo]],
		['last_login:2024-12*', [jane, bob]],
	])('wildcards: %s', (query, ids) => {
		expect(search(query)).toEqual(ids);
	});

	it.each([
		['identities.connection:github', [octo]],
		['identities.connection:Username-Password-Authentication', [jane, example, octo, pending, bob]],
		['identities.isSocial:true', [test, octo]],
		['identities.isSocial:false', [jane, example, octo, pending, bob]],
		['identities.user_id:77', [octo]],
		['multifactor:guardian', [example]],
	])('arrays match when any element does: %s', (query, ids) => {
		expect(search(query)).toEqual(ids);
	});

	it.each([
		['user_metadata.age:30', [jane, octo]],
		['user_metadata.tags:beta', [jane]],
		['user_metadata.address.city:Lyon', [jane]],
		['user_metadata.beta:true', [jane]],
		['app_metadata.tier:gold', [jane]],
		['app_metadata.roles:admin', [jane]],
		['user_metadata.nope:x', []],
		['user_metadata.address:Lyon', []],
	])('metadata: %s', (query, ids) => {
		expect(search(query)).toEqual(ids);
	});

	it.each([
		['email.domain:EXAMPLE.COM', [jane, example]],
		['email.domain:gmail.com', [test]],
	])('email.domain: %s', (query, ids) => {
		expect(search(query)).toEqual(ids);
	});

	it.each([
		['blocked:true', [example]],
		['blocked:false', [octo]],
		['NOT blocked:true', except(example)],
		['email_verified:false', [example, pending]],
		['logins_count:42', [jane]],
		['logins_count:0', [test, pending]],
		['phone_number:+15551234567', [bob]],
		['phone_number:"+15551234567"', [bob]],
	])('typed values: %s', (query, ids) => {
		expect(search(query)).toEqual(ids);
	});
});

describe('existence', () => {
	it.each([
		['_exists_:last_login', [jane, example, octo, bob]],
		['NOT _exists_:last_login', [test, pending]],
		['_exists_:user_metadata', [jane, test, octo]],
		['_exists_:user_metadata.address', [jane]],
		['_exists_:user_metadata.address.city', [jane]],
		['_exists_:app_metadata', [jane]],
		['_exists_:multifactor', [example]],
		['_exists_:identities', everyone],
		['_exists_:blocked', [example, octo]],
		['name:*', [jane, test, example, octo, bob]],
	])('%s', (query, ids) => {
		expect(search(query)).toEqual(ids);
	});
});

describe('ranges', () => {
	it.each([
		['logins_count:[* TO 10]', [test, octo, pending, bob]],
		['logins_count:{0 TO 42]', [jane, octo, bob]],
		['logins_count:[7 TO 42}', [octo, bob]],
		['logins_count:[42 TO 42]', [jane]],
		['logins_count:{42 TO 42}', []],
		['logins_count:[* TO *]', everyone],
		['logins_count:[-5 TO 0]', [test, pending]],
		['logins_count:[6.5 TO 7.5]', [octo]],
	])('numbers: %s', (query, ids) => {
		expect(search(query)).toEqual(ids);
	});

	it.each([
		['last_login:[* TO 2024-12-31}', [octo, bob]],
		['last_login:{2024-12-30 TO *]', [jane, example]],
		['last_login:[2024-12-30 TO *]', [jane, example, bob]],
		['last_login:[2024-12 TO 2024-12]', [jane, bob]],
		['last_login:[2024 TO 2024]', [jane, octo, bob]],
		['created_at:[2025-01-01 TO *]', [pending]],
		['created_at:2024-12-31', [example]],
		['created_at:2025-02', [pending]],
		['created_at:2022', [octo]],
		['created_at:2024-12-30T23:59:59.999Z', [bob]],
		['created_at:"2024-12-30T23:59:59.999Z"', [bob]],
		['updated_at:[2024-12-30T23:59:59Z TO 2024-12-30T23:59:59Z]', [bob]],
		['updated_at:{2024-12-30T23:59:59Z TO *]', [jane, example, pending]],
		['updated_at:[2024-12-30T23:59 TO 2024-12-30T23:59]', [bob]],
		['created_at:2025-02-01T00:00:00Z', [pending]],
		['created_at:2025-02-01T01:00:00+01:00', [pending]],
	])('dates: %s', (query, ids) => {
		expect(search(query)).toEqual(ids);
	});

	it.each([
		['name:[a TO c}', [bob]],
		['name:[A TO C}', [bob]],
		['user_id:[auth0 TO auth0|z]', [jane, example, pending, bob]],
	])('text: %s', (query, ids) => {
		expect(search(query)).toEqual(ids);
	});
});

describe('boolean logic', () => {
	it.each([
		['jane OR bob', [jane, bob]],
		['jane OR bob AND smith', [jane, bob]],
		['(jane OR bob) AND smith', [bob]],
		['jane OR bob AND doe', [jane]],
		['(jane OR octo) AND NOT blocked:true', [jane, octo]],
		['NOT jane', except(jane)],
		['NOT NOT jane', [jane]],
		['-jane', except(jane)],
		['+jane', [jane]],
		['email.domain:example.com -jane', [example]],
		['example AND NOT (jane OR octo)', [example]],
		['logins_count:(0 OR [100 TO *])', [test, example, pending]],
		['name:("Jane Doe" OR email:bob@smith.dev)', [jane, bob]],
		['name:(NOT "Jane Doe") AND _exists_:name', [test, example, octo, bob]],
		['identities.connection:google-oauth2', [test]],
	])('%s', (query, ids) => {
		expect(search(query)).toEqual(ids);
	});
});

it('compiles once and can be reused', () => {
	const matches = compileSearch('logins_count:[1 TO *]');
	expect(sampleUsers.filter(user => matches(user))).toHaveLength(4);
	expect(sampleUsers.filter(user => matches(user))).toHaveLength(4);
});
