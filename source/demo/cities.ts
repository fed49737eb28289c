// The demo's table of real cities, in `location_info` shape. Imported statically
// so that esbuild inlines it into dist/cli.js: a path computed from
// import.meta.url would point next to the bundle, not at data/, once bundled.
import table from '../../data/cities.json' with {type: 'json'};
import type {LocationInfo} from '../domain/types.js';

// Frozen: every sign-in event in a demo store shares these objects as its
// location_info (a million events would otherwise hold a million copies).
export const cities: readonly LocationInfo[] = Object.freeze(table.map(city => Object.freeze(city)));

const byCountry = new Map<string, LocationInfo[]>();
for (const city of cities) {
	const list = byCountry.get(city.country_code);
	if (list === undefined) {
		byCountry.set(city.country_code, [city]);
	} else {
		list.push(city);
	}
}

/** The table's cities in one country, in table order (larger cities first); empty when it has none. */
export function citiesIn(countryCode: string): readonly LocationInfo[] {
	return byCountry.get(countryCode) ?? [];
}
