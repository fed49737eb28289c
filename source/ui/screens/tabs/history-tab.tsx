// History: the user's events of the past 2 days, newest first, as the Dashboard
// shows them; `w` looks further back, Enter shows an event's full JSON.
import {Box, Text} from 'ink';
import {useMemo, useState} from 'react';
import {outcomeOf, type Outcome} from '../../../domain/log-codes.js';
import type {LogEvent, User} from '../../../domain/types.js';
import {sanitize} from '../../../terminal/sanitize.js';
import {padEnd, truncate} from '../../../terminal/text-width.js';
import {useDeck, useShown, useStoreRevision} from '../../app-context.js';
import {StyledLineView} from '../../components/styled-line-view.js';
import {resolveBinding} from '../../keymap.js';
import {createState, useContainer} from '../../state/create-state.js';
import {movementOf} from '../../state/scroll-window.js';
import {theme, type ThemeToken} from '../../theme.js';
import {historyCell, historyColumns, historyColumnTitles, historyGap} from './history-columns.js';
import {historyReducer, historyWindow, historyWindows, initialHistory} from './history-state.js';
import {visibleSelection} from './selection-state.js';
import {type TabInput, useTabKeys} from './tab-keys.js';
import {logRowName} from '../../../store/store.js';
import {groupDigits} from '../../../domain/group-digits.js';

export type HistoryTabProps = TabInput & {
	readonly user: User;
	readonly width: number;
	readonly height: number;
};

const outcomeTones: Record<Outcome, ThemeToken> = {success: 'success', warning: 'warning', failure: 'danger'};

/** "› " before the selected row. */
const markerWidth = 2;

const noEvents: LogEvent[] = [];

export function HistoryTab({user, width, height, owner, parentScopes}: HistoryTabProps) {
	const deck = useDeck();
	const shown = useShown();
	const revision = useStoreRevision();
	const [history] = useState(() => createState(historyReducer, initialHistory));
	const state = useContainer(history);
	const range = historyWindow(state);
	// Where logs are remote (a tenant), the window's older pages may still be loading, or stop short (retention).
	const load = useMemo(
		() => deck.service.historyState(user.user_id, range.ms),
		// The revision stands for the logs, which change without the user changing.
		[deck, user.user_id, range.ms, revision],
	);
	const events = load.data ?? noEvents;
	const limit = load.reach?.limit;
	// Events a damaged store holds are left out of `events`, and said so on a line of their own.
	const problems = useMemo(() => deck.service.historyProblems(user.user_id), [deck, user.user_id, revision]);
	const problemLine = problems.length === 0
		? undefined
		: `${problems.length === 1 ? '1 event' : `${groupDigits(problems.length)} events`} could not be read (the store is damaged): ${problems[0]!.problem.trim()} in ${logRowName(problems[0]!.log_id)}`;
	// Caption and column titles take two lines, and the problem line one.
	const rows = Math.max(1, height - 2 - (problemLine === undefined ? 0 : 1) - (limit === undefined ? 0 : 1));
	const {selected, offset} = visibleSelection(state.selection, events.length, rows);
	const scopes = ['history', ...parentScopes] as const;
	useTabKeys(owner, scopes, key => {
		const id = resolveBinding(scopes, key.name)?.id;
		if (id === 'history.widen') {
			history.dispatch({type: 'widen'});
			return true;
		}

		if (id === 'history.open') {
			const current = visibleSelection(history.getState().selection, events.length, rows);
			const event = events[current.selected];
			if (event) {
				deck.navigation.dispatch({type: 'open-overlay', overlay: {name: 'event', event}});
			}

			return true;
		}

		const movement = movementOf(id);
		if (movement) {
			history.dispatch({type: 'select', action: {type: 'move', movement, count: events.length, rows}});
			return true;
		}

		return false;
	});

	const next = historyWindows[(state.window + 1) % historyWindows.length]!;
	const widenHint = ` · w: ${next.label.replace('Past ', '').toLowerCase()}${load.status === 'loading' ? ' · loading…' : ''}`;
	if (events.length === 0) {
		const failed = load.status === 'error';
		const message = load.status === 'loading'
			? 'Loading the history…'
			: (failed
				? sanitize(load.error?.message ?? 'The history could not be loaded')
				: (state.window === historyWindows.length - 1 ? 'No events for this user' : `No events ${range.phrase} — press w to widen`));
		return (
			<Box flexDirection="column" width={width} height={height}>
				<Text color={failed ? theme.danger : theme.muted} wrap="truncate">{truncate(message, width)}</Text>
				{limit === undefined || failed ? undefined : <Text color={theme.muted} wrap="truncate">{truncate(sanitize(limit), width)}</Text>}
				{problemLine === undefined ? undefined : <Text color={theme.danger} wrap="truncate">{truncate(problemLine, width)}</Text>}
			</Box>
		);
	}

	const columns = historyColumns(width - markerWidth);
	const separator = ' '.repeat(historyGap);
	const count = `${groupDigits(events.length)} event${events.length === 1 ? '' : 's'}`;
	const now = deck.now();
	return (
		<Box flexDirection="column" width={width} height={height}>
			<StyledLineView line={[{text: `${range.label} · ${count}`, bold: true}, {text: widenHint, tone: 'muted'}]} width={width} />
			{limit === undefined ? undefined : <Text color={theme.muted} wrap="truncate">{truncate(sanitize(limit), width)}</Text>}
			{problemLine === undefined ? undefined : <Text color={theme.danger} wrap="truncate">{truncate(problemLine, width)}</Text>}
			<Text color={theme.muted} bold wrap="truncate">
				{' '.repeat(markerWidth) + columns.map(column => padEnd(historyColumnTitles[column.id], column.width)).join(separator)}
			</Text>
			{events.slice(offset, offset + rows).map((event, index) => {
				const isSelected = offset + index === selected;
				return (
					<Text
						key={event.log_id}
						wrap="truncate"
						backgroundColor={isSelected ? theme.selectedBackground : undefined}
						color={isSelected ? theme.selectedText : undefined}
					>
						{isSelected ? '› ' : '  '}
						{columns.map((column, columnIndex) => (
							<Text
								key={column.id}
								color={column.id === 'event' && !isSelected ? theme[outcomeTones[outcomeOf(event.type)]] : undefined}
								bold={column.id === 'event' && isSelected}
							>
								{(columnIndex > 0 ? separator : '') + historyCell(event, column, now, shown)}
							</Text>
						))}
					</Text>
				);
			})}
		</Box>
	);
}
