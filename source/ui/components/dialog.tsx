// A box drawn over the current screen (overlays: menus, confirmations, popups).
// It covers its box and a one-column margin each side with blanks, so no
// character of the screen beneath touches its border: at 80 columns a
// 78-column box used to leave single letters of the page at its edges (`U│`).
import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {theme} from '../theme.js';
import {truncate} from '../../terminal/text-width.js';

export type DialogProps = {
	readonly title: string;
	/** Width and height available (the body area). */
	readonly areaWidth: number;
	readonly areaHeight: number;
	/** Wanted inner size; clamped to the area. */
	readonly width: number;
	readonly height: number;
	readonly tone?: 'normal' | 'danger';
	readonly children: ReactNode;
};

/** The inner width a dialog really gets in an area (its border and the margin take two columns each side). */
export function dialogInnerWidth(areaWidth: number, width: number): number {
	return Math.max(10, Math.min(width, areaWidth - 4));
}

export function dialogInnerHeight(areaHeight: number, height: number): number {
	return Math.max(1, Math.min(height, areaHeight - 2));
}

/**
 * The inner width a dialog asks for: what its content needs, at least `least`,
 * and at most `most` (a line longer than that is easier read wrapped). So a
 * dialog widens with the terminal when its content is wide.
 */
export function wantedWidth(content: number, least: number, most = Number.POSITIVE_INFINITY): number {
	return Math.min(most, Math.max(least, Math.ceil(content)));
}

/**
 * Where a dialog goes and what it covers: its box, and a margin of one column
 * each side where the area has room (a row above or below a border touches
 * nothing, a letter beside it reads as part of the dialog).
 */
export function dialogLayout(areaWidth: number, areaHeight: number, width: number, height: number) {
	const innerWidth = dialogInnerWidth(areaWidth, width);
	const innerHeight = dialogInnerHeight(areaHeight, height);
	const outerWidth = innerWidth + 2;
	const outerHeight = innerHeight + 2;
	const left = Math.max(0, Math.floor((areaWidth - outerWidth) / 2));
	const top = Math.max(0, Math.floor((areaHeight - outerHeight) / 3));
	const coverLeft = Math.max(0, left - 1);
	const coverRight = Math.min(areaWidth, left + outerWidth + 1);
	return {
		innerWidth, innerHeight, outerWidth, outerHeight, left, top,
		cover: {left: coverLeft, top, width: coverRight - coverLeft, height: Math.min(outerHeight, areaHeight - top)},
	};
}

export function Dialog({title, areaWidth, areaHeight, width, height, tone = 'normal', children}: DialogProps) {
	const {innerWidth, outerWidth, outerHeight, left, top, cover} = dialogLayout(areaWidth, areaHeight, width, height);
	const color = tone === 'danger' ? theme.danger : theme.accent;
	const blank = ' '.repeat(cover.width);
	return (
		<Box position="absolute" marginLeft={cover.left} marginTop={cover.top} width={cover.width} height={cover.height} flexDirection="column">
			{Array.from({length: cover.height}, (_, index) => <Text key={index}>{blank}</Text>)}
			<Box position="absolute" marginLeft={left - cover.left} marginTop={top - cover.top} width={outerWidth} height={outerHeight} flexDirection="column">
				<Box borderStyle="round" borderColor={color} width={outerWidth} height={outerHeight} flexDirection="column" overflow="hidden">
					{children}
				</Box>
				<Box position="absolute" marginLeft={2}>
					<Text bold color={color}>{` ${truncate(title, Math.max(1, innerWidth - 3))} `}</Text>
				</Box>
			</Box>
		</Box>
	);
}
