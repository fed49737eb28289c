// The Locations tab's map in its frame: a caption in the top border (what is
// selected, zoom, centre), the braille rows between side borders, and the keys
// in the bottom border. The frame turns the accent colour while the map has focus.
import {Box, Text} from 'ink';
import {memo} from 'react';
import type {CellKind, MapSegment} from '../../../map/types.js';
import {displayWidth, truncate} from '../../../terminal/text-width.js';
import {latestPinGlyph, pinGlyph} from '../../../map/render-map.js';
import {isMonochrome, theme} from '../../theme.js';

/** Water stays uncoloured: plain spaces, so the terminal's own background shows. */
function cellColor(kind: CellKind): string | undefined {
	return {land: theme.land, water: undefined, pin: theme.pin, 'pin-latest': theme.pinLatest, 'pin-highlight': theme.pinHighlight}[kind];
}

/**
 * Without colours the pins' kinds keep their meaning: the latest place has its
 * own glyph (the list beside the map uses it too), the selected one is drawn
 * in reverse video.
 */
function MapSegmentText({segment}: {readonly segment: MapSegment}) {
	const isPin = segment.kind !== 'land' && segment.kind !== 'water';
	if (isMonochrome() && isPin) {
		const text = segment.kind === 'pin-latest' ? segment.text.replaceAll(pinGlyph, latestPinGlyph) : segment.text;
		return <Text bold inverse={segment.kind === 'pin-highlight'}>{text}</Text>;
	}

	return <Text color={cellColor(segment.kind)} bold={isPin}>{segment.text}</Text>;
}

export type LocationsMapProps = {
	readonly lines: ReadonlyArray<readonly MapSegment[]>;
	/** The frame's width; the map's rows are two cells narrower. */
	readonly width: number;
	readonly focused: boolean;
	/** Already sanitized. */
	readonly caption: string;
	readonly hint: string;
};

/** A border line with a text set into it: `╭─ text ───╮`. */
function borderLine(left: string, text: string, right: string, width: number): {head: string; text: string; tail: string} {
	const room = width - 2;
	if (room <= 4) {
		return {head: left + '─'.repeat(Math.max(0, room)), text: '', tail: width >= 2 ? right : ''};
	}

	const shown = truncate(text, room - 4);
	const fill = Math.max(0, room - 3 - displayWidth(shown));
	return {head: `${left}─ `, text: shown, tail: ` ${'─'.repeat(fill)}${right}`};
}

export function LocationsMap({lines, width, focused, caption, hint}: LocationsMapProps) {
	const border = focused ? theme.accent : theme.muted;
	const top = borderLine('╭', caption, '╮', width);
	const bottom = borderLine('╰', hint, '╯', width);
	return (
		<Box flexDirection="column" width={width} flexShrink={0}>
			<Text wrap="truncate">
				<Text color={border}>{top.head}</Text>
				<Text bold={focused}>{top.text}</Text>
				<Text color={border}>{top.tail}</Text>
			</Text>
			<MapRows lines={lines} border={border} />
			<Text wrap="truncate">
				<Text color={border}>{bottom.head}</Text>
				<Text color={focused ? theme.accent : theme.muted} bold={focused}>{bottom.text}</Text>
				<Text color={border}>{bottom.tail}</Text>
			</Text>
		</Box>
	);
}

type MapRowsProps = {
	readonly lines: ReadonlyArray<readonly MapSegment[]>;
	readonly border: string | undefined;
};

/** Memoised: a caption or list change re-renders none of the map's (many) segments. */
const MapRows = memo(function MapRows({lines, border}: MapRowsProps) {
	return (
		<>
			{lines.map((segments, row) => (
				// Rows have no identity but their position; the frame is redrawn whole.
				<Text key={row} wrap="truncate">
					<Text color={border}>│</Text>
					{segments.map((segment, index) => <MapSegmentText key={index} segment={segment} />)}
					<Text color={border}>│</Text>
				</Text>
			))}
		</>
	);
});
