// One demo user: profile, identities, devices, password row and history, all
// consistent with each other.
import {type Client, type Connection, type DeviceCredential, type Identity, type JsonObject, type User, userFieldOrder} from '../domain/types.js';
import {gravatarUrl} from '../domain/user-factory.js';
import type {Tables} from '../store/tables.js';
import {type Catalog, type ConnectionKey, isDatabaseConnection} from './catalog.js';
import {type DeviceProfile, deviceProfiles, isAppPlatform} from './device-profiles.js';
import {flat} from './flat.js';
import {asciiFold, createUniqueValues, handleFor, localPartFor, type UniqueValues, withLocalSuffix} from './email-addresses.js';
import {day, type HistoryDetail, type HistoryOutcome, type LogSink, minute, type UserStatus, writeHistory} from './history.js';
import {appMetadataFor, userMetadataFor} from './metadata.js';
import {createPerson, type Person} from './people.js';
import {phoneNumber} from './phone-numbers.js';
import type {Random} from './random.js';

export type Organization = {id: string; name: string; domain: string};

export type DemoUserPlan = {
	connection: ConnectionKey;
	status: UserStatus;
	/** Blocked by an admin; dormant users can be blocked too. */
	blocked: boolean;
	detail: HistoryDetail;
};

export type UserFactory = (random: Random, plan: DemoUserPlan) => void;

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

/**
 * Builds users into `tables` and their events into `sink`. Keeps the registries
 * that make ids, emails (per connection), usernames and logins unique.
 */
