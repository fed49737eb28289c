// A line drawn in several colours, cut to the width it may take. Cutting is done
// here, before Ink sees the text, so a long line never wraps into the next row.
import type {ThemeToken} from '../theme.js';
import {displayWidth, truncate} from '../../terminal/text-width.js';

export type StyledSegment = {
	/** Already sanitized. */
	readonly text: string;
	readonly tone?: ThemeToken;
	readonly bold?: boolean;
	/** Swapped colours: badges, the active tab. */
	readonly inverse?: boolean;
};

export type StyledLine = readonly StyledSegment[];

/** The segments that fit in `width` cells; a line that had to be cut ends with `…`. */
export function clipSegments(segments: StyledLine, width: number): StyledSegment[] {
	if (width <= 0) {
		return [];
	}

	const widths = segments.map(segment => displayWidth(segment.text));
	if (widths.reduce((sum, size) => sum + size, 0) <= width) {
		return [...segments];
	}

	const clipped: StyledSegment[] = [];
	let room = width - 1;
	for (const [index, segment] of segments.entries()) {
		const size = widths[index] ?? 0;
		if (size <= room) {
			clipped.push(segment);
			room -= size;
			continue;
		}

		const cut = truncate(segment.text, room, '');
		// The ellipsis takes the colour of the text it stands for.
		clipped.push({...segment, text: `${cut}…`});
		break;
	}

	return clipped;
}
