// `npm run bench`: measures every target of issue 5 against a baseline taken
// in the same run (these machines are shared and noisy), and prints one table:
// metric, N, median, p95, baseline, ratio, target, pass/fail.
//
//   npm run bench                       10k and 100k users (plus an empty store)
//   npm run bench -- --users 1000000    adds sizes (comma-separated) to those
//   npm run bench -- --quick            10k only, fewer samples
//   npm run bench -- --write [PATH]     also writes the table to bench/results.md (or PATH)
//   npm run bench -- --only terminal    some sections: start, cli, terminal, process, memory, selection, map, signin, live
//   npm run bench -- --sizes 10000,1000000   exactly these sizes
//
// Stores come from the demo generator (seed "bench") and are kept in
// bench/stores/ (git-ignored) for the next run. The console runs as shipped
// (dist/cli.js, production React) in a 120×40 pseudo-terminal without CI in
// its environment; the in-process figures render the same App with Ink into a
// fake 120×40 terminal (bench/in-process.tsx).
import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {benchBuildDir, buildBench} from './build-bench.mjs';
import {measureLive} from './live.mjs';
import {measuredRun, readLineBreaks, rssMethod} from './measure.mjs';
import {nowMs, PtySession} from './pty-session.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const cli = path.join(root, 'dist/cli.js');
const storesDir = path.join(root, 'bench/stores');

// ---------------------------------------------------------------- arguments

const argv = process.argv.slice(2);
const flag = name => argv.includes(name);
const valueOf = name => {
	const index = argv.indexOf(name);
	return index === -1 ? undefined : argv[index + 1];
};

const quick = flag('--quick');
// `--only start,cli,terminal,process,memory,selection,map,signin,live`: run some sections (the table then has
// only their rows; `memory` is the in-process memory task alone, which `process` includes).
const only = valueOf('--only')?.split(',');
const want = section => only === undefined || only.includes(section);
const extra = (valueOf('--users') ?? '').split(',').filter(Boolean).map(Number);
if (extra.some(count => !Number.isSafeInteger(count) || count <= 0)) {
	throw new Error('--users takes whole numbers, comma-separated');
}

// `--sizes` replaces the default sizes instead of adding to them (keep 10,000 for the 1M-against-10k ratio).
const exact = valueOf('--sizes')?.split(',').filter(Boolean).map(Number);
const sizes = [...new Set([...(exact ?? (quick ? [10_000] : [10_000, 100_000])), ...extra])].sort((a, b) => a - b);
const samples = quick
	? {node: 5, start: 3, bigStart: 1, moves: 30, scroll: 10, bursts: 3, tabs: 4, cli: 1, reads: 3}
	: {node: 10, start: 5, bigStart: 2, moves: 60, scroll: 60, bursts: 5, tabs: 10, cli: 3, reads: 5};

/**
 * Issue 19's memory targets at 100,000 users compare with the console as it
 * was before users became compact summaries: the in-process memory task
 * (bench/in-process.tsx, after its use: scroll, a sort by every column and
 * back, `/` text, a user opened with its tabs, then a full collection) run
 * three times on 2026-12-07 with main at 631c33a (the bench's own code at
 * afbbab1, which only adds the sorts and the waits to the use), medians:
 *   node --expose-gc --max-old-space-size=16000 node_modules/.cache/userdeck-bench/in-process.js memory '{"store":"bench/stores/users-100000.ndjson"}'
 * RSS 396.7, 398.1, 398.7 MB; heap used 274.5, 274.6, 274.6 MB.
 */
const before19At100k = {rssMb: 398.1, heapUsedMb: 274.6, commit: '631c33a'};
const gigabyte = 1024;

// ---------------------------------------------------------------- helpers

const fmt = count => count.toLocaleString('en-US');
const log = message => process.stderr.write(`[bench] ${message}\n`);

