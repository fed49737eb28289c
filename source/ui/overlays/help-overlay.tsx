// `?`: every key, generated from the keymap table, the current screen's first.
import {Box, Text} from 'ink';
import {useState} from 'react';
import {useDeck} from '../app-context.js';
import {Dialog, dialogInnerHeight, dialogInnerWidth} from '../components/dialog.js';
import {bindings, keyHint, keyLabel, letterKey, type Scope, scopeTitles} from '../keymap.js';
import {isMonochrome, theme} from '../theme.js';
import {padEnd, truncate} from '../../terminal/text-width.js';
import type {OverlayProps} from './overlay-view.js';
import {useViewerKeys} from './use-viewer-keys.js';

export type HelpLine = {kind: 'title' | 'binding' | 'blank'; keys?: string; text: string; dangerous?: boolean};

/** The help text: one section per scope, the given scopes first. */
export function helpLines(first: readonly Scope[]): HelpLine[] {
	const order = [...new Set<Scope>([...first, ...bindings.map(binding => binding.scope)])];
	const lines: HelpLine[] = [];
	for (const scope of order) {
		const inScope = bindings.filter(binding => binding.scope === scope);
		if (inScope.length === 0) {
			continue;
		}

		if (lines.length > 0) {
			lines.push({kind: 'blank', text: ''});
		}

		lines.push({kind: 'title', text: scopeTitles[scope]});
		for (const binding of inScope) {
			lines.push({kind: 'binding', keys: binding.keys.map(key => keyLabel(key)).join(' '), text: binding.description, dangerous: binding.dangerous});
		}
	}

	return lines;
}

export function HelpOverlay({overlay, width, height}: OverlayProps<'help'>) {
	const deck = useDeck();
	// The scopes of the screen beneath: its section comes first.
	const [lines] = useState(() => {
		const navigation = deck.navigation.getState();
		const screen = navigation.stack.at(-1);
		const first: Scope[] = screen?.name === 'users' ? ['list', 'filter'] : screen?.name === 'create-user' ? ['form'] : [screen?.name === 'user' ? screen.tab === 'raw' ? 'raw' : screen.tab : 'user', 'user'];
		return helpLines(first);
	});
	const innerHeight = dialogInnerHeight(height, 40);
	const inner = dialogInnerWidth(width, 84);
	const visible = Math.max(1, innerHeight - 1);
	const offset = useViewerKeys(overlay, lines.length, visible);

	const keyWidth = Math.min(24, Math.floor(inner / 3));
	return (
		<Dialog title="Keys" areaWidth={width} areaHeight={height} width={84} height={40}>
			<Box flexDirection="column">
				{lines.slice(offset, offset + visible).map((line, index) => {
					if (line.kind === 'title') {
						return <Text key={index} bold color={theme.header} wrap="truncate">{truncate(line.text, inner)}</Text>;
					}

					if (line.kind === 'blank') {
						return <Text key={index}> </Text>;
					}

					return (
						<Text key={index} wrap="truncate">
							<Text color={line.dangerous ? theme.danger : theme.accent}>{padEnd(truncate(`${line.dangerous && isMonochrome() ? '!' : ' '} ${line.keys ?? ''}`, keyWidth), keyWidth)}</Text>
							<Text>{truncate(` ${line.text}`, inner - keyWidth)}</Text>
						</Text>
					);
				})}
				<Text color={theme.muted} wrap="truncate">{truncate(`${offset + 1}–${Math.min(lines.length, offset + visible)} of ${lines.length} · ${letterKey('viewer.down')}/${letterKey('viewer.up')} scroll · ${keyHint('viewer.close')} close`, inner)}</Text>
			</Box>
		</Dialog>
	);
}
