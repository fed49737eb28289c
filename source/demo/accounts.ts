// A demo person's account in one connection: the identity, the address and what
// the identity provider says about them (its attributes: at the profile's root
// for a social user's own identity, in `profileData` for a linked one).
import type {Identity, JsonObject} from '../domain/types.js';
import {gravatarUrl} from '../domain/user-factory.js';
import {type ConnectionKey, isDatabaseConnection} from './catalog.js';
import {asciiFold, createUniqueValues, handleFor, localPartFor, type UniqueValues, withLocalSuffix} from './email-addresses.js';
import {flat} from './flat.js';
import {day} from './history.js';
import type {Person} from './people.js';
import type {Random} from './random.js';

export type Organization = {id: string; name: string; domain: string};

export type Account = {
	identity: Identity;
	email: string;
	emailVerified: boolean;
	picture: string;
	nickname: string;
	/** The name shown: the person's, or, as Auth0 does when none was given, the email. */
	name: string;
	givenName?: string;
	familyName?: string;
};

export type AccountRequest = {
	connection: ConnectionKey;
	connectionName: string;
	person: Person;
	/** Never logged in: few of them verified their address. */
	pending: boolean;
	createdAt: number;
	organization?: Organization;
	/** The address this person already uses in another connection. */
	sharedEmail?: string;
};

/** What must stay unique: ids per provider, emails per connection, usernames, GitHub logins. */
export type Registries = {
	emails: Map<ConnectionKey, UniqueValues>;
	providerIds: Map<string, UniqueValues>;
	usernames: UniqueValues;
	githubLogins: UniqueValues;
	deviceIds: UniqueValues;
};

export function createRegistries(): Registries {
	return {
		emails: new Map(),
		providerIds: new Map(),
		usernames: createUniqueValues(),
		githubLogins: createUniqueValues(),
		deviceIds: createUniqueValues(),
	};
}

// Reserved for examples (RFC 2606): a demo address can never reach anyone.
const personalDomains = [['example.com', 40], ['example.net', 20], ['example.org', 15], ['mail.example.com', 15], ['inbox.example.org', 10]] as const;

const githubBios = [
	'Backend developer. Coffee, cycling and distributed systems.',
	'Frontend engineer who likes accessible UIs.',
	'Data engineer. Pipelines, SQL and the occasional Rust.',
	'Open source maintainer in my spare time.',
	'Mobile developer (Swift, Kotlin).',
	'Student. Learning TypeScript.',
	'SRE. Keeping the lights on.',
];

export function createAccount(random: Random, registries: Registries, request: AccountRequest): Account {
	const {connection, person} = request;
	if (isDatabaseConnection(connection)) {
		return databaseAccount(random, registries, request);
	}

	const candidate = request.sharedEmail ?? personalEmail(random, person);
	const email = emailsOf(registries, connection).claim(candidate, suffix => withLocalSuffix(candidate, suffix));
	switch (connection) {
		case 'google': {
			const identity = googleIdentity(random, registries, person, email);
			const picture = String(identity.profileData?.['picture']);
			return {identity, email, emailVerified: true, picture, nickname: localPart(email), name: fullName(person), givenName: person.given, familyName: person.family};
		}

		case 'github': {
			const identity = githubIdentity(random, registries, person, email, request.createdAt, request.organization);
			const profile = identity.profileData ?? {};
			// GitHub has one name field: no given or family name.
			return {identity, email, emailVerified: profile['email_verified'] === true, picture: String(profile['picture']), nickname: String(profile['login']), name: fullName(person)};
		}

		default: {
			return appleAccount(random, registries, request, email);
		}
	}
}

/** A GitHub or Google account a database user linked to theirs. */
export function linkedIdentity(random: Random, registries: Registries, person: Person, email: string): Identity {
	return random.chance(0.5)
		? googleIdentity(random, registries, person, email)
		: githubIdentity(random, registries, person, email, undefined, undefined);
}

export function claimUsername(random: Random, registries: Registries, person: Person): string {
	const base = handleFor(random, person.given, person.family, 15).replaceAll('-', '_');
	return registries.usernames.claim(base, suffix => flat(`${base.slice(0, 15 - String(suffix).length)}${suffix}`));
}

function databaseAccount(random: Random, registries: Registries, request: AccountRequest): Account {
	const {connection, person} = request;
	const id = uniqueId(registries, 'auth0', () => random.hex(24));
	const domain = request.organization?.domain ?? random.weighted(personalDomains);
	const local = localPartFor(random, person.given, person.family);
	const email = emailsOf(registries, connection).claim(flat(`${local}@${domain}`), suffix => flat(`${local}${suffix}@${domain}`));
	// Users who signed up themselves often gave no name: Auth0 then shows the email.
	const named = connection === 'database' ? random.chance(0.75) : connection === 'legacy' ? random.chance(0.5) : true;
	const verified = connection === 'legacy' ? random.chance(0.6) : request.pending ? random.chance(0.1) : random.chance(0.85);
	return {
		identity: {connection: request.connectionName, provider: 'auth0', user_id: id, isSocial: false},
		email,
		emailVerified: verified,
		picture: flat(gravatarUrl(email)),
		nickname: localPart(email),
		name: named ? fullName(person) : email,
		...(named ? {givenName: person.given, familyName: person.family} : {}),
	};
}