function quantile(values, q) {
	if (values.length === 0) {
		return Number.NaN;
	}

	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function median(values) {
	if (values.length === 0) {
		return Number.NaN;
	}

	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function sleep(ms) {
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

const ansi = /\u001B\[[\d;?]*[A-Za-z]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g;
/** A wait for the screen to show `needle` (anywhere, or on line `row`). */
const shows = (needle, row) => Object.assign(
	screen => (row === undefined ? screen : screen.split('\n')[row] ?? '').includes(needle),
	{toString: () => JSON.stringify(needle)},
);
/** Line 3 of the console: the prompt or the sort on the left, counts and the position on the right. */
const infoRow = 2;
const onInfo = needle => shows(needle, infoRow);

const rows = [];
const notes = [];

/**
 * One line of the table. `pass` is decided by the caller from the rule in
 * `target`; `unit` is 'ms' unless said otherwise.
 */
/** The size whose console the rows being added come from (for the heap mark). */
let consoleUsers;

function row({metric, n, med, p95, baseline, ratio, target, pass, unit = 'ms'}) {
	if (consoleUsers !== undefined && metric.includes(`${fmt(consoleUsers)} users`) && !metric.includes('heap')) {
		metric = withHeap(consoleUsers, metric);
	}

	rows.push({metric, n, med, p95, baseline, ratio, target, pass, unit});
	log(`${metric}: ${show(med, unit)} (p95 ${show(p95, unit)}) ${pass === undefined ? '' : (pass ? 'pass' : 'FAIL')}`);
}

function show(value, unit = 'ms') {
	if (value === undefined || Number.isNaN(value)) {
		return '—';
	}

	if (typeof value === 'string') {
		return value;
	}

	const digits = unit === 'ms' ? (Math.abs(value) < 10 ? 1 : 0) : (unit === '×' ? 2 : (unit === '/s' ? 1 : 0));
	const text = value.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: unit === '×' ? 2 : 0});
	return unit === 'ms' ? `${text} ms` : (unit === 'B' ? `${text} B` : (unit === 'MB' ? `${text} MB` : (unit === '×' ? `${text}×` : `${text}${unit ? ` ${unit}` : ''}`)));
}

// ---------------------------------------------------------------- stores

function storePath(users) {
	return path.join(storesDir, `users-${users}.ndjson`);
}

function ensureStore(users) {
	const file = storePath(users);
	if (fs.existsSync(file)) {
		return file;
	}

	fs.mkdirSync(storesDir, {recursive: true, mode: 0o700});
	log(`generating ${fmt(users)} users with the demo generator (seed "bench")…`);
	const started = nowMs();
	execFileSync(process.execPath, ['--max-old-space-size=16000', cli, 'demo', '--store', file, '--users', String(users), '--seed', 'bench'], {stdio: ['ignore', 'ignore', 'inherit']});
	log(`  done in ${((nowMs() - started) / 1000).toFixed(0)} s`);
	return file;
}

/**
 * Reads the store as plain NDJSON (read the file, JSON.parse each line): the
 * raw parse time the start-up target compares with. On the way, picks a user
 * with an email, devices and the most history, for the tab figures.
 */
function rawParse(file) {
	const started = nowMs();
	const fd = fs.openSync(file, 'r');
	const chunk = Buffer.allocUnsafe(64 * 1024 * 1024);
	let carry = Buffer.alloc(0);
	const devices = new Map();
	const logs = new Map();
	const emails = new Map();
	let lines = 0;
	let position = 0;
	const onLine = text => {
		const value = JSON.parse(text);
		lines++;
		if (Array.isArray(value)) {
			const [table, item] = value;
			if (table === 'devices') {
				devices.set(item.user_id, (devices.get(item.user_id) ?? 0) + 1);
			} else if (table === 'logs' && item.user_id) {
				logs.set(item.user_id, (logs.get(item.user_id) ?? 0) + 1);
			} else if (table === 'users' && item.email && !item.blocked) {
				emails.set(item.user_id, item.email);
			}
		}
	};

	for (;;) {
		const read = fs.readSync(fd, chunk, 0, chunk.length, position);
		if (read === 0) {
			break;
		}

		position += read;
		const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
		let start = 0;
		for (;;) {
			const end = data.indexOf(10, start);
			if (end === -1) {
				break;
			}

			onLine(data.toString('utf8', start, end));
			start = end + 1;
		}

		carry = Buffer.from(data.subarray(start));
	}

	fs.closeSync(fd);
	const ms = nowMs() - started;
	let chosen;
	let best = -1;
	for (const [userId, email] of emails) {
		const score = (devices.get(userId) ?? 0) * 1000 + (logs.get(userId) ?? 0);
		if (score > best) {
			best = score;
			chosen = {userId, email};
		}
	}

	return {ms, lines, user: chosen};
}

// ---------------------------------------------------------------- the terminal

/** `node -e 0` in the same pseudo-terminal: spawn to exit. */
async function nodeStart() {
	const session = PtySession.start(process.execPath, ['-e', '0']);
	await session.exited;
	return session.exitMs - session.spawnMs;
}

/** The Users list is up, sorted, with its first user selected. */
function readyPattern(users) {
	const pattern = new RegExp(`${fmt(users)} users? {2}${users === 0 ? '0/0' : `1/${fmt(users)}`}`);
	return Object.assign(screen => pattern.test(screen.split('\n')[infoRow] ?? ''), {toString: () => 'the sorted list'});
}

/** One start of the console: when its first frame shows, and when the sorted list does. */
/**
 * Node's default heap limit (about 4 GB here) may be too small for the largest
 * stores: when the console runs out of it, the benchmark says so and goes on
 * with a larger limit, marked in the metric's name.
 */
const heapFlags = {};
function consoleEnv(users) {
	return heapFlags[users] ? {NODE_OPTIONS: heapFlags[users]} : {};
}

function withHeap(users, metric) {
	return heapFlags[users] ? `${metric} [${heapFlags[users]}]` : metric;
}

async function retryingHeap(users, work) {
	try {
		return await work();
	} catch (error) {
		if (heapFlags[users] || !/heap|memory|ended/i.test(String(error))) {
			throw error;
		}

		const reason = String(error).split('\n').find(line => /heap|memory/i.test(line)) ?? String(error).split('\n')[0];
		notes.push(`With ${fmt(users)} users the console, as shipped, stopped: ${reason.trim().slice(0, 200)}. The figures marked [--max-old-space-size=12000] ran with a larger heap.`);
		row({metric: `console with ${fmt(users)} users, Node's default heap`, n: 1, med: 'stopped', target: 'runs', pass: false, unit: ''});
		heapFlags[users] = '--max-old-space-size=12000';
		return work();
	}
}

/**
 * The first users while a big store loads (the console's preview: the info line
 * says they are in store order, the row under the column titles is a user), or
 * the list itself when the store opened before any preview showed.
 */
function firstPagePattern(users) {
	const ready = readyPattern(users);
	const preview = screen => {
		const lines = screen.split('\n');
		return (lines[infoRow] ?? '').includes('first users in store order') && (lines[infoRow + 2] ?? '').trim() !== '';
	};

	return Object.assign(screen => preview(screen) || ready(screen), {toString: () => 'the first page of users'});
}

async function consoleStart(file, users, graceMs = 5000) {
	const session = PtySession.start(process.execPath, [cli, '--store', file], {env: consoleEnv(users)});
	const first = await session.waitFor(shows(' userdeck  '), {timeout: 900_000, label: 'the first frame'});
	const page = await session.waitFor(firstPagePattern(users), {timeout: 900_000, label: 'the first page of users'});
	const ready = await session.waitFor(readyPattern(users), {timeout: 900_000, label: 'the sorted list'});
	// A start that read the snapshot's lines writes the columns file as it quits (source/store/columns-file.ts): let it.
	await session.close('\u0003', graceMs);
	return {first: first.at - session.spawnMs, page: page.at - session.spawnMs, ready: ready.at - session.spawnMs};
}

/**
 * Key presses in a running screen, as under key repeat (one every 40 ms):
 * per key, the time until the frame showing `expect(i)`, and the bytes
 * written for it.
 */
async function presses(session, keys, expect) {
	const times = [];
	const bytes = [];
	for (let index = 0; index < keys.length; index++) {
		session.mark();
		const sent = session.send(keys[index]);
		// eslint-disable-next-line no-await-in-loop
		const {at} = await session.waitFor(expect(index));
		times.push(at - sent);
		const rest = 40 - (nowMs() - sent);
		if (rest > 0) {
			// eslint-disable-next-line no-await-in-loop
			await sleep(rest);
		}

		// eslint-disable-next-line no-await-in-loop
		await session.settle(8, 500);
		bytes.push(session.bytes);
	}

	return {times, bytes};
}

/** Down `count / 2` rows and back up: moves that stay on the first page. */
function inScreenKeys(count) {
	const keys = [];
	let at = 1;
	const positions = [];
	for (let index = 0; index < count; index++) {
		const down = Math.floor(index / 25) % 2 === 0;
		keys.push(down ? 'j' : 'k');
		at += down ? 1 : -1;
		positions.push(at);
	}

	return {keys, positions};
}

/** 200 keys queued at once (one write); the time to the frame showing the last, and how many frames showed a position on the way. */
async function bursts(session, users, times) {
	const results = [];
	const position = new RegExp(`(\\d[\\d,]*)/${fmt(users)}`);
	for (let run = 0; run < times; run++) {
		const down = run % 2 === 0;
		const target = down ? 201 : 1;
		session.mark();
		// Every position the info line shows on the way, after each piece of output.
		const seen = [];
		const before = position.exec(session.screen.line(infoRow))?.[1];
		session.onScreen = screen => {
			const shown = position.exec(screen.line(infoRow))?.[1];
			if (shown !== undefined && shown !== before && shown !== seen.at(-1)) {
				seen.push(shown);
			}
		};

		const sent = session.send((down ? 'j' : 'k').repeat(200));
		// eslint-disable-next-line no-await-in-loop
		const {at} = await session.waitFor(onInfo(`  ${fmt(target)}/${fmt(users)}`));
		// eslint-disable-next-line no-await-in-loop
		await session.settle(30, 1000);
		session.onScreen = undefined;
		results.push({ms: at - sent, frames: seen.length});
	}

	return results;
}

async function baselineSession(users) {
	const session = PtySession.start(process.execPath, [path.join(benchBuildDir, 'baseline-screen.js'), String(users)]);
	await session.waitFor(shows('pre-formatted screen'));
	await session.settle(50);
	const {keys, positions} = inScreenKeys(samples.moves);
	const moves = await presses(session, keys, index => onInfo(`  ${fmt(positions[index])}/${fmt(users)}`));
	const tabKeys = [];
	for (let index = 0; index < samples.tabs; index++) {
		tabKeys.push('2', '3', '1');
	}

	const swaps = await presses(session, tabKeys, index => shows(`Users › Tab ${tabKeys[index]}`, 1));
	session.send('g');
	await session.close('q');
	return {moves, swaps};
}

async function consoleSession(file, users, user) {
	const session = PtySession.start(process.execPath, [cli, '--store', file], {env: consoleEnv(users)});
	await session.waitFor(readyPattern(users), {timeout: 900_000, label: 'the sorted list'});
	await session.settle(100);
	const rssReady = session.rssMb();
	const {keys, positions} = inScreenKeys(samples.moves);
	const moves = await presses(session, keys, index => onInfo(`  ${fmt(positions[index])}/${fmt(users)}`));

	// Past the bottom of the page every move scrolls the whole table.
	session.mark();
	session.send('g');
	await session.waitFor(onInfo(`  1/${fmt(users)}`));
	await session.settle(30);
	session.mark();
	session.send('j'.repeat(33));
	await session.waitFor(onInfo(`  34/${fmt(users)}`));
	await session.settle(30);
	const scrollKeys = Array.from({length: samples.scroll}, () => 'j');
	const scrolls = await presses(session, scrollKeys, index => onInfo(`  ${fmt(35 + index)}/${fmt(users)}`));
	session.mark();
	session.send('g');
	await session.waitFor(onInfo(`  1/${fmt(users)}`));
	await session.settle(30);
	const queued = await bursts(session, users, samples.bursts);

	// Find the chosen user with `/`, typing as a person does; each key's echo is timed.
	session.mark();
	session.send('\u001B');
	await session.settle(30);
	session.send('/');
	await session.waitFor(Object.assign(screen => (screen.split('\n')[infoRow] ?? '').startsWith('/ '), {toString: () => 'the prompt'}));
	await session.settle(30);
	const echoes = [];
	let typed = '';
	for (const char of user.email) {
		typed += char;
		session.mark();
		const sent = session.send(char);
		// eslint-disable-next-line no-await-in-loop
		const {at} = await session.waitFor(Object.assign(screen => (screen.split('\n')[infoRow] ?? '').startsWith(`/ ${typed}`), {toString: () => `the prompt showing ${typed}`}));
		echoes.push(at - sent);
		// eslint-disable-next-line no-await-in-loop
		await sleep(Math.max(0, 60 - (nowMs() - sent)));
	}

	await session.waitFor(screen => /\d of [\d,]+ users? {2}/.test(screen.split('\n')[infoRow] ?? ''), {timeout: 600_000, label: 'the filter result'}).catch(() => undefined);
	await session.settle(50);
	session.mark();
	session.send('\r');
	await session.settle(50);
	session.mark();
	session.send('\r');
	await session.waitFor(shows('› Details', 1));
	await session.settle(50);
	const tabKeys = [];
	for (let index = 0; index < samples.tabs; index++) {
		tabKeys.push('2', '3', '1');
	}

	const titles = {1: 'Details', 2: 'Devices', 3: 'History'};
	const tabs = await presses(session, tabKeys, index => shows(`› ${titles[tabKeys[index]]}`, 1));
	const rssUsed = session.rssMb();
	await session.close();
	const byTab = {};
	for (const [index, key] of tabKeys.entries()) {
		(byTab[titles[key]] ??= []).push(tabs.times[index]);
	}

	return {moves, scrolls, queued, echoes, byTab, rssReady, rssUsed};
}

// ---------------------------------------------------------------- in process

async function inProcess(task, options) {
	const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=16000', path.join(benchBuildDir, 'in-process.js'), task, JSON.stringify(options)], {
		env: Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'CI')),
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let out = '';
	child.stdout.setEncoding('utf8');
	child.stdout.on('data', chunk => {
		out += chunk;
	});
	const code = await new Promise(resolve => {
		child.on('exit', resolve);
	});
	if (code !== 0) {
		throw new Error(`in-process ${task} failed (exit ${code})`);
	}

	const last = out.trim().split('\n').map(line => line.replace(ansi, '').trim()).filter(line => line.startsWith('{')).at(-1);
	return JSON.parse(last);
}

