// user_metadata and app_metadata of demo people. Which keys are present varies
// from person to person, as it does in a real tenant that grew over the years.
import type {JsonObject, LocationInfo} from '../domain/types.js';
import type {ConnectionKey} from './catalog.js';
import {flat} from './flat.js';
import type {Random} from './random.js';

export type MetadataSubject = {
	connection: ConnectionKey;
	home: LocationInfo;
	locale: string;
	/** The company of a partner or staff user. */
	organization?: {id: string; name: string};
};

/** Preferences the user (or the app on their behalf) keeps; undefined when none. */
export function userMetadataFor(random: Random, subject: MetadataSubject): JsonObject | undefined {
	if (random.chance(0.12)) {
		return undefined;
	}

	const metadata: JsonObject = {};
	if (random.chance(0.6)) {
		metadata['plan'] = random.weighted([['free', 50], ['pro', 30], ['team', 14], ['enterprise', 6]]);
	}

	if (random.chance(0.45)) {
		metadata['theme'] = random.pick(['light', 'dark', 'system']);
	}

	if (random.chance(0.45)) {
		metadata['locale'] = subject.locale;
	}

	if (random.chance(0.35)) {
		metadata['newsletter'] = random.chance(0.4);
	}

	if (random.chance(0.35)) {
		metadata['preferences'] = {
			notifications: {email: random.chance(0.7), push: random.chance(0.5), sms: random.chance(0.15)},
			digest: random.pick(['daily', 'weekly', 'never']),
			timezone: subject.home.time_zone,
		};
	}

	if (random.chance(0.2)) {
		const completed = random.chance(0.7);
		metadata['onboarding'] = completed ? {completed, step: 5} : {completed, step: random.int(1, 4)};
	}

	if (random.chance(0.2)) {
		metadata['address'] = {city: subject.home.city_name, country: subject.home.country_code};
	}

	if (random.chance(0.25)) {
		metadata['signup_source'] = random.weighted([['web', 50], ['ios', 20], ['android', 15], ['referral', 10], ['campaign', 5]]);
	}

	if (random.chance(0.1)) {
		metadata['referral_code'] = `REF-${random.alphanumeric(6).toUpperCase()}`;
	}

	return Object.keys(metadata).length === 0 ? undefined : metadata;
}

const roles = ['viewer', 'editor', 'admin', 'billing', 'support'] as const;
const roleWeights = [['viewer', 50], ['editor', 25], ['admin', 8], ['billing', 10], ['support', 7]] as const;

/** What the tenant's back office keeps about the user; undefined when nothing. */
export function appMetadataFor(random: Random, subject: MetadataSubject): JsonObject | undefined {
	const metadata: JsonObject = {};
	if (random.chance(0.7) || subject.connection === 'analytics') {
		const first = random.weighted(roleWeights);
		const second = random.chance(0.2) ? random.pick(roles) : first;
		metadata['roles'] = first === second ? [first] : [first, second];
	}

	if (random.chance(0.5)) {
		metadata['tenant_tier'] = random.weighted([['free', 55], ['pro', 35], ['enterprise', 10]]);
	}

	if (random.chance(0.4)) {
		metadata['crm_id'] = `CRM-${random.digits(7)}`;
	}

	if (random.chance(0.25)) {
		metadata['stripe_customer_id'] = flat(`cus_${random.alphanumeric(14)}`);
	}

	if (random.chance(0.15)) {
		metadata['feature_flags'] = {beta_dashboard: random.chance(0.5), new_billing: random.chance(0.3)};
	}

	if (subject.organization !== undefined) {
		metadata['organization'] = {...subject.organization};
	}

	if (subject.connection === 'partners') {
		metadata['partner'] = {id: `prt_${random.alphanumeric(8)}`, tier: random.weighted([['silver', 50], ['gold', 35], ['platinum', 15]])};
	}

	if (subject.connection === 'legacy') {
		metadata['migrated_from'] = 'legacy-crm';
	}

	return Object.keys(metadata).length === 0 ? undefined : metadata;
}
