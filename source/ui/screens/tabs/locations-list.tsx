// The Locations tab's list of places, newest first: a pin glyph in the colour
// the map draws it with (so the list is also the map's legend), the city, the
// country, the number of logins and when the user was last seen there.
import {Box, Text} from 'ink';
import type {Place} from '../../../map/places.js';
import {latestPinGlyph, pinGlyph} from '../../../map/render-map.js';
import {sanitize} from '../../../terminal/sanitize.js';
import {padEnd, padStart} from '../../../terminal/text-width.js';
import {type ColumnSpec, fitColumns} from '../../components/fit-columns.js';
import {isMonochrome, theme} from '../../theme.js';
import {formatWhen} from './format-when.js';
import {groupDigits} from '../../../domain/group-digits.js';

type ColumnId = 'city' | 'country' | 'logins' | 'seen';

const titles: Record<ColumnId, string> = {city: 'City', country: 'Country', logins: 'Logins', seen: 'Last seen'};

const specs: ReadonlyArray<ColumnSpec<ColumnId>> = [
	{id: 'city', min: 10, max: 28, priority: 1, flex: true},
	{id: 'country', min: 8, max: 24, priority: 4, flex: true},
	{id: 'logins', min: 6, max: 6, priority: 2},
	// "11 months ago (2026-11-25 15:36)".
	{id: 'seen', min: 29, max: 32, priority: 3},
];

const gap = '  ';
/** `› ● `: the selection marker and the pin glyph. */
const markerWidth = 4;
/** Drawn for a place outside the map's current view. */
export const offViewGlyph = '○';

export type LocationsListProps = {
	readonly places: readonly Place[];
	readonly selected: number;
	readonly offset: number;
	readonly rows: number;
	readonly width: number;
	readonly now: Date;
	/** The newest login's place, drawn in the map's latest-pin colour. */
	readonly latest: string | undefined;
	/** Places outside the map's view. */
	readonly hidden: ReadonlySet<string>;
	/** Places are countries (personal data masked): one column names them. */
	readonly countriesOnly?: boolean;
};

/** The city as shown: the coordinates when geolocation had no city name. */
export function placeName(place: Place): string {
	const city = sanitize(place.city);
	return city === '' ? `${place.latitude.toFixed(1)}, ${place.longitude.toFixed(1)}` : city;
}

export function LocationsList({places, selected, offset, rows, width, now, latest, hidden, countriesOnly = false}: LocationsListProps) {
	const columns = fitColumns(countriesOnly ? specs.filter(spec => spec.id !== 'country') : specs, Math.max(1, width - markerWidth), gap.length);
	// Without room for a country column, the country follows the city.
	const withCountry = columns.some(column => column.id === 'country');
	const cell = (place: Place, column: ColumnId): string => {
		switch (column) {
			case 'city': {
				const country = sanitize(place.country);
				if (countriesOnly) {
					return country || sanitize(place.countryCode);
				}

				return withCountry || country === '' ? placeName(place) : `${placeName(place)}, ${country}`;
			}

			case 'country': {
				return sanitize(place.country);
			}

			case 'logins': {
				return padStart(groupDigits(place.logins), 6);
			}

			case 'seen': {
				return formatWhen(place.lastSeen, now);
			}
		}
	};

	const line = (text: (column: ColumnId) => string) => columns.map(column => padEnd(text(column.id), column.width)).join(gap);
	return (
		<Box flexDirection="column" width={width}>
			<Text color={theme.muted} bold wrap="truncate">{' '.repeat(markerWidth) + line(column => (column === 'logins' ? padStart(titles.logins, 6) : (column === 'city' && countriesOnly ? 'Country' : titles[column])))}</Text>
			{places.slice(offset, offset + rows).map((place, index) => {
				const isSelected = offset + index === selected;
				const glyphColor = isSelected ? theme.pinHighlight : place.key === latest ? theme.pinLatest : theme.pin;
				return (
					<Text
						key={place.key}
						wrap="truncate"
						backgroundColor={isSelected ? theme.selectedBackground : undefined}
						color={isSelected ? theme.selectedText : undefined}
					>
						{isSelected ? '› ' : '  '}
						<Text color={glyphColor} bold>{hidden.has(place.key) ? offViewGlyph : (place.key === latest && isMonochrome() ? latestPinGlyph : pinGlyph)}</Text>
						{' ' + line(column => cell(place, column))}
					</Text>
				);
			})}
		</Box>
	);
}