// ---------------------------------------------------------------- CLI sign-in

function firstDatabaseUser(file) {
	const text = fs.readFileSync(file, 'utf8');
	const records = text.split('\n').filter(line => line.startsWith('[')).map(line => JSON.parse(line));
	const connection = records.find(([table, item]) => table === 'connections' && item.strategy === 'auth0' && item.enabled_clients.length > 0)[1];
	const user = records.find(([table, item]) => table === 'users' && !item.blocked && item.email && item.identities[0]?.connection === connection.name)[1];
	return {email: user.email, userId: user.user_id, clientId: connection.enabled_clients[0]};
}

async function timed(args) {
	const started = nowMs();
	await new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cli, ...args], {stdio: ['ignore', 'ignore', 'pipe']});
		let errors = '';
		child.stderr.on('data', chunk => {
			errors += chunk;
		});
		child.on('exit', code => (code === 0 ? resolve() : reject(new Error(`userdeck ${args.join(' ')} failed: ${errors}`))));
	});
	return nowMs() - started;
}

async function cliLogins(file) {
	const dir = fs.mkdtempSync(path.join(storesDir, '.login-'));
	const copy = path.join(dir, 'store.ndjson');
	fs.copyFileSync(file, copy);
	try {
		const {email, userId, clientId} = firstDatabaseUser(copy);
		const runs = quick ? 5 : 12;
		const logins = [];
		const views = [];
		for (let run = 0; run < runs; run++) {
			// eslint-disable-next-line no-await-in-loop
			logins.push(await timed(['login', '--email', email, '--password', 'Demo-Passw0rd!', '--client', clientId, '--store', copy]));
			// eslint-disable-next-line no-await-in-loop
			views.push(await timed(['users', 'show', userId, '--json', '--store', copy]));
		}

		return {logins, views};
	} finally {
		fs.rmSync(dir, {recursive: true, force: true});
	}
}

