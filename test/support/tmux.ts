// The real-terminal tests: the built console (dist/) inside tmux, keys sent
// with send-keys, the screen read with capture-pane. Every wait is for what
// the screen shows, never for time.
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll} from 'vitest';
import {waitFor} from './wait-for.js';

export const cli = path.resolve('dist/cli.js');
/**
 * The longest pause between two reads of a screen while waiting for it: each
 * read spawns tmux (about 10 ms of CPU), and reads 5 ms apart would take most
 * of a core from the console being waited on (see waitFor).
 */
export const screenPoll = {maxInterval: 40} as const;
export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export type TerminalOptions = {
	/** Names the default session (userdeck-NAME-PID), the sessions opened beside it and the store's folder. */
	name: string;
	/** The demo store's size and seed. */
	users: number;
	seed: string;
	/** How long see() waits for its text by default. */
	timeout?: number;
};

export type Terminal = ReturnType<typeof realTerminal>;

/**
 * A demo store made before the file's tests and a tmux to drive the console
 * over it; every session opened through it, the store's folder (and an own
 * server with its socket) go after the tests.
 */
export function realTerminal({name, users, seed, timeout = 30_000}: TerminalOptions) {
	const session = `userdeck-${name}-${process.pid}`;
	// A tmux server of the file's own (tmux -L): its sessions' sizes and options
	// touch no one else's, and no other file's last session ending takes the
	// server down under a new-session of this one ("server exited unexpectedly").
	const serverArgs = ['-L', session];
	const opened = new Set<string>();
	let counter = 0;
	let dir: string | undefined;

	function tmux(...args: string[]): string {
		return execFileSync('tmux', [...serverArgs, ...args], {encoding: 'utf8'});
	}

	function screen(target = session): string {
		return tmux('capture-pane', '-p', '-t', target);
	}

	beforeAll(() => {
		dir = mkdtempSync(path.join(tmpdir(), `userdeck-${name}-`));
		execFileSync(process.execPath, [cli, 'demo', '--store', path.join(dir, 'store.ndjson'), '--users', String(users), '--seed', seed]);
		if (hasTmux) {
			// A session that lives as long as the file's tests: a server whose last
			// session just ended exits, and a new-session that reaches it then fails.
			// Not named after the session: tmux -t takes a unique prefix, and
			// has-session for an ended session would then find this one.
			tmux('new-session', '-d', '-s', 'keeper');
		}
	});

	afterAll(async () => {
		if (hasTmux) {
			spawnSync('tmux', [...serverArgs, 'kill-server']);
			// The server's socket outlives it; it goes too.
			rmSync(path.join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, session), {force: true});
		}

		if (dir !== undefined) {
			await rm(dir, {recursive: true, force: true});
		}
	});

	async function see(text: string | RegExp, target = session): Promise<string> {
		return waitFor(() => {
			const current = screen(target);
			return (typeof text === 'string' ? current.includes(text) : text.test(current)) ? current : undefined;
		}, {timeout, ...screenPoll, message: () => `expected ${String(text)} on screen:\n${screen(target)}`});
	}

	function type(text: string, target = session): void {
		for (const char of text) {
			tmux('send-keys', '-t', target, '-l', char);
		}
	}

	return {
		/** The default session's name. */
		session,
		get dir(): string {
			return dir!;
		},
		get store(): string {
			return path.join(dir!, 'store.ndjson');
		},
		tmux,
		screen,
		/** Waits until `text` is on `target`'s screen, and returns that screen. */
		see,
		/** Sends keys in one send-keys: tmux writes them to the terminal together, so they usually arrive in one read. */
		keys(...names: string[]): void {
			tmux('send-keys', '-t', session, ...names);
		},
		/** Sends keys, as keys() does, to another session. */
		keysTo(target: string, ...names: string[]): void {
			tmux('send-keys', '-t', target, ...names);
		},
		/** Types literally, one send-keys per character (on a busy machine several still arrive in one read). */
		type,
		/**
		 * Deletes the user whose page is open in the default session through the
		 * Actions menu's last item, typing `email` to confirm; the Enter that
		 * deletes is sent on its own, once the typed email is on screen.
		 */
		async deleteOpenUser(email: string): Promise<void> {
			tmux('send-keys', '-t', session, 'a');
			await see('Delete User');
			// The last item (G), whatever comes between.
			tmux('send-keys', '-t', session, 'G');
			await see('› Delete User');
			tmux('send-keys', '-t', session, 'Enter');
			await see('Yes, Delete It');
			type(email);
			await see('press Enter');
			tmux('send-keys', '-t', session, 'Enter');
			await see(/Deleted/);
		},
		/** Opens a session running `command` (the default session, or a new one named after it), to be killed after the tests. */
		open(columns: number, rows: number, command: string, target = `${session}-${++counter}`): string {
			opened.add(target);
			tmux('new-session', '-d', '-s', target, '-x', String(columns), '-y', String(rows), command);
			return target;
		},
		/**
		 * The console as a person runs it over the store (Ink draws nothing when it
		 * sees CI), its prompt history in the test's folder, not the home folder.
		 */
		consoleCommand(): string {
			return `env CI=false TERM=xterm-256color USERDECK_STATE_DIR=${path.join(dir!, 'state')} ${process.execPath} ${cli} --store ${path.join(dir!, 'store.ndjson')}`;
		},
		/** Kills `target`, if it still runs. */
		close(target = session): void {
			spawnSync('tmux', [...serverArgs, 'kill-session', '-t', target]);
		},
		/** Whether `target` still runs (a session ends with its command). */
		isOpen(target = session): boolean {
			return spawnSync('tmux', [...serverArgs, 'has-session', '-t', target]).status === 0;
		},
		/** The CLI's --json output over the store. */
		cliJson<T>(...args: string[]): T {
			return JSON.parse(execFileSync(process.execPath, [cli, ...args, '--json', '--store', path.join(dir!, 'store.ndjson')], {encoding: 'utf8'})) as T;
		},
	};
}