export function createUserFactory(options: {
	catalog: Catalog;
	tables: Tables;
	sink: LogSink;
	now: number;
	passwordHash: string;
	partnerOrganizations: readonly Organization[];
	staffOrganization: Organization;
}): UserFactory {
	const {catalog, tables, sink, now, passwordHash} = options;
	const clients = Object.values(catalog.clients);
	const emails = new Map<ConnectionKey, UniqueValues>();
	const usernames = createUniqueValues();
	const githubLogins = createUniqueValues();
	const providerIds = new Map<string, UniqueValues>();
	const deviceIds = createUniqueValues();
	const resolvers = new Map<ConnectionKey, ClientResolver>();
	const claimLogin = (random: Random, person: Person) => {
		const base = handleFor(random, person.given, person.family, 39);
		return githubLogins.claim(base, suffix => flat(`${base.slice(0, 39 - String(suffix).length)}${suffix}`));
	};
	// Some people have an account in a database connection and, separately, sign
	// in with Google using the same address: emails are unique per connection only.
	const recentDatabasePeople: Array<{person: Person; email: string}> = [];

	const emailsOf = (key: ConnectionKey) => getOrCreate(emails, key, createUniqueValues);
	const uniqueId = (provider: string, draw: () => string) => {
		const taken = getOrCreate(providerIds, provider, createUniqueValues);
		let id = draw();
		while (taken.has(id)) {
			id = draw();
		}

		taken.add(id);
		return id;
	};

	return (random, plan) => {
		const key = plan.connection;
		const connection = catalog.connections[key];
		const isDatabase = isDatabaseConnection(key);
		const resolver = getOrCreate(resolvers, key, () => clientResolver(connection, clients));
		const clientFor = resolver.clientFor;
		const organization = key === 'partners' ? random.pick(options.partnerOrganizations) : key === 'analytics' ? options.staffOrganization : undefined;
		const shared = key === 'google' && recentDatabasePeople.length > 0 && random.chance(0.03) ? random.pick(recentDatabasePeople) : undefined;
		const person = shared?.person ?? createPerson(random);
		const createdAt = Math.floor(now - ageOf(random, plan));

		// Identity and address.
		let email: string;
		let identity: Identity;
		let picture: string;
		let nickname: string;
		let named: boolean;
		let emailVerified: boolean;
		let surname = true;
		if (isDatabase) {
			const id = uniqueId('auth0', () => random.hex(24));
			const domain = organization?.domain ?? random.weighted(personalDomains);
			const local = localPartFor(random, person.given, person.family);
			email = emailsOf(key).claim(flat(`${local}@${domain}`), suffix => flat(`${local}${suffix}@${domain}`));
			identity = {connection: connection.name, provider: 'auth0', user_id: id, isSocial: false};
			picture = flat(gravatarUrl(email));
			nickname = email.slice(0, email.indexOf('@'));
			named = key === 'database' ? random.chance(0.75) : key === 'legacy' ? random.chance(0.5) : true;
			emailVerified = key === 'legacy' ? random.chance(0.6) : plan.status === 'pending' ? random.chance(0.1) : random.chance(0.85);
		} else {
			const candidate = shared?.email ?? flat(`${localPartFor(random, person.given, person.family)}@${random.weighted(personalDomains)}`);
			email = emailsOf(key).claim(candidate, suffix => withLocalSuffix(candidate, suffix));
			named = true;
			emailVerified = true;
			if (key === 'google') {
				const id = uniqueId('google-oauth2', () => flat(`1${random.digits(20)}`));
				picture = googlePicture(random);
				nickname = email.slice(0, email.indexOf('@'));
				identity = {connection: connection.name, provider: 'google-oauth2', user_id: id, isSocial: true, profileData: googleProfile(person, email, picture)};
			} else if (key === 'github') {
				const id = uniqueId('github', () => random.digits(8));
				const login = claimLogin(random, person);
				picture = flat(`https://avatars.githubusercontent.com/u/${id}?v=4`);
				nickname = login;
				const profileData = githubProfile(random, person, email, picture, login, createdAt, organization);
				emailVerified = profileData['email_verified'] === true;
				surname = false;
				identity = {connection: connection.name, provider: 'github', user_id: id, isSocial: true, profileData};
			} else {
				const id = uniqueId('apple', () => flat(`00${random.digits(4)}.${random.hex(32)}.${random.digits(4)}`));
				const hidden = random.chance(0.35);
				if (hidden) {
					// Hide My Email: Apple relays mail from a random address.
					const relay = flat(`${random.alphanumeric(10).toLowerCase()}@privaterelay.appleid.com`);
					email = emailsOf(key).claim(relay, suffix => withLocalSuffix(relay, suffix));
				}

				named = random.chance(0.7);
				picture = flat(gravatarUrl(email));
				nickname = email.slice(0, email.indexOf('@'));
				const profileData: JsonObject = {email, email_verified: true, is_private_email: hidden};
				if (named) {
					profileData['name'] = fullName(person);
				}

				identity = {connection: connection.name, provider: 'apple', user_id: id, isSocial: true, profileData};
			}
		}

		if (key === 'database' && !shared) {
			recentDatabasePeople.push({person, email});
			if (recentDatabasePeople.length > 64) {
				recentDatabasePeople.shift();
			}
		}

		const userId = flat(`${identity.provider}|${identity.user_id}`);
		const identities: Identity[] = [identity];
		if (key === 'database' && plan.status === 'active' && random.chance(0.06)) {
			identities.push(linkedIdentity(random, person, email, uniqueId, claimLogin));
		}

		const metadataSubject = {connection: key, home: person.home, locale: person.locale, ...(organization ? {organization: {id: organization.id, name: organization.name}} : {})};
		const userMetadata = userMetadataFor(random, metadataSubject);
		const appMetadata = appMetadataFor(random, metadataSubject);
		const devices = plan.status === 'dormant' ? deviceProfiles.slice(0, 1) : devicesFor(random, resolver.hasNativeApp);
		const history = writeHistory(random.fork('history'), {
			userId,
			email,
			connection,
			isDatabase,
			clientFor,
			reportingClient: catalog.clients.reporting,
			devices,
			home: person.home,
			createdAt,
			status: plan.status,
			detail: plan.detail,
			emailVerified,
			appMetadata,
		}, sink, now);

		const multifactor = isDatabase && key !== 'legacy' && plan.status !== 'pending' && random.chance(key === 'partners' ? 0.5 : 0.15);
		const multifactorModified = multifactor ? Math.floor(createdAt + random.next() * ((history.lastLogin ?? now) - createdAt)) : undefined;
		const phone = random.chance(0.25) ? phoneNumber(random, person.home.country_code) : undefined;
		const username = key === 'database' && random.chance(0.25) ? claimUsername(random, usernames, person) : undefined;
		const updatedAt = Math.max(createdAt, history.lastLogin ?? 0, history.lastPasswordReset ?? 0, history.lastAdminUpdate ?? 0, multifactorModified ?? 0);
		const user = inFieldOrder({
			user_id: userId,
			email,
			email_verified: emailVerified,
			username,
			phone_number: phone,
			phone_verified: phone === undefined ? undefined : random.chance(0.6),
			created_at: iso(createdAt),
			updated_at: iso(updatedAt),
			identities,
			app_metadata: appMetadata,
			user_metadata: userMetadata,
			picture,
			name: named ? fullName(person) : email,
			nickname,
			multifactor: multifactor ? ['guardian'] : undefined,
			multifactor_last_modified: multifactorModified === undefined ? undefined : iso(multifactorModified),
			last_ip: history.lastIp,
			last_login: history.lastLogin === undefined ? undefined : iso(history.lastLogin),
			last_password_reset: history.lastPasswordReset === undefined ? undefined : iso(history.lastPasswordReset),
			logins_count: history.loginsCount,
			blocked: plan.blocked ? true : undefined,
			given_name: named && surname ? person.given : undefined,
			family_name: named && surname ? person.family : undefined,
		});
		tables.users.set(userId, user);

		if (isDatabase) {
			// Every demo database user shares one hash of DEMO_PASSWORD: the CLI hashes it
			// once, since argon2 for each of a million users would take hours.
			tables.passwords.set(userId, {user_id: userId, hash: passwordHash, history: [], updated_at: iso(history.lastPasswordReset ?? createdAt)});
		}

		if ((plan.status === 'active' || plan.status === 'blocked') && random.chance(0.45)) {
			for (const credential of deviceCredentials(random, userId, devices, clientFor, deviceIds)) {
				tables.devices.set(credential.id, credential);
			}
		}
	};
}

