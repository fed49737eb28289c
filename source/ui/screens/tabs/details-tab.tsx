// Details: User Identity, Metadata (user_metadata editable with `e`) and
// Identity Provider Attributes, scrolling when taller than the area.
import {Box} from 'ink';
import type {User} from '../../../domain/types.js';
import {useDeck, useShown} from '../../app-context.js';
import {StyledLineView} from '../../components/styled-line-view.js';
import {detailsLines} from './details-lines.js';
import {ScrollPosition} from './scroll-position.js';
import type {TabInput} from './tab-keys.js';
import {useScrollingTab} from './use-scrolling-tab.js';

export type DetailsTabProps = TabInput & {
	readonly user: User;
	readonly width: number;
	readonly height: number;
};

export function DetailsTab({user, width, height, owner, parentScopes}: DetailsTabProps) {
	const deck = useDeck();
	const shown = useShown();
	const lines = detailsLines(user, deck.now(), shown);
	const {offset, rows} = useScrollingTab(owner, ['details', ...parentScopes], lines.length, height, id => {
		if (id === 'details.edit') {
			deck.navigation.dispatch({type: 'open-overlay', overlay: {name: 'edit-metadata', userId: user.user_id}});
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
