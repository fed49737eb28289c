// A demo user's recent activity as Auth0 log events, and what the profile must
// say to agree with it (last_login, last_ip, logins_count, last_password_reset).
// Events older than the retention window are not kept, as on a real tenant:
// only `logins_count` remembers them (and the signup, kept for the story).
import type {Client, Connection, JsonObject, LocationInfo, LogEvent} from '../domain/types.js';
import {tenantHostname} from './catalog.js';
import {cities, citiesIn} from './cities.js';
import {type DeviceProfile, isMobilePlatform} from './device-profiles.js';
import {flat} from './flat.js';
import {publicIp, publicIpv4} from './ip-addresses.js';
import type {Random} from './random.js';

export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;

/** How far back a full history reaches (Auth0 keeps 1–30 days of logs). */
export const historyDays = 10;
/** The console's History tab shows this much; every active or blocked user has events in it. */
export const historyWindow = 2 * day;

/**
 * active: signs in, last within the History window. blocked: was active until an
 * admin blocked them, and has tried since. pending: never logged in. dormant: last
 * signed in months ago (their connection is retired), nothing left in the logs.
 */
export type UserStatus = 'active' | 'blocked' | 'pending' | 'dormant';

/**
 * full: days of sessions, travel, failed passwords, admin writes.
 * light: the last sign-in only, so that a million users fit in memory.
 */
export type HistoryDetail = 'full' | 'light';

/** Every user's events in generation order; `times` holds each event's epoch ms. */
export type LogSink = {events: LogEvent[]; times: number[]};

export type HistorySubject = {
	userId: string;
	email: string;
	connection: Connection;
	isDatabase: boolean;
	/** Which application a device signs in through; undefined when the connection has none. */
	clientFor: (device: DeviceProfile, random: Random) => Client | undefined;
	/** The machine-to-machine application that syncs CRM data over the Management API. */
	reportingClient: Client;
	/** The user's browsers and apps, the one used most first; never empty. */
	devices: readonly DeviceProfile[];
	home: LocationInfo;
	createdAt: number;
	status: UserStatus;
	detail: HistoryDetail;
	emailVerified: boolean;
	appMetadata: JsonObject | undefined;
};

export type HistoryOutcome = {
	loginsCount: number;
	lastLogin?: number;
	lastIp?: string;
	lastPasswordReset?: number;
	/** The last admin write (a `sapi` event), which moves `updated_at`. */
	lastAdminUpdate?: number;
};

type Place = {location: LocationInfo; ip: string; mobileIp: string; from: number; to: number};

type Session = {time: number; place: Place; device: DeviceProfile; client: Client | undefined};

/** The tenant admin's office address (documentation range: it must not be anyone's). */
const adminIp = '198.51.100.23';

