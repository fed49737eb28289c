// The result or error of the last operation. Every operation error lands here.
import {Text} from 'ink';
import {useContainer} from '../state/create-state.js';
import {useDeck} from '../app-context.js';
import {theme} from '../theme.js';
import {truncate} from '../../terminal/text-width.js';

const colors = {info: theme.muted, success: theme.success, error: theme.danger, progress: theme.warning} as const;

export function StatusLine({width}: {readonly width: number}) {
	const status = useContainer(useDeck().status);
	const prefix = status.kind === 'error' ? '✗ ' : (status.kind === 'success' ? '✓ ' : '');
	return <Text color={colors[status.kind]} wrap="truncate">{truncate(status.message ? prefix + status.message : ' ', width)}</Text>;
}
