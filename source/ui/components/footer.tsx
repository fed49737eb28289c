// One line of key hints for the current input owner, generated from the keymap.
import {Text} from 'ink';
import {useSyncExternalStore} from 'react';
import {useDeck} from '../app-context.js';
import {footerHints} from '../keymap.js';
import {theme} from '../theme.js';

export function Footer({width}: {readonly width: number}) {
	const {router} = useDeck();
	const scopeKey = useSyncExternalStore(router.subscribeScopes, () => router.activeScopes().join(' '));
	const hints = footerHints(scopeKey.split(' ') as Parameters<typeof footerHints>[0]);
	// `? help` is always shown, last: room for it is kept first.
	const help = hints.find(hint => hint.id === 'global.help');
	let used = help ? help.label.length + (help.hint ?? '').length + 1 : 0;
	const parts: Array<{key: string; label: string; description: string}> = [];
	for (const hint of hints) {
		if (hint === help) {
			continue;
		}

		const description = hint.hint ?? hint.description;
		const length = hint.label.length + description.length + 4;
		if (used + length > width) {
			break;
		}

		used += length;
		parts.push({key: hint.id, label: hint.label, description});
	}

	if (help) {
		parts.push({key: help.id, label: help.label, description: help.hint ?? help.description});
	}

	return (
		<Text wrap="truncate">
			{parts.map(part => (
				<Text key={part.key}>
					<Text color={theme.accent} bold>{part.label}</Text>
					<Text color={theme.muted}> {part.description}{part.key === 'global.help' ? '' : '   '}</Text>
				</Text>
			))}
		</Text>
	);
}