// ---------------------------------------------------------------- the run

const load = () => os.loadavg().map(value => value.toFixed(1)).join(' ');
const machine = {
	cores: os.cpus().length,
	cpu: os.cpus()[0]?.model ?? 'unknown',
	memory: `${Math.round(os.totalmem() / 1024 ** 3)} GiB`,
	node: process.version,
	loadBefore: load(),
};
log(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memory}, node ${machine.node}, load ${machine.loadBefore}`);
await buildBench();

// The live section needs no store: it runs against the Auth0 double.
const needsStores = ['start', 'cli', 'terminal', 'process', 'memory', 'selection', 'signin'].some(section => want(section));
const emptyStore = needsStores ? ensureStore(0) : undefined;
const smallStore = needsStores ? ensureStore(300) : undefined;
const stores = needsStores ? Object.fromEntries(sizes.map(users => [users, ensureStore(users)])) : {};

// Start-up.
const parses = {};
for (const users of want('start') || want('terminal') ? sizes : []) {
	log(`raw parse of ${fmt(users)} users …`);
	parses[users] = rawParse(stores[users]);
}

// Issue 19's floor of a start: the store's bytes read and its line breaks
// found (no decoding, no JSON.parse), after one read that warms the cache as
// the raw parse does (the console's start reads a warm file too).
const reads = {};
for (const users of want('start') || want('cli') ? sizes : []) {
	log(`read and line breaks of ${fmt(users)} users …`);
	readLineBreaks(stores[users]);
	const runs = Array.from({length: samples.reads}, () => readLineBreaks(stores[users]));
	reads[users] = {...runs[0], times: runs.map(each => each.ms), ms: median(runs.map(each => each.ms))};
}

const readRows = new Set();
/** The read floor's row, once per size (the start and the CLI rows both compare with it). */
function readRow(users) {
	if (readRows.has(users)) {
		return;
	}

	readRows.add(users);
	const read = reads[users];
	row({metric: `baseline: read the ${fmt(users)}-user store's bytes and find its line breaks (${fmt(read.lines)} lines, ${fmt(Math.round(read.bytes / 2 ** 20))} MB)`, n: read.times.length, med: read.ms, p95: quantile(read.times, 0.95)});
}

if (want('start')) {
log('node -e 0 …');
const nodeTimes = [];
for (let run = 0; run < samples.node; run++) {
	// eslint-disable-next-line no-await-in-loop
	nodeTimes.push(await nodeStart());
}

const nodeMedian = median(nodeTimes);
row({metric: 'baseline: `node -e 0` in the terminal', n: nodeTimes.length, med: nodeMedian, p95: quantile(nodeTimes, 0.95)});
// The floor of any Ink console: the pre-formatted screen's first frame (one bundle, Ink, React, no store).
const inkStarts = [];
for (let run = 0; run < samples.start; run++) {
	const session = PtySession.start(process.execPath, [path.join(benchBuildDir, 'baseline-screen.js'), '10000']);
	// eslint-disable-next-line no-await-in-loop
	const first = await session.waitFor(shows('pre-formatted screen'));
	inkStarts.push(first.at - session.spawnMs);
	// eslint-disable-next-line no-await-in-loop
	await session.close('q');
}

row({metric: 'baseline: an Ink screen with nothing to load, first frame', n: inkStarts.length, med: median(inkStarts), p95: quantile(inkStarts, 0.95), baseline: nodeMedian, ratio: median(inkStarts) / nodeMedian});

log('empty store start …');
const emptyStarts = [];
for (let run = 0; run < samples.start; run++) {
	// eslint-disable-next-line no-await-in-loop
	emptyStarts.push(await consoleStart(emptyStore, 0));
}

const emptyFirst = median(emptyStarts.map(each => each.first));
const emptyReady = median(emptyStarts.map(each => each.ready));
row({
	metric: 'start, empty store: first frame', n: emptyStarts.length, med: emptyFirst, p95: quantile(emptyStarts.map(each => each.first), 0.95),
	baseline: nodeMedian, ratio: emptyFirst / nodeMedian, target: '≤ node -e 0 + 250 ms', pass: emptyFirst <= nodeMedian + 250,
});

for (const users of sizes) {
	row({metric: `baseline: raw parse of the ${fmt(users)}-user store (${fmt(parses[users].lines)} lines)`, n: 1, med: parses[users].ms});
	readRow(users);
	log(`start with ${fmt(users)} users …`);
	consoleUsers = users;
	// A big store's first start files every line of the snapshot and leaves the
	// columns file beside it; every later start reads that (columns-file.ts).
	// Both are measured: the first start once, without the file.
	let cold;
	if (users >= 100_000) {
		fs.rmSync(`${stores[users]}-columns`, {force: true});
		cold = await retryingHeap(users, async () => consoleStart(stores[users], users, 120_000));
		if (!fs.existsSync(`${stores[users]}-columns`)) {
			notes.push(`With ${fmt(users)} users the first start left no columns file: the later starts read the snapshot's lines too.`);
		}
	}

	const starts = [];
	const count = users >= 1_000_000 ? samples.bigStart : (users >= 100_000 ? Math.max(2, samples.start - 2) : samples.start);
	for (let run = 0; run < count; run++) {
		// eslint-disable-next-line no-await-in-loop
		starts.push(await retryingHeap(users, async () => consoleStart(stores[users], users)));
	}

	const first = median(starts.map(each => each.first));
	const ready = median(starts.map(each => each.ready));
	if (users <= 10_000) {
		const allowed = emptyReady + 1.5 * parses[users].ms;
		row({
			metric: `start, ${fmt(users)} users: first frame (loading screen)`, n: starts.length, med: first, p95: quantile(starts.map(each => each.first), 0.95),
			baseline: emptyFirst, ratio: first / emptyFirst,
		});
		row({
			metric: `start, ${fmt(users)} users: sorted list shown`, n: starts.length, med: ready, p95: quantile(starts.map(each => each.ready), 0.95),
			baseline: allowed, ratio: ready / allowed, target: '≤ empty start + 1.5 × raw parse', pass: ready <= allowed,
		});
	} else {
		row({
			metric: `start, ${fmt(users)} users: first frame (loading screen, progress)`, n: starts.length, med: first, p95: quantile(starts.map(each => each.first), 0.95),
			baseline: emptyFirst, ratio: first / emptyFirst, target: '≤ empty start + 300 ms', pass: first <= emptyFirst + 300,
		});
		const page = median(starts.map(each => each.page));
		row({
			metric: `start, ${fmt(users)} users: first page of users (store order, with progress)`, n: starts.length, med: page, p95: quantile(starts.map(each => each.page), 0.95),
			baseline: emptyFirst, ratio: page / emptyFirst, target: '≤ empty start + 300 ms', pass: page <= emptyFirst + 300,
		});
		// Issue 19: against reading the bytes, not parsing them (the raw parse's row is above).
		// Its target is set at a million users; at 100,000 the read (about 170 ms) is
		// shorter than an empty store's own start, so only the ratio is shown.
		const read = reads[users].ms;
		const targeted = users >= 1_000_000;
		row({
			metric: `start, ${fmt(users)} users: sorted list shown, first start (no columns file: every line filed)`, n: 1, med: cold.ready,
			baseline: read, ratio: cold.ready / read,
		});
		row({
			metric: `start, ${fmt(users)} users: sorted list shown (store fully loaded, from the columns file)`, n: starts.length, med: ready, p95: quantile(starts.map(each => each.ready), 0.95),
			baseline: read, ratio: ready / read, ...(targeted ? {target: '≤ 1.5 × read + line breaks', pass: ready <= 1.5 * read} : {}),
		});
	}
}

}

