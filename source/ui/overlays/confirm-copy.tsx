// `y` while personal data is masked: the clipboard would get what the screen
// hides, so the admin says yes first (y/N, the reversible rung of the ladder).
// The copied text is not shown here either.
import {Box, Text} from 'ink';
import {useDeck, useKeyHandler, useShown} from '../app-context.js';
import {Dialog, dialogInnerWidth} from '../components/dialog.js';
import {isDeliberate} from '../input/key-name.js';
import {keyHint, resolveBinding} from '../keymap.js';
import {copyAndReport} from '../screens/copy-and-report.js';
import {theme} from '../theme.js';
import {truncate} from '../../terminal/text-width.js';
import {wrapAll} from '../../terminal/wrap-words.js';
import type {OverlayProps} from './overlay-view.js';

export function ConfirmCopy({overlay, width, height}: OverlayProps<'confirm-copy'>) {
	const deck = useDeck();
	const shown = useShown();
	useKeyHandler(overlay, ['confirm'], key => {
		// Yes is one key pressed on its own: the `y` that opened this, repeated in a burst, is not an answer.
		const id = key.isPaste ? undefined : resolveBinding(['confirm'], key.name)?.id;
		if (id === 'confirm.yes' && isDeliberate(key)) {
			deck.navigation.dispatch({type: 'close-overlay'});
			void copyAndReport(deck, overlay.text, overlay.what);
		} else if (id === 'confirm.no') {
			deck.navigation.dispatch({type: 'close-overlay'});
			deck.report('info', 'Nothing copied');
		}

		return true;
	});

	const inner = dialogInnerWidth(width, 64);
	const explanation = wrapAll(`Personal data is masked on screen. This copies ${shown.freeText(overlay.what)} unmasked, as stored, to the clipboard.`, inner, 3);
	return (
		<Dialog title="Copy unmasked data?" tone="danger" areaWidth={width} areaHeight={height} width={64} height={explanation.length + 2}>
			<Box flexDirection="column">
				{explanation.map((line, index) => <Text key={index} wrap="truncate">{truncate(line, inner)}</Text>)}
				<Text> </Text>
				<Text wrap="truncate"><Text bold color={theme.danger}>{keyHint('confirm.yes')}</Text> copy unmasked   <Text bold>{keyHint('confirm.no')}</Text> copy nothing</Text>
			</Box>
		</Dialog>
	);
}