type ClientFor = (device: DeviceProfile, random: Random) => Client | undefined;
type ClientResolver = {clientFor: ClientFor; hasNativeApp: boolean};

/** Apps sign in through the native application; browsers through a web one with callbacks. */
function clientResolver(connection: Connection, clients: readonly Client[]): ClientResolver {
	const enabled = clients.filter(client => connection.enabled_clients.includes(client.client_id));
	const app = enabled.find(client => client.app_type === 'native');
	const web = enabled.filter(client => client.app_type !== 'native' && client.callbacks.length > 0);
	return {
		clientFor(device, random) {
			if (app !== undefined && isAppPlatform(device.platform)) {
				return app;
			}

			if (web.length > 0) {
				return web.length === 1 ? web[0] : random.pick(web);
			}

			return enabled[0];
		},
		hasNativeApp: app !== undefined,
	};
}

const anyDevice = deviceProfiles.map(profile => [profile, profile.weight] as const);
const browserOnly = anyDevice.filter(([profile]) => !isAppPlatform(profile.platform));
const deviceCounts = [[1, 45], [2, 40], [3, 15]] as const;

/** One to three browsers or apps, the most used first; apps only where the connection has a native application. */
function devicesFor(random: Random, hasNativeApp: boolean): DeviceProfile[] {
	const usable = hasNativeApp ? anyDevice : browserOnly;
	const count = random.weighted(deviceCounts);
	const chosen: DeviceProfile[] = [];
	while (chosen.length < count) {
		const profile = random.weighted(usable);
		if (!chosen.includes(profile)) {
			chosen.push(profile);
		}
	}

	return chosen;
}

function deviceCredentials(random: Random, userId: string, devices: readonly DeviceProfile[], clientFor: ClientFor, deviceIds: UniqueValues): DeviceCredential[] {
	const credentials: DeviceCredential[] = [];
	for (const device of devices.slice(0, random.int(1, 3))) {
		const client = clientFor(device, random);
		if (client === undefined) {
			continue;
		}

		let id = flat(`dcr_${random.alphanumeric(16)}`);
		while (deviceIds.has(id)) {
			id = flat(`dcr_${random.alphanumeric(16)}`);
		}

		deviceIds.add(id);
		const app = isAppPlatform(device.platform);
		credentials.push({
			id,
			device_name: device.name,
			device_id: deviceIdFor(random, device),
			type: app ? (random.chance(0.7) ? 'rotating_refresh_token' : 'public_key') : (random.chance(0.6) ? 'refresh_token' : 'rotating_refresh_token'),
			user_id: userId,
			client_id: client.client_id,
		});
	}

	return credentials;
}

/** What each platform reports as its device id: a vendor UUID on Apple, a 64-bit hex id on Android. */
function deviceIdFor(random: Random, device: DeviceProfile): string {
	if (device.platform === 'android-app') {
		return random.hex(16);
	}

	const uuid = flat(`${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-${random.pick(['8', '9', 'a', 'b'])}${random.hex(3)}-${random.hex(12)}`);
	return device.platform === 'ios-app' ? uuid.toUpperCase() : uuid;
}

