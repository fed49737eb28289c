// The places a user logged in from, grouped from their log events' location_info.
import type {LogEvent} from '../domain/types.js';

export type Place = {
	/** Identifies the place: country, subdivision and city, or rounded coordinates when the city is unknown. */
	readonly key: string;
	readonly city: string;
	readonly country: string;
	readonly countryCode: string;
	readonly subdivision?: string;
	readonly continentCode?: string;
	/** Of the newest login there (geolocation of one city varies a little by address). */
	readonly latitude: number;
	readonly longitude: number;
	readonly logins: number;
	/** ISO 8601 date of the newest login there. */
	readonly lastSeen: string;
};

/** Success Login: the Locations tab shows where the user logged in, not where someone failed to. */
export const loginEventTypes: readonly string[] = ['s'];

export type PlacesOptions = {
	/** Event types that count as logins; `loginEventTypes` by default. */
	readonly types?: readonly string[];
};

function time(date: string): number {
	const parsed = Date.parse(date);
	return Number.isNaN(parsed) ? -Infinity : parsed;
}

/**
 * One place per city (country, subdivision and city name, so Springfield,
 * Illinois and Springfield, Missouri stay apart), newest first. Events without
 * usable coordinates are left out.
 */
export function placesFromLogs(events: readonly LogEvent[], options: PlacesOptions = {}): Place[] {
	const types = new Set(options.types ?? loginEventTypes);
	const places = new Map<string, Place>();
	for (const event of events) {
		const location = event.location_info;
		if (!location || !types.has(event.type)) {
			continue;
		}

		const {latitude, longitude} = location;
		if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90) {
			continue;
		}

		// Geolocation leaves fields out for some addresses; stored logs may do the same.
		const city = (location.city_name ?? '').trim();
		const where = city === '' ? `@${latitude.toFixed(1)},${longitude.toFixed(1)}` : city.toLowerCase();
		const key = [location.country_code ?? '', location.subdivision_code ?? '', where].join('/');
		const known = places.get(key);
		const newer = !known || time(event.date) > time(known.lastSeen);
		const latest = newer
			? {
					key,
					city,
					country: location.country_name ?? '',
					countryCode: location.country_code ?? '',
					...(location.subdivision_name === undefined ? {} : {subdivision: location.subdivision_name}),
					...(location.continent_code ? {continentCode: location.continent_code} : {}),
					latitude,
					longitude,
					lastSeen: event.date,
				}
			: known;
		places.set(key, {...latest, logins: (known?.logins ?? 0) + 1});
	}

	return [...places.values()].sort((a, b) => time(b.lastSeen) - time(a.lastSeen) || a.key.localeCompare(b.key));
}
