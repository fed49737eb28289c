// Auth0's users export read as it is: which format a file is in, CSV cells
// typed as Auth0 wrote them, and each profile split into an import entry and
// the fields only the tenant could have set.
import {describe, expect, it} from 'vitest';
import {detectImportFormat, fromExportedProfile, parseCsvExport, readExportFile} from '../../../source/domain/import/auth0-export.js';

describe('detectImportFormat', () => {
	it('tells a bulk-import array from an NDJSON or CSV export', () => {
		expect(detectImportFormat('\n [{"email": "a@example.com"}]')).toBe('bulk-import');
		expect(detectImportFormat('{"user_id":"auth0|1","email":"a@example.com"}\n{"user_id":"auth0|2"}\n')).toBe('ndjson');
		expect(detectImportFormat('user_id,email\n"\'auth0|1","\'a@example.com"\n')).toBe('csv');
	});
});

describe('parseCsvExport', () => {
	it('takes Auth0\'s escaping off: quoted strings lose one \' and doubled quotes; dates, numbers and booleans are bare; empty is nothing', () => {
		const text = [
			'user_id,email,name,email_verified,logins_count,created_at,user_metadata.plan,identities[0].connection,provider',
			'"\'auth0|abc","\'ana@example.com","\'Ana ""the"" \'\'Best\'\'",true,12,2024-05-01T10:00:00.000Z,"\'=1+1","\'Username-Password-Authentication",',
			'',
		].join('\n');
		expect(parseCsvExport(text)).toEqual([{
			user_id: 'auth0|abc',
			email: 'ana@example.com',
			name: 'Ana "the" \'\'Best\'\'',
			email_verified: true,
			logins_count: 12,
			created_at: '2024-05-01T10:00:00.000Z',
			user_metadata: {plan: '=1+1'},
			identities: [{connection: 'Username-Password-Authentication'}],
		}]);
	});
});

describe('fromExportedProfile', () => {
	it('keeps user_id (without auth0|), dates, logins_count and full identities as tenant fields', () => {
		const ignored = new Set<string>();
		const {entry, tenant, errors} = fromExportedProfile({
			user_id: 'auth0|abc',
			email: 'ana@example.com',
			created_at: '2024-05-01T10:00:00.000Z',
			last_login: '2024-06-01T10:00:00.000Z',
			logins_count: 3,
			identities: [{connection: 'DB', provider: 'auth0', user_id: 'abc', isSocial: false}, {connection: 'github', provider: 'github', user_id: 1234, isSocial: true, profileData: {login: 'ana'}}],
			provider: 'DB',
		}, ignored);
		expect(errors).toEqual([]);
		expect(entry).toEqual({user_id: 'abc', email: 'ana@example.com'});
		expect(tenant).toEqual({
			created_at: '2024-05-01T10:00:00.000Z',
			last_login: '2024-06-01T10:00:00.000Z',
			logins_count: 3,
			identities: [{connection: 'DB', provider: 'auth0', user_id: 'abc', isSocial: false}, {connection: 'github', provider: 'github', user_id: 1234, isSocial: true, profileData: {login: 'ana'}}],
		});
		expect([...ignored]).toEqual(['provider']);
	});

	it('refuses a social user, a date that is not ISO 8601 and a negative login count', () => {
		const {errors} = fromExportedProfile({user_id: 'github|1', email: 'a@example.com', created_at: 'yesterday', logins_count: -1}, new Set());
		expect(errors.map(error => [error.code, error.path])).toEqual([['PATTERN', 'user_id'], ['FORMAT', 'created_at'], ['INVALID_TYPE', 'logins_count']]);
	});

	it('reads an NDJSON line exported with chosen fields, whose keys are paths, back into objects', () => {
		const file = readExportFile('ndjson', '{"user_id":"auth0|a1","email":"a@example.com","user_metadata.plan":"pro","user_metadata.prefs.theme":"dark","identities[0].connection":"DB"}\n');
		expect(file.entries).toEqual([{user_id: 'a1', email: 'a@example.com', user_metadata: {plan: 'pro', prefs: {theme: 'dark'}}}]);
		expect(file.ignored).toEqual([]);
	});

	it('reads an NDJSON file, naming the line that is not JSON', () => {
		expect(readExportFile('ndjson', '{"email":"a@example.com"}\n\n{"email":"b@example.com"}\n').entries).toEqual([{email: 'a@example.com'}, {email: 'b@example.com'}]);
		expect(() => readExportFile('ndjson', '{"email":"a@example.com"}\n{nope}\n')).toThrow(/^line 2 is not JSON/);
	});

	it('never writes into an object\'s prototype, whatever a header or key names', () => {
		const csv = readExportFile('csv', 'email,__proto__.blocked,constructor.prototype.email_verified\n"\'a@example.com",true,true\n');
		const ndjson = readExportFile('ndjson', '{"email":"b@example.com","constructor.prototype.email_verified":true,"__proto__.blocked":true}\n');
		expect(({} as Record<string, unknown>)['blocked']).toBeUndefined();
		expect(({} as Record<string, unknown>)['email_verified']).toBeUndefined();
		expect(csv.entries).toEqual([{email: 'a@example.com'}]);
		expect(ndjson.entries).toEqual([{email: 'b@example.com'}]);
		expect(csv.ignored).toEqual(expect.arrayContaining(['__proto__.blocked', 'constructor.prototype.email_verified']));
	});

	it('types a bare cell by its field outside Auth0\'s style: a username or metadata of digits stays text', () => {
		const [user] = parseCsvExport('email,username,user_metadata.zip,user_metadata.beta,logins_count,blocked\na@example.com,12345,02139,true,7,false\n');
		expect(user).toEqual({email: 'a@example.com', username: '12345', user_metadata: {zip: '02139', beta: 'true'}, logins_count: 7, blocked: false});
		// Auth0 quotes every string, so there a bare cell is typed by its shape.
		const [auth0] = parseCsvExport('email,user_metadata.beta,logins_count\n"\'a@example.com",true,7\n');
		expect(auth0).toEqual({email: 'a@example.com', user_metadata: {beta: true}, logins_count: 7});
	});
});

