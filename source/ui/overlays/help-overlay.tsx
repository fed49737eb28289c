// `?`: every key, generated from the keymap table, the current screen's first.
import {Box, Text} from 'ink';
import {useMemo, useState} from 'react';
import {useDeck} from '../app-context.js';
import {Dialog, dialogInnerHeight, dialogInnerWidth, wantedWidth} from '../components/dialog.js';
import {bindings, helpScopes, keyHint, keyLabel, letterKey, type Scope, scopeTitles} from '../keymap.js';
import {isMonochrome, theme} from '../theme.js';
import {padEnd, truncate} from '../../terminal/text-width.js';
import {wrapAll} from '../../terminal/wrap-words.js';
import type {OverlayProps} from './overlay-view.js';
import {useViewerKeys} from './use-viewer-keys.js';

export type HelpLine = {kind: 'title' | 'binding' | 'blank'; keys?: string; text: string; dangerous?: boolean};

/** The help text: one section per scope, the given scopes first (see helpScopes). */
export function helpLines(first: readonly Scope[]): HelpLine[] {
	const lines: HelpLine[] = [];
	for (const scope of helpScopes(first)) {
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

/** The key column's width where the dialog has room. */
const keyColumn = 24;

/** The help's lines as drawn at a width: a description too long for its column goes on beneath, never cut. */
export function helpRows(lines: readonly HelpLine[], textWidth: number): HelpLine[] {
	return lines.flatMap(line => {
		if (line.kind !== 'binding') {
			return [line];
		}

		return wrapAll(line.text, Math.max(1, textWidth)).map((text, index) => index === 0 ? {...line, text} : {...line, keys: '', text, dangerous: false});
	});
}

export function HelpOverlay({overlay, width, height}: OverlayProps<'help'>) {
	const deck = useDeck();
	// The scopes the screen beneath takes keys in, as it registered them: its sections come first.
	const [lines] = useState(() => {
		const screen = deck.navigation.getState().stack.at(-1);
		return helpLines(screen ? deck.router.scopesOf(screen) : []);
	});
	const innerHeight = dialogInnerHeight(height, 40);
	const wanted = wantedWidth(keyColumn + 1 + Math.max(...lines.map(line => line.text.length)), 84);
	const inner = dialogInnerWidth(width, wanted);
	const keyWidth = Math.min(keyColumn, Math.floor(inner / 3));
	const rows = useMemo(() => helpRows(lines, inner - keyWidth - 1), [lines, inner, keyWidth]);
	const visible = Math.max(1, innerHeight - 1);
	const offset = useViewerKeys(overlay, rows.length, visible);

	return (
		<Dialog title="Keys" areaWidth={width} areaHeight={height} width={wanted} height={40}>
			<Box flexDirection="column">
				{rows.slice(offset, offset + visible).map((line, index) => {
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
				<Text color={theme.muted} wrap="truncate">{truncate(`${offset + 1}–${Math.min(rows.length, offset + visible)} of ${rows.length} · ${letterKey('help.down')}/${letterKey('help.up')} scroll · ${keyHint('help.close')} close`, inner)}</Text>
			</Box>
		</Dialog>
	);
}
