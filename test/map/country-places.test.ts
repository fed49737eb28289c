// Places down to the country: one per country, pinned at the country's middle,
// never at a city.
import {expect, test} from 'vitest';
import {countryAt, countryPlaces} from '../../source/map/country-places.js';
import type {Place} from '../../source/map/places.js';

const place = (city: string, country: string, countryCode: string, latitude: number, longitude: number, lastSeen: string, logins = 1): Place =>
	({key: `${countryCode}//${city.toLowerCase()}`, city, country, countryCode, latitude, longitude, logins, lastSeen});

test('cities of one country become one place at its middle, with their logins added up and the newest date', () => {
	const places = countryPlaces([
		place('Lyon', 'France', 'FR', 45.75, 4.85, '2026-01-03T00:00:00Z', 2),
		place('Paris', 'France', 'FR', 48.86, 2.35, '2026-01-01T00:00:00Z', 3),
		place('Osaka', 'Japan', 'JP', 34.69, 135.5, '2026-01-02T00:00:00Z'),
	]);
	expect(places.map(({country, city, logins, lastSeen}) => ({country, city, logins, lastSeen}))).toEqual([
		{country: 'France', city: '', logins: 5, lastSeen: '2026-01-03T00:00:00Z'},
		{country: 'Japan', city: '', logins: 1, lastSeen: '2026-01-02T00:00:00Z'},
	]);
	const france = places[0]!;
	// In France (its mainland, not French Guiana), and at neither city.
	expect(france.latitude).toBeGreaterThan(42);
	expect(france.latitude).toBeLessThan(50);
	expect(france.longitude).toBeGreaterThan(-2);
	expect(france.longitude).toBeLessThan(7);
	for (const [lat, lon] of [[45.75, 4.85], [48.86, 2.35]]) {
		expect(Math.hypot(france.latitude - lat!, france.longitude - lon!)).toBeGreaterThan(0.5);
	}
});

test('a coastal city just off the coarse outlines goes to the nearest country', () => {
	expect(countryAt(-43.2, -22.9)?.name).toBe('Brazil');
	// Singapore is too small for the outlines: it lands next door, still not at the city.
	expect(countryAt(103.85, 1.29)).toBeDefined();
});