/** Account age: pending users are mostly recent invitations; legacy ones predate the migration. */
function ageOf(random: Random, plan: DemoUserPlan): number {
	if (plan.connection === 'legacy') {
		return 400 * day + random.next() * 330 * day;
	}

	if (plan.status === 'pending') {
		return 5 * minute + (random.next() ** 2.2) * 730 * day;
	}

	return 10 * minute + (random.next() ** 1.4) * 730 * day;
}

function claimUsername(random: Random, usernames: UniqueValues, person: Person): string {
	const base = handleFor(random, person.given, person.family, 15).replaceAll('-', '_');
	return usernames.claim(base, suffix => flat(`${base.slice(0, 15 - String(suffix).length)}${suffix}`));
}

/** A social account the user linked to their database account, with the provider's attributes. */
function linkedIdentity(
	random: Random,
	person: Person,
	email: string,
	uniqueId: (provider: string, draw: () => string) => string,
	claimLogin: (random: Random, person: Person) => string,
): Identity {
	if (random.chance(0.5)) {
		const id = uniqueId('google-oauth2', () => flat(`1${random.digits(20)}`));
		return {connection: 'google-oauth2', provider: 'google-oauth2', user_id: id, isSocial: true, profileData: googleProfile(person, email, googlePicture(random))};
	}

	const id = uniqueId('github', () => random.digits(8));
	const login = claimLogin(random, person);
	const profileData = githubProfile(random, person, email, flat(`https://avatars.githubusercontent.com/u/${id}?v=4`), login, undefined, undefined);
	return {connection: 'github', provider: 'github', user_id: id, isSocial: true, profileData};
}

function googlePicture(random: Random): string {
	return flat(`https://lh3.googleusercontent.com/a/ACg8oc${random.alphanumeric(44)}=s96-c`);
}

function googleProfile(person: Person, email: string, picture: string): JsonObject {
	return {
		email,
		email_verified: true,
		name: fullName(person),
		given_name: person.given,
		family_name: person.family,
		picture,
		locale: person.locale,
	};
}

function githubProfile(random: Random, person: Person, email: string, picture: string, login: string, joinedTenantAt: number | undefined, organization: Organization | undefined): JsonObject {
	// GitHub accounts are older than the tenant's users: between 2010 and sign-up.
	const githubEpoch = Date.UTC(2010, 0, 1);
	const latest = Math.max(githubEpoch, (joinedTenantAt ?? githubEpoch + 5 * 365 * day) - day);
	const createdAt = githubEpoch + random.next() * (latest - githubEpoch);
	const profile: JsonObject = {
		email,
		email_verified: random.chance(0.9),
		name: fullName(person),
		nickname: login,
		picture,
		login,
		html_url: flat(`https://github.com/${login}`),
		url: flat(`https://api.github.com/users/${login}`),
		type: 'User',
		site_admin: false,
		public_repos: Math.floor(random.next() ** 2 * 120),
		public_gists: Math.floor(random.next() ** 3 * 20),
		followers: Math.floor(random.next() ** 4 * 900),
		following: Math.floor(random.next() ** 2 * 80),
		created_at: new Date(createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
	};
	if (random.chance(0.6)) {
		profile['location'] = flat(`${person.home.city_name}, ${person.home.country_name}`);
	}

	if (organization !== undefined || random.chance(0.25)) {
		profile['company'] = `@${asciiFold(organization?.name ?? random.pick(['Contoso', 'Fabrikam', 'Northwind Traders', 'Tailspin Toys', 'Acme']))}`;
	}

	if (random.chance(0.3)) {
		profile['bio'] = random.pick(githubBios);
	}

	return profile;
}

/** The profile with its keys in the Management API's order, absent fields left out. */
function inFieldOrder(fields: {[K in keyof User]: User[K] | undefined}): User {
	const user: Record<string, unknown> = {};
	for (const key of userFieldOrder) {
		const value = fields[key];
		if (value !== undefined) {
			user[key] = value;
		}
	}

	return user as User;
}

function fullName(person: Person): string {
	return flat(`${person.given} ${person.family}`);
}

function iso(time: number): string {
	return new Date(time).toISOString();
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
	let value = map.get(key);
	if (value === undefined) {
		value = create();
		map.set(key, value);
	}

	return value;
}