// Issue 19: `users list --query … --json` and `users export` stream their output
// without holding every profile. The built CLI as a child process: spawn to
// exit, and its peak RSS (with a relaunch for a larger heap, if it makes one).
consoleUsers = undefined;
const cliQuery = 'logins_count:[5 TO *]';
const rssBy = want('cli') ? rssMethod() : undefined;
for (const users of want('cli') ? sizes : []) {
	readRow(users);
	const file = stores[users];
	const read = reads[users].ms;
	const storeMb = fs.statSync(file).size / 2 ** 20;
	const runs = users >= 1_000_000 ? samples.bigStart : samples.cli;
	const dir = fs.mkdtempSync(path.join(storesDir, '.cli-'));
	const output = path.join(dir, 'export.ndjson');
	const commands = [
		{name: `\`users list --query '${cliQuery}' --json\` to /dev/null`, args: [cli, 'users', 'list', '--store', file, '--query', cliQuery, '--json']},
		{name: '`users export --output FILE` (NDJSON)', args: [cli, 'users', 'export', '--store', file, '--output', output], exported: true},
	];
	try {
		for (const command of commands) {
			log(`${command.name}, ${fmt(users)} users …`);
			const results = [];
			let exported = true;
			for (let run = 0; run < runs; run++) {
				// eslint-disable-next-line no-await-in-loop
				results.push(await measuredRun(command.args, {method: rssBy}));
				if (command.exported) {
					// As many lines as users (a check, outside the measurement).
					const lines = readLineBreaks(output).lines;
					if (lines !== users) {
						exported = false;
						notes.push(`\`users export\` at ${fmt(users)} users wrote ${fmt(lines)} lines.`);
					}

					fs.rmSync(output, {force: true});
				}
			}

			const times = results.map(each => each.ms);
			const peaks = results.map(each => each.peakRssMb);
			const peak = Math.max(...peaks);
			row({metric: `${command.name}, ${fmt(users)} users: wall time`, n: runs, med: median(times), p95: quantile(times, 0.95), baseline: read, ratio: median(times) / read});
			row({
				metric: `${command.name}, ${fmt(users)} users: peak RSS (${rssBy === 'time' ? 'GNU time' : 'maxRSS at exit'}; baseline: the store's size)`, n: runs, med: median(peaks), p95: peak, unit: 'MB',
				baseline: storeMb, ratio: peak / storeMb,
				...(users >= 1_000_000 ? {target: '≤ 1 GB (streamed, not every profile held)', pass: peak <= gigabyte && exported} : (command.exported ? {target: 'every user exported', pass: exported} : {})),
			});
		}
	} finally {
		fs.rmSync(dir, {recursive: true, force: true});
	}
}

// Keys in the terminal.
const navigation = {};
for (const users of want('terminal') ? sizes : []) {
	log(`baseline screen (${fmt(users)}) …`);
	// eslint-disable-next-line no-await-in-loop
	const baseline = await baselineSession(users);
	log(`console session with ${fmt(users)} users …`);
	consoleUsers = users;
	// eslint-disable-next-line no-await-in-loop
	const session = await retryingHeap(users, async () => consoleSession(stores[users], users, parses[users].user));
	navigation[users] = {baseline, session};
	const base = median(baseline.moves.times);
	const med = median(session.moves.times);
	const p95 = quantile(session.moves.times, 0.95);
	row({metric: `baseline: pre-formatted screen, key to frame (${fmt(users)})`, n: baseline.moves.times.length, med: base, p95: quantile(baseline.moves.times, 0.95)});
	row({
		metric: `list move, ${fmt(users)} users: key to frame`, n: session.moves.times.length, med, p95, baseline: base, ratio: med / base,
		target: 'p50 ≤ 16, p95 ≤ 33, ≤ 1.5× baseline', pass: med <= 16 && p95 <= 33 && med <= 1.5 * base,
	});
	row({
		metric: `list move, ${fmt(users)} users: bytes per in-screen move`, n: session.moves.bytes.length, med: median(session.moves.bytes), p95: quantile(session.moves.bytes, 0.95),
		baseline: median(baseline.moves.bytes), ratio: median(session.moves.bytes) / median(baseline.moves.bytes), target: '≤ 500 B', pass: quantile(session.moves.bytes, 0.95) <= 500, unit: 'B',
	});
	const scrollMed = median(session.scrolls.times);
	row({
		metric: `list scroll (move past the page), ${fmt(users)} users`, n: session.scrolls.times.length, med: scrollMed, p95: quantile(session.scrolls.times, 0.95),
		baseline: base, ratio: scrollMed / base, target: 'p50 ≤ 16, p95 ≤ 33', pass: scrollMed <= 16 && quantile(session.scrolls.times, 0.95) <= 33,
	});
	row({metric: `list scroll, ${fmt(users)} users: bytes per move`, n: session.scrolls.bytes.length, med: median(session.scrolls.bytes), p95: quantile(session.scrolls.bytes, 0.95), unit: 'B'});
	const frames = session.queued.map(each => each.frames);
	row({
		metric: `200 queued keys, ${fmt(users)} users: frames until the last`, n: frames.length, med: median(frames), p95: quantile(frames, 0.95),
		target: '≤ 2 frames', pass: quantile(frames, 0.95) <= 2, unit: '',
	});
	row({metric: `200 queued keys, ${fmt(users)} users: time to the final frame`, n: session.queued.length, med: median(session.queued.map(each => each.ms)), p95: quantile(session.queued.map(each => each.ms), 0.95), baseline: base});
	const swap = median(baseline.swaps.times);
	row({metric: `baseline: pre-formatted screen replaced, key to frame (${fmt(users)})`, n: baseline.swaps.times.length, med: swap, p95: quantile(baseline.swaps.times, 0.95)});
	for (const [tab, times] of Object.entries(session.byTab)) {
		const tabMed = median(times);
		row({
			metric: `tab ${tab}, ${fmt(users)} users: key to frame`, n: times.length, med: tabMed, p95: quantile(times, 0.95),
			baseline: swap, ratio: tabMed / swap, target: '≤ 2× baseline', pass: tabMed <= 2 * swap,
		});
	}

	const echo = median(session.echoes);
	row({
		metric: `typing into / (terminal), ${fmt(users)} users: key to echo`, n: session.echoes.length, med: echo, p95: quantile(session.echoes, 0.95),
		baseline: base, ratio: echo / base, target: 'never blocked: p95 ≤ 33', pass: quantile(session.echoes, 0.95) <= 33,
	});
	row({
		metric: `memory, ${fmt(users)} users: console RSS after use (terminal)`, n: 1, med: session.rssUsed, p95: undefined, unit: 'MB',
		baseline: session.rssReady, ratio: session.rssUsed / session.rssReady,
	});
}

