// Raw JSON: the whole profile as the API returns it, in syntax colours,
// scrollable; `y` copies it. Password hashes live in another table and are
// never part of a user, so there is nothing to hide here; while personal data
// is masked the values are masked (keys stay) and `y` asks first.
import {Box} from 'ink';
import {useMemo} from 'react';
import type {User} from '../../../domain/types.js';
import {safeJson} from '../../../terminal/safe-json.js';
import {useDeck, useShown} from '../../app-context.js';
import {shownProfile} from '../../mask/user-personal.js';
import {jsonLines} from '../../components/json-lines.js';
import {JsonView} from '../../components/json-view.js';
import {copyUserData} from '../copy-and-report.js';
import {ScrollPosition} from './scroll-position.js';
import type {TabInput} from './tab-keys.js';
import {useScrollingTab} from './use-scrolling-tab.js';

export type RawJsonTabProps = TabInput & {
	readonly user: User;
	readonly width: number;
	readonly height: number;
};

export function RawJsonTab({user, width, height, owner, parentScopes}: RawJsonTabProps) {
	const deck = useDeck();
	const shown = useShown();
	const lines = useMemo(() => jsonLines(shownProfile(user, shown)), [user, shown]);
	const {offset, rows} = useScrollingTab(owner, ['raw', ...parentScopes], lines.length, height, id => {
		if (id === 'raw.copy') {
			copyUserData(deck, safeJson(user), 'the profile as JSON');
			return true;
		}

		return false;
	});
	return (
		<Box flexDirection="column" width={width} height={height}>
			<JsonView lines={lines} offset={offset} height={rows} width={width} />
			{lines.length > height && <ScrollPosition offset={offset} rows={rows} count={lines.length} width={width} />}
		</Box>
	);
}
