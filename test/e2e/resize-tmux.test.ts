// Resizes in a real terminal (issue 13): the built console in tmux is shrunk
// and grown, and after each resize its screen must be exactly what a console
// started fresh at that size shows on the same screen (capture-pane text).
// Shrinking once left the breadcrumb, the sort line and the Name column blank
// with pieces of the old frame around them.
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, it} from 'vitest';
import {waitFor} from '../support/wait-for.js';

const cli = path.resolve('dist/cli.js');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const prefix = `userdeck-resize-${process.pid}`;
/** A tmux server of this file's own: its sessions' sizes and options touch no one else's. */
const server = prefix;
let dir: string;
let store: string;
let counter = 0;

type Size = readonly [columns: number, rows: number];
/** A key to send and what shows once it has been handled. */
type Step = readonly [key: string, shows: string | RegExp];

function tmux(...args: string[]): string {
	return execFileSync('tmux', ['-L', server, ...args], {encoding: 'utf8'});
}

function capture(session: string): string {
	return tmux('capture-pane', '-p', '-t', session);
}

/**
 * The screen with relative times ("18 minutes ago", or "18 minutes ag" where
 * the column cuts it) blanked: the two consoles started at different moments,
 * and a minute may pass between them. The placeholder keeps the width, so
 * every column must still line up.
 */
function screenOf(session: string): string {
	return capture(session).replaceAll(/\b\d+ (?:second|minute|hour|day|week|month|year)s?(?: a?g?o?)? */g, match => '~'.repeat(match.length));
}

async function see(session: string, text: string | RegExp): Promise<void> {
	await waitFor(() => {
		const screen = capture(session);
		return typeof text === 'string' ? screen.includes(text) : text.test(screen);
	}, {timeout: 30_000, message: () => `expected ${String(text)} on screen:\n${capture(session)}`});
}

/** A console at `size`, taken through `steps`, each waited for. */
async function open([columns, rows]: Size, steps: readonly Step[]): Promise<string> {
	const session = `${prefix}-${counter++}`;
	tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows),
		`env CI=false TERM=xterm-256color ${process.execPath} ${cli} --store ${store}`);
	await see(session, /1\/60\b/);
	for (const [key, shows] of steps) {
		tmux('send-keys', '-t', session, key);
		await see(session, shows);
	}

	return session;
}

function close(session: string): void {
	spawnSync('tmux', ['-L', server, 'kill-session', '-t', session]);
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

beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'userdeck-resize-'));
	store = path.join(dir, 'store.ndjson');
	execFileSync(process.execPath, [cli, 'demo', '--store', store, '--users', '60', '--seed', 'resize']);
});

afterAll(async () => {
	if (hasTmux) {
		spawnSync('tmux', ['-L', server, 'kill-server']);
		// The server's socket outlives it; it goes too.
		rmSync(path.join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, server), {force: true});
	}

	await rm(dir, {recursive: true, force: true});
});

describe.skipIf(!hasTmux)('resizing the console in a real terminal (tmux)', () => {
	it('the Users list, shrunk and grown, is what a fresh console at each size shows', async () => {
		await resizeAndCompare([], [[80, 24], [120, 40], [100, 30], [80, 22], [60, 20], [120, 40]]);
	}, 180_000);

	it('the User page on Locations, and the help overlay, likewise', async () => {
		await resizeAndCompare([['Enter', 'User Identity'], ['4', 'Last seen']], [[160, 48], [100, 30], [160, 48]]);
		await resizeAndCompare([['?', '─ Keys ─']], [[80, 24], [60, 20], [100, 30]]);
	}, 180_000);
});