consoleUsers = undefined;
if (want('terminal') && sizes.includes(10_000) && sizes.at(-1) > 10_000) {
	const small = median(navigation[10_000].session.moves.times);
	const big = sizes.at(-1);
	const large = median(navigation[big].session.moves.times);
	row({metric: `list move, ${fmt(big)} vs 10,000 users`, n: navigation[big].session.moves.times.length, med: large, baseline: small, ratio: large / small, target: `≤ 1.3× (10k)`, pass: large <= 1.3 * small});
}

consoleUsers = undefined;
if (want('process') || want('memory')) {
	notes.push('The in-process figures (filter, sort, writes, memory) run with --max-old-space-size=16000, so that a million users fit in any case.');
}

// In process: filter, sort, writes, batch (memory below).
for (const users of want('process') ? sizes : []) {
	log(`in process, filter and sort (${fmt(users)}) …`);
	// eslint-disable-next-line no-await-in-loop
	const filter = await inProcess('filter', {store: stores[users], quick});
	const base = filter.baseline.median;
	const stallLimit = users >= 1_000_000 ? 50 : 16;
	row({metric: `baseline: pre-formatted screen, key to frame, in process (${fmt(users)})`, n: filter.baseline.n, med: base, p95: filter.baseline.p95});
	row({metric: `baseline: longest event-loop stall while pressing keys on it (${fmt(users)})`, n: 1, med: filter.baselineStallMs});
	row({metric: `first sort by Name, ${fmt(users)} users: mount to sorted list`, n: 1, med: filter.sortedMs, baseline: filter.firstFrameMs, ratio: filter.sortedMs / filter.firstFrameMs});
	row({metric: `first sort by Name, ${fmt(users)} users: longest event-loop stall (mount included)`, n: 1, med: filter.sortStallMs, baseline: filter.baselineStallMs, ratio: filter.sortStallMs / filter.baselineStallMs, target: `≤ ${stallLimit}`, pass: filter.sortStallMs <= stallLimit});
	row({metric: `first sort by Name, ${fmt(users)} users: longest garbage-collector pause meanwhile`, n: 1, med: filter.sortGcMs});
	row({metric: `first sort by Name, ${fmt(users)} users: slices (work + the frame it triggers)`, n: filter.sortSlices.n, med: filter.sortSlices.median, p95: filter.sortSlices.p95, target: 'p95 ≤ 16', pass: filter.sortSlices.p95 <= 16});
	// A filter key repaints every row with rows not drawn before: its baseline is
	// the pre-formatted screen's rows all replaced by new ones (the same bodies
	// again, as tab switches show, are in Ink's frame caches and cost far less).
	row({metric: `baseline: pre-formatted screen replaced, key to frame, in process (${fmt(users)})`, n: filter.baselineSwaps.n, med: filter.baselineSwaps.median, p95: filter.baselineSwaps.p95});
	const swap = filter.baselineFresh.median;
	row({metric: `baseline: pre-formatted screen, every row new, key to frame, in process (${fmt(users)})`, n: filter.baselineFresh.n, med: swap, p95: filter.baselineFresh.p95});
	const scans = filter.keys.map(key => key.scan);
	const firstPages = filter.keys.map(key => key.firstPage);
	const allowed = filter.keys.map(key => key.scan + 1.5 * swap);
	const firstMed = median(firstPages);
	let pass = firstMed <= median(allowed);
	let target = '≤ scan + 1.5× baseline (rows new)';
	if (users >= 1_000_000) {
		pass &&= firstMed <= 33 && Math.max(...firstPages) <= 50;
		target += '; p50 ≤ 33, max ≤ 50';
	} else if (users >= 100_000) {
		pass &&= firstMed <= 16;
		target += '; p50 ≤ 16';
	}

	row({metric: `baseline: raw scan (for/includes over lower-case array), ${fmt(users)} users`, n: scans.length, med: median(scans), p95: quantile(scans, 0.95)});
	row({metric: `filter key, ${fmt(users)} users: key to first page`, n: firstPages.length, med: firstMed, p95: quantile(firstPages, 0.95), baseline: median(allowed), ratio: firstMed / median(allowed), target, pass});
	const completes = filter.keys.map(key => key.complete);
	row({metric: `filter key, ${fmt(users)} users: key to complete count`, n: completes.length, med: median(completes), p95: quantile(completes, 0.95), baseline: median(scans), ratio: median(completes) / median(scans)});
	row({metric: `filter, typing a key every 25 ms, ${fmt(users)} users: key to echo`, n: filter.fastEcho.n, med: filter.fastEcho.median, p95: filter.fastEcho.p95, baseline: base, ratio: filter.fastEcho.median / base});
	row({metric: `filter, typing a key every 25 ms, ${fmt(users)} users: longest stall`, n: 1, med: filter.fastStallMs, baseline: filter.baselineStallMs, ratio: filter.fastStallMs / filter.baselineStallMs, target: `≤ ${stallLimit}`, pass: filter.fastStallMs <= stallLimit});
	row({metric: `filter, typing a key every 25 ms, ${fmt(users)} users: longest garbage-collector pause meanwhile`, n: 1, med: filter.fastGcMs});
	row({metric: `filter, ${fmt(users)} users: scan slices (work + the frame it triggers)`, n: filter.filterSlices.n, med: filter.filterSlices.median, p95: filter.filterSlices.p95, target: 'p95 ≤ 16', pass: filter.filterSlices.p95 <= 16});
	for (const sort of filter.sorts) {
		row({metric: `sort by ${sort.field} (s), ${fmt(users)} users: key to sorted list`, n: 1, med: sort.ms, p95: undefined, baseline: base, ratio: sort.ms / base});
	}

	const worstSortStall = Math.max(...filter.sorts.map(sort => sort.stallMs));
	// Issue 19: at a million users no stall over 50 ms while sorting, filtering or typing at `/` (the fast typing's run).
	row({metric: `sort changes, ${fmt(users)} users: longest stall`, n: filter.sorts.length, med: worstSortStall, baseline: filter.baselineStallMs, ratio: worstSortStall / filter.baselineStallMs, target: `≤ ${stallLimit}`, pass: worstSortStall <= stallLimit});
	row({metric: `sort changes, ${fmt(users)} users: longest garbage-collector pause meanwhile`, n: filter.sorts.length, med: Math.max(...filter.sorts.map(sort => sort.gcMs))});
	row({metric: `sort changes, ${fmt(users)} users: sort slices (work + the frame it triggers)`, n: filter.sortChangeSlices.n, med: filter.sortChangeSlices.median, p95: filter.sortChangeSlices.p95, target: 'p95 ≤ 16', pass: filter.sortChangeSlices.p95 <= 16});

	log(`in process, writes (${fmt(users)}) …`);
	// eslint-disable-next-line no-await-in-loop
	const writes = await inProcess('writes', {store: stores[users], quick, tmp: storesDir});
	const fsync = writes.fsync.median;
	for (const kind of ['block', 'unblock', 'create', 'delete']) {
		const each = writes[kind];
		row({metric: `${kind}, ${fmt(users)} users: longest stall until shown`, n: each.stall.n, med: each.stall.median, p95: each.stall.p95, baseline: each.gc.max, target: '≤ 16 (baseline: longest GC pause)', pass: each.stall.max <= 16});
		row({metric: `${kind}, ${fmt(users)} users: durable (call to fsynced)`, n: each.durable.n, med: each.durable.median, p95: each.durable.p95, baseline: fsync, ratio: each.durable.median / fsync, target: '≤ 5 ms + fsync', pass: each.durable.median <= 5 + fsync});
		row({metric: `${kind}, ${fmt(users)} users: shown after durable`, n: each.shown.n, med: each.shown.median - each.durable.median, p95: each.shown.p95 - each.durable.median, target: '≤ 1 frame (17 ms)', pass: each.shown.median - each.durable.median <= 17});
	}

	row({metric: `baseline: append + fsync of one line, ${fmt(users)}-user store's disk`, n: writes.fsync.n, med: fsync, p95: writes.fsync.p95});
	row({metric: `full snapshot rewrites after ${writes.actions} actions, ${fmt(users)} users`, n: 1, med: writes.snapshotRewrites, target: '0', pass: writes.snapshotRewrites === 0, unit: ''});

	// Issue 18: keys stay responsive while a batch deletes 1,000 marked users.
	log(`in process, batch delete of 1,000 marked users (${fmt(users)}) …`);
	// eslint-disable-next-line no-await-in-loop
	const batch = await inProcess('batch', {store: stores[users], tmp: storesDir});
	row({
		metric: `batch delete of ${fmt(batch.batch)} marked users at ${fmt(users)} users: key to frame while it runs`, n: batch.keys.n, med: batch.keys.median, p95: batch.keys.p95,
		baseline: base, ratio: batch.keys.median / base, target: 'p95 ≤ 33', pass: batch.keys.p95 <= 33,
	});
	row({metric: `batch delete of ${fmt(batch.batch)} marked users at ${fmt(users)} users: longest event-loop stall while it runs`, n: 1, med: batch.stallMs, baseline: batch.gcMs, target: '≤ 33 (baseline: longest GC pause)', pass: batch.stallMs <= 33});
	row({metric: `batch delete of ${fmt(batch.batch)} marked users at ${fmt(users)} users: whole batch, durable`, n: 1, med: batch.batchMs, baseline: fsync, ratio: batch.batchMs / fsync});
	row({metric: `batch delete of ${fmt(batch.batch)} marked users at ${fmt(users)} users, through the console: gap between progress frames`, n: batch.progressGaps.n, med: batch.progressGaps.median, p95: batch.progressGaps.p95, target: 'p95 ≤ 100', pass: batch.progressGaps.p95 <= 100 && batch.deletedThroughConsole === batch.batch});
}

