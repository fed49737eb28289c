// Store name, counts, and where you are (a breadcrumb).
import {Box, Text} from 'ink';
import {useDeck, useStoreRevision} from '../app-context.js';
import {type Navigation, tabTitles} from '../state/navigation.js';
import {theme} from '../theme.js';
import {sanitize} from '../../terminal/sanitize.js';
import {truncate} from '../../terminal/text-width.js';
import {displayName} from '../../domain/user-factory.js';
import {groupDigits} from '../../domain/group-digits.js';

export function Header({width, navigation}: {readonly width: number; readonly navigation: Navigation}) {
	const deck = useDeck();
	useStoreRevision();
	const blocked = deck.service.blockedCount();
	const counts = `${groupDigits(deck.service.userCount())} users${blocked !== undefined && blocked > 0 ? ` · ${groupDigits(blocked)} blocked` : ''}`;
	// A live tenant is never mistaken for a local store: its domain and LIVE, in the danger colour.
	const {source} = deck.service;
	const live = source.kind === 'tenant' ? ' LIVE ' : '';
	const title = ` userdeck  ${deck.storeLabel}`;
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
				return `${user ? sanitize(displayName(user)) : screen.userId} › ${tabTitles[screen.tab]}`;
			}
		}
	});
	const room = Math.max(0, width - counts.length - 1 - live.length);
	return (
		<Box flexDirection="column" width={width}>
			<Box width={width}>
				{live && <Text bold inverse color={theme.danger}>{live}</Text>}
				<Text bold color={theme.header} wrap="truncate">{truncate(sanitize(title), room).padEnd(room)}</Text>
				<Text color={theme.muted}>{counts} </Text>
			</Box>
			<Text color={theme.accent} wrap="truncate">{truncate(` ${crumbs.join(' › ')}`, width)}</Text>
		</Box>
	);
}
