// The live backend against the Auth0 Management API test double (issue 17),
// for `npm run bench -- --only live`: the double runs as a process
// (scripts/auth0-double.mjs) with 200 ms of latency, the console as shipped
// (dist/cli.js) in the benchmark's pseudo-terminal with only the AUTH0_*
// variables (and NODE_EXTRA_CA_CERTS) pointing at it. The double's own
// response times come from its requests log (the control line
// {"requests": true}).
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {nowMs, PtySession} from './pty-session.mjs';

/** Starts the double; resolves once it printed its environment and `ready`. */
export async function startDouble(root, {users, latencyMs}) {
	const child = spawn(process.execPath, [path.join(root, 'scripts/auth0-double.mjs'), '--users', String(users), '--latency', String(latencyMs)], {stdio: ['pipe', 'pipe', 'pipe']});
	let errors = '';
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', chunk => {
		errors = (errors + chunk).slice(-2000);
	});
	const exited = new Promise(resolve => {
		child.on('exit', resolve);
	});
	const env = {};
	const waiting = [];
	await new Promise((resolve, reject) => {
		createInterface({input: child.stdout}).on('line', line => {
			if (line === 'ready') {
				resolve();
			} else if (line.startsWith('requests ')) {
				waiting.shift()?.(JSON.parse(line.slice('requests '.length)));
			} else if (line.includes('=')) {
				env[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
			}
		});
		void exited.then(code => reject(new Error(`the Auth0 double exited (${code}): ${errors}`)));
	});
	return {
		env,
		/** Every request the double received so far: {method, path, query, status, time, durationMs}. */
		async requests() {
			return new Promise(resolve => {
				waiting.push(resolve);
				child.stdin.write('{"requests": true}\n');
			});
		},
		async close() {
			child.kill('SIGTERM');
			await exited;
		},
	};
}

/** The first page of the tenant's users is drawn: the info line has a position, a user row is under the titles. */
const firstRows = Object.assign(screen => {
	const lines = screen.split('\n');
	return / users? {2}1\/[\d,]+/.test(lines[2] ?? '') && (lines[4] ?? '').trim() !== '';
}, {toString: () => 'the first page of the tenant\'s users'});

const onLine = (needle, row) => Object.assign(screen => (screen.split('\n')[row] ?? '').includes(needle), {toString: () => JSON.stringify(needle)});
const loaded = Object.assign(screen => !/Loading/.test(screen), {toString: () => 'the user page loaded'});

/** A console on the double, as an admin starts one: only the AUTH0_* variables name the backend. */
function startConsole(cli, double, folder) {
	return PtySession.start(process.execPath, [cli], {
		env: {
			...double.env,
			// Empty counts as unset: nothing else names a backend.
			AUTH0_ACCESS_TOKEN: '', USERDECK_STORE: '', EDITOR: '', VISUAL: '',
			USERDECK_STATE_DIR: path.join(folder, 'state'),
			USERDECK_TENANTS_FILE: path.join(folder, 'tenants.json'),
			XDG_CONFIG_HOME: path.join(folder, 'config'),
		},
	});
}

/** The epoch time (the double's clock) of an hrtime reading of this process. */
const epochOf = at => Date.now() - (nowMs() - at);

/**
 * Starts of the console: spawn to the first page drawn, and the request that
 * brought it (GET /api/v2/users, its arrival at the double and its durationMs).
 */
async function firstPages(cli, double, folder, runs) {
	const starts = [];
	for (let run = 0; run < runs; run++) {
		const spawned = Date.now();
		const session = startConsole(cli, double, folder);
		// eslint-disable-next-line no-await-in-loop
		const page = await session.waitFor(firstRows, {timeout: 120_000});
		const shown = epochOf(page.at);
		// eslint-disable-next-line no-await-in-loop
		await session.close();
		starts.push({spawned, shown, startMs: page.at - session.spawnMs});
	}

	const log = await double.requests();
	return starts.map(({spawned, shown, startMs}) => {
		const request = log.find(each => each.method === 'GET' && each.path === '/api/v2/users' && each.status === 200 && each.time >= spawned && each.time <= shown);
		if (request === undefined) {
			throw new Error('no GET /api/v2/users answered before the first page was drawn');
		}

		return {startMs, durationMs: request.durationMs, arrivalToShownMs: shown - request.time};
	});
}

