// Locations: where the user logged in from, as pins on a braille world map and
// as a list of places (newest first). Moving through the list highlights the
// place's pin; + - 0 zoom and fit the map at any time, and once the map has
// focus (m or Enter) the arrows and h/j/k/l pan it instead of moving the list
// or switching tabs, until Esc or m gives them back.
//
// Cost: the frame is computed once per (places, size, view, highlight); the map
// layer caches the land per size and view, so moving the list redraws only pins.
import {Box, Text} from 'ink';
import {useMemo, useState} from 'react';
import type {User} from '../../../domain/types.js';
import type {Place} from '../../../map/places.js';
import {renderMap} from '../../../map/render-map.js';
import type {MapPin, MapView} from '../../../map/types.js';
import {sanitize} from '../../../terminal/sanitize.js';
import {truncate} from '../../../terminal/text-width.js';
import {useDeck, useShown, useStoreRevision} from '../../app-context.js';
import {countryPlaces} from '../../../map/country-places.js';
import {keyHint, resolveBinding, type Scope} from '../../keymap.js';
import {type Loadable, loaded, type UsersApi} from '../../../services/users-api.js';
import {createState, useContainer} from '../../state/create-state.js';
import {movementOf} from '../../state/scroll-window.js';
import {theme} from '../../theme.js';
import {locationsLayout} from './locations-layout.js';
import {LocationsList, placeName} from './locations-list.js';
import {LocationsMap} from './locations-map.js';
import {initialLocations, locationsReducer, mapCommand, resolveView} from './locations-state.js';
import {visibleSelection} from './selection-state.js';
import {type TabInput, useTabKeys} from './tab-keys.js';
import {groupDigits} from '../../../domain/group-digits.js';

export type LocationsTabProps = TabInput & {
	readonly user: User;
	readonly width: number;
	readonly height: number;
};

export const noLocationsMessage = 'No login locations recorded for this user';
export const focusedHint = 'map focused — arrows pan, Esc leaves · + - zoom · 0 fit';
export const unfocusedHint = 'm/Enter: pan the map · + - zoom · 0 fit';

/**
 * The focused map puts its scope first, so arrows and Esc resolve to panning
 * and leaving; `locations` stays out of it, or the footer would still offer
 * "m pan map" while m leaves. Without places there are no map keys at all.
 */
export function locationsScopes(focused: boolean, places: number, parentScopes: readonly Scope[]): readonly Scope[] {
	if (places === 0) {
		return parentScopes;
	}

	return focused ? ['map', ...parentScopes] : ['locations', ...parentScopes];
}

