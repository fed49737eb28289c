// Two measurements of `npm run bench` (bench/run.mjs) for issue 19, apart so
// that test/bench/measure.test.ts can check them: the floor of reading a
// store (its bytes read and its line breaks found, nothing decoded or parsed),
// and a command's wall time and peak resident memory as a child process.
import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath, pathToFileURL} from 'node:url';

/**
 * Reads `file` in chunks of `chunkBytes` with fs.readSync and counts its line
 * breaks with `indexOf(10)`: no decoding, no JSON.parse. What the console
 * cannot do without, whatever it keeps of a user.
 */
export function readLineBreaks(file, chunkBytes = 64 * 1024 * 1024) {
	const started = performance.now();
	const chunk = Buffer.allocUnsafe(chunkBytes);
	const fd = fs.openSync(file, 'r');
	let lines = 0;
	let bytes = 0;
	try {
		for (;;) {
			const read = fs.readSync(fd, chunk, 0, chunk.length, bytes);
			if (read === 0) {
				break;
			}

			bytes += read;
			const data = read === chunk.length ? chunk : chunk.subarray(0, read);
			for (let at = data.indexOf(10); at !== -1; at = data.indexOf(10, at + 1)) {
				lines++;
			}
		}
	} finally {
		fs.closeSync(fd);
	}

	return {ms: performance.now() - started, lines, bytes};
}

const gnuTime = '/usr/bin/time';
const preload = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'max-rss.mjs')).href;

/**
 * How a child's peak RSS is read: GNU time's %M (the largest of the child and
 * the children it waited for, so a relaunch with a larger heap counts), or,
 * without it, Node's own `process.resourceUsage().maxRSS` at exit, written by
 * bench/max-rss.mjs loaded with `--import` (a relaunch passes its execArgv on,
 * so it writes too). USERDECK_BENCH_RSS=import chooses the second.
 */
export function rssMethod() {
	if (process.env.USERDECK_BENCH_RSS === 'import') {
		return 'import';
	}

	const out = path.join(os.tmpdir(), `userdeck-bench-time-${process.pid}`);
	try {
		execFileSync(gnuTime, ['-f', '%M', '-o', out, 'true'], {stdio: 'ignore'});
		return Number.isFinite(lastNumber(fs.readFileSync(out, 'utf8'))) ? 'time' : 'import';
	} catch {
		return 'import';
	} finally {
		fs.rmSync(out, {force: true});
	}
}

function lastNumber(text) {
	const numbers = text.split('\n').map(line => line.trim()).filter(line => /^\d+$/.test(line)).map(Number);
	return numbers.length === 0 ? Number.NaN : Math.max(...numbers);
}

/**
 * Runs `node ...args` with its stdout to /dev/null (or `stdout`, a file
 * descriptor): spawn to exit in ms, peak RSS in MB, and what it wrote to
 * stderr. Rejects when it exits with an error.
 */
export async function measuredRun(args, {method = rssMethod(), env = process.env, stdout} = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'userdeck-bench-rss-'));
	const rssFile = path.join(dir, 'rss');
	const sink = stdout ?? fs.openSync('/dev/null', 'w');
	try {
		const [command, argv, childEnv] = method === 'time'
			? [gnuTime, ['-f', '%M', '-o', rssFile, process.execPath, ...args], env]
			: [process.execPath, ['--import', preload, ...args], {...env, USERDECK_BENCH_MAX_RSS: rssFile}];
		const started = performance.now();
		const child = spawn(command, argv, {env: childEnv, stdio: ['ignore', sink, 'pipe']});
		let errors = '';
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', chunk => {
			errors += chunk;
		});
		const code = await new Promise((resolve, reject) => {
			child.on('error', reject);
			child.on('close', resolve);
		});
		const ms = performance.now() - started;
		if (code !== 0) {
			throw new Error(`node ${args.join(' ')} exited with ${code}: ${errors.trim().slice(0, 500)}`);
		}

		const kb = lastNumber(fs.readFileSync(rssFile, 'utf8'));
		return {ms, peakRssMb: kb / 1024, stderr: errors, method};
	} finally {
		if (stdout === undefined) {
			fs.closeSync(sink);
		}

		fs.rmSync(dir, {recursive: true, force: true});
	}
}
