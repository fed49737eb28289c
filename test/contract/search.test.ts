// The query syntax of Auth0's user search (v3), from its "User Search Query
// Syntax" page, through the real SDK: what each documented example finds in a
// known set of users, and the documented refusals.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {User} from '../../source/domain/types.js';
import {type Auth0Double, startAuth0Double} from '../support/auth0-double/index.js';
import {failure, sdk} from './sdk.js';

function person(id: string, fields: Partial<User>): User {
	return {
		user_id: `auth0|${id}`,
		created_at: '2024-03-01T10:00:00.000Z',
		updated_at: '2024-03-01T10:00:00.000Z',
		identities: [{connection: 'Username-Password-Authentication', provider: 'auth0', user_id: id, isSocial: false}],
		logins_count: 0,
		...fields,
	};
}

const people: User[] = [
	person('jane', {name: 'Jane Smith', email: 'jane@example.com', logins_count: 150, last_login: '2024-11-30T08:00:00.000Z', app_metadata: {subscription: {plan: 'gold'}}, user_metadata: {addresses: [{city: 'Paris'}, {city: 'Lyon'}]}}),
	person('john', {name: 'Johnny Usa', email: 'john@corp.test', logins_count: 5, last_login: '2025-02-01T08:00:00.000Z', blocked: true}),
	person('test', {name: 'Test User', email: 'test@example.com', app_metadata: {subscription: {plan: 'silver'}}}),
	{...person('gmail', {name: 'Goo Gle', email: 'goo@gmail.test', logins_count: 200}), user_id: 'google-oauth2|1234', identities: [{connection: 'google-oauth2', provider: 'google-oauth2', user_id: '1234', isSocial: true}]},
];

let double: Auth0Double;
let client: ReturnType<typeof sdk>;

beforeAll(async () => {
	double = await startAuth0Double({users: people});
	client = sdk(double);
});

afterAll(async () => {
	await double?.close();
});

async function ids(q: string): Promise<string[]> {
	const page = await client.users.list({q, search_engine: 'v3', per_page: 100, include_totals: true});
	return page.data.map(user => user.user_id!.split('|')[1]!).sort();
}

describe('documented v3 queries', () => {
	it.each([
		['name:"jane smith"', ['jane']],
		['name:john*', ['john']],
		['name:j*', ['jane', 'john']],
		['name:*usa', ['john']],
		['email.domain:"example.com"', ['jane', 'test']],
		['logins_count:[100 TO 200]', ['1234', 'jane']],
		['logins_count:{100 TO 200]', ['1234', 'jane']],
		['logins_count:[* TO 10}', ['john', 'test']],
		['last_login:[* TO 2024-12-31]', ['jane']],
		['app_metadata.subscription.plan:"gold"', ['jane']],
		['user_metadata.addresses.city:"Paris"', ['jane']],
		['identities.connection:"google-oauth2"', ['1234']],
		['NOT _exists_:last_login OR logins_count:0', ['1234', 'test']],
		['name:("jane smith" OR "test user")', ['jane', 'test']],
		['blocked:true AND email:*corp.test', ['john']],
		['email:"JANE@EXAMPLE.COM"', ['jane']],
	])('%s', async (q, expected) => {
		expect(await ids(q)).toEqual(expected);
	});

	it('refuses a suffix match with fewer than 3 literal characters, wildcards on metadata and unknown fields', async () => {
		const suffix = await failure(client.users.list({q: 'name:*sa', search_engine: 'v3'}));
		expect(suffix.body).toMatchObject({statusCode: 400, errorCode: 'invalid_query_string'});
		const metadata = await failure(client.users.list({q: 'user_metadata.addresses.city:Par*', search_engine: 'v3'}));
		expect(metadata.statusCode).toBe(400);
		// Field names are case-sensitive: EMAIL is no field.
		expect((await failure(client.users.list({q: 'EMAIL:"JANE@EXAMPLE.COM"', search_engine: 'v3'}))).statusCode).toBe(400);
	});

	it('compares metadata values case-sensitively and normalized fields case-insensitively', async () => {
		expect(await ids('app_metadata.subscription.plan:"GOLD"')).toEqual([]);
		expect(await ids('name:"JANE SMITH"')).toEqual(['jane']);
	});
});
