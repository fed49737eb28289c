import {type ChildProcess, spawn} from 'node:child_process';
import {EventEmitter} from 'node:events';
import {afterEach, describe, expect, test, vi} from 'vitest';
import {type BrowserDeps, type BrowserResult, type LauncherProcess, openInBrowser} from '../../source/terminal/browser.js';
import {hostileBrowserTargets} from './hostile-urls.js';
import {findUnsafeCharacters} from './unsafe-characters.js';

/** A launcher process under the test's control, like the one `open` returns. */
class FakeLauncher extends EventEmitter implements LauncherProcess {
	exitCode: number | null = null;
	signalCode: string | null = null;
	readonly spawnfile = '/usr/lib/node_modules/open/xdg-open';

	exit(code: number | null, signal: string | null = null): void {
		this.exitCode = code;
		this.signalCode = signal;
		this.emit('exit', code, signal);
	}
}

type OpenCall = {target: string; options: {readonly wait: false}};

function fakeOpen(launch: () => Promise<LauncherProcess> | LauncherProcess) {
	const calls: OpenCall[] = [];
	const open: BrowserDeps['open'] = async (target, options) => {
		calls.push({target, options});
		return launch();
	};

	return {open, calls};
}

const desktop = {platform: 'linux', env: {DISPLAY: ':0'}, isWsl: () => false} as const;
const url = 'https://login.example.com/impersonate?ticket=abc';
const copyHint = 'Copy the URL instead.';

/** Lets pending promise callbacks run without moving fake time. */
async function settled<T>(promise: Promise<T>): Promise<{done: boolean; value?: T}> {
	let state: {done: boolean; value?: T} = {done: false};
	void promise.then(value => {
		state = {done: true, value};
	});
	await vi.advanceTimersByTimeAsync(0);
	return state;
}

afterEach(() => {
	vi.useRealTimers();
});

describe('openInBrowser refuses unsafe targets', () => {
	test.each(hostileBrowserTargets)('%s never reaches open', async (_why, target) => {
		const {open, calls} = fakeOpen(() => new FakeLauncher());
		const result = await openInBrowser(target, {...desktop, open});
		expect(calls).toHaveLength(0);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.message).toMatch(/^Refused to open this URL: /);
			expect(findUnsafeCharacters(result.message)).toEqual([]);
		}
	});

	test('a safe URL does reach open, re-serialised, without waiting for the browser', async () => {
		const launcher = new FakeLauncher();
		const {open, calls} = fakeOpen(() => launcher);
		const result = openInBrowser('HTTPS://Login.Example.com', {...desktop, open, settleMs: 50});
		await vi.waitFor(() => {
			expect(calls).toHaveLength(1);
		});
		launcher.exit(0);
		expect(await result).toEqual({ok: true});
		expect(calls).toEqual([{target: 'https://login.example.com/', options: {wait: false}}]);
	});
});

describe('openInBrowser without a display', () => {
	test('fails at once on Linux when neither DISPLAY nor WAYLAND_DISPLAY is set', async () => {
		const {open, calls} = fakeOpen(() => new FakeLauncher());
		const result = await openInBrowser(url, {platform: 'linux', env: {TERM: 'xterm'}, isWsl: () => false, open});
		expect(result).toEqual({ok: false, message: `No browser available: no graphical display (DISPLAY is not set). ${copyHint}`});
		expect(calls).toHaveLength(0);
	});

	test('an empty DISPLAY counts as none', async () => {
		const {open, calls} = fakeOpen(() => new FakeLauncher());
		const result = await openInBrowser(url, {platform: 'freebsd', env: {DISPLAY: ''}, isWsl: () => false, open});
		expect(result.ok).toBe(false);
		expect(calls).toHaveLength(0);
	});

	const systemsWithoutX11: Array<[string, Pick<BrowserDeps, 'platform' | 'env' | 'isWsl'>]> = [
		['Wayland', {platform: 'linux', env: {WAYLAND_DISPLAY: 'wayland-0'}, isWsl: () => false}],
		['WSL', {platform: 'linux', env: {}, isWsl: () => true}],
		['macOS', {platform: 'darwin', env: {}, isWsl: () => false}],
		['Windows', {platform: 'win32', env: {}, isWsl: () => false}],
	];
	test.each(systemsWithoutX11)('%s needs no DISPLAY', async (_name, system) => {
		const launcher = new FakeLauncher();
		launcher.exitCode = 0;
		const {open, calls} = fakeOpen(() => launcher);
		expect(await openInBrowser(url, {...system, open})).toEqual({ok: true});
		expect(calls).toHaveLength(1);
	});
});

