// Places down to the country only, for the Locations tab while personal data
// is masked: one place per country, its pin at the middle of the country's
// main land (Natural Earth's countries, from world-atlas), never at a city.
// A place is put in the country whose outline holds it; one just off the
// coarse outlines (a coastal city) in the country whose middle is nearest.
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import type {Feature, MultiPolygon, Polygon} from 'geojson';
import {geoArea, geoBounds, geoCentroid, geoContains, geoDistance} from 'd3-geo';
import {feature} from 'topojson-client';
import type {GeometryCollection, Topology} from 'topojson-specification';
import type {Place} from './places.js';

type Country = {
	readonly id: string;
	readonly name: string;
	readonly shape: Feature<Polygon | MultiPolygon>;
	/** Longitude and latitude of the middle of its largest polygon. */
	readonly middle: readonly [number, number];
	/** [[west, south], [east, north]]; west > east across the antimeridian. */
	readonly bounds: [[number, number], [number, number]];
};

const require = createRequire(import.meta.url);
let countries: readonly Country[] | undefined;

function loadCountries(): readonly Country[] {
	if (countries) {
		return countries;
	}

	const path = require.resolve('world-atlas/countries-110m.json');
	const topology = JSON.parse(readFileSync(path, 'utf8')) as Topology<{countries: GeometryCollection<{name: string}>}>;
	const collection = feature(topology, topology.objects.countries);
	const loaded: Country[] = [];
	for (const [index, item] of collection.features.entries()) {
		const {geometry} = item;
		if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
			continue;
		}

		const shape = item as Feature<Polygon | MultiPolygon>;
		loaded.push({id: String(item.id ?? index), name: item.properties?.name ?? '', shape, middle: middleOf(geometry), bounds: geoBounds(shape)});
	}

	countries = loaded;
	return loaded;
}

/** The centroid of the largest polygon: France's is in France, not between it and French Guiana. */
function middleOf(geometry: Polygon | MultiPolygon): [number, number] {
	const polygons: Polygon[] = geometry.type === 'Polygon' ? [geometry] : geometry.coordinates.map(coordinates => ({type: 'Polygon', coordinates}));
	let largest = polygons[0]!;
	let largestArea = -1;
	for (const polygon of polygons) {
		const area = geoArea(polygon);
		if (area > largestArea) {
			largest = polygon;
			largestArea = area;
		}
	}

	const [longitude, latitude] = geoCentroid(largest);
	return [longitude, latitude];
}

function inBounds({bounds: [[west, south], [east, north]]}: Country, longitude: number, latitude: number): boolean {
	return latitude >= south && latitude <= north && (west <= east ? longitude >= west && longitude <= east : longitude >= west || longitude <= east);
}

// A user's places come back at every store change while the tab is open; the
// point-in-outline test is the costly part, so each point is looked up once.
const found = new Map<string, Country | undefined>();

/** The country a point lies in, or the one whose middle is nearest. */
export function countryAt(longitude: number, latitude: number): Country | undefined {
	const key = `${longitude},${latitude}`;
	if (found.has(key)) {
		return found.get(key);
	}

	const country = lookUp(longitude, latitude);
	if (found.size >= 10_000) {
		found.clear();
	}

	found.set(key, country);
	return country;
}

function lookUp(longitude: number, latitude: number): Country | undefined {
	const all = loadCountries();
	const point: [number, number] = [longitude, latitude];
	const holding = all.find(country => inBounds(country, longitude, latitude) && geoContains(country.shape, point));
	if (holding) {
		return holding;
	}

	let nearest: Country | undefined;
	let nearestDistance = Number.POSITIVE_INFINITY;
	for (const country of all) {
		const distance = geoDistance(point, country.middle as [number, number]);
		if (distance < nearestDistance) {
			nearest = country;
			nearestDistance = distance;
		}
	}

	return nearest;
}

/**
 * One place per country, newest first: logins added up, the newest login's
 * date, no city, no subdivision, and the pin at the country's middle.
 */
export function countryPlaces(places: readonly Place[]): Place[] {
	const byCountry = new Map<string, Place>();
	for (const place of places) {
		const country = countryAt(place.longitude, place.latitude);
		// The log's country code is the truth; the outline only places the pin.
		const key = `country/${place.countryCode || country?.id || place.country}`;
		const known = byCountry.get(key);
		const [longitude, latitude] = known ? [known.longitude, known.latitude] : (country?.middle ?? [0, 0]);
		const newer = !known || Date.parse(place.lastSeen) > Date.parse(known.lastSeen);
		byCountry.set(key, {
			key,
			city: '',
			country: (newer ? place.country : known.country) || country?.name || '',
			countryCode: newer ? place.countryCode : known.countryCode,
			...(place.continentCode ? {continentCode: place.continentCode} : {}),
			latitude,
			longitude,
			logins: (known?.logins ?? 0) + place.logins,
			lastSeen: newer ? place.lastSeen : known.lastSeen,
		});
	}

	return [...byCountry.values()].sort((a, b) => Date.parse(b.lastSeen) - Date.parse(a.lastSeen) || a.key.localeCompare(b.key));
}
