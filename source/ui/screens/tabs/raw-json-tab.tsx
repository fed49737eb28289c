// Raw JSON: the whole profile as the API returns it, in syntax colours,
// scrollable; `y` copies it. Password hashes live in another table and are
// never part of a user, so there is nothing to hide here.
import {Box} from 'ink';
import {useMemo, useState} from 'react';
import type {User} from '../../../domain/types.js';
import {safeJson} from '../../../terminal/safe-json.js';
import {useDeck} from '../../app-context.js';
import {jsonLines} from '../../components/json-lines.js';
import {JsonView} from '../../components/json-view.js';
import {resolveBinding} from '../../keymap.js';
import {createState, useContainer} from '../../state/create-state.js';
import {movementOf} from '../../state/scroll-window.js';
import {copyAndReport} from '../copy-and-report.js';
import {clampOffset, contentRows, initialScroll, scrollReducer} from './scroll-state.js';
import {ScrollPosition} from './scroll-position.js';
import {type TabInput, useTabKeys} from './tab-keys.js';

export type RawJsonTabProps = TabInput & {
	readonly user: User;
	readonly width: number;
	readonly height: number;
};

export function RawJsonTab({user, width, height, owner, parentScopes}: RawJsonTabProps) {
	const deck = useDeck();
	const [scroll] = useState(() => createState(scrollReducer, initialScroll));
	const state = useContainer(scroll);
	const lines = useMemo(() => jsonLines(user), [user]);
	const rows = contentRows(lines.length, height);
	const offset = clampOffset(state.offset, lines.length, rows);
	const scopes = ['raw', ...parentScopes] as const;
	useTabKeys(owner, scopes, key => {
		const id = resolveBinding(scopes, key.name)?.id;
		if (id === 'raw.copy') {
			void copyAndReport(deck, safeJson(user), 'the profile as JSON');
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
			<JsonView lines={lines} offset={offset} height={rows} width={width} />
			{lines.length > height && <ScrollPosition offset={offset} rows={rows} count={lines.length} width={width} />}
		</Box>
	);
}