describe('openInBrowser reports launchers that fail after open resolved', () => {
	test('xdg-open exiting with code 3 soon after spawning is a failure', async () => {
		const launcher = new FakeLauncher();
		const {open} = fakeOpen(() => {
			setTimeout(() => {
				launcher.exit(3);
			}, 100);
			return launcher;
		});
		const result = await openInBrowser(url, {...desktop, open});
		expect(result).toEqual({ok: false, message: `Could not open a browser (xdg-open exited with code 3). ${copyHint}`});
	});

	test('a launcher that had already exited non-zero is a failure', async () => {
		const launcher = new FakeLauncher();
		launcher.exitCode = 4;
		const {open} = fakeOpen(() => launcher);
		expect(await openInBrowser(url, {...desktop, open})).toEqual({ok: false, message: `Could not open a browser (xdg-open exited with code 4). ${copyHint}`});
	});

	test.each([
		['after it was watched', (exit: () => void) => setTimeout(exit, 10)],
		['before it was watched', (exit: () => void) => queueMicrotask(exit)],
	])('a launcher killed by a signal %s is a failure', async (_when, schedule) => {
		const launcher = new FakeLauncher();
		const {open} = fakeOpen(() => {
			schedule(() => {
				launcher.exit(null, 'SIGKILL');
			});
			return launcher;
		});
		expect(await openInBrowser(url, {...desktop, open})).toEqual({ok: false, message: `Could not open a browser (xdg-open was stopped by SIGKILL). ${copyHint}`});
	});

	test('a process error is a failure, with its message sanitized', async () => {
		const launcher = new FakeLauncher();
		const {open} = fakeOpen(() => {
			setTimeout(() => {
				launcher.emit('error', new Error('spawn failed \u001B]52;c;SGVsbG8=\u0007'));
			}, 10);
			return launcher;
		});
		const result = await openInBrowser(url, {...desktop, open});
		expect(result).toEqual({ok: false, message: `Could not open a browser (xdg-open failed: spawn failed \\x1b]52;c;SGVsbG8=\\x07). ${copyHint}`});
	});

	test('a rejected or throwing open is a failure', async () => {
		const rejecting = fakeOpen(async () => {
			throw new Error('Failed to open in all supported apps');
		});
		expect(await openInBrowser(url, {...desktop, open: rejecting.open})).toEqual({ok: false, message: `Could not open a browser (Failed to open in all supported apps). ${copyHint}`});

		const throwing: BrowserDeps['open'] = () => {
			throw new TypeError('Expected a `target`');
		};

		expect(await openInBrowser(url, {...desktop, open: throwing})).toEqual({ok: false, message: `Could not open a browser (Expected a \`target\`). ${copyHint}`});
	});

	test('after a failure, a late error from the launcher does not crash the process', async () => {
		const launcher = new FakeLauncher();
		launcher.exitCode = 3;
		const {open} = fakeOpen(() => launcher);
		await openInBrowser(url, {...desktop, open});
		expect(() => launcher.emit('error', new Error('late'))).not.toThrow();
	});
});

describe('openInBrowser timing', () => {
	test('a launcher still running after the settle time counts as started, not before', async () => {
		vi.useFakeTimers();
		const launcher = new FakeLauncher();
		const {open} = fakeOpen(() => launcher);
		const result = openInBrowser(url, {...desktop, open});
		expect((await settled(result)).done).toBe(false);
		await vi.advanceTimersByTimeAsync(1499);
		expect((await settled(result)).done).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		expect(await result).toEqual({ok: true});
		expect(launcher.listenerCount('exit')).toBe(0);
	});

	test('an opener that never starts fails within 4 s (so the console reports it within 5 s)', async () => {
		vi.useFakeTimers();
		const {open} = fakeOpen(async () => new Promise<LauncherProcess>(() => {}));
		const result = openInBrowser(url, {...desktop, open});
		await vi.advanceTimersByTimeAsync(3999);
		expect((await settled(result)).done).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		expect(await result).toEqual({ok: false, message: `Could not open a browser (the opener did not start within 4 s). ${copyHint}`});
	});

	test('a slow opener leaves only what remains of the 4 s budget to settle', async () => {
		vi.useFakeTimers();
		const launcher = new FakeLauncher();
		const {open} = fakeOpen(async () => new Promise<LauncherProcess>(resolve => {
			setTimeout(resolve, 3000, launcher);
		}));
		const result = openInBrowser(url, {...desktop, open});
		await vi.advanceTimersByTimeAsync(3999);
		expect((await settled(result)).done).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		const outcome = await settled(result);
		expect(outcome).toEqual({done: true, value: {ok: true} satisfies BrowserResult});
	});
});

// Resolves once the process has spawned and rejects if it cannot, as `open` does.
async function spawnLikeOpen(command: string, args: string[]): Promise<ChildProcess> {
	const child = spawn(command, args, {stdio: 'ignore'});
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('spawn', () => {
			child.off('error', reject);
			resolve(child);
		});
	});
}

describe.skipIf(process.platform === 'win32')('openInBrowser with real launcher processes', () => {
	test('a real process exiting with code 3 is reported', async () => {
		const open: BrowserDeps['open'] = async () => spawnLikeOpen('/bin/sh', ['-c', 'exit 3']);
		// The whole 5 s budget to settle, so a loaded machine cannot make this pass as a success.
		const result = await openInBrowser(url, {...desktop, open, settleMs: 5000});
		expect(result).toEqual({ok: false, message: `Could not open a browser (sh exited with code 3). ${copyHint}`});
	});

	test('a real process that keeps running counts as a started browser', async () => {
		let child: ChildProcess | undefined;
		const open: BrowserDeps['open'] = async () => {
			child = await spawnLikeOpen('/bin/sh', ['-c', 'exec sleep 60']);
			return child;
		};

		try {
			expect(await openInBrowser(url, {...desktop, open, settleMs: 300})).toEqual({ok: true});
		} finally {
			child?.kill();
		}
	});

	test('a launcher that cannot be spawned is reported', async () => {
		const open: BrowserDeps['open'] = async () => spawnLikeOpen('/nonexistent/userdeck-opener', [url]);
		expect(await openInBrowser(url, {...desktop, open})).toEqual({
			ok: false,
			message: `Could not open a browser (spawn /nonexistent/userdeck-opener ENOENT). ${copyHint}`,
		});
	});
});
