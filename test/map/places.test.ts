import {describe, expect, it} from 'vitest';
import type {LocationInfo, LogEvent} from '../../source/domain/types.js';
import {placesFromLogs} from '../../source/map/places.js';

const paris: LocationInfo = {
	country_code: 'FR',
	country_code3: 'FRA',
	country_name: 'France',
	city_name: 'Paris',
	latitude: 48.8566,
	longitude: 2.3522,
	time_zone: 'Europe/Paris',
	continent_code: 'EU',
	subdivision_code: 'IDF',
	subdivision_name: 'Île-de-France',
};
const tokyo: LocationInfo = {
	country_code: 'JP',
	country_code3: 'JPN',
	country_name: 'Japan',
	city_name: 'Tokyo',
	latitude: 35.6762,
	longitude: 139.6503,
	time_zone: 'Asia/Tokyo',
	continent_code: 'AS',
};

let counter = 0;
function event(date: string, location: LocationInfo | undefined, type = 's'): LogEvent {
	counter++;
	return {log_id: `log-${counter}`, date, type, ...(location ? {location_info: location} : {})};
}

describe('placesFromLogs', () => {
	it('groups logins by city, counts them and keeps the newest first', () => {
		const places = placesFromLogs([
			event('2024-03-01T08:00:00.000Z', paris),
			event('2024-03-05T08:00:00.000Z', tokyo),
			// Another address in Paris geolocates a little apart: still Paris.
			event('2024-03-09T08:00:00.000Z', {...paris, latitude: 48.87, longitude: 2.33}),
			event('2024-03-02T08:00:00.000Z', paris),
		]);
		expect(places).toEqual([
			{
				key: 'FR/IDF/paris',
				city: 'Paris',
				country: 'France',
				countryCode: 'FR',
				subdivision: 'Île-de-France',
				continentCode: 'EU',
				latitude: 48.87,
				longitude: 2.33,
				logins: 3,
				lastSeen: '2024-03-09T08:00:00.000Z',
			},
			{
				key: 'JP//tokyo',
				city: 'Tokyo',
				country: 'Japan',
				countryCode: 'JP',
				continentCode: 'AS',
				latitude: 35.6762,
				longitude: 139.6503,
				logins: 1,
				lastSeen: '2024-03-05T08:00:00.000Z',
			},
		]);
	});

	it('counts only successful logins by default', () => {
		const events = [event('2024-03-01T08:00:00.000Z', paris), event('2024-03-02T08:00:00.000Z', tokyo, 'f'), event('2024-03-03T08:00:00.000Z', tokyo, 'fp')];
		expect(placesFromLogs(events).map((place) => place.city)).toEqual(['Paris']);
		expect(placesFromLogs(events, {types: ['s', 'f', 'fp']}).map((place) => [place.city, place.logins])).toEqual([
			['Tokyo', 2],
			['Paris', 1],
		]);
	});

	it('keeps same-named cities in different regions apart', () => {
		const springfield = {...tokyo, country_code: 'US', country_name: 'United States', city_name: 'Springfield', continent_code: 'NA'};
		const places = placesFromLogs([
			event('2024-03-01T08:00:00.000Z', {...springfield, subdivision_code: 'IL', subdivision_name: 'Illinois', latitude: 39.8, longitude: -89.64}),
			event('2024-03-02T08:00:00.000Z', {...springfield, subdivision_code: 'MO', subdivision_name: 'Missouri', latitude: 37.2, longitude: -93.29}),
		]);
		expect(places.map((place) => place.subdivision)).toEqual(['Missouri', 'Illinois']);
	});

	it('tells unnamed places apart by rounded coordinates', () => {
		const unnamed = {...tokyo, city_name: ''};
		const places = placesFromLogs([
			event('2024-03-01T08:00:00.000Z', {...unnamed, latitude: 35.01, longitude: 139.01}),
			event('2024-03-02T08:00:00.000Z', {...unnamed, latitude: 35.04, longitude: 139.02}),
			event('2024-03-03T08:00:00.000Z', {...unnamed, latitude: 36.5, longitude: 139.02}),
		]);
		expect(places.map((place) => [place.key, place.logins])).toEqual([
			['JP//@36.5,139.0', 1],
			['JP//@35.0,139.0', 2],
		]);
	});

	it('tolerates location fields left out', () => {
		const bare = {latitude: -1.29, longitude: 36.82} as LocationInfo;
		const places = placesFromLogs([event('2024-03-01T08:00:00.000Z', bare), event('2024-03-02T08:00:00.000Z', bare)]);
		expect(places).toEqual([{key: '//@-1.3,36.8', city: '', country: '', countryCode: '', latitude: -1.29, longitude: 36.82, logins: 2, lastSeen: '2024-03-02T08:00:00.000Z'}]);
	});

	it('skips events without usable coordinates', () => {
		const places = placesFromLogs([
			event('2024-03-01T08:00:00.000Z', undefined),
			event('2024-03-02T08:00:00.000Z', {...tokyo, latitude: Number.NaN}),
			event('2024-03-03T08:00:00.000Z', {...tokyo, latitude: 95}),
			event('2024-03-04T08:00:00.000Z', paris),
		]);
		expect(places.map((place) => place.city)).toEqual(['Paris']);
		expect(placesFromLogs([])).toEqual([]);
	});
});
