// The Users list's table: a header row with the active sort marked, then only
// the visible rows (the caller windows them). Every row is pre-cut to the
// width, one line per user; store text goes through sanitize first.
import {Box, Text} from 'ink';
import {memo} from 'react';
import {formatRelative} from '../../domain/duration.js';
import type {User} from '../../domain/types.js';
import {displayName, primaryConnection} from '../../domain/user-factory.js';
import {sanitize} from '../../terminal/sanitize.js';
import {displayWidth, padEnd, padStart, truncate} from '../../terminal/text-width.js';
import type {ListSort} from '../state/users-list.js';
import {theme} from '../theme.js';
import {type Column, columnGap, gutterWidth, type TableLayout} from './user-columns.js';
import {groupDigits} from '../../domain/group-digits.js';

export type Tone = 'normal' | 'muted' | 'badge' | 'mark';
export type Segment = {readonly text: string; readonly tone: Tone};

export const blockedBadge = 'BLOCKED';

const gap = ' '.repeat(columnGap);

function sortArrow(descending: boolean): string {
	return descending ? '▼' : '▲';
}

/** The header's text: each title, the sorted one with its arrow, cut to its column. */
export function headerText(layout: TableLayout, sort: ListSort | undefined): string {
	const cells = layout.columns.map(column => {
		const title = sort && column.sortField === sort.field ? `${column.title} ${sortArrow(sort.descending)}` : column.title;
		return column.align === 'right' ? padStart(title, column.width) : padEnd(title, column.width);
	});
	return ' '.repeat(gutterWidth) + cells.join(gap);
}

/** Name, then the blocked badge (never cut off), then the email when it has no column. */
function nameCell(user: User, width: number, emailInName: boolean): Segment[] {
	const name = sanitize(displayName(user));
	const badge = user.blocked ? blockedBadge : '';
	const reserve = badge ? badge.length + 1 : 0;
	const shownName = truncate(name, Math.max(1, width - reserve));
	const segments: Segment[] = [{text: shownName, tone: 'normal'}];
	let used = displayWidth(shownName);
	if (badge) {
		const fitted = truncate(badge, Math.max(0, width - used - 1), '');
		segments.push({text: ' ', tone: 'normal'}, {text: fitted, tone: 'badge'});
		used += 1 + fitted.length;
	}

	// Not when the name is the email (Auth0's default name for a database user), nor when there is no name (the email is the name shown).
	const email = emailInName && user.name !== undefined && user.email && user.name.toLowerCase() !== user.email.toLowerCase() ? sanitize(user.email) : '';
	if (email && width - used - columnGap >= 4) {
		const shown = truncate(email, width - used - columnGap);
		segments.push({text: gap, tone: 'normal'}, {text: shown, tone: 'muted'});
		used += columnGap + displayWidth(shown);
	}

	segments.push({text: ' '.repeat(Math.max(0, width - used)), tone: 'normal'});
	return segments;
}

function cell(column: Column, user: User, layout: TableLayout, now: Date): Segment[] {
	switch (column.id) {
		case 'name': {
			return nameCell(user, column.width, layout.emailInName);
		}

		case 'email': {
			return [{text: padEnd(sanitize(user.email ?? ''), column.width), tone: 'muted'}];
		}

		case 'connection': {
			return [{text: padEnd(sanitize(primaryConnection(user)), column.width), tone: 'normal'}];
		}

		case 'logins': {
			return [{text: padStart(groupDigits(user.logins_count ?? 0), column.width), tone: 'normal'}];
		}

		case 'latest': {
			return user.last_login
				? [{text: padEnd(formatRelative(new Date(user.last_login), now), column.width), tone: 'normal'}]
				: [{text: padEnd('never', column.width), tone: 'muted'}];
		}

		case 'user_id': {
			return [{text: padEnd(sanitize(user.user_id), column.width), tone: 'muted'}];
		}
	}
}

/** The mark a marked user's row carries beside the cursor's place (`*`, the key that marks many). */
export const markSymbol = '*';

/** One row as styled segments, exactly the layout's width: the gutter holds the cursor (›) and the mark. */
export function rowSegments(user: User, layout: TableLayout, now: Date, selected: boolean, marked = false): Segment[] {
	const segments: Segment[] = [{text: `${selected ? '›' : ' '}${marked ? markSymbol : ' '}`, tone: marked ? 'mark' : 'normal'}];
	layout.columns.forEach((column, index) => {
		if (index > 0) {
			segments.push({text: gap, tone: 'normal'});
		}

		segments.push(...cell(column, user, layout, now));
	});
	return segments;
}

const UserRow = memo(function UserRow({user, layout, now, selected, marked}: {readonly user: User; readonly layout: TableLayout; readonly now: Date; readonly selected: boolean; readonly marked: boolean}) {
	const segments = rowSegments(user, layout, now, selected, marked);
	return (
		<Text wrap="truncate">
			{segments.map((segment, index) => {
				if (segment.tone === 'badge') {
					return <Text key={index} bold color={theme.selectedText} backgroundColor={theme.danger}>{segment.text}</Text>;
				}

				if (selected) {
					return <Text key={index} bold={segment.tone === 'mark'} color={theme.selectedText} backgroundColor={theme.selectedBackground}>{segment.text}</Text>;
				}

				if (segment.tone === 'mark') {
					return <Text key={index} bold color={theme.warning}>{segment.text}</Text>;
				}

				return <Text key={index} color={segment.tone === 'muted' ? theme.muted : undefined}>{segment.text}</Text>;
			})}
		</Text>
	);
});

export type UserTableProps = {
	/** The visible users, top to bottom. */
	readonly users: readonly User[];
	/** Index into `users` of the selected one, or -1. */
	readonly selected: number;
	readonly layout: TableLayout;
	/** The sort to mark in the titles; none while the rows are in the store's order. */
	readonly sort: ListSort | undefined;
	readonly now: Date;
	/** The marked users' ids (see state/marks.ts). */
	readonly marks?: ReadonlySet<string>;
};

export function UserTable({users, selected, layout, sort, now, marks}: UserTableProps) {
	return (
		<Box flexDirection="column">
			<Text bold color={theme.accent} wrap="truncate">{headerText(layout, sort)}</Text>
			{users.map((user, index) => (
				<UserRow key={user.user_id} user={user} layout={layout} now={now} selected={index === selected} marked={marks?.has(user.user_id) ?? false} />
			))}
		</Box>
	);
}
