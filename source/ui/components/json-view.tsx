// A window of JSON lines (from json-lines.ts) in the theme's syntax colours,
// each cut to the width. Used by the Raw JSON tab and the event viewer.
import {Box} from 'ink';
import type {ThemeToken} from '../theme.js';
import type {StyledLine} from './clip-segments.js';
import type {JsonLine, JsonToken} from './json-lines.js';
import {StyledLineView} from './styled-line-view.js';

export type JsonViewProps = {
	readonly lines: readonly JsonLine[];
	/** Index of the first line shown. */
	readonly offset: number;
	readonly height: number;
	readonly width: number;
};

const tones: Record<JsonToken, ThemeToken> = {
	key: 'jsonKey',
	string: 'jsonString',
	number: 'jsonNumber',
	literal: 'jsonLiteral',
	punctuation: 'jsonPunctuation',
};

/** A JSON line as styled segments, for views that mix JSON with other text. */
export function styledJsonLine(line: JsonLine): StyledLine {
	return line.map(segment => ({text: segment.text, tone: tones[segment.token]}));
}

export function JsonView({lines, offset, height, width}: JsonViewProps) {
	const first = Math.max(0, Math.min(offset, lines.length - 1));
	const visible = lines.slice(first, first + Math.max(0, height));
	return (
		<Box flexDirection="column" width={width}>
			{visible.map((line, index) => (
				<StyledLineView key={first + index} line={styledJsonLine(line)} width={width} />
			))}
		</Box>
	);
}
