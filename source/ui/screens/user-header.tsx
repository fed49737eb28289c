// The User page's header: who this is (name, email, user_id, connection), a
// BLOCKED badge while they are blocked, and the tab bar. Over a tenant it
// also shows a write in flight ("saving… (blocking)") until the server
// answers, and a STALE badge with the reason when the profile could not be
// refreshed and what shows is the Users list's copy.
import {Box, Text} from 'ink';
import type {User} from '../../domain/types.js';
import {primaryConnection} from '../../domain/user-factory.js';
import {type Shown, shownFor} from '../mask/shown.js';
import {personalValues, shownDisplayName} from '../mask/user-personal.js';
import {sanitize} from '../../terminal/sanitize.js';
import {truncate} from '../../terminal/text-width.js';
import type {StyledSegment} from '../components/clip-segments.js';
import {StyledLineView} from '../components/styled-line-view.js';
import {tabTitles, type UserTab, userTabs} from '../state/navigation.js';
import {theme} from '../theme.js';

export type UserHeaderProps = {
	readonly user: User;
	readonly tab: UserTab;
	readonly width: number;
	/** With room to spare: the identity line and a rule under the tabs. */
	readonly full: boolean;
	/** How personal data is shown (masked or not). */
	readonly shown?: Shown;
	/** The write in flight for the user ("blocking"), until the server answers. */
	readonly pending?: string | undefined;
	/** Why the profile shown is not the server's latest (its refresh failed), with the key that retries. */
	readonly stale?: string | undefined;
};

/** Lines the header takes. */
export function userHeaderHeight(full: boolean, stale = false): number {
	return (full ? 4 : 2) + (stale ? 1 : 0);
}

export function UserHeader({user, tab, width, full, shown = shownFor(false), pending, stale}: UserHeaderProps) {
	const badge: StyledSegment[] = [
		...(user.blocked ? [{text: '  '}, {text: ' BLOCKED ', tone: 'danger', bold: true, inverse: true}] satisfies StyledSegment[] : []),
		...(stale === undefined ? [] : [{text: '  '}, {text: ' STALE ', tone: 'warning', bold: true, inverse: true}] satisfies StyledSegment[]),
		...(pending === undefined ? [] : [{text: '  '}, {text: `saving… (${pending})`, tone: 'warning'}] satisfies StyledSegment[]),
	];
	// The badges go first in the budget: a long name is cut, a badge never.
	const nameRoom = Math.max(1, width - 2 - badge.reduce((sum, segment) => sum + segment.text.length, 0));
	const name = shownDisplayName(user, shown);
	const identity = [user.email ? shown.email(user.email) : undefined, shown.freeText(user.user_id), sanitize(primaryConnection(user)) || undefined]
		.filter(part => part !== undefined)
		.join(' · ');
	return (
		<Box flexDirection="column" width={width}>
			<StyledLineView line={[{text: ` ${truncate(name, nameRoom)}`, tone: 'header', bold: true}, ...badge]} width={width} />
			{full && <StyledLineView line={[{text: ` ${identity}`, tone: 'muted'}]} width={width} />}
			{stale !== undefined && <Text color={theme.warning} wrap="truncate">{truncate(` ${shown.freeText(stale, personalValues(user))}`, width)}</Text>}
			<StyledLineView line={tabBar(tab)} width={width} />
			{full && <Text color={theme.muted} wrap="truncate">{'─'.repeat(Math.max(0, width))}</Text>}
		</Box>
	);
}

function tabBar(active: UserTab): StyledSegment[] {
	const segments: StyledSegment[] = [{text: ' '}];
	for (const [index, tab] of userTabs.entries()) {
		const label = ` ${index + 1} ${tabTitles[tab]} `;
		segments.push(tab === active ? {text: label, tone: 'accent', bold: true, inverse: true} : {text: label, tone: 'muted'}, {text: ' '});
	}

	return segments;
}
