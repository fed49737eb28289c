// The in-process half of `npm run bench`: the real App, rendered by Ink with
// the console's options into a fake 120×40 terminal through the real frame
// writer, where every frame can be timed and read; plus the map, the writes,
// memory and password hashing. Run by bench/run.mjs as a child process, one
// task per process (`--expose-gc`), printing its measurements as JSON on the
// last line of stdout.
//
// usage: node --expose-gc in-process.js TASK '{"store": "...", ...}'
import {EventEmitter} from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import {monitorEventLoopDelay, performance, PerformanceObserver} from 'node:perf_hooks';
import {render} from 'ink';
import type {ReactNode} from 'react';
import {currentActor} from '../source/services/operator.js';
import {compareUsers, type UserSort} from '../source/domain/sort.js';
import type {User} from '../source/domain/types.js';
import {renderMap} from '../source/map/render-map.js';
import {clearLandLayerCache} from '../source/map/land-layer.js';
import {timeRender} from '../source/map/time-render.js';
import type {MapPin, MapView} from '../source/map/types.js';
import {worldView} from '../source/map/view.js';
import {argon2Hasher, type PasswordHasher} from '../source/services/password-hasher.js';
import {UsersService} from '../source/services/users-service.js';
import {Store} from '../source/store/store.js';
import {App} from '../source/ui/app.js';
import {createDeck, type Deck, DeckProvider} from '../source/ui/app-context.js';
import {FrameWriter} from '../source/ui/frame-writer.js';
import {collectAfterLoad} from '../source/ui/collect-after-load.js';
import {inkRenderOptions} from '../source/ui/ink-options.js';
import {searchText} from '../source/list/user-filter.js';
import {createUserListEngine, userAt} from '../source/list/index.js';
import {usersListModel} from '../source/ui/state/users-list.js';
import {marksModel} from '../source/ui/state/marks.js';
import {BaselineScreen} from './baseline-block.js';

type Options = {store: string; quick?: boolean; queries?: string[]; tmp?: string};
const task = process.argv[2] ?? '';
const options = JSON.parse(process.argv[3] ?? '{}') as Options;
const columns = 120;
const rows = 40;

// ---------------------------------------------------------------- the fake terminal

type Frame = {readonly at: number; readonly text: string; readonly bytes: number};

class Terminal extends EventEmitter {
	readonly isTTY = true;
	readonly columns = columns;
	readonly rows = rows;
	bytes = 0;
	write(chunk: string | Uint8Array, encoding?: unknown, callback?: () => void): boolean {
		this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
		const done = typeof encoding === 'function' ? encoding as () => void : callback;
		done?.();
		return true;
	}
}

const ansi = /\u001B\[[\d;?]*[A-Za-z]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g;

/** The real frame writer, keeping each frame's text and what it cost. */
class RecordingWriter extends FrameWriter {
	readonly frames: Frame[] = [];
	private waiters: Array<{from: number; test: (frame: Frame) => boolean; resolve: (frame: Frame) => void}> = [];

	override diff(frame: string): string {
		const out = super.diff(frame);
		const recorded = {at: performance.now(), text: frame.replace(ansi, ''), bytes: Buffer.byteLength(out)};
		this.frames.push(recorded);
		for (const waiter of [...this.waiters]) {
			if (this.frames.length - 1 >= waiter.from && waiter.test(recorded)) {
				this.waiters.splice(this.waiters.indexOf(waiter), 1);
				waiter.resolve(recorded);
			}
		}

		return out;
	}

	/** The first frame from index `from` on that passes `test`. */
	async next(test: (frame: Frame) => boolean, from = this.frames.length, timeout = 120_000): Promise<Frame> {
		for (let index = from; index < this.frames.length; index++) {
			if (test(this.frames[index]!)) {
				return this.frames[index]!;
			}
		}

		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				reject(new Error(`no such frame in ${timeout} ms; last:\n${this.frames.at(-1)?.text ?? '(none)'}`));
			}, timeout);
			this.waiters.push({from, test, resolve: frame => {
				clearTimeout(timer);
				resolve(frame);
			}});
		});
	}
}

/** Ink's stdin, as ink-testing-library fakes it. */
class Keyboard extends EventEmitter {
	readonly isTTY = true;
	private data: string | null = null;
	write(text: string): void {
		this.data = text;
		this.emit('readable');
		this.emit('data', text);
	}