export function writeHistory(random: Random, subject: HistorySubject, sink: LogSink, now: number): HistoryOutcome {
	const {status, detail, createdAt} = subject;
	const primary = subject.devices[0];
	if (primary === undefined) {
		throw new Error(`Demo user ${subject.userId} has no device`);
	}

	const log = createLogWriter(subject, sink, now);
	const windowStart = Math.max(createdAt + minute, now - historyDays * day);
	const home = newPlace(random, subject.home, 0, 0);
	const sessionAt = (time: number, place: Place, device: DeviceProfile): Session =>
		({time, place, device, client: subject.clientFor(device, random)});

	if (status === 'dormant') {
		const latest = now - 180 * day;
		const lastLogin = createdAt + day < latest
			? createdAt + day + random.next() * (latest - createdAt - day)
			: createdAt + (now - createdAt) / 2;
		return {loginsCount: random.int(1, 60), lastLogin: Math.floor(lastLogin), lastIp: publicIpv4(random)};
	}

	// Signups older than a light history's window are left out with the rest.
	const keepsSignup = subject.isDatabase && (detail === 'full' || createdAt >= windowStart - minute);
	const signup = sessionAt(createdAt, home, primary);
	if (status === 'pending') {
		if (keepsSignup) {
			writeSignup(random, log, signup, subject.emailVerified, now);
		}

		return {loginsCount: 0};
	}

	const outcome: HistoryOutcome = {loginsCount: 0};
	let blockAt: number | undefined;
	let lastSession: number;
	if (status === 'blocked') {
		blockAt = now - between(random, 3 * hour, 5 * day);
		if (blockAt <= createdAt + 10 * minute) {
			blockAt = createdAt + (now - createdAt) * 0.6;
		}

		blockAt = Math.floor(blockAt);
		lastSession = blockAt - between(random, 10 * minute, 2 * day);
		if (lastSession <= createdAt) {
			lastSession = createdAt + (blockAt - createdAt) * 0.5;
		}
	} else {
		lastSession = now - between(random, 3 * minute, historyWindow - 4 * hour);
		if (lastSession <= createdAt) {
			lastSession = createdAt + (now - createdAt) * (0.3 + 0.6 * random.next());
		}
	}

	lastSession = Math.floor(lastSession);
	const sessions = detail === 'full'
		? planSessions(random, subject, home, windowStart, lastSession, sessionAt)
		: [sessionAt(lastSession, home, primary)];
	if (keepsSignup) {
		writeSignup(random, log, signup, subject.emailVerified, sessions[0]?.time ?? now);
	}

	const priorLogins = priorLoginsCount(random, subject, windowStart);
	for (const [index, session] of sessions.entries()) {
		const next = Math.min(sessions[index + 1]?.time ?? now, blockAt ?? now, now);
		if (detail === 'full' && subject.isDatabase && random.chance(0.08)) {
			const failedAt = Math.floor(session.time - between(random, 15_000, 4 * minute));
			if (failedAt > createdAt) {
				log.event('fp', {...session, time: failedAt}, wrongPassword());
			}
		}

		const loginsCount = priorLogins + index + 1;
		log.event('s', session, {description: 'Successful login', details: {stats: {loginsCount}}});
		outcome.loginsCount = loginsCount;
		outcome.lastLogin = session.time;
		outcome.lastIp = log.ipOf(session);
		const exchangeAt = Math.floor(session.time + between(random, 800, 4000));
		if (session.client !== undefined && session.client.app_type !== 'non_interactive' && exchangeAt < next && random.chance(detail === 'full' ? 0.8 : 0.5)) {
			log.event('seacft', {...session, time: exchangeAt}, {description: 'Authorization Code for Access Token', details: {code: flat(`*************${random.alphanumeric(3)}`)}});
		}

		const logoutAt = Math.floor(session.time + between(random, 10 * minute, 3 * hour));
		if (detail === 'full' && logoutAt < next && random.chance(0.25)) {
			log.event('slo', {...session, time: logoutAt}, {description: 'User successfully logged out.', details: {return_to: session.client?.callbacks[0] ?? ''}});
		}
	}

	if (detail === 'full' && subject.isDatabase && status === 'active' && lastSession > windowStart && random.chance(0.07)) {
		const changedAt = Math.floor(between(random, windowStart, lastSession));
		log.event('scp', sessionAt(changedAt, home, primary), {description: 'Password changed successfully', details: {}});
		outcome.lastPasswordReset = changedAt;
	}

	if (detail === 'full' && subject.appMetadata !== undefined && now - hour > windowStart && random.chance(0.06)) {
		const syncedAt = Math.floor(between(random, windowStart, now - hour));
		// A copy: the event records what was sent, whatever happens to the profile later.
		log.admin(syncedAt, {app_metadata: structuredClone(subject.appMetadata)}, subject.reportingClient);
		outcome.lastAdminUpdate = syncedAt;
	}

	if (detail === 'full' && subject.isDatabase && status === 'active' && now - 2 * hour > windowStart && random.chance(0.012)) {
		writeBruteForce(random, log, subject, Math.floor(between(random, windowStart, now - 2 * hour)), sessionAt);
	}

	if (blockAt !== undefined) {
		log.admin(blockAt, {blocked: true}, undefined);
		outcome.lastAdminUpdate = Math.max(outcome.lastAdminUpdate ?? 0, blockAt);
		// The user keeps trying; the latest attempts fall in the History window.
		let earliest = Math.max(blockAt + 5 * minute, now - historyWindow + 4 * hour);
		if (earliest >= now - minute) {
			earliest = blockAt + (now - blockAt) / 2;
		}

		const attempts = Array.from({length: detail === 'full' ? random.int(1, 3) : 1}, () => Math.floor(between(random, earliest, now - minute)));
		for (const time of attempts.sort((a, b) => a - b)) {
			log.event('f', sessionAt(time, home, primary), {description: 'user is blocked', details: {error: {message: 'user is blocked'}}});
		}
	}

	return outcome;
}

