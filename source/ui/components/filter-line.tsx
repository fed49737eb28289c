// The Users list's filter line: the `:` query and the `/` text in force, side
// by side as they stack (`: logins_count:[10 TO *]  / ann`), the one a
// prompt edits with its cursor. The query comes first, as the outer filter,
// so a syntax error's caret lines up under it from the left edge.
import {Box, Text} from 'ink';
import type {TextFieldState} from '../state/text-field.js';
import {displayWidth} from '../../terminal/text-width.js';
import {PromptLine} from './prompt-line.js';

export type FilterLineProps = {
	/** The `:` query shown ('' for none). */
	readonly query: string;
	/** The `/` text shown ('' for none). */
	readonly text: string;
	/** The prompt being typed in, if any: its field replaces its layer's text. */
	readonly editing?: {readonly mode: 'query' | 'text'; readonly field: TextFieldState} | undefined;
	readonly width: number;
};

const gap = 2;

/** The widths of the query and the text parts (0 for a part not shown). */
export function filterLineWidths({query, text, editing, width}: FilterLineProps): {query: number; text: number} {
	const showQuery = editing?.mode === 'query' || query !== '';
	const showText = editing?.mode === 'text' || text !== '';
	if (!showQuery || !showText) {
		return {query: showQuery ? width : 0, text: showText ? width : 0};
	}

	const room = Math.max(2, width - gap);
	const natural = (value: string) => 2 + displayWidth(value) + 1;
	// The part being typed in gets the room; the other one at most half of it.
	if (editing?.mode === 'query') {
		const textWidth = Math.min(natural(text), Math.floor(room / 2));
		return {query: room - textWidth, text: textWidth};
	}

	const queryWidth = Math.min(natural(query), Math.floor(room / 2));
	return {query: queryWidth, text: room - queryWidth};
}

export function FilterLine(props: FilterLineProps) {
	const {query, text, editing} = props;
	const widths = filterLineWidths(props);
	const field = (mode: 'query' | 'text', value: string) => editing?.mode === mode ? editing.field : {value, cursor: 0};
	return (
		<Box>
			{widths.query > 0 && (
				<Box width={widths.query}>
					<PromptLine symbol=":" field={field('query', query)} focused={editing?.mode === 'query'} width={widths.query} />
				</Box>
			)}
			{widths.query > 0 && widths.text > 0 && <Text>{' '.repeat(gap)}</Text>}
			{widths.text > 0 && (
				<Box width={widths.text}>
					<PromptLine symbol="/" field={field('text', text)} focused={editing?.mode === 'text'} width={widths.text} />
				</Box>
			)}
		</Box>
	);
}