// In process: memory after use (`--only memory` runs this alone).
for (const users of want('process') || want('memory') ? sizes : []) {
	log(`in process, memory (${fmt(users)}) …`);
	// eslint-disable-next-line no-await-in-loop
	const memory = await inProcess('memory', {store: stores[users]});
	// Against what is live at the same moment: the store's data at load left out what the console holds after use (its search texts), and fell as the store shrank.
	const limit = 1.5 * memory.liveDataMb + 150;
	row({metric: `memory, ${fmt(users)} users: steady RSS after use`, n: 1, med: memory.rssUsedMb, baseline: memory.liveDataMb, ratio: memory.rssUsedMb / memory.liveDataMb, target: '≤ 1.5 × live data then (heap and typed arrays) + 150 MB', pass: memory.rssUsedMb <= limit, unit: 'MB'});
	row({metric: `memory, ${fmt(users)} users: heap the console adds (view, index, caches)`, n: 1, med: memory.heapUiMb, baseline: memory.heapDataMb, ratio: memory.heapUiMb / memory.heapDataMb, unit: 'MB'});
	// Issue 19: ≤ 1 GB at a million users, ≤ 1.3 × the console's before it at
	// 100,000 (a fixed figure, above); elsewhere against the store's size.
	const storeMb = fs.statSync(stores[users]).size / 2 ** 20;
	const before = users === 100_000 ? before19At100k : undefined;
	const rssTarget = users >= 1_000_000
		? {target: '≤ 1 GB', pass: memory.rssUsedMb <= gigabyte}
		: (before ? {target: `≤ 1.3 × before issue 19 (${before.commit})`, pass: memory.rssUsedMb <= 1.3 * before.rssMb} : {});
	const rssBase = before?.rssMb ?? storeMb;
	row({
		metric: `console RSS after use, ${fmt(users)} users (sorts, \`/\` text, a user opened; baseline: ${before ? `before issue 19, ${before.commit}` : 'the store\'s size'})`, n: 1, med: memory.rssUsedMb, unit: 'MB',
		baseline: rssBase, ratio: memory.rssUsedMb / rssBase, ...rssTarget,
	});
	const heapBase = before?.heapUsedMb ?? storeMb;
	row({
		metric: `console heap used after use, ${fmt(users)} users (baseline: ${before ? `before issue 19, ${before.commit}` : 'the store\'s size'})`, n: 1, med: memory.heapUsedMb, unit: 'MB',
		baseline: heapBase, ratio: memory.heapUsedMb / heapBase,
	});
}

// Issue 13: a sort keeps the selected user (s through every field, S twice), with the time each took.
for (const users of want('selection') ? sizes : []) {
	log(`in process, selection through sorts (${fmt(users)}) …`);
	// eslint-disable-next-line no-await-in-loop
	const selection = await inProcess('selection', {store: stores[users]});
	const kept = selection.checks.filter(check => check.kept).length;
	for (const check of selection.checks.filter(each => !each.kept)) {
		notes.push(`At ${fmt(users)} users, ${check.key} (${check.sort}) left the selection at ${check.shown}; ${selection.user} is at ${fmt(check.expected)}.`);
	}

	row({
		metric: `sort keeps the selected user (6th by name; s through every field, S twice), ${fmt(users)} users: sorts that kept them`, n: selection.checks.length, med: kept,
		target: `all ${selection.checks.length}`, pass: kept === selection.checks.length, unit: '',
	});
	const times = selection.checks.map(check => check.ms);
	row({metric: `sort keeps the selected user, ${fmt(users)} users: key to sorted list with the user selected`, n: times.length, med: median(times), p95: quantile(times, 0.95)});
}

