// Locations, interim: the places the user logged in from, as a list, until the
// braille world map (the Locations issue) replaces this file with the same props.
// It claims no `locations` scope, so the footer offers no map keys it lacks.
import {Box, Text} from 'ink';
import {useMemo, useState} from 'react';
import type {User} from '../../../domain/types.js';
import {sanitize} from '../../../terminal/sanitize.js';
import {padEnd, padStart, truncate} from '../../../terminal/text-width.js';
import {useDeck, useStoreRevision} from '../../app-context.js';
import {resolveBinding} from '../../keymap.js';
import {createState, useContainer} from '../../state/create-state.js';
import {movementOf} from '../../state/scroll-window.js';
import {theme} from '../../theme.js';
import {formatWhen} from './format-when.js';
import {clampOffset, contentRows, initialScroll, scrollReducer} from './scroll-state.js';
import {ScrollPosition} from './scroll-position.js';
import {type TabInput, useTabKeys} from './tab-keys.js';

export type LocationsTabProps = TabInput & {
	readonly user: User;
	readonly width: number;
	readonly height: number;
};

export function LocationsTab({user, width, height, owner, parentScopes}: LocationsTabProps) {
	const deck = useDeck();
	const revision = useStoreRevision();
	const [scroll] = useState(() => createState(scrollReducer, initialScroll));
	const state = useContainer(scroll);
	const places = useMemo(() => deck.service.locations(user.user_id), [deck, user.user_id, revision]);
	// Column titles take a line.
	const area = Math.max(1, height - 1);
	const rows = contentRows(places.length, area);
	const offset = clampOffset(state.offset, places.length, rows);
	useTabKeys(owner, parentScopes, key => {
		const movement = movementOf(resolveBinding(parentScopes, key.name)?.id);
		if (movement) {
			scroll.dispatch({type: 'scroll', movement, count: places.length, rows});
			return true;
		}

		return false;
	});
	if (places.length === 0) {
		return <Text color={theme.muted} wrap="truncate">{truncate('No logins with a known location', width)}</Text>;
	}

	// What "Last seen" needs ("1 day ago (2026-11-24 12:56)") comes first; city and country share the rest.
	const share = Math.floor((width - 28 - 6 - 6) / 2);
	const cityWidth = Math.max(10, Math.min(28, share));
	const countryWidth = Math.max(10, Math.min(24, share));
	const line = (city: string, country: string, logins: string, seen: string) => truncate(
		`${padEnd(city, cityWidth)}  ${padEnd(country, countryWidth)}  ${padStart(logins, 6)}  ${seen}`,
		width,
	);
	const now = deck.now();
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text color={theme.muted} bold wrap="truncate">{line('City', 'Country', 'Logins', 'Last seen')}</Text>
			{places.slice(offset, offset + rows).map(place => (
				<Text key={place.key} wrap="truncate">
					{line(sanitize(place.city || '—'), sanitize(place.country), String(place.logins), formatWhen(place.lastSeen, now))}
				</Text>
			))}
			{places.length > area && <ScrollPosition offset={offset} rows={rows} count={places.length} width={width} noun="places" />}
		</Box>
	);
}
