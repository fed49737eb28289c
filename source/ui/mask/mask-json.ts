// Masking of the JSON the console shows (Raw JSON, the event viewer, metadata
// in Details and the metadata editor): keys stay, personal values go. Which
// field holds what is Auth0's shape of a profile and a log event; anything
// else is free text, masked for the emails, IPs and names it may quote.
import {maskEmail, maskFreeText, maskGlyph, maskIp, maskName, maskPhone, maskUrl, maskUserAgent} from './mask-text.js';

type JsonLike = string | number | boolean | null | JsonLike[] | {[key: string]: JsonLike};

type Rule = (value: string) => string;

const emailOrName: Rule = value => (value.includes('@') ? maskEmail(value) : maskName(value));

/** Fields whose string value is one kind of personal data, wherever they are. */
const fieldRules: Readonly<Record<string, Rule>> = {
	email: maskEmail,
	user_name: emailOrName,
	name: maskName,
	given_name: maskName,
	family_name: maskName,
	nickname: maskName,
	username: maskName,
	screen_name: maskName,
	device_name: maskName,
	phone_number: maskPhone,
	phone: maskPhone,
	ip: maskIp,
	last_ip: maskIp,
	client_ip: maskIp,
	user_agent: maskUserAgent,
	picture: maskUrl,
};

/** Fields whose every value is personal, however deep: only the keys stay. */
const opaqueFields: ReadonlySet<string> = new Set(['user_metadata', 'app_metadata', 'profileData']);

/** A log event's location: the country stays (the map pins countries too), everything finer goes. */
const locationKeeps: ReadonlySet<string> = new Set(['country_code', 'country_code3', 'country_name', 'continent_code']);

/** Every value becomes "•••" (objects and arrays keep their shape and keys); null stays: it says nothing. */
export function maskValues(value: JsonLike): JsonLike {
	if (value === null) {
		return null;
	}

	if (Array.isArray(value)) {
		return value.map(item => maskValues(item));
	}

	if (typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, maskValues(member)]));
	}

	return maskGlyph;
}

/**
 * A profile, a log event, or any part of one, masked field by field. `personal`
 * names values to mask wherever they appear in free text (the user's names).
 * `opaqueKeys` lists extra keys to mask whole at the top level (a profile's
 * provider attributes, which sit at its root).
 */
export function maskJson(value: JsonLike, personal: readonly string[] = [], opaqueKeys: ReadonlySet<string> = new Set()): JsonLike {
	return maskMember(value, undefined, personal, opaqueKeys);
}

function maskMember(value: JsonLike, key: string | undefined, personal: readonly string[], opaqueKeys: ReadonlySet<string>): JsonLike {
	if (key !== undefined && opaqueFields.has(key)) {
		return maskValues(value);
	}

	if (key === 'location_info' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
		return Object.fromEntries(Object.entries(value).map(([name, member]) => [name, locationKeeps.has(name) ? member : maskValues(member)]));
	}

	if (Array.isArray(value)) {
		return value.map(item => maskMember(item, key, personal, new Set()));
	}

	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([name, member]) => [name, opaqueKeys.has(name) ? maskValues(member) : maskMember(member, name, personal, new Set())]));
	}

	if (typeof value === 'string') {
		const rule = key === undefined ? undefined : fieldRules[key];
		return rule ? rule(value) : maskFreeText(value, personal);
	}

	// Numbers and booleans outside metadata are counts, flags and times.
	return value;
}
