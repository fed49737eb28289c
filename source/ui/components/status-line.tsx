// The result or error of the last operation. Every operation error lands here.
// Messages fade after a while (errors stay longer), as k9s's flash line does, so
// a result from one screen does not linger over the next.
import {Text} from 'ink';
import {useEffect} from 'react';
import {useContainer} from '../state/create-state.js';
import {useDeck} from '../app-context.js';
import {theme} from '../theme.js';
import {truncate} from '../../terminal/text-width.js';


export const statusLifetimeMs = {info: 6000, success: 6000, error: 15_000, progress: 60_000} as const;

export function StatusLine({width}: {readonly width: number}) {
	const {status} = useDeck();
	const current = useContainer(status);
	useEffect(() => {
		if (!current.message) {
			return;
		}

		const timer = setTimeout(() => {
			if (status.getState().serial === current.serial) {
				status.dispatch({type: 'clear'});
			}
		}, statusLifetimeMs[current.kind]);
		timer.unref?.();
		return () => {
			clearTimeout(timer);
		};
	}, [status, current]);
	const prefix = current.kind === 'error' ? '✗ ' : (current.kind === 'success' ? '✓ ' : '');
	const color = {info: theme.muted, success: theme.success, error: theme.danger, progress: theme.warning}[current.kind];
	return <Text color={color} wrap="truncate">{truncate(current.message ? prefix + current.message : ' ', width)}</Text>;
}