	read(): string | null {
		const {data} = this;
		this.data = null;
		return data;
	}

	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

function mount(node: ReactNode) {
	const terminal = new Terminal();
	const writer = new RecordingWriter(terminal as unknown as NodeJS.WriteStream);
	const keyboard = new Keyboard();
	const instance = render(node, {...inkRenderOptions, stdout: writer as unknown as NodeJS.WriteStream, stdin: keyboard as unknown as NodeJS.ReadStream});
	return {writer, keyboard, instance, terminal};
}

type Mounted = ReturnType<typeof mount>;

/** Presses `key` and resolves with the first frame that passes `test`, and how long it took. */
async function press(screen: Mounted, key: string, test: (frame: Frame) => boolean, timeout?: number): Promise<{ms: number; frame: Frame; from: number}> {
	const from = screen.writer.frames.length;
	const start = performance.now();
	screen.keyboard.write(key);
	const frame = await screen.writer.next(test, from, timeout);
	return {ms: frame.at - start, frame, from};
}

async function sleep(ms: number): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

// ---------------------------------------------------------------- garbage collection

/**
 * The garbage collector's pauses, as they happen: a stall of the event loop
 * that is a pause of the collector is the cost of holding the store's data
 * in the heap (tens of millions of objects at a million users), not of the
 * work that happened to be running.
 */
const gcPauses: Array<{at: number; ms: number}> = [];
new PerformanceObserver(list => {
	for (const entry of list.getEntries()) {
		gcPauses.push({at: entry.startTime, ms: entry.duration});
	}
}).observe({entryTypes: ['gc']});

/** The longest collector pause since `from` (a performance.now() time). */
function longestGcSince(from: number): number {
	return Math.max(0, ...gcPauses.filter(pause => pause.at >= from).map(pause => pause.ms));
}

// ---------------------------------------------------------------- statistics

function quantile(values: readonly number[], q: number): number {
	if (values.length === 0) {
		return Number.NaN;
	}

	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function median(values: readonly number[]): number {
	if (values.length === 0) {
		return Number.NaN;
	}

	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

type Sample = {n: number; median: number; p95: number; max: number};

function sample(values: readonly number[]): Sample {
	return {n: values.length, median: median(values), p95: quantile(values, 0.95), max: Math.max(...values)};
}

// ---------------------------------------------------------------- the console in process

function lines(frame: Frame): string[] {
	return frame.text.split('\n');
}

/** The Users list's info line: the prompt or sort on the left, counts and position on the right. */
function infoLine(frame: Frame): string {
	return lines(frame)[2] ?? '';
}

function sorted(frame: Frame): boolean {
	const info = infoLine(frame);
	return /\d\/[\d,]+\s*$/.test(info.trimEnd()) && !info.includes('sorting');
}

/** The table rows shown (lines after the column titles that hold a user). */
function shownRows(frame: Frame): number {
	const all = lines(frame);
	let count = 0;
	for (const line of all.slice(4, all.length - 2)) {
		if (/^[› ] \S/.test(line) && !line.includes('Searching…') && !line.includes('No users match')) {
			count++;
		}
	}

	return count;
}

const noPorts = {
	copy: async () => ({ok: true as const, message: 'copied'}),
	openUrl: async () => ({ok: true as const}),
	editText: async () => undefined,
};

/**
 * How long each deferred slice of the list's sorts and filters ran (with the
 * render it triggers): the engine the console would create, with its `defer`
 * wrapped to time the work.
 */
const slices: number[] = [];
/** With BENCH_LONG_SLICES=FILE, slices of 25 ms or more are written there at exit, to read beside a `--cpu-prof` profile. */
const longSlices: Array<{ms: number; startUs: number; endUs: number}> | undefined = process.env.BENCH_LONG_SLICES ? [] : undefined;
if (longSlices) {
	process.on('exit', () => {
		fs.writeFileSync(process.env.BENCH_LONG_SLICES!, JSON.stringify(longSlices));
	});
}

/** With BENCH_LONG_SLICES, a phase's start on stderr (ms since the process started, as `--trace-gc` counts). */
function phase(name: string): void {
	if (longSlices) {
		process.stderr.write(`[phase] ${name} at ${Math.round(performance.now())} ms (${process.hrtime.bigint() / 1000n} µs)\n`);
	}
}

function timedSlices() {
	return createUserListEngine({
		defer(work) {
			setImmediate(() => {
				const start = performance.now();
				const startNs = process.hrtime.bigint();
				work();
				const ms = performance.now() - start;
				slices.push(ms);
				if (longSlices && ms >= 25) {
					// On the CPU profile's clock (microseconds of the same monotonic time), to find what ran.
					longSlices.push({ms, startUs: Number(startNs / 1000n), endUs: Number(process.hrtime.bigint() / 1000n)});
				}
			});
		},
	});
}

async function openConsole(storePath: string, hasher?: PasswordHasher) {
	const started = performance.now();
	const store = await Store.open({path: storePath});
	// As the console does after a big store loads (source/ui/run.tsx).
	await collectAfterLoad(store.tables.users.size, !store.loadedFromColumns);
	const opened = performance.now();
	const service = new UsersService({store, actor: currentActor('console'), ...(hasher ? {hasher} : {})});
	const deck = createDeck({service, ports: noPorts, exit() {}, storeLabel: path.basename(storePath)});
	deck.memo('users-list-view', timedSlices);
	slices.length = 0;
	const monitor = monitorEventLoopDelay({resolution: 1});
	monitor.enable();
	const mountedAt = performance.now();
	phase('mount');
	const screen = mount(
		<DeckProvider deck={deck}>
			<App />
		</DeckProvider>,
	);
	const first = await screen.writer.next(() => true, 0);
	const ready = await screen.writer.next(sorted, 0, 600_000);
	monitor.disable();
	const sortSlices = [...slices];
	return {store, service, deck, screen, openMs: opened - started, firstFrameMs: first.at - mountedAt, sortedMs: ready.at - mountedAt, sortStallMs: monitor.max / 1e6, sortGcMs: longestGcSince(mountedAt), sortSlices};
}

type Console = Awaited<ReturnType<typeof openConsole>>;

/** The in-process baseline: the pre-formatted screen, one key move at a time. */
async function baselineMoves(count: number, moves: number): Promise<{times: number[]; swaps: number[]; fresh: number[]; stallMs: number}> {
	const screen = mount(<BaselineScreen count={count} />);
	await screen.writer.next(() => true, 0);
	const monitor = monitorEventLoopDelay({resolution: 1});
	monitor.enable();
	const times: number[] = [];
	let at = 0;
	for (let move = 0; move < moves; move++) {
		const down = Math.floor(move / 20) % 2 === 0;
		at += down ? 1 : -1;
		const position = `  ${(at + 1).toLocaleString('en-US')}/${count.toLocaleString('en-US')}`;
		// eslint-disable-next-line no-await-in-loop
		const {ms} = await press(screen, down ? 'j' : 'k', frame => frame.text.includes(position));
		times.push(ms);
		// eslint-disable-next-line no-await-in-loop
		await sleep(20);
	}

	monitor.disable();
	// The whole block replaced, as a tab switch or a new filter result replaces the rows.
	const swaps: number[] = [];
	for (let swap = 0; swap < moves / 2; swap++) {
		const tab = '231'[swap % 3]!;
		// eslint-disable-next-line no-await-in-loop
		const {ms} = await press(screen, tab, frame => frame.text.includes(`Users › Tab ${tab}`));
		swaps.push(ms);
		// eslint-disable-next-line no-await-in-loop
		await sleep(20);
	}

	// Every row replaced by rows never drawn before, as a new filter result replaces them.
	const fresh: number[] = [];
	for (let result = 1; result <= moves / 2; result++) {
		// eslint-disable-next-line no-await-in-loop
		const {ms} = await press(screen, 'n', frame => frame.text.includes(`· Results ${result} `));
		fresh.push(ms);
		// eslint-disable-next-line no-await-in-loop
		await sleep(20);
	}

	screen.instance.unmount();
	return {times, swaps, fresh, stallMs: monitor.max / 1e6};
}

function gc(): void {
	(globalThis as {gc?: () => void}).gc?.();
}

// ---------------------------------------------------------------- tasks

/** Typing into `/`: per key, the frame that echoes it, the first page, and the complete result; and a raw scan to compare with. */
async function filterTask(): Promise<unknown> {
	const app = await openConsole(options.store);
	const users = [...app.store.tables.users.values()];
	const total = users.length;
	const {times: baseline, swaps: baselineSwaps, fresh: baselineFresh, stallMs: baselineStallMs} = await baselineMoves(total, options.quick ? 20 : 40);
	// The raw scan: a `for` loop with `includes` over a precomputed lower-case array.
	const lower = users.map(user => searchText(user));
	const rawScan = (needle: string): number => {
		const times: number[] = [];
		for (let run = 0; run < 5; run++) {
			const start = performance.now();
			let found = 0;
			for (let index = 0; index < lower.length; index++) {
				if (lower[index]!.includes(needle)) {
					found++;
				}
			}

			times.push(performance.now() - start + (found < 0 ? 1 : 0));
		}

		return median(times);
	};

	const page = rows - 1 - 4 - 2;
	const keys: Array<{query: string; typed: string; echo: number; firstPage: number; complete: number; scan: number; matches: number}> = [];
	const queries = options.queries ?? ['anna', 'mehta', 'contoso', 'example.org', 'auth0|e', 'qzx'];
	const {screen} = app;
	const monitor = monitorEventLoopDelay({resolution: 1});
	slices.length = 0;
	for (const query of queries) {
		// Clear what the last query left, then open the prompt.
		screen.keyboard.write('\u001B');
		// eslint-disable-next-line no-await-in-loop
		await sleep(50);
		// eslint-disable-next-line no-await-in-loop
		await press(screen, '/', frame => infoLine(frame).startsWith('/'));
		let typed = '';
		for (const char of query) {
			typed += char;
			const prompt = `/ ${typed}`;
			const from = screen.writer.frames.length;
			const start = performance.now();
			screen.keyboard.write(char);
			// eslint-disable-next-line no-await-in-loop
			const echo = await screen.writer.next(frame => infoLine(frame).startsWith(prompt), from);
			// eslint-disable-next-line no-await-in-loop
			const done = await screen.writer.next(frame => infoLine(frame).startsWith(prompt) && !infoLine(frame).includes('searching'), from, 600_000);
			const count = /([\d,]+) of [\d,]+ users?/.exec(infoLine(done));
			const matches = count ? Number(count[1]!.replaceAll(',', '')) : 0;
			const want = Math.min(page, matches);
			const first = screen.writer.frames.slice(from).find(frame => infoLine(frame).startsWith(prompt) && shownRows(frame) >= want) ?? done;
			keys.push({query, typed, echo: echo.at - start, firstPage: first.at - start, complete: done.at - start, scan: rawScan(typed.toLowerCase()), matches});
			// eslint-disable-next-line no-await-in-loop
			await sleep(30);
		}
	}

	// Typing fast (a key every 25 ms, never waiting): is any key's echo held up, and how long does the event loop stall?
	const fast: number[] = [];
	screen.keyboard.write('\u001B');
	await sleep(100);
	await press(screen, '/', frame => infoLine(frame).startsWith('/'));
	monitor.enable();
	const fastFrom = performance.now();
	phase('typing fast');
	for (const query of ['maria', 'example']) {
		let typed = '';
		for (const char of query) {
			typed += char;
			const prompt = `/ ${typed}`;
			const from = screen.writer.frames.length;
			const start = performance.now();
			screen.keyboard.write(char);
			const echoed = screen.writer.next(frame => infoLine(frame).startsWith(prompt), from).then(frame => frame.at - start);
			// eslint-disable-next-line no-await-in-loop
			await sleep(25);
			// eslint-disable-next-line no-await-in-loop
			fast.push(await echoed);
		}

		for (let index = 0; index < query.length; index++) {
			screen.keyboard.write('\u007F');
			// eslint-disable-next-line no-await-in-loop
			await sleep(25);
		}
	}

	monitor.disable();
	const fastStallMs = monitor.max / 1e6;
	const fastGcMs = longestGcSince(fastFrom);
	const filterSlices = [...slices];
	slices.length = 0;
	await screen.writer.next(frame => !infoLine(frame).includes('searching'), 0, 600_000);

	phase('sort changes');
	// Changing the sort: `s` cycles Name → User ID → Connection → Logins → Latest Login → Name.
	screen.keyboard.write('\u001B');
	await sleep(100);
	const sorts: Array<{field: string; ms: number; stallMs: number; gcMs: number}> = [];
	for (const title of ['User ID', 'Connection', 'Logins', 'Latest Login', 'Name']) {
		monitor.reset();
		monitor.enable();
		const from = performance.now();
		// eslint-disable-next-line no-await-in-loop
		const {ms} = await press(screen, 's', frame => lines(frame).some(line => line.includes(`${title} ▲`) || line.includes(`${title} ▼`)) && sorted(frame), 600_000);
		monitor.disable();
		sorts.push({field: title, ms, stallMs: monitor.max / 1e6, gcMs: longestGcSince(from)});
		// eslint-disable-next-line no-await-in-loop
		await sleep(50);
	}

	const sortChangeSlices = [...slices];
	screen.instance.unmount();
	await app.store.close();
	return {
		users: total,
		baselineStallMs,
		sortSlices: sample(app.sortSlices.length > 0 ? app.sortSlices : [0]),
		filterSlices: sample(filterSlices.length > 0 ? filterSlices : [0]),
		sortChangeSlices: sample(sortChangeSlices.length > 0 ? sortChangeSlices : [0]),
		openMs: app.openMs,
		firstFrameMs: app.firstFrameMs,
		sortedMs: app.sortedMs,
		sortStallMs: app.sortStallMs,
		sortGcMs: app.sortGcMs,
		baseline: sample(baseline),
		baselineSwaps: sample(baselineSwaps),
		baselineFresh: sample(baselineFresh),
		keys,
		fastEcho: sample(fast),
		fastStallMs,
		fastGcMs,
		sorts,
	};
}

/**
 * Issue 13: the selected user survives every change of order. Selects the
 * 6th user by name, then cycles the sort with s back to Name and reverses it
 * twice with S; after each, the selected row must be that user at their place
 * in the new order (worked out here with compareUsers, apart from the list's
 * engine), and the time from the key to the sorted list is taken.
 */
async function selectionTask(): Promise<unknown> {
	const app = await openConsole(options.store);
	const {screen, deck, store} = app;
	const users = [...store.tables.users.values()];
	const total = users.length;
	const position = (place: number) => `  ${place.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
	await sleep(50);
	const byName: UserSort = {field: 'name', descending: false};
	const chosen = [...users].sort((a, b) => compareUsers(a, b, byName))[5]!;
	const selected = await press(screen, 'jjjjj', frame => sorted(frame) && infoLine(frame).trimEnd().endsWith(position(6).trim()));
	if (!lines(selected.frame).some(line => line.startsWith('› ') && line.includes(chosen.user_id.slice(0, 24)))) {
		throw new Error(`row 6 is not ${chosen.user_id}:\n${selected.frame.text}`);
	}

	const checks: Array<{key: string; sort: string; ms: number; kept: boolean; expected: number; shown: string}> = [];
	const steps: Array<{key: string; title: string; sort: UserSort}> = [
		{key: 's', title: 'User ID ▲', sort: {field: 'user_id', descending: false}},
		{key: 's', title: 'Connection ▲', sort: {field: 'connection', descending: false}},
		{key: 's', title: 'Logins ▼', sort: {field: 'logins_count', descending: true}},
		{key: 's', title: 'Latest Login ▼', sort: {field: 'last_login', descending: true}},
		{key: 's', title: 'Name ▲', sort: {field: 'name', descending: false}},
		{key: 'S', title: 'Name ▼', sort: {field: 'name', descending: true}},
		{key: 'S', title: 'Name ▲', sort: {field: 'name', descending: false}},
	];
	for (const step of steps) {
		const expected = 1 + users.filter(user => compareUsers(user, chosen, step.sort) < 0).length;
		// eslint-disable-next-line no-await-in-loop
		const {ms, frame} = await press(screen, step.key, frame => lines(frame).some(line => line.includes(step.title)) && sorted(frame), 600_000);
		const row = lines(frame).find(line => line.startsWith('› ')) ?? '';
		const kept = infoLine(frame).trimEnd().endsWith(position(expected).trim()) && row.includes(chosen.user_id.slice(0, 24));
		checks.push({key: step.key, sort: step.title, ms, kept, expected, shown: infoLine(frame).trim().split(/\s+/).at(-1) ?? ''});
		// eslint-disable-next-line no-await-in-loop
		await sleep(50);
	}

	screen.instance.unmount();
	await store.close();
	return {users: total, user: chosen.user_id, checks};
}

/** Block, unblock, create, delete on a hard link of the store: how long the loop stalls, when it is durable, when it shows. */
async function writesTask(): Promise<unknown> {
	const dir = fs.mkdtempSync(path.join(options.tmp ?? path.dirname(options.store), '.writes-'));
	const file = path.join(dir, 'store.ndjson');
	// The snapshot is shared, never written: the changes go to this folder's journal.
	fs.linkSync(options.store, file);
	const fastHasher: PasswordHasher = {
		hash: async password => `$bench$${password}`,
		verify: async (hash, password) => hash === `$bench$${password}`,
	};
	let app: Console | undefined;
	try {
		app = await openConsole(file, fastHasher);
		const {screen, service, deck} = app;
		const total = app.store.tables.users.size;
		const snapshotBefore = fs.statSync(file);
		const {engine, state} = usersListModel(deck);
		const view = engine.view(app.store.tables.users, app.store.revision, state.getState().sort, state.getState().filter);
		const target = userAt(view, 0)!;
		const monitor = monitorEventLoopDelay({resolution: 1});
		const runs = options.quick ? 5 : 10;
		const results: Record<string, Array<{stall: number; durable: number; shown: number; gc: number}>> = {block: [], unblock: [], create: [], delete: []};
		const selectedRow = (frame: Frame) => lines(frame).find(line => line.startsWith('› ')) ?? '';
		const measure = async (kind: string, operation: () => Promise<unknown>, shows: (frame: Frame) => boolean) => {
			const from = screen.writer.frames.length;
			monitor.reset();
			monitor.enable();
			const start = performance.now();
			await operation();
			const durable = performance.now() - start;
			const frame = await screen.writer.next(shows, from);
			monitor.disable();
			results[kind]!.push({stall: monitor.max / 1e6, durable, shown: frame.at - start, gc: longestGcSince(start)});
			await sleep(40);
		};

		const header = (count: number) => (frame: Frame) => (lines(frame)[0] ?? '').includes(`${count.toLocaleString('en-US')} users`);
		for (let run = 0; run < runs; run++) {
			// eslint-disable-next-line no-await-in-loop
			await measure('block', async () => service.blockUser(target.user_id), frame => selectedRow(frame).includes('BLOCKED'));
			// eslint-disable-next-line no-await-in-loop
			await measure('unblock', async () => service.unblockUser(target.user_id), frame => !selectedRow(frame).includes('BLOCKED') && selectedRow(frame) !== '');
			const email = `bench.${process.pid}.${run}@example.com`;
			let created: User | undefined;
			// eslint-disable-next-line no-await-in-loop
			await measure('create', async () => {
				created = await service.createUser({email, password: 'Tq9!vLm#2xRw', repeatPassword: 'Tq9!vLm#2xRw', connection: 'Username-Password-Authentication'});
			}, header(total + 1));
			// eslint-disable-next-line no-await-in-loop
			await measure('delete', async () => service.deleteUser(created!.user_id), header(total));
		}

		// What an append and an fsync cost on this disk: the floor of durability.
		const fsyncs: number[] = [];
		const probe = path.join(dir, 'fsync-probe');
		const fd = fs.openSync(probe, 'a');
		for (let run = 0; run < 20; run++) {
			const start = performance.now();
			fs.writeSync(fd, `${'x'.repeat(300)}\n`);
			fs.fsyncSync(fd);
			fsyncs.push(performance.now() - start);
		}

		fs.closeSync(fd);
		const snapshotAfter = fs.statSync(file);
		const rewritten = snapshotAfter.ino !== snapshotBefore.ino || snapshotAfter.mtimeMs !== snapshotBefore.mtimeMs;
		screen.instance.unmount();
		const summary = Object.fromEntries(Object.entries(results).map(([kind, list]) => [kind, {
			stall: sample(list.map(each => each.stall)),
			gc: sample(list.map(each => each.gc)),
			durable: sample(list.map(each => each.durable)),
			shown: sample(list.map(each => each.shown)),
		}]));
		return {users: total, actions: runs * 4, snapshotRewrites: rewritten ? 1 : 0, fsync: sample(fsyncs), ...summary};
	} finally {
		await app?.store.close();
		fs.rmSync(dir, {recursive: true, force: true});
	}
}

/**
 * Issue 18: a batch delete of 1,000 marked users, on a hard link of the store.
 * First the keys: the batch runs (the service call the console makes) while
 * j/k move on the list, each key timed to the frame that shows it. Then the
 * whole path through the console: 1,000 more users marked, `a`, Delete, the
 * number typed, Enter, and the progress dialog's frames until the result.
 */
async function batchTask(): Promise<unknown> {
	const dir = fs.mkdtempSync(path.join(options.tmp ?? path.dirname(options.store), '.batch-'));
	const file = path.join(dir, 'store.ndjson');
	fs.linkSync(options.store, file);
	let app: Console | undefined;
	try {
		app = await openConsole(file);
		const {screen, service, deck, store} = app;
		const total = store.tables.users.size;
		const batch = Math.min(1000, Math.floor(total / 4));
		const {engine, state} = usersListModel(deck);
		const view = engine.view(store.tables.users, store.revision, state.getState().sort, state.getState().filter);
		// From the far end of the list: the rows in view stay, so each key's frame is the move's.
		const victims: string[] = [];
		for (let index = view.rows.length - 1; victims.length < 2 * batch; index--) {
			victims.push(userAt(view, index)!.user_id);
		}

		const grouped = (value: number) => value.toLocaleString('en-US');
		const monitor = monitorEventLoopDelay({resolution: 1});
		monitor.enable();
		const start = performance.now();
		let finished = false;
		const running = service.runBatch('delete', victims.slice(0, batch)).finally(() => {
			finished = true;
		});
		const keyTimes: number[] = [];
		let at = 0;
		while (!finished) {
			const down = Math.floor(keyTimes.length / 20) % 2 === 0;
			at += down ? 1 : -1;
			const position = new RegExp(` ${grouped(at + 1)}/[\\d,]+`);
			// eslint-disable-next-line no-await-in-loop
			const {ms} = await press(screen, down ? 'j' : 'k', frame => position.test(infoLine(frame)));
			keyTimes.push(ms);
			// eslint-disable-next-line no-await-in-loop
			await sleep(20);
		}

		const result = await running;
		const batchMs = performance.now() - start;
		monitor.disable();
		const stallMs = monitor.max / 1e6;
		const gcMs = longestGcSince(start);

		// Through the console, as an admin does it.
		marksModel(deck).dispatch({type: 'add', userIds: victims.slice(batch)});
		const count = grouped(batch);
		await press(screen, 'a', frame => frame.text.includes(`Delete ${count} users`));
		await press(screen, 'j', frame => frame.text.includes(`› Unblock ${count} users`));
		await press(screen, 'j', frame => frame.text.includes(`› Delete ${count} users`));
		await press(screen, '\r', frame => frame.text.includes(`Type ${count} (the number of users)`));
		await press(screen, String(batch), frame => frame.text.includes('press Enter'));
		const from = screen.writer.frames.length;
		const {frame: last} = await press(screen, '\r', frame => frame.text.includes(`Deleted ${count} of ${count} users`), 600_000);
		const progressFrames = screen.writer.frames.slice(from).filter(frame => frame.text.includes('Deleting ') || frame === last);
		const gaps = progressFrames.slice(1).map((frame, index) => frame.at - progressFrames[index]!.at);
		const consoleMs = last.at - (progressFrames[0]?.at ?? last.at);
		screen.instance.unmount();
		return {
			users: total,
			batch,
			succeeded: result.succeeded,
			keys: sample(keyTimes),
			stallMs,
			gcMs,
			batchMs,
			progressGaps: sample(gaps.length > 0 ? gaps : [0]),
			consoleMs,
			deletedThroughConsole: total - batch - store.tables.users.size,
		};
	} finally {
		await app?.store.close();
		fs.rmSync(dir, {recursive: true, force: true});
	}
}

/** Heap of the parsed data, and the console's resident memory and heap after using it (after a full collection). */
async function memoryTask(): Promise<unknown> {
	gc();
	const before = process.memoryUsage();
	const store = await Store.open({path: options.store});
	gc();
	const loaded = process.memoryUsage();
	const service = new UsersService({store, actor: currentActor('console')});
	const deck = createDeck({service, ports: noPorts, exit() {}, storeLabel: 'bench'});
	const screen = mount(
		<DeckProvider deck={deck}>
			<App />
		</DeckProvider>,
	);
	await screen.writer.next(sorted, 0, 600_000);
	gc();
	const shown = process.memoryUsage();
	// Use it as an admin does: scroll, sort by every column and reverse, filter
	// with `/` text, open a user and its tabs, come back. Each step waits for
	// the frame that shows it done, so what it made is in the heap measured.
	for (let move = 0; move < 100; move++) {
		screen.keyboard.write('j');
		// eslint-disable-next-line no-await-in-loop
		await sleep(2);
	}

	const sortedBy = (title: string) => (frame: Frame) => sorted(frame) && lines(frame).some(line => line.includes(title));
	for (const title of ['User ID ▲', 'Connection ▲', 'Logins ▼', 'Latest Login ▼', 'Name ▲']) {
		// eslint-disable-next-line no-await-in-loop
		await press(screen, 's', sortedBy(title), 600_000);
	}

	await press(screen, 'S', sortedBy('Name ▼'), 600_000);
	await press(screen, 'S', sortedBy('Name ▲'), 600_000);
	await press(screen, '/', frame => infoLine(frame).startsWith('/'));
	for (const char of 'an') {
		screen.keyboard.write(char);
		// eslint-disable-next-line no-await-in-loop
		await sleep(20);
	}

	const filtered = await screen.writer.next(frame => infoLine(frame).startsWith('/ an') && !infoLine(frame).includes('searching'), 0, 600_000);
	if (!/[\d,]+ of [\d,]+ users?/.test(infoLine(filtered))) {
		throw new Error(`the filter showed no count:\n${filtered.text}`);
	}

	// Enter keeps the filter and leaves the prompt; Enter again opens the selected user.
	const footer = (frame: Frame) => frame.text.trimEnd().split('\n').at(-1) ?? '';
	await press(screen, '\r', frame => footer(frame).includes('Enter open'));
	await press(screen, '\r', frame => (lines(frame)[1] ?? '').includes('› Details'));
	const titles: Record<string, string> = {1: 'Details', 2: 'Devices', 3: 'History'};
	for (const tab of '2312') {
		// eslint-disable-next-line no-await-in-loop
		await press(screen, tab, frame => (lines(frame)[1] ?? '').includes(`› ${titles[tab]!}`));
	}

	await press(screen, '\u001B', frame => sorted(frame) && !(lines(frame)[1] ?? '').includes('› Details'));
	await sleep(200);
	gc();
	const used = process.memoryUsage();
	screen.instance.unmount();
	await store.close();
	const mb = (bytes: number) => bytes / 1024 / 1024;
	return {
		users: store.tables.users.size,
		// The store's data: its heap and its typed arrays' memory (the column tables keep theirs outside the heap).
		heapDataMb: mb((loaded.heapUsed + loaded.arrayBuffers) - (before.heapUsed + before.arrayBuffers)),
		// What is live when the RSS is read: the heap and the typed arrays the store and the console hold then.
		liveDataMb: mb(used.heapUsed + used.arrayBuffers),
		rssLoadedMb: mb(loaded.rss),
		rssShownMb: mb(shown.rss),
		rssUsedMb: mb(used.rss),
		heapUsedMb: mb(used.heapUsed),
		heapUiMb: mb(used.heapUsed - loaded.heapUsed),
	};
}

/** The Locations map: frames from scratch (timeRender's method) and with the land layer cached. */
function mapTask(): unknown {
	const pins: MapPin[] = [
		{key: 'berlin', latitude: 52.52, longitude: 13.405, lastSeen: '2026-01-02T10:00:00.000Z'},
		{key: 'lisbon', latitude: 38.72, longitude: -9.14},
		{key: 'tokyo', latitude: 35.68, longitude: 139.69},
		{key: 'nyc', latitude: 40.71, longitude: -74.01},
		{key: 'sao-paulo', latitude: -23.55, longitude: -46.63},
		{key: 'lagos', latitude: 6.52, longitude: 3.38},
	];
	const views: Array<{name: string; view: MapView}> = [
		{name: 'world', view: worldView()},
		{name: 'zoomed', view: {centerLon: 10, centerLat: 50, zoom: 4}},
	];
	const runs = options.quick ? 10 : 30;
	const results = [];
	for (const [cols, mapRows] of [[80, 24], [200, 60]] as const) {
		for (const {name, view} of views) {
			const timing = timeRender(cols, mapRows, view, {runs, pins});
			const cold: number[] = [];
			for (let run = 0; run < runs; run++) {
				clearLandLayerCache();
				const start = performance.now();
				renderMap({cols, rows: mapRows, view, pins});
				cold.push(performance.now() - start);
			}

			results.push({size: `${cols}x${mapRows}`, view: name, medianMs: timing.medianMs, cachedMedianMs: timing.cachedMedianMs, cold: sample(cold)});
		}
	}

	return {results};
}

/** Password checks on libuv's pool: how long the event loop stalls while they run, against idle. */
async function hashTask(): Promise<unknown> {
	const hash = await argon2Hasher.hash('Demo-Passw0rd!');
	const monitor = monitorEventLoopDelay({resolution: 1});
	// Idle, with a timer ticking as a console's would.
	monitor.enable();
	await sleep(500);
	monitor.disable();
	const idle = monitor.max / 1e6;
	monitor.reset();
	const verifies: number[] = [];
	monitor.enable();
	for (let run = 0; run < (options.quick ? 5 : 12); run++) {
		const start = performance.now();
		// eslint-disable-next-line no-await-in-loop
		const ok = await argon2Hasher.verify(hash, 'Demo-Passw0rd!');
		verifies.push(performance.now() - start);
		if (!ok) {
			throw new Error('verify failed');
		}
	}

	monitor.disable();
	return {idleStallMs: idle, hashingStallMs: monitor.max / 1e6, verify: sample(verifies)};
}

const tasks: Record<string, () => unknown> = {filter: filterTask, selection: selectionTask, writes: writesTask, batch: batchTask, memory: memoryTask, map: mapTask, hash: hashTask};
const run = tasks[task];
if (!run) {
	throw new Error(`unknown task ${task}; one of ${Object.keys(tasks).join(', ')}`);
}

const result = await run();
process.stdout.write(`\n${JSON.stringify(result)}\n`);
process.exit(0);
