// Demo people: a name from one culture and a home among that culture's cities.
import type {LocationInfo} from '../domain/types.js';
import {cities, citiesIn} from './cities.js';
import {type Culture, cultures} from './cultures.js';
import type {Random} from './random.js';

export type Person = {
	culture: Culture;
	given: string;
	family: string;
	home: LocationInfo;
	/** BCP 47, e.g. `pt-BR`. */
	locale: string;
};

const cultureWeights = cultures.map(culture => [culture, culture.weight] as const);
// A culture's first country is where most of its people live.
const countryWeights = new Map(cultures.map(culture => [culture, culture.countries.map((code, index) => [code, index === 0 ? 3 : 1] as const)]));

export function createPerson(random: Random): Person {
	const culture = random.weighted(cultureWeights);
	const female = random.chance(0.5);
	const given = random.pick(female ? culture.female : culture.male);
	const forms = random.pick(culture.family).split('/');
	const family = (female ? forms[1] : undefined) ?? forms[0] ?? '';
	const home = homeFor(random, culture);
	// Someone living abroad keeps the locale of their culture's main country.
	const country = culture.countries.includes(home.country_code) ? home.country_code : culture.countries[0] ?? home.country_code;
	const language = culture.languages?.[country] ?? culture.language;
	return {culture, given, family, home, locale: `${language}-${country}`};
}

function homeFor(random: Random, culture: Culture): LocationInfo {
	// Most people live where their culture does; some live anywhere.
	if (random.chance(0.12)) {
		return random.pick(cities);
	}

	const country = random.weighted(countryWeights.get(culture) ?? []);
	const local = citiesIn(country);
	if (local.length === 0) {
		return random.pick(cities);
	}

	// The first city of a country in the table is its largest: it gets twice the people.
	return random.chance(1 / (local.length + 1)) ? local[0] ?? random.pick(local) : random.pick(local);
}
