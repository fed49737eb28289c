// One demo user: profile, identities, history, password row and devices, all
// telling the same story.
import {type Identity, type User, userFieldOrder} from '../domain/types.js';
import type {Tables} from '../store/tables.js';
import {claimUsername, createAccount, createRegistries, linkedIdentity, type Organization} from './accounts.js';
import {type Catalog, type ConnectionKey, isDatabaseConnection} from './catalog.js';
import {deviceProfiles} from './device-profiles.js';
import {type ClientResolver, clientResolver, deviceCredentials, devicesFor} from './devices.js';
import {flat} from './flat.js';
import {day, type HistoryDetail, type LogSink, minute, type UserStatus, writeHistory} from './history.js';
import {appMetadataFor, userMetadataFor} from './metadata.js';
import {createPerson, type Person} from './people.js';
import {phoneNumber} from './phone-numbers.js';
import type {Random} from './random.js';

export type DemoUserPlan = {
	connection: ConnectionKey;
	status: UserStatus;
	/** Blocked by an admin; dormant users can be blocked too. */
	blocked: boolean;
	detail: HistoryDetail;
};

export type UserFactory = (random: Random, plan: DemoUserPlan) => void;

/**
 * Builds users into `tables` and their events into `sink`, keeping ids, emails
 * (per connection), usernames and logins unique across calls.
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
	const registries = createRegistries();
	const resolvers = new Map<ConnectionKey, ClientResolver>();
	// Some people have a database account and, apart from it, sign in with Google
	// using the same address: emails are unique per connection only.
	const recentDatabasePeople: Array<{person: Person; email: string}> = [];

	return (random, plan) => {
		const key = plan.connection;
		const connection = catalog.connections[key];
		const isDatabase = isDatabaseConnection(key);
		let resolver = resolvers.get(key);
		if (resolver === undefined) {
			resolver = clientResolver(connection, clients);
			resolvers.set(key, resolver);
		}

		const organization = key === 'partners' ? random.pick(options.partnerOrganizations) : key === 'analytics' ? options.staffOrganization : undefined;
		const shared = key === 'google' && recentDatabasePeople.length > 0 && random.chance(0.03) ? random.pick(recentDatabasePeople) : undefined;
		const person = shared?.person ?? createPerson(random);
		const createdAt = Math.floor(now - ageOf(random, plan));
		const account = createAccount(random, registries, {
			connection: key,
			connectionName: connection.name,
			person,
			pending: plan.status === 'pending',
			createdAt,
			...(organization === undefined ? {} : {organization}),
			...(shared === undefined ? {} : {sharedEmail: shared.email}),
		});
		const {identity, email} = account;
		if (key === 'database' && shared === undefined) {
			recentDatabasePeople.push({person, email});
			if (recentDatabasePeople.length > 64) {
				recentDatabasePeople.shift();
			}
		}

		const userId = flat(`${identity.provider}|${identity.user_id}`);
		// Auth0's profile structure: a social user's provider attributes sit at the
		// profile's root; profileData is only for linked (secondary) identities.
		const {profileData: providerAttributes, ...primary} = identity;
		const identities: Identity[] = [primary];
		if (key === 'database' && plan.status === 'active' && random.chance(0.06)) {
			identities.push(linkedIdentity(random, registries, person, email));
		}

		const metadataSubject = {connection: key, home: person.home, locale: person.locale, ...(organization === undefined ? {} : {organization: {id: organization.id, name: organization.name}})};
		const userMetadata = userMetadataFor(random, metadataSubject);
		const appMetadata = appMetadataFor(random, metadataSubject);
		const devices = plan.status === 'dormant' ? deviceProfiles.slice(0, 1) : devicesFor(random, resolver.hasNativeApp);
		const history = writeHistory(random.fork('history'), {
			userId,
			email,
			connection,
			isDatabase,
			clientFor: resolver.clientFor,
			reportingClient: catalog.clients.reporting,
			devices,
			home: person.home,
			createdAt,
			status: plan.status,
			detail: plan.detail,
			emailVerified: account.emailVerified,
			appMetadata,
		}, sink, now);

		const multifactor = isDatabase && key !== 'legacy' && plan.status !== 'pending' && random.chance(key === 'partners' ? 0.5 : 0.15);
		const multifactorModified = multifactor ? Math.floor(createdAt + (random.next() * ((history.lastLogin ?? now) - createdAt))) : undefined;
		const phone = random.chance(0.25) ? phoneNumber(random, person.home.country_code) : undefined;
		const username = key === 'database' && random.chance(0.25) ? claimUsername(random, registries, person) : undefined;
		const updatedAt = Math.max(createdAt, history.lastLogin ?? 0, history.lastPasswordReset ?? 0, history.lastAdminUpdate ?? 0, multifactorModified ?? 0);
		const user = inFieldOrder({
			user_id: userId,
			email,
			email_verified: account.emailVerified,
			username,
			phone_number: phone,
			phone_verified: phone === undefined ? undefined : random.chance(0.6),
			created_at: iso(createdAt),
			updated_at: iso(updatedAt),
			identities,
			app_metadata: appMetadata,
			user_metadata: userMetadata,
			picture: account.picture,
			name: account.name,
			nickname: account.nickname,
			multifactor: multifactor ? ['guardian'] : undefined,
			multifactor_last_modified: multifactorModified === undefined ? undefined : iso(multifactorModified),
			last_ip: history.lastIp,
			last_login: history.lastLogin === undefined ? undefined : iso(history.lastLogin),
			last_password_reset: history.lastPasswordReset === undefined ? undefined : iso(history.lastPasswordReset),
			logins_count: history.loginsCount,
			blocked: plan.blocked ? true : undefined,
			given_name: account.givenName,
			family_name: account.familyName,
		});
		for (const [attribute, value] of Object.entries(providerAttributes ?? {})) {
			// The normalized fields above already hold what the provider said of these.
			if (!(attribute in userFieldSet)) {
				(user as Record<string, unknown>)[attribute] = value;
			}
		}

		tables.users.set(userId, user);

		if (isDatabase) {
			// Every demo database user shares one hash of DEMO_PASSWORD: the CLI hashes it
			// once, since argon2 for each of a million users would take hours.
			tables.passwords.set(userId, {user_id: userId, hash: passwordHash, history: [], updated_at: iso(history.lastPasswordReset ?? createdAt)});
		}

		if ((plan.status === 'active' || plan.status === 'blocked') && random.chance(0.45)) {
			for (const credential of deviceCredentials(random, userId, devices, resolver.clientFor, registries.deviceIds)) {
				tables.devices.set(credential.id, credential);
			}
		}
	};
}

/** Account age: pending users are mostly recent invitations; legacy ones predate the migration. */
function ageOf(random: Random, plan: DemoUserPlan): number {
	if (plan.connection === 'legacy') {
		return (400 * day) + (random.next() * 330 * day);
	}

	// Skewed towards recent sign-ups, as a growing product's users are.
	if (plan.status === 'pending') {
		return (5 * minute) + ((random.next() ** 2.2) * 730 * day);
	}

	return (10 * minute) + ((random.next() ** 1.4) * 730 * day);
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

const userFieldSet: Readonly<Record<string, true>> = Object.fromEntries(userFieldOrder.map(field => [field, true]));

function iso(time: number): string {
	return new Date(time).toISOString();
}
