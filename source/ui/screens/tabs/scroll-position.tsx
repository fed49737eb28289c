// The line under a tab's content when it does not fit: where you are in it.
import {Text} from 'ink';
import {theme} from '../../theme.js';
import {truncate} from '../../../terminal/text-width.js';

export type ScrollPositionProps = {
	readonly offset: number;
	readonly rows: number;
	readonly count: number;
	readonly width: number;
	/** What the lines are: "lines", "events". */
	readonly noun?: string;
};

export function scrollPositionText(offset: number, rows: number, count: number, noun = 'lines'): string {
	const last = Math.min(count, offset + rows);
	const more = count - last;
	return `${noun} ${offset + 1}–${last} of ${count}${more > 0 ? ' · j/k PgDn for more' : ''}`;
}

export function ScrollPosition({offset, rows, count, width, noun}: ScrollPositionProps) {
	return <Text color={theme.muted} wrap="truncate">{truncate(scrollPositionText(offset, rows, count, noun), width)}</Text>;
}
