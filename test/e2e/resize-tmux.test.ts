// Resizes in a real terminal (issue 13): the built console in tmux is shrunk
// and grown, and after each resize its screen must be exactly what a console
// started fresh at that size shows on the same screen (capture-pane text).
// Shrinking once left the breadcrumb, the sort line and the Name column blank
// with pieces of the old frame around them.
import {describe, it} from 'vitest';
import {hasTmux, realTerminal, screenPoll} from '../support/tmux.js';
import {waitFor} from '../support/wait-for.js';

const terminal = realTerminal({name: 'resize', users: 60, seed: 'resize'});
const {tmux, screen: capture, see, close} = terminal;

type Size = readonly [columns: number, rows: number];
/** A key to send and what shows once it has been handled. */
type Step = readonly [key: string, shows: string | RegExp];

/**
 * The screen with relative times ("18 minutes ago", or "18 minutes ag" where
 * the column cuts it) blanked: the two consoles started at different moments,
 * and a minute may pass between them. The placeholder keeps the width, so
 * every column must still line up.
 */
function screenOf(session: string): string {
	return capture(session).replaceAll(/\b\d+ (?:second|minute|hour|day|week|month|year)s?(?: a?g?o?)? */g, match => '~'.repeat(match.length));
}

/** A console at `size`, taken through `steps`, each waited for. */
async function open([columns, rows]: Size, steps: readonly Step[]): Promise<string> {
	const session = terminal.open(columns, rows, terminal.consoleCommand());
	await see(/1\/60\b/, session);
	for (const [key, shows] of steps) {
		terminal.keysTo(session, key);
		await see(shows, session);
	}

	return session;
}

/** Resizes `session` through `sizes`; after each, its screen must become a fresh console's at that size. */
async function resizeAndCompare(steps: readonly Step[], sizes: readonly Size[]): Promise<void> {
	const resized = await open(sizes[0]!, steps);
	try {
		for (const size of sizes.slice(1)) {
			tmux('resize-window', '-t', resized, '-x', String(size[0]), '-y', String(size[1]));
			const fresh = await open(size, steps);
			try {
				// Both settle (the resized one redraws, the fresh one finishes its first frames): wait for equality.
				await waitFor(() => screenOf(resized) === screenOf(fresh), {
					timeout: 30_000,
					...screenPoll,
					message: () => `after resizing to ${size.join('x')}, the screen:\n${capture(resized)}\nA fresh console at that size:\n${capture(fresh)}`,
				});
			} finally {
				close(fresh);
			}
		}
	} finally {
		close(resized);
	}
}

describe.skipIf(!hasTmux)('resizing the console in a real terminal (tmux)', () => {
	it('the Users list, shrunk and grown, is what a fresh console at each size shows', async () => {
		await resizeAndCompare([], [[80, 24], [120, 40], [100, 30], [80, 22], [60, 20], [120, 40]]);
	}, 180_000);

	it('the User page on Locations, and the help overlay, likewise', async () => {
		await resizeAndCompare([['Enter', 'User Identity'], ['4', 'Last seen']], [[160, 48], [100, 30], [160, 48]]);
		await resizeAndCompare([['?', '─ Keys ─']], [[80, 24], [60, 20], [100, 30]]);
	}, 180_000);
});