function appleAccount(random: Random, registries: Registries, request: AccountRequest, personalEmail: string): Account {
	const id = uniqueId(registries, 'apple', () => flat(`00${random.digits(4)}.${random.hex(32)}.${random.digits(4)}`));
	const hidden = random.chance(0.35);
	let email = personalEmail;
	if (hidden) {
		// Hide My Email: Apple relays mail from a random address.
		const relay = flat(`${random.alphanumeric(10).toLowerCase()}@privaterelay.appleid.com`);
		email = emailsOf(registries, request.connection).claim(relay, suffix => withLocalSuffix(relay, suffix));
	}

	// Apple hands out the name once, at the first sign-in, and apps often miss it.
	const named = random.chance(0.7);
	const profileData: JsonObject = {email, email_verified: true, is_private_email: hidden};
	if (named) {
		profileData['name'] = fullName(request.person);
	}

	return {
		identity: {connection: request.connectionName, provider: 'apple', user_id: id, isSocial: true, profileData},
		email,
		emailVerified: true,
		picture: flat(gravatarUrl(email)),
		nickname: localPart(email),
		name: named ? fullName(request.person) : email,
		...(named ? {givenName: request.person.given, familyName: request.person.family} : {}),
	};
}

function googleIdentity(random: Random, registries: Registries, person: Person, email: string): Identity {
	const id = uniqueId(registries, 'google-oauth2', () => flat(`1${random.digits(20)}`));
	const profileData: JsonObject = {
		email,
		email_verified: true,
		name: fullName(person),
		given_name: person.given,
		family_name: person.family,
		picture: flat(`https://lh3.googleusercontent.com/a/ACg8oc${random.alphanumeric(44)}=s96-c`),
		locale: person.locale,
	};
	return {connection: 'google-oauth2', provider: 'google-oauth2', user_id: id, isSocial: true, profileData};
}

function githubIdentity(random: Random, registries: Registries, person: Person, email: string, joinedAt: number | undefined, organization: Organization | undefined): Identity {
	const id = uniqueId(registries, 'github', () => random.digits(8));
	const base = handleFor(random, person.given, person.family, 39);
	const login = registries.githubLogins.claim(base, suffix => flat(`${base.slice(0, 39 - String(suffix).length)}${suffix}`));
	// The GitHub account predates the tenant's: between 2010 and the sign-up.
	const githubEpoch = Date.UTC(2010, 0, 1);
	const latest = Math.max(githubEpoch, (joinedAt ?? githubEpoch + (5 * 365 * day)) - day);
	const createdAt = githubEpoch + (random.next() * (latest - githubEpoch));
	const profileData: JsonObject = {
		email,
		email_verified: random.chance(0.9),
		name: fullName(person),
		nickname: login,
		picture: flat(`https://avatars.githubusercontent.com/u/${id}?v=4`),
		login,
		html_url: flat(`https://github.com/${login}`),
		url: flat(`https://api.github.com/users/${login}`),
		type: 'User',
		site_admin: false,
		public_repos: Math.floor((random.next() ** 2) * 120),
		public_gists: Math.floor((random.next() ** 3) * 20),
		followers: Math.floor((random.next() ** 4) * 900),
		following: Math.floor((random.next() ** 2) * 80),
		created_at: new Date(createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
	};
	if (random.chance(0.6)) {
		profileData['location'] = flat(`${person.home.city_name}, ${person.home.country_name}`);
	}

	if (organization !== undefined || random.chance(0.25)) {
		profileData['company'] = `@${asciiFold(organization?.name ?? random.pick(['Contoso', 'Fabrikam', 'Northwind Traders', 'Tailspin Toys', 'Acme']))}`;
	}

	if (random.chance(0.3)) {
		profileData['bio'] = random.pick(githubBios);
	}

	// GitHub's ids are numbers, and Auth0 keeps them so in identities[].user_id.
	return {connection: 'github', provider: 'github', user_id: Number(id), isSocial: true, profileData};
}

function personalEmail(random: Random, person: Person): string {
	return flat(`${localPartFor(random, person.given, person.family)}@${random.weighted(personalDomains)}`);
}

function emailsOf(registries: Registries, connection: ConnectionKey): UniqueValues {
	let emails = registries.emails.get(connection);
	if (emails === undefined) {
		emails = createUniqueValues();
		registries.emails.set(connection, emails);
	}

	return emails;
}

function uniqueId(registries: Registries, provider: string, draw: () => string): string {
	let taken = registries.providerIds.get(provider);
	if (taken === undefined) {
		taken = createUniqueValues();
		registries.providerIds.set(provider, taken);
	}

	let id = draw();
	while (taken.has(id)) {
		id = draw();
	}

	taken.add(id);
	return id;
}

function localPart(email: string): string {
	return email.slice(0, email.indexOf('@'));
}

export function fullName(person: Person): string {
	return flat(`${person.given} ${person.family}`);
}
