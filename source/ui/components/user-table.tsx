// The Users list's table: a header row with the active sort marked, then only
// the visible rows (the caller windows them). Every row is pre-cut to the
// width, one line per user; store text goes through sanitize first, and
// personal data through the masking while it is on (mask/shown.ts).
import {Box, Text} from 'ink';
import {memo} from 'react';
import {formatRelative} from '../../domain/duration.js';
import type {ListUser} from '../../domain/types.js';
import {primaryConnection} from '../../domain/user-factory.js';
import {type Shown, shownFor} from '../mask/shown.js';
import {shownDisplayName} from '../mask/user-personal.js';
import {sanitize} from '../../terminal/sanitize.js';
import {displayWidth, padEnd, padStart, truncate} from '../../terminal/text-width.js';
import type {ListSort, ListSortField} from '../state/users-list.js';
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
	return headerSegments(layout, sort, {}).map(segment => segment.text).join('');
}

/** A piece of the header; `key` marks the letter that sorts by its column. */
export type HeaderSegment = {readonly text: string; readonly key: boolean};

/**
 * The header as segments, with each sortable column's key letter (the first
 * place it appears in the title, either case) split out to be underlined, as
 * menus mark their accelerators: it costs no width, so 80 columns fit as
 * before. A key the title does not contain (an override) is only in `?` help.
 */
export function headerSegments(layout: TableLayout, sort: ListSort | undefined, sortKeys: Readonly<Partial<Record<ListSortField, string>>>): HeaderSegment[] {
	const segments: HeaderSegment[] = [{text: ' '.repeat(gutterWidth), key: false}];
	layout.columns.forEach((column, index) => {
		if (index > 0) {
			segments.push({text: gap, key: false});
		}

		const title = sort && column.sortField === sort.field ? `${column.title} ${sortArrow(sort.descending)}` : column.title;
		const text = column.align === 'right' ? padStart(title, column.width) : padEnd(title, column.width);
		const letter = column.sortField ? sortKeys[column.sortField] : undefined;
		// Only where the whole title shows: a cut title keeps its text plain.
		const start = text.indexOf(column.title);
		const inTitle = letter && [...letter].length === 1 && start >= 0 ? column.title.toLowerCase().indexOf(letter.toLowerCase()) : -1;
		if (inTitle >= 0) {
			const at = start + inTitle;
			segments.push({text: text.slice(0, at), key: false}, {text: text.slice(at, at + 1), key: true}, {text: text.slice(at + 1), key: false});
		} else {
			segments.push({text, key: false});
		}
	});
	return segments.filter(segment => segment.text.length > 0);
}

/** Name, then the blocked badge (never cut off), then the email when it has no column. */
function nameCell(user: ListUser, width: number, emailInName: boolean, shown: Shown): Segment[] {
	const name = shownDisplayName(user, shown);
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
	const email = emailInName && user.name !== undefined && user.email && user.name.toLowerCase() !== user.email.toLowerCase() ? shown.email(user.email) : '';
	if (email && width - used - columnGap >= 4) {
		const shown = truncate(email, width - used - columnGap);
		segments.push({text: gap, tone: 'normal'}, {text: shown, tone: 'muted'});
		used += columnGap + displayWidth(shown);
	}

	segments.push({text: ' '.repeat(Math.max(0, width - used)), tone: 'normal'});
	return segments;
}

function cell(column: Column, user: ListUser, layout: TableLayout, now: Date, shown: Shown): Segment[] {
	switch (column.id) {
		case 'name': {
			return nameCell(user, column.width, layout.emailInName, shown);
		}

		case 'email': {
			return [{text: padEnd(shown.email(user.email ?? ''), column.width), tone: 'muted'}];
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
			// Some connections' ids quote an email ("samlp|corp|jane@corp.com").
			return [{text: padEnd(shown.freeText(user.user_id), column.width), tone: 'muted'}];
		}
	}
}

/** The mark a marked user's row carries beside the cursor's place (`*`, the key that marks many). */
export const markSymbol = '*';

/** One row as styled segments, exactly the layout's width: the gutter holds the cursor (›) and the mark; personal data as `shown` says (plain by default). */
export function rowSegments(user: ListUser, layout: TableLayout, now: Date, selected: boolean, shown: Shown = shownFor(false), marked = false): Segment[] {
	const segments: Segment[] = [{text: `${selected ? '›' : ' '}${marked ? markSymbol : ' '}`, tone: marked ? 'mark' : 'normal'}];
	layout.columns.forEach((column, index) => {
		if (index > 0) {
			segments.push({text: gap, tone: 'normal'});
		}

		segments.push(...cell(column, user, layout, now, shown));
	});
	return segments;
}

const UserRow = memo(function UserRow({user, layout, now, selected, shown, marked}: {readonly user: ListUser; readonly layout: TableLayout; readonly now: Date; readonly selected: boolean; readonly shown: Shown; readonly marked: boolean}) {
	const segments = rowSegments(user, layout, now, selected, shown, marked);
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
	readonly users: readonly ListUser[];
	/** Index into `users` of the selected one, or -1. */
	readonly selected: number;
	readonly layout: TableLayout;
	/** The sort to mark in the titles; none while the rows are in the store's order. */
	readonly sort: ListSort | undefined;
	/** Each column's own sort key, underlined in its title. */
	readonly sortKeys?: Readonly<Partial<Record<ListSortField, string>>>;
	readonly now: Date;
	/** How personal data is shown (masked or not). */
	readonly shown?: Shown;
	/** The marked users' ids (see state/marks.ts). */
	readonly marks?: ReadonlySet<string>;
};

export function UserTable({users, selected, layout, sort, sortKeys = {}, now, shown = shownFor(false), marks}: UserTableProps) {
	return (
		<Box flexDirection="column">
			<Text bold color={theme.accent} wrap="truncate">
				{headerSegments(layout, sort, sortKeys).map((segment, index) => <Text key={index} underline={segment.key}>{segment.text}</Text>)}
			</Text>
			{users.map((user, index) => (
				<UserRow key={user.user_id} user={user} layout={layout} now={now} selected={index === selected} shown={shown} marked={marks?.has(user.user_id) ?? false} />
			))}
		</Box>
	);
}
