// JSON as the masked views show it: keys stay, personal values go, counts and
// flags stay; a profile's provider attributes and metadata are masked whole.
import {describe, expect, test} from 'vitest';
import {maskJson, maskValues} from '../../../source/ui/mask/mask-json.js';
import {shownFor} from '../../../source/ui/mask/shown.js';
import {shownProfile} from '../../../source/ui/mask/user-personal.js';
import type {LogEvent, User} from '../../../source/domain/types.js';

const user = {
	user_id: 'auth0|65a1b2c3d4',
	email: 'jane.doe@example.com',
	email_verified: true,
	phone_number: '+49 151 2345 6767',
	created_at: '2026-01-01T00:00:00.000Z',
	updated_at: '2026-01-02T00:00:00.000Z',
	identities: [{connection: 'github', provider: 'github', user_id: 1234, isSocial: true, profileData: {email: 'jd@work.example', login: 'janedoe'}}],
	user_metadata: {plan: 'pro', address: {city: 'Lyon', zip: '69001'}, tags: ['vip', 'beta'], smoker: false, note: null},
	app_metadata: {roles: ['admin']},
	picture: 'https://avatars.githubusercontent.com/u/1234?v=4',
	name: 'Jane Doe',
	nickname: 'janedoe',
	last_ip: '81.2.69.160',
	logins_count: 12,
	blocked: false,
	given_name: 'Jane',
	family_name: 'Doe',
	// A social provider's attribute at the profile's root.
	blog: 'https://janedoe.example',
} as User & {blog: string};

describe('a profile', () => {
	const masked = JSON.stringify(shownProfile(user, shownFor(true)));

	test('none of the personal values is left', () => {
		for (const value of ['jane.doe', 'example.com', 'Jane Doe', 'janedoe', '2345', '69.160', 'Lyon', '69001', 'vip', 'admin', 'jd@work', '/u/1234', 'janedoe.example', 'Doe"']) {
			expect(masked).not.toContain(value);
		}
	});

	test('keys, ids, counts, flags and times stay', () => {
		const value = shownProfile(user, shownFor(true)) as Record<string, unknown>;
		expect(value).toMatchObject({
			user_id: 'auth0|65a1b2c3d4',
			email: 'j•••@e•••.com',
			email_verified: true,
			phone_number: '+•••67',
			last_ip: '81.•••',
			name: 'J•••',
			logins_count: 12,
			created_at: '2026-01-01T00:00:00.000Z',
			user_metadata: {plan: '•••', address: {city: '•••', zip: '•••'}, tags: ['•••', '•••'], smoker: '•••', note: null},
			blog: '•••',
			picture: 'https://avatars.githubusercontent.com/•••',
		});
		expect((value.identities as Array<Record<string, unknown>>)[0]).toMatchObject({connection: 'github', user_id: 1234, profileData: {email: '•••', login: '•••'}});
	});

	test('unmasked, it is the profile itself', () => {
		expect(shownProfile(user, shownFor(false))).toBe(user);
	});
});

test('a log event keeps its country, not its city, coordinates, IP or user agent; its description loses the names it quotes', () => {
	const event: LogEvent = {
		log_id: '90020260101',
		date: '2026-01-01T10:00:00.000Z',
		type: 's',
		description: 'Successful login for Jane Doe (jane.doe@example.com)',
		ip: '2001:db8::1',
		user_id: 'auth0|65a1b2c3d4',
		user_name: 'jane.doe@example.com',
		user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/131.0.0.0',
		location_info: {country_code: 'FR', country_code3: 'FRA', country_name: 'France', city_name: 'Lyon', latitude: 45.75, longitude: 4.85, time_zone: 'Europe/Paris', continent_code: 'EU'},
	};
	const masked = maskJson(event as never, ['Jane Doe']) as Record<string, unknown>;
	expect(masked).toMatchObject({
		description: 'Successful login for J••• (j•••@e•••.com)',
		ip: '2001:•••',
		user_name: 'j•••@e•••.com',
		user_agent: 'Mozilla/•••',
		location_info: {country_code: 'FR', country_name: 'France', city_name: '•••', latitude: '•••', longitude: '•••', time_zone: '•••'},
	});
});

test('maskValues keeps the shape and the keys', () => {
	expect(maskValues({a: [1, {b: 'x'}], c: null})).toEqual({a: ['•••', {b: '•••'}], c: null});
});