async function sleep(ms) {
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

/**
 * Tab keys (2, 3, 1) on a user's page, each time to the frame showing its tab;
 * there `r` asks the double for the user, their devices and their history
 * again (200 ms each).
 */
async function tabKeys(cli, double, folder, count) {
	const session = startConsole(cli, double, folder);
	await session.waitFor(firstRows, {timeout: 120_000});
	await session.settle(100);
	session.send('\r');
	await session.waitFor(onLine('› Details', 1), {timeout: 60_000});
	await session.waitFor(loaded, {timeout: 60_000});
	await session.settle(100);
	const titles = {1: 'Details', 2: 'Devices', 3: 'History'};
	const keys = Array.from({length: 2 * count}, (_, index) => ['2', '3', '1'][index % 3]);
	return measureKeys(session, double, {count, keys, frames: keys.map(key => onLine(`› ${titles[key]}`, 1)), reloaded: loaded});
}

/** Whether the double's log shows a request to the Management API it had not answered at `epoch`. */
function inFlightAt(log, epoch) {
	return log.some(each => each.path.startsWith('/api/v2/') && each.time <= epoch && (each.durationMs === undefined || each.time + each.durationMs > epoch));
}

/**
 * j/k on the Users list, each time to the frame showing the new position;
 * there `r` asks the double for the list's first page again (200 ms) while
 * the loaded rows stay to move through.
 */
async function listMoves(cli, double, folder, count) {
	const session = startConsole(cli, double, folder);
	await session.waitFor(firstRows, {timeout: 120_000});
	await session.settle(100);
	const position = at => Object.assign(screen => new RegExp(` ${at}/[\\d,]+\\+?$`).test((screen.split('\n')[2] ?? '').trimEnd()), {toString: () => `position ${at}`});
	// Ten down, ten up, in turn, from the first row.
	const keys = Array.from({length: 2 * count}, (_, index) => (Math.floor(index / 10) % 2 === 0 ? 'j' : 'k'));
	let at = 1;
	const frames = keys.map(key => position(at += key === 'j' ? 1 : -1));
	// The reload has landed when the position loses its + (more rows coming).
	const reloaded = Object.assign(screen => / users? {2}[\d,]+\/[\d,]+$/.test((screen.split('\n')[2] ?? '').trimEnd()), {toString: () => 'the reloaded list'});
	return measureKeys(session, double, {count, keys, frames, reloaded});
}

/**
 * `count` keys timed to their frames with nothing in flight, then `count`
 * more each sent after `r` (once r's own frame is drawn: the key's time is its
 * own), while the reload's requests are held 200 ms by the double, waiting
 * for `reloaded` before the next. Only keys sent while the double's log shows
 * a request not yet answered count as in flight. Closes the session.
 */
async function measureKeys(session, double, {count, keys, frames, reloaded}) {
	const idle = [];
	const busy = [];
	for (let index = 0; index < 2 * count; index++) {
		const inFlight = index >= count;
		if (inFlight) {
			session.send('r');
			// eslint-disable-next-line no-await-in-loop
			await sleep(10);
			// eslint-disable-next-line no-await-in-loop
			await session.settle(15, 120);
		}

		session.mark();
		const sentEpoch = Date.now();
		const sent = session.send(keys[index]);
		// eslint-disable-next-line no-await-in-loop
		const {at} = await session.waitFor(frames[index]);
		(inFlight ? busy : idle).push({ms: at - sent, sentEpoch});
		if (inFlight) {
			// eslint-disable-next-line no-await-in-loop
			await session.waitFor(reloaded, {timeout: 60_000});
		}

		// eslint-disable-next-line no-await-in-loop
		await session.settle(30, 1000);
	}

	await session.close();
	const log = await double.requests();
	return {idle: idle.map(each => each.ms), busy: busy.filter(({sentEpoch}) => inFlightAt(log, sentEpoch)).map(each => each.ms), tried: busy.length};
}

/** The live section's measurements; the caller makes the rows. */
export async function measureLive({root, cli, quick, log}) {
	const latencyMs = 200;
	const users = 1000;
	log(`the Auth0 double (${users} users, ${latencyMs} ms latency) …`);
	const double = await startDouble(root, {users, latencyMs});
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'userdeck-bench-live-'));
	try {
		log('live: first pages …');
		const starts = await firstPages(cli, double, folder, quick ? 3 : 5);
		log('live: tab keys with requests in flight …');
		const keys = await tabKeys(cli, double, folder, quick ? 12 : 30);
		log('live: list moves with the list\'s reload in flight …');
		const moves = await listMoves(cli, double, folder, quick ? 12 : 30);
		return {latencyMs, users, starts, keys, moves};
	} finally {
		await double.close();
		fs.rmSync(folder, {recursive: true, force: true});
	}
}
