// Store name (and for a pulled store, the tenant it copies and when), counts,
// and where you are (a breadcrumb); a MASKED badge while personal data is
// masked on screen.
import {Box, Text} from 'ink';
import {useDeck, useShown, useStoreRevision} from '../app-context.js';
import {useContainer} from '../state/create-state.js';
import {marksModel} from '../state/marks.js';
import {type Navigation, tabTitles} from '../state/navigation.js';
import {theme} from '../theme.js';
import {sanitize} from '../../terminal/sanitize.js';
import {truncate} from '../../terminal/text-width.js';
import {shownDisplayName} from '../mask/user-personal.js';
import {groupDigits} from '../../domain/group-digits.js';

/** Says that personal data is masked, so no one takes the screen for the data. */
export const maskedBadge = ' MASKED ';

/** A pulled store's origin, as the header says it: "copy of dev-abc.us.auth0.com · pulled 2026-12-07 12:00" (local time). */
export function copyLabel(copyOf: {readonly tenant: string; readonly pulledAt: Date}): string {
	const at = copyOf.pulledAt;
	const two = (value: number) => String(value).padStart(2, '0');
	const when = Number.isNaN(at.getTime()) ? 'unknown' : `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}`;
	return `copy of ${copyOf.tenant} · pulled ${when}`;
}

export function Header({width, navigation}: {readonly width: number; readonly navigation: Navigation}) {
	const deck = useDeck();
	const shown = useShown();
	useStoreRevision();
	const blocked = deck.service.blockedCount();
	const marked = useContainer(marksModel(deck)).size;
	const markedText = marked > 0 ? ` · ${groupDigits(marked)} marked` : '';
	const count = deck.service.userCount();
	const counts = `${count === undefined ? '…' : groupDigits(count)} users${blocked !== undefined && blocked > 0 ? ` · ${groupDigits(blocked)} blocked` : ''}`;
	// A live tenant is never mistaken for a local store: its domain and LIVE, in the danger colour.
	const {source} = deck.service;
	const live = source.kind === 'tenant' ? ' LIVE ' : '';
	const copy = source.kind === 'local' && source.copyOf ? `  ${copyLabel(source.copyOf)}` : '';
	const title = ` userdeck  ${deck.storeLabel}${copy}`;
	const crumbs = navigation.stack.map(screen => {
		switch (screen.name) {
			case 'users': {
				return 'Users';
			}

			case 'create-user': {
				return 'Create User';
			}

			case 'user': {
				const user = deck.service.user(screen.userId);
				return `${user ? shownDisplayName(user, shown) : sanitize(screen.userId)} › ${tabTitles[screen.tab]}`;
			}

			// The form's title names the user.
			case 'change-password': {
				return 'Change Password';
			}

			case 'change-email': {
				return 'Change Email';
			}
		}
	});
	// The badge goes first in the budget: a long store name is cut, the badge never.
	const badge = shown.masked ? maskedBadge : '';
	const room = Math.max(0, width - counts.length - markedText.length - 1 - live.length - (badge ? badge.length + 1 : 0));
	return (
		<Box flexDirection="column" width={width}>
			<Box width={width}>
				{live && <Text bold inverse color={theme.danger}>{live}</Text>}
				<Text bold color={theme.header} wrap="truncate">{truncate(sanitize(title), room).padEnd(room)}</Text>
				{badge && <Text bold inverse color={theme.warning}>{badge}</Text>}
				{badge && <Text> </Text>}
				<Text color={theme.muted}>{counts}</Text>
				{markedText && <Text bold color={theme.warning}>{markedText}</Text>}
				<Text> </Text>
			</Box>
			<Text color={theme.accent} wrap="truncate">{truncate(` ${crumbs.join(' › ')}`, width)}</Text>
		</Box>
	);
}
