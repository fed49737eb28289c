// A box drawn over the current screen (overlays: menus, confirmations, popups).
// Every line is padded to the box's width so the screen beneath never shows through.
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

/** The inner width a dialog really gets in an area. */
export function dialogInnerWidth(areaWidth: number, width: number): number {
	return Math.max(10, Math.min(width, areaWidth - 4));
}

export function dialogInnerHeight(areaHeight: number, height: number): number {
	return Math.max(1, Math.min(height, areaHeight - 2));
}

export function Dialog({title, areaWidth, areaHeight, width, height, tone = 'normal', children}: DialogProps) {
	const innerWidth = dialogInnerWidth(areaWidth, width);
	const innerHeight = dialogInnerHeight(areaHeight, height);
	const outerWidth = innerWidth + 2;
	const outerHeight = innerHeight + 2;
	const left = Math.max(0, Math.floor((areaWidth - outerWidth) / 2));
	const top = Math.max(0, Math.floor((areaHeight - outerHeight) / 3));
	const color = tone === 'danger' ? theme.danger : theme.accent;
	const blank = ' '.repeat(innerWidth);
	return (
		<Box position="absolute" marginLeft={left} marginTop={top} width={outerWidth} height={outerHeight} flexDirection="column">
			<Box position="absolute" flexDirection="column" marginLeft={1} marginTop={1}>
				{Array.from({length: innerHeight}, (_, index) => <Text key={index}>{blank}</Text>)}
			</Box>
			<Box borderStyle="round" borderColor={color} width={outerWidth} height={outerHeight} flexDirection="column" overflow="hidden">
				{children}
			</Box>
			<Box position="absolute" marginLeft={2}>
				<Text bold color={color}>{` ${truncate(title, Math.max(1, innerWidth - 3))} `}</Text>
			</Box>
		</Box>
	);
}
