// One row of coloured segments, cut to `width` so it never wraps.
import {Text} from 'ink';
import {theme} from '../theme.js';
import {clipSegments, type StyledLine} from './clip-segments.js';

export type StyledLineViewProps = {
	readonly line: StyledLine;
	readonly width: number;
};

export function StyledLineView({line, width}: StyledLineViewProps) {
	const segments = clipSegments(line, width);
	return (
		<Text wrap="truncate">
			{segments.length === 0 ? ' ' : segments.map((segment, index) => (
				<Text key={index} color={segment.tone ? theme[segment.tone] : undefined} bold={segment.bold} inverse={segment.inverse}>{segment.text}</Text>
			))}
		</Text>
	);
}