// Each event gets its own details: a store may change one event without touching others.
function wrongPassword(): EventText {
	return {description: 'Wrong email or password.', details: {error: {message: 'Wrong email or password.'}}};
}

type SessionAt = (time: number, place: Place, device: DeviceProfile) => Session;

/** Sign-ins from the window's start to the last one, at home and on a few trips. */
function planSessions(random: Random, subject: HistorySubject, home: Place, windowStart: number, lastSession: number, sessionAt: SessionAt): Session[] {
	const span = lastSession - windowStart;
	const places = [home];
	if (span > day) {
		const trips = random.weighted([[0, 25], [1, 40], [2, 25], [3, 10]]);
		for (let index = 0; index < trips; index++) {
			const location = travelDestination(random, subject.home, places.map(place => place.location));
			const length = Math.min(span / 2, between(random, 8 * hour, 3 * day));
			const from = Math.floor(windowStart + random.next() * (span - length));
			places.push(newPlace(random, location, from, Math.floor(from + length)));
		}
	}

	const count = random.weighted([[1, 10], [2, 14], [3, 14], [4, 12], [5, 10], [6, 9], [8, 9], [10, 8], [14, 7], [20, 5]]);
	const times = [lastSession];
	if (span > minute) {
		for (let index = 1; index < count; index++) {
			times.push(daytime(random, Math.floor(windowStart + random.next() * span), subject.home, windowStart, lastSession));
		}

		// Every trip shows up at least once.
		for (const place of places.slice(1)) {
			times.push(Math.floor((place.from + place.to) / 2));
		}
	}

	times.sort((a, b) => a - b);
	const primary = subject.devices[0]!;
	const mobile = subject.devices.filter(device => isMobilePlatform(device.platform));
	return times.map(time => {
		const place = places.find(candidate => candidate !== home && time >= candidate.from && time <= candidate.to) ?? home;
		let device = random.chance(0.55) ? primary : random.pick(subject.devices);
		// On the road, people sign in from their phone.
		if (place !== home && mobile.length > 0 && random.chance(0.6)) {
			device = random.pick(mobile);
		}

		return sessionAt(time, place, device);
	});
}

/** Somewhere else in the country, on the continent, or in the world. */
function travelDestination(random: Random, home: LocationInfo, visited: readonly LocationInfo[]): LocationInfo {
	const fresh = (list: readonly LocationInfo[]) => list.filter(city => !visited.includes(city));
	const roll = random.next();
	const national = fresh(citiesIn(home.country_code));
	if (roll < 0.45 && national.length > 0) {
		return random.pick(national);
	}

	const continental = fresh(cities.filter(city => city.continent_code === home.continent_code));
	if (roll < 0.8 && continental.length > 0) {
		return random.pick(continental);
	}

	return random.pick(fresh(cities));
}

function newPlace(random: Random, location: LocationInfo, from: number, to: number): Place {
	return {location, ip: publicIp(random, location.continent_code), mobileIp: publicIpv4(random), from, to};
}

/** Moves a sign-in at night (local time, from the longitude) into the day. */
function daytime(random: Random, time: number, home: LocationInfo, earliest: number, latest: number): number {
	const localHour = ((((time / hour) + (home.longitude / 15)) % 24) + 24) % 24;
	if (localHour < 1 || localHour >= 7) {
		return time;
	}

	const later = time + 8 * hour + Math.floor(random.next() * hour);
	if (later < latest) {
		return later;
	}

	const earlier = time - 8 * hour;
	return earlier > earliest ? earlier : time;
}

/** Sign-ins per day: occasional, regular, daily and power users. */
const loginRates = [[0.03, 30], [0.2, 35], [0.8, 25], [2.5, 10]] as const;

/** Sign-ins before the retained window: counted in logins_count, not logged. */
function priorLoginsCount(random: Random, subject: HistorySubject, windowStart: number): number {
	const days = Math.max(0, (windowStart - subject.createdAt) / day);
	const perDay = random.weighted(loginRates);
	return Math.round(days * perDay * (0.5 + random.next()));
}

function writeSignup(random: Random, log: LogWriter, signup: Session, verified: boolean, verifiedBefore: number): void {
	log.event('ss', signup, {description: 'Successful signup', details: {body: {email: log.email, connection: log.connectionName}}});
	const verifiedAt = Math.floor(signup.time + between(random, 2 * minute, 36 * hour));
	if (verified && verifiedAt < verifiedBefore) {
		log.event('sv', {...signup, time: verifiedAt}, {description: 'Email verified', details: {email: log.email}});
	}
}

