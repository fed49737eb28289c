// Details: User Identity, Metadata (user_metadata editable with `e`) and
// Identity Provider Attributes, scrolling when taller than the area.
import {Box} from 'ink';
import {useState} from 'react';
import type {User} from '../../../domain/types.js';
import {useDeck} from '../../app-context.js';
import {StyledLineView} from '../../components/styled-line-view.js';
import {resolveBinding} from '../../keymap.js';
import {createState, useContainer} from '../../state/create-state.js';
import {movementOf} from '../../state/scroll-window.js';
import {detailsLines} from './details-lines.js';
import {clampOffset, contentRows, initialScroll, scrollReducer} from './scroll-state.js';
import {ScrollPosition} from './scroll-position.js';
import {type TabInput, useTabKeys} from './tab-keys.js';

export type DetailsTabProps = TabInput & {
	readonly user: User;
	readonly width: number;
	readonly height: number;
};

export function DetailsTab({user, width, height, owner, parentScopes}: DetailsTabProps) {
	const deck = useDeck();
	const [scroll] = useState(() => createState(scrollReducer, initialScroll));
	const state = useContainer(scroll);
	const lines = detailsLines(user, deck.now());
	const rows = contentRows(lines.length, height);
	const offset = clampOffset(state.offset, lines.length, rows);
	const scopes = ['details', ...parentScopes] as const;
	useTabKeys(owner, scopes, key => {
		const id = resolveBinding(scopes, key.name)?.id;
		if (id === 'details.edit') {
			deck.navigation.dispatch({type: 'open-overlay', overlay: {name: 'edit-metadata', userId: user.user_id}});
			return true;
		}

		const movement = movementOf(id);
		if (movement) {
			scroll.dispatch({type: 'scroll', movement, count: lines.length, rows});
			return true;
		}

		return false;
	});
	return (
		<Box flexDirection="column" width={width} height={height}>
			{lines.slice(offset, offset + rows).map((line, index) => (
				<StyledLineView key={offset + index} line={line} width={width} />
			))}
			{lines.length > height && <ScrollPosition offset={offset} rows={rows} count={lines.length} width={width} />}
		</Box>
	);
}