if (want('map')) {
log('map …');
const map = await inProcess('map', {quick});
for (const each of map.results) {
	row({
		metric: `Locations map ${each.size}, ${each.view}: frame from scratch (timeRender)`, n: each.cold.n, med: each.medianMs, p95: each.cold.p95,
		baseline: each.cachedMedianMs, ratio: each.medianMs / each.cachedMedianMs, target: '≤ 50 ms', pass: each.medianMs <= 50 && each.cold.p95 <= 50,
	});
}

}

if (want('signin')) {
log('sign-in …');
const hashing = await inProcess('hash', {quick});
row({metric: 'password check (argon2id, in process)', n: hashing.verify.n, med: hashing.verify.median, p95: hashing.verify.p95});
row({metric: 'password checks: longest event-loop stall', n: hashing.verify.n, med: hashing.hashingStallMs, baseline: hashing.idleStallMs, ratio: hashing.hashingStallMs / hashing.idleStallMs, target: '≤ 16 (hash off the main thread)', pass: hashing.hashingStallMs <= 16});
const logins = await cliLogins(smallStore);
const loginMed = median(logins.logins);
const showMed = median(logins.views);
row({metric: '`userdeck login` (300-user store): one sign-in, process start to exit', n: logins.logins.length, med: loginMed, p95: quantile(logins.logins, 0.95), baseline: showMed, ratio: loginMed / showMed});
row({metric: '`userdeck login`: sign-ins per second, one after another', n: logins.logins.length, med: 1000 / loginMed, baseline: 1000 / showMed, unit: '/s'});
}

// Issue 17: the live backend against the Auth0 double (a process, 200 ms of latency).
if (want('live')) {
	const live = await measureLive({root, cli, quick, log});
	const at = `${live.latencyMs} ms latency`;
	const tenant = `${fmt(live.users)}-user tenant`;
	const durations = live.starts.map(each => each.durationMs);
	const answer = median(durations);
	row({metric: `baseline: the double's own answer to the first page (GET /api/v2/users, ${at})`, n: durations.length, med: answer, p95: quantile(durations, 0.95)});
	const startTimes = live.starts.map(each => each.startMs);
	row({metric: `live, ${tenant}: console start to first page shown (token, then the page)`, n: startTimes.length, med: median(startTimes), p95: quantile(startTimes, 0.95), baseline: answer, ratio: median(startTimes) / answer});
	const shown = live.starts.map(each => each.arrivalToShownMs);
	row({metric: `live, ${tenant}: first page, request at the double to page shown`, n: shown.length, med: median(shown), p95: quantile(shown, 0.95), baseline: answer, ratio: median(shown) / answer});
	const idle = median(live.keys.idle);
	row({metric: 'live: tab key to frame, nothing in flight', n: live.keys.idle.length, med: idle, p95: quantile(live.keys.idle, 0.95)});
	const {busy} = live.keys;
	const busyP95 = quantile(busy, 0.95);
	row({
		metric: `live: tab key to frame while requests are in flight (${at})`, n: busy.length, med: median(busy), p95: busyP95,
		baseline: idle, ratio: median(busy) / idle, target: 'p95 ≤ 33', pass: busy.length > 0 && busyP95 <= 33,
	});
	if (busy.length < live.keys.tried) {
		notes.push(`live: ${live.keys.tried - busy.length} of ${live.keys.tried} tab keys reached the console after the reload's requests were answered; only the ${busy.length} sent while one was in flight (the double's log) are counted.`);
	}

	const {moves} = live;
	const still = median(moves.idle);
	row({metric: 'live: list move (j/k), key to frame, nothing in flight', n: moves.idle.length, med: still, p95: quantile(moves.idle, 0.95)});
	const movesP95 = quantile(moves.busy, 0.95);
	row({
		metric: `live: list move (j/k), key to frame while the list's reload is in flight (${at})`, n: moves.busy.length, med: median(moves.busy), p95: movesP95,
		baseline: still, ratio: median(moves.busy) / still, target: 'p95 ≤ 33', pass: moves.busy.length > 0 && movesP95 <= 33,
	});
	if (moves.busy.length < moves.tried) {
		notes.push(`live: ${moves.tried - moves.busy.length} of ${moves.tried} list moves reached the console after the reload was answered; only the ${moves.busy.length} sent while it was in flight are counted.`);
	}
}

// ---------------------------------------------------------------- the table

machine.loadAfter = load();
const header = ['metric', 'N', 'median', 'p95', 'baseline', 'ratio', 'target', 'pass'];
const table = [
	`| ${header.join(' | ')} |`,
	`| ${header.map(() => '---').join(' | ')} |`,
	...rows.map(each => `| ${[
		each.metric,
		String(each.n ?? ''),
		show(each.med, each.unit),
		show(each.p95, each.unit),
		each.baseline === undefined ? '' : show(each.baseline, each.unit === '/s' ? '/s' : (each.unit === '' ? '' : each.unit)),
		each.ratio === undefined || Number.isNaN(each.ratio) ? '' : show(each.ratio, '×'),
		each.target ?? '',
		each.pass === undefined ? '' : (each.pass ? 'pass' : '**FAIL**'),
	].join(' | ')} |`),
].join('\n');
const misses = rows.filter(each => each.pass === false).length;
const summary = `${rows.filter(each => each.pass === true).length} pass, ${misses} fail`;
const description = `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memory} RAM, Node ${machine.node}; load average ${machine.loadBefore} before, ${machine.loadAfter} after. ${needsStores ? `Sizes: ${sizes.map(fmt).join(', ')} users. ` : ''}${quick ? 'Quick run. ' : ''}${summary}.`;
process.stdout.write(`\n${description}\n\n${table}\n`);
if (flag('--write')) {
	// `--write` alone writes bench/results.md; `--write PATH` writes there.
	const next = valueOf('--write');
	const target = next !== undefined && !next.startsWith('--') ? path.resolve(next) : path.join(root, 'bench/results.md');
	const shown = argv.filter(arg => arg !== '--write' && arg !== next);
	const document = `# userdeck benchmark\n\n\`npm run bench${shown.length > 0 ? ` -- ${shown.join(' ')}` : ''}\`, ${new Date().toISOString().slice(0, 10)}.\n\n${description}\n\n${table}\n${notes.length > 0 ? `\n${notes.map(note => `- ${note}`).join('\n')}\n` : ''}`;
	fs.writeFileSync(target, document);
	log(`wrote ${path.relative(root, target)}`);
}
