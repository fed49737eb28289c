import {createRequire} from 'node:module';
import {geoContains} from 'd3-geo';
import {feature} from 'topojson-client';
import type {Topology} from 'topojson-specification';
import {describe, expect, it} from 'vitest';
import {cities, citiesIn} from '../../source/demo/cities.js';
import {cultures} from '../../source/demo/cultures.js';
import {hasPhonePlan} from '../../source/demo/phone-numbers.js';

const locationKeys = ['country_code', 'country_code3', 'country_name', 'city_name', 'latitude', 'longitude', 'time_zone', 'continent_code'];

function city(name: string, countryCode: string) {
	const found = cities.find(entry => entry.city_name === name && entry.country_code === countryCode);
	if (found === undefined) {
		throw new Error(`${name}, ${countryCode} is not in the table`);
	}

	return found;
}

describe('the cities table', () => {
	it('has at least 120 distinct cities on every inhabited continent', () => {
		expect(cities.length).toBeGreaterThanOrEqual(120);
		const keys = new Set(cities.map(entry => `${entry.city_name}|${entry.country_code}`));
		expect(keys.size).toBe(cities.length);
		const continents = new Set(cities.map(entry => entry.continent_code));
		for (const continent of ['AF', 'AS', 'EU', 'NA', 'OC', 'SA']) {
			expect(continents, continent).toContain(continent);
		}
	});

	it('holds location_info objects, keys in Auth0 order', () => {
		for (const entry of cities) {
			const keys = Object.keys(entry);
			expect(keys.slice(0, locationKeys.length), entry.city_name).toEqual(locationKeys);
			expect(keys.slice(locationKeys.length), entry.city_name).toEqual(keys.length > locationKeys.length ? ['subdivision_code', 'subdivision_name'] : []);
			expect(entry.country_code).toMatch(/^[A-Z]{2}$/);
			expect(entry.country_code3).toMatch(/^[A-Z]{3}$/);
			expect(entry.city_name.trim()).toBe(entry.city_name);
			expect(entry.city_name.length).toBeGreaterThan(0);
			expect(Number.isFinite(entry.latitude) && Math.abs(entry.latitude) <= 90, entry.city_name).toBe(true);
			expect(Number.isFinite(entry.longitude) && Math.abs(entry.longitude) <= 180, entry.city_name).toBe(true);
		}
	});

	it('names each country the same way everywhere', () => {
		const byCode = new Map<string, string>();
		for (const entry of cities) {
			const facts = `${entry.country_code3}|${entry.country_name}|${entry.continent_code}`;
			expect(byCode.get(entry.country_code) ?? facts, entry.city_name).toBe(facts);
			byCode.set(entry.country_code, facts);
		}
	});

	it('has correct coordinates for well-known cities', () => {
		const known: Array<[string, string, number, number]> = [
			['Sydney', 'AU', -33.87, 151.21],
			['Reykjavík', 'IS', 64.15, -21.94],
			['New York', 'US', 40.71, -74.01],
			['London', 'GB', 51.51, -0.13],
			['Tokyo', 'JP', 35.68, 139.65],
			['São Paulo', 'BR', -23.55, -46.63],
			['Nairobi', 'KE', -1.29, 36.82],
			['Cairo', 'EG', 30.04, 31.24],
			['Auckland', 'NZ', -36.85, 174.76],
			['Honolulu', 'US', 21.31, -157.86],
		];
		for (const [name, country, latitude, longitude] of known) {
			const entry = city(name, country);
			expect(Math.abs(entry.latitude - latitude), name).toBeLessThan(0.1);
			expect(Math.abs(entry.longitude - longitude), name).toBeLessThan(0.1);
		}
	});

	it('puts every city inside its own country on the world map', () => {
		// Natural Earth 1:50m outlines: coastal cities may sit just off the simplified
		// coast, so a point within 0.2° of the country counts. A swapped sign or
		// latitude/longitude lands in the wrong country or the sea.
		const require = createRequire(import.meta.url);
		const atlas = require('world-atlas/countries-50m.json') as Topology;
		const countries = atlas.objects['countries'];
		if (countries === undefined) {
			throw new Error('world-atlas has no countries');
		}

		const collection = feature(atlas, countries);
		const names: Record<string, string> = {
			'United States': 'United States of America',
			'Dominican Republic': 'Dominican Rep.',
			'DR Congo': 'Dem. Rep. Congo',
			'French Polynesia': 'Fr. Polynesia',
		};
		const offsets = [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [1, -1], [-1, 1], [-1, -1]];
		for (const entry of cities) {
			const name = names[entry.country_name] ?? entry.country_name;
			const country = 'features' in collection ? collection.features.find(candidate => candidate.properties?.['name'] === name) : undefined;
			expect(country, `${name} in world-atlas`).toBeDefined();
			const near = [0.1, 0.2].some(step => offsets.some(([dx = 0, dy = 0]) => geoContains(country!, [entry.longitude + dx * step, entry.latitude + dy * step])));
			expect(near, `${entry.city_name} (${entry.latitude}, ${entry.longitude}) in ${name}`).toBe(true);
		}
	});

	it('gives each city a real time zone close to its solar time', () => {
		const january = new Date('2025-01-15T12:00:00Z');
		for (const entry of cities) {
			const label = new Intl.DateTimeFormat('en-US', {timeZone: entry.time_zone, timeZoneName: 'longOffset'})
				.formatToParts(january)
				.find(part => part.type === 'timeZoneName')?.value ?? '';
			const match = /GMT(?<sign>[+-])(?<hours>\d\d):(?<minutes>\d\d)/.exec(label);
			const offset = match?.groups === undefined ? 0 : (match.groups['sign'] === '-' ? -1 : 1) * (Number(match.groups['hours']) + (Number(match.groups['minutes']) / 60));
			const difference = Math.abs(offset - (entry.longitude / 15)) % 24;
			expect(Math.min(difference, 24 - difference), `${entry.city_name} ${entry.time_zone}`).toBeLessThan(3);
		}
	});

	it('has a home for every culture and a phone plan for every country', () => {
		for (const culture of cultures) {
			for (const country of culture.countries) {
				expect(citiesIn(country).length, `${culture.id}: ${country}`).toBeGreaterThan(0);
			}
		}

		for (const entry of cities) {
			expect(hasPhonePlan(entry.country_code), entry.country_code).toBe(true);
		}
	});
});