export function LocationsTab({user, width, height, owner, parentScopes}: LocationsTabProps) {
	const deck = useDeck();
	const {masked} = useShown();
	const revision = useStoreRevision();
	const [container] = useState(() => createState(locationsReducer, initialLocations));
	const state = useContainer(container);
	// Masked, the places are countries, pinned at each country's middle: no city, no coordinates of one.
	// Over a tenant the places come from the history's load (GET /users/{id}/logs): loading, or failed, until it lands.
	const load = useMemo(() => loadOf(deck.service, user.user_id), [deck, user.user_id, revision]);
	const loaded = useMemo(() => {
		const places = load.data ?? [];
		return masked ? countryPlaces(places) : places;
	}, [load, masked]);
	// Events a damaged store holds are left out of the places; the caption says how many (History says why).
	const unreadable = useMemo(() => deck.service.historyProblems(user.user_id).length, [deck, user.user_id, revision]);
	const unreadableNote = unreadable === 0 ? undefined : `${groupDigits(unreadable)} unreadable event${unreadable === 1 ? '' : 's'} left out`;
	// Any store change bumps the revision; the map is recomputed only when this user's places change.
	const signature = loaded.map(place => `${place.key}\t${place.logins}\t${place.lastSeen}\t${place.latitude}\t${place.longitude}`).join('\n');
	const places = useMemo(() => loaded, [signature]);
	const pins = useMemo(() => places.map((place): MapPin => ({key: place.key, latitude: place.latitude, longitude: place.longitude, lastSeen: place.lastSeen})), [places]);
	const layout = useMemo(() => locationsLayout(width, height, places.length), [width, height, places.length]);
	const {mapCols, mapRows} = layout;
	const {selected, offset} = visibleSelection(state.list, places.length, layout.listRows);
	const highlight = places[selected]?.key;
	// Newest first: the first place is the latest login's.
	const latest = places[0]?.key;
	const view = useMemo(() => resolveView(state.view, places, mapCols, mapRows), [state.view, places, mapCols, mapRows]);
	const render = useMemo(
		() => (places.length === 0 ? undefined : renderMap({cols: mapCols, rows: mapRows, view, pins, highlight, latest})),
		[places.length, mapCols, mapRows, view, pins, highlight, latest],
	);
	const hidden = useMemo(() => new Set(render?.hidden ?? []), [render]);
	const focused = state.focused && places.length > 0;
	useTabKeys(owner, locationsScopes(focused, places.length, parentScopes), key => {
		if (places.length === 0) {
			return false;
		}

		// Read now, not at render: in a burst, `m` then `l` focuses and then pans.
		const current = container.getState();
		const id = resolveBinding(locationsScopes(current.focused, places.length, parentScopes), key.name)?.id;
		if (id === 'locations.focus-map' || id === 'map.leave') {
			container.dispatch({type: 'focus', focused: id === 'locations.focus-map'});
			return true;
		}

		const next = mapCommand(id, resolveView(current.view, places, mapCols, mapRows), mapCols, mapRows);
		if (next) {
			container.dispatch({type: 'view', view: next});
			return true;
		}

		// Arrows pan the focused map; the page keys (PgDn, g, G) still move the list.
		const movement = id?.startsWith('map.') ? undefined : movementOf(id);
		if (movement) {
			container.dispatch({type: 'move', movement, count: places.length, rows: layout.listRows});
			return true;
		}

		return false;
	});

	if (!render) {
		const failed = load.status === 'error';
		const message = load.status === 'loading'
			? 'Loading the login locations…'
			: (failed ? sanitize(load.error?.message ?? 'The login locations could not be loaded') : noLocationsMessage);
		return (
			<Box flexDirection="column" width={width} height={height}>
				<Text color={failed ? theme.danger : theme.muted} wrap="truncate">{truncate(message, width)}</Text>
				{failed ? <Text color={theme.muted} wrap="truncate">{truncate(`${keyHint('user.reload')} tries again`, width)}</Text> : undefined}
				{unreadableNote === undefined ? undefined : <Text color={theme.danger} wrap="truncate">{truncate(`${unreadableNote} (the store is damaged; History says why)`, width)}</Text>}
			</Box>
		);
	}

	const place = places[selected];
	const caption = [
		place ? `${masked ? sanitize(place.country || place.countryCode) : placeDescription(place)}${hidden.has(place.key) ? ' (off the view; 0 fits)' : ''}` : undefined,
		`zoom ${formatZoom(render.view.zoom)}×`,
		formatCentre(render.view),
		masked ? `${places.length} countr${places.length === 1 ? 'y' : 'ies'} (masked)` : `${places.length} place${places.length === 1 ? '' : 's'}`,
		load.status === 'loading' ? 'loading…' : undefined,
		load.status === 'error' ? `not all loaded (${keyHint('user.reload')} tries again)` : undefined,
		unreadableNote,
	].filter(part => part !== undefined).join(' · ');
	const map = (
		<LocationsMap
			lines={render.lines}
			width={layout.frameWidth}
			focused={focused}
			caption={caption}
			hint={focused ? focusedHint : unfocusedHint}
		/>
	);
	const list = (
		<LocationsList
			places={places}
			selected={selected}
			offset={offset}
			rows={layout.listRows}
			width={layout.listWidth}
			now={deck.now()}
			latest={latest}
			hidden={hidden}
			countriesOnly={masked}
		/>
	);
	return (
		<Box flexDirection={layout.mode === 'beside' ? 'row' : 'column'} width={width} height={height} columnGap={layout.mode === 'beside' ? 1 : 0}>
			{map}
			{layout.listRows > 0 && list}
		</Box>
	);
}

function placeDescription(place: Place): string {
	const country = sanitize(place.country);
	return country === '' ? placeName(place) : `${placeName(place)}, ${country}`;
}

/** `1`, `2`, `3.4`: one decimal at most (fitting gives any zoom). */
export function formatZoom(zoom: number): string {
	return String(Math.round(zoom * 10) / 10);
}

/** `33.9°S 151.2°E`. */
export function formatCentre(view: MapView): string {
	const lat = Math.round(view.centerLat * 10) / 10;
	const lon = Math.round(view.centerLon * 10) / 10;
	return `${Math.abs(lat).toFixed(1)}°${lat < 0 ? 'S' : 'N'} ${Math.abs(lon).toFixed(1)}°${lon < 0 ? 'W' : 'E'}`;
}

/** A user deleted while the page shows has no places (the page unmounts this tab right after). */
function loadOf(service: Pick<UsersApi, 'locationsState'>, userId: string): Loadable<Place[]> {
	try {
		return service.locationsState(userId);
	} catch {
		return loaded([]);
	}
}