/** Someone far away guessing the user's password until the IP is blocked for them. */
function writeBruteForce(random: Random, log: LogWriter, subject: HistorySubject, start: number, sessionAt: SessionAt): void {
	const location = random.pick(cities.filter(city => city.continent_code !== subject.home.continent_code));
	const attacker = newPlace(random, location, 0, 0);
	const device: DeviceProfile = {name: 'python-requests 2.32', userAgent: 'python-requests/2.32.3', platform: 'desktop', weight: 0};
	let time = start;
	for (let attempt = 0; attempt < 10; attempt++) {
		log.event('fp', sessionAt(time, attacker, device), wrongPassword());
		time += Math.floor(between(random, 5000, 40_000));
	}

	log.event('limit_wc', sessionAt(time, attacker, device), {description: flat(`Too many failed login attempts: ${attacker.ip} is blocked for this user`), details: {attempts: 10}});
}

type EventText = {description: string; details: JsonObject};

type LogWriter = {
	email: string;
	connectionName: string;
	/** A sign-in-type event: from a device, an address and a place. */
	event(type: string, session: Session, text: EventText): void;
	/** An admin's change to the user (`sapi`), by the dashboard or an application. */
	admin(time: number, body: JsonObject, client: Client | undefined): void;
	ipOf(session: Session): string;
};

function createLogWriter(subject: HistorySubject, sink: LogSink, now: number): LogWriter {
	const strategyType = subject.isDatabase ? 'database' : 'social';
	const ipOf = (session: Session) => isMobilePlatform(session.device.platform) ? session.place.mobileIp : session.place.ip;
	const push = (time: number, event: LogEvent) => {
		sink.events.push(event);
		sink.times.push(time);
	};

	// Keys in the order of FACTS.md §4; log_id is filled in once all events are
	// sorted, and holds its place first meanwhile.
	return {
		email: subject.email,
		connectionName: subject.connection.name,
		event(type, session, text) {
			const time = Math.min(session.time, now);
			const date = new Date(time).toISOString();
			const {client, device} = session;
			// Whole literals, not keys added one by one: V8 then keeps every field inside
			// the object, which matters with millions of events.
			const event: LogEvent = client === undefined
				? {
					log_id: '',
					date,
					type,
					description: text.description,
					connection: subject.connection.name,
					connection_id: subject.connection.id,
					ip: ipOf(session),
					hostname: tenantHostname,
					user_id: subject.userId,
					user_name: subject.email,
					strategy: subject.connection.strategy,
					strategy_type: strategyType,
					user_agent: device.userAgent,
					isMobile: isMobilePlatform(device.platform),
					details: text.details,
					location_info: session.place.location,
				}
				: {
					log_id: '',
					date,
					type,
					description: text.description,
					connection: subject.connection.name,
					connection_id: subject.connection.id,
					client_id: client.client_id,
					client_name: client.name,
					ip: ipOf(session),
					hostname: tenantHostname,
					user_id: subject.userId,
					user_name: subject.email,
					strategy: subject.connection.strategy,
					strategy_type: strategyType,
					user_agent: device.userAgent,
					isMobile: isMobilePlatform(device.platform),
					details: text.details,
					location_info: session.place.location,
				};
			push(time, event);
		},
		admin(time, body, client) {
			const event: LogEvent = {
				log_id: '',
				date: new Date(Math.min(time, now)).toISOString(),
				type: 'sapi',
				description: 'Update a User',
			};
			if (client !== undefined) {
				event.client_id = client.client_id;
				event.client_name = client.name;
			}

			event.ip = adminIp;
			event.hostname = tenantHostname;
			// Auth0 records the target in the request path; userdeck also files the event
			// under the user, so that the History tab shows what was done to them.
			event.user_id = subject.userId;
			event.user_name = subject.email;
			event.details = {
				request: {
					method: 'patch',
					path: flat(`/api/v2/users/${encodeURIComponent(subject.userId)}`),
					channel: client === undefined ? 'https://manage.auth0.com/' : 'api',
					body,
				},
				response: {statusCode: 200},
			};
			push(Math.min(time, now), event);
		},
		ipOf,
	};
}

function between(random: Random, low: number, high: number): number {
	return low + random.next() * (high - low);
}
