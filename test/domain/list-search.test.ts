// `:` queries over list users (issue 19): a query the list's columns answer is
// tested on them and must match exactly the users it matches on their whole
// profiles; any other reads the profile, and only then.
import {describe, expect, test} from 'vitest';
import {generateDemo} from '../../source/demo/generate.js';
import {compileListSearch, compileSearch, queryReadsListFieldsOnly} from '../../source/domain/search/index.js';
import type {ListUser, User} from '../../source/domain/types.js';
import {columnsOf} from '../../source/store/sealed-user.js';

const demo = generateDemo({users: 800, seed: 'list-search', now: new Date('2026-12-01T00:00:00.000Z'), passwordHash: 'test$0'});
const users = [...demo.users.values()];
const columns = users.map(user => columnsOf(user));
const profiles = new Map<ListUser, User>(columns.map((summary, index) => [summary, users[index]!]));

/** The users `query` matches on the columns and on the profiles, and how many profiles the columns' test read. */
function run(query: string): {onColumns: string[]; onProfiles: string[]; read: number} {
	let read = 0;
	const test = compileListSearch(query, summary => {
		read++;
		return profiles.get(summary);
	});
	const onProfiles = compileSearch(query);
	return {
		onColumns: columns.filter(summary => test(summary)).map(summary => summary.user_id),
		onProfiles: users.filter(user => onProfiles(user)).map(user => user.user_id),
		read,
	};
}

describe('compileListSearch', () => {
	test('a query on list columns matches the same users on the columns as on the profiles, without reading one', () => {
		for (const query of [
			'logins_count:[5 TO *]',
			'blocked:true',
			'email:*@example.com',
			'email.domain:example.com',
			'name:a*',
			'identities.connection:google-oauth2',
			'last_login:[2026-11-28 TO *] AND NOT blocked:true',
			'created_at:{* TO 2025-06-01}',
			'_exists_:last_login OR logins_count:0',
			'user_id:auth0*',
		]) {
			expect(queryReadsListFieldsOnly(query), query).toBe(true);
			const {onColumns, onProfiles, read} = run(query);
			expect(onColumns, query).toEqual(onProfiles);
			expect(read, query).toBe(0);
		}
	});

	test('any other query reads each profile it tests, and a user without one does not match', () => {
		for (const query of ['app_metadata.roles:admin', 'nickname:a*', 'email_verified:false', 'jo', '_exists_:identities', 'identities.provider:auth0 AND blocked:true']) {
			expect(queryReadsListFieldsOnly(query), query).toBe(false);
			const {onColumns, onProfiles, read} = run(query);
			expect(onColumns, query).toEqual(onProfiles);
			expect(read, query).toBe(users.length);
			expect(compileListSearch(query, () => undefined)(columns[0]!)).toBe(false);
		}
	});
});
